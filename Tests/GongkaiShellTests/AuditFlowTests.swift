import GongkaiCore
import Testing

@testable import GongkaiShell

@Suite struct AuditFlowTests {
    let login = ["login 李四 --unit xiquan", ""]
    /// Item 1 meets (with evidence), item 2 fails (rectification), item 3 not applicable.
    let firstAudit = ["audit", "1", "", "http://jingtai.gov.cn/xxgk", "2", "栏目未更新", "", "补发信息", "王五", "2020-08-01", "3", "", "save", ""]

    @Test func aFullAuditIsSavedAsARevision() throws {
        let h = ShellHarness()
        let out = h.run(login + firstAudit + ["quit"])
        #expect(out.contains("第 1/3 项"))
        #expect(out.contains("检查方法："))
        #expect(out.contains("符合 1 项，不符合 1 项，不适用 1 项，未填 0 项。"))
        let revision = try #require(h.store.audits(checklist: "column-self-audit", unit: "xiquan").records.first?.record)
        #expect(revision.by == Trainee(name: "李四", unit: "xiquan"))
        #expect(revision.checklist == ChecklistRef(id: "column-self-audit", version: 1))
        #expect(revision.entries.map(\.status) == [.pass, .fail, .notApplicable])
        #expect(revision.entries[0].evidence == "http://jingtai.gov.cn/xxgk")
        let plan = try #require(revision.entries[1].rectification)
        #expect((plan.action, plan.owner, plan.deadline) == ("补发信息", "王五", LocalDate(parsing: "2020-08-01")!))
        #expect(plan.history.map(\.kind) == [.opened])
        #expect(plan.history.first?.by == "李四")
        #expect(revision.entries.allSatisfy { $0.changedBy == "李四" })
        #expect(h.files(under: "/results/progress/").isEmpty)
    }

    @Test func requiredEvidenceAndRealFutureDeadlinesAreEnforced() throws {
        let h = ShellHarness()
        let inputs = ["audit", "1", "", "", "http://x", "2", "", "", "措施", "责任人", "2020-02-30", "2019-01-01", "+30", "3", "", "save", ""]
        let out = h.run(login + inputs + ["quit"])
        #expect(out.contains("这一项需要佐证"))
        #expect(out.contains("“2020-02-30”不是真实的日期：2020 年 2 月只有 29 天。"), "\(out)")
        #expect(out.contains("期限不能早于今天（2020-07-08）。"))
        let revision = try #require(h.store.audits(checklist: "column-self-audit").records.first?.record)
        #expect(revision.entries[1].rectification?.deadline == LocalDate(parsing: "2020-08-07"))
    }

    @Test func updatingMakesANewRevisionAndHistoryShowsBoth() throws {
        let h = ShellHarness()
        h.run(login + firstAudit + ["quit"])
        h.clock.advance(seconds: 86400 * 3)
        let out = h.run(login + ["audit", "2", "", "y", "", "http://fixed", "", "save", "", "audit history", "audit history 2", "quit"])
        #expect(out.contains("本单位最新一次自查"))
        #expect(out.contains("已标记整改完成，该项记为符合。"))
        let revisions = h.store.audits(checklist: "column-self-audit", unit: "xiquan").records.map(\.record)
        #expect(revisions.count == 2)
        let latest = try #require(revisions.last)
        #expect(latest.previous == revisions[0].id)
        #expect(latest.entries[1].status == .pass)
        #expect(latest.entries[1].rectification?.done == Rectification.Done(date: LocalDate(parsing: "2020-07-11")!, evidence: "http://fixed", by: "李四"))
        #expect(latest.entries[1].rectification?.history.map(\.kind) == [.opened, .closed])
        #expect(out.contains("提出整改"), "\(out)")
        #expect(out.contains("标记整改完成（完成日期 2020-07-11，确认人 李四）"), "\(out)")
        // The first revision is untouched.
        #expect(revisions[0].entries[1].status == .fail)
        #expect(out.contains("第 2 次修订"))
        #expect(out.contains("补发信息"))
    }

    @Test func anInterruptedAuditKeepsEverythingAndOffersToContinue() throws {
        let h = ShellHarness()
        // End of input after item 1 and part of item 2.
        h.run(login + ["audit", "1", "备注一", "http://a", "2", "问题描述"])
        let draft = try #require(try h.store.loadDraft(unit: "xiquan", checklist: "column-self-audit")?.get())
        #expect(draft.entries[0].status == .pass)
        #expect(draft.entries[0].note == "备注一")
        // Item 2 is not changed until it is finished; what was typed waits beside it.
        #expect(draft.entries[1] == AuditEntry(item: "timely-updates"))
        #expect(draft.editing?.entry.status == .fail)
        #expect(draft.editing?.entry.note == "问题描述")
        let out = h.run(login + ["audit", "y", "", "", "措施", "责任人", "+10", "3", "", "save", "", "quit"])
        #expect(out.contains("本单位有一份未完成的自查表（已填 1/3 项，最后由 李四"), "\(out)")
        #expect(out.contains("第 2 项的修改（李四）没有完成"), "\(out)")
        let revision = try #require(h.store.audits(checklist: "column-self-audit").records.first?.record)
        #expect(revision.entries[0].note == "备注一")
        #expect(revision.entries[1].note == "问题描述")
        #expect(revision.entries.map(\.status) == [.pass, .fail, .notApplicable])
    }

    @Test func unitShowsStandingWithReasons() throws {
        let h = ShellHarness()
        h.run(login + firstAudit + ["quit"])
        h.clock.advance(seconds: 86400 * 30)
        let out = h.run(login + ["unit", "quit"])
        #expect(out.contains("应到 2 人，已签到 1 人"))
        #expect(out.contains("自查：最新修订"))
        #expect(out.contains("【已逾期】"))
        #expect(out.contains("签到人数不足（应到 2，实到 1）"))
        #expect(out.contains("李四 未通过：示例课程：政府信息公开基础"))
        #expect(out.contains("整改逾期：各栏目按时更新"))
    }
}
