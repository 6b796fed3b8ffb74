/// Where records live under one `Results/` folder, and how they are written:
/// one file per record, written once through `FileSystem.writeFileAtomically`.
public struct ResultStore: Sendable {
    public let root: String
    public let fileSystem: FileSystem
    /// When set, a trainee's or a unit's attempts are found through it rather than by reading every record.
    public var attemptIndex: AttemptIndex?

    public init(root: String, fileSystem: FileSystem, attemptIndex: AttemptIndex? = nil) {
        self.root = root
        self.fileSystem = fileSystem
        self.attemptIndex = attemptIndex
    }

    /// This store, finding attempts through an index under `Results/.cache/` (see `AttemptIndex`).
    public func indexed(clock: WallClock) -> ResultStore {
        ResultStore(root: root, fileSystem: fileSystem, attemptIndex: AttemptIndex(root: root, fileSystem: fileSystem, clock: clock))
    }

    var scanner: RecordScanner { RecordScanner(fileSystem: fileSystem) }

    /// Creates the folder if needed and proves it can be written, so that a
    /// trainee learns about a read-only or full disk before answering anything.
    public func prepare() throws(FileSystemError) {
        try fileSystem.createDirectories(root)
        // The same kind of write a record uses (no replacing), so a folder where
        // records cannot be written is found now, not after the first quiz.
        var generator = SystemRandomNumberGenerator()
        let probe = PathJoin.join(root, ".write-probe-\(String(generator.next() & 0xFFFF_FFFF, radix: 16))")
        try fileSystem.writeFileAtomically(Array("ok\n".utf8), to: probe, replace: false)
        try? fileSystem.remove(probe)
    }

    // MARK: Paths

    public func attemptPath(_ record: AttemptRecord) -> String {
        let month = record.startedAt.localDate
        return PathJoin.join(
            root, "attempts", PathEscaping.component(record.course.id), "\(pad(month.year, 4))-\(pad(month.month, 2))",
            PathEscaping.component(record.id) + ".json")
    }

    public func attendancePath(_ record: AttendanceRecord) -> String {
        PathJoin.join(root, "attendance", PathEscaping.component(record.session), PathEscaping.component(record.id) + ".json")
    }

    public func progressPath(trainee: Trainee, name: String) -> String {
        PathJoin.join(root, "progress", trainee.key, PathEscaping.component(name) + ".json")
    }

    // MARK: Writing

    @discardableResult
    public func save<R: StoredRecord>(_ record: R, to path: String) throws(FileSystemError) -> String {
        try fileSystem.createDirectories(PathJoin.directory(of: path))
        try fileSystem.writeFileAtomically(RecordCodec.encode(record), to: path, replace: false)
        return path
    }

    @discardableResult
    public func save(_ attempt: AttemptRecord) throws(FileSystemError) -> String {
        try save(attempt, to: attemptPath(attempt))
    }

    /// Whether this attempt is stored with exactly these bytes.
    public func holds(_ attempt: AttemptRecord) -> Bool {
        (try? fileSystem.readFile(attemptPath(attempt), limit: 1 << 22)) == RecordCodec.encode(attempt)
    }

    @discardableResult
    public func save(_ attendance: AttendanceRecord) throws(FileSystemError) -> String {
        try save(attendance, to: attendancePath(attendance))
    }

    public enum SignIn: Sendable, Equatable {
        case signedIn
        /// A record of this person for this session exists (perhaps written a moment ago by another window).
        case alreadySignedIn
    }

    /// One attendance record per person per session, even when several windows sign the same
    /// person in at once: each first claims `.claims/attendance/<session>/<person>.claim` with a
    /// link that never overwrites; the one that wins writes its record, the others find the claim.
    /// The claim holds the record itself, so a crash between claim and record is completed by the
    /// next sign-in (same id: written once whoever gets there).
    public func signIn(_ record: AttendanceRecord) throws(FileSystemError) -> SignIn {
        if attendance(session: record.session).records.contains(where: { $0.record.trainee == record.trainee }) { return .alreadySignedIn }
        let claim = PathJoin.join(root, ".claims", "attendance", PathEscaping.component(record.session), record.trainee.key + ".claim")
        try fileSystem.createDirectories(PathJoin.directory(of: claim))
        do {
            try fileSystem.writeFileAtomically(RecordCodec.encode(record), to: claim, replace: false)
        } catch .exists {
            // Another window claimed first: make sure its record is there, then say so.
            if let bytes = try? fileSystem.readFile(claim, limit: RecordScanner.maximumRecordBytes),
                let (claimed, _) = try? RecordCodec.decode(bytes, as: AttendanceRecord.self), claimed.trainee == record.trainee
            {
                do { try save(claimed) } catch .exists {}
            }
            return .alreadySignedIn
        }
        do { try save(record) } catch .exists {}
        return .signedIn
    }

    /// Progress files are the one thing replaced in place (atomically).
    public func saveProgress(_ progress: ProgressRecord, name: String) throws(FileSystemError) {
        let path = progressPath(trainee: progress.trainee, name: name)
        try fileSystem.createDirectories(PathJoin.directory(of: path))
        try fileSystem.writeFileAtomically(RecordCodec.encode(progress), to: path, replace: true)
    }

    /// The autosave, if any; one edited by hand (digest mismatch) counts as unreadable.
    public func loadProgress(trainee: Trainee, name: String) -> Result<ProgressRecord, RecordProblem>? {
        let path = progressPath(trainee: trainee, name: name)
        guard fileSystem.exists(path) else { return nil }
        return scanner.read(ProgressRecord.self, path: path).flatMap { loaded in
            loaded.integrity == .verified ? .success(loaded.record) : .failure(.tampered)
        }
    }

    public func removeProgress(trainee: Trainee, name: String) throws(FileSystemError) {
        try fileSystem.remove(progressPath(trainee: trainee, name: name))
    }

    /// Names (course ids, audit drafts) of this trainee's saved progress files.
    public func progressNames(trainee: Trainee) -> [String] {
        let dir = PathJoin.join(root, "progress", trainee.key)
        return ((try? fileSystem.list(dir)) ?? [])
            .filter { $0.kind == .file && $0.name.hasSuffix(".json") && !$0.name.hasPrefix(".") }
            .map { PathEscaping.decode(String($0.name.dropLast(5))) }
            .sorted()
    }

    // MARK: Reading

    public func attempts(course: String? = nil) -> ScanResult<AttemptRecord> {
        let sub = course.map { PathJoin.join("attempts", PathEscaping.component($0)) } ?? "attempts"
        return scanner.scan(AttemptRecord.self, roots: [root], subdirectory: sub)
    }

    /// This trainee's attempts at a course, newest grading only, oldest first.
    public func attempts(of trainee: Trainee, course: String? = nil) -> [AttemptRecord] {
        checkedAttempts(of: trainee, course: course).map(\.record)
    }

    /// `attempts(of:course:)` with each record's integrity: a record whose digest no longer
    /// matches (or that has none) is shown as such, never as a valid result.
    public func checkedAttempts(of trainee: Trainee, course: String? = nil) -> [Loaded<AttemptRecord>] {
        let loaded = indexedAttempts(.trainee(trainee), course: course)?.records ?? attempts(course: course).records
        let replaced = Set(loaded.compactMap(\.record.supersedes))
        return loaded.filter { !replaced.contains($0.record.id) && $0.record.trainee == trainee }
            .sorted { ($0.record.finishedAt, $0.record.id) < ($1.record.finishedAt, $1.record.id) }
    }

    /// The stored attempt with this id (an autosave's run id is its attempt's id) of this trainee, if any.
    public func recordedAttempt(id: String, course: String, trainee: Trainee) -> AttemptRecord? {
        let loaded = indexedAttempts(.trainee(trainee), course: course)?.records ?? attempts(course: course).records
        return loaded.first { $0.record.id == id }?.record
    }

    /// Every attempt by the people of one unit (any course), as a scan would find them: through the
    /// index when there is one (reading only the unit's records), else by reading every record.
    public func attempts(unit: String) -> ScanResult<AttemptRecord> {
        var result = indexedAttempts(.unit(unit), course: nil) ?? attempts()
        result.records.removeAll { $0.record.trainee.unit != unit }
        return result
    }

    /// The records of `key` found through the index, read and checked like a scan's (the same id
    /// twice counts once); nil without an index or when it cannot answer.
    func indexedAttempts(_ key: AttemptIndex.Key, course: String?) -> ScanResult<AttemptRecord>? {
        guard let attemptIndex,
            let paths = attemptIndex.paths(for: key, courseFolders: course.map { [PathEscaping.component($0)] })?.sorted()
        else { return nil }
        let scanner = self.scanner
        let read = ParallelMap.map(paths, chunk: 16) { scanner.read(AttemptRecord.self, path: $0) }
        var result = ScanResult<AttemptRecord>()
        var seen: [String: Int] = [:]
        for (path, outcome) in zip(paths, read) {
            result.add(outcome, path: path, seen: &seen)
        }
        return result
    }

    public func attendance(session: String? = nil) -> ScanResult<AttendanceRecord> {
        let sub = session.map { PathJoin.join("attendance", PathEscaping.component($0)) } ?? "attendance"
        return scanner.scan(AttendanceRecord.self, roots: [root], subdirectory: sub)
    }
}

extension ResultStore {
    public func auditPath(_ revision: AuditRevision) -> String {
        PathJoin.join(
            root, "audits", PathEscaping.component(revision.checklist.id), PathEscaping.component(revision.unit),
            PathEscaping.component(revision.id) + ".json")
    }

    @discardableResult
    public func save(_ revision: AuditRevision) throws(FileSystemError) -> String {
        try save(revision, to: auditPath(revision))
    }

    /// Revisions of one checklist, optionally of one unit, oldest first.
    public func audits(checklist: String, unit: String? = nil) -> ScanResult<AuditRevision> {
        var sub = PathJoin.join("audits", PathEscaping.component(checklist))
        if let unit { sub = PathJoin.join(sub, PathEscaping.component(unit)) }
        var result = scanner.scan(AuditRevision.self, roots: [root], subdirectory: sub)
        let order = Dictionary(
            AuditRevision.ordered(result.records.map(\.record)).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        result.records.sort { order[$0.record.id, default: 0] < order[$1.record.id, default: 0] }
        return result
    }
}
