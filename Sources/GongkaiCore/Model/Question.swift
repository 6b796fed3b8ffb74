public enum QuestionType: String, Sendable, CaseIterable {
    case single
    case multiple
    case truefalse
    case fill
    case numeric
    case order
    case redact
    /// A working-day deadline drawn fresh for each attempt (see `DeadlineScenario`).
    case deadline

    /// Types whose answer is given as option letters.
    public var usesOptions: Bool {
        switch self {
        case .single, .multiple, .order: return true
        case .truefalse, .fill, .numeric, .redact, .deadline: return false
        }
    }
}

public struct AnswerOption: Sendable, Equatable {
    public var text: String
    /// Shown after the attempt when the trainee chose this option.
    public var feedback: String?

    public init(_ text: String, feedback: String? = nil) {
        self.text = text
        self.feedback = feedback
    }
}

/// The answer key. Option indices are positions in the file (0-based), never
/// the shuffled positions a trainee saw.
public enum AnswerKey: Sendable, Equatable {
    case single(Int)
    case multiple([Int])
    case trueFalse(Bool)
    case fill([String])
    case numeric(value: Double, tolerance: Double)
    case order([Int])
    /// Line numbers (1-based) that must be withheld, with the reason for each.
    case redact([Int: String])
    /// The scenario; the date is computed from the dates drawn for the attempt.
    case deadline(DeadlineScenario)
}

public struct Question: Sendable, Equatable {
    public var id: String
    public var type: QuestionType
    public var points: Double
    public var prompt: String
    public var options: [AnswerOption]
    /// The numbered draft of a `redact` question.
    public var lines: [String]
    public var answer: AnswerKey
    public var explanation: String
    public var source: String
    public var tags: [String]

    public init(
        id: String, type: QuestionType, points: Double = 1, prompt: String, options: [AnswerOption] = [],
        lines: [String] = [], answer: AnswerKey, explanation: String = "", source: String = "", tags: [String] = []
    ) {
        self.id = id
        self.type = type
        self.points = points
        self.prompt = prompt
        self.options = options
        self.lines = lines
        self.answer = answer
        self.explanation = explanation
        self.source = source
        self.tags = tags
    }
}

public enum OptionLetter {
    /// DESIGN.md allows up to 12 options: A … L.
    public static let maximumCount = 12
    public static let letters: [Character] = Array("ABCDEFGHIJKL")

    public static func letter(_ index: Int) -> String {
        index >= 0 && index < letters.count ? String(letters[index]) : "?"
    }

    public static func index(of character: Character) -> Int? {
        letters.firstIndex(of: character)
    }

    public static func letters(_ indices: [Int]) -> String {
        indices.map(letter).joined()
    }
}
