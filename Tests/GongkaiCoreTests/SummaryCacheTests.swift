import Foundation
import Testing

@testable import GongkaiCore

/// The attempt summary cache (`<results>/.cache/attempt-summaries.bin`): a warm
/// run gives exactly the cold answer; changes to records are noticed; a damaged,
/// missing or unwritable cache never gives a wrong answer or a crash.
@Suite("Summary cache")
struct SummaryCacheTests {
    static let cachePath = "/results/.cache/attempt-summaries.bin"

    /// What a load tells a report: every field that can differ.
    struct Answer: Equatable, CustomStringConvertible {
        var summaries: [AttemptSummary]
        var skipped: [String]
        var tampered: [String]
        var undigested: [String]
        var duplicates: Int

        init(_ set: RecordSet) {
            summaries = set.attempts
            skipped = set.skipped.map(\.path)
            tampered = set.tampered
            undigested = set.undigested
            duplicates = set.duplicates
        }

        var description: String {
            "\(summaries.count) summaries, skipped \(skipped), tampered \(tampered), undigested \(undigested), duplicates \(duplicates)"
        }
    }

    static func load(_ fs: FileSystem, items: Bool = true, cache: Bool = true, roots: [String] = ["/results"]) -> RecordSet {
        RecordSet.load(roots: roots, fileSystem: fs, needs: items ? [.attempts, .items] : [.attempts], useCache: cache)
    }

    /// The standard scenario plus one hand-edited record and one without a digest,
    /// so that integrity is cached too.
    static func world() throws -> MemoryFileSystem {
        let fs = try StandardScenario.make()
        let paths = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()
        let edited = paths[0]
        fs.put(String(decoding: fs.allFiles[edited]!, as: UTF8.self).replacingOccurrences(of: "\"passPercent\": 75", with: "\"passPercent\": 10"), at: edited)
        let bare = paths[1]
        guard case .object(var object)? = try? JSONParser.parse(fs.allFiles[bare]!) else { fatalError() }
        object.removeValue(forKey: "digest")
        fs.put(JSONWriter.bytes(.object(object), style: .pretty), at: bare)
        return fs
    }

    /// Four attempts in two course folders, one superseding another, one with no
    /// session: small enough to damage the cache at every byte.
    static func smallWorld() throws -> MemoryFileSystem {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 4)
        let w = ReportWorld.self
        let first = try maker.takeQuiz(w.basics, name: "张三", unit: "xiquan", answers: ["b1": .option(0)], finishedAt: w.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(w.secrecy, name: "李四", unit: "luyang", finishedAt: w.at("2020-07-08T10:01:00+08:00"))
        try maker.takeQuiz(w.basics, name: "王五", unit: "caizheng", session: nil, finishedAt: w.at("2020-07-09T10:00:00+08:00"))
        let regraded = AttemptRecord(
            id: "20200720T020000Z-regraded", createdAt: w.now, trainee: first.trainee, session: first.session, course: first.course,
            mode: first.mode, startedAt: first.startedAt, finishedAt: first.finishedAt,
            items: first.items.map { var i = $0; i.points = i.max; return i }, passPercent: first.passPercent, supersedes: first.id)
        try maker.store.save(regraded)
        return fs
    }

    @Test func warmEqualsColdAndEqualsNoCache() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        #expect(reference.tampered.count == 1)
        #expect(reference.undigested.count == 1)
        #expect(fs.allFiles[Self.cachePath] == nil, "--no-cache writes no cache")

        let cold = Self.load(fs)
        #expect(cold.parsedRecords == 13)
        #expect(cold.cachedRecords == 0)
        #expect(fs.allFiles[Self.cachePath] != nil)
        let warm = Self.load(fs)
        #expect(warm.parsedRecords == 0)
        #expect(warm.cachedRecords == 13)
        #expect(Answer(cold) == reference)
        #expect(Answer(warm) == reference)
        // Hidden folders are never read as records.
        #expect(warm.skipped.isEmpty)

        // Reports agree byte for byte, whatever the form.
        for kind in [Report.Kind.scores, .items, .completion] {
            let a = ReportWorld.build(kind, fileSystem: fs, useCache: false)
            let b = ReportWorld.build(kind, fileSystem: fs, useCache: true)
            for format in ReportFormat.allCases {
                #expect(ReportRenderer.render(a, format: format, language: .zh) == ReportRenderer.render(b, format: format, language: .zh), "\(kind) \(format)")
            }
        }
    }

    @Test func summariesWithoutItemsThenWithItems() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        _ = Self.load(fs, items: false)
        let withItems = Self.load(fs, items: true)
        #expect(withItems.parsedRecords == 13, "entries without items cannot serve an items report")
        #expect(Answer(withItems) == reference)
        let again = Self.load(fs, items: false)
        #expect(again.cachedRecords == 13)
        #expect(Answer(again) == Answer(Self.load(fs, items: false, cache: false)))
    }

    @Test func changedAddedRemovedAndCorruptedRecordsAreNoticed() throws {
        let fs = try Self.world()
        _ = Self.load(fs)
        let paths = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()

        // Changed in place: another trainee name of the same length.
        let changed = paths[5]
        let text = String(decoding: fs.allFiles[changed]!, as: UTF8.self)
        let name = try #require(["张三", "李四", "王五", "赵六", "钱七"].first { text.contains("\"\($0)\"") })
        fs.put(text.replacingOccurrences(of: "\"\(name)\"", with: "\"孙八\""), at: changed)
        var set = Self.load(fs)
        #expect(set.parsedRecords == 1)
        #expect(set.attempts.contains { $0.trainee.name == "孙八" })
        #expect(Answer(set) == Answer(Self.load(fs, cache: false)))

        // Added.
        try RecordMaker(fileSystem: fs, seed: 77).takeQuiz(ReportWorld.basics, name: "新人", unit: "jiaoyu", finishedAt: ReportWorld.at("2020-07-09T10:00:00+08:00"))
        set = Self.load(fs)
        #expect(set.parsedRecords == 1)
        #expect(set.attempts.count == 14)
        #expect(set.attempts.contains { $0.trainee.name == "新人" })

        // Removed.
        try fs.remove(paths[7])
        set = Self.load(fs)
        #expect(set.attempts.count == 13)
        #expect(Answer(set) == Answer(Self.load(fs, cache: false)))
        #expect(Answer(Self.load(fs)) == Answer(Self.load(fs, cache: false)), "the rewritten cache is right too")

        // Corrupted.
        fs.put(Array(repeating: UInt8(ascii: "x"), count: fs.allFiles[paths[9]]!.count), at: paths[9])
        set = Self.load(fs)
        #expect(set.skipped.map(\.path) == [paths[9]])
        #expect(set.attempts.count == 12)
        #expect(Answer(set) == Answer(Self.load(fs, cache: false)))
    }

    @Test func aTruncatedCacheIsIgnored() throws {
        let fs = try Self.smallWorld()
        let reference = Answer(Self.load(fs, cache: false))
        _ = Self.load(fs)
        let cache = try #require(fs.allFiles[Self.cachePath])
        var wrong: [Int] = []
        for length in 0..<cache.count {
            fs.put(Array(cache.prefix(length)), at: Self.cachePath)
            if Answer(Self.load(fs)) != reference { wrong.append(length) }
        }
        #expect(wrong.count == 0, "\(wrong.count) truncation lengths gave a wrong answer, first \(wrong.prefix(10))")
    }

    @Test func garbageCachesAreIgnored() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        _ = Self.load(fs)
        let cache = try #require(fs.allFiles[Self.cachePath])
        var generator = SeededGenerator(seed: 1)
        let garbage: [[UInt8]] = [
            [],
            Array("GKSUM005".utf8),
            Array("GKSUM005".utf8) + [0xFF, 0xFF, 0xFF, 0xFF],
            Array("GKSUM004".utf8) + cache.dropFirst(8),
            Array("not a cache at all\n".utf8),
            (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
            Array(cache.prefix(8)) + (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
            cache + cache,
            cache + [0],
        ]
        for (index, bytes) in garbage.enumerated() {
            fs.put(bytes, at: Self.cachePath)
            #expect(Answer(Self.load(fs)) == reference, "garbage #\(index)")
            #expect(Answer(Self.load(fs)) == reference, "after rewriting, garbage #\(index)")
        }
        // A folder where the cache file should be.
        try fs.remove(Self.cachePath)
        try fs.createDirectories(Self.cachePath)
        #expect(Answer(Self.load(fs)) == reference)
    }

    /// Offsets of every occurrence of `needle` in `bytes`.
    static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard needle.count <= bytes.count else { return [] }
        return (0...(bytes.count - needle.count)).filter { Array(bytes[$0..<$0 + needle.count]) == needle }
    }

    /// Damage inside the stored values (a trainee name, a unit, a score), the
    /// structure of the file intact: the cache must not be believed.
    @Test func aCacheWithDamagedValuesNeverGivesAWrongAnswer() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        _ = Self.load(fs)
        let cache = try #require(fs.allFiles[Self.cachePath])
        var targets: [(what: String, offset: Int)] = []
        for name in ["张三", "钱七", "xiquan", "caizheng"] {
            for offset in Self.occurrences(of: Array(name.utf8), in: cache) { targets.append((name, offset + 1)) }
        }
        for score in [75.0, 100.0, 50.0] {
            // The high byte of a little-endian Double: sign and exponent.
            for offset in Self.occurrences(of: Self.littleEndian(score.bitPattern), in: cache) { targets.append(("\(score)", offset + 7)) }
        }
        #expect(targets.count > 10)
        var wrong: [String] = []
        for (what, offset) in targets {
            var damaged = cache
            damaged[offset] ^= 0x01
            fs.put(damaged, at: Self.cachePath)
            let answer = Answer(Self.load(fs))
            if answer != reference {
                let diff = zip(answer.summaries, reference.summaries).first { $0 != $1 }
                wrong.append("\(what)@\(offset): \(diff.map { "\($0.0.trainee.name)/\($0.0.trainee.unit) \($0.0.percent)% instead of \($0.1.trainee.name)/\($0.1.trainee.unit) \($0.1.percent)%" } ?? "")")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) of \(targets.count) damaged caches were believed, e.g. \(wrong.prefix(3))")
    }

    static func littleEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// Every single-byte corruption of the cache, with and without items, in a
    /// child process: a damaged cache must never bring a report down.
    @Test func aCacheWithAnyFlippedByteNeverCrashes() async {
        await #expect(processExitsWith: .success) {
            let fs = try SummaryCacheTests.smallWorld()
            for items in [false, true] {
                try? fs.remove(SummaryCacheTests.cachePath)
                _ = SummaryCacheTests.load(fs, items: items)
                guard let cache = fs.allFiles[SummaryCacheTests.cachePath] else { exit(3) }
                for mask in [UInt8(0x80), 0xFF] {
                    for offset in 0..<cache.count {
                        var damaged = cache
                        damaged[offset] ^= mask
                        fs.put(damaged, at: SummaryCacheTests.cachePath)
                        _ = SummaryCacheTests.load(fs, items: items)
                    }
                }
            }
        }
    }

    @Test func deletingTheCacheIsAlwaysSafe() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        _ = Self.load(fs)
        try fs.remove(Self.cachePath)
        let set = Self.load(fs)
        #expect(set.parsedRecords == 13)
        #expect(Answer(set) == reference)
        try fs.remove(Self.cachePath)
        try fs.remove("/results/.cache")
        #expect(Answer(Self.load(fs)) == reference)
    }

    @Test func aReadOnlyResultsFolderStillGetsCorrectReports() throws {
        let fs = try Self.world()
        let reference = Answer(Self.load(fs, cache: false))
        fs.fault = .readOnly
        let first = Self.load(fs)
        let second = Self.load(fs)
        #expect(Answer(first) == reference)
        #expect(Answer(second) == reference)
        #expect(fs.allFiles[Self.cachePath] == nil)
        // A stale cache left from before the folder became read-only is still checked.
        fs.fault = nil
        _ = Self.load(fs)
        let path = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()[3]
        fs.put(String(decoding: fs.allFiles[path]!, as: UTF8.self).replacingOccurrences(of: "\"kind\": \"quiz\"", with: "\"kind\": \"review\""), at: path)
        fs.fault = .readOnly
        let stale = Self.load(fs)
        #expect(Answer(stale) == Answer(Self.load(fs, cache: false)))
        #expect(stale.attempts.first { $0.kind == .review && stale.tampered.contains(path) } != nil)
    }

    @Test func eachResultsFolderHasItsOwnCache() throws {
        let fs = try Self.world()
        for (path, bytes) in fs.allFiles where path.hasPrefix("/results/attempts/") {
            fs.put(bytes, at: "/pc2/" + path.dropFirst("/results/".count))
        }
        try RecordMaker(fileSystem: fs, root: "/pc2", seed: 5).takeQuiz(
            ReportWorld.basics, name: "外来", unit: "jiaoyu", finishedAt: ReportWorld.at("2020-07-09T10:00:00+08:00"))
        let reference = Answer(Self.load(fs, cache: false, roots: ["/results", "/pc2"]))
        #expect(reference.duplicates == 13)
        _ = Self.load(fs, roots: ["/results", "/pc2"])
        #expect(fs.allFiles["/pc2/.cache/attempt-summaries.bin"] != nil)
        let warm = Self.load(fs, roots: ["/results", "/pc2"])
        #expect(warm.cachedRecords == 27)
        #expect(Answer(warm) == reference)
    }
}

extension SummaryCacheTests {
    /// On the real file system (packed listing, status by packed name), with names that
    /// sort differently as bytes and as strings, share long prefixes or are Chinese:
    /// every record is served by the cache on the second run, and every change is noticed.
    @Test func onDiskTheCacheServesEveryRecordAndNoticesEveryChange() throws {
        let memory = try Self.world()
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        let disk = LocalFileSystem()
        let awkward = ["cafe\u{301}.json", "caf\u{E9}.json", "记录甲.json", "20200106T014135Z-a.json", "20200106T014135Z-aa.json", "20200106T014135Z.json"]
        var written: [String] = []
        for (index, (path, bytes)) in memory.allFiles.filter({ $0.key.hasPrefix("/results/attempts/") }).sorted(by: { $0.key < $1.key }).enumerated() {
            // The first few records get the awkward names, all in one folder.
            let target = index < awkward.count ? dir + "/results/attempts/basics/2020-07/" + awkward[index] : dir + path
            try disk.createDirectories(PathJoin.directory(of: target))
            try disk.writeFileAtomically(bytes, to: target, replace: false)
            written.append(target)
        }
        let roots = [dir + "/results"]
        let reference = Answer(Self.load(disk, cache: false, roots: roots))
        #expect(reference.summaries.count == 13)
        let cold = Self.load(disk, roots: roots)
        #expect(cold.parsedRecords == 13)
        let warm = Self.load(disk, roots: roots)
        #expect(warm.parsedRecords == 0)
        #expect(warm.cachedRecords == 13)
        #expect(Answer(cold) == reference)
        #expect(Answer(warm) == reference)

        // Changed (another size), added under another awkward name, removed.
        let changed = written[1]
        let text = try disk.readText(changed)
        try disk.writeFileAtomically(Array(text.replacingOccurrences(of: "\"session\"", with: "\"session\" ").utf8), to: changed, replace: true)
        try disk.writeFileAtomically(try disk.readFile(written[2], limit: 1 << 20), to: dir + "/results/attempts/basics/2020-07/记录乙.json", replace: false)
        try disk.remove(written[4])
        let after = Self.load(disk, roots: roots)
        let expected = Answer(Self.load(disk, cache: false, roots: roots))
        #expect(after.parsedRecords == 2, "the changed and the added record are read again")
        #expect(Answer(after) == expected)
        #expect(expected.duplicates == 1, "the added file is a copy of another")
        #expect(Answer(Self.load(disk, roots: roots)) == expected, "the rewritten cache is right too")
        #expect(Self.load(disk, roots: roots).parsedRecords == 0)
    }
}

@Suite struct RecentStringsTests {
    /// Whatever was seen before and however many distinct values pass, the text is exact.
    @Test func handsOutExactlyTheTextDecoded() {
        var recent = RecentStrings()
        let values = ["request-handling", "confidentiality-review", "2020-07-08-training", "短", "", "column-maintenance"]
            + (0..<20).map { "会话-2020-07-\($0)-training" }
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<500 {
            let value = values[Int(generator.next() % UInt64(values.count))]
            let bytes = Array(value.utf8)
            let decoded = bytes.withUnsafeBufferPointer { recent.string($0) }
            #expect(decoded == value)
        }
        // Same length, different bytes: never mistaken for the other.
        let a = Array("aaaaaaaaaaaaaaaaX".utf8), b = Array("aaaaaaaaaaaaaaaaY".utf8)
        #expect(a.withUnsafeBufferPointer { recent.string($0) } == "aaaaaaaaaaaaaaaaX")
        #expect(b.withUnsafeBufferPointer { recent.string($0) } == "aaaaaaaaaaaaaaaaY")
    }
}
