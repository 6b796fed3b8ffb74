import Testing

@testable import GongkaiCore

@Suite struct GraderTests {
    private func points(_ question: Question, _ response: Response?, _ scoring: QuizSettings.MultipleScoring = .partial) -> Double {
        Grader.grade(question, response: response, scoring: scoring).points
    }

    // MARK: Every type, right and wrong

    @Test func singleRightAndWrong() {
        let q = TestSupport.single("s", key: 2, points: 3)
        #expect(Grader.grade(q, response: .options([2]), scoring: .partial) == ItemGrade(points: 3, max: 3))
        #expect(points(q, .options([1])) == 0)
        #expect(points(q, .options([2, 1])) == 0)
        #expect(points(q, .options([])) == 0)
    }

    @Test func trueFalseRightAndWrong() {
        let yes = TestSupport.trueFalse("t", key: true)
        let no = TestSupport.trueFalse("f", key: false)
        #expect(points(yes, .truth(true)) == 1)
        #expect(points(yes, .truth(false)) == 0)
        #expect(points(no, .truth(false)) == 1)
        #expect(points(no, .truth(true)) == 0)
    }

    @Test func fillAcceptsAnyListedAnswerAfterNormalisation() {
        let q = TestSupport.fill("f", accepted: ["办公厅", "国务院办公厅", "General Office"])
        #expect(points(q, .text("办公厅")) == 1)
        #expect(points(q, .text("国务院办公厅。")) == 1)
        #expect(points(q, .text(" general  office ")) == 1)
        #expect(points(q, .text("ＧＥＮＥＲＡＬ ＯＦＦＩＣＥ")) == 1)
        #expect(points(q, .text("办公室")) == 0)
        #expect(points(q, .text("")) == 0)
    }

    @Test func numericWithAndWithoutTolerance() {
        let exact = TestSupport.numeric("n", value: 20)
        #expect(points(exact, .number(20)) == 1)
        #expect(points(exact, .number(20.01)) == 0)
        #expect(points(exact, .number(15)) == 0)
        let loose = TestSupport.numeric("n", value: 20, tolerance: 0.5)
        #expect(points(loose, .number(20.5)) == 1)
        #expect(points(loose, .number(19.5)) == 1)
        #expect(points(loose, .number(20.51)) == 0)
        #expect(points(loose, .number(19.4)) == 0)
    }

    @Test func orderMustMatchExactly() {
        let q = TestSupport.order("o", key: [1, 0, 3, 2])
        #expect(points(q, .options([1, 0, 3, 2])) == 1)
        #expect(points(q, .options([0, 1, 2, 3])) == 0)
        #expect(points(q, .options([1, 0, 2, 3])) == 0, "no partial credit for order")
    }

    // MARK: Multiple choice

    @Test func multipleAllRight() {
        let q = TestSupport.multiple("m", key: [0, 1, 3])
        #expect(points(q, .options([0, 1, 3]), .partial) == 1)
        #expect(points(q, .options([0, 1, 3]), .allOrNothing) == 1)
        #expect(points(q, .options([3, 0, 1]), .partial) == 1, "order of chosen letters does not matter")
    }

    @Test func multipleWrongOptionScoresZeroEvenWithPartialScoring() {
        let q = TestSupport.multiple("m", key: [0, 1, 3])
        #expect(points(q, .options([0, 1, 2]), .partial) == 0)
        #expect(points(q, .options([0, 1, 2, 3]), .partial) == 0)
        #expect(points(q, .options([2]), .partial) == 0)
    }

    @Test func multipleSubsetIsProportionalUnderPartialAndZeroUnderAllOrNothing() {
        let q = TestSupport.multiple("m", key: [0, 1, 3], points: 3)
        #expect(points(q, .options([0]), .partial) == 1)
        #expect(points(q, .options([0, 3]), .partial) == 2)
        #expect(points(q, .options([0]), .allOrNothing) == 0)
        #expect(points(q, .options([0, 3]), .allOrNothing) == 0)
        #expect(points(q, .options([]), .partial) == 0)
        let onePoint = TestSupport.multiple("m", key: [0, 1, 3])
        #expect(abs(points(onePoint, .options([0, 1]), .partial) - 2.0 / 3.0) < 1e-12, "two of three, unrounded")
        #expect(Grader.grade(onePoint, response: .options([0, 1]), scoring: .partial).isPartial)
        #expect(!Grader.grade(onePoint, response: .options([0, 1]), scoring: .partial).isCorrect)
    }

    // MARK: Redact

    @Test func redactFullPartialZeroAndOverMarking() {
        // Key: lines 2 and 4 withheld, 2 points.
        let q = TestSupport.redact("r", reasons: [2: "隐私", 4: "手机号"], points: 2)
        #expect(points(q, .lines([2, 4])) == 2, "full")
        #expect(points(q, .lines([2])) == 1, "half of the lines")
        #expect(points(q, .lines([])) == 0, "nothing marked")
        #expect(points(q, .lines([1, 3])) == 0, "only wrong lines")
        #expect(points(q, .lines([2, 3])) == 0, "one right minus one wrong")
        #expect(points(q, .lines([2, 4, 1])) == 1, "two right minus one wrong, of two")
        #expect(points(q, .lines([1, 2, 3, 4, 5])) == 0, "marking everything: 2 − 3 floors at 0")
    }

    @Test func redactScalesToPointsWithoutRounding() {
        let q = TestSupport.redact("r", reasons: [1: "a", 2: "b", 3: "c"], lines: 6, points: 1)
        #expect(abs(points(q, .lines([1])) - 1.0 / 3.0) < 1e-12)
        #expect(abs(points(q, .lines([1, 2])) - 2.0 / 3.0) < 1e-12)
        #expect(abs(points(q, .lines([1, 2, 3, 4])) - 2.0 / 3.0) < 1e-12)
        #expect(points(q, .lines([1, 2, 3])) == 1)
        // Three thirds add up to a whole point, so no score falls short by rounding.
        #expect(abs(points(q, .lines([1])) * 3 - 1) < 1e-12)
    }

    @Test func redactWithEmptyKeyRewardsMarkingNothing() {
        let q = TestSupport.redact("r", reasons: [:], points: 2)
        #expect(points(q, .lines([])) == 2)
        #expect(points(q, .lines([3])) == 0)
    }

    // MARK: Skipped and mismatched

    @Test func skippedScoresZeroButKeepsTheMaximum() {
        for q in TestSupport.everyTypeCourse().questions {
            #expect(Grader.grade(q, response: nil, scoring: .partial) == ItemGrade(points: 0, max: q.points))
        }
    }

    @Test func responseOfTheWrongKindScoresZero() {
        #expect(points(TestSupport.single("s", key: 0), .truth(true)) == 0)
        #expect(points(TestSupport.trueFalse("t"), .options([0])) == 0)
        #expect(points(TestSupport.numeric("n", value: 20), .text("20")) == 0)
        #expect(points(TestSupport.redact("r"), .options([1, 3])) == 0)
    }

    // MARK: Arithmetic

    @Test func pointsRounding() {
        #expect(Grader.roundPoints(0.1 + 0.2) == 0.3)
        #expect(Grader.roundPoints(2.0 / 3.0) == 0.67)
    }

    @Test func itemGradeFlags() {
        #expect(ItemGrade(points: 1, max: 1).isCorrect)
        #expect(!ItemGrade(points: 1, max: 1).isPartial)
        #expect(ItemGrade(points: 0.5, max: 1).isPartial)
        #expect(!ItemGrade(points: 0, max: 1).isPartial)
        #expect(!ItemGrade(points: 0, max: 0).isCorrect)
    }

    @Test func everyTypeRightAnswerFromTheKeyScoresFull() {
        let course = TestSupport.everyTypeCourse()
        for q in course.questions {
            let grade = Grader.grade(q, response: q.answer.asResponse, scoring: .allOrNothing)
            #expect(grade.isCorrect, "\(q.id)")
            #expect(grade.points == q.points)
        }
    }
}
