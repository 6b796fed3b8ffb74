import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// Counts reads and listings through the seam (see `AttemptIndexTests` for the core's own counts).
final class ReadCountingFileSystem: FileSystem, @unchecked Sendable {
    let base: MemoryFileSystem
    private let lock = NSLock()
    private var _reads = 0
    private var _listings = 0
    private var _stats = 0
    var counts: (reads: Int, listings: Int, stats: Int) { lock.withLock { (_reads, _listings, _stats) } }

    init(_ base: MemoryFileSystem) { self.base = base }

    func reset() { lock.withLock { (_reads, _listings, _stats) = (0, 0, 0) } }

    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        lock.withLock { _reads += 1 }
        return try base.readFile(path, limit: limit)
    }
    func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        try base.writeFileAtomically(bytes, to: path, replace: replace)
    }
    func createDirectories(_ path: String) throws(FileSystemError) { try base.createDirectories(path) }
    func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] {
        lock.withLock { _listings += 1 }
        return try base.list(directory)
    }
    func info(_ path: String) -> FileInfo? {
        lock.withLock { _stats += 1 }
        return base.info(path)
    }
    func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?] {
        lock.withLock { _stats += 1 }
        return base.infos(in: directory, names: names, range: range)
    }
    func remove(_ path: String) throws(FileSystemError) { try base.remove(path) }
}

@Suite struct ShellScaleTests {
    /// The seam calls of a whole shell session (login, courses, history, unit, review, resume) by one
    /// trainee, once the index is built, with `others` attempts of other people in the same course.
    static func sessionCounts(others: Int) throws -> (reads: Int, listings: Int, stats: Int, output: String) {
        let memory = MemoryFileSystem()
        let plain = ResultStore(root: "/results", fileSystem: memory)
        let course = ShellHarness.fixtureLibrary.course(id: "sample")!
        let months = ["2020-03-02T09:00:00+08:00", "2020-06-01T09:00:00+08:00"].map { Timestamp(parsing: $0)! }
        func attempt(_ id: String, _ trainee: Trainee, _ start: Timestamp) -> AttemptRecord {
            AttemptRecord(
                id: id, createdAt: start, trainee: trainee, session: nil,
                course: CourseRef(id: course.id, version: course.version, digest: course.digest), mode: .exam, startedAt: start,
                finishedAt: start, items: [AttemptItem(question: course.questions[0].id, type: course.questions[0].type, shown: [], raw: nil, response: nil, points: 0, max: 1)],
                passPercent: 80)
        }
        for n in 0..<others { try plain.save(attempt("o\(n)", Trainee(name: "同事\(n)", unit: "other\(n % 5)"), months[n % 2])) }
        try plain.save(attempt("mine-1", Trainee(name: "李四", unit: "xiquan"), months[0]))
        try plain.save(attempt("mine-2", Trainee(name: "李四", unit: "xiquan"), months[1]))
        let counting = ReadCountingFileSystem(memory)
        func session() -> String {
            let output = CapturedOutput()
            let reader = ScriptedLineReader(
                ["login 李四 --unit xiquan --session 2020-07-08-training", "courses", "history", "unit", "resume", "quit"].map(LineInput.line),
                echo: output)
            Shell(
                ShellEnvironment(
                    library: ShellHarness.fixtureLibrary, store: ResultStore(root: "/results", fileSystem: counting), reader: reader, output: output,
                    terminal: .fixed(columns: 100, rows: 40), clock: FixedClock(Timestamp(parsing: "2020-07-08T09:30:00+08:00")!),
                    ids: SequentialRecordIDs(prefix: "t"), seed: 1)
            ).run()
            return output.text
        }
        _ = session()
        counting.reset()
        let output = session()
        let counts = counting.counts
        return (counts.reads, counts.listings, counts.stats, output)
    }

    @Test func aSessionDoesTheSameWorkWhateverOtherPeoplesRecords() throws {
        let small = try Self.sessionCounts(others: 40)
        let large = try Self.sessionCounts(others: 400)
        #expect(small.reads == large.reads)
        #expect(small.listings == large.listings)
        #expect(small.stats == large.stats)
        // What the trainee sees is theirs: two attempts in the history, whatever else is there.
        #expect(small.output.components(separatedBy: "0/1").count == large.output.components(separatedBy: "0/1").count)
        #expect(large.output.contains("2020-03-02"))
        #expect(large.output.contains("2020-06-01"))
        // Far below one read per record.
        #expect(large.reads < 60)
    }
}
