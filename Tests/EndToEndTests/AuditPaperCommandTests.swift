import Foundation
import GongkaiCore
import Testing

/// The self-audit papers through the built binary: one unit's paper, the notices, the rectification CSV.
@Suite("Self-audit paper commands")
struct AuditPaperCommandTests {
    @Test("report audits --unit prints the unit's paper; notices one page per unit; the CSV one row per rectification")
    func papers() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let html = try cli.report(["audits", "--unit", "xiquan", "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("填表人（签字）："))
        #expect(html.stdout.contains("单位负责人（签字）："))
        #expect(html.stdout.contains("<table class=\"wrap\">"))
        #expect(html.stdout.contains("补发"))
        #expect(html.stdout.contains("喜泉镇（xiquan）· 自查表第 1 版 · 填表人 李四"), "\(html.stdout.prefix(2000))")
        let md = try cli.report(["audits", "--unit", "xiquan", "--format", "md"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("## 自查结果"))
        let unitCSV = try cli.report(["audits", "--unit", "xiquan", "--format", "csv"])
        #expect(unitCSV.stdout.contains("序号,检查项目,结果,备注,佐证,整改措施,责任人,完成期限,整改完成情况,填写人"), "\(unitCSV.stdout)")
        let csv = try cli.report(["audits", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.contains("单位编号,单位,检查项目,整改措施,责任人,完成期限,状态,逾期天数,完成日期"), "\(csv.stdout)")
        #expect(csv.stdout.contains("xiquan,喜泉镇,"), "\(csv.stdout)")
        let notices = try cli.report(["notices", "--format", "md"])
        #expect(notices.status == 0, "\(notices.stderr)")
        #expect(notices.stdout.contains("## 整改通知 · 喜泉镇"), "\(notices.stdout)")
        #expect(notices.stdout.contains("县政务公开办（盖章）："))
        #expect(!notices.stdout.contains("财政局"), "财政局 submitted nothing, so has nothing open")
    }

    static func tool(_ name: String) -> String? { Printing.tool(name) }

    static let canPrint = HTMLRenderTests.chromium != nil && tool("pdftotext") != nil

    /// Printed by Chromium to A4: every column's header and the whole of a long unbroken URL
    /// are on the page (a column cut off at the page edge would lose them).
    @Test(
        "the unit's paper prints on A4 with no column cut off",
        .enabled(if: AuditPaperCommandTests.canPrint, "Chromium or pdftotext not installed"),
        .timeLimit(.minutes(2)))
    func printsOnA4() throws {
        let cli = try ReportCLI()
        let url = "http://www.example.gov.cn/" + String(repeating: "xxgk/czyjs/", count: 25) + "END"
        let t = Timestamp(parsing: "2020-07-10T09:00:00+08:00")!
        try cli.store.save(
            AuditRevision(
                id: "r1", createdAt: t, checklist: ChecklistRef(id: "col", version: 1), unit: "xiquan", session: "s1",
                by: Trainee(name: "李四", unit: "xiquan"), previous: nil,
                entries: [
                    AuditEntry(item: "site", status: .pass, note: String(repeating: "首页及各栏目均可打开，", count: 20), evidence: url),
                    AuditEntry(
                        item: "updates", status: .fail,
                        rectification: Rectification(action: String(repeating: "补发财政信息", count: 12), owner: "王五", deadline: LocalDate(parsing: "2099-12-31")!)),
                ]))
        let html = cli.box.work + "/paper.html"
        #expect(try cli.report(["audits", "--unit", "xiquan", "--out", html]).status == 0)
        let pdf = cli.box.work + "/paper.pdf"
        try Printing.printToPDF(html: html, pdf: pdf, box: cli.box)
        let printed = try Printing.text(of: pdf)
        let letters = printed.filter { !$0.isWhitespace }
        #expect(letters.contains("END"), "the end of the long URL is on the page")
        #expect(letters.contains("/czyjs/xxgk/czyjs/"), "the URL wraps inside its cell")
        for header in ["2099-12-31", "王五"] { #expect(letters.contains(header), "\(header) printed whole") }
    }
}
