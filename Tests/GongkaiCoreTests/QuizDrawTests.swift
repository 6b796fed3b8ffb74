import Testing

@testable import GongkaiCore

@Suite struct QuizDrawTests {
    /// SplitMix64 as published by Steele, Lea & Flood (2014) / Vigna, written
    /// out here independently of the code under test.
    struct ReferenceSplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func pool(_ count: Int, draw: Int? = nil, shuffleQuestions: Bool = true, shuffleOptions: Bool = true) -> Course {
        Course(
            id: "pool", title: "题库", version: 1,
            quiz: QuizSettings(draw: draw, shuffleQuestions: shuffleQuestions, shuffleOptions: shuffleOptions),
            questions: (0..<count).map { TestSupport.single("q\($0)", key: $0 % 4) })
    }

    private func plan(_ course: Course, seed: UInt64) -> [PlannedItem] {
        var generator = SeededGenerator(seed: seed)
        return QuizDrawer.draw(course, using: &generator)
    }

    // MARK: Generator

    @Test func seedOneSequenceMatchesTheSplitMix64Reference() {
        var reference = ReferenceSplitMix64(state: 1)
        let expected = (0..<3).map { _ in reference.next() }
        // The same values as published test vectors for SplitMix64 seeded with 1.
        #expect(expected == [0x910A_2DEC_8902_5CC1, 0xBEEB_8DA1_658E_EC67, 0xF893_A2EE_FB32_555E])
        var generator = SeededGenerator(seed: 1)
        #expect((0..<3).map { _ in generator.next() } == expected)
    }

    @Test(arguments: [0, 42, UInt64.max])
    func generatorMatchesTheReferenceForOtherSeeds(_ seed: UInt64) {
        var reference = ReferenceSplitMix64(state: seed)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<100 {
            #expect(generator.next() == reference.next())
        }
    }

    @Test func belowStaysInRange() {
        var generator = SeededGenerator(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let value = generator.below(6)
            #expect((0..<6).contains(value))
            seen.insert(value)
        }
        #expect(seen == Set(0..<6))
        #expect(generator.below(1) == 0)
    }

    @Test func shuffleIsAPermutationAndDeterministic() {
        var a = SeededGenerator(seed: 99)
        var b = SeededGenerator(seed: 99)
        var first = Array(0..<20)
        var second = Array(0..<20)
        a.shuffle(&first)
        b.shuffle(&second)
        #expect(first == second)
        #expect(first.sorted() == Array(0..<20))
        #expect(first != Array(0..<20))
        var empty: [Int] = []
        a.shuffle(&empty)
        #expect(empty == [])
    }

    // MARK: Draw

    @Test func sameSeedGivesTheSamePlan() {
        let course = pool(12, draw: 8)
        for seed: UInt64 in [0, 1, 2, 12345, .max] {
            #expect(plan(course, seed: seed) == plan(course, seed: seed))
        }
    }

    @Test func differentSeedsGiveDifferentPlans() {
        let course = pool(12, draw: 8)
        let plans = (1...20).map { plan(course, seed: UInt64($0)) }
        let distinct = Set(plans.map { $0.map { "\($0.questionID):\($0.shown)" }.joined(separator: ",") })
        #expect(distinct.count >= 18)
        #expect(plan(course, seed: 1) != plan(course, seed: 2))
    }

    @Test func drawCountIsRespected() {
        let course = pool(10, draw: 3)
        for seed in UInt64(0)..<50 {
            let items = plan(course, seed: seed)
            #expect(items.count == 3)
            #expect(Set(items.map(\.questionID)).count == 3)
            #expect(items.allSatisfy { id in course.question(id: id.questionID) != nil })
        }
    }

    @Test func everyQuestionCanBeDrawn() {
        let course = pool(10, draw: 3)
        var drawn = Set<String>()
        for seed in UInt64(0)..<200 { drawn.formUnion(plan(course, seed: seed).map(\.questionID)) }
        #expect(drawn == Set(course.questions.map(\.id)))
    }

    @Test func withoutShuffleADrawKeepsCourseOrder() {
        let course = pool(10, draw: 4, shuffleQuestions: false)
        for seed in UInt64(0)..<30 {
            let indices = plan(course, seed: seed).map { id in course.questions.firstIndex { $0.id == id.questionID }! }
            #expect(indices == indices.sorted())
            #expect(indices.count == 4)
        }
    }

    @Test func withoutShuffleOrDrawTheCourseOrderIsKept() {
        let course = pool(6, shuffleQuestions: false, shuffleOptions: false)
        let items = plan(course, seed: 5)
        #expect(items.map(\.questionID) == course.questions.map(\.id))
        #expect(items.allSatisfy { $0.shown == [0, 1, 2, 3] })
    }

    @Test func drawLargerThanThePoolDrawsEverything() {
        let course = pool(4, draw: 10)
        #expect(course.drawCount == 4)
        #expect(Set(plan(course, seed: 3).map(\.questionID)) == Set(course.questions.map(\.id)))
    }

    @Test func shuffledOptionsAreAPermutationOfTheOriginals() {
        let course = pool(8)
        var moved = false
        for seed in UInt64(0)..<20 {
            for item in plan(course, seed: seed) {
                #expect(item.shown.sorted() == [0, 1, 2, 3])
                if item.shown != [0, 1, 2, 3] { moved = true }
            }
        }
        #expect(moved)
    }

    @Test func typesWithoutOptionsHaveNoShownOrder() {
        let course = TestSupport.everyTypeCourse()
        var generator = SeededGenerator(seed: 4)
        let items = QuizDrawer.draw(course, using: &generator)
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.questionID, $0.shown) })
        #expect(byID["q-tf"] == [])
        #expect(byID["q-fill"] == [])
        #expect(byID["q-num"] == [])
        #expect(byID["q-redact"] == [])
        #expect(byID["q-single"] == [0, 1, 2, 3], "shuffle_options is off by default")
    }

    // MARK: Order questions

    @Test(arguments: [2, 3, 4, 5])
    func orderQuestionIsNeverShownInItsAnswerOrder(_ optionCount: Int) {
        let identity = Array(0..<optionCount)
        let keys: [[Int]] = [identity, identity.reversed()]
        for key in keys {
            let question = TestSupport.order("o", key: key)
            for shuffleOptions in [false, true] {
                let quiz = QuizSettings(shuffleOptions: shuffleOptions)
                var failures = 0
                for seed in UInt64(0)..<3000 {
                    var generator = SeededGenerator(seed: seed)
                    let shown = QuizDrawer.shownOrder(question, quiz, &generator)
                    #expect(shown.sorted() == identity)
                    if shown == key { failures += 1 }
                }
                #expect(failures == 0, "\(optionCount) options, key \(key): shown in answer order for \(failures) of 3000 seeds")
            }
        }
    }
}
