import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// Counts the waits of a `LatencyFileSystem`: on a share where each costs 1 ms, the count is the time.
final class WaitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var _count = 0
    var count: Int { lock.withLock { _count } }
    func tick() { lock.withLock { _count += 1 } }
    func reset() { lock.withLock { _count = 0 } }
}

@Suite struct UnitScaleTests {
    /// A results folder with `own` attempts by colleagues of 李四's unit (and as many of other units),
    /// over two months of one course.
    static func world(own: Int) throws -> MemoryFileSystem {
        let memory = MemoryFileSystem()
        let plain = ResultStore(root: "/results", fileSystem: memory)
        let course = ShellHarness.fixtureLibrary.course(id: "sample")!
        let months = ["2020-03-02T09:00:00+08:00", "2020-06-01T09:00:00+08:00"].map { Timestamp(parsing: $0)! }
        func attempt(_ id: String, _ trainee: Trainee, _ start: Timestamp, points: Double) -> AttemptRecord {
            AttemptRecord(
                id: id, createdAt: start, trainee: trainee, session: "2020-07-08-training",
                course: CourseRef(id: course.id, version: course.version, digest: course.digest), mode: .exam, startedAt: start,
                finishedAt: start,
                items: [AttemptItem(question: course.questions[0].id, type: course.questions[0].type, shown: [], raw: nil, response: nil, points: points, max: 1)],
                passPercent: 80)
        }
        for n in 0..<own {
            try plain.save(attempt("x\(n)", Trainee(name: "同事\(n % 13)", unit: "xiquan"), months[n % 2], points: Double(n % 2)))
            try plain.save(attempt("o\(n)", Trainee(name: "外人\(n)", unit: "other\(n % 3)"), months[n % 2], points: 1))
        }
        try plain.save(attempt("mine", Trainee(name: "李四", unit: "xiquan"), months[1], points: 1))
        return memory
    }

    /// Seam calls (and the standing shown) of a warm `login`, `unit` session.
    static func unitSession(_ fileSystem: FileSystem, reset: () -> Void) -> String {
        func session() -> String {
            let output = CapturedOutput()
            let reader = ScriptedLineReader(["login 李四 --unit xiquan --session 2020-07-08-training", "unit", "quit"].map(LineInput.line), echo: output)
            Shell(
                ShellEnvironment(
                    library: ShellHarness.fixtureLibrary, store: ResultStore(root: "/results", fileSystem: fileSystem), reader: reader, output: output,
                    terminal: .fixed(columns: 100, rows: 40), clock: FixedClock(Timestamp(parsing: "2020-07-08T09:30:00+08:00")!),
                    ids: SequentialRecordIDs(prefix: "t"), seed: 1)
            ).run()
            return output.text
        }
        _ = session()
        reset()
        return session()
    }

    @Test func theUnitViewDoesTheSameWorkWhateverTheUnitsOwnRecords() throws {
        var counts: [Int: (reads: Int, listings: Int, stats: Int)] = [:]
        var outputs: [Int: String] = [:]
        for own in [40, 400] {
            let counting = ReadCountingFileSystem(try Self.world(own: own))
            outputs[own] = Self.unitSession(counting, reset: counting.reset)
            counts[own] = counting.counts
        }
        #expect(counts[40]! == counts[400]!, "\(counts)")
        // The standing is the unit's: 李四 signed in and passed.
        #expect(outputs[400]!.contains("李四"))
        #expect(outputs[400]!.contains("✓ 100%"), "\(outputs[400]!)")
        #expect(counts[400]!.reads < 40)
    }

    @Test func aSlowFolderWaitsOncePerRoundTrip() throws {
        let memory = MemoryFileSystem()
        memory.put("{}", at: "/r/a/1.json")
        memory.put("{}", at: "/r/a/2.json")
        let counter = WaitCounter()
        let slow = LatencyFileSystem(base: memory, wait: counter.tick)
        func waits(_ body: () throws -> Void) rethrows -> Int {
            counter.reset()
            try body()
            return counter.count
        }
        #expect(try waits { _ = try slow.list("/r/a") } == 1)
        #expect(try waits { _ = try slow.listFiles("/r/a", suffix: ".json") } == 1)
        #expect(waits { _ = slow.info("/r/a/1.json") } == 1)
        let names = PackedNames(["1.json", "2.json", "3.json"])
        #expect(waits { _ = slow.infos(in: "/r/a", names: names, range: 0..<3) } == 3)
        #expect(try waits { _ = try slow.readFile("/r/a/1.json", limit: 100) } == 1)
        #expect(try waits { _ = try slow.readFileWithInfo("/r/a/1.json", limit: 100) } == 1)
        #expect(try waits { try slow.writeFileAtomically(Array("x".utf8), to: "/r/b.json", replace: true) } == 1)
        #expect(try waits { try slow.createDirectories("/r/c") } == 1)
        #expect(try waits { try slow.remove("/r/b.json") } == 1)
        // What it answers is the base's.
        #expect(try slow.readFile("/r/a/2.json", limit: 100) == Array("{}".utf8))
        #expect(slow.infos(in: "/r/a", names: names, range: 0..<3).map { $0 != nil } == [true, true, false])
        // The real one sleeps the time asked for (how long is left to the benchmark: no timings here).
        let asked = WaitCounter()
        let sleeping = LatencyFileSystem(base: memory, milliseconds: 1.5) { nanoseconds in
            if nanoseconds == 1_500_000 { asked.tick() }
        }
        _ = sleeping.info("/r/a")
        #expect(asked.count == 1)
    }

    @Test func onASlowFolderAUnitSessionCostsTheSameRoundTripsWhateverTheRecords() throws {
        var waits: [Int: Int] = [:]
        for own in [40, 400] {
            let counter = WaitCounter()
            let slow = LatencyFileSystem(base: try Self.world(own: own), wait: counter.tick)
            _ = Self.unitSession(slow, reset: counter.reset)
            waits[own] = counter.count
        }
        #expect(waits[40] == waits[400], "\(waits)")
        // At 1 ms a round trip, well under the 200 ms a command may take on a share.
        #expect(waits[400]! < 100, "\(waits)")
    }
}
