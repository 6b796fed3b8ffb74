import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Promise 2: several shells finishing attempts into one `Results/` at the same
/// time produce exactly one valid record per attempt, and the scores report
/// counts them all. `make test`: 4 processes × 10 attempts; `make stress`:
/// GONGKAI_STRESS_CONC_PROCESSES=8 × GONGKAI_STRESS_CONC_ATTEMPTS=250.
@Suite("Concurrency: many shells, one Results/", .serialized)
struct ConcurrencyTests {
    /// Outcomes from the driver threads.
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var errors: [String] = []
        private(set) var submitted = 0
        func fail(_ text: String) { lock.withLock { errors.append(text) } }
        func add(_ n: Int) { lock.withLock { submitted += n } }
    }

    @Test("N shells × M attempts each into one results folder: exactly N×M valid attempt records, all counted")
    func manyShellsOneResultsFolder() throws {
        let processes = Stress.count("GONGKAI_STRESS_CONC_PROCESSES", default: 4)
        let attemptsEach = Stress.count("GONGKAI_STRESS_CONC_ATTEMPTS", default: 10)
        let seed = Stress.seed()
        let box = Sandbox()
        let courses = try StressCourses.make(in: box, units: processes)
        let environment = box.environment()
        let directory = box.work
        let results = box.results
        let outcomes = Outcomes()
        let ready = DispatchGroup()
        let finished = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        let started = Clock.now

        for p in 1...processes {
            ready.enter()
            finished.enter()
            let arguments = ["--courses", courses, "--results", results, "--seed", String(seed % 1000 + UInt64(p))]
            Thread.detachNewThread {
                defer { finished.leave() }
                var signalledReady = false
                defer { if !signalledReady { ready.leave() } }
                do {
                    let name = String(format: "并发%02d", p)
                    let prompt = "\(name)@\(StressCourses.unitName(p))> "
                    let shell = try PipeSession(E2E.binary, arguments: arguments, environment: environment, directory: directory, label: name)
                    try shell.waitFor("gongkai> ")
                    try shell.line("login \(name) --unit \(StressCourses.unitID(p)) --session \(StressCourses.session)")
                    try shell.waitFor(prompt)
                    // Everyone starts quizzing at the same moment.
                    signalledReady = true
                    ready.leave()
                    go.wait()
                    var random = StressRandom(seed: seed &+ UInt64(p))
                    for _ in 0..<attemptsEach {
                        try shell.line("quiz sample")
                        var current: ShownQuestion?
                        for _ in 0..<50 {
                            let (needle, text) = try shell.expectAny(["答案> ", "确认交卷吗？"], timeout: 60)
                            if needle != "答案> " { break }
                            if let q = QuizScreen.current(in: text) { current = q }
                            guard let q = current else { throw shell.failure("no question on screen") }
                            try shell.line(GenericAnswer.valid(for: q, &random))
                        }
                        try shell.expect("[Y/n] ", timeout: 60)
                        try shell.line("y")
                        let result = try shell.expect(prompt, timeout: 60)
                        guard result.contains("测验结果"), !result.contains("成绩未能保存") else {
                            throw shell.failure("the attempt was not saved")
                        }
                        outcomes.add(1)
                    }
                    try shell.line("quit")
                    try shell.expect("再见。", timeout: 60)
                    let status = try shell.waitForExit(timeout: 60)
                    if status != 0 { outcomes.fail("\(name): exit status \(status)") }
                } catch {
                    outcomes.fail("\(p): \(String("\(error)".suffix(2000)))")
                }
            }
        }
        ready.wait()
        let quizStart = Clock.now
        for _ in 0..<processes { go.signal() }
        finished.wait()
        let quizSeconds = Clock.now - quizStart

        let expected = processes * attemptsEach
        let files = ResultsAudit.of(results)
        let attemptFiles = box.attemptFiles()
        let store = ResultStore(root: results, fileSystem: LocalFileSystem())
        let loaded = store.attempts().records
        let ids = Set(loaded.map(\.record.id))
        let perTrainee = Dictionary(grouping: loaded, by: \.record.trainee.name).mapValues(\.count)
        let progressLeft = Sandbox.files(under: results + "/progress").filter { $0.hasSuffix(".json") }
        let scores = try ReportCheck.run(box, kind: "scores", courses: courses, results: results, strict: true)

        Stress.figure("concurrency.processes", processes)
        Stress.figure("concurrency.attempts_each", attemptsEach)
        Stress.figure("concurrency.submitted", outcomes.submitted)
        Stress.figure("concurrency.attempt_files", attemptFiles.count)
        Stress.figure("concurrency.valid_attempts", loaded.count)
        Stress.figure("concurrency.distinct_ids", ids.count)
        Stress.figure("concurrency.report_attempts", scores.totals("attempts") ?? -1)
        Stress.figure("concurrency.report_strict_exit", scores.status)
        Stress.figure("concurrency.unreadable_files", files.unreadable.count)
        Stress.figure("concurrency.tampered_files", files.tampered.count)
        Stress.figure("concurrency.leftover_temp_files", files.leftoverTemp.count)
        Stress.figure("concurrency.progress_left", progressLeft.count)
        Stress.figure("concurrency.errors", outcomes.errors.count)
        Stress.figure("concurrency.quiz_seconds", Int(quizSeconds))
        Stress.figure("concurrency.seconds", Int(Clock.now - started))

        #expect(outcomes.errors.isEmpty, "\(outcomes.errors.prefix(3))")
        #expect(outcomes.submitted == expected)
        #expect(attemptFiles.count == expected, "\(files)")
        #expect(loaded.count == expected)
        #expect(ids.count == expected, "every attempt has its own id")
        #expect(perTrainee.values.allSatisfy { $0 == attemptsEach } && perTrainee.count == processes, "\(perTrainee)")
        #expect(files.unreadable.isEmpty && files.tampered.isEmpty && files.undigested.isEmpty, "\(files)")
        #expect(files.leftoverTemp.isEmpty, "\(files.leftoverTemp.prefix(5))")
        #expect(progressLeft.isEmpty, "\(progressLeft)")
        #expect(scores.status == 0, "\(scores.stderr)")
        #expect(scores.totals("attempts") == expected, "\(scores.stderr)")
    }
}
