import Foundation
import Testing

@testable import GongkaiCore

/// `--format xlsx`: every kind's workbook, written from the standard scenario and read back by
/// an independent reader (Python's openpyxl, `make office-deps`): one sheet per table with a
/// frozen header, numbers as numbers, percentages with a percent format, dates as dates, ids
/// and names as text, and the values of the JSON report.
@Suite("Report workbooks")
struct ReportWorkbookTests {
    /// One cell as openpyxl reads it.
    struct ReadCell {
        /// `number`, `text`, `date` (a datetime) or `empty`.
        var kind: String
        var value: Any?
        var format: String
        var number: Double? { (value as? NSNumber)?.doubleValue }
        var text: String? { value as? String }
    }

    struct ReadSheet {
        var name: String
        var freeze: String?
        var rows: [[ReadCell]]
        var widths: [Int: Double]
    }

    static let reader = """
        import datetime, json, sys
        import openpyxl
        from openpyxl.utils import column_index_from_string
        wb = openpyxl.load_workbook(sys.argv[1])
        sheets = []
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows():
                cells = []
                for c in row:
                    v = c.value
                    if isinstance(v, datetime.datetime):
                        # To the second: a serial's fraction can land a microsecond off.
                        v = (v + datetime.timedelta(microseconds=500000)).replace(microsecond=0).isoformat()
                        kind = "date"
                    elif isinstance(v, bool):
                        kind = "bool"
                    elif isinstance(v, (int, float)):
                        kind = "number"
                    elif v is None:
                        kind = "empty"
                    else:
                        kind = "text"
                    cells.append({"kind": kind, "value": v, "format": c.number_format})
                rows.append(cells)
            widths = {str(column_index_from_string(k)): d.width for k, d in ws.column_dimensions.items()}
            sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "widths": widths})
        print(json.dumps({"sheets": sheets, "active": wb.active.title}, ensure_ascii=False))
        """

    /// Writes the workbook to a temporary file and reads it with openpyxl.
    static func read(_ bytes: [UInt8]) throws -> [ReadSheet] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.xlsx")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", reader, file.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with openpyxl (make office-deps): \(errorText)")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [[String: Any]])
        return sheets.map { sheet in
            ReadSheet(
                name: sheet["name"] as? String ?? "", freeze: sheet["freeze"] as? String,
                rows: (sheet["rows"] as? [[[String: Any]]] ?? []).map { row in
                    row.map { ReadCell(kind: $0["kind"] as? String ?? "", value: $0["value"] is NSNull ? nil : $0["value"], format: $0["format"] as? String ?? "") }
                },
                widths: Dictionary(uniqueKeysWithValues: (sheet["widths"] as? [String: Double] ?? [:]).map { (Int($0.key) ?? 0, $0.value) }))
        }
    }

    static func workbook(_ report: Report, language: Language = .zh) throws -> [ReadSheet] {
        try read(try XLSXReportRenderer.render(report, language: language))
    }

    /// `0.0%` → 1: the decimals a percent format shows.
    static func decimals(_ format: String) -> Int? {
        guard format.hasSuffix("%") else { return nil }
        let body = format.dropLast()
        guard let dot = body.firstIndex(of: ".") else { return 0 }
        return body.distance(from: dot, to: body.endIndex) - 1
    }

    /// The cell as a spreadsheet shows it, from its value and format alone.
    static func shown(_ cell: ReadCell) -> String? {
        switch cell.kind {
        case "number":
            guard let n = cell.number else { return nil }
            if let d = decimals(cell.format) { return String(format: "%.\(d)f", n * 100) + "%" }
            return JSONWriter.formatNumber(n)
        case "date":
            guard let iso = cell.text else { return nil }
            let spaced = iso.replacingOccurrences(of: "T", with: " ")
            return cell.format.contains("h") ? String(spaced.prefix(16)) : String(spaced.prefix(10))
        case "text": return cell.text
        default: return nil
        }
    }

    /// Every cell of every table against the model: its type, its format and what it shows.
    static func checkTables(_ report: Report, _ sheets: [ReadSheet], _ label: String) {
        let tables = report.tables
        #expect(sheets.count == tables.count + 1, "\(label): a sheet per table and the summary")
        for (table, sheet) in zip(tables, sheets) {
            #expect(sheet.freeze == "A2", "\(label) \(sheet.name): header row frozen")
            #expect(sheet.name == String(table.title.prefix(31)) || table.title.count > 31 || table.title.contains(where: { "[]:*?/\\".contains($0) }),
                "\(label): sheet \(sheet.name) for \(table.title)")
            let header = table.columns.flatMap { $0.csvTitles ?? [$0.title] }
            #expect(sheet.rows.first?.map(\.text) == header.map { Optional($0) }, "\(label) \(sheet.name): header")
            #expect(sheet.rows.count == table.rows.count + 1, "\(label) \(sheet.name): rows")
            for (r, row) in table.rows.enumerated() where r + 1 < sheet.rows.count {
                let read = sheet.rows[r + 1]
                var at = 0
                for (c, cell) in row.enumerated() {
                    let split = c < table.columns.count ? table.columns[c].csvTitles?.count : nil
                    if let split {
                        if case .ratio(let part, let whole) = cell.value {
                            #expect(split == 2 && read[at].kind == "number" && read[at + 1].kind == "number", "\(label) \(sheet.name) ratio \(cell.text)")
                            #expect(read[at].number == Double(part) && read[at + 1].number == Double(whole), "\(label) \(sheet.name) ratio \(cell.text)")
                        }
                        at += split
                        continue
                    }
                    guard at < read.count else {
                        #expect(cell.text.isEmpty || cell.value == .missing, "\(label) \(sheet.name): cell \(cell.text) missing")
                        at += 1
                        continue
                    }
                    let got = read[at]
                    let place = "\(label) \(sheet.name) row \(r + 2) column \(header[at]): \(cell.text) read as \(got.kind) \(String(describing: got.value)) \(got.format)"
                    switch cell.value {
                    case .text, .ratio:
                        #expect(got.kind == (cell.text.isEmpty ? "empty" : "text"), "\(place)")
                        if !cell.text.isEmpty { #expect(got.text == cell.text, "\(place)") }
                    case .number(let n):
                        #expect(got.kind == "number" && got.number == n && got.format == "General", "\(place)")
                    case .percent(let p):
                        #expect(got.kind == "number" && decimals(got.format) != nil, "\(place)")
                        #expect(abs((got.number ?? -1) - p / 100) < 1e-12, "\(place)")
                    case .date, .time:
                        #expect(got.kind == "date" && got.format.hasPrefix("yyyy-mm-dd"), "\(place)")
                    case .missing:
                        #expect(got.kind == "empty", "\(place)")
                    }
                    // One truth, shown once: the workbook shows what every other view shows.
                    if cell.value != .missing, !cell.text.isEmpty { #expect(shown(got) == cell.text, "\(place)") }
                    at += 1
                }
            }
        }
    }

    static func sheet(_ sheets: [ReadSheet], _ name: String) throws -> ReadSheet { try #require(sheets.first { $0.name == name }, "no sheet \(name)") }

    /// The row whose first cells are `keys`.
    static func row(_ sheet: ReadSheet, _ keys: String...) throws -> [ReadCell] {
        try #require(sheet.rows.first { row in keys.indices.allSatisfy { $0 < row.count && row[$0].text == keys[$0] } }, "no row \(keys) in \(sheet.name)")
    }

    static func column(_ sheet: ReadSheet, _ title: String) throws -> Int {
        try #require(sheet.rows.first?.firstIndex { $0.text == title }, "no column \(title) in \(sheet.name)")
    }

    // MARK: Every kind

    @Test("every kind, in both languages: a sheet per table, types, formats and shown text as in the model")
    func everyKindMatchesItsTables() throws {
        let fs = try StandardScenario.make()
        for language in [Language.zh, .en] {
            for kind in Report.Kind.allCases {
                for filter in [ReportFilter(session: "s1"), ReportFilter(session: "s1", unit: "caizheng")] {
                    let report = ReportWorld.build(kind, fileSystem: fs, filter: filter, language: language)
                    let sheets = try Self.workbook(report, language: language)
                    Self.checkTables(report, sheets, "\(kind) \(language) \(filter.unit ?? "all")")
                    let summary = try #require(sheets.last)
                    #expect(summary.name == language.pick("概况", "Summary"))
                    #expect(summary.rows.contains { $0.count > 1 && $0[1].text == report.title }, "\(kind): the summary names the report")
                    for figure in report.figures {
                        let row = try #require(summary.rows.first { $0.first?.text == figure.label }, "\(kind): figure \(figure.label)")
                        let counted = Double(figure.value) != nil || (figure.value.hasSuffix("%") && Double(figure.value.dropLast()) != nil)
                        #expect(row[1].kind == (counted ? "number" : "text"), "\(kind) \(figure.label): \(figure.value) read as \(row[1].kind)")
                        #expect(Self.shown(row[1]) == figure.value, "\(kind) \(figure.label)")
                    }
                    let generated = try #require(summary.rows.first { $0.first?.text == language.pick("生成时间", "Generated") })
                    #expect(generated[1].kind == "date" && generated[1].text == "2020-07-20T10:00:00", "\(kind): \(String(describing: generated[1].value))")
                }
            }
        }
    }

    @Test("attendance: counts are numbers equal to the JSON report's; names stay text")
    func attendanceValues() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.attendance, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let sheets = try Self.workbook(report)
        #expect(sheets.map(\.name) == ["各单位情况", "概况"])
        let sheet = sheets[0]
        let expected = try Self.column(sheet, "应到"), signed = try Self.column(sheet, "实到"), missing = try Self.column(sheet, "缺")
        for unit in report.json["units"]?.elements ?? [] {
            let row = try Self.row(sheet, unit["name"]?.stringValue ?? "")
            #expect(row[expected].number == unit["expected"]?.numberValue)
            #expect(row[signed].number == unit["signedIn"]?.numberValue)
            #expect(row[missing].number == unit["missing"]?.numberValue)
        }
        let total = try Self.row(sheet, "合计")
        #expect(total[signed].number == report.json["totals", "signedIn"]?.numberValue)
        #expect(try Self.row(sheet, "喜泉镇")[try Self.column(sheet, "签到人员")].text == "张三、李四")
        // A CJK column is sized at two per character.
        #expect((sheet.widths[try Self.column(sheet, "签到人员") + 1] ?? 0) >= Double(DisplayWidth.of("张三、李四")))
        #expect(sheet.widths.values.allSatisfy { $0 >= 6 && $0 <= 60 }, "\(sheet.widths)")
    }

    @Test("scores: three sheets; best and rates are percentages, attempts numbers, times dates, all as in JSON")
    func scoresValues() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.scores, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let sheets = try Self.workbook(report)
        #expect(sheets.map(\.name) == ["个人成绩（每人每门课程的最好成绩）", "各单位各课程汇总", "各课程汇总", "概况"], "\(sheets.map(\.name))")
        let names = Dictionary(uniqueKeysWithValues: ReportWorld.units.map { ($0.id, $0.name) })
        let titles = ["basics": ReportWorld.basics.title, "secrecy": ReportWorld.secrecy.title]
        let people = sheets[0]
        let best = try Self.column(people, "最高分"), attempts = try Self.column(people, "次数"), last = try Self.column(people, "最近一次")
        let json = report.json["people"]?.elements ?? []
        #expect(json.count == people.rows.count - 1)
        for person in json {
            let row = try Self.row(
                people, names[person["unit"]?.stringValue ?? ""] ?? "", person["name"]?.stringValue ?? "", titles[person["course"]?.stringValue ?? ""] ?? "")
            #expect(abs((row[best].number ?? -1) * 100 - (person["best"]?.numberValue ?? -2)) < 1e-9)
            #expect(row[attempts].number == person["attempts"]?.numberValue)
            #expect(row[last].kind == "date" && row[last].text == String((person["lastAttemptAt"]?.stringValue ?? "").prefix(19)))
            #expect(row[last].format == "yyyy-mm-dd hh:mm")
        }
        // 王五 failed secrecy at 50 %; 钱七 passed basics at 75 %.
        #expect(try Self.row(people, "芦阳镇", "王五", "保密审查")[best].format == "0%")
        let units = sheets[1]
        let passRate = try Self.column(units, "通过率")
        for unit in report.json["units"]?.elements ?? [] {
            for course in unit["courses"]?.elements ?? [] {
                let row = try Self.row(units, names[unit["unit"]?.stringValue ?? ""] ?? "", titles[course["course"]?.stringValue ?? ""] ?? "")
                #expect(abs((row[passRate].number ?? -1) * 100 - (course["passRate"]?.numberValue ?? -2)) < 1e-9)
            }
        }
        let courses = sheets[2]
        let meanBest = try Self.column(courses, "平均最高分"), participants = try Self.column(courses, "人数")
        for course in report.json["courses"]?.elements ?? [] {
            let row = try Self.row(courses, course["title"]?.stringValue ?? "")
            #expect(abs((row[meanBest].number ?? -1) * 100 - (course["meanBest"]?.numberValue ?? -2)) < 1e-9)
            #expect(row[participants].number == course["participants"]?.numberValue)
        }
    }

    @Test("completion: 实到/应到 and 全部通过/参训 as two numbers each, equal to JSON")
    func completionValues() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.completion, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let sheet = try Self.workbook(report)[0]
        #expect(sheet.rows[0].prefix(5).map(\.text) == ["单位", "实到", "应到", "全部通过人数", "参训人数"])
        for unit in report.json["units"]?.elements ?? [] {
            let row = try Self.row(sheet, unit["name"]?.stringValue ?? "")
            #expect(row[1].kind == "number" && row[1].number == unit["signedIn"]?.numberValue)
            #expect(row[2].kind == "number" && row[2].number == unit["expected"]?.numberValue)
        }
    }

    @Test("audits: units, open rectifications and the rectification list, each a sheet; deadlines are dates")
    func auditsValues() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.audits, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let sheets = try Self.workbook(report)
        #expect(sheets.map(\.name) == ["各单位情况", "待整改事项", "整改事项", "概况"], "\(sheets.map(\.name))")
        let units = sheets[0]
        for unit in report.json["units"]?.elements ?? [] {
            let row = try Self.row(units, unit["name"]?.stringValue ?? "")
            #expect(row[try Self.column(units, "符合")].number == unit["pass"]?.numberValue)
            #expect(row[try Self.column(units, "不符合")].number == unit["fail"]?.numberValue)
            if let at = unit["latestAt"]?.stringValue {
                #expect(row[1].kind == "date" && row[1].text == String(at.prefix(19)))
            } else {
                #expect(row[1].kind == "text")
            }
        }
        let list = sheets[2]
        let deadline = try Self.column(list, "完成期限"), days = try Self.column(list, "逾期天数")
        let rectifications = (report.json["units"]?.elements ?? []).flatMap { unit in
            (unit["rectifications"]?.elements ?? []).map { (unit["id"]?.stringValue ?? "", $0) }
        }
        #expect(rectifications.count == list.rows.count - 1)
        for (unit, r) in rectifications {
            let row = try Self.row(list, unit)
            #expect(row[deadline].kind == "date" && row[deadline].text == (r["deadline"]?.stringValue ?? "") + "T00:00:00")
            #expect(row[deadline].format == "yyyy-mm-dd")
            #expect(row[days].number == r["daysOverdue"]?.numberValue)
        }
    }

    @Test("items: facility a percentage, discrimination a number, question ids text, as in JSON")
    func itemsValues() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.items, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let sheet = try Self.workbook(report)[0]
        let facility = try Self.column(sheet, "答对率"), answered = try Self.column(sheet, "作答")
        for q in report.json["questions"]?.elements ?? [] {
            let row = try #require(sheet.rows.first { $0[1].text == q["question"]?.stringValue })
            #expect(row[answered].number == q["answered"]?.numberValue)
            if let f = q["facility"]?.numberValue {
                #expect(abs((row[facility].number ?? -1) - f) < 1e-9, "\(q)")
            } else {
                #expect(row[facility].kind == "empty")
            }
        }
    }

    @Test("ids and names that look like numbers or dates stay text: 0012, 3/3, 1-2, 2026-12")
    func idsStayText() throws {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs)
        let w = ReportWorld.self
        let course = Course(
            id: "basics", title: "2026-12", version: 1, quiz: QuizSettings(passPercent: 75),
            questions: [w.single("1-2"), w.single("0012"), w.single("3/3")])
        try maker.signIn("0012", unit: "0012", at: w.at("2020-07-08T08:50:00+08:00"))
        try maker.takeQuiz(course, name: "0012", unit: "0012", finishedAt: w.at("2020-07-08T10:00:00+08:00"))
        try maker.audit(
            unit: "0012", by: "3/3",
            entries: [
                AuditEntry(item: "site", status: .fail, rectification: Rectification(action: "1-2", owner: "3/3", deadline: w.day("2020-07-01"))),
                AuditEntry(item: "updates", status: .pass), AuditEntry(item: "review", status: .pass),
            ], at: w.at("2020-07-10T09:00:00+08:00"))
        let library = w.library(courses: [course], units: [RosterUnit(id: "0012", name: "3/3", kind: .township, expected: 1)])
        for kind in Report.Kind.allCases {
            let report = ReportWorld.build(kind, fileSystem: fs, library: library, filter: ReportFilter(session: "s1"))
            let sheets = try Self.workbook(report)
            Self.checkTables(report, sheets, "\(kind)")
            let texts = sheets.dropLast().flatMap { $0.rows.dropFirst().flatMap { $0 } }.filter { $0.kind == "text" }.compactMap(\.text)
            for id in ["3/3", "1-2", "0012", "2026-12"] where report.tables.contains(where: { $0.rows.contains { $0.contains { $0.text == id } } }) {
                #expect(texts.contains(id), "\(kind): \(id) kept as text")
            }
        }
        let attendance = try Self.workbook(ReportWorld.build(.attendance, fileSystem: fs, library: library, filter: ReportFilter(session: "s1")))
        #expect(try Self.row(attendance[0], "3/3")[0].kind == "text")
        let items = try Self.workbook(ReportWorld.build(.items, fileSystem: fs, library: library, filter: ReportFilter(session: "s1")))
        #expect(items[0].rows.dropFirst().map { $0[1].text } == ["1-2", "0012", "3/3"])
        // CSV of the same: a leading apostrophe keeps them text.
        let csv = String(decoding: ReportRenderer.render(
            ReportWorld.build(.attendance, fileSystem: fs, library: library, filter: ReportFilter(session: "s1")), format: .csv, language: .zh).dropFirst(3), as: UTF8.self)
        #expect(csv.contains("\r\n'3/3,乡镇,1,1,0,'0012\r\n"), "\(csv)")
        let items2 = String(decoding: ReportRenderer.render(
            ReportWorld.build(.items, fileSystem: fs, library: library, filter: ReportFilter(session: "s1")), format: .csv, language: .zh).dropFirst(3), as: UTF8.self)
        #expect(items2.contains("'2026-12,'1-2,"), "\(items2)")
    }

    // MARK: Pieces

    @Test func sheetNamesAreValidUniqueAndShort() {
        let names = XLSXWriter.sheetNames([
            ("按单位", "units"), ("按单位", "units"), ("a[b]c:d*e?f/g\\h", "x"), (String(repeating: "很长的名称", count: 10), "long"),
            (String(repeating: "很长的名称", count: 10), "long"), ("'quoted'", "q"), ("History", "hist"), ("", "fallback"), ("???", ""),
        ])
        #expect(names[0] == "按单位" && names[1] == "按单位 (2)")
        #expect(names[2] == "abcdefgh")
        #expect(names[3].utf16.count == 31 && names[4].utf16.count == 31 && names[3] != names[4] && names[4].hasSuffix(" (2)"))
        #expect(names[5] == "quoted")
        #expect(names[6] == "hist" && names[7] == "fallback" && names[8] == "Sheet")
        for name in names { #expect(name.utf16.count <= 31 && !name.contains(where: { "[]:*?/\\".contains($0) }), "\(name)") }
    }

    @Test func percentagesMoveTheDecimalPointExactly() {
        let cases = ["86.7": "0.867", "100": "1", "0": "0", "5": "0.05", "79.96": "0.7996", "0.5": "0.005", "12.345678": "0.12345678", "-5": "-0.05"]
        for (text, fraction) in cases { #expect(XLSXReportRenderer.shiftedTwoPlaces(text) == fraction, "\(text)") }
        #expect(XLSXReportRenderer.percent(86.7) == .percent("0.867", decimals: 1))
        #expect(XLSXReportRenderer.percent(80) == .percent("0.8", decimals: 0))
        #expect(XLSXReportRenderer.percent(79.96) == .percent("0.7996", decimals: 2))
    }

    @Test func textASpreadsheetWouldConvert() {
        for text in ["3/3", "1-2", "2026-12", "10:30", "jan-5", "5 Mar", "0012", "1.10", "1e5", "TRUE", "false", "1.2.3", "(12)", "1,234", " 3/3 "] {
            #expect(SpreadsheetText.wouldConvert(text), "\(text)")
        }
        for text in ["张三", "b1", "s-tf", "12", "1.5", "喜泉 3/3", "abc-1", "", "rh-deadline", "第3/3期", "v1.0-beta"] {
            #expect(!SpreadsheetText.wouldConvert(text), "\(text)")
        }
    }

    @Test("a workbook is a zip of the parts Excel needs, and the same report gives the same bytes")
    func workbookParts() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.scores, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let bytes = try XLSXReportRenderer.render(report, language: .zh)
        #expect(bytes == (try XLSXReportRenderer.render(report, language: .zh)))
        #expect(ReportRenderer.render(report, format: .xlsx, language: .zh) == bytes)
        let package = try ZipPackage(bytes: bytes)
        for part in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet4.xml"] {
            #expect(package.data(part) != nil, "\(part)")
        }
        #expect(package.data("xl/worksheets/sheet5.xml") == nil)
    }

    @Test("a table longer than a sheet holds goes on in further sheets, each with the header")
    func longTablesContinue() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.scores, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let people = try #require(report.tables.first)
        #expect(people.rows.count == 9)
        let sheets = try Self.read(try XLSXReportRenderer.render(report, language: .zh, rowsPerSheet: 4))
        let title = people.title
        #expect(sheets.prefix(3).map(\.name) == [title, title + " (2)", title + " (3)"], "\(sheets.map(\.name))")
        #expect(sheets.prefix(3).map { $0.rows.count } == [5, 5, 2])
        let header = people.columns.map { Optional($0.title) }
        #expect(sheets.prefix(3).allSatisfy { $0.rows[0].map(\.text) == header && $0.freeze == "A2" })
        let names = sheets.prefix(3).flatMap { $0.rows.dropFirst().map { $0[1].text ?? "" } }
        #expect(names == people.rows.map { $0[1].text })
        #expect(sheets.count == report.tables.reduce(1) { $0 + max(1, ($1.rows.count + 3) / 4) })
    }

    @Test("CSV of any table: --table by name, number or title; the main one by default")
    func csvOfEveryTable() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.scores, fileSystem: fs, filter: ReportFilter(session: "s1"))
        #expect(report.tableNames.map(\.name) == ["people", "units", "courses"])
        for wanted in ["courses", "3", "各课程汇总", "COURSES"] {
            let table = try #require(report.table(named: wanted), "\(wanted)")
            let csv = String(decoding: CSVReportRenderer.render(report, table: table).dropFirst(3), as: UTF8.self)
            #expect(csv.hasPrefix("课程,人数,"), "\(wanted): \(csv)")
        }
        #expect(report.table(named: "nope") == nil && report.table(named: "4") == nil)
        let audits = ReportWorld.build(.audits, fileSystem: fs, filter: ReportFilter(session: "s1"))
        #expect(audits.tableNames.map(\.name) == ["units", "open", "rectifications"])
        #expect(audits.mainTable?.name == "rectifications")
    }
}
