import Foundation
import Testing

@testable import GongkaiCore

/// What every streamed report pays whatever it reports (issue 21, "the floor"): the table of ids
/// seen (`SeenIDs`), the folders listed one at a time (`FolderWalk`) and the cache's entries kept
/// as runs (`SummaryCache.Piece`). Each keeps the results of what it replaced.
@Suite("Stream floor")
struct StreamFloorTests {
    /// Hashes that collide on purpose: `SeenIDs` must still give `CopyFilter`'s verdicts.
    static let hashes: [(name: String, hash: @Sendable (String) -> Int)] = [
        ("hashValue", { $0.hashValue }),
        // Seven values, spread over the tables.
        ("seven", { Int(bitPattern: UInt(truncatingIfNeeded: $0.utf8.count % 7) &* 0x9E37_79B9_7F4A_7C15) }),
        // One value (zero: its low bits are those of an empty slot).
        ("zero", { _ in 0 }),
        // The top byte only: every id in one table at one home.
        ("top byte", { Int(bitPattern: UInt($0.utf8.last ?? 0) << 56) }),
    ]

    /// Ids mostly new, some met again with the same or other content.
    static func sequence(seed: UInt64, count: Int) -> [(id: String, content: UInt64)] {
        var generator = SeededGenerator(seed: seed)
        var ids: [String] = []
        var steps: [(String, UInt64)] = []
        for step in 0..<count {
            let id = ids.isEmpty || generator.below(3) != 0 ? "id-\(step)" : ids[generator.below(ids.count)]
            ids.append(id)
            // A fingerprint of the content: the same for a copy, other for another version (or another id).
            let version = generator.below(2)
            steps.append((id, UInt64(bitPattern: Int64("\(id)|\(version)".hashValue))))
        }
        return steps
    }

    /// `CopyFilter`'s verdicts on `steps`, and the ids it kept.
    static func verdicts(_ steps: [(id: String, content: UInt64)], hash: (String) -> Int) -> ([AttemptLoader.CopyFilter.Verdict], [String]) {
        var reference = AttemptLoader.CopyFilter()
        var kept: [String] = []
        let expected = steps.map { step -> AttemptLoader.CopyFilter.Verdict in
            let verdict = reference.check(id: step.id, hash: hash(step.id), content: step.content, position: kept.count) { kept[$0] }
            if verdict == .new { kept.append(step.id) }
            return verdict
        }
        return (expected, kept)
    }

    @Test(arguments: 0..<4)
    func copiesAndConflictsGetTheVerdictsOfTheCopyFilterInAtMostTwoPasses(hashIndex: Int) {
        let hash = Self.hashes[hashIndex].hash
        let steps = Self.sequence(seed: 5, count: 3000)
        let (expected, kept) = Self.verdicts(steps, hash: hash)
        #expect(expected.contains(.conflict) && expected.contains(.copy) && expected.contains(.new))
        // First pass: every verdict it is sure of is right; the others are named by hash.
        var first = SeenIDs()
        var unsure: Set<Int> = []
        for (step, want) in zip(steps, expected) {
            switch first.check(hash: hash(step.id), content: step.content, id: { step.id }) {
            case .new: #expect(want == .new, "\(step.id)")
            case .copy: #expect(want == .copy, "\(step.id)")
            case .conflict: Issue.record("a conflict is never sure without the ids: \(step.id)")
            case .unsure:
                #expect(want != .new || hash(step.id) != step.id.hashValue, "a new id is unsure only when hashes collide: \(step.id)")
                unsure.insert(hash(step.id))
            }
        }
        #expect(!unsure.isEmpty, "the conflicts were not sure")
        // Second pass: exactly the reference.
        var second = SeenIDs(exact: unsure)
        for (step, want) in zip(steps, expected) {
            let verdict = second.check(hash: hash(step.id), content: step.content, id: { step.id })
            switch (verdict, want) {
            case (.new, .new), (.copy, .copy), (.conflict, .conflict): break
            default: Issue.record("\(Self.hashes[hashIndex].name) \(step.id): \(verdict) against \(want)")
            }
        }
        #expect(second.count == kept.count)
    }

    @Test(arguments: 0..<4)
    func attemptsLeftOutAreNotHanded(hashIndex: Int) {
        let hash = Self.hashes[hashIndex].hash
        // Colliding hashes are compared exactly, as in a second pass; with `hashValue` a few of them.
        let exact = Set((0..<50).filter { hashIndex != 0 || $0 % 7 == 0 }.map { hash("a\($0)") })
        var seen = SeenIDs(exact: exact)
        for index in 0..<50 {
            let id = "a\(index)"
            guard case .new(let slot) = seen.check(hash: hash(id), content: UInt64(index), id: { id }) else {
                Issue.record("\(id) is new")
                continue
            }
            if index % 2 == 1 { seen.markLeftOut(slot) }
        }
        for index in 0..<50 { #expect(seen.wasHanded("a\(index)", hash: hash("a\(index)")) == (index % 2 == 0), "a\(index)") }
        #expect(!seen.wasHanded("never", hash: hash("never")))
        #expect(seen.count == 50)
    }

    @Test func theTableGrowsAQuarterAtATimeAndKeepsEveryID() {
        var seen = SeenIDs()
        let count = 200_000
        for index in 0..<count {
            let id = "attempt-\(index)"
            guard case .new = seen.check(hash: id.hashValue, content: UInt64(index), id: { id }) else {
                Issue.record("\(id) is new")
                return
            }
        }
        #expect(seen.count == count)
        // At most three quarters full, at least a half after growing by a quarter (with room for the smallest tables).
        #expect(seen.capacity * 3 >= count * 4)
        #expect(seen.capacity <= count * 2, "\(seen.capacity) slots for \(count) ids")
        for index in stride(from: 0, to: count, by: 997) {
            let id = "attempt-\(index)"
            #expect(seen.check(hash: id.hashValue, content: UInt64(index), id: { id }) == .copy)
            #expect(seen.check(hash: id.hashValue, content: UInt64(index) + 1, id: { id }) == .unsure)
            #expect(seen.wasHanded(id, hash: id.hashValue))
        }
    }

    /// Streamed with ids that collide, over copies and a conflict: the same summaries, lists and counts
    /// as the array path (a second pass settles what the hashes could not).
    @Test(arguments: 0..<4)
    func aStreamWithCollidingHashesEqualsTheArrayPath(hashIndex: Int) throws {
        let fs = try StreamedReportTests.world(seed: 23, lateRegrades: false)
        let roots = ["/results", "/copy"]
        let reference = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts])
        var set = RecordSet()
        var handed: [AttemptSummary] = []
        set.streamAttempts(
            loader: AttemptLoader(fileSystem: fs, idHash: Self.hashes[hashIndex].hash), roots: roots, withItems: false, group: 2, consumer: &handed,
            reset: { [] }, consume: { $0 += $1 })
        #expect(handed.map(\.id) == reference.attempts.map(\.id))
        #expect(handed == reference.attempts)
        #expect(set.conflicts == reference.conflicts && set.conflicts.count == 1)
        #expect(set.duplicates == reference.duplicates && set.duplicates > 1)
        #expect(set.skipped == reference.skipped && set.tampered == reference.tampered)
        #expect(set.streamPasses == 2, "the conflict is settled by a second pass")
    }

    /// The table written out in runs every few checks: a hash met in an earlier window is not seen
    /// while the pass goes on, but `settle` names it — a copy in the plan of its window, other content
    /// as `repeated` — and a second pass with both gives `CopyFilter`'s verdicts (windows starting at
    /// the same checks), holding no id of a copy, with nothing left for a third.
    @Test(arguments: 0..<4, [1, 7, 250])
    func idsKeptInRunsAreSettledByASecondPass(hashIndex: Int, limit: Int) {
        let hash = Self.hashes[hashIndex].hash
        let steps = Self.sequence(seed: 11, count: 2000)
        let (expected, kept) = Self.verdicts(steps, hash: hash)
        var first = SeenIDs(limit: limit)
        var unsure: Set<Int> = []
        var verdicts: [SeenIDs.Verdict] = []
        for step in steps {
            let verdict = first.check(hash: hash(step.id), content: step.content, id: { step.id })
            if case .conflict = verdict { Issue.record("a conflict is never sure without the ids: \(step.id)") }
            if case .unsure = verdict { unsure.insert(hash(step.id)) }
            verdicts.append(verdict)
        }
        #expect(first.spillProblem == nil)
        #expect(first.runCount == (steps.count - 1) / limit, "a run every \(limit) checks")
        let news = verdicts.filter { if case .new = $0 { true } else { false } }.count
        #expect(first.count == news, "every id taken for new is kept, in a run or the tables")
        let settled = first.settle(replaced: [], hash: hash)
        #expect(!settled.late)
        let windows = (steps.count + limit - 1) / limit
        let planned = (0..<windows).map { settled.plan?.hashes(window: $0) ?? [] }
        // What the first pass took wrongly (an id met again taken for new, a copy of what was a
        // conflict) has its hash named: in the plan of its window, or to be compared exactly.
        var wrong = 0
        for (index, ((step, want), verdict)) in zip(zip(steps, expected), verdicts).enumerated() {
            let right: Bool
            switch (verdict, want) {
            case (.new, .new), (.copy, .copy), (.unsure, _): right = true
            default: right = false
            }
            if !right {
                wrong += 1
                let value = hash(step.id)
                #expect(
                    settled.repeated.contains(value) || unsure.contains(value) || want == .copy && planned[index / limit].contains(value),
                    "\(step.id): \(verdict) against \(want)")
            }
        }
        #expect(wrong > 0 || limit == 250 && hashIndex != 0, "copies across windows pass as new in the first pass")
        if hashIndex == 0 { #expect((settled.plan?.count ?? 0) > 0, "copies across windows are planned") }
        var second = SeenIDs(exact: unsure.union(settled.repeated), limit: limit, plan: settled.plan)
        for (step, want) in zip(steps, expected) {
            let verdict = second.check(hash: hash(step.id), content: step.content, id: { step.id })
            switch (verdict, want) {
            case (.new, .new), (.copy, .copy), (.conflict, .conflict): break
            default: Issue.record("\(Self.hashes[hashIndex].name) limit \(limit) \(step.id): \(verdict) against \(want)")
            }
        }
        #expect(second.count == kept.count)
        let again = second.settle(replaced: [], hash: hash)
        #expect(again.repeated.isEmpty && again.plan == nil, "a second pass leaves nothing for a third")
    }

    /// A pass whose windows the first pass did not have (its scratch file could not be written, or
    /// the records changed between the passes) has copies no plan listed: `settle` says so.
    @Test func copiesAcrossWindowsNoPlanListedAreFound() {
        let steps = (0..<60).map { (id: "c\($0 % 25)", content: UInt64($0 % 25)) }
        var whole = SeenIDs(limit: .max)
        var windowed = SeenIDs(limit: 10)
        for step in steps {
            _ = whole.check(hash: step.id.hashValue, content: step.content, id: { step.id })
            _ = windowed.check(hash: step.id.hashValue, content: step.content, id: { step.id })
        }
        #expect(whole.settle(replaced: [], hash: { $0.hashValue }).plan == nil)
        let settled = windowed.settle(replaced: [], hash: { $0.hashValue })
        #expect(settled.repeated.isEmpty)
        // c0…c24 first in windows 0–2; their copies (steps 25–59) in windows 2–5, except those met again within one window.
        let planned = (0..<6).map { settled.plan?.hashes(window: $0) ?? [] }
        #expect(planned[0].isEmpty && planned[1].isEmpty)
        #expect(planned[3] == Set((30..<40).map { "c\($0 % 25)".hashValue }))
        #expect(planned.reduce(0) { $0 + $1.count } == settled.plan?.count)
    }

    /// Whether a replaced attempt was handed over, asked of ids written out in runs and of the tables.
    @Test(arguments: [1, 3, 1000])
    func attemptsLeftOutInRunsAreNotHanded(limit: Int) {
        var seen = SeenIDs(limit: limit)
        for index in 0..<40 {
            let id = "r\(index)"
            guard case .new(let slot) = seen.check(hash: id.hashValue, content: UInt64(index), id: { id }) else {
                Issue.record("\(id) is new")
                continue
            }
            if index % 4 == 0 { seen.markLeftOut(slot) }
        }
        #expect(seen.runCount == (limit == 1000 ? 0 : 39 / limit))
        let leftOut = Set(stride(from: 0, to: 40, by: 4).map { "r\($0)" })
        #expect(!seen.settle(replaced: leftOut, hash: { $0.hashValue }).late)
        #expect(!seen.settle(replaced: ["never"], hash: { $0.hashValue }).late)
        for handed in ["r1", "r17", "r39"] {
            #expect(seen.settle(replaced: leftOut.union([handed]), hash: { $0.hashValue }).late, "\(handed)")
        }
        #expect(seen.settle(replaced: [], hash: { $0.hashValue }).repeated.isEmpty)
    }

    /// Streamed with the table of ids written out every few records (and ids that collide, copies, a
    /// conflict, regrades before and after what they replace): what the array path gives. A folder
    /// for the runs that cannot be made keeps the table in memory and says why.
    @Test(arguments: 0..<4, [3, 40])
    func aStreamWithItsTableInRunsEqualsTheArrayPath(hashIndex: Int, limit: Int) throws {
        for lateRegrades in [false, true] {
            let fs = try StreamedReportTests.world(seed: 29, lateRegrades: lateRegrades)
            let roots = ["/results", "/copy"]
            let reference = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts])
            for directory in [nil, "/nonexistent/folder"] as [String?] {
                var loader = AttemptLoader(fileSystem: fs, idHash: Self.hashes[hashIndex].hash)
                loader.seenLimit = limit
                loader.scratchDirectory = directory
                var set = RecordSet()
                var handed: [AttemptSummary] = []
                set.streamAttempts(loader: loader, roots: roots, withItems: false, group: 2, consumer: &handed, reset: { [] }, consume: { $0 += $1 })
                #expect(handed == reference.attempts, "limit \(limit), late \(lateRegrades), \(directory ?? "tmp")")
                #expect(set.conflicts == reference.conflicts && set.conflicts.count == 1)
                #expect(set.duplicates == reference.duplicates && set.duplicates > 1)
                #expect(set.skipped == reference.skipped && set.tampered == reference.tampered)
                #expect(set.streamPasses == 2, "the copies across runs and the conflict are settled by a second pass")
                if let directory {
                    #expect(set.idSpillProblem?.contains(directory) == true, "\(set.idSpillProblem ?? "no problem said")")
                } else {
                    #expect(set.idSpillProblem == nil)
                }
            }
        }
    }

    /// Every record of a folder read again from a second copy, the table in windows of a few records:
    /// the copies are planned by hash and window, so the second pass compares no id (nothing `exact`),
    /// and the result is the array path's.
    @Test func aFolderReadTwiceIsSettledByPlanNotByID() throws {
        let fs = try StreamedReportTests.world(seed: 31, lateRegrades: false)
        for path in fs.allFiles.keys where path.hasPrefix("/results/attempts/") {
            fs.put(fs.allFiles[path]!, at: "/mirror" + path.dropFirst("/results".count))
        }
        let roots = ["/results", "/mirror"]
        let reference = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts])
        var loader = AttemptLoader(fileSystem: fs)
        loader.seenLimit = 9
        let first = loader.stream(roots: roots, withItems: false, group: 2) { _ in }
        #expect(first.unsure.isEmpty, "no other content: nothing to compare by id")
        #expect((first.plan?.count ?? 0) > reference.attempts.count / 2, "most copies are in later windows than their originals")
        var handed: [AttemptSummary] = []
        let second = loader.stream(roots: roots, withItems: false, exact: first.unsure, plan: first.plan, group: 2) { handed += $0 }
        #expect(second.unsure.isEmpty && second.plan == nil, "nothing left for a third pass")
        #expect(handed == reference.attempts)
        #expect(second.duplicates == reference.duplicates && reference.duplicates >= reference.attempts.count)
        var set = RecordSet()
        var streamed: [AttemptSummary] = []
        set.streamAttempts(loader: loader, roots: roots, withItems: false, group: 2, consumer: &streamed, reset: { [] }, consume: { $0 += $1 })
        #expect(streamed == reference.attempts && set.streamPasses == 2)
    }

    /// A record added while the first pass reads (it sorts first, so every later window starts one
    /// record earlier in the second pass): the plan no longer fits, the second pass says so, and a
    /// third with the table in memory gives what the array path gives over the records as they are.
    @Test func recordsThatChangeBetweenPassesAreSettledByAPassInMemory() throws {
        let fs = try StreamedReportTests.world(seed: 37, lateRegrades: false)
        let roots = ["/results", "/copy"]
        let early = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.min()!
        var loader = AttemptLoader(fileSystem: fs)
        loader.seenLimit = 5
        var set = RecordSet()
        var handed: [AttemptSummary] = []
        var added = false
        set.streamAttempts(
            loader: loader, roots: roots, withItems: false, group: 1, consumer: &handed, reset: { [] },
            consume: { handed, batch in
                handed += batch
                if !added {
                    added = true
                    // A copy of the first record under a name that sorts before it: same id, same content.
                    let name = early.split(separator: "/").last!
                    fs.put(fs.allFiles[early]!, at: String(early.dropLast(name.count)) + "0" + name)
                }
            })
        let reference = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts])
        #expect(added)
        #expect(handed == reference.attempts)
        #expect(set.duplicates == reference.duplicates && set.conflicts == reference.conflicts)
        #expect(set.streamPasses == 3)
    }

    /// Folders whose names sort differently as names and as paths ("a" < "a-b" < "a/b"): listed one at
    /// a time, in the order of the whole listing.
    @Test func foldersListedOneAtATimeComeInTheOrderOfTheWholeListing() throws {
        let fs = MemoryFileSystem()
        let folders = ["x/a", "x/a-b", "x/a/b", "x/a/b/c", "x/a.b", "x/a0", "x", "y", "x/a/a", "x/b", "x/a b", "xy/z", "x-/q"]
        for (number, folder) in folders.enumerated() {
            for file in 0..<(number % 3 == 0 ? 3 : 1) { fs.put("{}", at: "/r/attempts/\(folder)/\(number)-\(file).json") }
        }
        fs.put("not a record", at: "/r/attempts/x/a/notes.txt")
        try fs.createDirectories("/r/attempts/empty/deeper")
        let loader = AttemptLoader(fileSystem: fs)
        let (whole, unusable) = loader.chunks(under: "/r/attempts")
        var walk = FolderWalk(loader: loader, directory: "/r/attempts")
        var walked: [AttemptLoader.Chunk] = []
        while let chunks = walk.next() { walked += chunks }
        #expect(walked.map(\.directory) == whole.map(\.directory))
        #expect(walked.map(\.range) == whole.map(\.range))
        #expect(walked.map { $0.names.strings } == whole.map { $0.names.strings })
        #expect(walk.unusable.sorted { $0.path < $1.path } == unusable)
        #expect(Set(whole.map(\.directory)).count == folders.count)
    }

    @Test func piecesThatFollowEachOtherAreOne() {
        var pieces: [SummaryCache.Piece] = []
        pieces.appendMerging(.kept(0..<10, count: 1))
        pieces.appendMerging(.kept(10..<25, count: 1))
        pieces.appendMerging(.kept(30..<40, count: 1))
        pieces.appendMerging(.fresh(chunk: 0, range: 0..<5, count: 1))
        pieces.appendMerging(.fresh(chunk: 0, range: 5..<9, count: 2))
        pieces.appendMerging(.fresh(chunk: 1, range: 9..<12, count: 1))
        pieces.appendMerging(.kept(40..<50, count: 1))
        #expect(
            pieces == [
                .kept(0..<25, count: 2), .kept(30..<40, count: 1), .fresh(chunk: 0, range: 0..<9, count: 3), .fresh(chunk: 1, range: 9..<12, count: 1),
                .kept(40..<50, count: 1),
            ])
        #expect(SummaryCache.entries(pieces) == 8)
    }

    /// Kept and new entries as runs give the file that one piece an entry gives, appended or rewritten.
    @Test(arguments: [false, true])
    func aCacheSavedFromRunsIsTheFileSavedEntryByEntry(rewrite: Bool) throws {
        let fs = try ProvinceScaleTests.world(count: 120, seed: 41)
        let root = "/results"
        _ = AttemptLoader(fileSystem: fs, useCache: true).load(roots: [root], withItems: false)
        // Forty new records in the folders read before.
        let extra = try ProvinceScaleTests.world(count: 40, seed: 43)
        for (path, bytes) in extra.allFiles where path.hasPrefix("/results/attempts/") {
            // After the folder's earlier names: the entries kept are one run a folder.
            fs.put(bytes, at: PathJoin.join(PathJoin.directory(of: path), "zz-" + String(path.split(separator: "/").last!)))
        }
        let old = try #require(SummaryCache.load(root: root, fileSystem: fs).index)
        let loader = AttemptLoader(fileSystem: fs, useCache: true)
        let (chunks, _) = loader.chunks(under: PathJoin.join(root, "attempts"))
        let box = CacheBox(cache: old)
        let strings = StringTable(old.strings)
        var outcomes: [AttemptLoader.ChunkResult] = []
        for (index, chunk) in chunks.enumerated() {
            let buffer = UnsafeMutablePointer<AttemptSummary>.allocate(capacity: chunk.range.count)
            let outcome = loader.process(chunk, index: index, root: root, cache: box, strings: strings, withItems: false, into: buffer)
            buffer.deinitialize(count: outcome.written)
            buffer.deallocate()
            outcomes.append(outcome)
        }
        var runs: [(folder: String, pieces: [SummaryCache.Piece])] = []
        var single: [(folder: String, pieces: [SummaryCache.Piece])] = []
        for outcome in outcomes {
            let split = Self.split(outcome.pieces, old: old, fresh: outcome.fresh)
            if runs.last?.folder == outcome.folder {
                runs[runs.count - 1].pieces.appendMerging(contentsOf: outcome.pieces)
                single[single.count - 1].pieces += split
            } else {
                runs.append((outcome.folder, outcome.pieces))
                single.append((outcome.folder, split))
            }
        }
        #expect(runs.map { SummaryCache.entries($0.pieces) } == single.map { $0.pieces.count })
        #expect(runs.reduce(0) { $0 + $1.pieces.count } * 4 < single.reduce(0) { $0 + $1.pieces.count }, "runs, not entries")
        let limits = rewrite ? SummaryCache.Limits(segments: 1, segmentBytes: 4096) : .standard
        var files: [[UInt8]] = []
        for (index, folders) in [runs, single].enumerated() {
            let copy = MemoryFileSystem()
            copy.put(try fs.readFile(SummaryCache.path(root: root), limit: 1 << 26), at: SummaryCache.path(root: root))
            let saved = SummaryCache.save(
                root: root, fileSystem: copy, old: old, folders: folders, fresh: outcomes.map(\.fresh), strings: strings, limits: limits)
            #expect(saved.problem == nil)
            #expect(saved.placement?.offsets.count == 160, "pieces \(index)")
            files.append(try copy.readFile(SummaryCache.path(root: root), limit: 1 << 26))
        }
        #expect(files[0] == files[1])
        #expect(files[0].count > (try fs.readFile(SummaryCache.path(root: root), limit: 1 << 26)).count)
    }

    /// One piece an entry, by reading each entry's length.
    static func split(_ pieces: [SummaryCache.Piece], old: SummaryCache.Index, fresh: [UInt8]) -> [SummaryCache.Piece] {
        var single: [SummaryCache.Piece] = []
        for piece in pieces {
            switch piece {
            case .kept(let range, _):
                SummaryCache.entryStarts(UnsafeBufferPointer(rebasing: old.buffer[range])) { at in
                    let start = range.lowerBound + at
                    single.append(.kept(start..<start + old.slot(at: start).range.count, count: 1))
                }
            case .fresh(let chunk, let range, _):
                var at = range.lowerBound
                while at < range.upperBound {
                    let length = Int(fresh[at]) | Int(fresh[at + 1]) << 8 | Int(fresh[at + 2]) << 16 | Int(fresh[at + 3]) << 24
                    single.append(.fresh(chunk: chunk, range: at..<at + length, count: 1))
                    at += length
                }
            }
        }
        return single
    }

    @Test func theChecksumReadAStretchAtATimeIsTheSame() {
        var generator = SeededGenerator(seed: 3)
        for count in [0, 31, 32, 100, 4096, 10_000] {
            let bytes = (0..<count).map { _ in UInt8(generator.below(256)) }
            var marks: [Int] = []
            let stretched = bytes.withUnsafeBytes { FastChecksum.of($0, stretch: 96) { marks.append($0) } }
            #expect(stretched == FastChecksum.of(bytes[...]))
            #expect(marks == Array(stride(from: 96, through: count / 32 * 32, by: 96)), "\(count)")
        }
    }

    /// Names in two generations (a later entry for the same file wins), names longer than the 40
    /// bytes the sort keys hold, names that share their first 40 bytes.
    @Test func theLatestEntryOfEachNameWhateverItsLength() throws {
        var writer = ByteWriter()
        var offsets: [Int] = []
        let long = String(repeating: "x", count: 45)
        let names = ["b.json", "a.json", long + "2.json", long + "1.json", long, "a", "a.json", "c", long + "1.json", "b.json"]
        for name in names {
            offsets.append(writer.bytes.count)
            writer.u32(UInt32(8 + name.utf8.count))
            writer.string(name)
        }
        let latest = writer.bytes.withUnsafeBufferPointer { buffer in
            var released: [Range<Int>] = []
            let kept = SummaryCache.latestByName(offsets, in: buffer) { released.append($0) }
            #expect(!released.isEmpty, "pages given back")
            return kept.map { (SummaryCache.name(in: buffer, at: $0).count, $0) }
        }
        let expected = Dictionary(names.indices.map { (names[$0], offsets[$0]) }, uniquingKeysWith: { max($0, $1) })
        let sorted = expected.keys.sorted { ByteOrder.compare($0, $1) < 0 }
        #expect(latest.map(\.1) == sorted.map { expected[$0]! })
    }
}

