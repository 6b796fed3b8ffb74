/// An item edit begun and not yet committed: a working copy of one entry and the
/// steps already answered. The draft's entries keep the item as it was until `commit`.
public struct ItemEdit: Sendable, Equatable {
    public var index: Int
    public var entry: AuditEntry
    /// Who is editing.
    public var by: String
    public var asked: [AuditEditor.Step]
    /// The answer to "was the open rectification completed?", once given.
    public var closed: Bool?
    /// The status the person chose (the entry may differ: an open rectification keeps an item 不符合).
    public var requested: AuditStatus?

    public init(index: Int, entry: AuditEntry, by: String, asked: [AuditEditor.Step] = [], closed: Bool? = nil, requested: AuditStatus? = nil) {
        self.index = index
        self.entry = entry
        self.by = by
        self.asked = asked
        self.closed = closed
        self.requested = requested
    }
}

/// Why a value was refused for the step it was given to.
public enum AuditEditError: Error, Sendable, Equatable {
    case notEditing
    case wrongStep(expected: AuditEditor.Step?)
    /// Empty where text is needed.
    case required
    /// An item that meets the standard and needs evidence got none.
    case evidenceRequired
    case deadlineInPast(today: LocalDate)
    case doneInFuture(today: LocalDate)
}

/// What keeps a draft from being saved as a revision (item indices from 0).
public enum AuditProblem: Sendable, Equatable {
    case evidenceMissing(item: Int)
    /// 不符合 without a complete, open plan: the fields missing.
    case rectificationIncomplete(item: Int, missing: [AuditEditor.Step])
    /// 符合 or 不适用 while a rectification is still open.
    case rectificationLeftOpen(item: Int)

    public var item: Int {
        switch self {
        case .evidenceMissing(let i), .rectificationIncomplete(let i, _), .rectificationLeftOpen(let i): return i
        }
    }
}

/// The rules of editing a self-audit draft, as a small state machine:
/// `begin` an item, answer `nextStep` after step, then `commit` (the item changes all
/// at once) or `rollback` (it stays exactly as it was). A rectification, once open,
/// leaves the open list only through `closed` = yes with a done date, evidence and a name.
public struct AuditEditor: Sendable {
    public enum Step: String, Sendable, CaseIterable {
        case status, closed, doneDate, doneEvidence, doneBy, note, evidence, action, owner, deadline
    }

    public private(set) var draft: AuditDraft
    public let checklist: Checklist
    public var today: LocalDate

    /// Aligns the draft to the checklist: entries for items a revision added, none for items it removed.
    public init(draft: AuditDraft, checklist: Checklist, today: LocalDate) {
        var draft = draft
        let old = draft.entries
        draft.entries = checklist.items.map { item in old.first { $0.item == item.id } ?? AuditEntry(item: item.id) }
        draft.checklist = ChecklistRef(id: checklist.id, version: checklist.version)
        if let edit = draft.editing {
            if let index = checklist.items.firstIndex(where: { $0.id == edit.entry.item }) {
                draft.editing?.index = index
            } else {
                draft.editing = nil
            }
        }
        draft.position = min(max(0, draft.position), checklist.items.count)
        self.draft = draft
        self.checklist = checklist
        self.today = today
    }

    public var editing: ItemEdit? { draft.editing }
    public var count: Int { checklist.items.count }
    /// The summary is where a finished walk (or an update) stands.
    public var atSummary: Bool { draft.position >= count }

    public mutating func move(to position: Int) { draft.position = min(max(0, position), count) }

    /// Who last wrote the draft, and when.
    public mutating func touch(by person: Trainee, at time: Timestamp) {
        draft.by = person
        draft.createdAt = time
    }

    /// Starts editing item `index` (an edit of the same item left unfinished is continued).
    public mutating func begin(_ index: Int, by person: String) {
        precondition(checklist.items.indices.contains(index))
        if var edit = draft.editing, edit.index == index {
            edit.by = person
            draft.editing = edit
            return
        }
        draft.editing = ItemEdit(index: index, entry: draft.entries[index], by: person)
    }

    /// The item as it was before the edit.
    public var original: AuditEntry? { draft.editing.map { draft.entries[$0.index] } }

    /// The open rectification the item had before this edit, if any.
    public var openBefore: Rectification? {
        guard let r = original?.rectification, r.isOpen else { return nil }
        return r
    }

    /// The plan being edited: open, carried over or begun in this edit.
    public var workingPlan: Rectification? {
        guard let r = draft.editing?.entry.rectification, r.isOpen else { return nil }
        return r
    }

    /// What to ask next; nil when the item can be committed.
    public var nextStep: Step? {
        guard let edit = draft.editing else { return nil }
        let item = checklist.items[edit.index]
        func needs(_ step: Step) -> Bool { !edit.asked.contains(step) }
        if needs(.status) { return .status }
        let hadOpen = openBefore != nil
        if hadOpen {
            if needs(.closed) { return .closed }
            if edit.closed == true {
                for step in [Step.doneDate, .doneEvidence, .doneBy] where needs(step) { return step }
            }
        }
        // Kept 不符合 and then marked done: the item is fixed; only missing evidence is still asked.
        let fixedInPlace = hadOpen && edit.closed == true && edit.requested == .fail
        if !fixedInPlace, needs(.note) { return .note }
        if item.evidence != .none, needs(.evidence) {
            if !fixedInPlace || (item.evidence == .required && edit.entry.evidence.isEmpty) { return .evidence }
        }
        if edit.entry.status == .fail {
            for step in [Step.action, .owner, .deadline] where needs(step) { return step }
        }
        return nil
    }

    private mutating func answer(_ step: Step, refuse problem: AuditEditError? = nil, _ change: (inout ItemEdit) -> Void) throws(AuditEditError) {
        guard var edit = draft.editing else { throw .notEditing }
        guard nextStep == step else { throw .wrongStep(expected: nextStep) }
        if let problem { throw problem }
        change(&edit)
        edit.asked.append(step)
        draft.editing = edit
    }

    public mutating func setStatus(_ status: AuditStatus) throws(AuditEditError) {
        try answer(.status) { edit in
            edit.requested = status
            edit.entry.status = status
        }
    }

    /// The answer to "was the open rectification completed?". No keeps it open, and with it
    /// the item 不符合: returns true when that overrules the status chosen.
    @discardableResult
    public mutating func answerClosed(_ done: Bool) throws(AuditEditError) -> Bool {
        var overruled = false
        try answer(.closed) { edit in
            edit.closed = done
            if done {
                edit.entry.status = edit.requested == .fail ? .pass : edit.requested
            } else {
                overruled = edit.requested != .fail
                edit.entry.status = .fail
            }
        }
        return overruled
    }

    public mutating func setDoneDate(_ date: LocalDate) throws(AuditEditError) {
        let today = today
        try answer(.doneDate, refuse: date <= today ? nil : .doneInFuture(today: today)) { edit in
            edit.entry.rectification?.done = Rectification.Done(date: date, evidence: "")
        }
    }

    public mutating func setDoneEvidence(_ text: String) throws(AuditEditError) {
        try answer(.doneEvidence, refuse: text.isBlank ? .required : nil) { edit in
            edit.entry.rectification?.done?.evidence = text
        }
    }

    public mutating func setDoneBy(_ name: String) throws(AuditEditError) {
        try answer(.doneBy, refuse: name.isBlank ? .required : nil) { edit in
            edit.entry.rectification?.done?.by = name
        }
    }

    public mutating func setNote(_ text: String) throws(AuditEditError) {
        try answer(.note) { edit in edit.entry.note = text }
    }

    public mutating func setEvidence(_ text: String) throws(AuditEditError) {
        let required = evidenceRequired
        try answer(.evidence, refuse: required && text.isBlank ? .evidenceRequired : nil) { edit in
            edit.entry.evidence = text
        }
    }

    /// Whether the item being edited, as it now stands, needs evidence.
    public var evidenceRequired: Bool {
        guard let edit = draft.editing else { return false }
        return checklist.items[edit.index].evidence == .required && edit.entry.status == .pass
    }

    public mutating func setAction(_ text: String) throws(AuditEditError) {
        try answer(.action, refuse: text.isBlank ? .required : nil) { edit in
            if var plan = edit.entry.rectification, plan.isOpen {
                plan.action = text
                edit.entry.rectification = plan
            } else {
                edit.entry.rectification = Rectification(action: text, owner: "", deadline: nil)
            }
        }
    }

    public mutating func setOwner(_ text: String) throws(AuditEditError) {
        try answer(.owner, refuse: text.isBlank ? .required : nil) { edit in
            edit.entry.rectification?.owner = text
        }
    }

    public mutating func setDeadline(_ date: LocalDate) throws(AuditEditError) {
        let today = today
        try answer(.deadline, refuse: date >= today ? nil : .deadlineInPast(today: today)) { edit in
            edit.entry.rectification?.deadline = date
        }
    }

    /// Puts the edited item into the draft, all at once, and records what happened to its
    /// rectification. Returns the events recorded.
    @discardableResult
    public mutating func commit(at time: Timestamp) throws(AuditEditError) -> [RectificationEvent] {
        guard let edit = draft.editing else { throw .notEditing }
        if let step = nextStep { throw .wrongStep(expected: step) }
        let original = draft.entries[edit.index]
        var entry = edit.entry
        var events: [RectificationEvent] = []
        let before = original.rectification.flatMap { $0.isOpen ? $0 : nil }
        if var plan = entry.rectification {
            if plan.isOpen, before == nil {
                plan.history = []
                events.append(RectificationEvent(kind: .opened, at: time, by: edit.by))
            } else if let before {
                var changes: [RectificationEvent.Change] = []
                if before.action != plan.action { changes.append(.init(field: "action", from: before.action, to: plan.action)) }
                if before.owner != plan.owner { changes.append(.init(field: "owner", from: before.owner, to: plan.owner)) }
                if before.deadline != plan.deadline {
                    changes.append(.init(field: "deadline", from: before.deadline?.description ?? "", to: plan.deadline?.description ?? ""))
                }
                if !changes.isEmpty { events.append(RectificationEvent(kind: .changed, at: time, by: edit.by, changes: changes)) }
                if !plan.isOpen { events.append(RectificationEvent(kind: .closed, at: time, by: edit.by)) }
            }
            plan.history += events
            entry.rectification = plan
        }
        if entry.sameAnswer(as: original) {
            entry.changedBy = original.changedBy
            entry.changedAt = original.changedAt
        } else {
            entry.changedBy = edit.by
            entry.changedAt = time
        }
        draft.entries[edit.index] = entry
        draft.editing = nil
        return events
    }

    /// Drops the edit: the item stays exactly as it was.
    public mutating func rollback() {
        draft.editing = nil
    }

    /// What keeps the draft from being saved, item by item.
    public var problems: [AuditProblem] { Self.problems(draft.entries, checklist: checklist) }

    public static func problems(_ entries: [AuditEntry], checklist: Checklist) -> [AuditProblem] {
        var problems: [AuditProblem] = []
        for (index, item) in checklist.items.enumerated() {
            guard let entry = entries.first(where: { $0.item == item.id }), let status = entry.status else { continue }
            if item.evidence == .required, status == .pass, entry.evidence.isBlank {
                problems.append(.evidenceMissing(item: index))
            }
            if status == .fail {
                let plan = entry.rectification.flatMap { $0.isOpen ? $0 : nil }
                var missing: [Step] = []
                if plan?.action.isBlank ?? true { missing.append(.action) }
                if plan?.owner.isBlank ?? true { missing.append(.owner) }
                if plan?.deadline == nil { missing.append(.deadline) }
                if !missing.isEmpty { problems.append(.rectificationIncomplete(item: index, missing: missing)) }
            } else if entry.rectification?.isOpen == true {
                problems.append(.rectificationLeftOpen(item: index))
            }
        }
        return problems
    }
}

extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
