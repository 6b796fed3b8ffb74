/// `regrade` at province scale (issue 21): the records are read folder by folder, a group of
/// batches at a time on every core, and never all held. What it held before — a summary of every
/// attempt, then both the old and the new record of every change (535 MB at 100,000 records) —
/// is now:
/// - a first pass over the summaries: a 64-bit hash of every id (8 bytes a record, to find the
///   ids met more than once: copies), and for each superseding record two 128-bit hashes (its
///   own id and the id it supersedes), so that what was regraded before is known before any
///   attempt is regraded again;
/// - a second pass that reads each record in full, decides it, writes its superseding record
///   at once (a real run) and keeps of a change only its line of the listing, as bytes
///   (`ChangeLines`, about 100 bytes a change).
///
/// The listing, the records written and every warning are those of the plan that held every
/// record (`Regrader.plan(library:attempts:)` and `apply`, kept for the tests): the same first
/// copy of a record kept, the same attempts left out as replaced (however the files sort) or
/// conflicted, the same order of every list.
extension Regrader {
    /// One line of regrade's listing: `id  name  course  from → to`.
    public struct ChangeLine: Sendable, Equatable {
        public var id: String
        public var name: String
        public var course: String
        /// `3/4 75%`: the stored score, and the new one.
        public var from: String
        public var to: String
        public var passFrom: Bool
        public var passTo: Bool

        public init(id: String, name: String, course: String, from: String, to: String, passFrom: Bool, passTo: Bool) {
            (self.id, self.name, self.course, self.from, self.to, self.passFrom, self.passTo) = (id, name, course, from, to, passFrom, passTo)
        }

        public init(_ change: Change) {
            id = change.original.id
            name = change.original.trainee.name
            course = change.original.course.id
            from = "\(change.original.score.pointsText) \(change.original.score.percentText)"
            to = "\(change.regraded.score.pointsText) \(change.regraded.score.percentText)"
            passFrom = change.original.passed
            passTo = change.regraded.passed
        }
    }

    /// The changes of a run as their listing lines, packed as bytes, in the plan's order once sorted
    /// (course, finish time, id: `Regrader.finish`).
    public struct ChangeLines: Sendable {
        struct Key: Sendable {
            var seconds: Int64
            var offset: Int
            var course: Int32
            var passFrom: Bool
            var passTo: Bool
            var page: Int32
            var start: Int32
        }

        private(set) var keys: [Key] = []
        private var courses: [String] = []
        private var courseNumbers: [String: Int32] = [:]
        /// The lines' id, name, from and to, each as a 4-byte length and its UTF-8 bytes.
        private var pages: [[UInt8]] = []
        static let pageSize = 1 << 20

        public init() {}

        public var count: Int { keys.count }
        public var isEmpty: Bool { keys.isEmpty }

        mutating func append(_ change: Change) {
            let line = ChangeLine(change)
            let course: Int32
            if let known = courseNumbers[line.course] {
                course = known
            } else {
                course = Int32(courses.count)
                courses.append(line.course)
                courseNumbers[line.course] = course
            }
            let fields = [line.id, line.name, line.from, line.to]
            let size = fields.reduce(0) { $0 + 4 + $1.utf8.count }
            if pages.isEmpty || pages[pages.count - 1].count + size > Self.pageSize {
                var page: [UInt8] = []
                page.reserveCapacity(max(size, Self.pageSize))
                pages.append(page)
            }
            let start = pages[pages.count - 1].count
            for field in fields {
                let count = UInt32(field.utf8.count)
                for shift in stride(from: 0, to: 32, by: 8) { pages[pages.count - 1].append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
                pages[pages.count - 1].append(contentsOf: field.utf8)
            }
            let finished = change.original.finishedAt
            keys.append(
                Key(
                    seconds: finished.seconds, offset: finished.offset, course: course, passFrom: line.passFrom, passTo: line.passTo,
                    page: Int32(pages.count - 1), start: Int32(start)))
        }

        /// The `field`-th string (0 id, 1 name, 2 from, 3 to) of the line at `key`, as bytes.
        private func withField<R>(_ key: Key, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            pages[Int(key.page)].withUnsafeBufferPointer { page in
                var at = Int(key.start)
                var index = 0
                while true {
                    let count = Int(page[at]) | Int(page[at + 1]) << 8 | Int(page[at + 2]) << 16 | Int(page[at + 3]) << 24
                    at += 4
                    if index == field { return body(UnsafeBufferPointer(rebasing: page[at..<at + count])) }
                    at += count
                    index += 1
                }
            }
        }

        private func string(_ key: Key, _ field: Int) -> String { withField(key, field) { String(decoding: $0, as: UTF8.self) } }

        /// In the order `Regrader.finish` gives changes: `(course, finishedAt, id) <` as tuples compare, so
        /// the same lines in the same order sort exactly as the plan's changes did.
        mutating func sort() {
            // Each course's rank among the courses, as `String <` orders them.
            let ranks = courses.indices.sorted { courses[$0] < courses[$1] }
            var rank = [Int](repeating: 0, count: courses.count)
            for (position, course) in ranks.enumerated() { rank[course] = position }
            var sorted = keys
            keys = []
            sorted.sort { a, b in
                if a.course != b.course { return rank[Int(a.course)] < rank[Int(b.course)] }
                // `Timestamp` is equal only with the same offset, but orders by the instant alone.
                if a.seconds != b.seconds || a.offset != b.offset { return a.seconds < b.seconds }
                return idLess(a, b)
            }
            keys = sorted
        }

        private func idLess(_ a: Key, _ b: Key) -> Bool {
            withField(a, 0) { x in
                withField(b, 0) { y in
                    // Byte order is `String <`'s order for ASCII, the ids gongkai writes.
                    if x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) { return ByteOrder.compare(x, y) < 0 }
                    return String(decoding: x, as: UTF8.self) < String(decoding: y, as: UTF8.self)
                }
            }
        }

        /// Every line, in the order kept (sorted once the run is done).
        public func forEach(_ body: (ChangeLine) -> Void) {
            for key in keys {
                body(
                    ChangeLine(
                        id: string(key, 0), name: string(key, 1), course: courses[Int(key.course)], from: string(key, 2), to: string(key, 3),
                        passFrom: key.passFrom, passTo: key.passTo))
            }
        }

        public var lines: [ChangeLine] {
            var all: [ChangeLine] = []
            forEach { all.append($0) }
            return all
        }
    }

    /// What a run found (and, when it wrote, what it wrote).
    public struct Run: Sendable {
        /// The listing, sorted as the plan's changes.
        public var changes = ChangeLines()
        public var unknownCourses: [String] = []
        public var removedQuestions: [(course: String, question: String)] = []
        public var refused: [String] = []
        public var conflicts: [Conflict] = []
        /// Files that could not be read.
        public var skipped: [SkippedRecord] = []
        /// Superseding records written (or found already there with the same bytes), and those that could not be written.
        public var written = 0
        public var failed: [(path: String, error: FileSystemError)] = []
    }

    /// Rescores the attempts under `roots` against `library`; with `store`, writes each superseding record as it
    /// is found (atomically, never replacing a file), else writes nothing (`--dry-run`). `batch`: files a worker
    /// reads at a time (16 batches are read at once).
    public static func run(
        library: CourseLibrary, roots: [String], fileSystem: FileSystem, writingTo store: ResultStore? = nil, batch: Int = 512
    ) -> Run {
        let walker = AttemptFolders(fileSystem: fileSystem, batch: max(1, batch))
        var run = Run()
        // First pass: which ids occur more than once, and what every superseding record claims.
        var hashes: [Int] = []
        var claims: [Claim] = []
        var folders: [String] = []
        let loader = AttemptLoader(fileSystem: fileSystem)
        for root in roots {
            let (found, unusable) = walker.folders(under: PathJoin.join(root, "attempts"))
            run.skipped += unusable
            folders += found
            walker.forEachGroup(found, unlisted: { run.skipped.append($0) }) { pieces in
                let parts = ParallelMap.map(pieces, chunk: 1) { piece -> FirstPass in
                    var part = FirstPass()
                    for index in piece.range {
                        switch loader.summarize(piece.path(index), withItems: false) {
                        case .failure(let skipped): part.skipped.append(skipped)
                        case .success(let entry):
                            part.hashes.append(entry.summary.id.hashValue)
                            if let target = entry.summary.supersedes { part.claims.append(Claim(claimant: IDKey(entry.summary.id), target: IDKey(target))) }
                        }
                    }
                    return part
                }
                for part in parts {
                    run.skipped += part.skipped
                    hashes += part.hashes
                    for claim in part.claims {
                        claims.append(Claim(claimant: claim.claimant, target: claim.target, order: claims.count))
                    }
                }
            }
        }
        let unreadable = Set(run.skipped.map(\.path))
        let known = Known(hashes: &hashes, claims: &claims)
        // Second pass: every record in full, decided, written, and let go.
        var removed: Set<String> = []
        var seenCopies: Set<String> = []
        var contested: [String: Set<String>] = [:]
        var lateSkipped: [SkippedRecord] = []
        var failed: [(key: (String, Timestamp, String), path: String, error: FileSystemError)] = []
        func note(_ decided: Decided) {
            if let claim = decided.claim { contested[claim.target, default: []].insert(claim.id) }
            if decided.considered.refused { run.refused.append(decided.path) }
            if let course = decided.considered.unknownCourse, !run.unknownCourses.contains(course) { run.unknownCourses.append(course) }
            for question in decided.considered.removed where removed.insert("\(decided.considered.course)/\(question)").inserted {
                run.removedQuestions.append((decided.considered.course, question))
            }
            if let change = decided.considered.change { run.changes.append(change) }
            if decided.written { run.written += 1 }
            if let failure = decided.failure { failed.append(failure) }
        }
        walker.forEachGroup(folders, unlisted: { if !unreadable.contains($0.path) { lateSkipped.append($0) } }) { pieces in
            let scanner = RecordScanner(fileSystem: fileSystem)
            let parts = ParallelMap.map(pieces, chunk: 1) { piece -> [Verdict] in
                piece.range.map { index -> Verdict in
                    let path = piece.path(index)
                    switch scanner.read(AttemptRecord.self, path: path) {
                    case .failure(let problem): return .failed(SkippedRecord(path: path, problem: problem))
                    case .success(let loaded):
                        // An id met more than once: which copy counts is decided in order, below.
                        if known.copies.contains(loaded.record.id.hashValue) { return .copy(loaded) }
                        return .decided(decide(loaded, known: known, library: library, store: store))
                    }
                }
            }
            for verdicts in parts {
                for verdict in verdicts {
                    switch verdict {
                    case .failed(let skipped): if !unreadable.contains(skipped.path) { lateSkipped.append(skipped) }
                    case .copy(let loaded):
                        // The first copy read counts, as in every report.
                        if seenCopies.insert(loaded.record.id).inserted { note(decide(loaded, known: known, library: library, store: store)) }
                    case .decided(let decided): note(decided)
                    }
                }
            }
        }
        run.skipped += lateSkipped
        for (target, ids) in contested where ids.count > 1 { run.conflicts.append(Conflict(attempt: target, regradings: ids.sorted())) }
        run.conflicts.sort { $0.attempt < $1.attempt }
        run.refused.sort()
        run.changes.sort()
        failed.sort { $0.key < $1.key }
        run.failed = failed.map { ($0.path, $0.error) }
        return run
    }

    /// Two independent 64-bit hashes of an id: two ids are taken for one only if both meet.
    struct IDKey: Hashable, Comparable, Sendable {
        var a: Int
        var b: Int
        init(_ id: String) {
            a = id.hashValue
            var hasher = Hasher()
            hasher.combine(0x6B43_A9B5_2D7E_19F1 as UInt64)
            hasher.combine(id)
            b = hasher.finalize()
        }
        static func < (x: IDKey, y: IDKey) -> Bool { (x.a, x.b) < (y.a, y.b) }
    }

    /// A superseding record's claim on the attempt it replaces; `order`: its place in the reading.
    struct Claim: Sendable {
        var claimant: IDKey
        var target: IDKey
        var order = 0
    }

    struct FirstPass: Sendable {
        var hashes: [Int] = []
        var claims: [Claim] = []
        var skipped: [SkippedRecord] = []
    }

    /// What the first pass learnt, shared read-only by the second pass's workers.
    struct Known: Sendable {
        /// Hashes of ids read more than once (usually none).
        var copies: Set<Int> = []
        /// Ids some record supersedes, sorted: such an attempt is not regraded again.
        var replaced: [IDKey] = []
        /// Ids superseded by more than one different record, sorted: their regradings are left alone.
        var contested: [IDKey] = []

        init(hashes: inout [Int], claims: inout [Claim]) {
            hashes.sort()
            var index = 1
            while index < hashes.count {
                if hashes[index] == hashes[index - 1] { copies.insert(hashes[index]) }
                index += 1
            }
            hashes = []
            // A record counts once, as first read (a copy with other content changes nothing).
            claims.sort { ($0.claimant, $0.order) < ($1.claimant, $1.order) }
            var kept: [Claim] = []
            for claim in claims where kept.last?.claimant != claim.claimant { kept.append(claim) }
            claims = []
            kept.sort { $0.target < $1.target }
            for (position, claim) in kept.enumerated() {
                if replaced.last != claim.target { replaced.append(claim.target) }
                if position > 0, kept[position - 1].target == claim.target, contested.last != claim.target { contested.append(claim.target) }
            }
        }

        static func contains(_ sorted: [IDKey], _ key: IDKey) -> Bool {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < key { low = middle + 1 } else { high = middle }
            }
            return low < sorted.count && sorted[low] == key
        }
    }

    /// One record of the second pass, as read.
    enum Verdict: Sendable {
        case failed(SkippedRecord)
        /// An id read more than once: decided in reading order.
        case copy(Loaded<AttemptRecord>)
        case decided(Decided)
    }

    /// One record decided: a claim in a conflict, left alone as replaced, or considered (and its change written).
    struct Decided: Sendable {
        var path: String
        var claim: (target: String, id: String)?
        var considered = Considered()
        var written = false
        var failure: (key: (String, Timestamp, String), path: String, error: FileSystemError)?
    }

    static func decide(_ loaded: Loaded<AttemptRecord>, known: Known, library: CourseLibrary, store: ResultStore?) -> Decided {
        let record = loaded.record
        var decided = Decided(path: loaded.path)
        if let target = record.supersedes, Known.contains(known.contested, IDKey(target)) {
            decided.claim = (target, record.id)
            return decided
        }
        if Known.contains(known.replaced, IDKey(record.id)) { return decided }
        decided.considered = consider(loaded, library: library)
        if let store, let change = decided.considered.change {
            switch write(change.regraded, store: store) {
            case nil: decided.written = true
            case let error?:
                decided.failure = ((record.course.id, record.finishedAt, record.id), store.attemptPath(change.regraded), error)
            }
        }
        return decided
    }

    /// Writes one superseding record; a record already there with the same bytes (the same regrade
    /// made at the same time elsewhere) counts as written. Nil when written.
    static func write(_ record: AttemptRecord, store: ResultStore) -> FileSystemError? {
        do {
            try store.save(record)
            return nil
        } catch {
            if case .exists = error, store.holds(record) { return nil }
            return error
        }
    }
}

/// The folders of attempt records under a results folder, read a folder at a time: the listing
/// of one folder, not of a province, is held.
struct AttemptFolders: Sendable {
    let fileSystem: FileSystem
    let batch: Int
    /// Batches read at once (on every core).
    static let group = 16

    /// Files `range` of one folder's names.
    struct Piece: Sendable {
        var directory: String
        var names: PackedNames
        var range: Range<Int>
        func path(_ index: Int) -> String { PathJoin.join(directory, names.string(index)) }
    }

    /// The folders under `directory` that hold record files, in the byte order of their paths (the
    /// order `AttemptLoader` reads them in), and what cannot be read: symlinks, special files,
    /// folders that could not be listed (as `AttemptLoader.chunks(under:)` lists them).
    func folders(under directory: String) -> (folders: [String], unusable: [SkippedRecord]) {
        if fileSystem.info(directory)?.kind == .symlink { return ([], [SkippedRecord(path: directory, problem: .symlink)]) }
        var folders: [String] = []
        var unusable: [SkippedRecord] = []
        var level = [directory]
        while !level.isEmpty {
            // Listed as the loader lists them (same subfolders, same unusable entries).
            let loader = AttemptLoader(fileSystem: fileSystem)
            let listed = ParallelMap.map(level, chunk: 1) { dir -> (dir: String, subfolders: [String], files: Bool, unusable: [SkippedRecord]) in
                let listing = loader.list(dir)
                return (dir, listing.subfolders, !listing.names.isEmpty, listing.unusable)
            }
            level = []
            for folder in listed {
                level += folder.subfolders
                unusable += folder.unusable
                if folder.files { folders.append(folder.dir) }
            }
        }
        folders.sort { ByteOrder.compare($0, $1) < 0 }
        return (folders, unusable.sorted { $0.path < $1.path })
    }

    /// Lists `folders` one after another and hands their files over `group` batches at a time, in order.
    /// A folder that can no longer be listed goes to `unlisted`.
    func forEachGroup(_ folders: [String], unlisted: (SkippedRecord) -> Void, _ body: ([Piece]) -> Void) {
        var pieces: [Piece] = []
        for folder in folders {
            var names: PackedNames
            do throws(FileSystemError) {
                names = try fileSystem.listFiles(folder, suffix: ".json").files
            } catch {
                unlisted(SkippedRecord(path: folder, problem: .unreadable(error)))
                continue
            }
            names.sort()
            var start = 0
            while start < names.count {
                let end = min(start + batch, names.count)
                pieces.append(Piece(directory: folder, names: names, range: start..<end))
                start = end
                if pieces.count >= Self.group {
                    body(pieces)
                    pieces = []
                }
            }
        }
        if !pieces.isEmpty { body(pieces) }
    }
}
