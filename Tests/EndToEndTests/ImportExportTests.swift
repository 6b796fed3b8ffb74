import Foundation
import Testing

/// `gongkai import` and `gongkai export` as an office runs them, and gongkai's xlsx and docx
/// read back by openpyxl and python-docx (installed by `make office-deps`).
@Suite("Import and export")
struct ImportExportTests {
    static let bank = E2E.packageRoot + "/Tests/Fixtures/Import"

    /// Copies the fixture course folder so a test may write into it.
    static func courses(in box: Sandbox) throws -> String {
        let folder = box.work + "/Courses"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: E2E.fixtures + "/sample.yaml", toPath: folder + "/sample.yaml")
        return folder
    }

    @Test("an unsupported extension is a usage error that lists the formats")
    func unsupportedExtension() throws {
        let box = Sandbox()
        try "x".write(toFile: box.work + "/题库.xls", atomically: true, encoding: .utf8)
        let run = try box.run(["import", "题库.xls", "--course", "bank", "--lang", "en"])
        #expect(run.status == 2, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("unsupported file type: 题库.xls (supported: .xlsx .csv .docx .txt .gift .xml)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.work + "/Courses/bank.yaml"))
        let export = try box.run(["export", "sample", "--format", "pdf", "--courses", E2E.fixtures])
        #expect(export.status == 2, "stderr: \(export.stderr)")
        #expect(export.stderr.contains("xlsx, docx, gift, moodle-xml"), "\(export.stderr)")
    }

    @Test("import writes a course validate accepts, flags the unsourced question, and a dry run writes nothing")
    func importThenValidate() throws {
        let box = Sandbox()
        let courses = box.work + "/Courses"
        let dry = try box.run(["import", Self.bank + "/bank.xlsx", "--course", "bank", "--courses", courses, "--dry-run"])
        #expect(dry.status == 0, "stderr: \(dry.stderr)")
        #expect(dry.stdout.contains("试运行") && dry.stdout.contains("+ rh-deadline  [单选题]"), "\(dry.stdout)")
        #expect(dry.stdoutLines.count == 8, "\(dry.stdout)")
        #expect(!FileManager.default.fileExists(atPath: courses + "/bank.yaml"))

        let run = try box.run(["import", Self.bank + "/bank.xlsx", "--course", "bank", "--courses", courses, "--title", "应知应会"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("bank.xlsx:9: warning:"), "\(run.stderr)")
        let written = try String(contentsOfFile: courses + "/bank.yaml", encoding: .utf8)
        #expect(written.hasPrefix("id: bank\ntitle: 应知应会\nversion: 1\n"), "\(written)")
        let validate = try box.run(["validate", courses, "--lang", "en"])
        #expect(validate.status == 0, "stderr: \(validate.stderr)")
        let warnings = validate.stderrLines.filter { $0.contains("warning: question has no source") }
        #expect(warnings.count == 1, "\(validate.stderr)")

        // Re-importing the same file changes nothing: same ids, same version.
        let dryAgain = try box.run(["import", Self.bank + "/bank.xlsx", "--course", "bank", "--courses", courses, "--dry-run"])
        #expect(dryAgain.stdoutLines.dropFirst().allSatisfy { $0.hasPrefix("= ") }, "\(dryAgain.stdout)")
        let again = try box.run(["import", Self.bank + "/bank.xlsx", "--course", "bank", "--courses", courses])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: courses + "/bank.yaml", encoding: .utf8) == written)
    }

    @Test("a bank with bad rows: every row reported as file:row, nothing written, exit 1")
    func badRows() throws {
        let box = Sandbox()
        let courses = try Self.courses(in: box)
        let before = try String(contentsOfFile: courses + "/sample.yaml", encoding: .utf8)
        let run = try box.run(["import", Self.bank + "/errors.xlsx", "--course", "sample", "--courses", courses])
        #expect(run.status == 1)
        let errors = run.stderrLines.filter { $0.contains(": error: ") }
        #expect(errors.map { $0.components(separatedBy: ": error: ")[0].components(separatedBy: "/").last ?? "" }
            == ["errors.xlsx:3", "errors.xlsx:4", "errors.xlsx:5", "errors.xlsx:6", "errors.xlsx:7", "errors.xlsx:8"], "\(run.stderr)")
        #expect(run.stderr.contains("未写入任何文件"))
        #expect(try String(contentsOfFile: courses + "/sample.yaml", encoding: .utf8) == before)
    }

    @Test("export as xlsx, docx, GIFT and Moodle XML, then import into the same course: the file is unchanged")
    func exportImportRoundTrip() throws {
        let box = Sandbox()
        let courses = try Self.courses(in: box)
        for (format, ext, skipped) in [("xlsx", "xlsx", 0), ("docx", "docx", 1), ("gift", "gift", 2), ("moodle-xml", "xml", 1)] {
            // `export COURSE` goes to the course subcommand by default.
            let export = try box.run(["export", "sample", "--format", format, "--courses", courses])
            #expect(export.status == 0, "\(format): \(export.stderr)")
            #expect(export.stderrLines.filter { $0.hasPrefix("warning:") }.count == skipped, "\(format): \(export.stderr)")
            let before = try String(contentsOfFile: courses + "/sample.yaml", encoding: .utf8)
            let again = try box.run(["import", "sample." + ext, "--course", "sample", "--courses", courses])
            #expect(again.status == 0, "\(format): \(again.stderr)")
            let after = try String(contentsOfFile: courses + "/sample.yaml", encoding: .utf8)
            let library = try box.run(["validate", courses])
            #expect(library.status == 0, "\(format): \(library.stderr)")
            if format == "xlsx" {
                // The first import rewrites the hand-written file in the writer's layout; content is the same.
                #expect(after.contains("id: s-redact"))
            } else {
                #expect(after == before, "\(format)")
            }
        }
    }

    @Test("openpyxl and python-docx read gongkai's exports")
    func officeReadersReadTheExports() throws {
        let box = Sandbox()
        for format in ["xlsx", "docx"] {
            let run = try box.run(["export", "sample", "--format", format, "--courses", E2E.fixtures, "--out", "题库." + format])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let script = """
            import json, openpyxl, docx
            ws = openpyxl.load_workbook("题库.xlsx").active
            rows = [[c.value for c in row] for row in ws.iter_rows()]
            paragraphs = [p.text for p in docx.Document("题库.docx").paragraphs]
            print(json.dumps({"header": rows[0], "first": rows[1], "count": len(rows), "paragraphs": paragraphs}, ensure_ascii=False))
            """
        try script.write(toFile: box.work + "/read.py", atomically: true, encoding: .utf8)
        let python = try PipeRun.run("/usr/bin/env", arguments: ["python3", "read.py"], input: "", environment: ProcessInfo.processInfo.environment, directory: box.work)
        #expect(python.status == 0, "python3 failed (run make office-deps): \(python.stderr)")
        let data = try #require(python.stdout.data(using: .utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let header = json["header"] as? [String] ?? []
        #expect(Array(header.prefix(7)) == ["编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D"], "\(header)")
        #expect(header.contains("答案") && header.contains("依据") && header.contains("解析"))
        let first = json["first"] as? [Any] ?? []
        #expect(first.first as? String == "s-deadline")
        #expect(first.dropFirst().first as? String == "单选题")
        #expect(json["count"] as? Int == 8)  // header + 7 questions
        let paragraphs = json["paragraphs"] as? [String] ?? []
        #expect(paragraphs.first == "一、单选题", "\(paragraphs.prefix(3))")
        #expect(paragraphs.contains("1. 不能当场答复的，应当自收到申请之日起多少个工作日内答复？"))
        #expect(paragraphs.contains("C. 20个工作日") && paragraphs.contains("【答案】C") && paragraphs.contains("【依据】条例第三十三条"))
    }
}
