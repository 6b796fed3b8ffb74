import Testing

@testable import GongkaiCore

/// A retake avoids the questions of the trainee's previous attempt where the pool allows.
@Suite struct DrawAvoidanceTests {
    private func pool(_ count: Int, draw: Int, shuffleQuestions: Bool = true) -> Course {
        Course(
            id: "pool", title: "题库", version: 1,
            quiz: QuizSettings(draw: draw, shuffleQuestions: shuffleQuestions, shuffleOptions: true),
            questions: (0..<count).map { TestSupport.single("q\($0)", key: $0 % 4) })
    }

    private func ids(_ course: Course, seed: UInt64, avoiding: Set<String> = []) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return QuizDrawer.draw(course, avoiding: avoiding, using: &generator).map(\.questionID)
    }

    @Test(arguments: [1, 2, 3, 99] as [UInt64])
    func aRetakeOfFifteenFromFortyFiveSharesNoQuestion(seed: UInt64) {
        let course = pool(45, draw: 15)
        let first = ids(course, seed: seed)
        let second = ids(course, seed: seed &+ 1000, avoiding: Set(first))
        #expect(second.count == 15)
        #expect(Set(second).isDisjoint(with: first))
        // And a third attempt avoids the second (only the previous attempt counts).
        let third = ids(course, seed: seed &+ 2000, avoiding: Set(second))
        #expect(Set(third).isDisjoint(with: second))
    }

    @Test func whenThePoolIsTooSmallOnlyTheShortfallRepeats() {
        let course = pool(20, draw: 15)
        let first = ids(course, seed: 5)
        let second = ids(course, seed: 6, avoiding: Set(first))
        #expect(second.count == 15)
        #expect(Set(second).count == 15)
        // 5 fresh questions exist; all of them are drawn, and 10 come from the previous attempt.
        #expect(Set(second).subtracting(first).count == 5)
        #expect(Set(second).intersection(first).count == 10)
    }

    @Test func nothingToAvoidDrawsExactlyAsBefore() {
        let course = pool(45, draw: 15)
        var a = SeededGenerator(seed: 11)
        var b = SeededGenerator(seed: 11)
        #expect(QuizDrawer.draw(course, using: &a) == QuizDrawer.draw(course, avoiding: [], using: &b))
        // Avoiding ids that are not in the pool changes nothing either.
        #expect(ids(course, seed: 11) == ids(course, seed: 11, avoiding: ["elsewhere"]))
    }

    @Test func theSameSeedAndHistoryDrawTheSameAttempt() {
        let course = pool(45, draw: 15)
        let avoid = Set(ids(course, seed: 1))
        #expect(ids(course, seed: 7, avoiding: avoid) == ids(course, seed: 7, avoiding: avoid))
        #expect(ids(course, seed: 7, avoiding: avoid) != ids(course, seed: 8, avoiding: avoid))
    }

    @Test func unshuffledCoursesStayInCourseOrder() {
        let course = pool(45, draw: 15, shuffleQuestions: false)
        let first = ids(course, seed: 3)
        let second = ids(course, seed: 4, avoiding: Set(first))
        let positions = second.compactMap { id in course.questions.firstIndex { $0.id == id } }
        #expect(positions == positions.sorted())
        #expect(Set(second).isDisjoint(with: first))
    }

    @Test func onlyTheLatestQuizAttemptAtThisCourseIsAvoided() {
        func attempt(_ id: String, course: String = "pool", kind: AttemptKind = .quiz, minute: Int, questions: [String]) -> AttemptRecord {
            let at = Timestamp(parsing: "2020-07-08T10:\(minute < 10 ? "0" : "")\(minute):00+08:00")!
            return AttemptRecord(
                id: id, createdAt: at, trainee: TestSupport.trainee, session: nil,
                course: CourseRef(id: course, version: 1, digest: "sha256:00"), kind: kind, mode: .exam, startedAt: at,
                finishedAt: at,
                items: questions.map { AttemptItem(question: $0, type: .single, shown: [0], raw: "A", response: .options([0]), points: 1, max: 1) },
                passPercent: 80)
        }
        let records = [
            attempt("b", minute: 20, questions: ["q3", "q4"]),
            attempt("a", minute: 10, questions: ["q1", "q2"]),
            attempt("r", kind: .review, minute: 30, questions: ["q9"]),
            attempt("o", course: "other", minute: 40, questions: ["q8"]),
        ]
        #expect(QuizDrawer.questionsToAvoid(records, course: "pool") == ["q3", "q4"])
        #expect(QuizDrawer.questionsToAvoid([], course: "pool").isEmpty)
    }
}
