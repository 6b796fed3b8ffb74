import Foundation

/// A question as a bank file states it, before any check: every reader produces these,
/// and `BankAssembler` alone decides whether they make a `Question`.
public struct QuestionDraft: Sendable, Equatable {
    public var place: BankPlace
    public var id: String = ""
    /// The type as written (题型 column, section heading, sheet name), if any.
    public var typeText: String = ""
    public var prompt: String = ""
    public var options: [String] = []
    /// `C：text` lines, one per option with feedback; or already split by letter.
    public var feedback: [Int: String] = [:]
    public var feedbackProblems: [String] = []
    /// Lines of a `redact` draft.
    public var lines: [String] = []
    /// The answer as written: letters, 对/错, a number, or fill-in answers separated by ；.
    public var answer: String = ""
    /// Fill-in answers when the format lists them one by one (GIFT, Moodle XML).
    public var answerList: [String]?
    public var tolerance: String = ""
    public var reasons: [Int: String] = [:]
    public var explanation: String = ""
    public var source: String = ""
    public var points: String = ""
    public var tags: [String] = []

    public init(place: BankPlace) { self.place = place }
}
