import Foundation
import GongkaiCore
import Testing

/// `gongkai report` says what it cannot do: CSV cells a spreadsheet would turn into dates,
/// unsupported `--out` files, filters that match nothing, missing results folders, and
/// the judging date of `--as-of`.
@Suite("Honest report command line")
struct HonestReportTests {
    static let kinds = ["attendance", "scores", "completion", "audits", "items", "notices"]

    /// RFC 4180 fields of a CSV (quotes doubled, CRLF rows), after the byte-order mark.
    static func csvRows(_ bytes: [UInt8]) -> [[String]] {
        let text = String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// What Excel, WPS and LibreOffice read as a date: `3/3`, `3-3`, `2026/3/3`.
    static func looksLikeDate(_ cell: String) -> Bool {
        cell.trimmingCharacters(in: .whitespaces).range(of: #"^\d+\s*[/-]\s*\d+(\s*[/-]\s*\d+)?$"#, options: .regularExpression) != nil
    }

    /// An ISO date (or date and time) column: what it holds really is a date.
    static func isISODate(_ cell: String) -> Bool {
        cell.range(of: #"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$"#, options: .regularExpression) != nil
    }

    @Test("no CSV cell of any report is a ratio or other date-like text, outside ISO date columns; completion splits 实到/应到")
    func csvHasNoAccidentalDates() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for kind in Self.kinds {
            for extra in [[], ["--session", "s1"], ["--unit", "xiquan"]] {
                let run = try cli.report([kind, "--format", "csv"] + extra)
                #expect(run.status == 0, "\(kind) \(extra): \(run.stderr)")
                let rows = Self.csvRows(run.stdoutBytes)
                guard let header = rows.first else { continue }
                for row in rows.dropFirst() {
                    #expect(row.count == header.count, "\(kind) \(extra): row \(row) against header \(header)")
                    for (index, cell) in row.enumerated() where Self.looksLikeDate(cell) {
                        // An ISO date column holds only ISO dates (or nothing).
                        let column = rows.dropFirst().compactMap { index < $0.count ? $0[index] : nil }
                        #expect(
                            Self.isISODate(cell) && column.allSatisfy { $0.isEmpty || Self.isISODate($0) },
                            "\(kind) \(extra): column \(header[index]) holds \(cell)")
                    }
                }
            }
        }
        let rows = Self.csvRows(try cli.report(["completion", "--format", "csv", "--session", "s1"]).stdoutBytes)
        let header = try #require(rows.first)
        #expect(header.prefix(5) == ["单位", "实到", "应到", "全部通过人数", "参训人数"], "\(header)")
        let xiquan = try #require(rows.first { $0.first == "喜泉镇" })
        let caizheng = try #require(rows.first { $0.first == "财政局" })
        #expect(Array(xiquan[1...4]) == ["2", "2", "2", "2"], "\(xiquan)")
        #expect(Array(caizheng[1...4]) == ["1", "1", "0", "1"], "\(caizheng)")
        // The terminal still shows the ratio.
        #expect(try cli.report(["completion", "--session", "s1"]).stdout.contains("2/2"))
        let english = Self.csvRows(try cli.report(["completion", "--format", "csv", "--lang", "en"]).stdoutBytes)
        #expect(english.first?.prefix(5) == ["Unit", "Signed in", "Expected", "Passed all", "Attendees"], "\(english.first ?? [])")
    }

    @Test("--out with an extension gongkai does not write exits 2, lists the formats and writes nothing")
    func unsupportedOut() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for name in ["x.xls", "x.pdf", "x.docx", "noextension"] {
            let path = cli.box.work + "/out/" + name
            let run = try cli.report(["completion", "--out", path])
            #expect(run.status == 2, "\(name): \(run.status) \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(name): \(run.stdout)")
            #expect(!run.stdout.contains("已写入") && !run.stderr.contains("已写入"))
            for format in ["csv", "json", "html", "md", "table", "xlsx"] { #expect(run.stderr.contains(format), "\(name) lists \(format): \(run.stderr)") }
            #expect(run.stderr.contains(name), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path), "\(name) written")
            #expect(!FileManager.default.fileExists(atPath: cli.box.work + "/out"), "no folder made for \(name)")
        }
        #expect(try cli.report(["completion", "--out", cli.box.work + "/x.xls"]).stderr.contains("请写 .xlsx 工作簿"))
        let english = try cli.report(["completion", "--out", cli.box.work + "/x.pdf", "--lang", "en"])
        #expect(english.status == 2)
        #expect(english.stderr.contains("unsupported file type (.pdf)"), "\(english.stderr)")
        // Even with --format, a .xlsx name is not filled with something else.
        #expect(try cli.report(["completion", "--format", "csv", "--out", cli.box.work + "/x.xlsx"]).status == 2)
        // A name without an extension is fine when the format is given.
        let named = cli.box.work + "/plain"
        #expect(try cli.report(["completion", "--format", "csv", "--out", named]).status == 0)
        #expect(FileManager.default.fileExists(atPath: named))
    }

    @Test("a --session, --unit or --course that matches nothing exits 1 with did-you-mean; names, aliases, prefixes and dates work")
    func filtersThatMatchNothing() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let cases: [([String], [String])] = [
            (["--session", "s9"], ["s9", "s1", "s0"]),
            (["--session", "S2"], ["S2"]),
            (["--session", "2020-07-09"], ["2020-07-09", "s1（2020-07-08）"]),
            (["--unit", "xiquen"], ["xiquen", "xiquan"]),
            (["--unit", "公安局"], ["公安局"]),
            (["--course", "basic"], []),  // a prefix: found, below
            (["--course", "basiks"], ["basiks", "basics"]),
        ]
        for (filter, words) in cases where !words.isEmpty {
            for kind in ["completion", "scores", "attendance"] {
                let run = try cli.report([kind, "--format", "json"] + filter)
                #expect(run.status == 1, "\(kind) \(filter): \(run.status) \(run.stderr)")
                #expect(run.stdout.isEmpty, "\(kind) \(filter): no report: \(run.stdout.prefix(200))")
                for word in words { #expect(run.stderr.contains(word), "\(kind) \(filter) says \(word): \(run.stderr)") }
            }
        }
        #expect(try cli.report(["scores", "--session", "s9"]).stderr.contains("您是不是要找“s1”") || cli.report(["scores", "--session", "s9"]).stderr.contains("您是不是要找“s0”"))
        #expect(try cli.report(["scores", "--unit", "xiquen"]).stderr.contains("您是不是要找“xiquan”"))
        #expect(try cli.report(["scores", "--course", "basiks", "--lang", "en"]).stderr.contains("Did you mean 'basics'?"))

        func units(_ arguments: [String]) throws -> [String] {
            let run = try cli.report(["attendance", "--format", "json", "--session", "s1"] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            return (try cli.json(run)["units"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try units(["--unit", "xiquan"]) == ["xiquan"])
        #expect(try units(["--unit", "喜泉镇"]) == ["xiquan"])
        #expect(try units(["--unit", "喜泉"]) == ["xiquan"], "a part of one name, as the shell takes it")
        #expect(try units(["--unit", "财政"]) == ["caizheng"])

        let byDate = try cli.report(["attendance", "--format", "json", "--session", "2020-07-08"])
        #expect(byDate.status == 0, "\(byDate.stderr)")
        #expect((try cli.json(byDate)["session"] as? [String: Any])?["id"] as? String == "s1")
        #expect(!byDate.stderr.contains("没有培训场次"))
        #expect((try cli.json(byDate)["filters"] as? [String: Any])?["session"] as? String == "s1", "filters hold the id found")
        let byPart = try cli.json(try cli.report(["completion", "--format", "json", "--unit", "喜泉"]))
        #expect((byPart["filters"] as? [String: Any])?["unit"] as? String == "xiquan")
        let byTitle = try cli.json(try cli.report(["scores", "--format", "json", "--course", "政府信息公开"]))
        #expect((byTitle["filters"] as? [String: Any])?["course"] as? String == "basics")
        #expect((byTitle["totals"] as? [String: Any])?["attempts"] as? Int == 4)
        let byPrefix = try cli.json(try cli.report(["scores", "--format", "json", "--course", "basic"]))
        #expect((byPrefix["totals"] as? [String: Any])?["attempts"] as? Int == 4)
    }

    @Test("two sessions on one day: --session DATE asks for the id")
    func twoSessionsOnADate() throws {
        let cli = try ReportCLI()
        let roster = try String(contentsOfFile: cli.courses + "/roster.yaml", encoding: .utf8) + """
              - id: s2
                title: 下午场
                date: 2020-07-08
                courses: [basics]

            """
        try roster.write(toFile: cli.courses + "/roster.yaml", atomically: true, encoding: .utf8)
        let run = try cli.report(["attendance", "--session", "2020-07-08"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("s1") && run.stderr.contains("s2"), "\(run.stderr)")
    }

    @Test("a --results folder that does not exist exits 1 and is never created")
    func missingResultsFolder() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let typo = cli.box.work + "/Resluts"
        for kind in Self.kinds {
            let run = try cli.report([kind, "--format", "json"], results: [typo])
            #expect(run.status == 1, "\(kind): \(run.status) \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(typo) && run.stderr.contains("不存在"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(kind) created the mistyped folder")
        }
        // One good folder and one mistyped one: still an error, nothing created.
        let mixed = try cli.report(["scores"], results: [cli.results, typo])
        #expect(mixed.status == 1)
        #expect(!FileManager.default.fileExists(atPath: typo))
        #expect(try cli.report(["scores", "--lang", "en"], results: [typo]).stderr.contains("does not exist"))
        // A file where the folder should be.
        let file = cli.box.work + "/afile"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try cli.report(["scores"], results: [file]).status == 1)
    }

    @Test("--as-of leaves generatedAt alone and shows the judging date")
    func asOf() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let today = SystemClock().now().localDate
        let run = try cli.report(["audits", "--format", "json", "--as-of", "2100-01-05"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try cli.json(run)
        #expect(json["asOf"] as? String == "2100-01-05")
        let generated = try #require(json["generatedAt"] as? String)
        #expect(generated.hasPrefix(today.description) || generated.hasPrefix(today.adding(days: -1).description), "real time: \(generated)")
        // Judged on 2100-01-05, the 2099-12-31 rectification is overdue.
        #expect((json["totals"] as? [String: Any])?["overdue"] as? Int == 1, "\(json["totals"] ?? "")")
        let plain = try cli.json(try cli.report(["audits", "--format", "json"]))
        #expect(plain["asOf"] as? String == String((plain["generatedAt"] as? String ?? "").prefix(10)))
        #expect((plain["totals"] as? [String: Any])?["overdue"] as? Int == 0)

        for format in ["table", "md", "html"] {
            let shown = try cli.report(["audits", "--format", format, "--as-of", "2100-01-05"])
            #expect(shown.stdout.contains("判断日期：2100-01-05"), "\(format):\n\(shown.stdout.prefix(400))")
            #expect(!shown.stdout.contains("生成时间：2100-01-05"), "\(format)")
            let without = try cli.report(["audits", "--format", format])
            #expect(!without.stdout.contains("判断日期"), "\(format)")
        }
        #expect(try cli.report(["completion", "--as-of", "2100-01-05", "--lang", "en"]).stdout.contains("Judged as of: 2100-01-05"))
    }
}

@Suite("Honest report in the shell")
struct HonestShellReportTests {
    @Test("the shell's report names an unsupported file type and takes a part of a unit's name")
    func shellReport() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let run = try cli.box.run(
            ["--courses", cli.courses, "--results", cli.results],
            input: "login 张三 --unit xiquan\n\nreport completion --out x.pdf\nreport attendance --unit 喜泉\nreport completion --format xlsx\nreport completion --out x.xlsx\nreport completion --table units\nquit\n")
        #expect(run.stdout.contains("不支持的文件类型（.pdf）"), "\(run.stdout)")
        #expect(run.stdout.contains("张三、李四"), "喜泉 is 喜泉镇: \(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cli.results + "/reports/x.pdf"))
        // A workbook is never shown on the screen; written to Results/reports/ it is a zip.
        #expect(run.stdout.contains("xlsx 工作簿是二进制文件"), "\(run.stdout)")
        let workbook = try Data(contentsOf: URL(fileURLWithPath: cli.results + "/reports/x.xlsx"))
        #expect(workbook.prefix(2) == Data("PK".utf8))
        #expect(run.stdout.contains("--table 只用于 csv"), "\(run.stdout)")
    }
}
