/// Attempt summaries handed to a report a stretch at a time, never all held (issues 17 and 21).
///
/// `AttemptLoader.load` gives every summary in one array (about 250 bytes an attempt: a
/// million attempts are a quarter of a gigabyte before a report starts). `stream` reads the
/// same files in the same order, on every core, a group of chunks at a time, and hands each
/// group's summaries to the caller, which sums what it needs and lets them go.
///
/// What the array path decides over the whole set is decided here as the files pass:
/// - **Copies and conflicts** (the same record in two `--results` folders): `SeenIDs` keeps,
///   for every id kept so far, a 64-bit hash of the id and the content's fingerprint (16 bytes,
///   not the id), and gives the same verdict as `CopyFilter`: the first copy read is kept, a later
///   one with the same content is a copy, with other content a conflict. A hash met again with
///   other content may also be another id with the same hash: then the pass is made once more
///   with the ids of those hashes compared exactly (`Streamed.unsure`).
/// - **Regraded attempts** (an id some record's `supersedes` names) are left out when the
///   name was read before the attempt. One read after it (the regrade's file sorts later)
///   is noticed at the end (`Streamed.late`); the caller then streams again with every
///   replaced id known from the start (`RecordSet.streamAttempts` does), so the result is
///   exactly the array path's, at the cost of a second pass when it happens.
/// - Skipped, tampered, undigested, conflicting: the same lists, in the same order.
extension AttemptLoader {
    public struct Streamed: Sendable {
        public var skipped: [SkippedRecord] = []
        public var tampered: [String] = []
        public var undigested: [String] = []
        public var duplicates = 0
        public var conflicts: [String] = []
        /// Every id a record's `supersedes` names (of every record read, copies included, as `load`).
        public var replaced: Set<String> = []
        /// A replaced attempt was handed over before its replacement was read: stream again knowing `replaced`.
        public var late = false
        /// Id hashes met again with other content (a conflict, or two ids with one hash), or kept in two runs
        /// of the table of ids (`SeenIDs.settle`): stream again with them `exact`.
        public var unsure: Set<Int> = []
        /// Copies of ids read more than a window earlier (`SeenIDs.settle`): stream again with this plan.
        var plan: SeenIDs.CopyPlan?
        /// Why the table of ids could not be written out (held in memory instead) or read back.
        public var spillProblem: String?
        /// The runs or the plan could not be read back: the next pass must keep its table in memory.
        public var spillUnreadable = false
        public var cacheProblems: [CacheProblem] = []
        public var parsed = 0
        public var cached = 0
        /// Summaries handed over.
        public var handed = 0
        /// Units and courses named by the summaries handed over (filters and unit lists need them).
        public var units: Set<String> = []
        public var courses: Set<String> = []
    }

    /// Chunks (of up to 512 files) read in one group: a few thousand summaries held at a time.
    public static let streamGroup = 16

    /// Reads every attempt under `roots` and hands the summaries that count (copies, conflicts and
    /// replaced attempts left out, as `load` and `RecordSet.load` leave them out) to `consume`, a
    /// group at a time, in the order `load` gives them. `replaced`: ids known to be replaced;
    /// `exact`: id hashes whose ids are compared exactly (see `SeenIDs`); `spill`: whether the table
    /// of ids may be written out in runs (`seenLimit`).
    ///
    /// The record folders are listed one at a time as the reading reaches them (`FolderWalk`), so
    /// only the names of the folders being read are held, and the cache's entries are kept for its
    /// next write as runs (`SummaryCache.Piece`), not one by one.
    func stream(
        roots: [String], withItems: Bool, replaced known: Set<String> = [], exact: Set<Int> = [], plan: SeenIDs.CopyPlan? = nil,
        spill: Bool = true, group: Int = AttemptLoader.streamGroup, consume: ([AttemptSummary]) -> Void
    ) -> Streamed {
        var result = Streamed()
        result.replaced = known
        var seen = SeenIDs(exact: exact, limit: spill ? seenLimit : .max, scratchDirectory: scratchDirectory, plan: spill ? plan : nil)
        for root in roots {
            var cache: SummaryCache.Index?
            if useCache {
                let loaded = SummaryCache.load(root: root, fileSystem: fileSystem)
                cache = loaded.index
                if let problem = loaded.problem { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            }
            var walk = FolderWalk(loader: self, directory: PathJoin.join(root, "attempts"))
            // Listed but not yet read.
            var queue: [Chunk] = []
            var skipped: [SkippedRecord] = []
            let box = CacheBox(cache: cache)
            let strings = StringTable(cache?.strings ?? [])
            // No usable cache: the new one is written as the groups are read, not held to the end.
            var writer = useCache && (cache == nil || cache!.damaged)
                ? StreamingCacheWriter(root: root, fileSystem: fileSystem, strings: strings, old: cache, limits: cacheLimits) : nil
            var folders: [(folder: String, pieces: [CachePiece])] = []
            // New cache entries, by chunk (as `load` keeps them for `writeCache`).
            var fresh: [[UInt8]] = []
            // Each chunk's entries in read order, beside `fresh` (for a switch to `writer`).
            var chunkPieces: [(folder: String, pieces: [CachePiece])] = []
            var freshBytes = 0
            // The number (as `load` numbers them) of the first chunk in `queue`.
            var start = 0
            while true {
                while queue.count < max(1, group), let listed = walk.next() { queue += listed }
                if queue.isEmpty { break }
                let groupChunks = Array(queue.prefix(max(1, group)))
                queue.removeFirst(groupChunks.count)
                var offsets: [Int] = []
                var capacity = 0
                for chunk in groupChunks {
                    offsets.append(capacity)
                    capacity += chunk.range.count
                }
                let buffer = UnsafeMutablePointer<AttemptSummary>.allocate(capacity: max(capacity, 1))
                let target = SummaryTarget(base: buffer)
                let groupStart = start
                let outcomes = ParallelMap.map(Array(0..<groupChunks.count), chunk: 1) { [offsets, groupChunks] k -> ChunkResult in
                    process(
                        groupChunks[k], index: groupStart + k, root: root, cache: box, strings: strings, withItems: withItems,
                        into: target.base.map { $0 + offsets[k] })
                }
                // The group's replacements first: an attempt replaced within the group is never handed over.
                for outcome in outcomes { result.replaced.formUnion(outcome.replaced) }
                var batch: [AttemptSummary] = []
                batch.reserveCapacity(capacity)
                for (k, outcome) in outcomes.enumerated() {
                    let base = buffer + offsets[k]
                    for offset in 0..<outcome.written {
                        let element = base + offset
                        switch seen.check(hash: outcome.idHashes[offset], content: outcome.contents[offset], id: { element.pointee.id }) {
                        case .copy:
                            result.duplicates += 1
                            element.deinitialize(count: 1)
                        case .conflict:
                            result.duplicates += 1
                            result.conflicts.append(groupChunks[k].path(ofSummary: offset, gaps: outcome.gaps))
                            element.deinitialize(count: 1)
                        case .unsure:
                            // Counted as a conflict for now; the pass is made again with the ids compared exactly.
                            result.unsure.insert(outcome.idHashes[offset])
                            result.duplicates += 1
                            result.conflicts.append(groupChunks[k].path(ofSummary: offset, gaps: outcome.gaps))
                            element.deinitialize(count: 1)
                        case .new(let slot):
                            if !result.replaced.isEmpty, result.replaced.contains(element.pointee.id) {
                                seen.markLeftOut(slot)
                                element.deinitialize(count: 1)
                                continue
                            }
                            let summary = element.move()
                            result.units.insert(summary.trainee.unit)
                            result.courses.insert(summary.course)
                            batch.append(summary)
                        }
                    }
                }
                buffer.deallocate()
                result.handed += batch.count
                consume(batch)
                batch = []
                for outcome in outcomes {
                    skipped += outcome.skipped
                    result.tampered += outcome.tampered
                    result.undigested += outcome.undigested
                    result.parsed += outcome.parsed
                    result.cached += outcome.cached
                    if writer != nil {
                        writer!.add(folder: outcome.folder, pieces: outcome.pieces, fresh: outcome.fresh)
                    } else if useCache {
                        fresh.append(outcome.fresh)
                        freshBytes += outcome.fresh.count
                        chunkPieces.append((outcome.folder, outcome.pieces))
                        if folders.last?.folder == outcome.folder {
                            folders[folders.count - 1].pieces.appendMerging(contentsOf: outcome.pieces)
                        } else {
                            folders.append((outcome.folder, outcome.pieces))
                        }
                    }
                }
                // Much is new although there is a cache (items asked of a cache made by `report scores`, many
                // records changed): rather than hold every new entry to the end, the file is rewritten as the
                // reading goes, from what was read so far on.
                if writer == nil, useCache, freshBytes > min(StreamingCacheWriter.switchBytes, cacheLimits.segmentBytes) {
                    var replacement = StreamingCacheWriter(root: root, fileSystem: fileSystem, strings: strings, old: cache, limits: cacheLimits)
                    for (index, piece) in chunkPieces.enumerated() {
                        replacement.add(folder: piece.folder, pieces: piece.pieces, fresh: fresh[index])
                        replacement.flushIfLarge()
                    }
                    writer = replacement
                    (folders, fresh, chunkPieces, freshBytes) = ([], [], [], 0)
                }
                writer?.flushIfLarge()
                // The pages of the cache read so far leave this process (the kernel keeps them cached).
                cache?.file.release()
                start += groupChunks.count
            }
            // What could not be listed first (sorted, as `chunks(under:)` gives it), then what could not be read.
            result.skipped += walk.unusable.sorted { $0.path < $1.path } + skipped
            if var writer {
                if let problem = writer.finish() { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            } else if useCache {
                // The cache decides whether anything is new: it appends a segment, compacts, or writes nothing.
                let saved = SummaryCache.save(
                    root: root, fileSystem: fileSystem, old: cache, folders: folders, fresh: fresh, strings: strings, limits: cacheLimits, placing: false)
                if let problem = saved.problem { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            }
            BackgroundRelease.release((box, folders, fresh))
        }
        // A replaced attempt handed over before the record naming it was read; ids kept in two windows.
        let settled = seen.settle(replaced: result.replaced, hash: idHash)
        result.late = settled.late
        result.unsure.formUnion(settled.repeated)
        result.plan = settled.plan
        result.spillProblem = seen.spillProblem ?? seen.unreadableRuns ?? seen.unreadablePlan ?? settled.plan?.problem
        if seen.unreadableRuns != nil || seen.unreadablePlan != nil || settled.plan?.problem != nil {
            // What the runs or the plan held is unknown: another pass, with the table in memory.
            result.spillUnreadable = true
        }
        return result
    }
}

/// The record folders under a results folder's `attempts`, listed one at a time in the order
/// `AttemptLoader.chunks(under:)` gives them (byte order of their paths): the folder listed next is
/// always the least of those found and not yet listed, and a folder's subfolders sort after it, so
/// no folder that sorts before it can still be unfound. Only the pending folders' paths are held.
struct FolderWalk {
    let loader: AttemptLoader
    /// Found, not yet listed; greatest first (the next is the last).
    private var pending: [String] = []
    /// Symlinks, special files and folders that could not be listed, as met.
    private(set) var unusable: [SkippedRecord] = []

    init(loader: AttemptLoader, directory: String) {
        self.loader = loader
        if loader.fileSystem.info(directory)?.kind == .symlink {
            unusable = [SkippedRecord(path: directory, problem: .symlink)]
        } else {
            pending = [directory]
        }
    }

    /// The chunks of the next folder (none for a folder with no records); nil when every folder was listed.
    mutating func next() -> [AttemptLoader.Chunk]? {
        guard let directory = pending.popLast() else { return nil }
        let listed = loader.list(directory)
        unusable += listed.unusable
        for folder in listed.subfolders {
            // Greatest first: after every folder greater than this one.
            var low = 0
            var high = pending.count
            while low < high {
                let mid = (low + high) / 2
                if ByteOrder.compare(pending[mid], folder) > 0 { low = mid + 1 } else { high = mid }
            }
            pending.insert(folder, at: low)
        }
        return AttemptLoader.cut(directory: directory, names: listed.names)
    }
}

extension RecordSet {
    /// The attempts of `roots` streamed into `consumer` (see `AttemptLoader.stream`), with the
    /// record set's lists (skipped, tampered, conflicts…) filled as `load` fills them; `attempts`
    /// stays empty. When a replaced attempt was handed over before its replacement was read, or
    /// an id's hash was met again with other content (`Streamed.unsure`), the consumer starts
    /// again (`reset`) and the attempts are streamed once more, knowing what the first pass found.
    public mutating func streamAttempts<Consumer>(
        roots: [String], fileSystem: FileSystem, withItems: Bool, useCache: Bool, group: Int = AttemptLoader.streamGroup, consumer: inout Consumer,
        reset: () -> Consumer, consume: (inout Consumer, [AttemptSummary]) -> Void
    ) {
        streamAttempts(
            loader: AttemptLoader(fileSystem: fileSystem, useCache: useCache), roots: roots, withItems: withItems, group: group, consumer: &consumer,
            reset: reset, consume: consume)
    }

    /// `streamAttempts` with the loader given (tests give one with another id hash).
    mutating func streamAttempts<Consumer>(
        loader: AttemptLoader, roots: [String], withItems: Bool, group: Int = AttemptLoader.streamGroup, consumer: inout Consumer,
        reset: () -> Consumer, consume: (inout Consumer, [AttemptSummary]) -> Void
    ) {
        var streamed = loader.stream(roots: roots, withItems: withItems, group: group) { consume(&consumer, $0) }
        streamPasses = 1
        if streamed.late || !streamed.unsure.isEmpty || streamed.plan != nil || streamed.spillUnreadable {
            let first = streamed
            consumer = reset()
            // Windows as in the first pass (none if it could not write them out), so the plan fits.
            streamed = loader.stream(
                roots: roots, withItems: withItems, replaced: first.replaced, exact: first.unsure, plan: first.plan, spill: first.spillProblem == nil,
                group: group
            ) { consume(&consumer, $0) }
            streamPasses = 2
            // Something left to settle: records changed between the passes, or a scratch file could not be read
            // back. A last pass with the table in memory (no windows) settles it.
            if !streamed.unsure.isEmpty || streamed.plan != nil || streamed.spillUnreadable {
                let second = streamed
                consumer = reset()
                streamed = loader.stream(
                    roots: roots, withItems: withItems, replaced: second.replaced, exact: first.unsure.union(second.unsure), spill: false, group: group
                ) { consume(&consumer, $0) }
                streamed.spillProblem = streamed.spillProblem ?? second.spillProblem
                streamPasses = 3
            }
            streamed.spillProblem = streamed.spillProblem ?? first.spillProblem
        }
        parsedRecords = streamed.parsed
        cachedRecords = streamed.cached
        skipped += streamed.skipped
        tampered += streamed.tampered
        undigested += streamed.undigested
        duplicates += streamed.duplicates
        conflicts += streamed.conflicts
        cacheProblems += streamed.cacheProblems
        attemptUnits = streamed.units
        attemptCourses = streamed.courses
        streamedAttempts = streamed.handed
        idSpillProblem = streamed.spillProblem
    }
}
