import Testing

@testable import GongkaiCore

/// The print rules of the HTML reports (the PDFs themselves are checked by `PrintTests`).
@Suite("Print style")
struct PrintStyleTests {
    static func report(columns: [Report.Column], rows: [[Report.Cell]], bars: Int = 0) -> Report {
        var report = Report(kind: .completion, title: "各单位培训完成情况", subtitle: "测试", generatedAt: ReportWorld.now)
        report.sections = [Report.Section(title: "按单位", columns: columns, rows: rows, signatures: ["制表人（签字）："])]
        report.charts = [
            Report.BarChart(
                title: "进度",
                bars: (0..<bars).map { .init(label: "单位\($0)", value: Double($0 % 3) * 50, note: "\($0 % 3)/2", tone: [.bad, .warn, .good][$0 % 3]) })
        ]
        return report
    }

    static func widths(_ html: String) -> [Double] {
        html.components(separatedBy: "<col style=\"width:").dropFirst().compactMap { Double($0.prefix { $0 != "%" }) }
    }

    static let longName = String(repeating: "景泰县人民政府办公室政务公开", count: 3).prefix(40)

    @Test func everyTableIsFittedToThePageAndLongNamesWrapInTheirCell() {
        let columns: [Report.Column] = [
            .init("单位"), .init("实到", numeric: true), .init("全部通过", numeric: true), .init("自查"), .init("逾期整改", numeric: true),
            .init("状态"), .init("未完成原因"),
        ]
        let rows = (0..<120).map { i -> [Report.Cell] in
            [
                Report.Cell(i % 5 == 0 ? String(Self.longName) : "第\(i)单位"), .ratio(3, of: 3), .ratio(2, of: 3), Report.Cell("已完成"),
                Report.Cell("0"), Report.Cell("未完成"), Report.Cell(String(repeating: "整改逾期：栏目内容未更新；", count: 1 + i % 4)),
            ]
        }
        let html = HTMLReportRenderer.render(Self.report(columns: columns, rows: rows), language: .zh)
        #expect(html.contains("<table class=\"wrap\">"))
        let widths = Self.widths(html)
        #expect(widths.count == 7)
        #expect(abs(widths.reduce(0, +) - 100) < 0.5, "\(widths)")
        // The short columns keep their whole width; the name and the reasons share the rest.
        #expect(widths[0] > 25 && widths[6] > 25, "\(widths)")
        for short in 1...5 { #expect(widths[short] >= 4 && widths[short] < 12, "column \(short): \(widths)") }
        #expect(html.contains("size: A4;"), "portrait")
        #expect(html.contains("<td>\(Self.longName)</td>"), "the whole name in its cell")
    }

    @Test func aTableTooWideForPortraitPrintsTheWholePaperInLandscape() {
        let columns = (1...10).map { Report.Column("第\($0)列内容") }
        let rows = [(1...10).map { Report.Cell(String(repeating: "较长的说明文字", count: $0 % 3 + 2)) }]
        let html = HTMLReportRenderer.render(Self.report(columns: columns, rows: rows), language: .zh)
        #expect(html.contains("size: A4 landscape;"))
        #expect(HTMLReportRenderer.orientation(Self.report(columns: Array(columns.prefix(4)), rows: [Array(rows[0].prefix(4))])) == .portrait)
    }

    @Test func pagesAreNumberedInTheReportsLanguage() {
        let zh = HTMLReportRenderer.render(Self.report(columns: [.init("单位")], rows: [[Report.Cell("喜泉镇")]]), language: .zh)
        #expect(zh.contains("@bottom-right { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\";"))
        #expect(zh.contains("@bottom-left { content: \"各单位培训完成情况 · 测试\";"), "the title beside the number")
        let en = HTMLReportRenderer.render(Self.report(columns: [.init("Unit")], rows: [[Report.Cell("Xiquan")]]), language: .en)
        #expect(en.contains("content: \"Page \" counter(page) \" of \" counter(pages) \"\";"))
        #expect(zh.contains("<div class=\"sign\"><span>制表人（签字）：<i></i></span></div>"), "signature line")
    }

    @Test func aTitleCannotBreakOutOfTheStylesheet() {
        var report = Self.report(columns: [.init("单位")], rows: [[Report.Cell("喜泉镇")]])
        report.title = "</style><script>alert(\"x\")</script>\\"
        let html = HTMLReportRenderer.render(report, language: .zh)
        let style = html.components(separatedBy: "<style>")[1].components(separatedBy: "</style>")[0]
        #expect(!style.contains("<") && !style.contains(">"))
        #expect(style.contains("\\3c /style\\3e \\3c script\\3e alert(\\\"x\\\")"))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test func aLongChartIsDrawnInPiecesWithPatternsAndPrintedValues() {
        let html = HTMLReportRenderer.render(Self.report(columns: [.init("单位")], rows: [[Report.Cell("喜泉镇")]], bars: 200), language: .zh)
        let drawings = html.components(separatedBy: "role=\"img\"").count - 1
        #expect(drawings == 200 / HTMLReportRenderer.barsPerDrawing, "one drawing per \(HTMLReportRenderer.barsPerDrawing) bars")
        #expect(html.contains(".chart svg { display: block; width: 100%; max-width: 186mm; height: auto; break-inside: avoid;"))
        // Not colour alone: each tone its own fill pattern, explained, and the value beside the bar.
        #expect(html.contains("<pattern id=\"gk-warn\"") && html.contains("<pattern id=\"gk-bad\""))
        #expect(html.contains("fill=\"url(#gk-warn)\"") && html.contains("fill=\"url(#gk-bad)\"") && html.contains("fill=\"#2f855a\""))
        #expect(html.contains("实心：达标") && html.contains("斜线：部分达标") && html.contains("网格：未达标"))
        #expect(html.contains(">2/2</text>") && html.contains(">0/2</text>"))
        // 12.5 units in a drawing 700 units across the 186 mm page print at about 9.4 pt.
        #expect(html.contains("font-size=\"12.5\"") && html.contains("viewBox=\"0 0 700 "))
    }

    @Test func aLinkBreaksAfterItsSlashes() {
        #expect(HTMLReportRenderer.breakable("http://www.example.gov.cn/xxgk/czyjs") == "http:/<wbr>/<wbr>www.example.gov.cn/<wbr>xxgk/<wbr>czyjs")
        #expect(HTMLReportRenderer.breakable("</script> and a/b/c long") == "&lt;/script&gt; and a/b/c long")
    }

    @Test func officialPapersCarrySignatureLines() throws {
        let fs = try StandardScenario.make()
        for kind in [Report.Kind.attendance, .completion, .audits] {
            let report = ReportWorld.build(kind, fileSystem: fs)
            #expect(report.sections.contains { $0.signatures == PrintPageText.officeSignatures(Catalogue(.zh)) }, "\(kind)")
        }
    }
}
