/// An attempt in progress: pure state, saved as a `ProgressRecord` after every
/// change and turned into an `AttemptRecord` when submitted.
public struct QuizRun: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var question: Question
        public var shown: [Int]
        public var raw: String?
        public var response: Response?
        /// Marked to come back to before submitting (`flag`).
        public var flagged = false
        /// The dates drawn for a `deadline` question; `question` is then resolved with them.
        public var drawn: DeadlineCase?

        public var isAnswered: Bool { response != nil }
    }

    public let id: String
    public let course: Course
    public let trainee: Trainee
    public let session: String?
    public let kind: AttemptKind
    public let startedAt: Timestamp
    public private(set) var items: [Item]
    public private(set) var position: Int

    public var mode: QuizSettings.Mode { kind == .review ? .practice : course.quiz.mode }

    public init(
        id: String, course: Course, trainee: Trainee, session: String?, kind: AttemptKind = .quiz, startedAt: Timestamp,
        plan: [PlannedItem]
    ) {
        self.id = id
        self.course = course
        self.trainee = trainee
        self.session = session
        self.kind = kind
        self.startedAt = startedAt
        self.items = plan.compactMap { planned in
            course.question(id: planned.questionID).map { question in
                Item(question: planned.drawn.map(question.resolvingDeadline) ?? question, shown: planned.shown, drawn: planned.drawn)
            }
        }
        self.position = 0
    }

    public enum ResumeProblem: Error, Equatable, Sendable {
        /// The course file changed (new version or different key) since the attempt started.
        case courseChanged(savedVersion: Int, currentVersion: Int)
        /// A question of the saved attempt is no longer in the course.
        case questionMissing(String)
        /// The autosave does not describe a possible attempt (edited or damaged).
        case damaged
    }

    /// Rebuilds a run from its autosave: same questions, same order, every answer.
    public init(resuming progress: ProgressRecord, course: Course) throws(ResumeProblem) {
        guard progress.course.digest == course.digest else {
            throw .courseChanged(savedVersion: progress.course.version, currentVersion: course.version)
        }
        var items: [Item] = []
        for saved in progress.items {
            guard let question = course.question(id: saved.question) else { throw .questionMissing(saved.question) }
            // The shown order must be an ordering of the options, and any answer must fit the question.
            let expected = question.type.usesOptions ? Array(question.options.indices) : []
            guard saved.shown.sorted() == expected, saved.response.map({ Self.fits($0, question) }) ?? true else { throw .damaged }
            // A deadline question needs the dates it was drawn with.
            if question.type == .deadline, saved.drawn == nil { throw .damaged }
            items.append(
                Item(
                    question: saved.drawn.map(question.resolvingDeadline) ?? question, shown: saved.shown, raw: saved.raw,
                    response: saved.response, flagged: saved.flagged, drawn: saved.drawn))
        }
        guard !items.isEmpty else { throw .damaged }
        // The drawn plan: a quiz autosave holds exactly the course's draw, each question once. One cut
        // down to the questions a trainee knows (and resealed) would otherwise pass as an exam.
        guard Set(items.map(\.question.id)).count == items.count, progress.kind != .quiz || items.count == course.drawCount else {
            throw .damaged
        }
        self.id = progress.id
        self.course = course
        self.trainee = progress.trainee
        self.session = progress.session
        self.kind = progress.kind
        self.startedAt = progress.startedAt
        self.items = items
        self.position = min(max(progress.position, 0), max(items.count - 1, 0))
    }

    /// Whether a response could have come from this question.
    static func fits(_ response: Response, _ question: Question) -> Bool {
        switch (question.type, response) {
        case (.single, .options(let o)), (.multiple, .options(let o)), (.order, .options(let o)):
            return !o.isEmpty && o.allSatisfy { question.options.indices.contains($0) }
        case (.truefalse, .truth), (.fill, .text), (.numeric, .number), (.deadline, .text): return true
        case (.redact, .lines(let l)): return l.allSatisfy { (1...max(question.lines.count, 1)).contains($0) }
        default: return false
        }
    }

    public var current: Item? { items.indices.contains(position) ? items[position] : nil }

    /// In practice mode an answer is final once its feedback was shown (otherwise
    /// `back` would let anyone copy the key that was just displayed).
    public var currentIsLocked: Bool { mode == .practice && (current?.isAnswered ?? false) }
    public var answeredCount: Int { items.filter(\.isAnswered).count }
    public var unansweredPositions: [Int] { items.indices.filter { !items[$0].isAnswered } }
    public var flaggedPositions: [Int] { items.indices.filter { items[$0].flagged } }

    /// Marks or unmarks the current question; returns whether it is now marked.
    @discardableResult
    public mutating func toggleFlag() -> Bool {
        guard items.indices.contains(position) else { return false }
        items[position].flagged.toggle()
        return items[position].flagged
    }
    public var isAtEnd: Bool { position >= items.count }

    public mutating func answer(raw: String, response: Response) {
        guard items.indices.contains(position) else { return }
        items[position].raw = raw
        items[position].response = response
        position += 1
        // Back at a question from the end (or from a later one): when everything
        // after it is answered, return straight to the end instead of walking through.
        if items[position...].allSatisfy(\.isAnswered) { position = items.count }
    }

    public mutating func skip() {
        if position < items.count { position += 1 }
    }

    /// Goes back one question; false at the first.
    @discardableResult
    public mutating func back() -> Bool {
        guard position > 0 else { return false }
        position -= 1
        return true
    }

    public mutating func go(to index: Int) {
        position = min(max(index, 0), items.count)
    }

    public func grade(for item: Item) -> ItemGrade {
        Grader.grade(item.question, response: item.response, scoring: course.quiz.multipleScoring)
    }

    public func progress(at time: Timestamp) -> ProgressRecord {
        ProgressRecord(
            id: id, createdAt: time, trainee: trainee, session: session, course: CourseRef(course), kind: kind, mode: mode,
            startedAt: startedAt, position: position,
            items: items.map {
                ProgressRecord.Item(
                    question: $0.question.id, type: $0.question.type, shown: $0.shown, raw: $0.raw, response: $0.response,
                    flagged: $0.flagged, drawn: $0.drawn)
            })
    }

    /// The graded attempt, ready to store.
    public func submit(id recordID: String, at time: Timestamp) -> AttemptRecord {
        let gradedItems = items.map { item -> AttemptItem in
            let grade = self.grade(for: item)
            return AttemptItem(
                question: item.question.id, type: item.question.type, shown: item.shown, raw: item.raw,
                response: item.response, points: grade.points, max: grade.max, drawn: item.drawn)
        }
        return AttemptRecord(
            id: recordID, createdAt: time, trainee: trainee, session: session, course: CourseRef(course), kind: kind,
            mode: mode, startedAt: startedAt, finishedAt: time, items: gradedItems, passPercent: course.quiz.passPercent)
    }
}
