import Foundation
import Testing

@testable import GongkaiCore

/// The summary cache as segments (format 009): new entries are appended, the file is
/// rewritten only when compaction pays, damage costs only the damaged segment and is said
/// once, and there is no whole-file size limit. Items are served from the cache.
@Suite("Summary cache segments")
struct SummaryCacheSegmentTests {
    static let root = "/results"
    static let cachePath = SummaryCache.path(root: root)

    static func load(
        _ fs: FileSystem, needs: RecordSet.Needs = [.attempts], limits: SummaryCache.Limits = .standard, roots: [String] = [root]
    ) -> (set: RecordSet, loaded: AttemptLoader.Loaded) {
        let loader = AttemptLoader(fileSystem: fs, useCache: true, cacheLimits: limits)
        let loaded = loader.load(roots: roots, withItems: needs.contains(.items), sources: needs.contains(.itemStream))
        var set = RecordSet()
        set.attempts = loaded.summaries
        set.parsedRecords = loaded.parsed
        set.cachedRecords = loaded.cached
        set.cacheProblems = loaded.cacheProblems
        return (set, loaded)
    }

    static func index(_ fs: FileSystem) -> SummaryCache.Index? { SummaryCache.load(root: root, fileSystem: fs).index }

    /// `count` more attempts, at later minutes than any before.
    static func addAttempts(_ fs: MemoryFileSystem, count: Int, from start: Int, seed: UInt64 = 9) throws {
        let maker = RecordMaker(fileSystem: fs, seed: seed &+ UInt64(start))
        for n in start..<start + count {
            let course = n % 2 == 0 ? ReportWorld.basics : ReportWorld.secrecy
            try maker.takeQuiz(
                course, name: "学员\(n)", unit: ["xiquan", "luyang"][n % 2], answers: ["b1": .option(n % 3)],
                finishedAt: ReportWorld.at(String(format: "2020-08-%02dT%02d:%02d:00+08:00", 1 + n / 600 % 28, 8 + n / 60 % 10, n % 60)))
        }
    }

    static func reference(_ fs: FileSystem) -> [AttemptSummary] {
        RecordSet.load(roots: [root], fileSystem: fs, needs: [.attempts], useCache: false).attempts
    }

    @Test func newRecordsAreAppendedAndEarlierBytesStay() throws {
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 20, from: 0)
        #expect(Self.load(fs).set.parsedRecords == 20)
        let first = try #require(fs.allFiles[Self.cachePath])
        #expect(Self.index(fs)?.segments == 1)

        try Self.addAttempts(fs, count: 3, from: 20)
        let second = Self.load(fs).set
        #expect(second.parsedRecords == 3 && second.cachedRecords == 20)
        let grown = try #require(fs.allFiles[Self.cachePath])
        #expect(grown.count > first.count)
        #expect(Array(grown.prefix(first.count)) == first, "the earlier segment's bytes are not rewritten")
        #expect(Self.index(fs)?.segments == 2)

        let warm = Self.load(fs).set
        #expect(warm.parsedRecords == 0 && warm.cachedRecords == 23 && warm.cacheProblems.isEmpty)
        #expect(fs.allFiles[Self.cachePath] == grown, "nothing new: nothing written")
        #expect(warm.attempts == Self.reference(fs))
    }

    @Test func compactionWhenSegmentsPileUpKeepsEveryLiveEntry() throws {
        let fs = MemoryFileSystem()
        let limits = SummaryCache.Limits(segments: 3)
        try Self.addAttempts(fs, count: 10, from: 0)
        _ = Self.load(fs, limits: limits)
        var segments: [Int] = []
        for round in 1...4 {
            try Self.addAttempts(fs, count: 2, from: 10 * round)
            let before = fs.allFiles[Self.cachePath]!
            let run = Self.load(fs, limits: limits).set
            #expect(run.parsedRecords == 2)
            let after = fs.allFiles[Self.cachePath]!
            let count = Self.index(fs)!.segments
            if count == 1 {
                #expect(Array(after.prefix(before.count)) != before || after.count < before.count, "a rewrite, not an append")
            }
            segments.append(count)
        }
        #expect(segments == [2, 3, 1, 2], "rewritten as one segment when a fourth would exceed the limit: \(segments)")
        let warm = Self.load(fs, limits: limits).set
        #expect(warm.parsedRecords == 0 && warm.cachedRecords == 18)
        #expect(warm.attempts == Self.reference(fs))
    }

    @Test func compactionWhenDeadEntriesOutweighLiveOnes() throws {
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 12, from: 0)
        _ = Self.load(fs)
        let full = fs.allFiles[Self.cachePath]!.count
        // Ten of twelve records go: their entries are dead, and outweigh the two live ones.
        let paths = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()
        for path in paths.prefix(10) { try fs.remove(path) }
        let run = Self.load(fs).set
        #expect(run.cachedRecords == 2 && run.parsedRecords == 0)
        let compacted = fs.allFiles[Self.cachePath]!.count
        #expect(compacted < full / 2, "rewritten with the live entries only: \(compacted) of \(full) bytes")
        #expect(Self.index(fs)?.count == 2)
        #expect(Self.load(fs).set.cachedRecords == 2)

        // One removed of many: not worth a rewrite, the dead entry stays.
        try Self.addAttempts(fs, count: 10, from: 100)
        _ = Self.load(fs)
        let before = fs.allFiles[Self.cachePath]!
        try fs.remove(fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()[0])
        #expect(Self.load(fs).set.cachedRecords == 11)
        #expect(fs.allFiles[Self.cachePath] == before)
    }

    @Test func aTornLastSegmentLeavesTheEarlierOnesUsedAndIsSaidOnce() throws {
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 8, from: 0)
        _ = Self.load(fs)
        let first = fs.allFiles[Self.cachePath]!
        try Self.addAttempts(fs, count: 2, from: 8)
        _ = Self.load(fs)
        let both = fs.allFiles[Self.cachePath]!
        for cut in [1, 7, (both.count - first.count) / 2, both.count - first.count - 1] {
            // A crash in the middle of the append: the second segment's tail is missing.
            fs.put(Array(both.prefix(both.count - cut)), at: Self.cachePath)
            let torn = Self.load(fs).set
            #expect(torn.cacheProblems == [CacheProblem(path: Self.cachePath, problem: .partlyDamaged)], "cut \(cut)")
            #expect(torn.cachedRecords == 8 && torn.parsedRecords == 2, "the first segment is used")
            #expect(torn.attempts == Self.reference(fs))
            let next = Self.load(fs).set
            #expect(next.cacheProblems.isEmpty, "said once: the file was rewritten")
            #expect(next.cachedRecords == 10)
            #expect(Self.index(fs)?.damaged == false)
            fs.put(both, at: Self.cachePath)
        }
        // A damaged segment in the middle: the ones after it are found again by their magic.
        try Self.addAttempts(fs, count: 2, from: 10)
        _ = Self.load(fs)
        var three = fs.allFiles[Self.cachePath]!
        three[first.count + SummaryCache.headerLength + 5] ^= 0x40
        fs.put(three, at: Self.cachePath)
        let middle = Self.load(fs).set
        #expect(middle.cacheProblems == [CacheProblem(path: Self.cachePath, problem: .partlyDamaged)])
        #expect(middle.cachedRecords == 10 && middle.parsedRecords == 2, "first and third segments used")
        #expect(middle.attempts == Self.reference(fs))
    }

    @Test func aDamagedHeaderIgnoresTheCacheSaysSoOnceAndRebuildsIt() throws {
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 6, from: 0)
        _ = Self.load(fs)
        let good = fs.allFiles[Self.cachePath]!
        for position in [0, 3, 9, 17, SummaryCache.headerLength + 2] {
            var bytes = good
            bytes[position] ^= 0x21
            fs.put(bytes, at: Self.cachePath)
            let damaged = Self.load(fs).set
            #expect(damaged.cacheProblems == [CacheProblem(path: Self.cachePath, problem: .damaged)], "byte \(position)")
            #expect(damaged.cachedRecords == 0 && damaged.attempts == Self.reference(fs))
            let next = Self.load(fs).set
            #expect(next.cacheProblems.isEmpty && next.cachedRecords == 6, "rebuilt: said once")
        }
    }

    @Test func twoWritersAgainstOneTableNeverMisreadNumbers() throws {
        // Two reports read the same cache, each adds records with new strings and appends: the second
        // segment was written against a table the first one changed. It is passed over, never misread.
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 4, from: 0)
        _ = Self.load(fs, needs: [.attempts, .itemStream])
        let old = try #require(Self.index(fs))
        let tableA = StringTable(old.strings)
        let tableB = StringTable(old.strings)
        let a = tableA.number("only-in-A")!
        let b = tableB.number("only-in-B")!
        #expect(a == b, "both writers gave the same number to different strings")
        let segA = SegmentWriter(base: old.strings.count, strings: tableA.added)
        let segB = SegmentWriter(base: old.strings.count, strings: tableB.added)
        var wa = segA, wb = segB
        try fs.appendFile(wa.finish(), to: Self.cachePath)
        try fs.appendFile(wb.finish(), to: Self.cachePath)
        let index = try #require(Self.index(fs))
        #expect(index.strings.count == old.strings.count + 1)
        #expect(index.strings.last == "only-in-A")
        #expect(!index.damaged, "a stale segment is not damage")
        #expect(index.count == 4)
    }

    @Test func aCacheLargerThanAnyOneReadIsReadInSegments() throws {
        // Small segments stand in for a cache of many gigabytes: the rewrite cuts it into pieces
        // of at most `segmentBytes`, and every piece is read: no size makes the cache silently unused.
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 40, from: 0)
        let limits = SummaryCache.Limits(segments: 1000, segmentBytes: 1024)
        let cold = Self.load(fs, needs: [.attempts, .itemStream], limits: limits).set
        #expect(cold.parsedRecords == 40)
        let index = try #require(Self.index(fs))
        #expect(index.segments >= 5, "\(index.segments) segments")
        #expect(index.count == 40)
        let warm = Self.load(fs, needs: [.attempts, .itemStream], limits: limits)
        #expect(warm.set.cachedRecords == 40 && warm.set.cacheProblems.isEmpty)
        #expect(warm.set.attempts == Self.reference(fs))
        #expect(warm.loaded.cacheEntries.allSatisfy { $0 != 0 }, "every attempt's items are in the cache")
    }

    @Test func itemsAreServedFromTheCacheWithoutReadingTheRecords() throws {
        let fs = try ProvinceScaleTests.world(count: 120, seed: 5)
        let roots = ["/results", "/copy"]
        let full = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts, .items])
        _ = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts, .itemStream], useCache: true)
        let warm = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts, .itemStream], useCache: true)
        #expect(warm.parsedRecords == 0)
        let source = try #require(warm.itemSource)
        #expect(source.cacheEntries.count == warm.attempts.count && source.cacheEntries.allSatisfy { $0 != 0 })
        // Reading a record now fails: the tally can only come from the cache.
        fs.failReads(under: "/results/attempts", with: .io("/results/attempts", code: 5))
        fs.failReads(under: "/copy/attempts", with: .io("/copy/attempts", code: 5))
        let tally = source.tally(counted: [Bool](repeating: true, count: warm.attempts.count), attempts: warm.attempts)
        let reference = ItemTally(full.attempts)
        for course in ["province", "basics", "secrecy"] {
            let questions = reference.questionsSeen(course: course)
            #expect(!questions.isEmpty)
            #expect(tally.questionsSeen(course: course) == questions)
            #expect(tally.statistics(course: course, questions: questions) == reference.statistics(course: course, questions: questions))
        }
        // And every item decoded from the cache is the record's, response and points exactly.
        let byID = Dictionary(full.attempts.map { ($0.id, $0.items) }, uniquingKeysWith: { a, _ in a })
        for index in warm.attempts.indices {
            #expect(source.cachedItems(at: index) == byID[warm.attempts[index].id])
        }
    }

    @Test func aColdRunReadsItsItemsBackFromTheCacheItWrote() throws {
        let fs = try ProvinceScaleTests.world(count: 90, seed: 6)
        let full = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items])
        for round in 0..<3 {
            // Cold (the file is made), then with new records (appended), then after damage (rewritten).
            if round == 1 { try Self.addAttempts(fs, count: 4, from: 0) }
            if round == 2 {
                var bytes = fs.allFiles[Self.cachePath]!
                bytes[bytes.count - 3] ^= 1
                fs.put(bytes, at: Self.cachePath)
            }
            let set = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .itemStream], useCache: true)
            #expect(set.parsedRecords > 0, "round \(round)")
            let source = try #require(set.itemSource)
            #expect(source.cacheEntries.allSatisfy { $0 != 0 }, "round \(round): every attempt's items are in the file written")
            let reference = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items])
            let byID = Dictionary(reference.attempts.map { ($0.id, $0.items) }, uniquingKeysWith: { a, _ in a })
            for index in set.attempts.indices {
                #expect(source.cachedItems(at: index) == byID[set.attempts[index].id], "round \(round)")
            }
        }
        #expect(full.attempts.count == 90)
    }

    @Test func unusualItemValuesRoundTrip() throws {
        let table = StringTable([])
        var summary = AttemptSummary(
            id: "x", supersedes: nil, trainee: Trainee(name: "甲", unit: "u"), course: "c", courseVersion: 1, session: nil, kind: .quiz,
            finishedAt: Timestamp(seconds: 1, offset: 0), points: 1.5, max: 300, percent: 0.5, passed: false, items: [])
        summary.items = [
            .init(question: "q1", response: nil, points: 0, max: 1),
            .init(question: "q2", response: "", points: 0.5, max: 300),
            .init(question: "q1", response: "很长的回答", points: -0.0, max: 256),
            .init(question: "q3", response: "A", points: 255, max: 255),
        ]
        var bytes: [UInt8] = []
        SummaryCache.encode(
            name: "x.json", key: .init(size: 1, modified: 2, changed: 3, inode: 4), checksum: 5, integrity: .verified, content: 6, summary: summary,
            withItems: true, strings: table, into: &bytes)
        var segment = SegmentWriter(base: 0, strings: table.added)
        segment.block(folder: "f", count: 1)
        segment.append(bytes[...])
        let file = MappedBytes(copying: segment.finish())
        let index = SummaryCache.parse(file)
        #expect(index.count == 1 && !index.damaged)
        let offset = try #require(index.folders["f"]?.first)
        let items = try #require(SummaryCache.items(index, at: offset))
        #expect(items == summary.items)
        #expect(items[2].points.sign == .minus, "negative zero kept")
        var recent = RecentStrings()
        let decoded = try #require(SummaryCache.decode(index, slot: index.slot(at: offset), withItems: true, shared: &recent))
        #expect(decoded.0 == summary)
    }

    @Test func coldAndWarmReportsAreIdentical() throws {
        let fs = try ProvinceScaleTests.world(count: 150, seed: 17)
        let library = ProvinceScaleTests.library()
        for kind in [Report.Kind.scores, .items, .completion] {
            try? fs.remove(Self.cachePath)
            let none = ReportWorld.build(kind, fileSystem: fs, library: library)
            let cold = ReportWorld.build(kind, fileSystem: fs, library: library, useCache: true)
            let warm = ReportWorld.build(kind, fileSystem: fs, library: library, useCache: true)
            #expect(ReportWorld.json(cold) == ReportWorld.json(none), "\(kind)")
            #expect(ReportWorld.json(warm) == ReportWorld.json(cold), "\(kind)")
            let csv = { (r: Report) in ReportRenderer.render(r, format: .csv, language: .zh) }
            #expect(csv(warm) == csv(cold) && csv(cold) == csv(none), "\(kind)")
            #expect(!csv(warm).isEmpty)
        }
    }

    @Test func aReadOnlyFolderIsSaidAndTheReportIsRight() throws {
        let fs = MemoryFileSystem()
        try Self.addAttempts(fs, count: 5, from: 0)
        fs.fault = .readOnly
        let run = Self.load(fs).set
        #expect(run.cacheProblems == [CacheProblem(path: Self.cachePath, problem: .notWritten(.readOnly("/results/.cache")))])
        #expect(CacheText.notUsed(run.cacheProblems[0]).text(in: .en).contains("cannot be written"))
        #expect(run.attempts == Self.reference(fs))
    }

    @Test func onDiskAppendsAndRewritesWork() throws {
        let memory = MemoryFileSystem()
        try Self.addAttempts(memory, count: 30, from: 0)
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        let disk = LocalFileSystem()
        func copy(_ paths: [String]) throws {
            for path in paths {
                try disk.createDirectories(PathJoin.directory(of: dir + path))
                try disk.writeFileAtomically(memory.allFiles[path]!, to: dir + path, replace: true)
            }
        }
        let all = memory.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()
        try copy(Array(all.prefix(25)))
        let root = dir + "/results"
        let cache = SummaryCache.path(root: root)
        let limits = SummaryCache.Limits(segments: 2)
        func load() -> RecordSet {
            Self.load(disk, needs: [.attempts, .itemStream], limits: limits, roots: [root]).set
        }
        #expect(load().parsedRecords == 25)
        let first = try disk.readFile(cache, limit: 1 << 24)
        let inode = disk.info(cache)!.inode
        try copy(Array(all[25..<28]))
        #expect(load().parsedRecords == 3)
        let grown = try disk.readFile(cache, limit: 1 << 24)
        #expect(Array(grown.prefix(first.count)) == first && grown.count > first.count)
        #expect(disk.info(cache)!.inode == inode, "appended in place, not replaced")
        try copy(Array(all[28...]))
        let third = load()
        #expect(third.parsedRecords == 2 && third.cachedRecords == 28)
        #expect(disk.info(cache)!.inode != inode, "a third segment is over the limit: rewritten through a new file")
        let warm = load()
        #expect(warm.parsedRecords == 0 && warm.cachedRecords == 30 && warm.cacheProblems.isEmpty)
        #expect(warm.attempts == RecordSet.load(roots: [root], fileSystem: disk, needs: [.attempts]).attempts)
        let leftovers = try disk.list(PathJoin.directory(of: cache)).map(\.name)
        #expect(leftovers == [SummaryCache.fileName], "no temporary file left: \(leftovers)")
        // Torn on disk: the earlier segment stays in use.
        let bytes = try disk.readFile(cache, limit: 1 << 24)
        let handle = try #require(FileHandle(forWritingAtPath: cache))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes.prefix(40)))
        try handle.close()
        let torn = load()
        #expect(torn.cacheProblems == [CacheProblem(path: cache, problem: .partlyDamaged)])
        #expect(torn.cachedRecords == 30)
        #expect(load().cacheProblems.isEmpty)
    }
}

/// A streamed report that finds no usable cache writes the new one a segment at a time as it reads.
@Suite("Summary cache written while streaming")
struct StreamingCacheWriterTests {
    static func stream(_ fs: FileSystem, limits: SummaryCache.Limits, withItems: Bool = false) -> (summaries: [AttemptSummary], streamed: AttemptLoader.Streamed) {
        var summaries: [AttemptSummary] = []
        let loader = AttemptLoader(fileSystem: fs, useCache: true, cacheLimits: limits)
        let streamed = loader.stream(roots: ["/results"], withItems: withItems, group: 1) { summaries += $0 }
        return (summaries, streamed)
    }

    @Test func aColdStreamWritesTheCacheInSegmentsThatAWarmOneReadsWhole() throws {
        let fs = try ProvinceScaleTests.world(count: 200, seed: 31)
        let reference = SummaryCacheSegmentTests.reference(fs)
        let small = SummaryCache.Limits(segments: 1000, segmentBytes: 2048)
        let (cold, coldRun) = Self.stream(fs, limits: small, withItems: true)
        #expect(coldRun.parsed == 200 && coldRun.cacheProblems.isEmpty)
        let index = try #require(SummaryCacheSegmentTests.index(fs))
        #expect(index.count == 200 && !index.damaged)
        #expect(index.segments > 2, "written a segment at a time, not at the end: \(index.segments)")
        #expect(!fs.allFiles.keys.contains { $0.hasSuffix(".tmp") }, "the temporary file was renamed")
        let (warm, warmRun) = Self.stream(fs, limits: small, withItems: true)
        #expect(warmRun.parsed == 0 && warmRun.cached == 200, "items and all from the cache")
        let sortedIDs = { (s: [AttemptSummary]) in s.map(\.id).sorted() }
        #expect(sortedIDs(cold) == sortedIDs(reference) && sortedIDs(warm) == sortedIDs(reference))
        let byID = Dictionary(cold.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for summary in warm { #expect(byID[summary.id] == summary) }
    }

    @Test func aDamagedCacheIsReplacedWhileStreamingKeepingItsSoundEntries() throws {
        let fs = try ProvinceScaleTests.world(count: 120, seed: 33)
        let small = SummaryCache.Limits(segments: 1000, segmentBytes: 4096)
        _ = Self.stream(fs, limits: small)
        var bytes = fs.allFiles[SummaryCacheSegmentTests.cachePath]!
        bytes[bytes.count / 2] ^= 0x40
        fs.put(bytes, at: SummaryCacheSegmentTests.cachePath)
        let (_, repaired) = Self.stream(fs, limits: small)
        #expect(repaired.cacheProblems.map(\.problem) == [.partlyDamaged], "said once")
        #expect(repaired.parsed > 0 && repaired.parsed < 120, "only the damaged segment's records read again: \(repaired.parsed)")
        let (_, warm) = Self.stream(fs, limits: small)
        #expect(warm.parsed == 0 && warm.cached == 120 && warm.cacheProblems.isEmpty)
    }
}

extension StreamingCacheWriterTests {
    /// `report items` after `report scores`: every entry gains its items. Past the segment size of new
    /// entries the run stops holding them and rewrites the cache as it reads; the next run reads no record.
    @Test func itemsAskedOfACacheWithoutThemRewriteItAsTheReadingGoes() throws {
        let fs = try ProvinceScaleTests.world(count: 200, seed: 37)
        let small = SummaryCache.Limits(segments: 1000, segmentBytes: 4096)
        let (withoutItems, _) = Self.stream(fs, limits: small, withItems: false)
        let before = try #require(SummaryCacheSegmentTests.index(fs))
        #expect(before.count == 200)
        // Streamed by hand to look at the folder while the reading goes on.
        var cold: [AttemptSummary] = []
        var rewritingWhileReading = false
        let coldRun = AttemptLoader(fileSystem: fs, useCache: true, cacheLimits: small).stream(roots: ["/results"], withItems: true, group: 1) {
            cold += $0
            if fs.allFiles.keys.contains(where: { $0.hasPrefix("/results/.cache/") && $0.hasSuffix(".tmp") }) { rewritingWhileReading = true }
        }
        #expect(coldRun.parsed == 200 && coldRun.cacheProblems.isEmpty, "every record read once for its items")
        #expect(rewritingWhileReading, "the new file was being written before the last record was read")
        let after = try #require(SummaryCacheSegmentTests.index(fs))
        #expect(after.count == 200 && !after.damaged)
        #expect(after.folders.values.allSatisfy { $0.allSatisfy { after.slot(at: $0).hasItems } }, "every entry now has its items")
        #expect(!fs.allFiles.keys.contains { $0.hasSuffix(".tmp") })
        let (warm, warmRun) = Self.stream(fs, limits: small, withItems: true)
        #expect(warmRun.parsed == 0 && warmRun.cached == 200)
        let byID = Dictionary(cold.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for summary in warm { #expect(byID[summary.id] == summary) }
        #expect(Set(withoutItems.map(\.id)) == Set(warm.map(\.id)))
    }
}
