/// A training module as authored in `Courses/<id>.yaml`.
public struct Course: Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: Int
    public var summary: String
    public var quiz: QuizSettings
    public var lessons: [Lesson]
    public var questions: [Question]
    /// SHA-256 over the graded content (settings and questions), so that a record
    /// can tell whether it was graded against the same key.
    public var digest: String

    public init(
        id: String, title: String, version: Int, summary: String = "", quiz: QuizSettings = QuizSettings(),
        lessons: [Lesson] = [], questions: [Question], digest: String? = nil
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.summary = summary
        self.quiz = quiz
        self.lessons = lessons
        self.questions = questions
        self.digest = ""
        self.digest = digest ?? CourseDigest.compute(self)
    }

    public func question(id: String) -> Question? {
        questions.first { $0.id == id }
    }

    /// Questions per attempt.
    public var drawCount: Int {
        min(quiz.draw ?? questions.count, questions.count)
    }
}

public struct Lesson: Sendable, Equatable {
    public var title: String
    public var body: String

    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }
}

public struct QuizSettings: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Feedback only after the attempt is submitted.
        case exam
        /// Feedback after each answer.
        case practice
    }

    public enum MultipleScoring: String, Sendable, CaseIterable {
        /// Any wrong option scores zero; otherwise the share of right options chosen.
        case partial
        case allOrNothing = "all-or-nothing"
    }

    public var passPercent: Double
    public var draw: Int?
    public var shuffleQuestions: Bool
    public var shuffleOptions: Bool
    public var mode: Mode
    /// 0 means unlimited.
    public var maxAttempts: Int
    public var multipleScoring: MultipleScoring
    /// How many attempts count (the best of the first N); later ones are practice. 0: all.
    public var countedAttempts: Int
    /// Minutes a trainee waits after an attempt before the next. 0: none.
    public var retakeWaitMinutes: Int

    public init(
        passPercent: Double = 80, draw: Int? = nil, shuffleQuestions: Bool = false, shuffleOptions: Bool = false,
        mode: Mode = .exam, maxAttempts: Int = 0, multipleScoring: MultipleScoring = .partial, countedAttempts: Int = 0,
        retakeWaitMinutes: Int = 0
    ) {
        self.countedAttempts = countedAttempts
        self.retakeWaitMinutes = retakeWaitMinutes
        self.passPercent = passPercent
        self.draw = draw
        self.shuffleQuestions = shuffleQuestions
        self.shuffleOptions = shuffleOptions
        self.mode = mode
        self.maxAttempts = maxAttempts
        self.multipleScoring = multipleScoring
    }
}
