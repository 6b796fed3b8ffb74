import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Promise 3 on real file systems, for `make stress` only (it needs mount(8)
/// and root): `Results/` on a 256 KiB tmpfs that fills up, and on a
/// read-only bind mount. Where mounting is not permitted the test says so in
/// a figure and the `MemoryFileSystem` seam tests (GongkaiShellTests/
/// DiskFaultTests) are what covers the promise.
@Suite("Disk faults on real mounts", .serialized, .enabled(if: Stress.isStressRun))
struct DiskFaultMountTests {
    static let loginLine = "login 张三 --unit xiquan --session 2020-07-08-training"

    @discardableResult
    static func sh(_ command: String) -> (status: Int32, output: String) {
        let run = try? PipeRun.run("/bin/sh", arguments: ["-c", command + " 2>&1"], input: "", environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"], directory: "/", timeout: 30)
        return (run?.status ?? -1, run?.stdout ?? "")
    }

    /// Fills the file system holding `directory` until a write fails.
    static func fill(_ directory: String) {
        sh("dd if=/dev/zero of='\(directory)/.filler-$$' bs=4k >/dev/null; sync")
    }

    /// Mounts a 256 KiB tmpfs at `path`; nil (and a figure) when not permitted.
    static func tmpfs(_ path: String) -> Bool {
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = sh("mount -t tmpfs -o size=256k tmpfs '\(path)'")
        if mount.status != 0 {
            Stress.figure("disk.tmpfs", "not-permitted")
            Stress.progress("mounting a tmpfs is not permitted here (\(mount.output.trimmingCharacters(in: .whitespacesAndNewlines))); the MemoryFileSystem seam tests cover disk-full")
            return false
        }
        return true
    }

    /// Answers through a pipe; after `before` answers runs `fault`; submits; saves elsewhere if asked.
    static func quiz(_ box: Sandbox, results: String, typed: [String], before: Int, fault: () -> Void, elsewhere: String) throws -> String {
        let shell = try box.pipeSession(E2E.shellArguments(results: results))
        try shell.waitFor("gongkai> ")
        try shell.line(loginLine)
        try shell.waitFor("张三@喜泉镇> ")
        try shell.line("quiz sample")
        for (index, answer) in typed.enumerated() {
            try shell.waitFor("答案> ")
            if index == before { fault() }
            try shell.line(answer)
        }
        try shell.waitFor("[Y/n] ")
        try shell.line("y")
        let (needle, _) = try shell.expectAny(["另存到其他位置", "── 测验结果"])
        if needle == "另存到其他位置" {
            try shell.waitFor("：")
            try shell.line("save " + elsewhere)
            try shell.waitFor("已另存：")
        }
        try shell.waitFor("张三@喜泉镇> ")
        try shell.line("quit")
        try shell.waitFor("再见。")
        #expect(try shell.waitForExit(timeout: 30) == 0)
        return shell.transcript
    }

    static func checkNothingHalfWritten(_ root: String, _ label: String) {
        let files = ResultsAudit.of(root)
        #expect(files.leftoverTemp.isEmpty, "\(label): temporary files left: \(files.leftoverTemp)")
        #expect(files.unreadable.isEmpty, "\(label): \(files.unreadable)")
        Stress.figure("disk.\(label).temp_files_left", files.leftoverTemp.count)
        Stress.figure("disk.\(label).unreadable_files", files.unreadable.count)
    }

    @Test("a 256 KiB tmpfs that fills up mid-quiz: warnings, the attempt saved elsewhere with every answer, nothing half-written")
    func tmpfsFillsUp() throws {
        let (_, _, typed) = try PipeSessionTests.answerScript()
        let box = Sandbox()
        let mount = box.root + "/tmpfs"
        guard Self.tmpfs(mount) else { return }
        defer { Self.sh("umount '\(mount)'") }
        Stress.figure("disk.tmpfs", "mounted")
        let results = mount + "/Results"
        let usb = box.root + "/usb"
        let text = try Self.quiz(box, results: results, typed: typed, before: 3, fault: { Self.fill(mount) }, elsewhere: usb)
        #expect(text.contains("进度未能保存：磁盘已满"), "\(text.suffix(3000))")
        #expect(text.contains("成绩未能保存：磁盘已满"))
        #expect(text.contains("已另存："))
        let saved = ResultsAudit.of(usb)
        #expect(saved.bySchema["gongkai.attempt/1"] == 1)
        let record = try Sandbox.json(at: usb + "/" + (try #require(Sandbox.files(under: usb).first { $0.hasPrefix("attempts/") })))
        let raws = (record["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String }
        #expect(raws == typed, "every answer, including those typed while the disk was full")
        Self.checkNothingHalfWritten(results, "tmpfs_full_midway")
        Stress.figure("disk.tmpfs_full_midway.answers_kept", raws.compactMap { $0 }.count)
    }

    @Test("a tmpfs that is full before the shell starts: a clear message at login, no question asked, nothing written")
    func tmpfsFullFromTheStart() throws {
        let box = Sandbox()
        let mount = box.root + "/tmpfs"
        guard Self.tmpfs(mount) else { return }
        defer { Self.sh("umount '\(mount)'") }
        let results = mount + "/Results"
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        Self.fill(mount)
        let run = try box.run(E2E.shellArguments(results: results), input: Self.loginLine + "\nquiz sample\nquit\n")
        #expect(run.status == 0)
        #expect(run.stdout.contains("无法写入成绩目录"), "\(run.stdout)")
        #expect(run.stdout.contains("磁盘已满"))
        #expect(!run.stdout.contains("第 1/7 题"))
        Self.checkNothingHalfWritten(results, "tmpfs_full_at_start")
    }

    @Test("a read-only bind mount, from the start and from the middle of a quiz")
    func readOnlyBindMount() throws {
        let (_, _, typed) = try PipeSessionTests.answerScript()
        let box = Sandbox()
        let real = box.root + "/real"
        let view = box.root + "/view"
        for dir in [real + "/Results", view] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let bind = Self.sh("mount --bind '\(real)' '\(view)'")
        guard bind.status == 0 else {
            Stress.figure("disk.readonly_bind", "not-permitted")
            Stress.progress("bind mounts are not permitted here (\(bind.output)); the MemoryFileSystem seam tests cover read-only")
            return
        }
        defer { Self.sh("umount '\(view)'") }
        Stress.figure("disk.readonly_bind", "mounted")
        let results = view + "/Results"
        let usb = box.root + "/usb"
        // Read-only from the middle of the quiz.
        let text = try Self.quiz(box, results: results, typed: typed, before: 2, fault: { Self.sh("mount -o remount,bind,ro '\(view)'") }, elsewhere: usb)
        #expect(text.contains("进度未能保存"), "\(text.suffix(3000))")
        #expect(text.contains("只读"))
        #expect(text.contains("已另存："))
        let record = try Sandbox.json(at: usb + "/" + (try #require(Sandbox.files(under: usb).first { $0.hasPrefix("attempts/") })))
        #expect((record["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String } == typed)
        Self.checkNothingHalfWritten(real, "readonly_midway")
        // Read-only from the start.
        let run = try box.run(E2E.shellArguments(results: results), input: Self.loginLine + "\nquiz sample\nquit\n")
        #expect(run.stdout.contains("无法写入成绩目录"), "\(run.stdout)")
        #expect(run.stdout.contains("只读"))
        #expect(!run.stdout.contains("第 1/7 题"))
        Self.checkNothingHalfWritten(real, "readonly_at_start")
    }

    @Test("a tmpfs filled by the records themselves: every write at the edge fails cleanly, nothing half-written")
    func tmpfsFilledByRecords() throws {
        let box = Sandbox()
        let mount = box.root + "/tmpfs"
        guard Self.tmpfs(mount) else { return }
        defer { Self.sh("umount '\(mount)'") }
        let results = mount + "/Results"
        let usb = box.root + "/usb"
        let shell = try box.pipeSession(E2E.shellArguments(results: results))
        try shell.waitFor("gongkai> ")
        try shell.line(Self.loginLine)
        try shell.waitFor("张三@喜泉镇> ")
        var random = StressRandom(seed: Stress.seed())
        var saved = 0, progressWarnings = 0, full = false
        for _ in 0..<400 where !full {
            try shell.line("quiz sample")
            var current: ShownQuestion?
            for _ in 0..<50 {
                let (needle, text) = try shell.expectAny(["答案> ", "确认交卷吗？"])
                progressWarnings += text.components(separatedBy: "进度未能保存").count - 1
                if needle != "答案> " { break }
                if let q = QuizScreen.current(in: text) { current = q }
                try shell.line(GenericAnswer.valid(for: try #require(current), &random))
            }
            try shell.waitFor("[Y/n] ")
            try shell.line("y")
            let (needle, _) = try shell.expectAny(["另存到其他位置", "── 测验结果"])
            if needle == "另存到其他位置" {
                full = true
                try shell.waitFor("：")
                try shell.line("save " + usb)
                try shell.waitFor("已另存：")
            } else {
                saved += 1
            }
            try shell.waitFor("张三@喜泉镇> ")
        }
        try shell.line("quit")
        try shell.waitFor("再见。")
        #expect(try shell.waitForExit(timeout: 30) == 0)
        #expect(full, "the tmpfs never filled up")
        let files = ResultsAudit.of(results)
        #expect(files.bySchema["gongkai.attempt/1"] == saved, "\(files)")
        #expect(ResultsAudit.of(usb).bySchema["gongkai.attempt/1"] == 1)
        Self.checkNothingHalfWritten(results, "tmpfs_filled_by_records")
        Stress.figure("disk.tmpfs_filled_by_records.attempts_before_full", saved)
        Stress.figure("disk.tmpfs_filled_by_records.progress_warnings", progressWarnings)
    }
}
