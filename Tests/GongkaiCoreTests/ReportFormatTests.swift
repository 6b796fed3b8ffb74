import Foundation
import Testing
import GongkaiTestKit

@testable import GongkaiCore

/// CSV byte for byte, JSON shape and stability, self-contained HTML, aligned
/// text and Markdown.
@Suite("Report formats")
struct ReportFormatTests {
    // MARK: CSV

    /// A roster whose names need every kind of CSV care.
    static func awkwardWorld() throws -> (MemoryFileSystem, CourseLibrary) {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs)
        let t = ReportWorld.at("2020-07-08T09:00:00+08:00")
        try maker.signIn("=SUM(A1)", unit: "a", at: t)
        try maker.signIn("李四", unit: "b", at: t)
        try maker.signIn("@cmd", unit: "c", at: t)
        let library = ReportWorld.library(units: [
            RosterUnit(id: "a", name: "甲,乙", kind: .township, expected: 1),
            RosterUnit(id: "b", name: "say \"hi\"", kind: .department, expected: 2),
            RosterUnit(id: "c", name: "两行\n名称", kind: .other, expected: 0),
        ])
        return (fs, library)
    }

    @Test func csvByteForByte() throws {
        let (fs, library) = try Self.awkwardWorld()
        let report = ReportWorld.build(.attendance, fileSystem: fs, library: library)
        let bytes = ReportRenderer.render(report, format: .csv, language: .zh)
        let expected: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array(
                ("单位,类型,应到,实到,缺,签到人员\r\n"
                    + "\"甲,乙\",乡镇,1,1,0,'=SUM(A1)\r\n"
                    + "\"say \"\"hi\"\"\",部门,2,1,1,李四\r\n"
                    + "\"两行\n名称\",其他,0,1,0,'@cmd\r\n"
                    + "合计,,3,3,1,\r\n").utf8)
        #expect(bytes == expected, "got:\n\(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }

    @Test func csvNeutralisesEveryFormulaPrefix() throws {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs)
        let t = ReportWorld.at("2020-07-08T09:00:00+08:00")
        for (unit, name) in [("u1", "+86"), ("u2", "-x"), ("u3", "\tTAB"), ("u4", "=1,\"2\"")] { try maker.signIn(name, unit: unit, at: t) }
        let library = ReportWorld.library(units: [
            RosterUnit(id: "u1", name: "一", expected: 1), RosterUnit(id: "u2", name: "二", expected: 1),
            RosterUnit(id: "u3", name: "三", expected: 1), RosterUnit(id: "u4", name: "四", expected: 1),
        ])
        let csv = String(decoding: ReportRenderer.render(ReportWorld.build(.attendance, fileSystem: fs, library: library), format: .csv, language: .zh).dropFirst(3), as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[1] == "一,部门,1,1,0,'+86")
        #expect(lines[2] == "二,部门,1,1,0,'-x")
        #expect(lines[3] == "三,部门,1,1,0,'\tTAB")
        #expect(lines[4] == "四,部门,1,1,0,\"'=1,\"\"2\"\"\"", "neutralised, then quoted")
    }

    @Test func csvOfScoresHoldsThePeopleTable() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.scores, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let csv = String(decoding: ReportRenderer.render(report, format: .csv, language: .zh).dropFirst(3), as: UTF8.self)
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "单位,姓名,课程,最高分,次数,通过,最近一次")
        #expect(lines.count == 10)
        #expect(lines.contains("财政局,钱七,政府信息公开基础,75%,2,是,2020-07-08 11:08"), "\(lines)")
    }

    // MARK: JSON

    static let common: Set<String> = [
        "schema", "generatedAt", "asOf", "session", "filters", "skippedRecords", "tamperedRecords", "duplicateRecords", "conflictingRecords",
    ]
    static let perKind: [Report.Kind: Set<String>] = [
        .attendance: ["units", "totals"],
        .scores: ["people", "units", "courses", "totals"],
        .completion: ["units", "totals"],
        .audits: ["checklist", "units", "totals"],
        .items: ["questions", "totals"],
        .notices: ["checklist", "notices", "totals"],
        .signin: ["place", "units", "totals"],
        .certificates: ["certificates", "withheld", "totals"],
        .transcript: ["people", "totals"],
    ]

    @Test(arguments: Report.Kind.allCases)
    func jsonEnvelopeHasTheDocumentedShape(kind: Report.Kind) throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(kind, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let object = try #require(report.json.objectValue)
        #expect(Set(object.keys) == Self.common.union(Self.perKind[kind]!), "\(kind): \(object.keys.sorted())")
        #expect(object["schema"]?.stringValue == "gongkai.report.\(kind.rawValue)/\([.audits, .completion, .certificates].contains(kind) ? 2 : 1)")
        #expect(object["generatedAt"]?.stringValue == ReportWorld.now.description)
        #expect(object["skippedRecords"]?.intValue == 0)
        #expect(object["tamperedRecords"]?.arrayValue == [])
        #expect(object["duplicateRecords"]?.intValue == 0)
        let filters = try #require(object["filters"]?.objectValue)
        #expect(Set(filters.keys) == ["session", "unit", "course", "since", "until"])
        #expect(filters["session"]?.stringValue == "s1")
        #expect(filters["unit"] == .null)
        let session = try #require(object["session"]?.objectValue)
        #expect(session["id"]?.stringValue == "s1")
        #expect(session["title"]?.stringValue == "政务公开业务培训")
        #expect(session["date"]?.stringValue == "2020-07-08")
        #expect(session["courses"]?.arrayValue == ["basics", "secrecy"])
        #expect(session["checklist"]?.stringValue == "col")
        // What is rendered parses back to the same value.
        let bytes = ReportRenderer.render(report, format: .json, language: .zh)
        #expect(try JSONParser.parse(bytes) == report.json)
    }

    @Test func jsonElementShapes() throws {
        let fs = try StandardScenario.make()
        func first(_ kind: Report.Kind, _ key: String) -> Set<String> {
            Set(ReportWorld.build(kind, fileSystem: fs).json[key]?.elements.first?.objectValue?.keys.map { $0 } ?? [])
        }
        #expect(first(.attendance, "units") == ["id", "name", "kind", "expected", "signedIn", "missing", "attendees"])
        #expect(first(.scores, "people") == ["unit", "name", "course", "best", "attempts", "passed", "lastAttemptAt", "passedFirstAttempt", "attemptsToPass"])
        #expect(
            first(.scores, "courses") == [
                "course", "title", "participants", "attempts", "meanBest", "passRate", "passed", "firstAttemptPassRate", "passedFirstAttempt",
                "meanAttemptsToPass",
            ])
        #expect(first(.completion, "units") == ["id", "name", "complete", "expected", "signedIn", "attendees", "audit", "reasons"])
        #expect(first(.audits, "units").isSuperset(of: ["id", "name", "latestRevision", "latestAt", "by", "pass", "fail", "notApplicable", "unanswered", "unansweredItems", "open", "overdue", "openItems"]))
        let items = ReportWorld.build(.items, fileSystem: fs).json["questions"]?.elements.first?.objectValue?.keys.map { $0 } ?? []
        #expect(Set(items) == ["course", "question", "answered", "facility", "discrimination", "commonWrongAnswer", "commonWrongCount", "flags"])
    }

    @Test(arguments: Report.Kind.allCases)
    func jsonIsStableForTheSameInput(kind: Report.Kind) throws {
        let fs = try StandardScenario.make()
        let render = { (report: Report) in ReportRenderer.render(report, format: .json, language: .zh) }
        let first = render(ReportWorld.build(kind, fileSystem: fs))
        let second = render(ReportWorld.build(kind, fileSystem: fs))
        #expect(first == second)
        // Through the summary cache, cold and then warm: the same bytes.
        let cold = render(ReportWorld.build(kind, fileSystem: fs, useCache: true))
        let warm = render(ReportWorld.build(kind, fileSystem: fs, useCache: true))
        #expect(cold == first)
        #expect(warm == first)
        // The same records written into another folder, in another order.
        let copy = MemoryFileSystem()
        for (path, bytes) in fs.allFiles.sorted(by: { $0.key > $1.key }) where path.hasPrefix("/results/") {
            copy.put(bytes, at: "/elsewhere/" + path.dropFirst("/results/".count))
        }
        let moved = render(ReportWorld.build(kind, fileSystem: copy, roots: ["/elsewhere"]))
        #expect(moved == first)
        // Only generatedAt differs at another moment.
        let later = ReportWorld.build(kind, fileSystem: fs, now: ReportWorld.at("2020-07-20T10:00:05+08:00"))
        var a = ReportWorld.build(kind, fileSystem: fs).json.objectValue ?? [:]
        var b = later.json.objectValue ?? [:]
        #expect(a.removeValue(forKey: "generatedAt") != b.removeValue(forKey: "generatedAt"))
        #expect(a == b)
    }

    // MARK: HTML

    static func tagProblems(_ html: String) -> [String] { HTMLCheck.tagProblems(html) }

    /// References to anything outside the file.
    static func externalReferences(_ html: String) -> [String] {
        var found: [String] = []
        // `url(#gk-warn)`: a pattern drawn in the page itself, not a reference outside it.
        let lower = html.lowercased().replacingOccurrences(of: "url(#", with: "")
        for needle in ["<script", "<link", "src=", "url(", "@import", "<iframe", "<object", "<img"] where lower.contains(needle) {
            found.append(needle)
        }
        let withoutSVGNamespace = lower.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        if withoutSVGNamespace.contains("http:") || withoutSVGNamespace.contains("https:") || withoutSVGNamespace.contains("//cdn") {
            found.append("http")
        }
        return found
    }

    @Test(arguments: Report.Kind.allCases)
    func htmlIsWellFormedAndSelfContained(kind: Report.Kind) throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(kind, fileSystem: fs, filter: ReportFilter(session: "s1"))
        let html = String(decoding: ReportRenderer.render(report, format: .html, language: .zh), as: UTF8.self)
        #expect(Self.tagProblems(html) == [], "\(kind)")
        #expect(Self.externalReferences(html) == [], "\(kind)")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page"))
        #expect(html.contains("size: A4"))
        #expect(html.contains("<h1>\(report.title)</h1>"))
        #expect(html.contains("政务公开业务培训") && html.contains("s1"), "the session is named")
        for figure in report.figures {
            #expect(html.contains(HTMLReportRenderer.escape(figure.value)) && html.contains(HTMLReportRenderer.escape(figure.label)))
        }
        #expect(html.contains("<table"))
        // Notices are letters to units, and the office papers are papers: no chart.
        #expect([.notices, .signin, .certificates, .transcript].contains(kind) || html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "an inline SVG chart")
        #expect(html.components(separatedBy: "<svg").count == html.components(separatedBy: "</svg>").count)
    }

    @Test func htmlPerUnitTableAndChart() throws {
        let fs = try StandardScenario.make()
        let report = ReportWorld.build(.attendance, fileSystem: fs)
        let html = String(decoding: ReportRenderer.render(report, format: .html, language: .zh), as: UTF8.self)
        for name in ["喜泉镇", "芦阳镇", "财政局", "教育局", "文旅局"] {
            #expect(html.contains("<td>\(name)</td>"), "table row for \(name)")
            #expect(html.contains(">\(name)</text>"), "chart bar for \(name)")
        }
        #expect(html.contains("<th class=\"num\">应到</th>"))
        #expect(html.contains("<td>张三、李四</td>"))
        #expect(html.contains("<rect "))
    }

    @Test func htmlEscapesHostileText() throws {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs)
        try maker.signIn("<script>alert('x')</script>", unit: "evil", at: ReportWorld.at("2020-07-08T09:00:00+08:00"))
        let library = ReportWorld.library(units: [RosterUnit(id: "evil", name: "<img onerror=alert(1)>&\"", expected: 1)])
        for kind in Report.Kind.allCases {
            let html = String(decoding: ReportRenderer.render(ReportWorld.build(kind, fileSystem: fs, library: library), format: .html, language: .zh), as: UTF8.self)
            #expect(Self.tagProblems(html) == [], "\(kind)")
            #expect(Self.externalReferences(html) == [], "\(kind)")
        }
        let html = String(decoding: ReportRenderer.render(ReportWorld.build(.attendance, fileSystem: fs, library: library), format: .html, language: .zh), as: UTF8.self)
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("&lt;img onerror=alert(1)&gt;&amp;&quot;"))
    }

    // MARK: Table and Markdown

    @Test func terminalTableAlignsCJK() throws {
        let fs = try StandardScenario.make()
        let scores = String(decoding: ReportRenderer.render(ReportWorld.build(.scores, fileSystem: fs), format: .table, language: .zh, width: 200), as: UTF8.self)
        // Sections whose last column is numeric (right-aligned): every line has the same width.
        for heading in ["各单位各课程汇总", "各课程汇总"] {
            let lines = Layout.block(after: heading, in: scores)
            #expect(lines.count >= 3, "\(heading)\n\(scores)")
            let widths = Set(lines.map(Layout.width))
            #expect(widths.count == 1, "\(heading): widths \(widths)\n\(lines.joined(separator: "\n"))")
        }
        let audits = String(decoding: ReportRenderer.render(ReportWorld.build(.audits, fileSystem: fs), format: .table, language: .zh, width: 200), as: UTF8.self)
        let auditLines = Layout.block(after: "各单位情况", in: audits)
        #expect(auditLines.count == 7)
        #expect(Set(auditLines.map(Layout.width)).count == 1, "\(auditLines.joined(separator: "\n"))")

        // Attendance: text columns start, numeric columns end, at the same display column on every line.
        let attendance = String(decoding: ReportRenderer.render(ReportWorld.build(.attendance, fileSystem: fs), format: .table, language: .zh, width: 200), as: UTF8.self)
        let lines = Layout.block(after: "各单位情况", in: attendance).filter { !$0.hasPrefix("─") }
        func tokens(_ line: Substring) -> [(start: Int, end: Int)] {
            var out: [(Int, Int)] = []
            var column = 0
            var start: Int?
            for character in line {
                if character == " " {
                    if let s = start { out.append((s, column)); start = nil }
                } else if start == nil {
                    start = column
                }
                column += DisplayWidth.of(character)
            }
            if let s = start { out.append((s, column)) }
            return out
        }
        let full = lines.map(tokens).filter { $0.count == 6 }
        #expect(full.count >= 4, "\(lines.joined(separator: "\n"))")
        for c in [0, 1, 5] { #expect(Set(full.map { $0[c].start }).count == 1, "column \(c) starts\n\(lines.joined(separator: "\n"))") }
        for c in [2, 3, 4] { #expect(Set(full.map { $0[c].end }).count == 1, "column \(c) ends\n\(lines.joined(separator: "\n"))") }
    }

    @Test func markdownTablesAlignCJK() throws {
        let fs = try StandardScenario.make()
        for kind in [Report.Kind.attendance, .scores, .audits] {
            let md = String(decoding: ReportRenderer.render(ReportWorld.build(kind, fileSystem: fs), format: .md, language: .zh), as: UTF8.self)
            let tables = md.components(separatedBy: "\n\n").map { $0.split(separator: "\n") }.filter { $0.first?.hasPrefix("|") == true }
            #expect(!tables.isEmpty)
            for table in tables {
                #expect(table.allSatisfy { $0.hasPrefix("|") && $0.hasSuffix("|") })
                // The pipe table reads as a table in a terminal too: pipes line up, CJK counted as two.
                let columns = Set(table.map(Layout.pipeColumns))
                #expect(columns.count == 1, "\(kind): pipes at \(columns.count) different layouts\n\(table.joined(separator: "\n"))")
                #expect(Set(table.map(Layout.width)).count == 1, "\(kind): every line the same display width")
            }
        }
    }

    @Test func markdownEscapesPipesAndKeepsRowsOnOneLine() throws {
        let (fs, library) = try Self.awkwardWorld()
        let md = String(decoding: ReportRenderer.render(ReportWorld.build(.attendance, fileSystem: fs, library: library), format: .md, language: .zh), as: UTF8.self)
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count == 2 + 4, "header, delimiter, three units, total:\n\(md)")
        #expect(rows.allSatisfy { Layout.pipeColumns($0).count == 7 }, "\(rows.joined(separator: "\n"))")
    }
}
