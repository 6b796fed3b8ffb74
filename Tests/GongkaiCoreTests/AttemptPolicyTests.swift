import Testing

@testable import GongkaiCore

/// `counted_attempts` and `retake_wait_minutes`, and the first-attempt figures of `report scores`.
@Suite("Attempt policy")
struct AttemptPolicyTests {
    @Test func theWaitBetweenAttempts() {
        var settings = QuizSettings()
        let now = ReportWorld.at("2020-07-08T10:30:00+08:00")
        let last = ReportWorld.at("2020-07-08T10:10:00+08:00")
        #expect(AttemptPolicy.nextStart(after: [last], settings: settings, now: now) == nil, "no wait set")
        settings.retakeWaitMinutes = 30
        #expect(AttemptPolicy.nextStart(after: [last], settings: settings, now: now)?.seconds == last.seconds + 1800)
        settings.retakeWaitMinutes = 20
        #expect(AttemptPolicy.nextStart(after: [last], settings: settings, now: now) == nil, "exactly 20 minutes later may start")
        #expect(AttemptPolicy.nextStart(after: [], settings: settings, now: now) == nil, "a first attempt never waits")
    }

    /// 甲 fails, then passes at the second attempt; 乙 passes at once; 丙 fails twice, then passes at the third.
    func world(counted: Int) throws -> (MemoryFileSystem, CourseLibrary) {
        var course = ReportWorld.basics
        course.quiz.countedAttempts = counted
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 3)
        let fail: [String: Typed] = ["b1": .option(0), "b2": .option(0)]
        for name in ["甲", "乙", "丙"] { try maker.signIn(name, unit: "xiquan", at: ReportWorld.at("2020-07-08T08:30:00+08:00")) }
        try maker.takeQuiz(course, name: "甲", unit: "xiquan", answers: fail, finishedAt: ReportWorld.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(course, name: "甲", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T11:00:00+08:00"))
        try maker.takeQuiz(course, name: "乙", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(course, name: "丙", unit: "xiquan", answers: fail, finishedAt: ReportWorld.at("2020-07-08T09:00:00+08:00"))
        try maker.takeQuiz(course, name: "丙", unit: "xiquan", answers: fail, finishedAt: ReportWorld.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(course, name: "丙", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T11:00:00+08:00"))
        return (fs, ReportWorld.library(courses: [course, ReportWorld.secrecy]))
    }

    @Test func firstAttemptPassRateAndAttemptsToPass() throws {
        let (fs, library) = try world(counted: 0)
        let json = ReportWorld.build(.scores, fileSystem: fs, library: library).json
        let course = try #require(json["courses"]?.element("course", "basics"))
        #expect(course["passRate"]?.numberValue == 100)
        #expect(course["firstAttemptPassRate"]?.numberValue == 33.3, "1 of 3 passed at the first attempt")
        #expect(course["passedFirstAttempt"]?.intValue == 1)
        #expect(course["meanAttemptsToPass"]?.numberValue == 2, "(2 + 1 + 3) / 3")
        let person = try #require(json["people"]?.element("name", "丙"))
        #expect(person["attemptsToPass"]?.intValue == 3)
        #expect(person["passedFirstAttempt"]?.boolValue == false)
        let unit = try #require(json["units"]?.element("unit", "xiquan")?["courses"]?.element("course", "basics"))
        #expect(unit["firstAttemptPassRate"]?.numberValue == 33.3)
    }

    @Test func onlyTheCountedAttemptsGiveTheBestScoreAndPass() throws {
        let (fs, library) = try world(counted: 2)
        let json = ReportWorld.build(.scores, fileSystem: fs, library: library).json
        let bing = try #require(json["people"]?.element("name", "丙"))
        #expect(bing["passed"]?.boolValue == false, "丙 passed only at the third attempt, which does not count")
        #expect(bing["attempts"]?.intValue == 2)
        #expect(json["people"]?.element("name", "甲")?["passed"]?.boolValue == true, "甲's second attempt counts")
        let completion = ReportWorld.build(.completion, fileSystem: fs, library: library).json
        let xiquan = try #require(completion["units"]?.element("id", "xiquan"))
        let reasons = xiquan["reasons"]?.elements.compactMap { $0["message"]?.stringValue } ?? []
        #expect(reasons.contains { $0.contains("丙") }, "completion uses the same rule: \(reasons)")
    }
}
