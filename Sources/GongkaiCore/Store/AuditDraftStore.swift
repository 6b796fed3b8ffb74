/// A self-audit draft belongs to the unit, not to the person filling it in:
/// `Results/progress/<unit>/audit.<checklist>.json`. A trainee's folder is
/// `<unit>+<name>`, and `+` is always escaped in a component, so the two never meet.
/// Several contacts may work on it at once: it is replaced only if it is still as the
/// writer last read or wrote it (the rule the quiz autosave follows, `ProgressVersion`).
extension ResultStore {
    public static func auditDraftName(_ checklist: String) -> String { ProgressKey.auditDraft(checklist: checklist).name }

    public func auditDraftPath(unit: String, checklist: String) -> String {
        PathJoin.join(root, "progress", PathEscaping.component(unit), PathEscaping.component(Self.auditDraftName(checklist)) + ".json")
    }

    /// The draft's file as it is now (`.none`: there is none); nil when it cannot be read.
    public func auditDraftVersion(unit: String, checklist: String) -> ProgressVersion? {
        do {
            return .bytes(try fileSystem.readFile(auditDraftPath(unit: unit, checklist: checklist), limit: RecordScanner.maximumRecordBytes))
        } catch .notFound {
            return ProgressVersion.none
        } catch {
            return nil
        }
    }

    /// The unit's draft with the version it was read at; nil when there is none.
    public func loadDraftVersioned(unit: String, checklist: String) -> (Result<AuditDraft, RecordProblem>, ProgressVersion)? {
        switch auditDraftVersion(unit: unit, checklist: checklist) {
        case .none?: return nil
        case .bytes(let bytes)?:
            do {
                let (draft, integrity) = try RecordCodec.decode(bytes, as: AuditDraft.self)
                return (integrity == .mismatch ? .failure(.tampered) : .success(draft), .bytes(bytes))
            } catch {
                return (.failure(error), .bytes(bytes))
            }
        case nil:
            return (.failure(.unreadable(.io(auditDraftPath(unit: unit, checklist: checklist), code: 5))), .none)
        }
    }

    public func loadDraft(unit: String, checklist: String) -> Result<AuditDraft, RecordProblem>? {
        loadDraftVersioned(unit: unit, checklist: checklist)?.0
    }

    /// Replaces the unit's draft only if it is still at `expected`; returns the version written.
    public func saveDraft(_ draft: AuditDraft, expected: ProgressVersion) throws(ProgressSaveError) -> ProgressVersion {
        if let current = auditDraftVersion(unit: draft.unit, checklist: draft.checklist.id), current != expected { throw .changedElsewhere }
        let bytes = RecordCodec.encode(draft)
        let path = auditDraftPath(unit: draft.unit, checklist: draft.checklist.id)
        do {
            try fileSystem.createDirectories(PathJoin.directory(of: path))
            try fileSystem.writeFileAtomically(bytes, to: path, replace: true)
        } catch {
            throw .file(error)
        }
        return .bytes(bytes)
    }

    /// Writes the unit's draft whatever is there (tests, and the rescue folder).
    public func saveDraft(_ draft: AuditDraft) throws(FileSystemError) {
        let path = auditDraftPath(unit: draft.unit, checklist: draft.checklist.id)
        try fileSystem.createDirectories(PathJoin.directory(of: path))
        try fileSystem.writeFileAtomically(RecordCodec.encode(draft), to: path, replace: true)
    }

    /// Removes the unit's draft only if it is still at `expected`. True when it is gone.
    @discardableResult
    public func removeDraft(unit: String, checklist: String, ifStill expected: ProgressVersion) -> Bool {
        guard let current = auditDraftVersion(unit: unit, checklist: checklist), current == expected else { return false }
        if current == .none { return true }
        return (try? fileSystem.remove(auditDraftPath(unit: unit, checklist: checklist))) != nil
    }

    // MARK: Drafts from before they belonged to the unit

    /// A person's own draft (`progress/<unit>+<name>/audit.<checklist>.json`), as gongkai kept them before.
    public func loadDraft(trainee: Trainee, checklist: String) -> Result<AuditDraft, RecordProblem>? {
        let path = progressPath(trainee: trainee, name: Self.auditDraftName(checklist))
        guard fileSystem.exists(path) else { return nil }
        return scanner.read(AuditDraft.self, path: path).map(\.record)
    }

    /// Every per-person draft of this unit's checklist still on disk, newest first, with its path.
    public func legacyDrafts(unit: String, checklist: String) -> [(path: String, draft: AuditDraft)] {
        let folder = PathJoin.join(root, "progress")
        let prefix = PathEscaping.component(unit) + "+"
        let name = PathEscaping.component(Self.auditDraftName(checklist)) + ".json"
        var found: [(path: String, draft: AuditDraft)] = []
        for entry in (try? fileSystem.list(folder)) ?? [] where entry.kind == .directory && entry.name.hasPrefix(prefix) {
            let path = PathJoin.join(folder, entry.name, name)
            guard fileSystem.exists(path), case .success(let loaded) = scanner.read(AuditDraft.self, path: path),
                loaded.record.unit == unit
            else { continue }
            found.append((path, loaded.record))
        }
        return found.sorted { ($0.draft.createdAt, $0.path) > ($1.draft.createdAt, $1.path) }
    }
}
