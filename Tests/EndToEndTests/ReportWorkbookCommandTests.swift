import Foundation
import Testing

/// `gongkai report --format xlsx` and `--table` on the command line: a workbook to a file or a
/// pipe, never to a terminal; CSV of any table; wrong names and mixed formats refused.
@Suite("Report workbooks on the command line")
struct ReportWorkbookCommandTests {
    static let kinds = ["attendance", "scores", "completion", "audits", "items", "notices"]
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    @Test("--out x.xlsx and a piped --format xlsx write a workbook openpyxl opens, with a sheet per table")
    func workbookToFileAndPipe() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for kind in Self.kinds {
            let path = cli.box.work + "/out/\(kind).xlsx"
            let run = try cli.report([kind, "--out", path])
            #expect(run.status == 0, "\(kind): \(run.stderr)")
            #expect(run.stdout.contains("已写入"), "\(kind): \(run.stdout)")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(Array(bytes.prefix(4)) == Self.zip, "\(kind)")
            let piped = try cli.report([kind, "--format", "xlsx"])
            #expect(piped.status == 0 && piped.stderr.isEmpty, "\(kind): \(piped.stderr)")
            #expect(Array(piped.stdoutBytes.prefix(4)) == Self.zip, "\(kind): a pipe gets the workbook")
        }
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print(json.dumps([[ws.title, ws.freeze_panes] for ws in wb.worksheets], ensure_ascii=False))
            """
        let python = try PipeRun.run(
            "/usr/bin/env", arguments: ["python3", "-c", script, cli.box.work + "/out/scores.xlsx"], input: "",
            environment: ProcessInfo.processInfo.environment, directory: cli.box.work)
        #expect(python.status == 0, "python3 with openpyxl (make office-deps): \(python.stderr)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[Any]])
        #expect(sheets.map { $0[0] as? String } == ["个人成绩（每人每门课程的最好成绩）", "各单位各课程汇总", "各课程汇总", "概况"], "\(sheets)")
        #expect(sheets.allSatisfy { $0[1] as? String == "A2" })
    }

    @Test("--format xlsx to a terminal is refused with exit 2 and writes nothing")
    func workbookNotToATerminal() throws {
        let cli = try ReportCLI()
        try cli.standard()
        // A pseudo-terminal from Python's pty module: gongkai sees a terminal on its standard output.
        let script = """
            import os, pty, sys
            status = pty.spawn(sys.argv[1:])
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let run = try PipeRun.run(
            "/usr/bin/env",
            arguments: ["python3", "-c", script, E2E.binary, "report", "completion", "--format", "xlsx", "--courses", cli.courses, "--results", cli.results],
            input: "", environment: ProcessInfo.processInfo.environment, directory: cli.box.work)
        #expect(run.status == 2, "\(run.status): \(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("xlsx 工作簿是二进制文件"), "\(run.stdout)")
        #expect(!run.stdout.contains("PK"), "no workbook bytes on the terminal")
    }

    @Test("--format xlsx with a text file name, and --format csv with an .xlsx name, are refused")
    func mismatchedNames() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for (format, name) in [("xlsx", "x.csv"), ("xlsx", "x.json"), ("csv", "x.xlsx"), ("html", "x.xlsx")] {
            let path = cli.box.work + "/" + name
            let run = try cli.report(["scores", "--format", format, "--out", path])
            #expect(run.status == 2, "\(format) \(name): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect(try cli.report(["scores", "--format", "xlsx", "--out", cli.box.work + "/plain"]).status == 0)
    }

    @Test("--table NAME writes that table as CSV; an unknown name lists the tables; --table needs csv")
    func csvOfAnyTable() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let units = try cli.report(["scores", "--format", "csv", "--table", "units"])
        #expect(units.status == 0, "\(units.stderr)")
        let header = HonestReportTests.csvRows(units.stdoutBytes).first ?? []
        #expect(header.prefix(3) == ["单位", "课程", "人数"], "\(header)")
        let courses = try cli.report(["scores", "--out", cli.box.work + "/courses.csv", "--table", "3"])
        #expect(courses.status == 0, "\(courses.stderr)")
        let open = try cli.report(["audits", "--format", "csv", "--table", "open", "--lang", "en"])
        #expect(HonestReportTests.csvRows(open.stdoutBytes).first?.first == "Unit", "\(open.stdout)")
        let wrong = try cli.report(["audits", "--format", "csv", "--table", "rectification"])
        #expect(wrong.status == 2 && wrong.stdout.isEmpty)
        for name in ["units", "open", "rectifications", "rectification"] { #expect(wrong.stderr.contains(name), "\(wrong.stderr)") }
        let english = try cli.report(["scores", "--format", "csv", "--table", "nope", "--lang", "en"])
        #expect(english.stderr.contains("The scores report has no table 'nope'. Tables: people ("), "\(english.stderr)")
        for format in ["json", "xlsx", "table"] {
            let run = try cli.report(["scores", "--format", format, "--table", "units"])
            #expect(run.status == 2 && run.stderr.contains("--table"), "\(format): \(run.stderr)")
        }
    }
}
