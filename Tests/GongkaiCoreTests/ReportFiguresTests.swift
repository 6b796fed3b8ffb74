import Testing

@testable import GongkaiCore

/// The figures of each report kind over records written through the tool's own
/// APIs (see `StandardScenario`), checked against numbers worked out by hand.
@Suite("Report figures")
struct ReportFiguresTests {
    let fs: MemoryFileSystem

    init() throws { fs = try StandardScenario.make() }

    func build(_ kind: Report.Kind, _ filter: ReportFilter = ReportFilter()) -> Report {
        ReportWorld.build(kind, fileSystem: fs, filter: filter)
    }

    // MARK: Attendance

    @Test func attendancePerUnitAndCountyTotals() throws {
        let report = build(.attendance)
        let json = report.json
        #expect(json["schema"]?.stringValue == "gongkai.report.attendance/1")
        #expect(json["session", "id"]?.stringValue == "s1", "the most recent session before today is reported")
        #expect(json["skippedRecords"]?.intValue == 0)
        #expect(json["duplicateRecords"]?.intValue == 0)

        let units = json["units"]?.elements ?? []
        #expect(units.compactMap { $0["id"]?.stringValue } == ["xiquan", "luyang", "caizheng", "jiaoyu", "wenlv"], "roster order")
        func figures(_ id: String) -> [Int?] {
            let u = json["units"]?.element("id", id)
            return [u?["expected"]?.intValue, u?["signedIn"]?.intValue, u?["missing"]?.intValue]
        }
        #expect(figures("xiquan") == [2, 2, 0], "张三 signed in twice and counts once")
        #expect(figures("luyang") == [2, 1, 1], "the s0 sign-in does not count for s1")
        #expect(figures("caizheng") == [1, 2, 0], "more than expected is not negative missing")
        #expect(figures("jiaoyu") == [1, 0, 1])
        #expect(figures("wenlv") == [0, 0, 0])
        let names = (json["units"]?.element("id", "xiquan")?["attendees"]?.elements ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == ["张三", "李四"], "first sign-in order, once each")
        let firstSignIn = json["units"]?.element("id", "xiquan")?["attendees"]?.elements.first?["signedInAt"]?.stringValue
        #expect(firstSignIn == "2020-07-08T08:50:00+08:00", "the first sign-in is kept")

        let totals = try #require(json["totals"])
        #expect(totals["units"]?.intValue == 5)
        #expect(totals["expected"]?.intValue == 6)
        #expect(totals["signedIn"]?.intValue == 5)
        #expect(totals["missing"]?.intValue == 2)
        #expect(totals["unitsFull"]?.intValue == 3)

        // The table agrees with the JSON, and ends with the county total.
        let rows = try #require(report.sections.first?.rows)
        #expect(rows.count == 6)
        #expect(rows.last?.map(\.text).prefix(5) == ["合计", "", "6", "5", "2"])
        #expect(rows[0].map(\.text) == ["喜泉镇", "乡镇", "2", "2", "0", "张三、李四"])
        #expect(report.figures.map(\.value) == ["5", "6", "5", "2", "3/5"])
    }

    @Test func attendanceForAnotherSessionAndDateFilters() {
        let s0 = build(.attendance, ReportFilter(session: "s0")).json
        #expect(s0["session", "id"]?.stringValue == "s0")
        #expect(s0["totals", "signedIn"]?.intValue == 1)
        #expect(s0["units"]?.element("id", "luyang")?["signedIn"]?.intValue == 1)

        // Nobody signed in after the training day.
        let afternoon = build(.attendance, ReportFilter(since: ReportWorld.day("2020-07-09"))).json
        #expect(afternoon["totals", "signedIn"]?.intValue == 0)
        let until = build(.attendance, ReportFilter(until: ReportWorld.day("2020-07-08"))).json
        #expect(until["totals", "signedIn"]?.intValue == 5)
        #expect(until["filters", "until"]?.stringValue == "2020-07-08")
    }

    @Test func attendanceFilteredToOneUnit() {
        let byID = build(.attendance, ReportFilter(unit: "caizheng")).json
        #expect((byID["units"]?.elements ?? []).compactMap { $0["id"]?.stringValue } == ["caizheng"])
        #expect(byID["totals", "expected"]?.intValue == 1)
        #expect(byID["totals", "signedIn"]?.intValue == 2)
        #expect(byID["filters", "unit"]?.stringValue == "caizheng")
        // The Chinese name works as well as the id.
        let byName = build(.attendance, ReportFilter(unit: "财政局")).json
        #expect((byName["units"]?.elements ?? []).compactMap { $0["id"]?.stringValue } == ["caizheng"])
    }

    // MARK: Scores

    @Test func scoresBestPerPersonPerModule() throws {
        let json = build(.scores, ReportFilter(session: "s1")).json
        #expect(json["schema"]?.stringValue == "gongkai.report.scores/1")
        let people = json["people"]?.elements ?? []
        func person(_ name: String, _ course: String) -> JSONValue? {
            people.first { $0["name"]?.stringValue == name && $0["course"]?.stringValue == course }
        }
        // (best, attempts, passed)
        func row(_ name: String, _ course: String) -> [String] {
            guard let p = person(name, course) else { return [] }
            return ["\(p["best"]?.numberValue ?? -1)", "\(p["attempts"]?.intValue ?? -1)", "\(p["passed"]?.boolValue ?? false)"]
        }
        #expect(row("张三", "basics") == ["100.0", "2", "true"], "best of 75 % and 100 %")
        #expect(row("李四", "basics") == ["100.0", "1", "true"])
        #expect(row("王五", "basics") == ["75.0", "1", "true"], "a skipped question scores 0; the s0 attempt is not in s1")
        #expect(row("赵六", "basics") == ["100.0", "1", "true"])
        #expect(row("钱七", "basics") == ["75.0", "2", "true"], "failed first, passed second")
        #expect(row("张三", "secrecy") == ["100.0", "1", "true"])
        #expect(row("王五", "secrecy") == ["50.0", "1", "false"], "the review drill does not count")
        #expect(row("赵六", "secrecy") == ["100.0", "1", "true"])
        #expect(person("钱七", "secrecy") == nil)
        #expect(people.count == 9)
        #expect(person("张三", "basics")?["lastAttemptAt"]?.stringValue == "2020-07-08T10:30:00+08:00")
        #expect(person("张三", "basics")?["unit"]?.stringValue == "xiquan")

        let totals = try #require(json["totals"])
        #expect(totals["attempts"]?.intValue == 11)
        #expect(totals["personCourses"]?.intValue == 9)
        #expect(totals["passed"]?.intValue == 8)
    }

    @Test func scoresPerUnitMeanOfBestAndPassRate() {
        let json = build(.scores, ReportFilter(session: "s1")).json
        func unit(_ id: String, _ course: String) -> [Double?] {
            let c = json["units"]?.element("unit", id)?["courses"]?.element("course", course)
            return [c?["participants"]?.numberValue, c?["meanBest"]?.numberValue, c?["passRate"]?.numberValue, c?["passed"]?.numberValue]
        }
        #expect(unit("xiquan", "basics") == [2, 100, 100, 2])
        #expect(unit("xiquan", "secrecy") == [2, 100, 100, 2])
        #expect(unit("luyang", "basics") == [1, 75, 100, 1])
        #expect(unit("luyang", "secrecy") == [1, 50, 0, 0])
        #expect(unit("caizheng", "basics") == [2, 87.5, 100, 2], "mean of the best scores 100 and 75, not of all attempts")
        #expect(unit("caizheng", "secrecy") == [1, 100, 100, 1])
        #expect(json["units"]?.element("unit", "jiaoyu") == nil, "a unit nobody from tested has no rows")
    }

    @Test func scoresPerModule() {
        let json = build(.scores, ReportFilter(session: "s1")).json
        func course(_ id: String) -> [Double?] {
            let c = json["courses"]?.element("course", id)
            return [c?["participants"]?.numberValue, c?["attempts"]?.numberValue, c?["meanBest"]?.numberValue, c?["passRate"]?.numberValue]
        }
        #expect(course("basics") == [5, 7, 90, 100])
        #expect(course("secrecy") == [4, 4, 87.5, 75])
        #expect(json["courses"]?.element("course", "secrecy")?["title"]?.stringValue == "保密审查")
        #expect((json["courses"]?.elements ?? []).compactMap { $0["course"]?.stringValue } == ["basics", "secrecy"], "course folder order")
    }

    @Test func scoresAcrossAllSessionsAndWithFilters() {
        let all = build(.scores).json
        #expect(all["session"] == .null)
        #expect(all["totals", "attempts"]?.intValue == 12, "the s0 attempt counts when no session is asked for")
        let wangwu = (all["people"]?.elements ?? []).first { $0["name"]?.stringValue == "王五" && $0["course"]?.stringValue == "basics" }
        #expect(wangwu?["attempts"]?.intValue == 2)
        #expect(wangwu?["best"]?.numberValue == 75)

        let early = build(.scores, ReportFilter(until: ReportWorld.day("2020-06-30"))).json
        #expect(early["totals", "attempts"]?.intValue == 1)
        #expect((early["people"]?.elements ?? []).first?["best"]?.numberValue == 0)
        #expect((early["people"]?.elements ?? []).first?["passed"]?.boolValue == false)

        let since = build(.scores, ReportFilter(since: ReportWorld.day("2020-07-01"))).json
        #expect(since["totals", "attempts"]?.intValue == 11)

        let unit = build(.scores, ReportFilter(session: "s1", unit: "caizheng")).json
        #expect(Set((unit["people"]?.elements ?? []).compactMap { $0["name"]?.stringValue }) == ["赵六", "钱七"])
        #expect(unit["totals", "attempts"]?.intValue == 4)

        let course = build(.scores, ReportFilter(session: "s1", course: "secrecy")).json
        #expect((course["courses"]?.elements ?? []).compactMap { $0["course"]?.stringValue } == ["secrecy"])
        #expect(course["totals", "attempts"]?.intValue == 4)
        #expect(course["filters", "course"]?.stringValue == "secrecy")
    }

    @Test func scoresTableRows() throws {
        let report = build(.scores, ReportFilter(session: "s1"))
        let people = try #require(report.sections.first)
        #expect(people.rows.count == 9)
        let zhang = try #require(people.rows.first { $0[1].text == "张三" && $0[2].text == "政府信息公开基础" })
        #expect(zhang[0].text == "喜泉镇")
        #expect(zhang[3].text == "100%")
        #expect(zhang[4].text == "2")
        #expect(zhang[5].text == "是")
        // Mean of the nine best scores (450 + 350) / 9 = 88.88…; 8 of 9 person-modules passed: both half up to 88.9.
        #expect(report.figures.map(\.value) == ["5", "11", "88.9%", "88.9%"])
    }

    // MARK: Audits

    @Test func auditsLatestRevisionCountsAndOpenRectifications() throws {
        let report = build(.audits)
        let json = report.json
        #expect(json["schema"]?.stringValue == "gongkai.report.audits/2")
        #expect(json["checklist", "id"]?.stringValue == "col")
        #expect(json["checklist", "version"]?.intValue == 1)
        func counts(_ id: String) -> [Int?] {
            let u = json["units"]?.element("id", id)
            return [u?["pass"]?.intValue, u?["fail"]?.intValue, u?["notApplicable"]?.intValue, u?["unanswered"]?.intValue, u?["open"]?.intValue]
        }
        // Counts are counts, and each agrees with its list.
        for unit in json["units"]?.elements ?? [] {
            #expect(unit["unanswered"]?.intValue == unit["unansweredItems"]?.elements.count)
            #expect(unit["open"]?.intValue == unit["openItems"]?.elements.count)
            #expect(unit["overdue"]?.intValue == unit["openItems"]?.elements.filter { $0["overdue"]?.boolValue == true }.count)
        }
        #expect(counts("xiquan") == [2, 1, 0, 0, 1])
        #expect(counts("caizheng") == [1, 1, 0, 1, 1], "the later revision wins")
        #expect(counts("wenlv") == [1, 1, 1, 0, 0], "a rectification marked done is no longer open")
        #expect(counts("luyang") == [0, 0, 0, 0, 0])
        let caizheng = try #require(json["units"]?.element("id", "caizheng"))
        #expect(caizheng["by"]?.stringValue == "钱七")
        #expect(caizheng["latestAt"]?.stringValue == "2020-07-12T09:00:00+08:00")
        #expect(caizheng["unansweredItems"]?.elements.first?.stringValue == "review")
        #expect(caizheng["checklistVersion"]?.intValue == 1)
        let open = try #require(caizheng["openItems"]?.elements.first)
        #expect(open["item"]?.stringValue == "updates")
        #expect(open["deadline"]?.stringValue == "2020-07-19")
        #expect(open["overdue"]?.boolValue == true, "yesterday's deadline is overdue")
        let xiquanOpen = try #require(json["units"]?.element("id", "xiquan")?["openItems"]?.elements.first)
        #expect(xiquanOpen["overdue"]?.boolValue == false, "a deadline of today is not yet overdue")
        #expect(json["units"]?.element("id", "luyang")?["latestRevision"] == .null)

        #expect(json["totals", "submitted"]?.intValue == 3)
        #expect(json["totals", "open"]?.intValue == 2)
        #expect(json["totals", "overdue"]?.intValue == 1)
        #expect(report.figures.map(\.value) == ["3/5", "2", "1", "1", "0"], "open, overdue, then closed on time and late")
        // The open-rectification table flags the overdue one.
        let openRows = try #require(report.sections.last?.rows)
        #expect(openRows.count == 2)
        #expect(openRows.contains { $0[0].text == "财政局" && $0[5].text == "已逾期" && $0[5].tone == .bad })
        #expect(openRows.contains { $0[0].text == "喜泉镇" && $0[5].text == "未到期" })
    }

    @Test func auditsAsTheyStoodOnADate() throws {
        // Until the 10th, 财政局's latest revision is the first one, all answered.
        let json = build(.audits, ReportFilter(until: ReportWorld.day("2020-07-10"))).json
        let caizheng = try #require(json["units"]?.element("id", "caizheng"))
        #expect(caizheng["pass"]?.intValue == 3)
        #expect(caizheng["open"]?.intValue == 0)
        #expect(caizheng["openItems"]?.elements.count == 0)
        #expect(caizheng["by"]?.stringValue == "赵六")
        #expect(json["units"]?.element("id", "wenlv")?["latestRevision"] == .null, "submitted on the 11th")
        #expect(json["totals", "submitted"]?.intValue == 2)
    }

    // MARK: Completion

    @Test func completionReasonsPerUnit() throws {
        let json = build(.completion).json
        #expect(json["schema"]?.stringValue == "gongkai.report.completion/2")
        func codes(_ id: String) -> [String] {
            (json["units"]?.element("id", id)?["reasons"]?.elements ?? []).compactMap { $0["code"]?.stringValue }
        }
        func complete(_ id: String) -> Bool? { json["units"]?.element("id", id)?["complete"]?.boolValue }
        #expect(complete("xiquan") == true, "\(codes("xiquan"))")
        #expect(codes("luyang") == ["tooFewAttendees", "notPassed", "auditMissing"])
        #expect(codes("caizheng") == ["notPassed", "auditUnanswered", "rectificationOverdue"])
        #expect(codes("jiaoyu") == ["tooFewAttendees", "auditMissing"])
        #expect(complete("wenlv") == true, "expects nobody, audit answered: \(codes("wenlv"))")
        #expect(json["totals", "complete"]?.intValue == 2)
        #expect(json["totals", "incomplete"]?.intValue == 3)

        // Messages name who has not passed what, and the overdue item.
        let caizheng = try #require(json["units"]?.element("id", "caizheng"))
        let messages = (caizheng["reasons"]?.elements ?? []).compactMap { $0["message"]?.stringValue }
        #expect(messages[0].contains("钱七") && messages[0].contains("保密审查"), "\(messages)")
        #expect(!messages[0].contains("赵六"))
        #expect(messages[2].contains("2020-07-19"), "\(messages)")
        let attendees = caizheng["attendees"]?.elements ?? []
        #expect(attendees.element("name", "钱七")?["notPassed"]?.elements.compactMap { $0.stringValue } == ["secrecy"])
        #expect(attendees.element("name", "钱七")?["passed"]?.elements.compactMap { $0.stringValue } == ["basics"])
        #expect(caizheng["audit", "status"]?.stringValue == "incomplete")
        #expect(caizheng["audit", "overdueItems"]?.elements.first?["item"]?.stringValue == "updates")
        #expect(caizheng["audit", "overdue"]?.intValue == 1)
        #expect(caizheng["audit", "unanswered"]?.intValue == caizheng["audit", "unansweredItems"]?.elements.count)
        let luyang = try #require(json["units"]?.element("id", "luyang"))
        #expect(luyang["audit", "status"]?.stringValue == "missing")
        #expect(luyang["reasons"]?.elements.first?["message"]?.stringValue == "签到人数不足（应到 2，实到 1）")
    }

    @Test func completionWithTheChecklistRevisedToANewVersion() throws {
        let library = ReportWorld.library(checklists: [ReportWorld.checklistV2])
        let json = ReportWorld.build(.completion, fileSystem: fs, library: library).json
        let xiquan = try #require(json["units"]?.element("id", "xiquan"))
        #expect(xiquan["complete"]?.boolValue == false)
        let reasons = xiquan["reasons"]?.elements ?? []
        #expect(reasons.compactMap { $0["code"]?.stringValue } == ["auditUnanswered"])
        #expect(xiquan["audit", "unansweredItems"]?.elements.compactMap { $0.stringValue } == ["new-item"])
        #expect(xiquan["audit", "unanswered"]?.intValue == 1)
        let message = reasons.first?["message"]?.stringValue ?? ""
        #expect(message.contains("依申请公开台账"), "names the new item: \(reasons)")
        #expect(json["units"]?.element("id", "wenlv")?["complete"]?.boolValue == false)
    }

    @Test func completionForAUnitFilter() {
        let json = build(.completion, ReportFilter(unit: "xiquan")).json
        #expect((json["units"]?.elements ?? []).compactMap { $0["id"]?.stringValue } == ["xiquan"])
        #expect(json["totals", "complete"]?.intValue == 1)
    }

    @Test func completionAfterTheDeadlinePasses() throws {
        // Ten days later the rectification due on the 20th is overdue.
        let later = ReportWorld.at("2020-07-30T10:00:00+08:00")
        let json = ReportWorld.build(.completion, fileSystem: fs, now: later).json
        let xiquan = try #require(json["units"]?.element("id", "xiquan"))
        #expect(xiquan["complete"]?.boolValue == false)
        #expect((xiquan["reasons"]?.elements ?? []).compactMap { $0["code"]?.stringValue } == ["rectificationOverdue"])
    }

    @Test func englishReportHasTheSameFigures() {
        let zh = build(.completion)
        let en = ReportWorld.build(.completion, fileSystem: fs, language: .en)
        #expect(en.title == "Unit completion")
        #expect(zh.figures.map(\.value) == en.figures.map(\.value))
        #expect(en.json["totals"] == zh.json["totals"])
    }
}
