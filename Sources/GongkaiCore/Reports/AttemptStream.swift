/// Attempt summaries handed to a report a stretch at a time, never all held (issues 17 and 21).
///
/// `AttemptLoader.load` gives every summary in one array (about 250 bytes an attempt: a
/// million attempts are a quarter of a gigabyte before a report starts). `stream` reads the
/// same files in the same order, on every core, a group of chunks at a time, and hands each
/// group's summaries to the caller, which sums what it needs and lets them go.
///
/// What the array path decides over the whole set is decided here as the files pass:
/// - **Copies and conflicts** (the same record in two `--results` folders): `SeenIDs` keeps,
///   for every id kept so far, two independent 64-bit hashes of the id and the content's
///   fingerprint (24 bytes, not the id), and gives the same verdict as `CopyFilter`: the
///   first copy read is kept, a later one with the same content is a copy, with other
///   content a conflict. Two different ids are taken for one only if both hashes meet
///   (about n² / 2¹²⁹: never, at any size a machine can hold).
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
    /// group at a time, in the order `load` gives them. `replaced`: ids known to be replaced.
    public func stream(
        roots: [String], withItems: Bool, replaced known: Set<String> = [], group: Int = AttemptLoader.streamGroup,
        consume: ([AttemptSummary]) -> Void
    ) -> Streamed {
        var result = Streamed()
        result.replaced = known
        var seen = SeenIDs()
        for root in roots {
            let (chunks, unusable, cache) = prepare(root: root, problems: &result.cacheProblems)
            result.skipped += unusable
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
            var fileCount = 0
            var misses = 0
            var start = 0
            while start < chunks.count {
                let end = min(start + max(1, group), chunks.count)
                var offsets: [Int] = []
                var capacity = 0
                for index in start..<end {
                    offsets.append(capacity)
                    capacity += chunks[index].range.count
                }
                let buffer = UnsafeMutablePointer<AttemptSummary>.allocate(capacity: max(capacity, 1))
                let target = SummaryTarget(base: buffer)
                let groupStart = start
                let outcomes = ParallelMap.map(Array(0..<(end - start)), chunk: 1) { [offsets, chunks] k -> ChunkResult in
                    process(
                        chunks[groupStart + k], index: groupStart + k, root: root, cache: box, strings: strings, withItems: withItems,
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
                        switch seen.check(outcome.idHashes[offset], outcome.idHashes2[offset], content: outcome.contents[offset]) {
                        case .copy:
                            result.duplicates += 1
                            element.deinitialize(count: 1)
                        case .conflict:
                            result.duplicates += 1
                            result.conflicts.append(chunks[groupStart + k].path(ofSummary: offset, gaps: outcome.gaps))
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
                    result.skipped += outcome.skipped
                    result.tampered += outcome.tampered
                    result.undigested += outcome.undigested
                    result.parsed += outcome.parsed
                    result.cached += outcome.cached
                    misses += outcome.parsed + outcome.refreshed
                    fileCount += outcome.pieces.count
                    if writer != nil {
                        writer!.add(folder: outcome.folder, pieces: outcome.pieces, fresh: outcome.fresh)
                    } else if useCache {
                        fresh.append(outcome.fresh)
                        freshBytes += outcome.fresh.count
                        chunkPieces.append((outcome.folder, outcome.pieces))
                        if folders.last?.folder == outcome.folder {
                            folders[folders.count - 1].pieces += outcome.pieces
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
                start = end
            }
            if var writer {
                if let problem = writer.finish() { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            } else if useCache {
                // The cache decides whether anything is new: it appends a segment, compacts, or writes nothing.
                let saved = SummaryCache.save(
                    root: root, fileSystem: fileSystem, old: cache, folders: folders, fresh: fresh, strings: strings, limits: cacheLimits)
                if let problem = saved.problem { result.cacheProblems.append(CacheProblem(path: SummaryCache.path(root: root), problem: problem)) }
            }
            _ = (misses, fileCount)
            BackgroundRelease.release((chunks, box, folders, fresh))
        }
        // A replaced attempt handed over before the record naming it was read.
        for id in result.replaced where seen.wasHanded(id) {
            result.late = true
            break
        }
        return result
    }
}

/// The ids kept so far by a streamed pass, as two 64-bit hashes each and the content's
/// fingerprint: an open-addressing table of 25 bytes a slot, never the ids themselves.
struct SeenIDs {
    enum Verdict: Equatable {
        case new(Int)
        case copy
        case conflict
    }

    private var first: [Int] = []
    private var second: [Int] = []
    private var contents: [UInt64] = []
    /// 0: empty, 1: kept and handed over, 2: kept but left out (replaced).
    private var states: [UInt8] = []
    private var count = 0

    /// A hash of the id independent of `hashValue` (the same seed, another input).
    static func secondHash(_ id: String) -> Int {
        var hasher = Hasher()
        hasher.combine(0x6B43_A9B5_2D7E_19F1 as UInt64)
        hasher.combine(id)
        return hasher.finalize()
    }

    private func home(_ hash: Int, mask: Int) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: hash) &* 0x9E37_79B9_7F4A_7C15 >> 17) & mask
    }

    /// Where `(a, b)` is, or the empty slot where it would go.
    private func find(_ a: Int, _ b: Int) -> Int {
        let mask = states.count - 1
        var slot = home(a, mask: mask)
        while states[slot] != 0 {
            if first[slot] == a, second[slot] == b { return slot }
            slot = (slot + 1) & mask
        }
        return slot
    }

    private mutating func grow() {
        let old = (first, second, contents, states)
        let size = max(1024, states.count * 2)
        first = [Int](repeating: 0, count: size)
        second = [Int](repeating: 0, count: size)
        contents = [UInt64](repeating: 0, count: size)
        states = [UInt8](repeating: 0, count: size)
        for index in old.3.indices where old.3[index] != 0 {
            let slot = find(old.0[index], old.1[index])
            first[slot] = old.0[index]
            second[slot] = old.1[index]
            contents[slot] = old.2[index]
            states[slot] = old.3[index]
        }
    }

    /// The verdict of `CopyFilter.check`: an id met for the first time is kept (at the slot given).
    mutating func check(_ a: Int, _ b: Int, content: UInt64) -> Verdict {
        if (count + 1) * 4 > states.count * 3 { grow() }
        let slot = find(a, b)
        if states[slot] != 0 { return contents[slot] == content ? .copy : .conflict }
        first[slot] = a
        second[slot] = b
        contents[slot] = content
        states[slot] = 1
        count += 1
        return .new(slot)
    }

    mutating func markLeftOut(_ slot: Int) { states[slot] = 2 }

    /// Whether an attempt with this id was kept and handed over.
    func wasHanded(_ id: String) -> Bool {
        guard !states.isEmpty else { return false }
        let slot = find(id.hashValue, Self.secondHash(id))
        return states[slot] == 1
    }
}

extension RecordSet {
    /// The attempts of `roots` streamed into `consumer` (see `AttemptLoader.stream`), with the
    /// record set's lists (skipped, tampered, conflicts…) filled as `load` fills them; `attempts`
    /// stays empty. When a replaced attempt was handed over before its replacement was read,
    /// the consumer starts again (`reset`) and the attempts are streamed once more.
    public mutating func streamAttempts<Consumer>(
        roots: [String], fileSystem: FileSystem, withItems: Bool, useCache: Bool, group: Int = AttemptLoader.streamGroup, consumer: inout Consumer,
        reset: () -> Consumer, consume: (inout Consumer, [AttemptSummary]) -> Void
    ) {
        let loader = AttemptLoader(fileSystem: fileSystem, useCache: useCache)
        var streamed = loader.stream(roots: roots, withItems: withItems, group: group) { consume(&consumer, $0) }
        if streamed.late {
            consumer = reset()
            streamed = loader.stream(roots: roots, withItems: withItems, replaced: streamed.replaced, group: group) { consume(&consumer, $0) }
            streamPasses = 2
        } else {
            streamPasses = 1
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
    }
}
