import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The attacks of an adversarial probe (issue 13), through the real binary: each of these
/// destroyed a file, hung the program or passed a broken report before it was fixed.
@Suite("Hardening: output paths, special files, read errors")
struct HardeningCommandTests {
    static func kind(_ path: String) -> mode_t {
        var st = stat()
        guard lstat(path, &st) == 0 else { return 0 }
        return st.st_mode & S_IFMT
    }

    @Test func reportOutToASymlinkIsRefusedAndTheLinkAndItsTargetStay() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let target = cli.box.work + "/keep.txt"
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        let link = cli.box.work + "/report.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try cli.report(["scores", "--out", link, "--lang", "en"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("symbolic link"), "\(run.stderr)")
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    @Test func reportOutToAFIFOWritesIntoThePipeAndKeepsIt() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let fifo = cli.box.work + "/report.pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = LockedData()
        let reader = Thread {
            if let handle = FileHandle(forReadingAtPath: fifo) {
                received.set(handle.readDataToEndOfFile())
            }
            received.finish()
        }
        reader.start()
        let run = try cli.report(["scores", "--format", "csv", "--out", fifo])
        #expect(run.status == 0, "\(run.stderr)")
        let text = String(decoding: received.wait(), as: UTF8.self)
        #expect(text.contains("张三"), "\(text)")
        #expect(Self.kind(fifo) == S_IFIFO)
    }

    @Test func reportOutToACharacterDeviceKeepsTheDevice() throws {
        let cli = try ReportCLI()
        try cli.standard()
        // A private copy of /dev/null where the system allows one (root), else /dev/null itself
        // (only written through when the fix is in; the private copy shows the attack).
        let device = cli.box.work + "/null"
        var null = stat()
        stat("/dev/null", &null)
        let path = mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0 ? device : "/dev/null"
        let run = try cli.report(["scores", "--format", "csv", "--out", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.kind(path) == S_IFCHR)
    }

    @Test func aFIFOAtTheSummaryCacheOrAmongRecordsDoesNotHangTheReport() throws {
        let cli = try ReportCLI()
        try cli.standard()
        try FileManager.default.createDirectory(atPath: cli.results + "/.cache", withIntermediateDirectories: true)
        #expect(mkfifo(cli.results + "/.cache/attempt-summaries.bin", 0o600) == 0)
        let folder = (cli.attemptFiles.first! as NSString).deletingLastPathComponent
        let fifo = folder + "/20200708T020000Z-fifo00000001.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        let run = try cli.report(["scores", "--format", "json", "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains(fifo) && run.stderr.contains("special file"), "\(run.stderr)")
        #expect(ReportCLI.people(try cli.json(run)).count == 3)
    }

    /// `ulimit -n 7` once made 15,500 of 20,000 records "bad records" and a report with exit 0;
    /// below that libdispatch crashed (SIGILL). Now: a clear message and status 1 at start.
    @Test func tooFewFileDescriptorsFailTheReportWithTheCause() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for index in 0..<40 {
            try cli.takeQuiz("学员\(index)", unit: "xiquan", at: String(format: "2020-07-08T11:%02d:00+08:00", index))
        }
        for limit in [4, 7] {
            let run = try limited("ulimit -n \(limit)", cli, ["scores", "--no-cache", "--format", "json", "--lang", "en"])
            #expect(run.status == 1, "ulimit -n \(limit): status \(run.status); stderr: \(run.stderr)")
            #expect(run.stderr.contains("too many open files") && run.stderr.contains("(ulimit -n) is \(limit)"), "\(run.stderr)")
            #expect(!run.stdout.contains("\"people\""), "no report is written")
        }
        // A low soft limit that may be raised is raised.
        let soft = try limited("ulimit -S -n 5", cli, ["scores", "--no-cache", "--format", "json"])
        #expect(soft.status == 0, "\(soft.stderr)")
        #expect(ReportCLI.people(try cli.json(soft)).count == 43)
    }

    /// Under a memory limit Swift cannot recover from a failed allocation: the probe saw
    /// SIGSEGV and SIGILL, and a hang in libdispatch. From 64 MB to 1 GB of address space
    /// (`ulimit -v`) the program succeeds, says "out of memory" with status 1, or (below what
    /// the dynamic loader needs to map gongkai's libraries, before any of its code runs) ends
    /// with the loader's message and status 127; never a signal, never a hang.
    @Test func aTightMemoryLimitEndsInAClearErrorNotACrash() throws {
        let cli = try ReportCLI()
        try cli.standard()
        // 3,000 copies of one attempt under new ids, written plainly (no fsync: this is test data).
        let (record, path) = try cli.takeQuiz("王五", unit: "xiquan", at: "2020-07-08T12:00:00+08:00")
        let folder = (path as NSString).deletingLastPathComponent
        for index in 0..<3000 {
            var copy = record
            copy.id = String(format: "20200708T040000Z-mem%08d", index)
            copy.trainee.name = "学员\(index)"
            try Data(RecordCodec.encode(copy)).write(to: URL(fileURLWithPath: folder + "/" + copy.id + ".json"))
        }
        var outcomes: [String: Int] = [:]
        for megabytes in [64, 96, 128, 136, 144, 160, 192, 256, 384, 512, 768, 1024] {
            for kind in ["scores", "items"] {
                let run = try limited("ulimit -v \(megabytes * 1024)", cli, [kind, "--no-cache", "--format", "json", "--lang", "en"])
                let said = "ulimit -v \(megabytes) MB, \(kind): status \(run.status)\n\(run.stderr.prefix(600))"
                #expect([0, 1, 127].contains(run.status), "never a signal: \(said)")
                #expect(!run.stderr.contains("Program crashed") && !run.stderr.contains("Crash"), "\(said)")
                switch run.status {
                case 0:
                    outcomes["ran", default: 0] += 1
                    if kind == "scores" { #expect(ReportCLI.people(try cli.json(run)).count > 3000, "\(said)") }
                case 1:
                    outcomes["out_of_memory", default: 0] += 1
                    #expect(run.stderr.contains("out of memory") && run.stdout.isEmpty, "\(said)")
                default:
                    outcomes["not_loaded", default: 0] += 1
                    #expect(run.stderr.contains("error while loading shared libraries"), "only the loader exits 127: \(said)")
                }
                if megabytes >= 512 { #expect(run.status == 0, "enough memory: \(said)") }
            }
        }
        for (outcome, count) in outcomes { Stress.figure("memory.limits_\(outcome)", count) }
    }

    /// `gongkai report ARGS` on the world's folders, under a shell limit.
    private func limited(_ limit: String, _ cli: ReportCLI, _ arguments: [String]) throws -> PipeRun.Result {
        let all = ["report"] + arguments + ["--courses", cli.courses, "--results", cli.results]
        let quoted = all.map { "'\($0)'" }.joined(separator: " ")
        return try PipeRun.run(
            "/bin/sh", arguments: ["-c", "\(limit) && exec '\(E2E.binary)' \(quoted)"], input: "", environment: cli.box.environment(),
            directory: cli.box.work, timeout: 120)
    }

    @Test func twoResultsFoldersThatDisagreeAboutOneRecordAreAConflict() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let copy = cli.box.work + "/copy"
        try FileManager.default.copyItem(atPath: cli.results, toPath: copy)
        // The same attempt id on the other PC, with another score (resealed, so it looks valid).
        let file = cli.attemptFiles.first!
        let relative = String(file.dropFirst(cli.results.count))
        var record = try RecordCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))), as: AttemptRecord.self).0
        record.passed.toggle()
        try Data(RecordCodec.encode(record)).write(to: URL(fileURLWithPath: copy + relative))
        let run = try cli.report(["scores", "--format", "json", "--lang", "en"], results: [cli.results, copy])
        #expect(run.status == 0)
        #expect(run.stderr.contains("conflict") && run.stderr.contains(record.id), "\(run.stderr)")
        let strict = try cli.report(["scores", "--strict", "--lang", "en"], results: [cli.results, copy])
        #expect(strict.status == 1)
    }
}

final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var done = false

    func set(_ value: Data) { condition.withLock { data = value } }

    func finish() {
        condition.withLock {
            done = true
            condition.broadcast()
        }
    }

    func wait() -> Data {
        condition.withLock {
            let deadline = Date().addingTimeInterval(20)
            while !done, condition.wait(until: deadline) {}
            return data
        }
    }
}

/// Terminals, start-up and altered records (issue 13), through the real binary.
@Suite("Hardening: terminal output and start-up")
struct HardeningStartupTests {
    static func unsafe(_ text: String) -> Bool { text.unicodeScalars.contains(where: TerminalText.isUnsafe) }

    @Test func hostileNamesReachNoTerminalRawInReportsWarningsOrTheShell() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let evil = "恶意\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}名"
        try cli.takeQuiz(evil, unit: "xiquan", at: "2020-07-08T11:00:00+08:00")
        let long = String(repeating: "长", count: 100_000)
        try cli.takeQuiz(long, unit: "xiquan", at: "2020-07-08T11:05:00+08:00")
        // A damaged record whose file name carries an escape: named in a warning.
        let folder = (cli.attemptFiles.first! as NSString).deletingLastPathComponent
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: folder + "/bad\u{1B}[31m.json"))
        let run = try cli.report(["scores", "--lang", "en"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!Self.unsafe(run.stdout), "table: \(run.stdout.debugDescription.prefix(400))")
        #expect(!Self.unsafe(run.stderr), "warnings: \(run.stderr.debugDescription)")
        #expect(run.stdout.contains("恶意\\u{1B}]0;owned"), "made visible, not dropped")
        #expect(run.stderr.contains("bad\\u{1B}[31m.json"))
        #expect(!run.stdout.contains(String(repeating: "长", count: TerminalText.fieldLimit + 1)))
        #expect(run.stdout.contains("[+\(100_000 - TerminalText.fieldLimit)]"), "the cut is marked")
        // The shell: login under the hostile name, then history.
        let shell = try cli.box.run(
            ["--courses", cli.courses, "--results", cli.results, "--lang", "en"],
            input: "login \"\(evil)\" --unit xiquan --session s1\nhistory\nquit\n")
        #expect(!Self.unsafe(shell.stdout), "\(shell.stdout.debugDescription.prefix(600))")
    }

    @Test func anAlteredRecordIsNotShownAsAValidResultInTheShell() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (_, path) = try cli.takeQuiz("孙八", unit: "xiquan", wrong: ["b1": 0, "b2": 0, "b3": 0, "b4": 0], at: "2020-07-08T11:00:00+08:00")
        // Turned into a pass by hand, digest left as it was.
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true")
        #expect(text.contains("\"passed\": true"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let shell = try cli.box.run(
            ["--courses", cli.courses, "--results", cli.results, "--lang", "en"], input: "login 孙八 --unit xiquan --session s1\nhistory\ncourses\nquit\n")
        #expect(shell.stdout.contains("record altered; not counted"), "\(shell.stdout)")
        #expect(!shell.stdout.replacingOccurrences(of: "not passed", with: "").contains("passed"), "never shown as a pass: \(shell.stdout)")
    }

    @Test func startingWithoutCoursesIsAnErrorInTheShellAndTheReport() throws {
        let box = Sandbox()
        let missing = box.work + "/no-such-folder"
        let linked = box.work + "/linked"
        try FileManager.default.createSymbolicLink(atPath: linked, withDestinationPath: E2E.fixtures)
        for folder in [missing, linked] {
            let shell = try box.run(["--courses", folder, "--results", box.results, "--lang", "en"], input: "login 张三 --unit anything\nquit\n")
            #expect(shell.status == 1, "\(folder): \(shell.stdout) \(shell.stderr)")
            #expect(shell.stderr.contains("no courses were loaded from \(folder)"), "\(shell.stderr)")
            #expect(!shell.stdout.contains("gongkai>"), "the shell does not start")
            let report = try box.run(["report", "scores", "--courses", folder, "--results", box.results, "--lang", "en"])
            #expect(report.status == 1)
            #expect(report.stderr.contains("no courses were loaded"), "\(report.stderr)")
            for output in [shell.stderr, report.stderr] {
                #expect(!output.contains("notRegularFile") && !output.contains("notFound("), "no Swift enum text: \(output)")
            }
        }
        #expect(try box.run(["report", "scores", "--courses", linked, "--results", box.results, "--lang", "en"]).stderr.contains("symbolic link"))
    }

    @Test func aLinkedCourseFileIsWarnedAboutAndNotRead() throws {
        let box = Sandbox()
        let courses = box.work + "/courses"
        try FileManager.default.copyItem(atPath: E2E.fixtures, toPath: courses)
        let outside = box.work + "/outside.yaml"
        try FileManager.default.moveItem(atPath: courses + "/sample.yaml", toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: courses + "/sample.yaml", withDestinationPath: outside)
        let run = try box.run(["validate", "--courses", courses, "--lang", "en"])
        #expect(run.stdout.contains("sample.yaml is a symbolic link") || run.stderr.contains("sample.yaml is a symbolic link"), "\(run.stdout) \(run.stderr)")
    }
}

@Suite("Hardening: smaller command-line fixes")
struct HardeningSmallTests {
    @Test func aNegativeSeedGetsAMessageAboutTheSeed() throws {
        let box = Sandbox()
        for arguments in [["--seed", "-1"], ["--seed=-1"], ["shell", "--seed", "-1"]] {
            let run = try box.run(arguments + ["--courses", E2E.fixtures, "--results", box.results, "--lang", "en"])
            #expect(run.status == 2)
            #expect(run.stderr.contains("--seed must be a non-negative integer, not '-1'"), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Missing value"))
        }
    }

    @Test func hiddenCommandsFollowTheLanguage() throws {
        let box = Sandbox()
        for command in ["demo-generate", "bench-generate"] {
            let english = try box.run([command, "--help", "--lang", "en"])
            let chinese = try box.run([command, "--help"])
            #expect(english.stdout.contains("Results folder to fill."), "\(english.stdout)")
            #expect(chinese.stdout.contains("要填充的结果文件夹。"), "\(chinese.stdout)")
            #expect(!chinese.stdout.contains("Results folder to fill."))
        }
        let empty = box.work + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let run = try box.run(["bench-generate", "--courses", empty, "--results", box.results, "--attempts", "1"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("没有有效的课程"), "\(run.stderr)")
    }
}

/// A crash at submit cannot split screen and record (issue 13).
@Suite("Hardening: autosave and record")
struct HardeningResumeTests {
    static let login = "login 张三 --unit xiquan --session 2020-07-08-training\n"

    /// The autosave left by a session that answered `answers` and then ended.
    static func autosave(_ box: Sandbox, answers: Int) throws -> (path: String, progress: ProgressRecord) {
        _ = try box.run(E2E.shellArguments(results: box.results), input: login + "quiz sample\n" + String(repeating: "skip\n", count: answers))
        let files = Sandbox.files(under: box.results + "/progress").filter { $0.hasSuffix("sample.json") }
        let relative = try #require(files.first, "no autosave: \(Sandbox.files(under: box.results))")
        let path = box.results + "/progress/" + relative
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return (path, try RecordCodec.decode(bytes, as: ProgressRecord.self).0)
    }

    @Test func resumingAnAttemptAlreadyRecordedShowsTheRecordAndDropsTheAutosave() throws {
        let box = Sandbox()
        let (path, progress) = try Self.autosave(box, answers: 2)
        // The crash: the attempt was written (same id as the run), the autosave not yet removed.
        let library = CourseLibrary.load(paths: [E2E.fixtures], fileSystem: LocalFileSystem())
        let course = try #require(library.course(id: "sample"))
        let run = try QuizRun(resuming: progress, course: course)
        let store = ResultStore(root: box.results, fileSystem: LocalFileSystem())
        try store.save(run.submit(id: run.id, at: progress.createdAt))
        let resumed = try box.run(E2E.shellArguments(results: box.results, extra: ["--lang", "en"]), input: Self.login + "resume sample\n" + "a\n" + "quit\n")
        #expect(resumed.stdout.contains("already submitted and recorded"), "\(resumed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: path), "the autosave is removed")
        #expect(box.attemptFiles().count == 1, "still one attempt")
        #expect(!resumed.stdout.contains("Resumed"), "no answer can be changed")
    }

    @Test func anAutosaveCutToFewerQuestionsThanTheDrawIsRefused() throws {
        let box = Sandbox()
        let (path, progress) = try Self.autosave(box, answers: 1)
        var cut = progress
        cut.items = Array(progress.items.prefix(1))
        // Resealed: the digest matches, so only the plan gives the edit away.
        try Data(RecordCodec.encode(cut)).write(to: URL(fileURLWithPath: path))
        let resumed = try box.run(E2E.shellArguments(results: box.results, extra: ["--lang", "en"]), input: Self.login + "resume sample\n" + "a\nn\nquit\n")
        #expect(!resumed.stdout.contains("Resumed"), "\(resumed.stdout)")
        #expect(box.attemptFiles().isEmpty, "no attempt from a cut autosave")
        let library = CourseLibrary.load(paths: [E2E.fixtures], fileSystem: LocalFileSystem())
        #expect(throws: QuizRun.ResumeProblem.damaged) { try QuizRun(resuming: cut, course: library.course(id: "sample")!) }
        var twice = progress
        twice.items[1] = twice.items[0]
        #expect(throws: QuizRun.ResumeProblem.damaged) { try QuizRun(resuming: twice, course: library.course(id: "sample")!) }
    }
}

@Suite("Hardening: seal and verify")
struct HardeningSealTests {
    @Test func verifyFailsOnAReDigestedRecordAndOnAnotherKey() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let key = cli.box.root + "/office.key", seal = cli.box.root + "/seal.json"
        let made = try cli.box.run(["seal", "--results", cli.results, "--key", key, "--out", seal, "--lang", "en"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("sealed 8 records"), "\(made.stdout)")
        let holds = try cli.box.run(["verify", "--results", cli.results, "--seal", seal, "--key", key, "--lang", "en"])
        #expect(holds.status == 0 && holds.stdout.contains("the seal holds"), "\(holds.stdout) \(holds.stderr)")
        let sealedReport = try cli.report(["scores", "--strict", "--seal", seal, "--seal-key", key, "--format", "json", "--lang", "en"])
        #expect(sealedReport.status == 0 && sealedReport.stderr.contains("the seal holds"), "\(sealedReport.stderr)")
        #expect(ReportCLI.people(try cli.json(sealedReport)).count == 3)
        // A key inside Results/ is refused.
        let inside = try cli.box.run(["seal", "--results", cli.results, "--key", cli.results + "/k.key", "--out", seal + "2", "--lang", "en"])
        #expect(inside.status == 1 && inside.stderr.contains("inside the results folder"))
        // The forger: re-digested record.
        let file = cli.attemptFiles.first!
        var record = try RecordCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))), as: AttemptRecord.self).0
        record.passed.toggle()
        try Data(RecordCodec.encode(record)).write(to: URL(fileURLWithPath: file))
        let strict = try cli.report(["scores", "--strict"])
        #expect(strict.status == 0, "the digest alone cannot see it")
        let broken = try cli.box.run(["verify", "--results", cli.results, "--seal", seal, "--lang", "en"])
        #expect(broken.status == 1)
        let refused = try cli.report(["scores", "--strict", "--seal", seal, "--lang", "en"])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "no report from records the seal no longer covers: \(refused.stderr)")
        #expect(refused.stderr.contains("the seal is broken: 1 changed"))
        #expect(broken.stderr.contains("changed: attempts/"), "\(broken.stderr)")
        // A seal remade with another key does not pass as the office's.
        let forgedSeal = cli.box.root + "/forged.json"
        _ = try cli.box.run(["seal", "--results", cli.results, "--key", cli.box.root + "/forger.key", "--out", forgedSeal])
        let wrongKey = try cli.box.run(["verify", "--results", cli.results, "--seal", forgedSeal, "--key", key, "--lang", "en"])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("not signed with the office key"), "\(wrongKey.stderr)")
    }
}

@Suite("Hardening: the readline history")
struct HardeningHistoryTests {
    /// Readline opens the history file itself: a FIFO there hung the shell at start.
    @Test func aFIFOAtTheHistoryFileDoesNotHangTheShell() throws {
        let box = Sandbox()
        try FileManager.default.createDirectory(atPath: box.xdgDataHome + "/gongkai", withIntermediateDirectories: true)
        #expect(mkfifo(box.historyFile, 0o600) == 0)
        let term = try box.terminal(extraEnvironment: ["GONGKAI_LANG": "en"])
        try term.expect("gongkai> ", timeout: 15)
        try term.line("quit")
        #expect(try term.waitForExit(timeout: 15) == 0)
        #expect(HardeningCommandTests.kind(box.historyFile) == S_IFIFO, "left as it was")
    }
}
