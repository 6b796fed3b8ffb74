import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A course folder and a results folder on disk, filled through the tool's own
/// APIs, for driving `gongkai report` and `gongkai regrade`.
final class ReportCLI {
    let box = Sandbox()
    var courses: String { box.work + "/Courses" }
    var results: String { box.results }

    /// Session s1 (2020-07-08): course basics (4 questions, pass 75 %), checklist col.
    /// 喜泉镇 expects 2, 财政局 expects 1.
    init(k2Key: String = "C", version: Int = 1, questions: [String] = ["b1", "b2", "b3", "b4"]) throws {
        try FileManager.default.createDirectory(atPath: courses + "/checklists", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: results, withIntermediateDirectories: true)
        try writeCourse(k2Key: k2Key, version: version, questions: questions)
        try """
            units:
              - {id: xiquan, name: 喜泉镇, kind: township, expected: 2}
              - {id: caizheng, name: 财政局, kind: department, expected: 1}
            sessions:
              - id: s0
                title: 上半年培训
                date: 2020-06-01
                courses: [basics]
              - id: s1
                title: 政务公开业务培训
                date: 2020-07-08
                courses: [basics]
                checklist: col

            """.write(toFile: courses + "/roster.yaml", atomically: true, encoding: .utf8)
        try """
            id: col
            title: 专栏自查表
            version: 1
            items:
              - id: site
                text: 网站访问畅通
                source: 年度报告 一（一）
                evidence: none
              - id: updates
                text: 栏目按时更新
                source: 条例第二十六条
                evidence: none

            """.write(toFile: courses + "/checklists/col.yaml", atomically: true, encoding: .utf8)
    }

    func writeCourse(k2Key: String, version: Int, questions: [String] = ["b1", "b2", "b3", "b4"]) throws {
        var yaml = """
            id: basics
            title: 政府信息公开基础
            version: \(version)
            summary: 四道单选题
            quiz:
              pass_percent: 75
              shuffle_questions: true
              shuffle_options: true
            lessons:
              - title: 原则
                body: 以公开为常态、不公开为例外。
            questions:

            """
        for id in questions {
            yaml += """
                  - id: \(id)
                    type: single
                    prompt: 第\(id)题
                    options: [选项甲, 选项乙, 选项丙, 选项丁]
                    answer: \(id == "b2" ? k2Key : "C")
                    explanation: 见条例。
                    source: 条例第三十三条

                """
        }
        try yaml.write(toFile: courses + "/basics.yaml", atomically: true, encoding: .utf8)
    }

    var library: CourseLibrary { CourseLibrary.load(paths: [courses], fileSystem: LocalFileSystem()) }
    var store: ResultStore { ResultStore(root: results, fileSystem: LocalFileSystem()) }

    private var counter = 0
    private var generator = SeededGenerator(seed: 8)

    func at(_ text: String) -> Timestamp { Timestamp(parsing: text)! }

    func nextID(_ time: Timestamp) -> String {
        counter += 1
        return "\(time.compactUTC)-cli\(String(format: "%06d", counter))"
    }

    func signIn(_ name: String, unit: String, session: String = "s1", at time: String) throws {
        let t = at(time)
        try store.save(AttendanceRecord(id: nextID(t), createdAt: t, trainee: Trainee(name: name, unit: unit), session: session))
    }

    /// Takes the basics quiz, typing option letters: `wrong` maps question ids to the
    /// original option chosen instead of the key's (C = 2).
    @discardableResult
    func takeQuiz(_ name: String, unit: String, session: String? = "s1", wrong: [String: Int] = [:], at time: String) throws -> (AttemptRecord, String) {
        let course = library.course(id: "basics")!
        let finished = at(time)
        let started = Timestamp(seconds: finished.seconds - 300, offset: finished.offset)
        var run = QuizRun(
            id: nextID(started), course: course, trainee: Trainee(name: name, unit: unit), session: session, startedAt: started,
            plan: QuizDrawer.draw(course, using: &generator))
        while let item = run.current {
            let original = wrong[item.question.id] ?? 2
            let letter = OptionLetter.letter(item.shown.firstIndex(of: original)!)
            run.answer(raw: letter.lowercased(), response: try ResponseParser.parse(letter.lowercased(), question: item.question, shown: item.shown).get())
        }
        let record = run.submit(id: nextID(finished), at: finished)
        let path = try store.save(record)
        return (record, path)
    }

    func audit(unit: String, by name: String, at time: String) throws {
        let t = at(time)
        let revision = AuditRevision(
            id: nextID(t), createdAt: t, checklist: ChecklistRef(id: "col", version: 1), unit: unit, session: "s1",
            by: Trainee(name: name, unit: unit), previous: nil,
            entries: [
                AuditEntry(item: "site", status: .pass),
                AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: "补发", owner: name, deadline: LocalDate(parsing: "2099-12-31")!)),
            ])
        try store.save(revision)
    }

    /// 张三 100 %, 李四 75 %, 赵六 50 % (fails), and 张三's s0 attempt; sign-ins; one audit.
    func standard() throws {
        try signIn("张三", unit: "xiquan", at: "2020-07-08T08:50:00+08:00")
        try signIn("李四", unit: "xiquan", at: "2020-07-08T08:51:00+08:00")
        try signIn("赵六", unit: "caizheng", at: "2020-07-08T08:52:00+08:00")
        try takeQuiz("张三", unit: "xiquan", at: "2020-07-08T10:00:00+08:00")
        try takeQuiz("李四", unit: "xiquan", wrong: ["b4": 0], at: "2020-07-08T10:01:00+08:00")
        try takeQuiz("赵六", unit: "caizheng", wrong: ["b1": 0, "b2": 1], at: "2020-07-08T10:02:00+08:00")
        try takeQuiz("张三", unit: "xiquan", session: "s0", wrong: ["b1": 3], at: "2020-06-01T10:00:00+08:00")
        try audit(unit: "xiquan", by: "李四", at: "2020-07-10T09:00:00+08:00")
    }

    /// `gongkai report …` on this world's courses (and results, unless given).
    func report(_ arguments: [String], results roots: [String]? = nil) throws -> PipeRun.Result {
        let resultArguments = (roots ?? [results]).flatMap { ["--results", $0] }
        return try box.run(["report"] + arguments + ["--courses", courses] + resultArguments)
    }

    func regrade(_ arguments: [String] = []) throws -> PipeRun.Result {
        try box.run(["regrade"] + arguments + ["--courses", courses, "--results", results])
    }

    /// A report's JSON as an object.
    func json(_ run: PipeRun.Result) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return try #require(object, "not JSON: \(run.stdout.prefix(300)) stderr: \(run.stderr)")
    }

    /// Output without the `generatedAt` member, for comparing runs.
    static func withoutGeneratedAt(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"generatedAt\"") }.joined(separator: "\n")
    }

    var attemptFiles: [String] { Sandbox.files(under: results + "/attempts").map { results + "/attempts/" + $0 } }

    /// Every record file under results with its bytes (the summary cache aside).
    var snapshot: [String: Data] {
        var out: [String: Data] = [:]
        for relative in Sandbox.files(under: results) where !relative.hasPrefix(".cache/") {
            out[relative] = FileManager.default.contents(atPath: results + "/" + relative)
        }
        return out
    }

    static func people(_ json: [String: Any]) -> [[String: Any]] { json["people"] as? [[String: Any]] ?? [] }

    static func person(_ json: [String: Any], _ name: String) -> [String: Any]? {
        people(json).first { $0["name"] as? String == name }
    }

    /// Rewrites a file in place (same inode) and puts its modification time back.
    static func rewriteInPlace(_ path: String, with bytes: [UInt8]) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw DriveFailure(description: "stat \(path)") }
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw DriveFailure(description: "open \(path)") }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw DriveFailure(description: "write \(path)") }
        var times = [st.st_atim, st.st_mtim]
        guard utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW) == 0 else { throw DriveFailure(description: "utimensat \(path)") }
        var after = stat()
        lstat(path, &after)
        guard after.st_ino == st.st_ino, after.st_size == st.st_size, after.st_mtim.tv_sec == st.st_mtim.tv_sec,
            after.st_mtim.tv_nsec == st.st_mtim.tv_nsec
        else { throw DriveFailure(description: "in-place rewrite of \(path) changed inode, size or mtime") }
    }
}

@Suite("Report command")
struct ReportCommandTests {
    // MARK: Exit codes

    @Test("exit 2 for a bad KIND, --format, date or a missing KIND; 0 when fine")
    func usageErrors() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for arguments in [["bogus"], ["scores", "--format", "pdf"], ["scores", "--since", "2020-13-01"], ["scores", "--until", "yesterday"], [], ["scores", "--no-such-option"]] {
            let run = try cli.report(arguments)
            #expect(run.status == 2, "report \(arguments): status \(run.status) stderr: \(run.stderr)")
            #expect(run.stdout.isEmpty, "report \(arguments): \(run.stdout)")
            #expect(!run.stderr.isEmpty, "report \(arguments) says why")
        }
        #expect(try cli.report(["bogus"]).stderr.contains("bogus"))
        for kind in ["attendance", "scores", "completion", "audits", "items", "notices"] {
            for format in ["table", "csv", "json", "html", "md"] {
                let run = try cli.report([kind, "--format", format])
                #expect(run.status == 0, "\(kind) \(format): \(run.stderr)")
                #expect(!run.stdoutBytes.isEmpty, "\(kind) \(format)")
                #expect(run.stderr.isEmpty, "\(kind) \(format): \(run.stderr)")
                #expect(!run.stdout.contains("\u{1B}["), "\(kind) \(format): no colour codes when stdout is not a terminal")
            }
        }
    }

    @Test("an unwritable --out exits 1 and leaves nothing behind")
    func unwritableOut() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let blocker = cli.box.work + "/not-a-folder"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let run = try cli.report(["scores", "--out", blocker + "/scores.csv"])
        #expect(run.status == 1, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(blocker), "\(run.stderr)")
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "x")
    }

    // MARK: --out

    @Test("--out writes the whole report atomically; without it, stdout")
    func outFile() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let folder = cli.box.work + "/reports"
        let out = folder + "/scores.json"
        // An older, longer file at the same path is replaced, not overwritten in part.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(String(repeating: "旧内容\n", count: 5000).utf8).write(to: URL(fileURLWithPath: out))
        let written = try cli.report(["scores", "--out", out])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains(out), "says where: \(written.stdout)")
        #expect(!written.stdout.contains("\"schema\""), "the report itself is not on stdout")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["scores.json"], "no temporary files left")
        let file = try String(contentsOfFile: out, encoding: .utf8)
        let stdout = try cli.report(["scores", "--format", "json"])
        #expect(ReportCLI.withoutGeneratedAt(file) == ReportCLI.withoutGeneratedAt(stdout.stdout), "format from the extension; same content")
        #expect(file.hasSuffix("}\n"))

        // Other extensions pick their format; a new folder is created.
        let csv = cli.box.work + "/new/sub/attendance.csv"
        #expect(try cli.report(["attendance", "--out", csv]).status == 0)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: csv)).prefix(3)) == [0xEF, 0xBB, 0xBF])
        let html = cli.box.work + "/new/completion.html"
        #expect(try cli.report(["completion", "--out", html]).status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // --format wins over the extension.
        let forced = cli.box.work + "/new/forced.txt"
        #expect(try cli.report(["scores", "--format", "json", "--out", forced]).status == 0)
        #expect(try String(contentsOfFile: forced, encoding: .utf8).hasPrefix("{"))
        #expect(Sandbox.files(under: cli.box.work + "/new").allSatisfy { !$0.contains(".tmp") })
    }

    @Test("the same input gives the same bytes, apart from generatedAt")
    func stableJSON() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for kind in ["attendance", "scores", "completion", "audits", "items", "notices"] {
            let a = try cli.report([kind, "--format", "json", "--no-cache"])
            let b = try cli.report([kind, "--format", "json"])
            let c = try cli.report([kind, "--format", "json"])
            #expect(a.status == 0 && b.status == 0 && c.status == 0)
            #expect(ReportCLI.withoutGeneratedAt(a.stdout) == ReportCLI.withoutGeneratedAt(b.stdout), "\(kind)")
            #expect(ReportCLI.withoutGeneratedAt(b.stdout) == ReportCLI.withoutGeneratedAt(c.stdout), "\(kind)")
            let object = try cli.json(a)
            #expect(object["schema"] as? String == Report.Kind(rawValue: kind)?.schemaID)
            #expect((object["schema"] as? String)?.hasPrefix("gongkai.report.\(kind)/") == true)
            #expect(object["generatedAt"] is String)
        }
    }

    // MARK: Figures and filters through the command line

    @Test("scores and completion figures from records on disk, with filters")
    func figuresAndFilters() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let all = try cli.json(try cli.report(["scores", "--format", "json"]))
        #expect((all["totals"] as? [String: Any])?["attempts"] as? Int == 4)
        #expect(ReportCLI.person(all, "张三")?["attempts"] as? Int == 2)
        #expect(ReportCLI.person(all, "张三")?["best"] as? Double == 100)
        #expect(ReportCLI.person(all, "李四")?["best"] as? Double == 75)
        #expect(ReportCLI.person(all, "赵六")?["passed"] as? Bool == false)

        let s1 = try cli.json(try cli.report(["scores", "--format", "json", "--session", "s1"]))
        #expect((s1["totals"] as? [String: Any])?["attempts"] as? Int == 3)
        #expect((s1["filters"] as? [String: Any])?["session"] as? String == "s1")
        let unit = try cli.json(try cli.report(["scores", "--format", "json", "--unit", "caizheng"]))
        #expect(ReportCLI.people(unit).compactMap { $0["name"] as? String } == ["赵六"])
        let course = try cli.json(try cli.report(["scores", "--format", "json", "--course", "basics", "--since", "2020-07-01", "--until", "2020-07-31"]))
        #expect((course["totals"] as? [String: Any])?["attempts"] as? Int == 3)
        #expect((course["filters"] as? [String: Any])?["since"] as? String == "2020-07-01")
        let none = try cli.json(try cli.report(["scores", "--format", "json", "--until", "2020-05-31"]))
        #expect(ReportCLI.people(none).isEmpty)

        let completion = try cli.json(try cli.report(["completion", "--format", "json"]))
        let units = completion["units"] as? [[String: Any]] ?? []
        let xiquan = units.first { $0["id"] as? String == "xiquan" }
        let caizheng = units.first { $0["id"] as? String == "caizheng" }
        #expect(xiquan?["complete"] as? Bool == true, "\(xiquan ?? [:])")
        let codes = (caizheng?["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes == ["notPassed", "auditMissing"])
        let attendance = try cli.json(try cli.report(["attendance", "--format", "json", "--session", "s1"]))
        #expect((attendance["totals"] as? [String: Any])?["signedIn"] as? Int == 3)
    }

    // MARK: Merging folders

    @Test("several --results folders: a record in both counts once")
    func mergedFolders() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let second = cli.box.work + "/pc2"
        try FileManager.default.copyItem(atPath: cli.results, toPath: second)
        // Only on the second PC: a new sign-in.
        try ResultStore(root: second, fileSystem: LocalFileSystem()).save(
            AttendanceRecord(id: "20200708T020000Z-pc2only", createdAt: cli.at("2020-07-08T10:00:00+08:00"), trainee: Trainee(name: "钱七", unit: "caizheng"), session: "s1"))
        let merged = try cli.report(["attendance", "--format", "json"], results: [cli.results, second])
        #expect(merged.status == 0, "\(merged.stderr)")
        let json = try cli.json(merged)
        #expect(json["duplicateRecords"] as? Int == 3)
        #expect((json["totals"] as? [String: Any])?["signedIn"] as? Int == 4)
        let scores = try cli.json(try cli.report(["scores", "--format", "json"], results: [cli.results, second]))
        #expect(scores["duplicateRecords"] as? Int == 4)
        #expect((scores["totals"] as? [String: Any])?["attempts"] as? Int == 4)
        #expect(ReportCLI.person(scores, "张三")?["attempts"] as? Int == 2)
        let table = try cli.report(["scores"], results: [cli.results, second])
        #expect(table.stdout.contains("重复"), "the table says duplicates were merged:\n\(table.stdout)")
    }

    // MARK: Unreadable and edited records

    @Test("unreadable records are skipped with a warning naming each file; --strict exits 1")
    func unreadableRecords() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let before = try cli.json(try cli.report(["scores", "--format", "json"]))
        let folder = cli.results + "/attempts/basics/2020-07"
        let good = try #require(cli.attemptFiles.first { $0.hasPrefix(folder) })
        let goodBytes = try Data(contentsOf: URL(fileURLWithPath: good))
        var bad: [String] = []
        func add(_ name: String, _ data: Data) throws {
            try data.write(to: URL(fileURLWithPath: folder + "/" + name))
            bad.append(folder + "/" + name)
        }
        try add("truncated.json", goodBytes.prefix(goodBytes.count / 2))
        try add("not-json.json", Data("<html>oops</html>".utf8))
        try add("unknown-schema.json", Data(String(decoding: goodBytes, as: UTF8.self).replacingOccurrences(of: "gongkai.attempt/1", with: "gongkai.attempt/7").utf8))
        var object = try #require(try JSONSerialization.jsonObject(with: goodBytes) as? [String: Any])
        object["score"] = "满分"
        object["passed"] = "yes"
        try add("wrong-types.json", try JSONSerialization.data(withJSONObject: object))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.json", withDestinationPath: good)
        bad.append(folder + "/link.json")
        try add("huge.json", Data(repeating: UInt8(ascii: " "), count: 4 * 1024 * 1024 + 1))

        let run = try cli.report(["scores", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        for path in bad { #expect(run.stderr.contains(path), "stderr names \(path):\n\(run.stderr)") }
        let json = try cli.json(run)
        #expect(json["skippedRecords"] as? Int == bad.count)
        #expect(ReportCLI.people(json).count == ReportCLI.people(before).count)
        #expect((json["totals"] as? [String: Any])?["attempts"] as? Int == 4, "the link to a good record is not counted twice")
        let table = try cli.report(["scores"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("\(bad.count)"), "the report says how many were skipped")

        let strict = try cli.report(["scores", "--format", "json", "--strict"])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stdout.isEmpty, "no report under --strict: \(strict.stdout.prefix(200))")
        #expect(strict.stderr.contains("--strict"))

        // Attendance too.
        try Data("{\"schema\":\"gongkai.attendance/1\",\"id\":5}".utf8).write(to: URL(fileURLWithPath: cli.results + "/attendance/s1/bad.json"))
        let attendance = try cli.report(["attendance", "--format", "json"])
        #expect(attendance.status == 0)
        #expect(attendance.stderr.contains(cli.results + "/attendance/s1/bad.json"))
        #expect(try cli.json(attendance)["skippedRecords"] as? Int == 1)
        #expect(try cli.report(["attendance", "--strict"]).status == 1)
    }

    @Test("a score edited by hand is flagged as tampered; --strict rejects it")
    func tamperedRecord() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let path = try #require(cli.attemptFiles.first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("赵六") == true })
        var text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"percent\": 50"))
        text = text.replacingOccurrences(of: "\"percent\": 50", with: "\"percent\": 90").replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let run = try cli.report(["scores", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.stderr.contains(path), "\(run.stderr)")
        let json = try cli.json(run)
        #expect(json["tamperedRecords"] as? [String] == [path])
        let strict = try cli.report(["scores", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(path))
    }

    // MARK: Regrade

    @Test("regrade --dry-run lists, writes nothing; regrade writes superseding records; again changes nothing")
    func regrade() throws {
        // Version 1 has the wrong key on b2 (B instead of C).
        let cli = try ReportCLI(k2Key: "B")
        let (zhang, _) = try cli.takeQuiz("张三", unit: "xiquan", at: "2020-07-08T10:00:00+08:00")  // C everywhere: 75 % → 100 %
        let (li, _) = try cli.takeQuiz("李四", unit: "xiquan", wrong: ["b2": 1], at: "2020-07-08T10:01:00+08:00")  // 100 % → 75 %
        let (zhao, _) = try cli.takeQuiz("赵六", unit: "caizheng", wrong: ["b1": 0], at: "2020-07-08T10:02:00+08:00")  // 50 % fail → 75 % pass
        let (qian, _) = try cli.takeQuiz("钱七", unit: "caizheng", wrong: ["b2": 0], at: "2020-07-08T10:03:00+08:00")  // 75 % either way
        #expect(try cli.regrade(["--dry-run"]).stdout.contains("没有需要重新评分"), "nothing to do before the key changes")

        try cli.writeCourse(k2Key: "C", version: 2)
        let before = cli.snapshot
        let dry = try cli.regrade(["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        for record in [zhang, li, zhao] { #expect(dry.stdout.contains(record.id), "lists \(record.trainee.name):\n\(dry.stdout)") }
        #expect(!dry.stdout.contains(qian.id), "an unchanged score is not listed")
        #expect(dry.stdout.contains("3/4 75% → 4/4 100%"), "points beside the percentage: \(dry.stdout)")
        #expect(dry.stdout.contains("未通过 → 通过"), "\(dry.stdout)")
        #expect(cli.snapshot == before, "--dry-run writes nothing")

        let real = try cli.regrade()
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout.contains("3"), "\(real.stdout)")
        let after = cli.snapshot
        for (path, bytes) in before { #expect(after[path] == bytes, "\(path) byte-identical") }
        let added = Set(after.keys).subtracting(before.keys).sorted()
        #expect(added.count == 3, "\(added)")
        var superseded: Set<String> = []
        for relative in added {
            let object = try Sandbox.json(at: cli.results + "/" + relative)
            superseded.insert(object["supersedes"] as? String ?? "")
            #expect((object["course"] as? [String: Any])?["version"] as? Int == 2)
        }
        #expect(superseded == [zhang.id, li.id, zhao.id])

        let scores = try cli.json(try cli.report(["scores", "--format", "json"]))
        #expect((scores["totals"] as? [String: Any])?["attempts"] as? Int == 4, "no double counting")
        #expect(ReportCLI.person(scores, "张三")?["best"] as? Double == 100)
        #expect(ReportCLI.person(scores, "李四")?["best"] as? Double == 75)
        #expect(ReportCLI.person(scores, "赵六")?["passed"] as? Bool == true)
        #expect(ReportCLI.person(scores, "钱七")?["best"] as? Double == 75)
        let items = try cli.json(try cli.report(["items", "--format", "json"]))
        #expect((items["totals"] as? [String: Any])?["attempts"] as? Int == 4)

        let again = try cli.regrade()
        #expect(again.status == 0)
        #expect(again.stdout.contains("没有需要重新评分"), "\(again.stdout)")
        #expect(cli.snapshot == after, "a second regrade writes nothing")

        // b4 removed from the course: it stops counting.
        try cli.writeCourse(k2Key: "C", version: 3, questions: ["b1", "b2", "b3"])
        let removal = try cli.regrade()
        #expect(removal.status == 0, "\(removal.stderr)")
        #expect(removal.stderr.contains("b4"), "says the question was removed: \(removal.stderr)")
        let v3 = try cli.json(try cli.report(["scores", "--format", "json"]))
        #expect((v3["totals"] as? [String: Any])?["attempts"] as? Int == 4)
        #expect(ReportCLI.person(v3, "钱七")?["best"] as? Double == 66.7, "2 of 3 once b4 is gone, half up")
        #expect(ReportCLI.person(v3, "张三")?["best"] as? Double == 100)
        #expect(try cli.regrade().stdout.contains("没有需要重新评分"))
    }

    // MARK: Summary cache

    static let cacheFile = "/.cache/attempt-summaries.bin"

    func scoresJSON(_ cli: ReportCLI, _ extra: [String] = []) throws -> (String, PipeRun.Result) {
        let run = try cli.report(["scores", "--format", "json"] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return (ReportCLI.withoutGeneratedAt(run.stdout), run)
    }

    @Test("warm equals cold; --no-cache equals both; deleting the cache is safe")
    func cacheWarmCold() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (uncached, _) = try scoresJSON(cli, ["--no-cache"])
        #expect(!FileManager.default.fileExists(atPath: cli.results + Self.cacheFile), "--no-cache writes no cache")
        let (cold, _) = try scoresJSON(cli)
        #expect(FileManager.default.fileExists(atPath: cli.results + Self.cacheFile))
        let (warm, _) = try scoresJSON(cli)
        #expect(cold == uncached)
        #expect(warm == cold)
        let items = try cli.report(["items", "--format", "json"]).stdout
        let itemsWarm = try cli.report(["items", "--format", "json"]).stdout
        let itemsUncached = try cli.report(["items", "--format", "json", "--no-cache"]).stdout
        #expect(ReportCLI.withoutGeneratedAt(items) == ReportCLI.withoutGeneratedAt(itemsWarm))
        #expect(ReportCLI.withoutGeneratedAt(items) == ReportCLI.withoutGeneratedAt(itemsUncached))
        try FileManager.default.removeItem(atPath: cli.results + "/.cache")
        let (afterDelete, _) = try scoresJSON(cli)
        #expect(afterDelete == cold)
    }

    @Test("a record changed in place, same size, mtime set back, is noticed")
    func cacheInPlaceChange() throws {
        let cli = try ReportCLI()
        try cli.standard()
        _ = try scoresJSON(cli)
        _ = try scoresJSON(cli)
        let path = try #require(cli.attemptFiles.first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("李四") == true })
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var (record, _) = try RecordCodec.decode(bytes, as: AttemptRecord.self)
        record.trainee.name = "王五"  // same length in UTF-8
        let replacement = RecordCodec.encode(record)
        try #require(replacement.count == bytes.count)
        try ReportCLI.rewriteInPlace(path, with: replacement)
        let (json, run) = try scoresJSON(cli)
        #expect(json.contains("王五"), "the changed name is seen")
        #expect(!json.contains("李四"))
        #expect(run.stderr.isEmpty, "a properly re-encoded record is not tampered: \(run.stderr)")
        let (uncached, _) = try scoresJSON(cli, ["--no-cache"])
        #expect(json == uncached)
        // Corrupted in place the same way: skipped with a warning, never served from the cache.
        try ReportCLI.rewriteInPlace(path, with: [UInt8](repeating: UInt8(ascii: "#"), count: bytes.count))
        let (_, corrupted) = try scoresJSON(cli)
        #expect(corrupted.stderr.contains(path), "\(corrupted.stderr)")
        #expect(try cli.json(corrupted)["skippedRecords"] as? Int == 1)
        #expect(!corrupted.stdout.contains("王五"))

        // Replaced by rename with a record of the same size, mtime set back: noticed too.
        record.trainee.name = "赵八"
        let renamed = RecordCodec.encode(record)
        try #require(renamed.count == bytes.count)
        var st = stat()
        lstat(path, &st)
        let temp = path + ".new"
        try Data(renamed).write(to: URL(fileURLWithPath: temp))
        #expect(rename(temp, path) == 0)
        var times = [st.st_atim, st.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let (afterRename, _) = try scoresJSON(cli)
        #expect(afterRename.contains("赵八"), "a file replaced by rename is read again")
    }

    @Test("added and removed records are noticed")
    func cacheAddRemove() throws {
        let cli = try ReportCLI()
        try cli.standard()
        _ = try scoresJSON(cli)
        try cli.takeQuiz("钱七", unit: "caizheng", at: "2020-07-08T11:00:00+08:00")
        let (added, _) = try scoresJSON(cli)
        #expect(added.contains("钱七"))
        #expect(added == (try scoresJSON(cli, ["--no-cache"])).0)
        let zhao = try #require(cli.attemptFiles.first { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("赵六") == true })
        try FileManager.default.removeItem(atPath: zhao)
        let (removed, _) = try scoresJSON(cli)
        #expect(!removed.contains("赵六"))
        #expect(removed == (try scoresJSON(cli, ["--no-cache"])).0)
    }

    @Test("a corrupted or truncated cache file is ignored")
    func cacheCorrupted() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (reference, _) = try scoresJSON(cli, ["--no-cache"])
        _ = try scoresJSON(cli)
        let cachePath = cli.results + Self.cacheFile
        let cache = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath)))
        var generator = SeededGenerator(seed: 3)
        let damaged: [[UInt8]] = [
            Array(cache.prefix(cache.count / 2)), Array(cache.prefix(9)), [],
            (0..<cache.count).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
            Array(cache.prefix(8)) + Array(repeating: 0xFF, count: 64),
        ]
        for (index, bytes) in damaged.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: cachePath))
            let (json, run) = try scoresJSON(cli)
            #expect(json == reference, "damage #\(index)")
            // A damaged cache (or bytes that are no cache at all) is said once; an empty file is rebuilt in silence.
            let notes = run.stderr.split(separator: "\n")
            if !bytes.isEmpty {
                #expect(notes.count == 1 && notes[0].contains("已损坏"), "damage #\(index): \(run.stderr)")
            } else {
                #expect(run.stderr.isEmpty, "damage #\(index): \(run.stderr)")
            }
            #expect(try scoresJSON(cli).1.stderr.isEmpty, "damage #\(index): rebuilt, said once")
        }
    }

    @Test("a cache whose entry count was damaged is ignored, never a crash")
    func cacheDamagedCount() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (reference, _) = try scoresJSON(cli, ["--no-cache"])
        _ = try scoresJSON(cli)
        let cachePath = cli.results + Self.cacheFile
        var cache = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cachePath)))
        // The documented layout (README, format GKSEG009): magic (8), body length (u64), checksum of the
        // body (u64); the body: base (u32), strings added (u32, none for scores), folder count (u32), then
        // the first folder's path (u32 length + bytes) and its entry count (u32, little-endian).
        try #require(cache.count > 40 && cache[28] == 0)
        let pathLength = Int(cache[36]) | Int(cache[37]) << 8 | Int(cache[38]) << 16 | Int(cache[39]) << 24
        let countOffset = 40 + pathLength
        try #require(countOffset + 4 <= cache.count)
        cache[countOffset + 3] = 0x7F  // about two billion entries in a file of a few kilobytes
        // Sealed again with the right checksum, so that the count itself must be caught.
        let checksum = FastChecksum.of(cache[24...])
        withUnsafeBytes(of: checksum.littleEndian) { cache.replaceSubrange(16..<24, with: $0) }
        try Data(cache).write(to: URL(fileURLWithPath: cachePath))
        let run = try cli.report(["scores", "--format", "json"])
        #expect(run.status == 0, "status \(run.status); stderr: \(run.stderr.prefix(300))")
        #expect(run.stderr.contains("已损坏"), "\(run.stderr)")
        #expect(ReportCLI.withoutGeneratedAt(run.stdout) == reference)
    }

    @Test("a results folder where the cache cannot be written still gets correct reports")
    func cacheUnwritable() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (reference, _) = try scoresJSON(cli, ["--no-cache"])
        // `.cache` is a file: the cache folder cannot be made (works as root too).
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: cli.results + "/.cache"))
        let (first, run) = try scoresJSON(cli)
        #expect(first == reference)
        // Said, with the reason, once a run: what is new cannot be kept.
        let notes = run.stderr.split(separator: "\n")
        #expect(notes.count == 1 && notes[0].contains("无法写入"), "\(run.stderr)")
        #expect(try scoresJSON(cli).0 == reference)
        try FileManager.default.removeItem(atPath: cli.results + "/.cache")
        // Read-only permissions (only meaningful when not running as root).
        if geteuid() != 0 {
            let paths = [cli.results] + Sandbox.files(under: cli.results).map { cli.results + "/" + $0 }
            for path in paths { chmod(path, 0o555) }
            defer { for path in paths { chmod(path, 0o755) } }
            #expect(try scoresJSON(cli).0 == reference)
        }
    }
}
