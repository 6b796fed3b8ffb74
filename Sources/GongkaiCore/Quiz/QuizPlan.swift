/// One question as it will be shown in an attempt.
public struct PlannedItem: Sendable, Equatable {
    public var questionID: String
    /// Original option indices in the order shown (empty for types without options).
    public var shown: [Int]
    /// The dates drawn for a `deadline` question.
    public var drawn: DeadlineCase?

    public init(questionID: String, shown: [Int], drawn: DeadlineCase? = nil) {
        self.questionID = questionID
        self.shown = shown
        self.drawn = drawn
    }
}

/// Draws and orders the questions of an attempt according to the course's quiz settings.
public enum QuizDrawer {
    /// `avoiding`: question ids of the trainee's previous attempt (see `questionsToAvoid`). When the
    /// pool is larger than the draw, questions not in it are drawn first and those of the previous
    /// attempt only fill what is left. The random numbers used are the same with or without it, so a
    /// seed draws the same attempt as before when there is nothing to avoid.
    public static func draw(_ course: Course, avoiding: Set<String> = [], using generator: inout SeededGenerator) -> [PlannedItem] {
        let questions = course.questions
        var indices = Array(questions.indices)
        let count = course.drawCount
        if count < questions.count {
            generator.shuffle(&indices)
            if !avoiding.isEmpty {
                // Stable partition: the shuffled order is kept within the fresh and the repeated questions.
                let fresh = indices.filter { !avoiding.contains(questions[$0].id) }
                let repeated = indices.filter { avoiding.contains(questions[$0].id) }
                indices = fresh + repeated
            }
            indices = Array(indices.prefix(count))
            if !course.quiz.shuffleQuestions { indices.sort() }
        } else if course.quiz.shuffleQuestions {
            generator.shuffle(&indices)
        }
        return indices.map { index in
            let question = questions[index]
            let shown = shownOrder(question, course.quiz, &generator)
            return PlannedItem(questionID: question.id, shown: shown, drawn: drawDeadline(question, &generator))
        }
    }

    /// Fresh dates for a `deadline` question; nil for every other type.
    public static func drawDeadline(_ question: Question, _ generator: inout SeededGenerator) -> DeadlineCase? {
        guard case .deadline(let scenario) = question.answer else { return nil }
        return scenario.draw(using: &generator)
    }

    public static func shownOrder(_ question: Question, _ quiz: QuizSettings, _ generator: inout SeededGenerator) -> [Int] {
        guard question.type.usesOptions else { return [] }
        var order = Array(question.options.indices)
        if question.type == .order {
            // An ordering question shown in its answer order would give itself away.
            if case .order(let key) = question.answer {
                for _ in 0..<8 {
                    generator.shuffle(&order)
                    if order != key { break }
                }
                // Still the answer (likely only with two options): rotate by one.
                if order == key, order.count > 1 { order = Array(order.dropFirst()) + [order[0]] }
            }
        } else if quiz.shuffleOptions {
            generator.shuffle(&order)
        }
        return order
    }
}

extension QuizDrawer {
    /// The questions a new quiz should avoid: those of the trainee's most recent finished quiz
    /// attempt at this course (review drills do not count). `attempts` in any order.
    public static func questionsToAvoid(_ attempts: [AttemptRecord], course: String) -> Set<String> {
        let quizzes = attempts.filter { $0.kind == .quiz && $0.course.id == course }
        guard let latest = quizzes.max(by: { ($0.finishedAt, $0.id) < ($1.finishedAt, $1.id) }) else { return [] }
        return Set(latest.items.map(\.question))
    }
}
