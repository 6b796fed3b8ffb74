import Foundation
import GongkaiCore
import Testing

/// The office papers through the built binary: `report signin`, `report certificates`,
/// `report transcript`, and `gongkai verify CODE`.
@Suite("Office paper commands")
struct OfficePaperCommandTests {
    func verify(_ cli: ReportCLI, _ arguments: [String]) throws -> PipeRun.Result {
        try cli.box.run(["verify"] + arguments + ["--courses", cli.courses, "--results", cli.results])
    }

    /// 张三's certificate for basics, from the JSON of `report certificates`.
    func certificate(_ cli: ReportCLI) throws -> [String: Any] {
        let run = try cli.report(["certificates", "--trainee", "张三", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let list = try cli.json(run)["certificates"] as? [[String: Any]] ?? []
        #expect(list.count == 1, "张三 signed in to s1 and passed its one module: one certificate")
        return try #require(list.first)
    }

    @Test("report certificates prints one certificate a page and verify finds its record")
    func certificatesAndVerify() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let json = try cli.json(try cli.report(["certificates", "--format", "json"]))
        let names = (json["certificates"] as? [[String: Any]] ?? []).compactMap { ($0["trainee"] as? [String: Any])?["name"] as? String }
        #expect(Set(names) == ["张三", "李四"], "赵六 failed")
        let html = try cli.report(["certificates", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.components(separatedBy: "<section class=\"page certificate\">").count - 1 == 1, "the second certificate starts a page")
        #expect(html.stdout.components(separatedBy: "<section class=\"certificate\">").count - 1 == 1, "the first one follows the header")
        #expect(html.stdout.contains("发证单位（盖章）："))

        let mine = try certificate(cli)
        let code = try #require(mine["code"] as? String)
        #expect(html.stdout.contains(code))
        let ok = try verify(cli, [code])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("张三（喜泉镇）"), "\(ok.stdout)")
        #expect(ok.stdout.contains("政府信息公开基础"))
        #expect(ok.stdout.contains("100%"))
        #expect(ok.stdout.contains("培训场次：政务公开业务培训（s1，2020-07-08）"), "\(ok.stdout)")
        #expect(ok.stdout.contains("证明有效"))
        // As typed from paper: lower case, no dashes, O for 0 and I for 1.
        let typed = String(code.dropFirst(3)).replacingOccurrences(of: "-", with: "").lowercased()
            .replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "i")
        let loose = try verify(cli, [typed, "--lang", "en"])
        #expect(loose.status == 0, "\(typed): \(loose.stderr)")
        #expect(loose.stdout.contains("the certificate is valid"))
    }

    @Test("verify: an unknown code is exit 1, a malformed one exit 2, a changed record exit 1")
    func verifyRefuses() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let unknown = try verify(cli, ["GK-0000-0000-0000"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("没有与验证码 GK-0000-0000-0000 对应的培训合格证明"), "\(unknown.stderr)")
        let malformed = try verify(cli, ["GK-UUUU-0000-0000"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("不是验证码"), "\(malformed.stderr)")
        #expect(try verify(cli, ["12345"]).status == 2)
        #expect(try cli.box.run(["verify", "--results", cli.results]).status == 2, "neither a code nor --seal")

        let mine = try certificate(cli)
        let code = try #require(mine["code"] as? String)
        let modules = try #require(mine["modules"] as? [[String: Any]])
        let id = try #require((modules.first?["attempt"] as? [String: Any])?["id"] as? String)
        let path = try #require(cli.attemptFiles.first { $0.hasSuffix(id + ".json") })
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try original.replacingOccurrences(of: "\"percent\": 100", with: "\"percent\": 99").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: path, encoding: .utf8) != original, "the edit took")
        let tampered = try verify(cli, [code])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("记录已被改动"), "\(tampered.stderr)")
        #expect(tampered.stdout.contains("张三"), "it still says whose record it was")
        // The report no longer issues it.
        let after = try cli.json(try cli.report(["certificates", "--trainee", "张三", "--format", "json"]))
        #expect((after["certificates"] as? [Any])?.count == 0)
        #expect((after["withheld"] as? [Any])?.count == 1)
    }

    @Test("report certificates: per unit, as many certificates as completion counts under 全部通过 (generated data); --course is refused")
    func certificatesMatchCompletion() throws {
        let cli = try ReportCLI()
        let courses = E2E.packageRoot + "/Courses"
        let demo = cli.box.root + "/demo"
        let generated = try cli.box.run(["demo-generate", "--courses", courses, "--results", demo, "--seed", "7"])
        try #require(generated.status == 0, "\(generated.stderr)")
        let roster = try #require(CourseLibrary.load(paths: [courses], fileSystem: LocalFileSystem()).roster)
        let session = try #require(roster.sessions.first)
        func json(_ kind: String) throws -> [String: Any] {
            let run = try cli.box.run(["report", kind, "--session", session.id, "--format", "json", "--courses", courses, "--results", demo])
            #expect(run.status == 0, "\(run.stderr)")
            return try cli.json(run)
        }
        let completion = try json("completion")
        let certificates = try json("certificates")
        var expected: [String: Int] = [:]
        for unit in completion["units"] as? [[String: Any]] ?? [] {
            let id = try #require(unit["id"] as? String)
            expected[id] = (unit["attendees"] as? [[String: Any]] ?? []).filter { ($0["notPassed"] as? [Any])?.isEmpty == true }.count
        }
        var issued: [String: Int] = [:]
        for certificate in certificates["certificates"] as? [[String: Any]] ?? [] {
            issued[((certificate["trainee"] as? [String: Any])?["unit"] as? String) ?? "", default: 0] += 1
            #expect((certificate["modules"] as? [Any])?.count == session.courses.count)
        }
        let withheld = certificates["withheld"] as? [Any] ?? []
        #expect(withheld.isEmpty)
        #expect(expected.values.reduce(0, +) > 0, "the generated day has people who passed everything")
        for (unit, count) in expected { #expect(issued[unit, default: 0] == count, "\(unit)") }
        #expect(Set(issued.keys).isSubset(of: Set(expected.keys)))

        let course = try cli.box.run(["report", "certificates", "--course", session.courses[0], "--courses", courses, "--results", demo])
        #expect(course.status == 2)
        #expect(course.stderr.contains("--course 不用于 certificates"), "\(course.stderr)")
    }

    @Test("report signin: the sheet of a session, its counts those of attendance; an unknown session is exit 1")
    func signin() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let csv = try cli.report(["signin", "--session", "s1", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("序号,单位,姓名,职务,签到时间,本人签字"))
        // Every row names its unit; the moment of signing in is a whole time (a spreadsheet reads it as one), the number a number.
        #expect(csv.stdout.contains("\n1,喜泉镇,张三,,2020-07-08 08:50,"), "\(csv.stdout)")
        #expect(csv.stdout.contains("\n2,喜泉镇,李四,,2020-07-08 08:51,"), "\(csv.stdout)")
        let attendance = try cli.json(try cli.report(["attendance", "--session", "s1", "--format", "json"]))
        let sheet = try cli.json(try cli.report(["signin", "--session", "s1", "--format", "json"]))
        let a = try #require(attendance["totals"] as? [String: Any]), s = try #require(sheet["totals"] as? [String: Any])
        #expect(a["signedIn"] as? Int == s["signedIn"] as? Int)
        #expect(a["expected"] as? Int == s["expected"] as? Int)
        let html = try cli.report(["signin", "--session", "2020-07-08", "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("实到 \(s["signedIn"] as? Int ?? -1) 人 / 应到 \(s["expected"] as? Int ?? -1) 人"))
        #expect(html.stdout.contains("<th>本人签字</th>"))
        let en = try cli.report(["signin", "--session", "s1", "--format", "md", "--lang", "en"])
        #expect(en.stdout.contains("# Sign-in sheet"), "\(en.stdout.prefix(300))")
        let wrong = try cli.report(["signin", "--session", "s2"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("花名册中没有培训场次“s2”"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("是不是要找"), "\(wrong.stderr)")
    }

    @Test("the roster's office and a session's place are printed on the papers (and survive the course cache)")
    func officeAndPlace() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let roster = cli.courses + "/roster.yaml"
        var yaml = try String(contentsOfFile: roster, encoding: .utf8)
        yaml = "office: 景泰县人民政府办公室\n" + yaml.replacingOccurrences(of: "    date: 2020-07-08\n", with: "    date: 2020-07-08\n    place: 县政府三楼会议室\n")
        try yaml.write(toFile: roster, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let sheet = try cli.report(["signin", "--session", "s1", "--format", "md"])
            #expect(sheet.status == 0, "\(sheet.stderr)")
            #expect(sheet.stdout.contains("培训地点：县政府三楼会议室"), "\(sheet.stdout.prefix(400))")
            let json = try cli.json(try cli.report(["certificates", "--format", "json"]))
            let issuers = (json["certificates"] as? [[String: Any]] ?? []).map { $0["issuer"] as? String }
            #expect(!issuers.isEmpty && issuers.allSatisfy { $0 == "景泰县人民政府办公室" }, "\(issuers)")
        }
        let validate = try cli.box.run(["validate", "--courses", cli.courses])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    }

    @Test("report transcript: one person by name as the shell matches it, or a unit; an unknown name is exit 1")
    func transcript() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let md = try cli.report(["transcript", "--trainee", "张 三", "--format", "md"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("## 张三（喜泉镇） · 课程"), "\(md.stdout)")
        #expect(md.stdout.contains("政府信息公开基础"))
        #expect(md.stdout.contains("上半年培训"), "the s0 attempt is on it")
        let json = try cli.json(try cli.report(["transcript", "--unit", "喜泉镇", "--format", "json"]))
        let names = (json["people"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["张三", "李四"] || names == ["李四", "张三"])
        let person = try cli.report(["transcript", "--person", "李四", "--format", "csv"])
        #expect(person.status == 0)
        #expect(person.stdout.contains("单位,姓名,课程,交卷时间,培训场次,成绩,是否合格,备注"), "\(person.stdout)")
        let unknown = try cli.report(["transcript", "--trainee", "张三丰"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("记录中没有学员“张三丰”。您是不是要找“张三”？"), "\(unknown.stderr)")
        let nobody = try cli.report(["transcript"])
        #expect(nobody.status == 2)
        #expect(nobody.stderr.contains("--trainee"))
        #expect(try cli.report(["scores", "--trainee", "张三"]).status == 2, "--trainee is not silently ignored")
    }

    /// Prints an HTML file to PDF with headless Chromium and returns pdftotext's text (pages end with a form feed).
    func printed(_ cli: ReportCLI, _ html: String) throws -> String {
        let pdf = html + ".pdf"
        try Printing.printToPDF(html: html, pdf: pdf, box: cli.box)
        return try Printing.text(of: pdf, layout: true)
    }

    @Test(
        "printed to A4: one certificate a page; the sign-in sheet keeps every column and its totals",
        .enabled(if: AuditPaperCommandTests.canPrint, "Chromium or pdftotext not installed"),
        .timeLimit(.minutes(3)))
    func printsOnA4() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let certificates = cli.box.work + "/certificates.html"
        #expect(try cli.report(["certificates", "--out", certificates]).status == 0)
        let pages = try printed(cli, certificates).components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pages.count == 2, "two certificates, two pages: \(pages)")
        #expect(pages.count == 2 && pages[0].contains("张三") != pages[1].contains("张三"), "one person a page")
        for page in pages {
            let letters = page.filter { !$0.isWhitespace }
            #expect(letters.contains("发证单位（盖章）："), "\(page)")
            #expect(letters.range(of: "GK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", options: .regularExpression) != nil, "\(page)")
        }
        let sheet = cli.box.work + "/signin.html"
        #expect(try cli.report(["signin", "--session", "s1", "--out", sheet]).status == 0)
        let letters = try printed(cli, sheet).filter { !$0.isWhitespace }
        for header in ["序号", "单位", "姓名", "职务", "签到时间", "本人签字", "实到3人/应到3人", "签到负责人（签字）："] {
            #expect(letters.contains(header), "\(header) printed")
        }
    }

    static let hasJSONSchema: Bool = {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import jsonschema"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }()

    @Test(
        "the papers' JSON validates against docs/schema (draft 2020-12)",
        .enabled(if: OfficePaperCommandTests.hasJSONSchema, "Python jsonschema not installed"))
    func jsonMatchesTheSchemas() throws {
        let cli = try ReportCLI()
        try cli.standard()
        var pairs: [(String, String)] = []
        for (index, arguments) in [
            ["signin", "--session", "s1"], ["signin"], ["certificates"], ["certificates", "--trainee", "李四"], ["transcript", "--unit", "xiquan"],
            ["transcript", "--trainee", "赵六", "--session", "s1"],
        ].enumerated() {
            let out = cli.box.work + "/paper\(index).json"
            let run = try cli.report(arguments + ["--out", out])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            pairs.append((E2E.packageRoot + "/docs/schema/\(arguments[0]).schema.json", out))
        }
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            failed = 0
            for schema_path, document_path in zip(sys.argv[1::2], sys.argv[2::2]):
                schema = json.load(open(schema_path))
                Draft202012Validator.check_schema(schema)
                validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
                for error in validator.iter_errors(json.load(open(document_path))):
                    failed += 1
                    print(document_path, list(error.absolute_path), error.message)
            sys.exit(1 if failed else 0)
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script] + pairs.flatMap { [$0.0, $0.1] }
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "\(output)")
    }
}
