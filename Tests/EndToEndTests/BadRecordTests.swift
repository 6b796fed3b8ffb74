import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Promise 6: truncated JSON, the wrong schema, a 100 MB file, FIFOs and
/// symlinks pointing outside `Results/` are skipped with a warning and never
/// followed. A followed symlink to a FIFO would block the reader for ever, so
/// every run here has a short deadline; a followed symlink to a record would
/// add that record to the counts.
@Suite("Bad records are skipped, never followed")
struct BadRecordTests {
    struct Layout {
        var box: Sandbox
        /// Paths (relative to results) that must each be named in a warning.
        var expectedWarnings: [String]
        /// Records outside the results folder that must never be counted.
        var outsideIDs: [String]
        var tamperedPath: String
    }

    static func mkfifo(_ path: String) throws {
        guard Glibc.mkfifo(path, 0o644) == 0 else { throw DriveFailure(description: "mkfifo \(path): errno \(errno)") }
    }

    static func symlink(_ target: String, at path: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    /// One good session's records, then every kind of bad file next to them.
    static func layout() throws -> Layout {
        let box = Sandbox()
        let (script, _, _) = try PipeSessionTests.answerScript()
        let audit = "audit\n1\n\nhttp://a\n3\n\n\n3\n\nsave\n\n"
        let run = try box.run(E2E.shellArguments(results: box.results), input: script.replacingOccurrences(of: "quit\n", with: audit + "quit\n"))
        guard run.status == 0, box.attemptFiles().count == 1 else { throw DriveFailure(description: "setup failed: \(run.stdout.suffix(2000))") }
        let fm = FileManager.default
        let good = box.attemptFiles()[0]
        let month = (good as NSString).deletingLastPathComponent
        let attendanceDir = box.results + "/attendance/2020-07-08-training"
        let auditDir = box.results + "/audits/column-self-audit/xiquan"
        let goodBytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let outside = box.root + "/outside"
        try fm.createDirectory(atPath: outside + "/dir", withIntermediateDirectories: true)

        // A record outside the results folder, with its own id (counted if ever followed).
        var outsideRecord = try JSONSerialization.jsonObject(with: goodBytes) as! [String: Any]
        outsideRecord["id"] = "outside-0001"
        try JSONSerialization.data(withJSONObject: outsideRecord).write(to: URL(fileURLWithPath: outside + "/record.json"))
        outsideRecord["id"] = "outside-0002"
        try JSONSerialization.data(withJSONObject: outsideRecord).write(to: URL(fileURLWithPath: outside + "/dir/record.json"))
        try mkfifo(outside + "/fifo")
        try mkfifo(outside + "/dir/x.json")

        var warned: [String] = []
        func put(_ bytes: Data, _ path: String) throws {
            try bytes.write(to: URL(fileURLWithPath: path))
            warned.append(path)
        }
        try put(goodBytes.prefix(goodBytes.count / 2), month + "/truncated.json")
        try put(Data(), month + "/empty.json")
        try put(Data(#"{"schema":"gongkai.attempt/99","id":"x"}"#.utf8), month + "/future-schema.json")
        try put(Data(#"[1,2,3]"#.utf8), month + "/array.json")
        try put(Data([0x00, 0xFF, 0xFE, 0x7B, 0x22, 0x0A]), month + "/binary.json")
        try put(Data(String(repeating: "[", count: 200_000).utf8), month + "/deep.json")
        try put(try Data(contentsOf: URL(fileURLWithPath: Sandbox.jsonFiles(in: attendanceDir)[0])), month + "/attendance-here.json")
        var missing = try JSONSerialization.jsonObject(with: goodBytes) as! [String: Any]
        missing["items"] = nil
        missing["id"] = "missing-items"
        try put(try JSONSerialization.data(withJSONObject: missing), month + "/missing-items.json")
        // A 100 MB file (sparse: it takes no disk, and it must not be read at all).
        let huge = month + "/huge.json"
        _ = fm.createFile(atPath: huge, contents: Data("{".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        warned.append(huge)
        try symlink(outside + "/fifo", at: month + "/to-fifo.json")
        warned.append(month + "/to-fifo.json")
        try symlink(outside + "/record.json", at: month + "/to-record.json")
        warned.append(month + "/to-record.json")
        try symlink("../../../../outside/record.json", at: month + "/relative-escape.json")
        warned.append(month + "/relative-escape.json")
        try symlink(outside + "/dir", at: box.results + "/attempts/sample/2099-01")
        warned.append(box.results + "/attempts/sample/2099-01")
        // A FIFO and a folder named like records, inside the results folder.
        try mkfifo(month + "/fifo.json")
        try fm.createDirectory(atPath: month + "/folder.json", withIntermediateDirectories: true)
        // The same for sign-ins and audits.
        try put(Data("{\"schema\":".utf8), attendanceDir + "/truncated.json")
        try symlink(outside + "/fifo", at: attendanceDir + "/to-fifo.json")
        warned.append(attendanceDir + "/to-fifo.json")
        try put(Data("{}".utf8), auditDir + "/empty-object.json")
        try symlink(outside + "/fifo", at: auditDir + "/to-fifo.json")
        warned.append(auditDir + "/to-fifo.json")
        // A record edited by hand: flagged, counted, rejected by --strict.
        var edited = String(decoding: goodBytes, as: UTF8.self)
        let id = (try JSONSerialization.jsonObject(with: goodBytes) as! [String: Any])["id"] as! String
        edited = edited.replacingOccurrences(of: id, with: "edited-by-hand")
        let tampered = month + "/edited.json"
        try edited.write(toFile: tampered, atomically: true, encoding: .utf8)

        let relative = warned.map { String($0.dropFirst(box.results.count + 1)) }
        return Layout(box: box, expectedWarnings: relative, outsideIDs: ["outside-0001", "outside-0002"], tamperedPath: String(tampered.dropFirst(box.results.count + 1)))
    }

    func report(_ box: Sandbox, _ kind: String, strict: Bool = false) throws -> PipeRun.Result {
        var arguments = ["report", kind, "--format", "json", "--courses", E2E.fixtures, "--results", box.results]
        if strict { arguments.append("--strict") }
        return try PipeRun.run(E2E.binary, arguments: arguments, input: "", environment: box.environment(), directory: box.work, timeout: 20)
    }

    @Test("every report completes, warns about each bad file, and never follows a symlink out of Results/")
    func reportsSkipBadRecords() throws {
        let layout = try Self.layout()
        let box = layout.box
        var warnedTotal = 0
        for kind in ["completion", "scores", "attendance", "audits", "items"] {
            let run = try report(box, kind)
            #expect(run.status == 0, "\(kind): exit \(run.status)\n\(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(kind): \(run.stdout.prefix(300))")
            let skipped = (json["skippedRecords"] as? NSNumber)?.intValue ?? -1
            #expect(skipped > 0, "\(kind)")
            if ["completion", "scores", "items"].contains(kind) {
                // (attendance and audits reports do not read attempts)
                #expect((json["tamperedRecords"] as? [String])?.contains { $0.hasSuffix(layout.tamperedPath) } == true, "\(kind): \(String(describing: json["tamperedRecords"]))")
            }
            for id in layout.outsideIDs { #expect(!run.stdout.contains(id), "\(kind): a record outside Results/ was read") }
            #expect(run.stderr.contains("警告："), "\(kind)")
            warnedTotal += run.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("警告：跳过") }.count
        }
        // The full report names every bad file once.
        let all = try report(box, "completion")
        let everything = try report(box, "items")
        let stderr = all.stderr + everything.stderr
        for path in layout.expectedWarnings where path.hasPrefix("attempts/") || path.hasPrefix("attendance/") || path.hasPrefix("audits/") {
            #expect(stderr.contains(path), "no warning names \(path)\n\(stderr)")
        }
        #expect(stderr.contains("是符号链接，出于安全不跟随"))
        #expect(stderr.contains("文件过大（104857600 字节），未读取"))
        #expect(stderr.contains("不是有效的 JSON"))
        let scores = try report(box, "scores")
        let totals = try #require((try JSONSerialization.jsonObject(with: Data(scores.stdout.utf8)) as? [String: Any])?["totals"] as? [String: Any])
        #expect((totals["attempts"] as? NSNumber)?.intValue == 2, "the good attempt and the hand-edited one (flagged): \(totals)")
        Stress.figure("badrecords.warnings", warnedTotal)
        Stress.figure("badrecords.outside_read", layout.outsideIDs.filter { all.stdout.contains($0) || everything.stdout.contains($0) }.count)

        // --strict refuses to report on them.
        for kind in ["completion", "scores"] {
            let strict = try report(box, kind, strict: true)
            #expect(strict.status == 1, "\(kind) --strict: \(strict.status)")
            #expect(strict.stderr.contains("--strict："))
        }
    }

    @Test("the shell's history, review, unit and report commands get past bad records too")
    func shellSkipsBadRecords() throws {
        let layout = try Self.layout()
        let box = layout.box
        let input = "login 张三 --unit xiquan --session 2020-07-08-training\nhistory\nreview\nskip\n\ny\nunit\naudit history\nreport scores\nquit\n"
        let run = try PipeRun.run(
            E2E.binary, arguments: E2E.shellArguments(results: box.results), input: input, environment: box.environment(), directory: box.work, timeout: 20)
        #expect(run.status == 0, "\(run.stdout.suffix(1500))\n\(run.stderr)")
        #expect(run.stdout.contains("再见。"))
        for id in layout.outsideIDs { #expect(!run.stdout.contains(id)) }
        let regrade = try PipeRun.run(
            E2E.binary, arguments: ["regrade", "--dry-run", "--courses", E2E.fixtures, "--results", box.results], input: "", environment: box.environment(),
            directory: box.work, timeout: 20)
        #expect([0, 1].contains(regrade.status), "regrade: \(regrade.status) \(regrade.stderr)")
    }

    /// `Results/attempts` (or `attendance/`, `audits/`) itself a symlink to a folder elsewhere:
    /// the records there are outside `Results/` and must not be read.
    @Test("a results folder whose attempts/, attendance/ or audits/ is a symlink to elsewhere is not followed")
    func symlinkedKindFolderIsNotFollowed() throws {
        // Real records, made by a session in another folder, then moved out of reach.
        let source = Sandbox()
        let (script, _, _) = try PipeSessionTests.answerScript()
        let audit = "audit\n1\n\nhttp://a\n3\n\n\n3\n\nsave\n\n"
        _ = try source.run(E2E.shellArguments(results: source.results), input: script.replacingOccurrences(of: "quit\n", with: audit + "quit\n"))
        let box = Sandbox()
        let elsewhere = box.root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: box.results, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: source.results, toPath: elsewhere)
        for kind in ["attempts", "attendance", "audits"] {
            try Self.symlink(elsewhere + "/" + kind, at: box.results + "/" + kind)
        }
        var followed: [String] = []
        for (kind, key) in [("scores", "attempts"), ("attendance", "signedIn"), ("audits", "submitted")] {
            let run = try report(box, kind)
            #expect(run.status == 0, "\(run.stderr)")
            let totals = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["totals"] as? [String: Any]
            let counted = (totals?[key] as? NSNumber)?.intValue ?? 0
            if counted > 0 { followed.append("report \(kind) counted \(counted) record(s) from \(elsewhere)") }
            #expect(counted == 0, "report \(kind) read records outside Results/ through the symlink \(box.results)/\(kind == "scores" ? "attempts" : kind)")
            #expect(run.stderr.contains("符号链接"), "report \(kind): no warning about the symlinked folder: \(run.stderr)")
        }
        let strict = try report(box, "scores", strict: true)
        #expect(strict.status == 1, "--strict accepted records read through a symlinked folder")
        Stress.figure("badrecords.symlinked_folder_records_read", followed.count)
    }
}
