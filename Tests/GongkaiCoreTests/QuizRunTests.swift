import Testing

@testable import GongkaiCore

@Suite struct QuizRunTests {
    private func makeRun(_ course: Course = TestSupport.everyTypeCourse(), plan: [PlannedItem]? = nil) -> QuizRun {
        QuizRun(
            id: "run-1", course: course, trainee: TestSupport.trainee, session: "2020-07-08-training",
            startedAt: TestSupport.fixedStart, plan: plan ?? TestSupport.identityPlan(course))
    }

    /// Answers the current question by parsing what a trainee would type.
    private func type(_ input: String, into run: inout QuizRun) throws {
        let item = try #require(run.current)
        let response = try ResponseParser.parse(input, question: item.question, shown: item.shown).get()
        run.answer(raw: input, response: response)
    }

    // MARK: Navigation

    @Test func startsAtTheFirstQuestionWithNothingAnswered() {
        let run = makeRun()
        #expect(run.position == 0)
        #expect(run.current?.question.id == "q-single")
        #expect(run.answeredCount == 0)
        #expect(run.unansweredPositions == Array(0..<7))
        #expect(!run.isAtEnd)
        #expect(run.mode == .exam)
    }

    @Test func answerSkipBackAndGo() throws {
        var run = makeRun()
        try type("C", into: &run)
        #expect(run.position == 1)
        #expect(run.items[0].raw == "C")
        #expect(run.items[0].response == .options([2]))
        run.skip()
        #expect(run.position == 2)
        #expect(run.items[1].isAnswered == false)
        try type("对", into: &run)
        #expect(run.unansweredPositions == [1, 3, 4, 5, 6])
        let wentBack = run.back()
        #expect(wentBack)
        #expect(run.position == 2)
        #expect(run.current?.response == .truth(true), "going back keeps the answer")
        run.go(to: 1)
        try type("AB", into: &run)
        #expect(run.position == 2)
        #expect(run.unansweredPositions == [3, 4, 5, 6])
        #expect(run.answeredCount == 3)
    }

    @Test func changingAnAnswerReplacesIt() throws {
        var run = makeRun()
        try type("A", into: &run)
        run.go(to: 0)
        try type("C", into: &run)
        #expect(run.items[0].raw == "C")
        #expect(run.items[0].response == .options([2]))
        #expect(run.answeredCount == 1)
    }

    @Test func backAtTheFirstQuestionIsRefused() {
        var run = makeRun()
        let wentBack = run.back()
        #expect(wentBack == false)
        #expect(run.position == 0)
    }

    @Test func goClampsAndSkipStopsAtTheEnd() {
        var run = makeRun()
        run.go(to: -5)
        #expect(run.position == 0)
        run.go(to: 99)
        #expect(run.position == 7)
        #expect(run.isAtEnd)
        #expect(run.current == nil)
        run.skip()
        #expect(run.position == 7)
        run.answer(raw: "A", response: .options([0]))
        #expect(run.answeredCount == 0, "answering past the end changes nothing")
        let wentBackFromEnd = run.back()
        #expect(wentBackFromEnd)
        #expect(run.position == 6)
    }

    @Test func planItemsUnknownToTheCourseAreDropped() {
        let course = TestSupport.everyTypeCourse()
        let run = makeRun(course, plan: [PlannedItem(questionID: "q-tf", shown: []), PlannedItem(questionID: "gone", shown: [])])
        #expect(run.items.map(\.question.id) == ["q-tf"])
    }

    @Test func reviewRunsAreAlwaysPractice() {
        let course = TestSupport.everyTypeCourse()
        let run = QuizRun(
            id: "r", course: course, trainee: TestSupport.trainee, session: nil, kind: .review,
            startedAt: TestSupport.fixedStart, plan: TestSupport.identityPlan(course))
        #expect(run.mode == .practice)
    }

    // MARK: Progress and resume

    @Test func progressRoundTripRestoresItemsOrderAndAnswers() throws {
        var course = TestSupport.everyTypeCourse()
        // A resumed quiz must be a whole draw (issue 13): this one draws five.
        course.quiz.draw = 5
        let plan = [
            PlannedItem(questionID: "q-order", shown: [3, 1, 0, 2]), PlannedItem(questionID: "q-num", shown: []),
            PlannedItem(questionID: "q-single", shown: [1, 3, 0, 2]), PlannedItem(questionID: "q-redact", shown: []),
            PlannedItem(questionID: "q-fill", shown: []),
        ]
        var run = makeRun(course, plan: plan)
        try type("CBDA", into: &run)
        try type("二十", into: &run)
        run.skip()
        try type("2 4", into: &run)
        run.go(to: 2)

        let saved = run.progress(at: TestSupport.fixedEnd)
        #expect(saved.position == 2)
        #expect(saved.answeredCount == 3)
        #expect(saved.items.map(\.question) == ["q-order", "q-num", "q-single", "q-redact", "q-fill"])

        // Through the bytes on disk, as a crash and restart would.
        let (decoded, integrity) = try RecordCodec.decode(RecordCodec.encode(saved), as: ProgressRecord.self)
        #expect(integrity == .verified)
        let resumed = try QuizRun(resuming: decoded, course: course)
        #expect(resumed.items == run.items)
        #expect(resumed.position == 2)
        #expect(resumed.id == run.id)
        #expect(resumed.trainee == run.trainee)
        #expect(resumed.session == run.session)
        #expect(resumed.startedAt == run.startedAt)
        #expect(resumed.kind == run.kind)
        #expect(resumed.items[0].response == .options([0, 1, 2, 3]))
        #expect(resumed.items[0].raw == "CBDA")
        #expect(resumed == run)
    }

    @Test func resumeIsRefusedWhenTheKeyChanged() {
        let course = TestSupport.everyTypeCourse()
        let saved = makeRun(course).progress(at: TestSupport.fixedEnd)
        var questions = course.questions
        questions[0].answer = .single(0)
        let changed = Course(id: course.id, title: course.title, version: 2, quiz: course.quiz, questions: questions)
        #expect(changed.digest != course.digest)
        #expect(throws: QuizRun.ResumeProblem.courseChanged(savedVersion: 1, currentVersion: 2)) {
            try QuizRun(resuming: saved, course: changed)
        }
    }

    @Test func resumeIsRefusedWhenTheCourseChangedWithoutAVersionBump() {
        let course = TestSupport.everyTypeCourse()
        let saved = makeRun(course).progress(at: TestSupport.fixedEnd)
        var quiz = course.quiz
        quiz.multipleScoring = .allOrNothing
        let changed = Course(id: course.id, title: course.title, version: 1, quiz: quiz, questions: course.questions)
        #expect(throws: QuizRun.ResumeProblem.courseChanged(savedVersion: 1, currentVersion: 1)) {
            try QuizRun(resuming: saved, course: changed)
        }
    }

    @Test func resumeIsAllowedWhenOnlyLessonsChanged() throws {
        let course = TestSupport.everyTypeCourse()
        let saved = makeRun(course).progress(at: TestSupport.fixedEnd)
        let edited = Course(
            id: course.id, title: "新标题", version: course.version, quiz: course.quiz, lessons: [Lesson(title: "新", body: "新")],
            questions: course.questions)
        let resumed = try QuizRun(resuming: saved, course: edited)
        #expect(resumed.items.count == 7)
    }

    @Test func resumeReportsAMissingQuestion() {
        let course = TestSupport.everyTypeCourse()
        let saved = makeRun(course).progress(at: TestSupport.fixedEnd)
        let shrunk = Course(
            id: course.id, title: course.title, version: 1, quiz: course.quiz, questions: Array(course.questions.dropLast()),
            digest: course.digest)
        #expect(throws: QuizRun.ResumeProblem.questionMissing("q-redact")) {
            try QuizRun(resuming: saved, course: shrunk)
        }
    }

    @Test func resumeClampsTheSavedPosition() throws {
        let course = TestSupport.everyTypeCourse()
        var saved = makeRun(course).progress(at: TestSupport.fixedEnd)
        saved.position = 42
        #expect(try QuizRun(resuming: saved, course: course).position == 6)
        saved.position = -3
        #expect(try QuizRun(resuming: saved, course: course).position == 0)
    }

    @Test func progressHoldsNoPointsInExamMode() {
        let saved = makeRun().progress(at: TestSupport.fixedEnd)
        let json = JSONWriter.string(.object(saved.fields()))
        #expect(!json.contains("points"))
        #expect(!json.contains("\"max\""))
        #expect(saved.mode == .exam)
    }

    // MARK: Submit

    @Test func submitTotalsEveryItem() throws {
        var run = makeRun()
        try type("C", into: &run)  // single: right, 1
        try type("A", into: &run)  // multiple key ABD: one of three, 0.33
        try type("错", into: &run)  // truefalse: wrong, 0
        try type(" 国务院办公厅。", into: &run)  // fill: right, 1
        run.skip()  // numeric: skipped, 0
        try type("ABCD", into: &run)  // order: right, 1
        try type("2", into: &run)  // redact: half of 2 points, 1
        let record = run.submit(id: "a-1", at: TestSupport.fixedEnd)
        #expect(record.items.map { Grader.roundPoints($0.points) } == [1, 0.33, 0, 1, 0, 1, 1])
        #expect(record.items.map(\.max) == [1, 1, 1, 1, 1, 1, 2])
        #expect(record.score.points == 4.33)
        #expect(record.score.max == 8)
        #expect(record.score.percent == 54.2, "4⅓ of 8 = 54.17 %, half up")
        #expect(record.passed == false)
        #expect(record.items[4].raw == nil && record.items[4].response == nil)
        #expect(record.items[3].raw == " 国务院办公厅。")
        #expect(record.course == CourseRef(run.course))
        #expect(record.startedAt == TestSupport.fixedStart)
        #expect(record.finishedAt == TestSupport.fixedEnd)
        #expect(record.createdAt == TestSupport.fixedEnd)
        #expect(record.passPercent == 60)
        #expect(record.trainee == TestSupport.trainee)
        #expect(record.session == "2020-07-08-training")
        #expect(record.id == "a-1")
    }

    /// Five one-point questions: 3 of 5 is exactly 60 %.
    private func fiveTrueFalse(passPercent: Double) -> Course {
        Course(
            id: "five", title: "五题", version: 1, quiz: QuizSettings(passPercent: passPercent),
            questions: (1...5).map { TestSupport.trueFalse("t\($0)", key: true) })
    }

    private func submit(_ course: Course, correct: Int) -> AttemptRecord {
        var run = makeRun(course)
        for index in 0..<course.questions.count {
            run.answer(raw: index < correct ? "对" : "错", response: .truth(index < correct))
        }
        return run.submit(id: "a", at: TestSupport.fixedEnd)
    }

    @Test func exactlyThePassPercentPasses() {
        let course = fiveTrueFalse(passPercent: 60)
        let atBoundary = submit(course, correct: 3)
        #expect(atBoundary.score.percent == 60)
        #expect(atBoundary.passed)
        let below = submit(course, correct: 2)
        #expect(below.score.percent == 40)
        #expect(!below.passed)
        #expect(submit(fiveTrueFalse(passPercent: 100), correct: 5).passed)
        #expect(!submit(fiveTrueFalse(passPercent: 100), correct: 4).passed)
        #expect(submit(fiveTrueFalse(passPercent: 0), correct: 0).passed)
    }

    @Test func aScoreJustBelowThePassPercentFails() {
        // 79.97 % must not pass an 80 % bar, even though it displays as 80.0.
        let items = [AttemptItem(question: "q", type: .fill, shown: [], raw: "x", response: .text("x"), points: 23.99, max: 30)]
        let record = AttemptRecord(
            id: "a", createdAt: TestSupport.fixedEnd, trainee: TestSupport.trainee, session: nil,
            course: CourseRef(id: "c", version: 1, digest: "d"), mode: .exam, startedAt: TestSupport.fixedStart,
            finishedAt: TestSupport.fixedEnd, items: items, passPercent: 80)
        #expect(record.passed == false, "23.99 / 30 = 79.97 % is below 80 %")
    }

    @Test func exactlyThePassPercentWithFractionalPoints() {
        // 2/3 of a point on each of three questions: 2 of 3 points is 66.7 % displayed.
        let items = (0..<3).map {
            AttemptItem(question: "q\($0)", type: .multiple, shown: [], raw: "AB", response: .options([0, 1]), points: 0.67, max: 1)
        }
        let record = AttemptRecord(
            id: "a", createdAt: TestSupport.fixedEnd, trainee: TestSupport.trainee, session: nil,
            course: CourseRef(id: "c", version: 1, digest: "d"), mode: .exam, startedAt: TestSupport.fixedStart,
            finishedAt: TestSupport.fixedEnd, items: items, passPercent: 67)
        #expect(record.score.points == 2.01)
        #expect(record.score.percent == 67)
        #expect(record.passed)
    }
}
