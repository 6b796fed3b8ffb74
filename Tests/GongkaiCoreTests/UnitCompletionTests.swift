import Foundation
import Testing

@testable import GongkaiCore

/// The completion rule (`UnitStanding`) on its own: one unit, one session,
/// records made through the tool's APIs.
@Suite("Unit completion")
struct UnitCompletionTests {
    let fs = MemoryFileSystem()
    let maker: RecordMaker
    let session = ReportWorld.session
    let w = ReportWorld.self

    init() { maker = RecordMaker(fileSystem: fs) }

    var allGood: [AuditEntry] {
        [AuditEntry(item: "site", status: .pass), AuditEntry(item: "updates", status: .pass), AuditEntry(item: "review", status: .notApplicable)]
    }

    func standing(
        expected: Int = 1, checklist: Checklist? = ReportWorld.checklist, session: TrainingSession? = nil, today: LocalDate = ReportWorld.today
    ) -> UnitStanding {
        let session = session ?? self.session
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: .all)
        let unit = RosterUnit(id: "xiquan", name: "喜泉镇", kind: .township, expected: expected)
        let latest = checklist.flatMap { UnitStanding.latest(records.audits, unit: "xiquan", checklist: $0.id) }
        return UnitStanding(
            unit: unit, session: session, attendance: records.attendance, attempts: records.attempts, latestAudit: latest,
            checklist: checklist, today: today)
    }

    func passEverything(_ name: String, at minute: Int = 0) throws {
        try maker.takeQuiz(w.basics, name: name, unit: "xiquan", finishedAt: w.at("2020-07-08T10:\(String(format: "%02d", minute)):00+08:00"))
        try maker.takeQuiz(w.secrecy, name: name, unit: "xiquan", finishedAt: w.at("2020-07-08T11:\(String(format: "%02d", minute)):00+08:00"))
    }

    @Test func completeWhenEveryConditionHolds() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try passEverything("张三")
        try maker.audit(unit: "xiquan", by: "张三", entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        let s = standing()
        #expect(s.reasons == [])
        #expect(s.isComplete)
        #expect(s.attendees.map(\.name) == ["张三"])
        #expect(s.attendees.first?.passed == ["basics", "secrecy"])
        #expect(s.audit?.isAnswered == true)
    }

    @Test func noAttendees() throws {
        try maker.audit(unit: "xiquan", by: "张三", entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        #expect(standing(expected: 1).reasons == [.tooFewAttendees(expected: 1, signedIn: 0)])
        #expect(standing(expected: 0).reasons == [], "a unit that is expected to send nobody")
    }

    @Test func moreThanExpectedAndSigningInTwice() throws {
        for (name, minute) in [("张三", 0), ("李四", 1), ("张三", 30), ("王五", 2)] {
            try maker.signIn(name, unit: "xiquan", at: w.at("2020-07-08T09:\(String(format: "%02d", minute)):00+08:00"))
        }
        try passEverything("张三", at: 1)
        try passEverything("李四", at: 2)
        try passEverything("王五", at: 3)
        try maker.audit(unit: "xiquan", by: "张三", entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        let s = standing(expected: 2)
        #expect(s.attendees.map(\.name) == ["张三", "李四", "王五"])
        #expect(s.reasons == [])
        #expect(standing(expected: 4).reasons == [.tooFewAttendees(expected: 4, signedIn: 3)], "a second sign-in is not a fourth person")
    }

    @Test func whoHasNotPassedWhat() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try maker.signIn("李四", unit: "xiquan", at: w.at("2020-07-08T09:01:00+08:00"))
        // 张三 passes basics only; 李四 fails basics and passes secrecy only in a review drill
        // and in another session.
        try maker.takeQuiz(w.basics, name: "张三", unit: "xiquan", finishedAt: w.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(w.secrecy, name: "张三", unit: "xiquan", answers: ["s-tf": .text("错")], otherwise: .option(0), finishedAt: w.at("2020-07-08T10:10:00+08:00"))
        try maker.takeQuiz(w.basics, name: "李四", unit: "xiquan", otherwise: .option(0), finishedAt: w.at("2020-07-08T10:01:00+08:00"))
        try maker.takeQuiz(w.secrecy, name: "李四", unit: "xiquan", kind: .review, finishedAt: w.at("2020-07-08T10:20:00+08:00"))
        try maker.takeQuiz(w.secrecy, name: "李四", unit: "xiquan", session: "s0", finishedAt: w.at("2020-07-08T10:30:00+08:00"))
        // Someone from another unit with the same name does not help.
        try maker.takeQuiz(w.secrecy, name: "张三", unit: "luyang", finishedAt: w.at("2020-07-08T10:40:00+08:00"))
        try maker.audit(unit: "xiquan", by: "张三", entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        let s = standing(expected: 2)
        #expect(s.reasons == [.notPassed(name: "张三", courses: ["secrecy"]), .notPassed(name: "李四", courses: ["basics", "secrecy"])])
        let li = try #require(s.attendees.last)
        #expect(li.best["basics"] == .some(0))
        #expect(li.best["secrecy"] == .some(nil), "never attempted in this session")
    }

    @Test func auditMissingIncompleteAndRevised() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try passEverything("张三")
        #expect(standing().reasons == [.auditMissing])

        let first = try maker.audit(
            unit: "xiquan", by: "张三", entries: [AuditEntry(item: "site", status: .pass), AuditEntry(item: "updates", status: nil)],
            at: w.at("2020-07-10T09:00:00+08:00"))
        #expect(standing().reasons == [.auditUnanswered(items: ["updates", "review"])])

        // Two saves in the same second: the chain of `previous` decides which is latest.
        let second = try maker.audit(unit: "xiquan", by: "张三", previous: first, entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        #expect(standing().reasons == [])
        #expect(standing().audit?.revision?.id == second.id)

        // The office revises the checklist: the new item is unanswered until a new revision.
        #expect(standing(checklist: ReportWorld.checklistV2).reasons == [.auditUnanswered(items: ["new-item"])])
        try maker.audit(
            unit: "xiquan", by: "张三", checklist: ReportWorld.checklistV2, previous: second,
            entries: allGood + [AuditEntry(item: "new-item", status: .pass)], at: w.at("2020-07-15T09:00:00+08:00"))
        #expect(standing(checklist: ReportWorld.checklistV2).reasons == [])
    }

    @Test func overdueRectifications() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try passEverything("张三")
        try maker.audit(
            unit: "xiquan", by: "张三",
            entries: [
                AuditEntry(item: "site", status: .fail, rectification: Rectification(action: "修复", owner: "王五", deadline: w.day("2020-07-20"))),
                AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: "更新", owner: "李四", deadline: w.day("2020-07-19"))),
                AuditEntry(
                    item: "review", status: .fail,
                    rectification: Rectification(
                        action: "补记录", owner: "赵六", deadline: w.day("2020-07-01"), done: .init(date: w.day("2020-06-30"), evidence: "记录"))),
            ], at: w.at("2020-07-10T09:00:00+08:00"))
        let today = standing(today: w.day("2020-07-20"))
        #expect(today.reasons == [.rectificationOverdue(item: "updates", deadline: w.day("2020-07-19"), owner: "李四")], "due today is not overdue; done is not open")
        #expect(today.audit?.open.map(\.item) == ["site", "updates"])
        let tomorrow = standing(today: w.day("2020-07-21"))
        #expect(tomorrow.reasons.count == 2)
        let before = standing(today: w.day("2020-07-19"))
        #expect(before.reasons == [], "due today")
        #expect(Rectification(action: "a", owner: "b", deadline: w.day("2020-07-20")).isOverdue(today: w.day("2020-07-20")) == false)
        #expect(Rectification(action: "a", owner: "b", deadline: w.day("2020-07-20")).isOverdue(today: w.day("2020-07-21")) == true)
    }

    @Test func sessionsWithoutOrWithAnUnknownChecklist() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try passEverything("张三")
        var noAudit = session
        noAudit.checklist = nil
        #expect(standing(checklist: nil, session: noAudit).reasons == [])
        #expect(standing(checklist: nil, session: noAudit).audit == nil)
        // The session names a checklist the course folder does not have.
        #expect(standing(checklist: nil).reasons == [.auditMissing])
    }

    @Test func regradedAttemptsUseTheNewestGrading() throws {
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T09:00:00+08:00"))
        try maker.audit(unit: "xiquan", by: "张三", entries: allGood, at: w.at("2020-07-10T09:00:00+08:00"))
        let basics = try maker.takeQuiz(w.basics, name: "张三", unit: "xiquan", finishedAt: w.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(w.secrecy, name: "张三", unit: "xiquan", finishedAt: w.at("2020-07-08T11:00:00+08:00"))
        #expect(standing().reasons == [])
        // A key fix turns the pass into a fail: the new record supersedes the old one.
        var regraded = basics
        regraded.id = "20200720T020000Z-regrade1"
        regraded.supersedes = basics.id
        regraded.items = regraded.items.map { var i = $0; i.points = 0; return i }
        regraded = AttemptRecord(
            id: regraded.id, createdAt: w.now, trainee: regraded.trainee, session: regraded.session, course: regraded.course,
            mode: regraded.mode, startedAt: regraded.startedAt, finishedAt: regraded.finishedAt, items: regraded.items,
            passPercent: regraded.passPercent, supersedes: basics.id)
        try maker.store.save(regraded)
        #expect(standing().reasons == [.notPassed(name: "张三", courses: ["basics"])])
    }
}
