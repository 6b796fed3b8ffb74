/// What a trainee's autosave is for; decides its file name under
/// `Results/progress/<trainee-key>/`. The shell never spells these names itself.
public enum ProgressKey: Hashable, Sendable {
    /// A scored quiz in progress: `<course>.json`.
    case quiz(course: String)
    /// Drilling earlier mistakes: `review.<course>.json`.
    case review(course: String)
    /// A self-audit being filled in: `audit.<checklist>.json`.
    case auditDraft(checklist: String)

    public init(kind: AttemptKind, course: String) {
        self = kind == .review ? .review(course: course) : .quiz(course: course)
    }

    /// Course and checklist ids are slugs, so a `.` can only come from these prefixes.
    public var name: String {
        switch self {
        case .quiz(let course): return course
        case .review(let course): return "review.\(course)"
        case .auditDraft(let checklist): return "audit.\(checklist)"
        }
    }

    public init(name: String) {
        if name.hasPrefix("review.") {
            self = .review(course: String(name.dropFirst("review.".count)))
        } else if name.hasPrefix("audit.") {
            self = .auditDraft(checklist: String(name.dropFirst("audit.".count)))
        } else {
            self = .quiz(course: name)
        }
    }

    /// The course of a quiz or review.
    public var course: String? {
        switch self {
        case .quiz(let course), .review(let course): return course
        case .auditDraft: return nil
        }
    }
}

extension ResultStore {
    /// Everything this trainee left unfinished.
    public func pendingWork(trainee: Trainee) -> [ProgressKey] {
        progressNames(trainee: trainee).map(ProgressKey.init(name:))
    }

    public func saveProgress(_ progress: ProgressRecord, key: ProgressKey) throws(FileSystemError) {
        try saveProgress(progress, name: key.name)
    }

    public func loadProgress(trainee: Trainee, key: ProgressKey) -> Result<ProgressRecord, RecordProblem>? {
        loadProgress(trainee: trainee, name: key.name)
    }

    public func removeProgress(trainee: Trainee, key: ProgressKey) throws(FileSystemError) {
        try removeProgress(trainee: trainee, name: key.name)
    }
}
