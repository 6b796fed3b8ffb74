import Dispatch
import Foundation
import Testing

@testable import GongkaiCore

/// Counts every call through the file-system seam (a stand-in for a slow shared folder: each call is a
/// round trip, so the time a command takes there is its count times the latency).
final class CountingFileSystem: FileSystem, @unchecked Sendable {
    struct Counts: Equatable, CustomStringConvertible {
        var listings = 0
        var stats = 0
        /// Names looked at by `infos` calls (each call is one round trip, as a listing with attributes is).
        var statNames = 0
        var reads = 0
        var writes = 0
        var other = 0
        /// Calls that would each cost a round trip on a network share.
        var calls: Int { listings + stats + reads + writes + other }
        var description: String { "listings \(listings), stats \(stats) (\(statNames) names), reads \(reads), writes \(writes), other \(other)" }
    }

    let base: FileSystem
    private let lock = NSLock()
    private var _counts = Counts()
    var counts: Counts { lock.withLock { _counts } }

    init(_ base: FileSystem) { self.base = base }

    func reset() { lock.withLock { _counts = Counts() } }

    private func count(_ change: (inout Counts) -> Void) { lock.withLock { change(&_counts) } }

    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        count { $0.reads += 1 }
        return try base.readFile(path, limit: limit)
    }

    func readFileWithInfo(_ path: String, limit: Int) throws(FileSystemError) -> (bytes: [UInt8], info: FileInfo) {
        count { $0.reads += 1 }
        return try base.readFileWithInfo(path, limit: limit)
    }

    func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        count { $0.writes += 1 }
        try base.writeFileAtomically(bytes, to: path, replace: replace)
    }

    func createDirectories(_ path: String) throws(FileSystemError) {
        count { $0.other += 1 }
        try base.createDirectories(path)
    }

    func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] {
        count { $0.listings += 1 }
        return try base.list(directory)
    }

    func listFiles(_ directory: String, suffix: String) throws(FileSystemError) -> FolderListing {
        count { $0.listings += 1 }
        return try base.listFiles(directory, suffix: suffix)
    }

    func info(_ path: String) -> FileInfo? {
        count { $0.stats += 1 }
        return base.info(path)
    }

    func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?] {
        count {
            $0.stats += 1
            $0.statNames += range.count
        }
        return base.infos(in: directory, names: names, range: range)
    }

    func remove(_ path: String) throws(FileSystemError) {
        count { $0.other += 1 }
        try base.remove(path)
    }
}

/// Reports folder times in 2-second steps, as FAT and some shares do: two changes within one step leave
/// the folder's signature as it was.
final class CoarseTimesFileSystem: FileSystem, @unchecked Sendable {
    let base: MemoryFileSystem
    init(_ base: MemoryFileSystem) { self.base = base }

    private func coarse(_ info: FileInfo?) -> FileInfo? {
        guard var info, info.kind == .directory else { return info }
        info.modified = info.modified / 2_000_000_000 * 2_000_000_000
        info.changed = info.modified
        return info
    }

    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] { try base.readFile(path, limit: limit) }
    func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        try base.writeFileAtomically(bytes, to: path, replace: replace)
    }
    func createDirectories(_ path: String) throws(FileSystemError) { try base.createDirectories(path) }
    func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] { try base.list(directory) }
    func info(_ path: String) -> FileInfo? { coarse(base.info(path)) }
    func remove(_ path: String) throws(FileSystemError) { try base.remove(path) }
}

@Suite struct AttemptIndexTests {
    static let courses = ["law", "request-handling", "redaction"]
    static let months = ["2020-03-10T09:00:00+08:00", "2020-07-08T09:30:00+08:00"].map { Timestamp(parsing: $0)! }
    static let me = Trainee(name: "张三", unit: "xiquan")
    static let clock = FixedClock(Timestamp(parsing: "2026-12-04T09:00:00+08:00")!)

    /// A results folder with `others` attempts of other people (other units) and four of `me`, spread over
    /// the same courses and months.
    static func world(others: Int) throws -> (MemoryFileSystem, ResultStore) {
        let fs = MemoryFileSystem()
        let plain = ResultStore(root: "/r", fileSystem: fs)
        for n in 0..<others {
            let trainee = Trainee(name: "同事\(n)", unit: "u\(n % 7)")
            try plain.save(
                TestSupport.attempt(
                    id: "o\(n)", trainee: trainee, course: courses[n % courses.count], startedAt: months[(n / courses.count) % months.count]))
        }
        try plain.save(TestSupport.attempt(id: "m1", trainee: me, course: "law", startedAt: months[0]))
        try plain.save(TestSupport.attempt(id: "m2", trainee: me, course: "law", startedAt: months[1]))
        try plain.save(TestSupport.attempt(id: "m3", trainee: me, course: "redaction", startedAt: months[1]))
        // A colleague of the same unit.
        try plain.save(TestSupport.attempt(id: "m4", trainee: Trainee(name: "李四", unit: "xiquan"), course: "law", startedAt: months[1]))
        return (fs, plain)
    }

    static func indexed(_ fs: FileSystem) -> ResultStore { ResultStore(root: "/r", fileSystem: fs).indexed(clock: clock) }

    /// Seam calls of each question a shell asks about one trainee, after a first (index-building) run.
    static func warmCounts(others: Int) throws -> [String: CountingFileSystem.Counts] {
        let (fs, plain) = try world(others: others)
        let counting = CountingFileSystem(fs)
        let store = indexed(counting)
        var counts: [String: CountingFileSystem.Counts] = [:]
        let questions: [(String, () -> [String])] = [
            ("courses/history", { store.checkedAttempts(of: me).map(\.record.id) }),
            ("quiz law", { store.attempts(of: me, course: "law").map(\.id) }),
            ("resume", { store.recordedAttempt(id: "m2", course: "law", trainee: me).map { [$0.id] } ?? [] }),
            ("unit", { store.attempts(unit: "xiquan").records.map(\.record.id).sorted() }),
        ]
        let expected: [String: [String]] = [
            "courses/history": plain.checkedAttempts(of: me).map(\.record.id),
            "quiz law": plain.attempts(of: me, course: "law").map(\.id),
            "resume": ["m2"],
            "unit": plain.attempts().records.map(\.record).filter { $0.trainee.unit == "xiquan" }.map(\.id).sorted(),
        ]
        for (name, ask) in questions {
            _ = ask()
            counting.reset()
            #expect(ask() == expected[name], "\(name)")
            counts[name] = counting.counts
        }
        return counts
    }

    @Test func theWorkOfAQuestionDependsOnlyOnOwnRecords() throws {
        let small = try Self.warmCounts(others: 60)
        let large = try Self.warmCounts(others: 600)
        #expect(small == large)
        // The bound, for a share where every call is a round trip: per course one listing and one `infos`,
        // one listing of attempts/ when every course is asked, one shard, one read per own record.
        let courses = Self.courses.count
        #expect(small["courses/history"]!.calls <= 1 + 2 * courses + 1 + 3)
        #expect(small["quiz law"]!.calls <= 2 + 1 + 2)
        #expect(small["unit"]!.calls <= 1 + 2 * courses + 1 + 4)
        #expect(small.values.allSatisfy { $0.writes == 0 })
    }

    @Test func aSlowShareStaysWithinItsBound() throws {
        // 1 ms a call: `courses` at this shape costs the calls counted, whatever the other records.
        let counts = try Self.warmCounts(others: 600)
        let milliseconds = counts.values.map(\.calls).max()!
        #expect(milliseconds < 20)
    }

    @Test func theIndexAnswersAsAFullReadDoes() throws {
        let (fs, plain) = try Self.world(others: 90)
        let store = Self.indexed(fs)
        for trainee in [Self.me, Trainee(name: "同事5", unit: "u5"), Trainee(name: "李四", unit: "xiquan"), Trainee(name: "nobody", unit: "u1")] {
            for course in [nil] + Self.courses.map(Optional.some) {
                #expect(store.checkedAttempts(of: trainee, course: course).map(\.record) == plain.checkedAttempts(of: trainee, course: course).map(\.record))
            }
        }
        for unit in ["u0", "u3", "xiquan", "none"] {
            #expect(
                Set(store.attempts(unit: unit).records.map(\.record.id)) == Set(plain.attempts().records.filter { $0.record.trainee.unit == unit }.map(\.record.id)))
        }
    }

    @Test func aRecordCopiedInByAnotherPCIsSeenByTheNextQuestion() throws {
        let (fs, _) = try Self.world(others: 30)
        let store = Self.indexed(fs)
        #expect(store.attempts(of: Self.me).count == 3)
        // Another PC writes into an existing month folder, a new month and a new course.
        let other = ResultStore(root: "/r", fileSystem: fs)
        try other.save(TestSupport.attempt(id: "pc2-a", trainee: Self.me, course: "law", startedAt: Self.months[0]))
        try other.save(TestSupport.attempt(id: "pc2-b", trainee: Self.me, course: "law", startedAt: Timestamp(parsing: "2021-01-05T09:00:00+08:00")!))
        try other.save(TestSupport.attempt(id: "pc2-c", trainee: Self.me, course: "brand-new"))
        #expect(Set(store.attempts(of: Self.me).map(\.id)) == ["m1", "m2", "m3", "pc2-a", "pc2-b", "pc2-c"])
        #expect(store.attempts(of: Self.me, course: "brand-new").map(\.id) == ["pc2-c"])
        // A record removed by hand is gone too.
        try fs.remove(other.attemptPath(TestSupport.attempt(id: "pc2-a", trainee: Self.me, course: "law", startedAt: Self.months[0])))
        #expect(!store.attempts(of: Self.me).map(\.id).contains("pc2-a"))
    }

    /// A person's last answer is kept with the folder signatures it was true at: while no folder changes,
    /// a question about them reads that small file, not their shard; any change is seen at once.
    @Test func aPersonsViewAnswersWhileNoFolderChanges() throws {
        let (fs, plain) = try Self.world(others: 120)
        let store = Self.indexed(fs)
        let index = try #require(store.attemptIndex)
        let key = AttemptIndex.Key.trainee(Self.me).text
        let shard = index.shardPath(AttemptIndex.shard(of: key))
        let view = index.personViewPath(key)
        let first = Set(store.attempts(of: Self.me).map(\.id))
        #expect(first == ["m1", "m2", "m3"])
        #expect(fs.allFiles[view] != nil)
        try fs.remove(shard)
        #expect(Set(store.attempts(of: Self.me).map(\.id)) == first)
        #expect(store.attempts(of: Self.me, course: "law").map(\.id).sorted() == ["m1", "m2"])
        #expect(fs.allFiles[shard] == nil, "answered from the view")
        // Someone else's record changes a folder: the shard is read (rebuilt) and the answer is the same.
        try plain.save(TestSupport.attempt(id: "x1", trainee: Trainee(name: "王五", unit: "u2"), course: "law", startedAt: Self.months[0]))
        #expect(Set(store.attempts(of: Self.me).map(\.id)) == first)
        #expect(fs.allFiles[shard] != nil)
        // Their own new record is seen by the next question, by course too.
        try plain.save(TestSupport.attempt(id: "m9", trainee: Self.me, course: "law", startedAt: Self.months[1]))
        #expect(store.attempts(of: Self.me, course: "law").map(\.id).sorted() == ["m1", "m2", "m9"])
        #expect(Set(store.attempts(of: Self.me).map(\.id)) == first.union(["m9"]))
        // A view of someone else, or a damaged one, is read past.
        let other = try #require(fs.allFiles[index.personViewPath(AttemptIndex.Key.trainee(Trainee(name: "李四", unit: "xiquan")).text)] ?? {
            _ = store.attempts(of: Trainee(name: "李四", unit: "xiquan"))
            return fs.allFiles[index.personViewPath(AttemptIndex.Key.trainee(Trainee(name: "李四", unit: "xiquan")).text)]
        }())
        for damage in [other, Array("gongkai.attempt-index.view/1\nR\tlaw/2020-03\n#\t0\n".utf8), Array(fs.allFiles[view]!.dropLast(2))] {
            fs.put(String(decoding: damage, as: UTF8.self), at: view)
            #expect(Set(store.attempts(of: Self.me).map(\.id)) == first.union(["m9"]))
        }
    }

    @Test func onlyTheChangedFolderIsListedAndOnlyTheNewNameRead() throws {
        let (fs, _) = try Self.world(others: 300)
        let counting = CountingFileSystem(fs)
        let store = Self.indexed(counting)
        _ = store.attempts(of: Self.me, course: "law")
        try ResultStore(root: "/r", fileSystem: fs).save(TestSupport.attempt(id: "new", trainee: Trainee(name: "王五", unit: "u2"), course: "law"))
        counting.reset()
        #expect(store.attempts(of: Self.me, course: "law").count == 2)
        let counts = counting.counts
        // Course folder + one month folder listed; the person's view (none yet: only a question about every
        // course leaves one), the folder file, the shard, the one new record and own two read.
        #expect(counts.listings == 2)
        #expect(counts.reads == 1 + 1 + 1 + 1 + 2)
    }

    @Test func aDamagedOrDeletedIndexIsRebuilt() throws {
        let (fs, plain) = try Self.world(others: 40)
        let store = Self.indexed(fs)
        let expected = plain.attempts(of: Self.me).map(\.id)
        #expect(store.attempts(of: Self.me).map(\.id) == expected)
        let indexFiles = fs.allFiles.keys.filter { $0.hasPrefix(AttemptIndex.folder(root: "/r")) }.sorted()
        #expect(indexFiles.count > 2)
        // One byte changed in every file (a name pointing elsewhere would hide a record): caught by the checksum.
        for path in indexFiles {
            var bytes = fs.allFiles[path]!
            let at = bytes.count / 2
            bytes[at] = bytes[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            fs.put(bytes, at: path)
        }
        #expect(store.attempts(of: Self.me).map(\.id) == expected)
        // Rebuilt: every file whole again.
        for path in indexFiles {
            let header = path.contains("/shards/") ? AttemptIndex.shardHeader : AttemptIndex.folderHeader
            if fs.allFiles[path] != nil, AttemptIndex.checkedLines(path, header: header, fileSystem: fs) == nil, path.contains("/folders/") {
                Issue.record("still damaged: \(path)")
            }
        }
        // Truncated, empty, junk and another version.
        for (n, path) in indexFiles.enumerated() {
            let junk: [[UInt8]] = [Array(fs.allFiles[path]!.prefix(20)), [], Array("{\"not\": \"an index\"}".utf8), Array("gongkai.attempt-index.shard/9\n#\t0\n".utf8)]
            fs.put(junk[n % junk.count], at: path)
        }
        #expect(store.attempts(of: Self.me).map(\.id) == expected)
        for path in indexFiles { try fs.remove(path) }
        #expect(store.attempts(of: Self.me).map(\.id) == expected)
        #expect(store.attempts(unit: "xiquan").records.count == 4)
    }

    @Test func aLostUpdateCostsARebuildNeverAWrongAnswer() throws {
        let (fs, _) = try Self.world(others: 20)
        let first = Self.indexed(fs)
        let second = Self.indexed(fs)
        #expect(first.attempts(of: Self.me).count == 3)
        let snapshot = fs.allFiles.filter { $0.key.hasPrefix(AttemptIndex.folder(root: "/r")) }
        // The second shell writes an attempt and updates the index.
        try second.save(TestSupport.attempt(id: "second", trainee: Self.me, course: "law"))
        #expect(second.attempts(of: Self.me).count == 4)
        // The first shell's older index files land last (its replace raced the second's).
        for (path, bytes) in snapshot { fs.put(bytes, at: path) }
        #expect(first.attempts(of: Self.me).count == 4)
        #expect(second.attempts(of: Self.me).count == 4)
    }

    @Test func concurrentWritersEachSeeTheirOwnRecordsAtOnce() throws {
        let (fs, _) = try Self.world(others: 50)
        let writers = 6
        let rounds = 8
        final class Problems: @unchecked Sendable {
            let lock = NSLock()
            var list: [String] = []
            func add(_ text: String) { lock.withLock { list.append(text) } }
        }
        let problems = Problems()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let store = Self.indexed(fs)
            let trainee = Trainee(name: "writer\(writer)", unit: "xiquan")
            for round in 0..<rounds {
                do {
                    try store.save(TestSupport.attempt(id: "w\(writer)-\(round)", trainee: trainee, course: Self.courses[round % 3]))
                } catch {
                    problems.add("save \(error)")
                }
                let seen = store.attempts(of: trainee).count
                if seen != round + 1 { problems.add("writer \(writer) round \(round) saw \(seen)") }
            }
        }
        #expect(problems.list.isEmpty)
        let store = Self.indexed(fs)
        #expect(store.attempts(unit: "xiquan").records.count == 4 + writers * rounds)
    }

    @Test func aFolderChangedWithinOneTimestampStepIsListedAgain() throws {
        let memory = MemoryFileSystem()
        let fs = CoarseTimesFileSystem(memory)
        // The wall clock reads the file system's own time: every change is "just now".
        let clock = FixedClock(Timestamp(seconds: memory.now / 1_000_000_000, offset: 8 * 3600))
        let store = ResultStore(root: "/r", fileSystem: fs).indexed(clock: clock)
        try store.save(TestSupport.attempt(id: "a", trainee: Self.me))
        let folder = PathJoin.directory(of: store.attemptPath(TestSupport.attempt(id: "a", trainee: Self.me)))
        let before = fs.info(folder)
        #expect(store.attempts(of: Self.me).map(\.id) == ["a"])
        try store.save(TestSupport.attempt(id: "b", trainee: Self.me))
        // The same signature: only the settling rule finds "b".
        #expect(fs.info(folder) == before)
        #expect(Set(store.attempts(of: Self.me).map(\.id)) == ["a", "b"])
        // Once the folder has been still for a while, its file is trusted and the folder is not listed again.
        memory.advanceClock(seconds: 10)
        clock.advance(seconds: 10)
        _ = store.attempts(of: Self.me)
        let counting = CountingFileSystem(fs)
        let settled = ResultStore(root: "/r", fileSystem: counting).indexed(clock: clock)
        #expect(settled.attempts(of: Self.me).count == 2)
        #expect(counting.counts.listings == 2)
    }

    @Test func theUnitViewCountsWhatAFullReadCounts() throws {
        let (fs, plain) = try Self.world(others: 90)
        // A regrade of one of the unit's attempts, and the same record copied into another month folder.
        try plain.save(TestSupport.attempt(id: "m1-r1", trainee: Self.me, course: "law", points: 0, supersedes: "m1", startedAt: Self.months[0]))
        let copy = TestSupport.attempt(id: "m3", trainee: Self.me, course: "redaction", startedAt: Self.months[0])
        fs.put(RecordCodec.encode(copy), at: plain.attemptPath(copy))
        let full = RecordSet.load(roots: ["/r"], fileSystem: fs, needs: [.attempts]).attempts.filter { $0.trainee.unit == "xiquan" }
        let viaIndex = RecordSet.unit("xiquan", session: "s", checklist: nil, store: Self.indexed(fs), attendeesOnly: false)
        #expect(viaIndex.attempts.sorted { $0.id < $1.id } == full.sorted { $0.id < $1.id })
        #expect(Set(full.map(\.id)) == ["m1-r1", "m2", "m3", "m4"])
        #expect(viaIndex.duplicates == 1)
        let withoutIndex = RecordSet.unit("xiquan", session: "s", checklist: nil, store: plain)
        #expect(withoutIndex.attempts.map(\.id).sorted() == full.map(\.id).sorted())
    }

    @Test func namesTheIndexCannotHoldAsTheyAreAreEscaped() {
        for name in ["a\tb.json", "x\ny.json", "100%.json", "plain.json", "%0A.json"] {
            #expect(AttemptIndex.unescape(AttemptIndex.escape(name)) == name)
            #expect(!AttemptIndex.escape(name).contains("\t") && !AttemptIndex.escape(name).contains("\n"))
        }
    }

    @Test func withoutAnIndexTheStoreReadsEveryRecord() throws {
        let (fs, _) = try Self.world(others: 30)
        let counting = CountingFileSystem(fs)
        let plain = ResultStore(root: "/r", fileSystem: counting)
        _ = plain.attempts(of: Self.me)
        // The old way, for comparison: every record opened.
        #expect(counting.counts.reads >= 34)
    }
}

@Suite struct LeftoverSweepTests {
    static let pidAlive: Int32 = 4242
    let fs = MemoryFileSystem()

    func sweep(at seconds: Int64) -> LeftoverSweep {
        LeftoverSweep(fileSystem: fs, clock: FixedClock(Timestamp(seconds: seconds, offset: 0)), isRunning: { $0 == Self.pidAlive })
    }

    @Test func namesOfTemporaryFilesAreRecognised() {
        #expect(LeftoverSweep.writer(ofTemporary: ".abc.json.123.4294967295.tmp") == 123)
        #expect(LeftoverSweep.writer(ofTemporary: ".a.b.c.json.7.1.tmp") == 7)
        #expect(LeftoverSweep.writer(ofTemporary: ".abc.json.x.1.tmp") == nil)
        #expect(LeftoverSweep.writer(ofTemporary: ".abc.json.1.x.tmp") == nil)
        #expect(LeftoverSweep.writer(ofTemporary: "abc.json.1.2.tmp") == nil)
        #expect(LeftoverSweep.writer(ofTemporary: "..1.2.tmp") == nil)
        #expect(LeftoverSweep.writer(ofTemporary: ".write-probe-1a2b") == nil)
        #expect(LeftoverSweep.writer(ofTemporary: ".abc.json.1.2.tmp.json") == nil)
    }

    @Test func theRealWriterNamesItsTemporaryFilesSo() throws {
        // A writer killed between creating and renaming leaves exactly this kind of name.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let local = LocalFileSystem()
        try local.createDirectories(dir)
        try local.writeFileAtomically(Array("x".utf8), to: dir + "/r.json", replace: false)
        let name = ".r.json.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        #expect(LeftoverSweep.writer(ofTemporary: name) == getpid())
        #expect(try local.list(dir).map(\.name) == ["r.json"])
    }

    @Test func oldFilesOfGoneWritersAreRemovedOthersKept() throws {
        fs.put("x", at: "/r/attempts/law/2020-07/.a.json.999.1.tmp")  // old, writer gone: removed
        fs.put("x", at: "/r/attempts/law/2020-07/.b.json.\(Self.pidAlive).2.tmp")  // old, writer running: kept
        fs.put("x", at: "/r/.cache/attempt-index/shards/.3.txt.998.3.tmp")  // hidden folders too
        fs.put("x", at: "/r/.claims/attendance/s/.k.claim.997.4.tmp")
        fs.put("x", at: "/r/attempts/law/2020-07/a.json")  // records, and hidden files of another kind: kept
        fs.put("x", at: "/r/attempts/law/2020-07/.notes.tmp")
        fs.put("x", at: "/r/attempts/law/2020-07/.c.json.x.5.tmp")
        fs.addSymlink("/r/attempts/law/2020-07/.d.json.996.6.tmp", target: "/etc/passwd")
        let written = fs.now / 1_000_000_000
        // Young: a writer may be between its write and its rename.
        #expect(sweep(at: written + 10).sweep("/r").isEmpty)
        #expect(sweep(at: written + 3599).sweep("/r").isEmpty)
        let removed = sweep(at: written + 3700).sweep("/r")
        #expect(
            removed == [
                "/r/.cache/attempt-index/shards/.3.txt.998.3.tmp", "/r/.claims/attendance/s/.k.claim.997.4.tmp",
                "/r/attempts/law/2020-07/.a.json.999.1.tmp",
            ])
        #expect(fs.exists("/r/attempts/law/2020-07/.b.json.\(Self.pidAlive).2.tmp"))
        #expect(fs.exists("/r/attempts/law/2020-07/a.json"))
        #expect(fs.exists("/r/attempts/law/2020-07/.notes.tmp"))
        #expect(fs.exists("/r/attempts/law/2020-07/.c.json.x.5.tmp"))
        #expect(fs.exists("/r/attempts/law/2020-07/.d.json.996.6.tmp"))
    }

    @Test func aSweepRunsAtMostOnceADay() throws {
        fs.put("x", at: "/r/attempts/law/2020-07/.a.json.999.1.tmp")
        let written = fs.now / 1_000_000_000
        #expect(sweep(at: written + 3700).sweepIfDue("/r") == ["/r/attempts/law/2020-07/.a.json.999.1.tmp"])
        fs.put("x", at: "/r/attempts/law/2020-07/.b.json.999.1.tmp")
        #expect(sweep(at: written + 7200).sweepIfDue("/r") == nil)
        #expect(sweep(at: written + 3700 + LeftoverSweep.intervalSeconds).sweepIfDue("/r") == ["/r/attempts/law/2020-07/.b.json.999.1.tmp"])
        // A folder that does not exist is not made.
        #expect(sweep(at: written).sweepIfDue("/nowhere") == nil)
        #expect(!fs.exists("/nowhere"))
    }
}

@Suite struct AttemptIndexOwnerTests {
    @Test func theOwnerIsReadAsTheFullParserReadsIt() {
        let record = TestSupport.attempt(id: "a", trainee: Trainee(name: "张\"三\\", unit: "xi\nquan"))
        let bytes = RecordCodec.encode(record)
        #expect(AttemptIndex.trainee(scanning: bytes) == record.trainee)
        #expect(AttemptIndex.trainee(parsing: bytes) == record.trainee)
        // Another layout of the same document (keys reversed, spaces): the same owner.
        let other = Array(TestSupport.reformatted(try! JSONParser.parse(bytes)).utf8)
        #expect((AttemptIndex.trainee(scanning: other) ?? AttemptIndex.trainee(parsing: other)) == record.trainee)
        // Not an attempt: no owner.
        for junk in ["", "{}", "[1]", "{\"schema\": \"gongkai.attendance/1\", \"trainee\": {\"name\": \"a\", \"unit\": \"b\"}}"] {
            #expect(AttemptIndex.trainee(scanning: Array(junk.utf8)) == nil)
            #expect(AttemptIndex.trainee(parsing: Array(junk.utf8)) == nil)
        }
    }
}
