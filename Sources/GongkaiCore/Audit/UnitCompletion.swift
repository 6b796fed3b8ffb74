/// The state of a unit's latest self-audit against the current checklist.
public struct AuditStanding: Sendable, Equatable {
    public struct OpenItem: Sendable, Equatable {
        public var item: String
        public var rectification: Rectification
        public var overdue: Bool
    }

    public var revision: AuditRevision?
    /// Items of the current checklist the latest revision does not answer.
    public var unanswered: [String]
    public var passCount: Int
    public var failCount: Int
    public var notApplicableCount: Int
    public var open: [OpenItem]

    public var overdue: [OpenItem] { open.filter(\.overdue) }
    public var isAnswered: Bool { revision != nil && unanswered.isEmpty }

    public init(latest revision: AuditRevision?, checklist: Checklist, today: LocalDate) {
        self.revision = revision
        var unanswered: [String] = []
        var pass = 0, fail = 0, na = 0
        var open: [OpenItem] = []
        for item in checklist.items {
            guard let entry = revision?.entry(for: item.id), let status = entry.status else {
                unanswered.append(item.id)
                continue
            }
            switch status {
            case .pass: pass += 1
            case .fail: fail += 1
            case .notApplicable: na += 1
            }
            if let r = entry.openRectification {
                open.append(OpenItem(item: item.id, rectification: r, overdue: r.isOverdue(today: today)))
            }
        }
        self.unanswered = unanswered
        self.passCount = pass
        self.failCount = fail
        self.notApplicableCount = na
        self.open = open
    }
}

/// Why a unit is not complete for a session.
public enum IncompleteReason: Sendable, Equatable {
    case tooFewAttendees(expected: Int, signedIn: Int)
    case notPassed(name: String, courses: [String])
    case auditMissing
    case auditUnanswered(items: [String])
    case rectificationOverdue(item: String, deadline: LocalDate, owner: String)
}

/// A unit's standing for one session. The completion rule lives here and only here.
public struct UnitStanding: Sendable, Equatable {
    public struct Attendee: Sendable, Equatable {
        public var name: String
        /// Best percent per required course, nil when never attempted.
        public var best: [String: Double?]
        public var passed: Set<String>
    }

    public var unit: Unit
    public var session: TrainingSession
    public var attendees: [Attendee]
    public var audit: AuditStanding?
    public var reasons: [IncompleteReason]

    /// Complete = at least the expected number signed in, every attendee passed
    /// every required module, the latest self-audit answers every item of the
    /// current checklist, and no rectification is overdue.
    public var isComplete: Bool { reasons.isEmpty }

    public init(
        unit: Unit, session: TrainingSession, attendance: [AttendanceRecord], attempts: [AttemptSummary],
        latestAudit: AuditRevision?, checklist: Checklist?, today: LocalDate
    ) {
        self.unit = unit
        self.session = session
        var names: [String] = []
        for record in attendance.sorted(by: { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) })
        where record.session == session.id && record.trainee.unit == unit.id && !names.contains(record.trainee.name) {
            names.append(record.trainee.name)
        }
        let counted = attempts.effective.filter { $0.kind == .quiz && $0.session == session.id && $0.trainee.unit == unit.id }
        var reasons: [IncompleteReason] = []
        if names.count < unit.expected {
            reasons.append(.tooFewAttendees(expected: unit.expected, signedIn: names.count))
        }
        attendees = names.map { name in
            let mine = counted.filter { $0.trainee.name == name }
            var best: [String: Double?] = [:]
            var passed: Set<String> = []
            for course in session.courses {
                let scores = mine.filter { $0.course == course }
                best[course] = scores.map(\.percent).max()
                if scores.contains(where: \.passed) { passed.insert(course) }
            }
            return Attendee(name: name, best: best, passed: passed)
        }
        for attendee in attendees {
            let missing = session.courses.filter { !attendee.passed.contains($0) }
            if !missing.isEmpty { reasons.append(.notPassed(name: attendee.name, courses: missing)) }
        }
        if let checklist, session.checklist == checklist.id {
            let standing = AuditStanding(latest: latestAudit, checklist: checklist, today: today)
            audit = standing
            if latestAudit == nil {
                reasons.append(.auditMissing)
            } else if !standing.unanswered.isEmpty {
                reasons.append(.auditUnanswered(items: standing.unanswered))
            }
            for item in standing.overdue {
                if let deadline = item.rectification.deadline {
                    reasons.append(.rectificationOverdue(item: item.item, deadline: deadline, owner: item.rectification.owner))
                }
            }
        } else if session.checklist != nil {
            // The session names a checklist that is not loaded: the audit cannot be judged.
            audit = nil
            reasons.append(.auditMissing)
        } else {
            audit = nil
        }
        self.reasons = reasons
    }

    /// The newest revision for a unit: the end of the `previous` chain (see `AuditRevision.ordered`).
    public static func latest(_ revisions: [AuditRevision], unit: String, checklist: String) -> AuditRevision? {
        AuditRevision.ordered(revisions.filter { $0.unit == unit && $0.checklist.id == checklist }).last
    }

    /// The unit's revisions that branch from one state (empty when its history is one line).
    public static func fork(_ revisions: [AuditRevision], unit: String, checklist: String) -> [AuditRevision] {
        let heads = AuditRevision.heads(revisions.filter { $0.unit == unit && $0.checklist.id == checklist })
        return heads.count > 1 ? heads : []
    }
}
