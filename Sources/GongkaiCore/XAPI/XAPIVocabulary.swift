/// The IRIs gongkai's statements use: ADL and cmi5 where one fits, gongkai's own
/// otherwise (every one of those is listed in the README's mapping table).
public enum XAPIVocabulary {
    /// gongkai has no web site of its own: its IRIs live under a reserved name
    /// (RFC 2606 `.invalid`), so they never resolve and never collide with anyone's.
    public static let base = "https://gongkai.invalid/xapi"
    /// The account home page when the roster names none.
    public static let defaultHomePage = "https://gongkai.invalid"
    /// Names every statement id and registration; fixed forever, or re-pushes would duplicate.
    public static let namespace = NameBasedUUID.bytes(namespace: NameBasedUUID.urlNamespace, name: base)

    public enum Verb: String, Sendable, CaseIterable {
        case attempted, answered, passed, failed, completed, progressed, attended, voided

        public var iri: String { "http://adlnet.gov/expapi/verbs/\(rawValue)" }

        var display: JSONValue { ["en-US": .string(rawValue)] }
    }

    public enum ActivityType: Sendable {
        case course, assessment, interaction, meeting, checklist, checklistItem, unit

        public var iri: String {
            switch self {
            case .course: return "http://adlnet.gov/expapi/activities/course"
            case .assessment: return "http://adlnet.gov/expapi/activities/assessment"
            case .interaction: return "http://adlnet.gov/expapi/activities/cmi.interaction"
            case .meeting: return "http://adlnet.gov/expapi/activities/meeting"
            case .checklist: return "\(XAPIVocabulary.base)/activity-types/checklist"
            case .checklistItem: return "\(XAPIVocabulary.base)/activity-types/checklist-item"
            case .unit: return "\(XAPIVocabulary.base)/activity-types/unit"
            }
        }
    }

    /// Extension keys. `cmi5MasteryScore` is cmi5's; the others are gongkai's.
    public enum Extension: String, Sendable, CaseIterable {
        case recordID = "record-id"
        case attemptKind = "attempt-kind"
        case quizMode = "quiz-mode"
        case courseVersion = "course-version"
        case courseDigest = "course-digest"
        case supersedes
        case questionType = "question-type"
        case rawInput = "raw-input"
        case shownOrder = "shown-order"
        case skipped
        case deadlineScenario = "deadline-scenario"
        case checklistVersion = "checklist-version"
        case previousRevision = "previous-revision"
        case auditItems = "audit-items"
        case openRectifications = "open-rectifications"
        case auditCounts = "audit-counts"
        case cmi5MasteryScore = "masteryscore"

        public var iri: String {
            self == .cmi5MasteryScore
                ? "https://w3id.org/xapi/cmi5/context/extensions/masteryscore" : "\(XAPIVocabulary.base)/extensions/\(rawValue)"
        }
    }

    /// How each question type is answered in xAPI terms. Matched on the type's name,
    /// so a type added later (such as `deadline`) needs one line here, not a new switch.
    public static func interactionType(forQuestionType type: String) -> String {
        switch type {
        case "single", "multiple", "redact": return "choice"
        case "truefalse": return "true-false"
        case "fill", "deadline": return "fill-in"
        case "numeric": return "numeric"
        case "order": return "sequencing"
        default: return "other"
        }
    }
}

/// The roster's `xapi.home_page`: an http(s) address with a host, nothing that would
/// make account names ambiguous (no spaces, user names, queries or fragments).
public enum XAPIHomePage {
    public static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
            !text.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" || $0 == "\\" })
        else { return false }
        let afterScheme = text[text.range(of: "://")!.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" }
        return !authority.isEmpty && !authority.contains("@") && !authority.hasPrefix(":")
    }
}
