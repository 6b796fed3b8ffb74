import Testing

@testable import GongkaiCore

/// The audit-editing rules without a terminal: steps, atomic commits, the rectification's life.
@Suite struct AuditEditorTests {
    let checklist = Checklist(
        id: "c", title: "自查", version: 1,
        items: [
            ChecklistItem(id: "site", text: "网站可访问", evidence: .required),
            ChecklistItem(id: "updates", text: "按时更新", evidence: .optional),
            ChecklistItem(id: "review", text: "保密审查", evidence: .none),
        ])
    let today = LocalDate(parsing: "2020-07-08")!
    let t0 = Timestamp(parsing: "2020-07-08T09:30:00+08:00")!
    let t1 = Timestamp(parsing: "2020-07-20T10:00:00+08:00")!

    func editor(_ entries: [AuditEntry] = []) -> AuditEditor {
        let draft = AuditDraft(
            id: "d", createdAt: t0, checklist: ChecklistRef(id: "c", version: 1), unit: "xiquan", session: nil,
            by: Trainee(name: "李四", unit: "xiquan"), previous: nil, position: 0, entries: entries)
        return AuditEditor(draft: draft, checklist: checklist, today: today)
    }

    /// Item 2 failing with an open plan due 2020-08-01, opened by 李四.
    func withOpenPlan() throws -> AuditEditor {
        var e = editor()
        e.begin(1, by: "李四")
        try e.setStatus(.fail)
        try e.setNote("未更新")
        try e.setEvidence("")
        try e.setAction("补发")
        try e.setOwner("王五")
        try e.setDeadline(LocalDate(parsing: "2020-08-01")!)
        try e.commit(at: t0)
        return e
    }

    @Test func aFailingItemAsksForItsPlanAndOpensIt() throws {
        var e = editor()
        e.begin(1, by: "李四")
        var steps: [AuditEditor.Step] = []
        steps.append(e.nextStep!)
        try e.setStatus(.fail)
        steps.append(e.nextStep!)
        try e.setNote("")
        steps.append(e.nextStep!)
        try e.setEvidence("")
        steps.append(e.nextStep!)
        try e.setAction("补发")
        steps.append(e.nextStep!)
        try e.setOwner("王五")
        steps.append(e.nextStep!)
        try e.setDeadline(LocalDate(parsing: "2020-08-01")!)
        #expect(e.nextStep == nil)
        #expect(steps == [.status, .note, .evidence, .action, .owner, .deadline])
        let events = try e.commit(at: t0)
        #expect(events.map(\.kind) == [.opened])
        let entry = e.draft.entries[1]
        #expect(entry.openRectification?.owner == "王五")
        #expect(entry.rectification?.history == [RectificationEvent(kind: .opened, at: t0, by: "李四")])
        #expect(entry.changedBy == "李四")
        #expect(entry.changedAt == t0)
        #expect(e.editing == nil)
    }

    @Test func nothingChangesUntilCommitAndRollbackLeavesTheItemAsItWas() throws {
        var e = try withOpenPlan()
        let before = e.draft.entries
        e.begin(1, by: "王五")
        try e.setStatus(.pass)
        try e.answerClosed(true)
        try e.setDoneDate(today)
        #expect(e.draft.entries == before, "an unfinished edit touched the entries")
        #expect(e.draft.typed(1).status == .pass, "but what was typed is in the draft")
        // Committing before every step is answered is refused.
        #expect(throws: AuditEditError.wrongStep(expected: .doneEvidence)) { try e.commit(at: t1) }
        e.rollback()
        #expect(e.draft.entries == before)
        #expect(e.editing == nil)
    }

    @Test func anUnfinishedEditSurvivesTheDraftsRoundTripAndContinuesWhereItStopped() throws {
        var e = try withOpenPlan()
        e.begin(1, by: "王五")
        try e.setStatus(.pass)
        try e.answerClosed(true)
        let stored = try RecordCodec.decode(RecordCodec.encode(e.draft), as: AuditDraft.self).0
        #expect(stored == e.draft)
        var again = AuditEditor(draft: stored, checklist: checklist, today: today)
        again.begin(1, by: "赵六")
        #expect(again.nextStep == .doneDate)
        #expect(again.editing?.by == "赵六")
    }

    @Test func toMeetsWithTheFixNotDoneKeepsThePlanOpenAndTheItemFailing() throws {
        var e = try withOpenPlan()
        e.begin(1, by: "王五")
        try e.setStatus(.pass)
        #expect(e.nextStep == .closed)
        #expect(try e.answerClosed(false) == true, "the chosen 符合 is overruled")
        #expect(e.nextStep == .note)
        try e.setNote("未更新")
        try e.setEvidence("")
        #expect(e.nextStep == .action, "the open plan may be changed")
        try e.setAction("补发")
        try e.setOwner("王五")
        try e.setDeadline(LocalDate(parsing: "2020-08-01")!)
        let events = try e.commit(at: t1)
        #expect(events.isEmpty)
        #expect(e.draft.entries[1].status == .fail)
        #expect(e.draft.entries[1].openRectification?.action == "补发")
        #expect(e.draft.entries[1].changedBy == "李四", "nothing changed, so nobody changed it")
    }

    @Test func closingNeedsADateNotInTheFutureEvidenceAndAName() throws {
        var e = try withOpenPlan()
        e.begin(1, by: "王五")
        try e.setStatus(.fail)
        try e.answerClosed(true)
        #expect(throws: AuditEditError.doneInFuture(today: today)) { try e.setDoneDate(today.adding(days: 1)) }
        try e.setDoneDate(today)
        #expect(throws: AuditEditError.required) { try e.setDoneEvidence("  ") }
        try e.setDoneEvidence("http://fixed")
        #expect(throws: AuditEditError.required) { try e.setDoneBy("") }
        try e.setDoneBy("赵六")
        // Kept 不符合 and marked done: fixed in place; optional evidence is not asked again.
        #expect(e.nextStep == nil)
        let events = try e.commit(at: t1)
        #expect(events.map(\.kind) == [.closed])
        let entry = e.draft.entries[1]
        #expect(entry.status == .pass)
        #expect(entry.openRectification == nil)
        #expect(entry.rectification?.done == Rectification.Done(date: today, evidence: "http://fixed", by: "赵六"))
        #expect(entry.rectification?.history.map(\.kind) == [.opened, .closed])
        #expect(entry.rectification?.closedLate == false)
    }

    @Test func changingThePlanIsRecordedFieldByField() throws {
        var e = try withOpenPlan()
        e.begin(1, by: "王五")
        try e.setStatus(.fail)
        try e.answerClosed(false)
        try e.setNote("未更新")
        try e.setEvidence("")
        try e.setAction("补发")
        try e.setOwner("赵六")
        try e.setDeadline(LocalDate(parsing: "2020-09-01")!)
        let events = try e.commit(at: t1)
        #expect(events == [
            RectificationEvent(kind: .changed, at: t1, by: "王五", changes: [
                .init(field: "owner", from: "王五", to: "赵六"), .init(field: "deadline", from: "2020-08-01", to: "2020-09-01"),
            ])
        ])
        #expect(e.draft.entries[1].rectification?.history.count == 2)
        #expect(e.draft.entries[1].changedBy == "王五")
    }

    @Test func deadlinesAndEvidenceAreChecked() throws {
        var e = editor()
        e.begin(0, by: "李四")
        try e.setStatus(.pass)
        try e.setNote("")
        #expect(throws: AuditEditError.evidenceRequired) { try e.setEvidence("") }
        try e.setEvidence("http://a")
        #expect(e.nextStep == nil)
        try e.commit(at: t0)
        e.begin(1, by: "李四")
        try e.setStatus(.fail)
        try e.setNote("")
        try e.setEvidence("")
        #expect(throws: AuditEditError.required) { try e.setAction("") }
        try e.setAction("补发")
        try e.setOwner("王五")
        #expect(throws: AuditEditError.deadlineInPast(today: today)) { try e.setDeadline(today.adding(days: -1)) }
        try e.setDeadline(today)
        #expect(throws: AuditEditError.wrongStep(expected: nil)) { try e.setNote("late") }
        // Steps out of order are refused.
        e.begin(2, by: "李四")
        #expect(throws: AuditEditError.wrongStep(expected: .status)) { try e.setNote("x") }
    }

    @Test func problemsListEachItemThatCannotBeSaved() {
        let entries = [
            AuditEntry(item: "site", status: .pass),
            AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: "补发", owner: "", deadline: nil)),
            AuditEntry(item: "review", status: .notApplicable, rectification: Rectification(action: "补录", owner: "王五", deadline: today)),
        ]
        #expect(AuditEditor.problems(entries, checklist: checklist) == [
            .evidenceMissing(item: 0), .rectificationIncomplete(item: 1, missing: [.owner, .deadline]), .rectificationLeftOpen(item: 2),
        ])
        let fine = [
            AuditEntry(item: "site", status: .pass, evidence: "http://a"),
            AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: "补发", owner: "王五", deadline: today)),
            AuditEntry(item: "review"),
        ]
        #expect(AuditEditor.problems(fine, checklist: checklist).isEmpty)
        // A 不符合 whose plan is done but still failing has no open plan.
        let reopened = [AuditEntry(
            item: "updates", status: .fail,
            rectification: Rectification(action: "a", owner: "b", deadline: today, done: .init(date: today, evidence: "e")))]
        #expect(AuditEditor.problems(reopened, checklist: checklist) == [.rectificationIncomplete(item: 1, missing: [.action, .owner, .deadline])])
    }

    @Test func openRectificationsStayOpenWhateverTheStatusSays() {
        let plan = Rectification(action: "a", owner: "b", deadline: today)
        #expect(AuditEntry(item: "x", status: .pass, rectification: plan).openRectification == plan)
        #expect(AuditEntry(item: "x", status: nil, rectification: plan).openRectification == nil)
    }

    @Test func revisionsWithTheNewFieldsRoundTripAndOldOnesStillRead() throws {
        var e = try withOpenPlan()
        e.begin(1, by: "王五")
        try e.setStatus(.fail)
        try e.answerClosed(true)
        try e.setDoneDate(today)
        try e.setDoneEvidence("http://fixed")
        try e.setDoneBy("赵六")
        try e.commit(at: t1)
        let revision = e.draft.revision(id: "r", at: t1)
        let decoded = try RecordCodec.decode(RecordCodec.encode(revision), as: AuditRevision.self)
        #expect(decoded.0 == revision)
        #expect(decoded.1 == .verified)
        let old: JSONValue = [
            "id": "r0", "createdAt": "2020-07-08T09:30:00+08:00", "checklist": ["id": "c", "version": 1], "unit": "xiquan",
            "session": .null, "by": ["name": "李四", "unit": "xiquan"], "previous": .null,
            "items": [["item": "updates", "status": "fail", "note": "", "evidence": "",
                "rectification": ["action": "a", "owner": "b", "deadline": "2020-08-01", "done": .null]]],
        ]
        let read = try AuditRevision(fields: old)
        #expect(read.entries[0].rectification?.history == [])
        #expect(read.entries[0].changedBy == nil)
    }
}

@Suite struct DateInputTests {
    let today = LocalDate(parsing: "2026-12-04")!

    func date(_ text: String, _ direction: DateInput.Direction = .upcoming) -> LocalDate? {
        try? DateInput.parse(text, today: today, direction: direction).get()
    }

    @Test func theFormsPeopleType() {
        let want = LocalDate(parsing: "2027-01-15")!
        for text in ["2027-01-15", "2027/1/15", "2027.1.15", "2027年1月15日", "2027年1月15号", " 2027 年 1 月 15 日 ", "２０２７－０１－１５"] {
            #expect(date(text) == want, "\(text)")
        }
        #expect(date("1月15日") == want, "the next 15 January")
        #expect(date("12月4日") == today, "today counts as the next")
        #expect(date("12月3日") == LocalDate(parsing: "2027-12-03"))
        #expect(date("12月5日", .past) == LocalDate(parsing: "2025-12-05"), "a done date is the last such day")
        #expect(date("明天") == LocalDate(parsing: "2026-12-05"))
        #expect(date("今天") == today)
        #expect(date("+30") == LocalDate(parsing: "2027-01-03"))
        #expect(date("30天后") == LocalDate(parsing: "2027-01-03"))
        #expect(date("30 天后") == LocalDate(parsing: "2027-01-03"))
        #expect(date("2月29日") == LocalDate(parsing: "2028-02-29"), "the next leap day")
    }

    @Test func impossibleAndUnreadableDatesSayWhy() {
        #expect(DateInput.parse("2025-02-30", today: today) == .failure(.impossible(year: 2025, month: 2, day: 30)))
        #expect(DateInput.parse("2月30日", today: today) == .failure(.impossible(year: nil, month: 2, day: 30)))
        #expect(DateInput.parse("2027-13-01", today: today) == .failure(.impossible(year: 2027, month: 13, day: 1)))
        #expect(DateInput.parse("下周", today: today) == .failure(.unrecognised))
        #expect(DateInput.parse("", today: today) == .failure(.unrecognised))
        #expect(DateInput.parse("20270115", today: today) == .failure(.unrecognised))
        #expect(DateInput.parse("+99999", today: today) == .failure(.tooFar))
        #expect(AuditEditText.badDate("2025-02-30", .impossible(year: 2025, month: 2, day: 30), example: "x").text(in: .zh).contains("2025 年 2 月只有 28 天"))
        #expect(AuditEditText.badDate("2月30日", .impossible(year: nil, month: 2, day: 30), example: "x").text(in: .zh).contains("2 月只有 29 天"))
        #expect(AuditEditText.badDate("2027-13-01", .impossible(year: 2027, month: 13, day: 1), example: "x").text(in: .zh).contains("没有 13 月"))
    }

    @Test func theExampleIsRelativeToToday() {
        #expect(DateInput.example(today: today) == "2027-01-03")
        #expect(AuditEditText.deadlinePrompt(example: DateInput.example(today: today)).text(in: .zh).contains("2027-01-03"))
    }
}

/// Issue 13: the latest self-audit follows the `previous` chain, not the clock; a fork is reported.
@Suite struct AuditChainTests {
    func revision(_ id: String, previous: String?, at time: String, by name: String = "李四") -> AuditRevision {
        AuditRevision(
            id: id, createdAt: Timestamp(parsing: time)!, checklist: ChecklistRef(id: "c", version: 1), unit: "xiquan", session: nil,
            by: Trainee(name: name, unit: "xiquan"), previous: previous, entries: [])
    }

    @Test func aRevisionFromAPCWhoseClockIsBehindStillComesAfterTheOneItRevises() {
        let a = revision("a", previous: nil, at: "2020-07-10T10:00:00+08:00")
        let b = revision("b", previous: "a", at: "2020-07-10T08:00:00+08:00")  // clock two hours behind
        let c = revision("c", previous: "b", at: "2020-07-09T08:00:00+08:00")
        #expect(AuditRevision.ordered([c, a, b]).map(\.id) == ["a", "b", "c"])
        #expect(UnitStanding.latest([a, c, b], unit: "xiquan", checklist: "c")?.id == "c")
        #expect(UnitStanding.fork([a, b, c], unit: "xiquan", checklist: "c").isEmpty)
        // A PC a year ahead does not freeze the unit's audit: its child still wins.
        let ahead = revision("x", previous: nil, at: "2021-07-10T10:00:00+08:00")
        let next = revision("y", previous: "x", at: "2020-07-11T10:00:00+08:00")
        #expect(UnitStanding.latest([ahead, next], unit: "xiquan", checklist: "c")?.id == "y")
    }

    @Test func twoRevisionsFromOneParentAreAFork() {
        let a = revision("a", previous: nil, at: "2020-07-10T10:00:00+08:00")
        let b = revision("b", previous: "a", at: "2020-07-11T10:00:00+08:00", by: "李四")
        let c = revision("c", previous: "a", at: "2020-07-11T11:00:00+08:00", by: "王五")
        #expect(UnitStanding.fork([a, b, c], unit: "xiquan", checklist: "c").map(\.id) == ["b", "c"])
        #expect(AuditRevision.heads([a, b, c]).count == 2)
        let text = AuditPaperText.forkNote("喜泉镇", [b, c]).text(in: .zh)
        #expect(text.contains("喜泉镇 的自查记录出现分叉：修订 b（李四，"), "\(text)")
        // A cycle (records edited by hand) neither hangs nor crashes.
        let x = revision("x", previous: "y", at: "2020-07-10T10:00:00+08:00")
        let y = revision("y", previous: "x", at: "2020-07-10T11:00:00+08:00")
        #expect(AuditRevision.ordered([x, y]).count == 2)
    }
}
