import Foundation
import Testing

/// A unit contact fills the self-audit, then later marks the rectification done.
@Suite("Self-audit")
struct AuditTests {
    @Test("audit: 符合 / 不符合 with a rectification / 不适用, save; revise, mark done, save; history and unit")
    func auditTwoRevisions() throws {
        let box = Sandbox()
        let term = try box.terminal()
        let prompt = "李四@喜泉镇> "
        try term.expectBanner()
        try term.login("李四", unit: "xiquan", unitName: "喜泉镇")

        try term.line("audit")
        try term.expect("政府信息公开专栏自查表（示例） · 喜泉镇")
        // Item 1: meets, with evidence (required).
        try term.expect("第 1/3 项")
        try term.expect("3 不适用）> ")
        try term.line("符合")
        try term.expect("备注（可留空）> ")
        try term.send("\r")
        try term.expect("佐证（必填：网址、文号或文件路径）> ")
        try term.line("http://www.example.gov.cn/xxgk/")
        // Item 2: does not meet; action, owner, deadline in 30 days.
        try term.expect("第 2/3 项")
        try term.expect("3 不适用）> ")
        try term.line("不符合")
        try term.expect("备注（可留空）> ")
        try term.line("财政预决算栏目三个月未更新")
        try term.expect("佐证（可留空：网址、文号或文件路径）> ")
        try term.send("\r")
        try term.expect("整改措施> ")
        try term.line("补发近三个月的财政信息")
        try term.expect("责任人> ")
        try term.line("王五")
        try term.expect("，也可输入 +30、30天后、明天）> ")
        try term.line("+30")
        // Item 3: not applicable.
        try term.expect("第 3/3 项")
        try term.expect("3 不适用）> ")
        try term.line("不适用")
        try term.expect("备注（可留空）> ")
        try term.send("\r")
        let summary = try term.expect("save 保存，quit 暂停> ")
        #expect(summary.contains("符合 1 项，不符合 1 项，不适用 1 项，未填 0 项。"), "\(summary)")
        #expect(summary.contains("整改：补发近三个月的财政信息（责任人 王五"), "\(summary)")
        try term.line("save")
        try term.expect("保存为新的自查修订记录吗？")
        try term.send("y\r")
        try term.expect("自查表已保存")
        try term.expect(prompt)

        // Second revision: mark the rectification done.
        try term.line("audit")
        try term.expect("本单位最新一次自查")
        let menu = try term.expect("save 保存，quit 暂停> ")
        #expect(menu.contains("符合 1 项，不符合 1 项，不适用 1 项"), "\(menu)")
        try term.line("2")
        try term.expect("第 2/3 项")
        try term.expect("当前：不符合")
        try term.expect("［回车保留：不符合］> ")
        try term.send("\r")
        try term.expect("待整改：补发近三个月的财政信息（责任人 王五")
        try term.expect("这项整改已完成吗？ [y/N] ")
        try term.send("y\r")
        try term.expect("完成日期（回车为今天")
        try term.send("\r")
        try term.expect("整改佐证（网址、文号或文件路径）> ")
        try term.line("http://www.example.gov.cn/xxgk/czyjs/")
        try term.expect("整改完成确认人（姓名）［回车保留：李四］> ")
        try term.send("\r")
        try term.expect("已标记整改完成，该项记为符合。")
        let menu2 = try term.expect("save 保存，quit 暂停> ")
        #expect(menu2.contains("符合 2 项，不符合 0 项，不适用 1 项，未填 0 项。"), "\(menu2)")
        try term.line("save")
        try term.expect("保存为新的自查修订记录吗？")
        try term.send("y\r")
        try term.expect("自查表已保存")
        try term.expect(prompt)

        try term.line("audit history")
        let history = try term.expect(prompt)
        let rows = history.split(separator: "\n").filter { $0.contains("李四") && !$0.contains(prompt) && $0.first?.isNumber == true }
        #expect(history.contains("整改经过："), "\(history)")
        #expect(history.contains("李四 提出整改"), "\(history)")
        #expect(history.contains("李四 标记整改完成"), "\(history)")
        #expect(rows.count == 2, "two revisions listed:\n\(history)")
        #expect(rows.first?.contains("1/1/1") == true, "\(history)")
        #expect(rows.last?.contains("2/0/1") == true, "\(history)")

        try term.line("unit")
        let unit = try term.expect(prompt)
        #expect(unit.contains("自查：最新修订"), "\(unit)")
        #expect(unit.contains("（李四），符合 2 / 不符合 0 / 不适用 1 / 未填 0"), "the latest revision: \(unit)")
        #expect(!unit.contains("未完成整改"), "\(unit)")

        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)

        // Two revision files; the second points back at the first and closes the rectification.
        let files = Sandbox.jsonFiles(in: box.results + "/audits/column-self-audit/xiquan")
        #expect(files.count == 2, "\(Sandbox.files(under: box.results))")
        let revisions = try files.map(Sandbox.json(at:))
        #expect(revisions.allSatisfy { $0["schema"] as? String == "gongkai.audit/1" }, "\(revisions.map { $0["schema"] ?? "" })")
        let first = try #require(revisions.first { $0["previous"] is NSNull })
        let second = try #require(revisions.first { $0["previous"] as? String == first["id"] as? String })
        func entry(_ revision: [String: Any], _ item: String) -> [String: Any] {
            (revision["items"] as? [[String: Any]] ?? []).first { $0["item"] as? String == item } ?? [:]
        }
        #expect(entry(first, "site-reachable")["status"] as? String == "pass")
        #expect(entry(first, "site-reachable")["evidence"] as? String == "http://www.example.gov.cn/xxgk/")
        #expect(entry(first, "timely-updates")["status"] as? String == "fail")
        let openRect = entry(first, "timely-updates")["rectification"] as? [String: Any]
        #expect(openRect?["action"] as? String == "补发近三个月的财政信息")
        #expect(openRect?["owner"] as? String == "王五")
        #expect(openRect?["done"] is NSNull)
        #expect(entry(first, "review-records")["status"] as? String == "na")
        #expect(entry(second, "timely-updates")["status"] as? String == "pass")
        let closed = entry(second, "timely-updates")["rectification"] as? [String: Any]
        #expect((closed?["done"] as? [String: Any])?["evidence"] as? String == "http://www.example.gov.cn/xxgk/czyjs/")
        #expect(closed?["deadline"] as? String == openRect?["deadline"] as? String)
        // `+30` is 30 days after the day of the first revision; done is the day of the second.
        #expect(openRect?["deadline"] as? String == Self.day(of: first["createdAt"], plus: 30), "\(openRect ?? [:]) \(first["createdAt"] ?? "")")
        #expect((closed?["done"] as? [String: Any])?["date"] as? String == Self.day(of: second["createdAt"], plus: 0))
        #expect((second["by"] as? [String: Any])?["name"] as? String == "李四")
        #expect(second["unit"] as? String == "xiquan")
        #expect(Sandbox.files(under: box.results + "/progress").filter { $0.contains("audit") }.isEmpty, "the draft is gone")
    }

    @Test("audit: Ctrl-C inside an item (Chinese typed) leaves it as it was; the unit's draft offers to continue it; a self-study login is no attendance")
    func ctrlCInsideAnItem() throws {
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()
        try term.line("login 王五 --unit xiquan")
        try term.expect("只做自查或自学请输入 自学 / 无 / none")
        try term.line("自学")
        try term.expect("未签到培训场次")
        let prompt = "王五@喜泉镇> "
        try term.expect(prompt)
        try term.line("audit")
        try term.expect("第 1/3 项")
        try term.expect("3 不适用）> ")
        try term.line("符合")
        try term.expect("备注（可留空）> ")
        try term.line("首页可以打开")
        try term.expect("佐证（必填")
        // Ctrl-C in the middle of item 1, then yes to pausing.
        try term.send(bytes: [0x03])
        try term.expect("要暂停自查吗？")
        try term.send("y\r")
        try term.expect("第 1 项的修改尚未完成：该项保持原样")
        try term.expect(prompt)
        try term.line("audit")
        try term.expect("本单位有一份未完成的自查表（已填 0/3 项，最后由 王五")
        try term.send("y\r")
        try term.expect("第 1 项的修改（王五）没有完成")
        try term.expect("接着修改这一项吗？")
        try term.send("y\r")
        // Status and note are not asked again: on to the evidence.
        let resumed = try term.expect("佐证（必填")
        #expect(!resumed.contains("3 不适用）> "), "\(resumed)")
        try term.line("http://www.example.gov.cn/")
        try term.expect("第 2/3 项")
        try term.expect("3 不适用）> ")
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)
        let drafts = Sandbox.jsonFiles(in: box.results + "/progress/xiquan")
        #expect(drafts.count == 1, "\(Sandbox.files(under: box.results))")
        let draft = try Sandbox.json(at: try #require(drafts.first))
        let first = (draft["items"] as? [[String: Any]])?.first
        #expect(first?["status"] as? String == "pass")
        #expect(first?["note"] as? String == "首页可以打开")
        #expect(first?["changedBy"] as? String == "王五")
        #expect(Sandbox.files(under: box.results + "/attendance").filter { $0.hasSuffix(".json") }.isEmpty, "a self-study login is not attendance")
    }

    @Test("audit: two contacts of one unit in two terminals; the one overtaken is told and keeps its input aside")
    func twoContactsInTwoTerminals() throws {
        let box = Sandbox()
        let a = try box.terminal(label: "李四")
        let b = try box.terminal(label: "王五")
        try a.expectBanner()
        try b.expectBanner()
        try a.login("李四", unit: "xiquan", unitName: "喜泉镇")
        try a.line("audit")
        try a.expect("3 不适用）> ")
        try a.line("1")
        try a.expect("备注（可留空）> ")
        // 王五 continues the same draft meanwhile, and finishes item 1 his way.
        try b.login("王五", unit: "xiquan", unitName: "喜泉镇")
        try b.line("audit")
        try b.expect("本单位有一份未完成的自查表（已填 0/3 项，最后由 李四")
        try b.send("y\r")
        try b.expect("接着修改这一项吗？")
        try b.send("y\r")
        try b.expect("备注（可留空）> ")
        try b.line("王五核对过")
        try b.expect("佐证（必填")
        try b.line("http://wang.example/")
        try b.expect("3 不适用）> ")
        try b.line("quit")
        try b.expect("王五@喜泉镇> ")
        // 李四 types on: told, and nothing of 王五's is overwritten.
        try a.line("李四的备注")
        try a.expect("本单位的自查草稿已在另一处被修改（最后由 王五 修改）")
        try a.expect("李四@喜泉镇> ")
        try a.send("\u{04}")
        try b.send("\u{04}")
        #expect(try a.waitForExit() == 0)
        #expect(try b.waitForExit() == 0)
        let draft = try Sandbox.json(at: try #require(Sandbox.jsonFiles(in: box.results + "/progress/xiquan").first))
        let first = (draft["items"] as? [[String: Any]])?.first
        #expect(first?["note"] as? String == "王五核对过")
        #expect(first?["evidence"] as? String == "http://wang.example/")
        let rescued = Sandbox.files(under: box.xdgDataHome + "/gongkai/unsaved").filter { $0.hasSuffix(".json") }
        #expect(rescued.count == 1, "\(Sandbox.files(under: box.xdgDataHome))")
        let aside = try Sandbox.json(at: box.xdgDataHome + "/gongkai/unsaved/" + (try #require(rescued.first)))
        #expect(((aside["editing"] as? [String: Any])?["entry"] as? [String: Any])?["note"] as? String == "李四的备注")
    }

    /// The calendar day of an ISO 8601 timestamp (as written, in its own offset), plus `days`.
    static func day(of timestamp: Any?, plus days: Int) -> String? {
        guard let text = timestamp as? String, text.count >= 10 else { return nil }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: days, to: start)
        else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: end)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
