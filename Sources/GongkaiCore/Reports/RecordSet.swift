/// Every record a report reads, from one or more `Results/` folders merged:
/// the same record copied from two PCs counts once; unreadable files are listed,
/// never fatal; files whose digest no longer matches are listed as tampered.
public struct RecordSet: Sendable {
    public var attempts: [AttemptSummary] = []
    public var attendance: [AttendanceRecord] = []
    public var audits: [AuditRevision] = []
    /// Attempt records' digests, by id (only when `.seals` is needed).
    public var attemptSeals: [String: AttemptSeal] = [:]
    /// How far people have read (only when `.study` is needed).
    public var study: [StudyProgress] = []
    public var skipped: [SkippedRecord] = []
    /// Paths of records whose content no longer matches their digest.
    public var tampered: [String] = []
    /// Paths of records with no digest at all: gongkai always writes one, so these were made or edited by hand.
    public var undigested: [String] = []

    /// Every record whose content cannot be vouched for.
    public var untrusted: [String] { tampered + undigested }
    public var duplicates = 0
    /// Paths of records whose id was read before (from another results folder) with different content.
    public var conflicts: [String] = []
    /// Report caches that were there but could not be used (the report ran without them).
    public var cacheProblems: [CacheProblem] = []
    /// Skipped files the machine failed to read (too many open files, I/O or permission errors),
    /// as opposed to files that are not good records: a report that met one is incomplete.
    public var readFailures: [SkippedRecord] {
        skipped.filter {
            if case .unreadable(let error) = $0.problem { return error.isReadFailure }
            return false
        }
    }
    /// Attempt files parsed, and served from the summary cache.
    public var parsedRecords = 0
    public var cachedRecords = 0
    /// Where each attempt's items can be read again, when they were asked for as a stream
    /// (`Needs.itemStream`): the summaries then hold none (see `ItemSource`).
    public var itemSource: ItemSource?
    /// When the attempts were streamed to the report (`streamAttempts`) instead of held in `attempts`:
    /// how many were handed over, the units and courses they name, and the passes it took (2 when a
    /// replaced attempt was read before its replacement).
    public var streamedAttempts = 0
    public var attemptUnits: Set<String> = []
    public var attemptCourses: Set<String> = []
    public var streamPasses = 0
    /// Why a stream's table of ids could not be written out to a scratch file (it was held in memory).
    public var idSpillProblem: String?

    public init() {}

    public struct Needs: Sendable, OptionSet {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let attempts = Needs(rawValue: 1)
        public static let items = Needs(rawValue: 2)
        public static let attendance = Needs(rawValue: 4)
        public static let audits = Needs(rawValue: 8)
        /// Each attempt's stored digest (certificates: their verification codes).
        public static let seals = Needs(rawValue: 16)
        /// Lessons read (`Results/progress/*/study.*.json`): transcripts only.
        public static let study = Needs(rawValue: 32)
        /// Items read again, a stretch at a time, when a report sums them (`report items`):
        /// at province scale the items of every attempt do not fit in memory.
        public static let itemStream = Needs(rawValue: 64)
        public static let all: Needs = [.attempts, .items, .attendance, .audits]
    }

    public static func load(roots: [String], fileSystem: FileSystem, needs: Needs, useCache: Bool = false) -> RecordSet {
        var set = RecordSet()
        let scanner = RecordScanner(fileSystem: fileSystem)
        if !needs.isDisjoint(with: [.attempts, .items, .itemStream]) {
            let streamed = needs.contains(.itemStream) && !needs.contains(.items)
            let loader = AttemptLoader(fileSystem: fileSystem, useCache: useCache)
            var loaded = loader.load(roots: roots, withItems: needs.contains(.items), sources: streamed)
            // In place: at province scale a filtered copy is tens of megabytes.
            let replaced = Set(loaded.replaced)
            if !replaced.isEmpty {
                if streamed {
                    var kept = 0
                    for index in loaded.summaries.indices where !replaced.contains(loaded.summaries[index].id) {
                        loaded.sources[kept] = loaded.sources[index]
                        loaded.cacheEntries[kept] = loaded.cacheEntries[index]
                        kept += 1
                    }
                    loaded.sources.removeLast(loaded.sources.count - kept)
                    loaded.cacheEntries.removeLast(loaded.cacheEntries.count - kept)
                }
                loaded.summaries.removeAll { replaced.contains($0.id) }
            }
            if streamed {
                set.itemSource = ItemSource(
                    loader: loader, folders: loaded.folders, sources: loaded.sources, caches: loaded.caches, cacheEntries: loaded.cacheEntries)
            }
            set.attempts = loaded.summaries
            set.parsedRecords = loaded.parsed
            set.cachedRecords = loaded.cached
            set.skipped += loaded.skipped
            set.tampered += loaded.tampered
            set.undigested += loaded.undigested
            set.duplicates += loaded.duplicates
            set.conflicts += loaded.conflicts
            set.cacheProblems += loaded.cacheProblems
        }
        if needs.contains(.attendance) {
            let scan = scanner.scan(AttendanceRecord.self, roots: roots, subdirectory: "attendance")
            set.absorb(scan)
            set.attendance = scan.records.map(\.record)
        }
        if needs.contains(.audits) {
            let scan = scanner.scan(AuditRevision.self, roots: roots, subdirectory: "audits")
            set.absorb(scan)
            set.audits = scan.records.map(\.record)
        }
        if needs.contains(.seals) { set.attemptSeals = CertificateLedger.scan(roots: roots, fileSystem: fileSystem).seals }
        if needs.contains(.study) { set.study = StudyLedger.load(roots: roots, fileSystem: fileSystem) }
        return set
    }

    private mutating func absorb<R>(_ scan: ScanResult<R>) {
        skipped += scan.skipped
        duplicates += scan.duplicates
        conflicts += scan.conflicts
        tampered += scan.records.filter { $0.integrity == .mismatch }.map(\.path)
        undigested += scan.records.filter { $0.integrity == .missing }.map(\.path)
    }
}

/// Reads attempt records into summaries, on every core, through the summary
/// cache when it is allowed (see `SummaryCache`).
public struct AttemptLoader: Sendable {
    public struct Loaded: Sendable {
        public var summaries: [AttemptSummary] = []
        public var skipped: [SkippedRecord] = []
        public var tampered: [String] = []
        public var undigested: [String] = []
        public var duplicates = 0
        /// Paths of attempts whose id was read before with different content.
        public var conflicts: [String] = []
        /// Ids of attempts that a regrade replaced (named by a `supersedes`).
        public var replaced: [String] = []
        /// Cache files that were there but could not be used, with the reason.
        public var cacheProblems: [CacheProblem] = []
        /// Files read from disk (not served by the cache).
        public var parsed = 0
        public var cached = 0
        /// With `sources`: the folders read, and for each summary where its file is (`ItemSource.Folder`).
        var folders: [ItemSource.Folder] = []
        var sources: [UInt64] = []
        /// With `sources`: the caches read, and for each summary where its items are in them (`ItemSource.cacheEntries`).
        var caches: [SummaryCache.Index] = []
        var cacheEntries: [UInt64] = []
    }

    public let fileSystem: FileSystem
    public let useCache: Bool
    /// When the summary cache is rewritten rather than appended to.
    public let cacheLimits: SummaryCache.Limits
    /// The 64-bit hash of an id that copies are found by (`SeenIDs`, `CopyFilter`); tests give one that collides.
    let idHash: @Sendable (String) -> Int
    /// Records a stream checks before its table of ids is written out as a run (`SeenIDs`).
    var seenLimit = SeenIDs.standardLimit
    /// Where those runs go (an unlinked scratch file); nil: `$TMPDIR`, else `/tmp`.
    var scratchDirectory: String?

    public init(fileSystem: FileSystem, useCache: Bool = false, cacheLimits: SummaryCache.Limits = .standard) {
        self.init(fileSystem: fileSystem, useCache: useCache, cacheLimits: cacheLimits, idHash: { $0.hashValue })
    }

    init(fileSystem: FileSystem, useCache: Bool = false, cacheLimits: SummaryCache.Limits = .standard, idHash: @escaping @Sendable (String) -> Int) {
        self.fileSystem = fileSystem
        self.useCache = useCache
        self.cacheLimits = cacheLimits
        self.idHash = idHash
    }

    /// Files handled as one unit of parallel work: a stretch of one folder's names.
    struct Chunk: Sendable {
        var directory: String
        /// All the folder's names, in byte order (shared by the folder's chunks, not copied).
        var names: PackedNames
        /// Positions of this chunk's names; also where they sit in the folder.
        var range: Range<Int>

        /// The file of the summary at `offset` among those the chunk gave, skipping the `gaps`
        /// (positions of names that gave none, in order).
        func path(ofSummary offset: Int, gaps: [Int]) -> String {
            var position = offset
            for gap in gaps where gap <= position { position += 1 }
            return PathJoin.join(directory, names.string(range.lowerBound + position))
        }
    }

    typealias CachePiece = SummaryCache.Piece

    struct ChunkResult: Sendable {
        var folder = ""
        /// Summaries written at the chunk's place in the shared array (see `SummaryTarget`).
        var written = 0
        /// `idHash` of each summary's id.
        var idHashes: [Int] = []
        /// Fingerprints of the records' content (see `RecordCodec.check`), beside `idHashes`.
        var contents: [UInt64] = []
        /// Positions in the chunk of names that gave no summary (skipped): the few gaps between
        /// a summary's offset and its file's name.
        var gaps: [Int] = []
        var skipped: [SkippedRecord] = []
        var tampered: [String] = []
        var undigested: [String] = []
        var replaced: [String] = []
        var pieces: [CachePiece] = []
        var fresh: [UInt8] = []
        /// Thousands of records share a few course, unit and session names: one copy each.
        var interned: [String: String] = [:]
        var recent = RecentStrings()
        var parsed = 0
        var cached = 0
        /// With `sources`: the name of each summary written, as its place in the chunk's folder.
        var nameIndices: [UInt32] = []
        /// With `sources`: where each summary's items are in the cache read (`ItemSource.cacheEntries`), 0 when not there.
        var cacheEntries: [UInt64] = []
        /// Entries kept after a content check (only the ctime had moved): the cache is written again.
        var refreshed = 0
    }

    enum Prepared: Sendable {
        case listing(([Chunk], [SkippedRecord]))
        case cache(SummaryCache.Index?, SummaryCache.Problem?)
    }

    /// A results folder's record files in chunks, the files that cannot be records, and its summary
    /// cache (when used; a cache that cannot be used is added to `problems`). Listing the folders and
    /// reading the cache file use different resources: side by side.
    func prepare(root: String, problems: inout [CacheProblem]) -> (chunks: [Chunk], unusable: [SkippedRecord], cache: SummaryCache.Index?) {
        let prepared = ParallelMap.map([false, true], chunk: 1) { readCache -> Prepared in
            readCache
                ? (useCache ? { let loaded = SummaryCache.load(root: root, fileSystem: fileSystem); return .cache(loaded.index, loaded.problem) }() : .cache(nil, nil))
                : .listing(self.chunks(under: PathJoin.join(root, "attempts")))
        }
        var chunks: [Chunk] = []
        var unusable: [SkippedRecord] = []
        var cache: SummaryCache.Index?
        for part in prepared {
            switch part {
            case .listing(let listed): (chunks, unusable) = listed
            case .cache(let index, let problem):
                cache = index
                if let problem { problems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            }
        }
        return (chunks, unusable, cache)
    }

    /// `sources`: also note where each summary's file is, so that its items can be read again (see `ItemSource`).
    public func load(roots: [String], withItems: Bool, sources: Bool = false) -> Loaded {
        var result = Loaded()
        var copies = CopyFilter()
        for root in roots {
            let (chunks, unusable, cache) = prepare(root: root, problems: &result.cacheProblems)
            result.skipped += unusable
            // Chunks of one folder are next to each other: each folder once, by number.
            var chunkFolders: [Int] = []
            if sources {
                for chunk in chunks {
                    if result.folders.last?.directory != chunk.directory || chunkFolders.isEmpty {
                        result.folders.append(ItemSource.Folder(directory: chunk.directory, names: chunk.names))
                    }
                    chunkFolders.append(result.folders.count - 1)
                }
            }
            let box = CacheBox(cache: cache, number: result.caches.count)
            let entriesBefore = result.cacheEntries.count
            var uncopied = false
            if sources, let cache { result.caches.append(cache) }
            let strings = StringTable(cache?.strings ?? [])
            // Every chunk writes its summaries straight into its own stretch of one array, which is then
            // closed up in place: at province scale a copy would be tens of megabytes and a retain per string.
            var starts: [Int] = []
            starts.reserveCapacity(chunks.count)
            var capacity = 0
            for chunk in chunks {
                starts.append(capacity)
                capacity += chunk.range.count
            }
            var outcomes: [ChunkResult] = []
            var duplicates = 0
            var conflicts: [String] = []
            let earlier = result.summaries.count
            let summaries = [AttemptSummary](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                let target = SummaryTarget(base: buffer.baseAddress)
                let starts = starts
                outcomes = ParallelMap.map(Array(chunks.enumerated()), chunk: 1) { index, chunk in
                    process(
                        chunk, index: index, root: root, cache: box, strings: strings, withItems: withItems, sources: sources,
                        into: target.base.map { $0 + starts[index] })
                }
                // One results folder whose ids all hash differently (the usual case): no record can be
                // a copy of another, so the summaries are taken as they are. Otherwise every id is checked.
                let noCopies = roots.count == 1 && Self.allDistinct(outcomes.flatMap(\.idHashes))
                uncopied = noCopies
                var kept = 0
                for (position, outcome) in outcomes.enumerated() {
                    let source = buffer.baseAddress.map { $0 + starts[position] }
                    if noCopies {
                        if outcome.written > 0, kept != starts[position] {
                            (buffer.baseAddress! + kept).moveInitialize(from: source!, count: outcome.written)
                        }
                        kept += outcome.written
                        if sources {
                            let folder = UInt64(chunkFolders[position]) << 32
                            result.sources += outcome.nameIndices.map { folder | UInt64($0) }
                            result.cacheEntries += outcome.cacheEntries
                        }
                        continue
                    }
                    for (offset, hash) in outcome.idHashes.enumerated() {
                        let element = source! + offset
                        let verdict = copies.check(id: element.pointee.id, hash: hash, content: outcome.contents[offset], position: earlier + kept) { other in
                            other < earlier ? result.summaries[other].id : buffer[other - earlier].id
                        }
                        if verdict != .new {
                            duplicates += 1
                            if verdict == .conflict { conflicts.append(chunks[position].path(ofSummary: offset, gaps: outcome.gaps)) }
                            element.deinitialize(count: 1)
                            continue
                        }
                        if element != buffer.baseAddress! + kept { (buffer.baseAddress! + kept).moveInitialize(from: element, count: 1) }
                        kept += 1
                        if sources {
                            result.sources.append(UInt64(chunkFolders[position]) << 32 | UInt64(outcome.nameIndices[offset]))
                            result.cacheEntries.append(outcome.cacheEntries[offset])
                        }
                    }
                }
                initialized = kept
            }
            if earlier == 0 { result.summaries = summaries } else { result.summaries += summaries }
            result.duplicates += duplicates
            result.conflicts += conflicts
            var folders: [(folder: String, pieces: [CachePiece])] = []
            var fileCount = 0
            var misses = 0
            for outcome in outcomes {
                result.skipped += outcome.skipped
                result.tampered += outcome.tampered
                result.undigested += outcome.undigested
                result.replaced += outcome.replaced
                result.parsed += outcome.parsed
                result.cached += outcome.cached
                misses += outcome.parsed + outcome.refreshed
                fileCount += SummaryCache.entries(outcome.pieces)
                if useCache {
                    if folders.last?.folder == outcome.folder {
                        folders[folders.count - 1].pieces.appendMerging(contentsOf: outcome.pieces)
                    } else {
                        folders.append((outcome.folder, outcome.pieces))
                    }
                }
            }
            if useCache {
                let saved = SummaryCache.save(
                    root: root, fileSystem: fileSystem, old: cache, folders: folders, fresh: outcomes.map(\.fresh), strings: strings, limits: cacheLimits,
                    placing: sources)
                if let problem = saved.problem { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
                // Items parsed in this run are read back from the file just written, not from the records again.
                if sources, uncopied, let placement = saved.placement, placement.offsets.count == result.cacheEntries.count - entriesBefore,
                    let written = SummaryCache.reopen(root: root, fileSystem: fileSystem, placement: placement)
                {
                    let number = UInt64(box.number) << 48
                    for (k, offset) in placement.offsets.enumerated() { result.cacheEntries[entriesBefore + k] = number | UInt64(offset + 1) }
                    if box.number < result.caches.count { result.caches[box.number] = written } else { result.caches.append(written) }
                }
            }
            _ = (misses, fileCount)
            // The listing, the chunks' results and the cache index are freed on another core while this one goes on.
            BackgroundRelease.release((chunks, outcomes, box, folders))
        }
        return result
    }

    /// The same record copied from two PCs (or twice into one folder) counts once; one id with
    /// other content is a conflict (the first copy read is kept). Ids are hashed by the workers;
    /// the ids themselves are compared only when two hashes meet.
    struct CopyFilter {
        enum Verdict { case new, copy, conflict }

        /// Hash of an id kept so far → its position among the summaries and its content's fingerprint.
        private var kept: [Int: (position: Int, content: UInt64)] = [:]
        /// Ids whose hash met a different id's, with their content: checked exactly from then on.
        private var collided: [String: UInt64] = [:]

        /// Whether `id` is new (then kept at `position`), a copy of an id kept before, or the same id
        /// with other content. `idAt` gives the id kept at an earlier position.
        mutating func check(id: String, hash: Int, content: UInt64, position: Int, idAt: (Int) -> String) -> Verdict {
            if let first = collided[id] { return first == content ? .copy : .conflict }
            guard let other = kept[hash] else {
                kept[hash] = (position, content)
                return .new
            }
            let otherID = idAt(other.position)
            if otherID == id { return other.content == content ? .copy : .conflict }
            // Two ids, one hash: both are looked up by the id itself from now on.
            collided[otherID] = other.content
            collided[id] = content
            return .new
        }
    }

    /// Whether no two values are equal: one pass through an open-addressing table
    /// instead of sorting them.
    static func allDistinct(_ values: [Int]) -> Bool {
        guard values.count > 1 else { return true }
        var size = 16
        while size < values.count * 2 { size <<= 1 }
        let mask = size - 1
        // Any Int is a value, zero included: whether a slot is taken is kept apart.
        var table = [Int](repeating: 0, count: size)
        var used = [Bool](repeating: false, count: size)
        for value in values {
            var slot = Int(truncatingIfNeeded: UInt(bitPattern: value) &* 0x9E37_79B9_7F4A_7C15 >> 7) & mask
            while used[slot] {
                if table[slot] == value { return false }
                slot = (slot + 1) & mask
            }
            used[slot] = true
            table[slot] = value
        }
        return true
    }

    /// Leaf folders of records, cut into chunks of at most 512 files, in byte order of their paths
    /// (the order of the summary cache); and what cannot be read: symlinks, special files, folders
    /// that could not be listed.
    func chunks(under directory: String) -> ([Chunk], [SkippedRecord]) {
        var chunks: [Chunk] = []
        var unusable: [SkippedRecord] = []
        if fileSystem.info(directory)?.kind == .symlink { return ([], [SkippedRecord(path: directory, problem: .symlink)]) }
        // Folders a level at a time, each level listed on every core.
        var level = [directory]
        while !level.isEmpty {
            let listed = ParallelMap.map(level, chunk: 1) { list($0) }
            level = []
            for folder in listed {
                level += folder.subfolders
                unusable += folder.unusable
                chunks += Self.cut(directory: folder.directory, names: folder.names)
            }
        }
        chunks.sort {
            let folders = ByteOrder.compare($0.directory, $1.directory)
            return folders < 0 || (folders == 0 && $0.range.lowerBound < $1.range.lowerBound)
        }
        return (chunks, unusable.sorted { $0.path < $1.path })
    }

    /// One folder's record files (sorted in byte order), its subfolders, and what in it cannot be read.
    func list(_ directory: String) -> (directory: String, subfolders: [String], names: PackedNames, unusable: [SkippedRecord]) {
        var listing: FolderListing
        do throws(FileSystemError) {
            listing = try fileSystem.listFiles(directory, suffix: ".json")
        } catch {
            return (directory, [], PackedNames(), [SkippedRecord(path: directory, problem: .unreadable(error))])
        }
        var subfolders: [String] = [], unusable: [SkippedRecord] = []
        for entry in listing.others where !entry.name.hasPrefix(".") {
            let path = PathJoin.join(directory, entry.name)
            switch entry.kind {
            case .directory: subfolders.append(path)
            case .symlink: unusable.append(SkippedRecord(path: path, problem: .symlink))
            case .other where entry.name.hasSuffix(".json"):
                unusable.append(SkippedRecord(path: path, problem: .unreadable(.specialFile(path))))
            case .file, .other: continue
            }
        }
        listing.files.sort()
        return (directory, subfolders, listing.files, unusable)
    }

    /// A folder's names cut into chunks of at most 512.
    static func cut(directory: String, names: PackedNames) -> [Chunk] {
        var chunks: [Chunk] = []
        var start = 0
        while start < names.count {
            let end = min(start + 512, names.count)
            chunks.append(Chunk(directory: directory, names: names, range: start..<end))
            start = end
        }
        return chunks
    }

    /// Summaries go to `destination`, which has room for one per name.
    func process(
        _ chunk: Chunk, index chunkIndex: Int, root: String, cache: CacheBox, strings: StringTable, withItems: Bool, sources: Bool = false,
        into destination: UnsafeMutablePointer<AttemptSummary>?
    ) -> ChunkResult {
        var out = ChunkResult()
        out.idHashes.reserveCapacity(chunk.range.count)
        out.contents.reserveCapacity(chunk.range.count)
        let prefix = root.hasSuffix("/") ? root.count : root.count + 1
        out.folder = String(chunk.directory.dropFirst(prefix))
        // One folder open for all the status checks of a warm run.
        let infos = cache.cache == nil ? [] : fileSystem.infos(in: chunk.directory, names: chunk.names, range: chunk.range)
        let slots = cache.cache?.folders[out.folder] ?? SummaryCache.Offsets([])
        // Items are cached whenever a report reads them (`sources`: `report items`, regrade), so that the next run need not.
        let cacheItems = withItems || sources
        for (position, index) in chunk.range.enumerated() {
            if let cached = cache.cache, let slot = chunk.names.withName(index, { cached.slot(in: slots, name: $0, hint: index) }),
                let info = infos[position], info.kind == .file, !cacheItems || slot.hasItems
            {
                let key = SummaryCache.Key(info)
                // Only the ctime moved (chmod, a hard link): the entry stands if the bytes are the same.
                let sameBytes = key.onlyChangeTimeDiffers(from: slot.key) && {
                    let path = PathJoin.join(chunk.directory, chunk.names.string(index))
                    guard let bytes = try? fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes) else { return false }
                    return FastChecksum.of(bytes[...]) == slot.checksum
                }()
                if key == slot.key || sameBytes,
                    let (summary, integrity, content) = SummaryCache.decode(cached, slot: slot, withItems: withItems, shared: &out.recent)
                {
                    out.cached += 1
                    if sameBytes {
                        // Written again with the new ctime, so that the next run does not read the file.
                        let start = out.fresh.count
                        SummaryCache.rekeyed(cached, slot: slot, key: key, into: &out.fresh)
                        out.pieces.appendMerging(.fresh(chunk: chunkIndex, range: start..<out.fresh.count, count: 1))
                        out.refreshed += 1
                    } else {
                        out.pieces.appendMerging(.kept(slot.range, count: 1))
                    }
                    if sources {
                        out.nameIndices.append(UInt32(index))
                        out.cacheEntries.append(slot.hasItems ? UInt64(cache.number) << 48 | UInt64(slot.offset + 1) : 0)
                    }
                    note(
                        summary, integrity: integrity, content: content, shared: true, path: { PathJoin.join(chunk.directory, chunk.names.string(index)) }, into: &out,
                        destination)
                    continue
                }
            }
            let name = chunk.names.string(index)
            let path = PathJoin.join(chunk.directory, name)
            out.parsed += 1
            switch summarize(path, withItems: withItems || (useCache && cacheItems)) {
            case .failure(let skipped):
                out.skipped.append(skipped)
                out.gaps.append(position)
            case .success(var entry):
                if useCache {
                    let start = out.fresh.count
                    SummaryCache.encode(
                        name: name, key: SummaryCache.Key(entry.info), checksum: entry.checksum, integrity: entry.integrity, content: entry.content,
                        summary: entry.summary, withItems: cacheItems, strings: strings, into: &out.fresh)
                    out.pieces.appendMerging(.fresh(chunk: chunkIndex, range: start..<out.fresh.count, count: 1))
                    if !withItems { entry.summary.items = [] }
                }
                if sources {
                    out.nameIndices.append(UInt32(index))
                    out.cacheEntries.append(0)
                }
                note(entry.summary, integrity: entry.integrity, content: entry.content, path: { path }, into: &out, destination)
            }
        }
        return out
    }

    /// `shared`: course and session already come as shared copies (decoded from the cache).
    func note(
        _ summary: AttemptSummary, integrity: Integrity, content: UInt64, shared: Bool = false, path: () -> String, into out: inout ChunkResult,
        _ destination: UnsafeMutablePointer<AttemptSummary>?
    ) {
        if integrity == .mismatch { out.tampered.append(path()) }
        if integrity == .missing { out.undigested.append(path()) }
        var summary = summary
        func intern(_ s: String) -> String {
            // Up to 15 bytes a string is stored inline: nothing to share.
            if s.utf8.count <= 15 { return s }
            if let existing = out.interned[s] { return existing }
            out.interned[s] = s
            return s
        }
        summary.trainee.unit = intern(summary.trainee.unit)
        if !shared {
            summary.course = intern(summary.course)
            if let session = summary.session { summary.session = intern(session) }
        }
        if let replaced = summary.supersedes { out.replaced.append(replaced) }
        out.idHashes.append(idHash(summary.id))
        out.contents.append(content)
        // At most one summary per name, and the destination has room for every name.
        (destination! + out.written).initialize(to: summary)
        out.written += 1
    }

    public struct Entry: Sendable {
        public var path: String
        public var summary: AttemptSummary
        public var integrity: Integrity
        /// Fingerprint of the record's content (see `RecordCodec.check`).
        public var content: UInt64
        public var info: FileInfo
        /// `FastChecksum` of the record's bytes (kept in its cache entry).
        public var checksum: UInt64
    }

    func summarize(_ path: String, withItems: Bool) -> Result<Entry, SkippedRecord> {
        let bytes: [UInt8]
        let info: FileInfo
        do {
            (bytes, info) = try fileSystem.readFileWithInfo(path, limit: RecordScanner.maximumRecordBytes)
        } catch .tooLarge(_, let size) {
            return .failure(SkippedRecord(path: path, problem: .tooLarge(size: size)))
        } catch .notRegularFile, .symlink {
            return .failure(SkippedRecord(path: path, problem: .symlink))
        } catch {
            return .failure(SkippedRecord(path: path, problem: .unreadable(error)))
        }
        switch Self.summary(of: bytes, withItems: withItems) {
        case .success(let read):
            return .success(
                Entry(path: path, summary: read.summary, integrity: read.integrity, content: read.content, info: info, checksum: FastChecksum.of(bytes[...])))
        case .failure(let problem):
            return .failure(SkippedRecord(path: path, problem: problem))
        }
    }

    /// A record's summary and integrity, read from its bytes as every report reads them (the attempt
    /// index keeps what this gives for the unit view).
    static func summary(of bytes: [UInt8], withItems: Bool) -> Result<(summary: AttemptSummary, integrity: Integrity, content: UInt64), RecordProblem> {
        // Fast path: scan the fields and check the digest on the bytes.
        if let summary = bytes.withUnsafeBufferPointer({ AttemptSummary.scan($0, withItems: withItems) }) {
            let (integrity, content) = RecordCodec.check(bytes)
            return .success((summary, integrity, content))
        }
        // Anything unusual: the full decoder (the one the shell and regrade use), which also says what is wrong.
        do {
            let (record, integrity, content) = try RecordCodec.decodeChecked(bytes, as: AttemptRecord.self)
            var summary = AttemptSummary(record)
            if !withItems { summary.items = [] }
            return .success((summary, integrity, content))
        } catch {
            return .failure(error)
        }
    }
}

/// Where the workers write summaries: each chunk only into its own stretch.
struct SummaryTarget: @unchecked Sendable {
    let base: UnsafeMutablePointer<AttemptSummary>?
}

/// The loaded cache, shared read-only by the workers.
final class CacheBox: Sendable {
    let cache: SummaryCache.Index?
    /// Its place among the caches of the load (`Loaded.caches`).
    let number: Int
    init(cache: SummaryCache.Index?, number: Int = 0) {
        self.cache = cache
        self.number = number
    }
}

/// A report cache file that could not be used, and why.
public struct CacheProblem: Sendable, Equatable {
    public var path: String
    public var problem: SummaryCache.Problem
}
