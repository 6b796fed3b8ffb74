/// 符合 / 不符合 / 不适用.
public enum AuditStatus: String, Sendable, CaseIterable {
    case pass
    case fail
    case notApplicable = "na"
}

/// One step in a rectification's life, kept in every later revision.
public struct RectificationEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case opened, changed, closed
    }

    /// One field of the plan changed: `action`, `owner` or `deadline`.
    public struct Change: Sendable, Equatable {
        public var field: String
        public var from: String
        public var to: String

        public init(field: String, from: String, to: String) {
            self.field = field
            self.from = from
            self.to = to
        }
    }

    public var kind: Kind
    public var at: Timestamp
    /// The person who made the change.
    public var by: String
    /// What changed, for `changed`.
    public var changes: [Change]

    public init(kind: Kind, at: Timestamp, by: String, changes: [Change] = []) {
        self.kind = kind
        self.at = at
        self.by = by
        self.changes = changes
    }
}

/// What a unit will do about a failed item, by whom and by when, and when it was done.
public struct Rectification: Sendable, Equatable {
    public struct Done: Sendable, Equatable {
        public var date: LocalDate
        public var evidence: String
        public var note: String
        /// Who confirms the fix (empty in revisions written before this was asked).
        public var by: String

        public init(date: LocalDate, evidence: String, note: String = "", by: String = "") {
            self.date = date
            self.evidence = evidence
            self.note = note
            self.by = by
        }
    }

    public var action: String
    public var owner: String
    /// Nil only in a draft, while the contact has not typed it yet.
    public var deadline: LocalDate?
    public var done: Done?
    /// Opened, changed, closed: oldest first.
    public var history: [RectificationEvent]

    public init(action: String, owner: String, deadline: LocalDate?, done: Done? = nil, history: [RectificationEvent] = []) {
        self.action = action
        self.owner = owner
        self.deadline = deadline
        self.done = done
        self.history = history
    }

    public var isOpen: Bool { done == nil }

    /// Closed after its deadline (nil while open or without a deadline).
    public var closedLate: Bool? {
        guard let done, let deadline else { return nil }
        return done.date > deadline
    }

    /// A deadline of today is not yet overdue.
    public func isOverdue(today: LocalDate) -> Bool { isOpen && deadline.map { $0 < today } ?? false }

    /// What will be done, by whom and by when are all there.
    public var isComplete: Bool { !action.isEmpty && !owner.isEmpty && deadline != nil }

    public var deadlineText: String { deadline?.description ?? "—" }
}

/// One item's answer in a self-audit.
public struct AuditEntry: Sendable, Equatable {
    public var item: String
    public var status: AuditStatus?
    public var note: String
    public var evidence: String
    public var rectification: Rectification?
    /// Who last changed this item, and when (nil in revisions written before this was kept).
    public var changedBy: String?
    public var changedAt: Timestamp?

    public init(
        item: String, status: AuditStatus? = nil, note: String = "", evidence: String = "", rectification: Rectification? = nil,
        changedBy: String? = nil, changedAt: Timestamp? = nil
    ) {
        self.item = item
        self.status = status
        self.note = note
        self.evidence = evidence
        self.rectification = rectification
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    /// A rectification leaves the open list only by being marked done, whatever the
    /// item's status says (an answered item can never silently drop one).
    public var openRectification: Rectification? {
        guard status != nil, let r = rectification, r.isOpen else { return nil }
        return r
    }

    /// The same answer, ignoring who gave it.
    public func sameAnswer(as other: AuditEntry) -> Bool {
        var a = self, b = other
        a.changedBy = nil; a.changedAt = nil
        b.changedBy = nil; b.changedAt = nil
        return a == b
    }
}

public struct ChecklistRef: Sendable, Hashable {
    public var id: String
    public var version: Int

    public init(id: String, version: Int) {
        self.id = id
        self.version = version
    }
}

/// One saved revision of a unit's self-audit:
/// `Results/audits/<checklist>/<unit>/<id>.json`. Never edited: a change is a new revision.
public struct AuditRevision: StoredRecord, Equatable {
    public static let schema = "gongkai.audit/1"

    public var id: String
    public var createdAt: Timestamp
    public var checklist: ChecklistRef
    public var unit: String
    public var session: String?
    /// Who filled it in.
    public var by: Trainee
    /// The revision this one revises.
    public var previous: String?
    public var entries: [AuditEntry]

    public init(
        id: String, createdAt: Timestamp, checklist: ChecklistRef, unit: String, session: String?, by: Trainee,
        previous: String?, entries: [AuditEntry]
    ) {
        self.id = id
        self.createdAt = createdAt
        self.checklist = checklist
        self.unit = unit
        self.session = session
        self.by = by
        self.previous = previous
        self.entries = entries
    }

    public func entry(for item: String) -> AuditEntry? { entries.first { $0.item == item } }

    /// Oldest first along the `previous` chain: a revision always comes after the one it
    /// revises, whatever the clocks of the PCs that wrote them said; revisions at the same
    /// depth (a fork, or unrelated first revisions) by time, then id.
    public static func ordered(_ revisions: [AuditRevision]) -> [AuditRevision] {
        let depths = depths(revisions)
        return revisions.sorted {
            (depths[$0.id] ?? 0, $0.createdAt.seconds, $0.id) < (depths[$1.id] ?? 0, $1.createdAt.seconds, $1.id)
        }
    }

    /// How many revisions each one revises, following `previous` (a cycle or a missing parent stops it).
    static func depths(_ revisions: [AuditRevision]) -> [String: Int] {
        let byID = Dictionary(revisions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [String: Int] = [:]
        for revision in revisions {
            var depth = 0
            var seen: Set<String> = [revision.id]
            var current = revision
            while let previous = current.previous, let parent = byID[previous], seen.insert(parent.id).inserted {
                depth += 1
                current = parent
            }
            result[revision.id] = depth
        }
        return result
    }

    /// The revisions no other revision revises, oldest first. More than one is a fork: two
    /// revisions made from the same state (on two PCs whose folders were merged) that the
    /// office must reconcile, not a choice to be made by the clock.
    public static func heads(_ revisions: [AuditRevision]) -> [AuditRevision] {
        let revised = Set(revisions.compactMap(\.previous))
        return ordered(revisions.filter { !revised.contains($0.id) })
    }

    public func fields() -> [String: JSONValue] {
        AuditCoding.fields(id: id, createdAt: createdAt, checklist: checklist, unit: unit, session: session, by: by, previous: previous, entries: entries)
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        (id, createdAt, checklist, unit, session, by, previous, entries) = try AuditCoding.decode(f)
    }
}

/// The autosave of a self-audit being filled in: `Results/progress/<trainee-key>/audit.<checklist>.json`.
public struct AuditDraft: StoredRecord, Equatable {
    public static let schema = "gongkai.audit-draft/1"

    public var id: String
    public var createdAt: Timestamp
    public var checklist: ChecklistRef
    public var unit: String
    public var session: String?
    public var by: Trainee
    public var previous: String?
    /// The item being walked to (`entries.count`: the summary).
    public var position: Int
    public var entries: [AuditEntry]
    /// An item edit begun and not yet committed: the entries above hold the item as it
    /// was, this what was typed so far (kept so nothing typed is lost).
    public var editing: ItemEdit?

    public init(
        id: String, createdAt: Timestamp, checklist: ChecklistRef, unit: String, session: String?, by: Trainee,
        previous: String?, position: Int, entries: [AuditEntry], editing: ItemEdit? = nil
    ) {
        self.editing = editing
        self.id = id
        self.createdAt = createdAt
        self.checklist = checklist
        self.unit = unit
        self.session = session
        self.by = by
        self.previous = previous
        self.position = position
        self.entries = entries
    }

    public func fields() -> [String: JSONValue] {
        var object = AuditCoding.fields(
            id: id, createdAt: createdAt, checklist: checklist, unit: unit, session: session, by: by, previous: previous, entries: entries)
        object["position"] = .int(position)
        object["editing"] = editing.map(AuditCoding.json) ?? .null
        return object
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        (id, createdAt, checklist, unit, session, by, previous, entries) = try AuditCoding.decode(f)
        position = try f.int("position")
        editing = try f.optionalFields("editing").map(AuditCoding.edit)
    }

    /// Item `index` as typed so far: the pending edit when there is one, else the entry.
    public func typed(_ index: Int) -> AuditEntry {
        if let editing, editing.index == index { return editing.entry }
        return entries[index]
    }

    /// How many items are answered.
    public var answeredCount: Int { entries.filter { $0.status != nil }.count }

    public func revision(id: String, at time: Timestamp) -> AuditRevision {
        AuditRevision(id: id, createdAt: time, checklist: checklist, unit: unit, session: session, by: by, previous: previous, entries: entries)
    }
}

enum AuditCoding {
    /// What a revision and a draft share.
    static func fields(
        id: String, createdAt: Timestamp, checklist: ChecklistRef, unit: String, session: String?, by: Trainee, previous: String?,
        entries: [AuditEntry]
    ) -> [String: JSONValue] {
        [
            "id": .string(id), "createdAt": .string(createdAt.description),
            "checklist": ["id": .string(checklist.id), "version": .int(checklist.version)],
            "unit": .string(unit), "session": .optional(session), "by": by.json, "previous": .optional(previous),
            "items": .array(entries.map(json)),
        ]
    }

    static func decode(_ f: JSONFields) throws(RecordProblem)
        -> (String, Timestamp, ChecklistRef, String, String?, Trainee, String?, [AuditEntry])
    {
        let c = try f.fields("checklist")
        var entries: [AuditEntry] = []
        for (index, element) in try f.array("items").enumerated() {
            entries.append(try entry(JSONFields(element, path: "items[\(index)]")))
        }
        return (
            try f.string("id"), try f.timestamp("createdAt"), ChecklistRef(id: try c.string("id"), version: try c.int("version")),
            try f.string("unit"), try f.optionalString("session"), try Trainee(f.fields("by")), try f.optionalString("previous"), entries
        )
    }

    static func json(_ entry: AuditEntry) -> JSONValue {
        var object: [String: JSONValue] = [
            "item": .string(entry.item), "status": .optional(entry.status?.rawValue), "note": .string(entry.note),
            "evidence": .string(entry.evidence),
        ]
        if let by = entry.changedBy { object["changedBy"] = .string(by) }
        if let at = entry.changedAt { object["changedAt"] = .string(at.description) }
        if let r = entry.rectification {
            var rect: [String: JSONValue] = [
                "action": .string(r.action), "owner": .string(r.owner), "deadline": .optional(r.deadline?.description),
            ]
            if !r.history.isEmpty {
                rect["history"] = .array(
                    r.history.map {
                        [
                            "event": .string($0.kind.rawValue), "at": .string($0.at.description), "by": .string($0.by),
                            "changes": .array($0.changes.map { ["field": .string($0.field), "from": .string($0.from), "to": .string($0.to)] }),
                        ]
                    })
            }
            if let done = r.done {
                rect["done"] = [
                    "date": .string(done.date.description), "evidence": .string(done.evidence), "note": .string(done.note), "by": .string(done.by),
                ]
            } else {
                rect["done"] = .null
            }
            object["rectification"] = .object(rect)
        } else {
            object["rectification"] = .null
        }
        return .object(object)
    }

    static func entry(_ f: JSONFields) throws(RecordProblem) -> AuditEntry {
        var status: AuditStatus?
        if let raw = try f.optionalString("status") {
            guard let s = AuditStatus(rawValue: raw) else { throw .field(path: f.sub("status"), expected: "pass, fail or na") }
            status = s
        }
        var rectification: Rectification?
        if let r = try f.optionalFields("rectification") {
            var done: Rectification.Done?
            if let d = try r.optionalFields("done") {
                done = Rectification.Done(
                    date: try d.date("date"), evidence: try d.string("evidence"), note: try d.optionalString("note") ?? "",
                    by: try d.optionalString("by") ?? "")
            }
            var history: [RectificationEvent] = []
            if r.object["history"] != nil, r.object["history"] != .null {
                for (index, element) in try r.array("history").enumerated() {
                    let e = try JSONFields(element, path: r.sub("history[\(index)]"))
                    guard let kind = RectificationEvent.Kind(rawValue: try e.string("event")) else {
                        throw .field(path: e.sub("event"), expected: "opened, changed or closed")
                    }
                    var changes: [RectificationEvent.Change] = []
                    if e.object["changes"] != nil, e.object["changes"] != .null {
                        for (n, c) in try e.array("changes").enumerated() {
                            let cf = try JSONFields(c, path: e.sub("changes[\(n)]"))
                            changes.append(.init(field: try cf.string("field"), from: try cf.string("from"), to: try cf.string("to")))
                        }
                    }
                    history.append(RectificationEvent(kind: kind, at: try e.timestamp("at"), by: try e.string("by"), changes: changes))
                }
            }
            rectification = Rectification(
                action: try r.string("action"), owner: try r.string("owner"), deadline: try r.optionalDate("deadline"), done: done, history: history)
        }
        return AuditEntry(
            item: try f.string("item"), status: status, note: try f.optionalString("note") ?? "",
            evidence: try f.optionalString("evidence") ?? "", rectification: rectification,
            changedBy: try f.optionalString("changedBy"), changedAt: try f.optionalTimestamp("changedAt"))
    }

    static func json(_ edit: ItemEdit) -> JSONValue {
        [
            "index": .int(edit.index), "item": .string(edit.entry.item), "by": .string(edit.by),
            "asked": .array(edit.asked.map { .string($0.rawValue) }), "closed": edit.closed.map(JSONValue.bool) ?? .null,
            "requested": .optional(edit.requested?.rawValue), "entry": json(edit.entry),
        ]
    }

    static func edit(_ f: JSONFields) throws(RecordProblem) -> ItemEdit {
        var asked: [AuditEditor.Step] = []
        for element in try f.array("asked") {
            guard let raw = element.stringValue, let step = AuditEditor.Step(rawValue: raw) else { throw .field(path: f.sub("asked"), expected: "step names") }
            asked.append(step)
        }
        var closed: Bool?
        if f.object["closed"] != nil, f.object["closed"] != .null { closed = try f.bool("closed") }
        var requested: AuditStatus?
        if let raw = try f.optionalString("requested") {
            guard let s = AuditStatus(rawValue: raw) else { throw .field(path: f.sub("requested"), expected: "pass, fail or na") }
            requested = s
        }
        return ItemEdit(
            index: try f.int("index"), entry: try entry(f.fields("entry")), by: try f.string("by"), asked: asked, closed: closed, requested: requested)
    }
}
