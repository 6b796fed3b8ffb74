import GongkaiTestKit
import Testing

@testable import GongkaiCore

/// The self-audit papers over the standard scenario (today 2020-07-20): 喜泉镇 has one
/// rectification due today, 财政局 one due yesterday, 文旅局 one done on the 14th (due the 15th).
@Suite("Self-audit papers")
struct ReportAuditPapersTests {
    let fs: MemoryFileSystem

    init() throws { fs = try StandardScenario.make() }

    func build(_ kind: Report.Kind, _ filter: ReportFilter = ReportFilter()) -> Report {
        ReportWorld.build(kind, fileSystem: fs, filter: filter)
    }

    func text(_ report: Report, _ format: ReportFormat) -> String {
        String(decoding: ReportRenderer.render(report, format: format, language: .zh), as: UTF8.self)
    }

    @Test func oneUnitsPaperHoldsEveryItemAsWritten() throws {
        let report = build(.audits, ReportFilter(unit: "caizheng"))
        #expect(report.title == "专栏自查表")
        #expect(report.subtitle.contains("财政局（caizheng）· 自查表第 1 版 · 填表人 钱七"), "\(report.subtitle)")
        let rows = try #require(report.sections.first?.rows).map { $0.map(\.text) }
        #expect(rows.count == 3)
        #expect(rows[0].prefix(3) == ["1", "网站访问畅通", "符合"])
        #expect(rows[1] == ["2", "栏目按时更新", "不符合", "", "", "补录更新", "钱七", "2020-07-19", "逾期 1 天", "钱七"])
        #expect(rows[2][2] == "未填")
        #expect(report.sections.first?.wraps == true)
        #expect(report.sections.last?.signatures == ["填表人（签字）：", "单位负责人（签字）：", "日期："])
        #expect(report.json["unit", "id"]?.stringValue == "caizheng")
        #expect(report.json["items"]?.elements.count == 3)
        #expect(report.json["totals", "overdue"]?.intValue == 1)

        let html = text(report, .html)
        #expect(HTMLCheck.tagProblems(html).isEmpty, "\(HTMLCheck.tagProblems(html))")
        #expect(html.contains("<table class=\"wrap\">"))
        #expect(html.contains("table.wrap { table-layout: fixed; }"), "long text wraps inside its cell on A4")
        #expect(html.contains("填表人（签字）：<i></i>"))
        #expect(html.contains("补录更新"))
        let md = text(report, .md)
        #expect(md.split(separator: "\n").contains { $0.hasPrefix("|") && $0.contains("栏目按时更新") && $0.contains("补录更新") && $0.contains("逾期 1 天") }, "\(md)")
        #expect(md.contains("单位负责人（签字）："))
        let csv = text(report, .csv)
        #expect(csv.contains("序号,检查项目,结果,备注,佐证,整改措施,责任人,完成期限,整改完成情况,填写人\r\n"), "\(csv)")
        #expect(csv.contains("2,栏目按时更新,不符合,,,补录更新,钱七,2020-07-19,逾期 1 天,钱七\r\n"), "\(csv)")
        let table = text(report, .table)
        #expect(table.contains("填表人（签字）：______________"))
    }

    @Test func aDoneRectificationShowsDateEvidenceAndTheUnitWithoutAnAuditSaysSo() throws {
        let wenlv = build(.audits, ReportFilter(unit: "wenlv"))
        let row = try #require(wenlv.sections.first?.rows.first).map(\.text)
        #expect(row[5] == "修复链接")
        #expect(row[8] == "2020-07-14 完成（佐证：整改截图）")
        #expect(wenlv.json["totals", "closedOnTime"]?.intValue == 1)
        let luyang = build(.audits, ReportFilter(unit: "luyang"))
        #expect(luyang.notes.first == "芦阳镇 尚未提交自查表。", "\(luyang.notes)")
        #expect(luyang.sections.first?.rows.allSatisfy { $0[2].text == "未填" } == true)
    }

    @Test func theAuditsCSVHasOneRowPerRectification() throws {
        let report = build(.audits)
        let csv = text(report, .csv)
        let lines = csv.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(lines.first == "单位编号,单位,检查项目,整改措施,责任人,完成期限,状态,逾期天数,完成日期")
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains("xiquan,喜泉镇,栏目按时更新,补发财政信息,王主任,2020-07-20,未到期,0,"))
        #expect(lines.contains("caizheng,财政局,栏目按时更新,补录更新,钱七,2020-07-19,已逾期,1,"))
        #expect(lines.contains("wenlv,文旅局,网站访问畅通,修复链接,孙八,2020-07-15,按期完成,0,2020-07-14"))
        // The terminal and HTML forms keep the per-unit table first.
        #expect(report.sections.first?.columns.first?.title == "单位")
        #expect(report.json["totals", "closedOnTime"]?.intValue == 1)
        #expect(report.json["totals", "closedLate"]?.intValue == 0)
    }

    @Test func aRectificationDoneLateIsCountedLate() throws {
        let maker = RecordMaker(fileSystem: fs)
        let w = ReportWorld.self
        try maker.audit(
            unit: "luyang", by: "王五",
            entries: [
                AuditEntry(
                    item: "updates", status: .pass,
                    rectification: Rectification(
                        action: "补发", owner: "王五", deadline: w.day("2020-07-10"),
                        done: .init(date: w.day("2020-07-13"), evidence: "链接", by: "王五")))
            ], at: w.at("2020-07-13T09:00:00+08:00"))
        let report = build(.audits)
        #expect(report.json["totals", "closedLate"]?.intValue == 1)
        #expect(text(report, .csv).contains("luyang,芦阳镇,栏目按时更新,补发,王五,2020-07-10,逾期完成,3,2020-07-13"))
    }

    @Test func noticesOnePagePerUnitWithOpenRectifications() throws {
        let report = build(.notices)
        #expect(report.json["schema"]?.stringValue == "gongkai.report.notices/1")
        #expect(report.sections.map(\.title) == ["整改通知 · 喜泉镇", "整改通知 · 财政局"], "文旅局 has nothing open")
        #expect(report.sections.map(\.newPage) == [false, true])
        let caizheng = report.sections[1]
        #expect(caizheng.paragraphs.first == "财政局：")
        #expect(caizheng.paragraphs[1].contains("下列 1 项整改尚未完成，其中 1 项已超过完成期限"), "\(caizheng.paragraphs)")
        #expect(caizheng.rows.first?.map(\.text) == ["1", "栏目按时更新", "补录更新", "钱七", "2020-07-19", "逾期 1 天"])
        #expect(caizheng.signatures.first == "县政务公开办（盖章）：")
        let html = text(report, .html)
        #expect(HTMLCheck.tagProblems(html).isEmpty)
        #expect(html.components(separatedBy: "<section class=\"page\">").count == 2, "the second notice starts a new page")
        #expect(html.contains(".page { break-before: page;"))
        let csvLines = text(report, .csv).split(separator: "\r\n")
        #expect(csvLines.count == 3, "a header and one row per open rectification")
        #expect(report.json["totals", "units"]?.intValue == 2)
        #expect(report.json["totals", "overdue"]?.intValue == 1)
        #expect(report.figures.map(\.value) == ["2", "2", "1"])
    }

    @Test func noNoticesSaysSo() throws {
        let report = build(.notices, ReportFilter(unit: "wenlv"))
        #expect(report.sections.isEmpty)
        #expect(report.notes.first == "没有需要发送整改通知的单位：所有单位的整改均已完成。")
        #expect(build(.notices, ReportFilter(unit: "nowhere")).notes.first == "花名册和记录中都没有单位“nowhere”。")
        #expect(build(.audits, ReportFilter(unit: "nowhere")).notes.first == "花名册和记录中都没有单位“nowhere”。")
    }
}

extension ReportAuditPapersTests {
    @Test func aForkIsReportedToTheOffice() throws {
        let maker = RecordMaker(fileSystem: fs)
        let w = ReportWorld.self
        let base = try maker.audit(unit: "luyang", by: "王五", entries: [AuditEntry(item: "site", status: .pass)], at: w.at("2020-07-10T09:00:00+08:00"))
        let one = try maker.audit(unit: "luyang", by: "王五", previous: base, entries: [AuditEntry(item: "site", status: .fail)], at: w.at("2020-07-11T09:00:00+08:00"))
        let two = try maker.audit(unit: "luyang", by: "陈九", previous: base, entries: [AuditEntry(item: "site", status: .pass)], at: w.at("2020-07-11T08:00:00+08:00"))
        let report = build(.audits)
        #expect(report.notes.contains { $0.contains("芦阳镇 的自查记录出现分叉") && $0.contains(one.id) && $0.contains(two.id) }, "\(report.notes)")
        #expect(report.json["units"]?.element("id", "luyang")?["fork"]?.elements.count == 2)
        #expect(report.json["totals", "forks"]?.intValue == 1)
        let paper = build(.audits, ReportFilter(unit: "luyang"))
        #expect(paper.notes.first?.contains("出现分叉") == true)
        #expect(build(.completion).notes.contains { $0.contains("芦阳镇 的自查记录出现分叉") })
    }
}

extension ReportAuditPapersTests {
    /// A4 is 190 mm of text: long notes and unbroken URLs wrap inside their cells, and
    /// every column keeps a share of the width (none is pushed off the page).
    @Test func longTextWrapsInsideTheColumnsOfAnA4Page() throws {
        let maker = RecordMaker(fileSystem: fs)
        let w = ReportWorld.self
        let url = "http://www.example.gov.cn/" + String(repeating: "xxgk/czyjs/", count: 30)
        try maker.audit(
            unit: "luyang", by: "王五",
            entries: [
                AuditEntry(item: "site", status: .pass, note: String(repeating: "专栏首页及各栏目均可正常打开，", count: 20), evidence: url),
                AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: String(repeating: "补发财政信息", count: 15), owner: "王五", deadline: w.day("2020-08-01"))),
                AuditEntry(item: "review", status: .notApplicable),
            ], at: w.at("2020-07-13T09:00:00+08:00"))
        let html = text(build(.audits, ReportFilter(unit: "luyang")), .html)
        #expect(html.contains("table.wrap { table-layout: fixed; }") && html.contains("white-space: normal; overflow-wrap: anywhere;"))
        #expect(html.contains(url.replacingOccurrences(of: "/", with: "/<wbr>")), "the evidence is printed whole, free to break after each /")
        let widths = html.components(separatedBy: "<col style=\"width:").dropFirst().compactMap { Double($0.prefix { $0 != "%" }) }
        #expect(widths.count == 10)
        #expect(abs(widths.reduce(0, +) - 100) < 0.5, "\(widths)")
        #expect(widths.allSatisfy { $0 >= 3 && $0 <= 30 }, "every column keeps a share, none takes the page: \(widths)")
    }
}
