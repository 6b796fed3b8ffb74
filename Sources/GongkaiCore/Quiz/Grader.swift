/// Points for one answered (or skipped) question.
public struct ItemGrade: Sendable, Equatable {
    public var points: Double
    public var max: Double

    public init(points: Double, max: Double) {
        self.points = points
        self.max = max
    }

    public var isCorrect: Bool { max > 0 && points >= max - 1e-9 }
    public var isPartial: Bool { points > 1e-9 && !isCorrect }
}

/// Scores responses against the answer key. Pure: regrade uses the same code.
public enum Grader {
    public static func grade(_ question: Question, response: Response?, scoring: QuizSettings.MultipleScoring) -> ItemGrade {
        let max = question.points
        guard let response else { return ItemGrade(points: 0, max: max) }
        let share: Double
        switch (question.answer, response) {
        case (.single(let key), .options(let chosen)):
            share = chosen == [key] ? 1 : 0
        case (.multiple(let key), .options(let chosen)):
            let keySet = Set(key)
            let chosenSet = Set(chosen)
            if chosenSet == keySet {
                share = 1
            } else if scoring == .allOrNothing || !chosenSet.isSubset(of: keySet) {
                // Choosing a wrong option scores nothing, as in the usual exam rule (错选不得分).
                share = 0
            } else {
                share = Double(chosenSet.count) / Double(keySet.count)
            }
        case (.trueFalse(let key), .truth(let chosen)):
            share = key == chosen ? 1 : 0
        case (.fill(let accepted), .text(let text)):
            let typed = FillAnswerKey.key(text)
            share = accepted.contains { FillAnswerKey.key($0) == typed } ? 1 : 0
        case (.numeric(let value, let tolerance), .number(let n)):
            share = abs(n - value) <= tolerance + 1e-9 ? 1 : 0
        case (.order(let key), .options(let chosen)):
            share = chosen == key ? 1 : 0
        case (.redact(let reasons), .lines(let chosen)):
            let key = Set(reasons.keys)
            let marked = Set(chosen)
            if key.isEmpty {
                share = marked.isEmpty ? 1 : 0
            } else {
                let right = marked.intersection(key).count
                let wrong = marked.subtracting(key).count
                share = Swift.max(0, Double(right - wrong)) / Double(key.count)
            }
        case (.deadline(let scenario), .text(let typed)):
            // Only a question resolved with an attempt's drawn dates has an answer.
            share = scenario.resolvedAnswer != nil && DateInput.parse(typed) == scenario.resolvedAnswer ? 1 : 0
        default:
            // A response of the wrong kind (e.g. after the type was changed) scores nothing.
            share = 0
        }
        // Unrounded: three thirds must add up to one. Rounding is for display only.
        return ItemGrade(points: max * share, max: max)
    }

    /// Points are kept to two decimals so that sums are stable across machines.
    public static func roundPoints(_ value: Double) -> Double { Percentage.rounded(value, decimals: 2) }
}
