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
        // A lesson bookmark (`study.<course>`) is not unfinished work.
        progressNames(trainee: trainee).filter { !$0.hasPrefix("study.") }.map(ProgressKey.init(name:))
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

    // MARK: Several shells on one trainee's autosave

    /// The autosave as it is now; nil when it exists but cannot be read.
    public func progressVersion(trainee: Trainee, key: ProgressKey) -> ProgressVersion? {
        let path = progressPath(trainee: trainee, name: key.name)
        do {
            return .bytes(try fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes))
        } catch .notFound {
            return ProgressVersion.none
        } catch {
            return nil
        }
    }

    /// The autosave with the version it was read at (nil: there is none).
    public func loadProgressVersioned(trainee: Trainee, key: ProgressKey) -> (Result<ProgressRecord, RecordProblem>, ProgressVersion)? {
        guard case .bytes(let bytes)? = progressVersion(trainee: trainee, key: key) else {
            return loadProgress(trainee: trainee, key: key).map { ($0, .none) }
        }
        let result: Result<ProgressRecord, RecordProblem>
        do {
            let (record, integrity) = try RecordCodec.decode(bytes, as: ProgressRecord.self)
            result = integrity == .verified ? .success(record) : .failure(.tampered)
        } catch {
            result = .failure(error)
        }
        return (result, .bytes(bytes))
    }

    /// Replaces the autosave only if it is still at `expected`; returns the version written.
    /// A file that cannot be read is not taken for another shell's: the write then says what is wrong.
    public func saveProgress(_ progress: ProgressRecord, key: ProgressKey, expected: ProgressVersion) throws(ProgressSaveError) -> ProgressVersion {
        if let current = progressVersion(trainee: progress.trainee, key: key), current != expected { throw .changedElsewhere }
        let bytes = RecordCodec.encode(progress)
        let path = progressPath(trainee: progress.trainee, name: key.name)
        do {
            try fileSystem.createDirectories(PathJoin.directory(of: path))
            try fileSystem.writeFileAtomically(bytes, to: path, replace: true)
        } catch {
            throw .file(error)
        }
        return .bytes(bytes)
    }

    /// Removes the autosave only if it is still at `expected` (a submitted quiz must not take
    /// with it the autosave another shell has made since). True when it is gone.
    @discardableResult
    public func removeProgress(trainee: Trainee, key: ProgressKey, ifStill expected: ProgressVersion) -> Bool {
        guard let current = progressVersion(trainee: trainee, key: key), current == expected else { return false }
        if current == .none { return true }
        return (try? removeProgress(trainee: trainee, key: key)) != nil
    }
}

/// The bytes of an autosave as a shell last wrote or read them (or `.none`: there was no
/// file). Before replacing the file, the shell checks it is still so: otherwise another
/// shell has continued, submitted or discarded the same quiz since.
public enum ProgressVersion: Equatable, Sendable {
    case none
    case bytes([UInt8])
}

public enum ProgressSaveError: Error, Sendable, Equatable {
    /// Another shell continued, submitted or discarded the same quiz since this one last saved.
    case changedElsewhere
    case file(FileSystemError)
}

