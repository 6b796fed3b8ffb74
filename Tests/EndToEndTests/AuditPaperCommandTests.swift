import Foundation
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
}
