import GongkaiCore
import Testing

@testable import GongkaiShell

/// The self-audit as an office relies on it: rectifications close only explicitly, an item
/// changes all at once or not at all, the draft belongs to the unit, `save` refuses gaps.
@Suite struct AuditLifecycleTests {
    let login: [Step] = ["login 李四 --unit xiquan", ""]
    let colleague: [Step] = ["login 王五 --unit xiquan", ""]
    /// Item 1 meets (with evidence), item 2 fails (rectification due 2020-08-01), item 3 not applicable.
    let firstAudit: [Step] = ["audit", "1", "", "http://jingtai.gov.cn/xxgk", "2", "栏目未更新", "", "补发信息", "王五", "2020-08-01", "3", "", "save", ""]
    let checklist = "column-self-audit"

    func revisions(_ h: ShellHarness) -> [AuditRevision] {
        h.store.audits(checklist: checklist, unit: "xiquan").records.map(\.record)
    }

    func draft(_ h: ShellHarness) throws -> AuditDraft? {
        try h.store.loadDraft(unit: "xiquan", checklist: checklist)?.get()
    }

    @Test func changingAFailedItemToMeetsAsksWhetherTheFixWasDoneAndNoKeepsItOpen() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        h.clock.advance(seconds: 86400)
        // 符合, then "not done": the item stays 不符合 and the plan stays; Enter keeps each field.
        let (out, _) = h.run(steps: login + ["audit", "2", "1", "n", "", "", "", "", "", "save", "", "unit", "quit"])
        #expect(out.contains("待整改：补发信息（责任人 王五，期限 2020-08-01）"), "\(out)")
        #expect(out.contains("这项整改已完成吗？"))
        #expect(out.contains("整改尚未完成：该项仍记为不符合"), "\(out)")
        let latest = try #require(revisions(h).last)
        #expect(revisions(h).count == 2)
        #expect(latest.entries[1].status == .fail)
        #expect(latest.entries[1].openRectification?.action == "补发信息")
        #expect(latest.entries[1].openRectification?.deadline == LocalDate(parsing: "2020-08-01"))
        #expect(out.contains("未完成整改："), "`unit` still lists it: \(out)")
    }

    @Test func changingAFailedItemToMeetsWithTheFixDoneRecordsDateEvidenceAndName() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        h.clock.advance(seconds: 86400 * 30)  // 2020-08-07: done late
        let steps: [Step] = [
            "audit", "2", "1", "y",
            "明天",  // a done date in the future is refused
            "8月5日",  // the last 5 August: 2020-08-05
            "", "http://fixed",  // evidence is required
            "赵六",  // who confirms
            "已补发", "",  // note, evidence of the item
            "save", "", "audit history", "quit",
        ]
        let (out, _) = h.run(steps: login + steps)
        #expect(out.contains("完成日期不能晚于今天（2020-08-07）。"), "\(out)")
        #expect(out.contains("此项必填。"))
        let latest = try #require(revisions(h).last)
        #expect(latest.entries[1].status == .pass)
        let plan = try #require(latest.entries[1].rectification)
        #expect(plan.done == Rectification.Done(date: LocalDate(parsing: "2020-08-05")!, evidence: "http://fixed", by: "赵六"))
        #expect(plan.closedLate == true)
        #expect(plan.history.map(\.kind) == [.opened, .closed])
        #expect(latest.entries[1].changedBy == "李四")
        #expect(out.contains("整改经过："), "\(out)")
        #expect(out.contains("标记整改完成（完成日期 2020-08-05，逾期完成，确认人 赵六）"), "\(out)")
    }

    @Test func aChangedDeadlineIsRecordedWithWhoAndWhen() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        let (out, _) = h.run(steps: colleague + ["audit", "2", "", "n", "", "", "", "赵六", "2020年9月1日", "save", "", "audit history", "quit"])
        let plan = try #require(revisions(h).last?.entries[1].rectification)
        #expect(plan.isOpen)
        #expect(plan.history.map(\.kind) == [.opened, .changed])
        #expect(plan.history.last?.by == "王五")
        #expect(plan.history.last?.changes == [.init(field: "owner", from: "王五", to: "赵六"), .init(field: "deadline", from: "2020-08-01", to: "2020-09-01")])
        #expect(out.contains("王五 修改整改：责任人 王五 → 赵六；期限 2020-08-01 → 2020-09-01"), "\(out)")
    }

    /// The issue's own case: Ctrl-C at the note prompt used to keep a half-made change.
    @Test func ctrlCInsideAnItemLeavesItExactlyAsItWas() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        let before = try #require(revisions(h).last)
        // Item 2 to 符合, "done", then Ctrl-C at the evidence prompt of the fix, and pause.
        let (out, _) = h.run(steps: login + ["audit", "2", "1", "y", "", .interrupt, "y", "quit"])
        #expect(out.contains("第 2 项的修改尚未完成：该项保持原样"), "\(out)")
        let saved = try #require(try draft(h))
        #expect(saved.entries == before.entries, "the item changed although its edit was interrupted")
        #expect(saved.editing?.entry.status == .pass, "what was typed is kept beside it")
        // Continue, drop the change, save: the rectification is still open.
        let (again, _) = h.run(steps: login + ["audit", "y", "n", "save", "", "quit"])
        #expect(again.contains("第 2 项未作修改，保持原样。"), "\(again)")
        let latest = try #require(revisions(h).last)
        #expect(latest.entries == before.entries)
        #expect(latest.entries[1].openRectification != nil)
    }

    @Test func quitInsideAnItemFromTheMenuLeavesTheItemAsItWas() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        let before = try #require(revisions(h).last)
        let (out, _) = h.run(steps: login + ["audit", "1", "2", "没有佐证", "quit", "audit", "y", "n", "save", "", "quit"])
        #expect(out.contains("第 1 项的修改尚未完成：该项保持原样"), "\(out)")
        #expect(out.contains("第 1 项未作修改，保持原样。"), "\(out)")
        #expect(revisions(h).last?.entries == before.entries)
    }

    @Test func endOfInputInsideAnItemLeavesItAsItWasAndOffersToContinue() throws {
        let h = ShellHarness()
        h.run(steps: login + ["audit", "1", "", .endOfInput])
        let saved = try #require(try draft(h))
        #expect(saved.entries[0].status == nil)
        #expect(saved.editing?.entry.status == .pass)
        // Continued: the status typed before is not asked again.
        let (out, _) = h.run(steps: login + ["audit", "y", "y", "http://a", "quit"])
        #expect(out.contains("第 1 项的修改（李四）没有完成"), "\(out)")
        #expect(try draft(h)?.entries[0].evidence == "http://a")
        #expect(try draft(h)?.entries[0].status == .pass)
    }

    @Test func saveRefusesEachIncompleteItem() throws {
        let h = ShellHarness()
        // A draft as the old shell could leave it: 符合 without required evidence,
        // 不符合 without a plan, 不适用 with a plan still open.
        let time = h.clock.now()
        let bad = AuditDraft(
            id: "d1", createdAt: time, checklist: ChecklistRef(id: checklist, version: 1), unit: "xiquan", session: nil,
            by: Trainee(name: "李四", unit: "xiquan"), previous: nil, position: 3,
            entries: [
                AuditEntry(item: "site-reachable", status: .pass),
                AuditEntry(item: "timely-updates", status: .fail, rectification: Rectification(action: "补发", owner: "", deadline: nil)),
                AuditEntry(item: "review-records", status: .notApplicable, rectification: Rectification(action: "补录", owner: "王五", deadline: time.localDate)),
            ])
        try h.store.saveDraft(bad)
        let (out, _) = h.run(steps: login + ["audit", "y", "save", "quit"])
        #expect(out.contains("不能保存，以下各项还不完整"), "\(out)")
        #expect(out.contains("第 1 项「网站及信息公开专栏访问畅通，无打不开、链接错误」：记为符合，但缺少必填的佐证。"), "\(out)")
        #expect(out.contains("第 2 项「各栏目按时更新，无长期不更新栏目」：不符合，缺少责任人、完成期限。"), "\(out)")
        #expect(out.contains("第 3 项「发布的信息均有保密审查记录」：整改尚未标记完成，不能记为符合或不适用。"), "\(out)")
        #expect(revisions(h).isEmpty)
        #expect(AuditEditor.problems(bad.entries, checklist: h.library.checklists[0]).count == 3)
    }

    @Test func aColleagueContinuesTheUnitsDraftAndSeesWhoChangedEachItem() throws {
        let h = ShellHarness()
        h.run(steps: login + ["audit", "1", "", "http://a", "quit"])
        let (out, _) = h.run(steps: colleague + ["audit", "y", "2", "", "", "措施", "赵六", "+30", "3", "", "save", "", "quit"])
        #expect(out.contains("本单位有未完成的自查表 column-self-audit（已填 1/3 项，最后由 李四 修改）"), "shown at login: \(out)")
        #expect(out.contains("本单位有一份未完成的自查表（已填 1/3 项，最后由 李四"), "\(out)")
        #expect(out.contains("（李四）"), "the summary names who changed item 1: \(out)")
        let revision = try #require(revisions(h).first)
        #expect(revision.entries.map(\.changedBy) == ["李四", "王五", "王五"])
        #expect(revision.by.name == "王五")
        #expect(try draft(h) == nil)
    }

    @Test func twoContactsAtOnceNeverOverwriteEachOther() throws {
        let h = ShellHarness()
        var other = ""
        // While 李四 is at item 1's note, 王五 continues the unit's draft and fills item 1 differently.
        let meanwhile = Step.act {
            other = h.run(steps: self.colleague + ["audit", "y", "y", "", "http://wang", "quit", "quit"]).text
        }
        let (mine, _) = h.run(steps: login + ["audit", "1", meanwhile, "李四的备注", "unit", "quit"], rescueFolder: "/rescue")
        #expect(other.contains("第 1 项的修改（李四）没有完成"), "\(other)")
        #expect(mine.contains("本单位的自查草稿已在另一处被修改（最后由 王五 修改）"), "\(mine)")
        #expect(mine.contains("/rescue/progress/"), "the rescued file is named: \(mine)")
        #expect(!mine.contains("佐证（必填"), "no further prompt in the window overtaken")
        let saved = try #require(try draft(h))
        #expect(saved.entries[0].evidence == "http://wang", "王五's input stands")
        #expect(saved.entries[0].note == "")
        let rescued = try #require(try ResultStore(root: "/rescue", fileSystem: h.fileSystem).loadDraft(unit: "xiquan", checklist: checklist)?.get())
        #expect(rescued.editing?.entry.note == "李四的备注", "李四's input is kept aside")
        #expect(rescued.unit == "xiquan")
    }

    @Test func aFinishedDraftReopensAtItsSummary() throws {
        let h = ShellHarness()
        h.run(steps: login + ["audit", "1", "", "http://a", "3", "", "", "3", "", "quit"])
        let (out, _) = h.run(steps: login + ["audit", "y", "quit"])
        #expect(!out.contains("第 1/3 项"), "\(out)")
        #expect(out.contains("save 保存，quit 暂停> "))
        // An update paused at the summary reopens there too.
        h.run(steps: login + ["audit", "y", "save", "", "quit"])
        h.run(steps: login + ["audit", "quit"])
        let (again, _) = h.run(steps: login + ["audit", "y", "quit"])
        #expect(!again.contains("第 1/3 项"), "\(again)")
    }

    @Test func aPerPersonDraftFromBeforeIsContinuedAsTheUnits() throws {
        let h = ShellHarness()
        let me = Trainee(name: "李四", unit: "xiquan")
        let time = h.clock.now()
        let old = AuditDraft(
            id: "old", createdAt: time, checklist: ChecklistRef(id: checklist, version: 1), unit: "xiquan", session: nil, by: me,
            previous: nil, position: 1, entries: [AuditEntry(item: "site-reachable", status: .pass, evidence: "http://old")])
        let path = h.store.progressPath(trainee: me, name: ResultStore.auditDraftName(checklist))
        try h.fileSystem.createDirectories(PathJoin.directory(of: path))
        try h.fileSystem.writeFileAtomically(RecordCodec.encode(old), to: path, replace: false)
        let (out, _) = h.run(steps: colleague + ["audit", "y", "3", "", "", "3", "", "quit"])
        #expect(out.contains("已接续 李四 此前保存的自查草稿"), "\(out)")
        #expect(!h.fileSystem.exists(path), "the old file is gone once adopted")
        let saved = try #require(try draft(h))
        #expect(saved.entries[0].evidence == "http://old")
        #expect(saved.entries[1].status == .notApplicable)
    }

    @Test func selfStudyAtTheSessionPromptIsNotAttendance() throws {
        let h = ShellHarness()
        let (out, _) = h.run(steps: ["login 王五 --unit xiquan", "自学"] + firstAudit + ["quit"])
        #expect(out.contains("只做自查或自学请输入 自学 / 无 / none"), "the prompt says so: \(out)")
        #expect(out.contains("未签到培训场次"), "\(out)")
        #expect(h.store.attendance().records.isEmpty)
        #expect(revisions(h).count == 1)
        // Neither the attendance nor the completion rule counts them.
        let library = h.library
        let unit = try #require(library.roster?.unit(id: "xiquan"))
        let session = try #require(library.roster?.sessions.first)
        let standing = UnitStanding(
            unit: unit, session: session, attendance: h.store.attendance().records.map(\.record), attempts: [],
            latestAudit: revisions(h).last, checklist: library.checklists.first, today: h.clock.today())
        #expect(standing.attendees.isEmpty)
        #expect(!standing.reasons.contains { if case .notPassed = $0 { return true }; return false })
    }

    @Test func datesAsPeopleTypeThem() throws {
        let h = ShellHarness()
        let walk: [Step] = ["audit", "1", "", "http://a", "2", "", "", "措施", "责任人", "", "2025-02-30", "下周", "2020年8月15日", "3", "", "save", ""]
        let (out, _) = h.run(steps: login + walk + ["quit"])
        #expect(out.contains("完成期限（如 2020-08-07，也可输入 +30、30天后、明天）> "), "the example is 30 days from today: \(out)")
        #expect(out.contains("“2025-02-30”不是真实的日期：2025 年 2 月只有 28 天。"), "\(out)")
        #expect(out.contains("“下周”不是可识别的日期"), "\(out)")
        #expect(out.contains("此项必填。"), "Enter with no deadline yet: \(out)")
        #expect(revisions(h).first?.entries[1].rectification?.deadline == LocalDate(parsing: "2020-08-15"))
    }

    /// Saving after a colleague saved meanwhile: warned, and the new revision revises theirs (no fork).
    @Test func savingOverAColleaguesNewerRevisionKeepsTheChainOneLine() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        let meanwhile = Step.act {
            _ = h.run(steps: self.colleague + ["audit", "y", "3", "2", "", "补录", "赵六", "+10", "save", "", "quit"])
        }
        let (mine, _) = h.run(steps: login + ["audit", meanwhile, "save", "", "quit"])
        #expect(mine.contains("王五 已于"), "\(mine)")
        let all = revisions(h)
        #expect(all.count == 3)
        #expect(all[2].previous == all[1].id, "the last revises the colleague's, not the one this window started from")
        #expect(all[2].by.name == "李四")
        #expect(UnitStanding.fork(all, unit: "xiquan", checklist: checklist).isEmpty)
    }

    /// Folders from two PCs merged: two revisions revise the same one. `audit` and `unit` say so.
    @Test func aForkedSelfAuditIsNamed() throws {
        let h = ShellHarness()
        h.run(steps: login + firstAudit + ["quit"])
        let base = try #require(revisions(h).first)
        for (id, name, minute) in [("pc1", "王五", "10"), ("pc2", "赵六", "11")] {
            var branch = base
            branch.id = id
            branch.previous = base.id
            branch.by = Trainee(name: name, unit: "xiquan")
            branch.createdAt = Timestamp(parsing: "2020-07-08T\(minute):00:00+08:00")!
            try h.store.save(branch)
        }
        let (out, _) = h.run(steps: login + ["audit", "quit", "unit", "quit"])
        #expect(out.count(of: "喜泉镇 的自查记录出现分叉：修订 pc1（王五，") == 2, "\(out)")
        #expect(out.contains("pc2（赵六，"))
    }

    @Test func theNewMessagesHaveBothLanguages() {
        #expect(AuditEditText.keptOpen.text(in: .en).contains("stays open"))
        #expect(AuditEditText.draftTakenOver(by: "A", rescuedTo: "/r").text(in: .en).contains("changed elsewhere"))
        #expect(AuditEditText.badDate("x", .impossible(year: 2025, month: 2, day: 30), example: "2020-08-07").text(in: .en).contains("has only 28 days"))
    }
}
