import Foundation
import Testing

@testable import GongkaiCore

/// Item analysis over hand-made answer patterns, with the expected statistics
/// worked out here independently of `ItemStatistics`.
@Suite("Report items")
struct ReportItemsTests {
    /// Five single-choice questions, key C, shuffled options (so stored answers
    /// must be mapped back to the file's letters).
    static let course = Course(
        id: "items", title: "题目分析课程", version: 1,
        quiz: QuizSettings(passPercent: 60, shuffleQuestions: true, shuffleOptions: true),
        questions: (1...5).map { ReportWorld.single("q\($0)") })

    /// Per person: for each question, nil = right, else the original option chosen.
    /// Right/wrong pattern (1 = right):
    ///     q1 q2 q3 q4 q5
    ///  P1  1  1  1  0  1
    ///  P2  1  0  1  0  1
    ///  P3  1  0  1  1  1
    ///  P4  1  0  0  1  1
    ///  P5  1  0  0  1  0
    ///  P6  1  0  0  1  0
    static let choices: [[Int?]] = [
        [nil, nil, nil, 1, nil],
        [nil, 1, nil, 1, nil],
        [nil, 1, nil, nil, nil],
        [nil, 3, 0, nil, nil],
        [nil, 1, 0, nil, 3],
        [nil, 0, 3, nil, 3],
    ]

    static func scores() -> [[Double]] { choices.map { row in row.map { $0 == nil ? 1 : 0 } } }

    /// Pearson's r by the computational formula (sums of products), not the
    /// deviation form the product uses.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let sx = x.reduce(0, +), sy = y.reduce(0, +)
        let sxy = zip(x, y).map { $0 * $1 }.reduce(0, +)
        let sxx = x.map { $0 * $0 }.reduce(0, +), syy = y.map { $0 * $0 }.reduce(0, +)
        let d = (n * sxx - sx * sx) * (n * syy - sy * sy)
        guard d > 1e-12 else { return nil }
        return (n * sxy - sx * sy) / d.squareRoot()
    }

    /// Rest-of-test score: the share of the other items' points.
    static func expectedDiscrimination(_ matrix: [[Double]], maxima: [Double], question q: Int) -> Double? {
        let x = matrix.map { $0[q] / maxima[q] }
        let restMax = maxima.reduce(0, +) - maxima[q]
        let y = matrix.map { row in (row.reduce(0, +) - row[q]) / restMax }
        return pearson(x, y)
    }

    static func makeRecords() throws -> MemoryFileSystem {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 99)
        for (index, row) in choices.enumerated() {
            var answers: [String: Typed] = [:]
            for (q, choice) in row.enumerated() { if let choice { answers["q\(q + 1)"] = .option(choice) } }
            try maker.takeQuiz(
                course, name: "学员\(index + 1)", unit: "xiquan", answers: answers,
                finishedAt: ReportWorld.at("2020-07-08T10:0\(index):00+08:00"))
        }
        return fs
    }

    static func library(_ courses: [Course]) -> CourseLibrary { ReportWorld.library(courses: courses) }

    @Test func handMadeSetMatchesIndependentStatistics() throws {
        let fs = try Self.makeRecords()
        let report = ReportWorld.build(.items, fileSystem: fs, library: Self.library([Self.course]))
        let json = report.json
        #expect(json["schema"]?.stringValue == "gongkai.report.items/1")
        #expect(json["totals", "attempts"]?.intValue == 6)
        let questions = json["questions"]?.elements ?? []
        #expect(questions.compactMap { $0["question"]?.stringValue } == ["q1", "q2", "q3", "q4", "q5"], "course order")

        let matrix = Self.scores()
        // Cross-check of the independent computation against values from a calculator.
        let literal: [Double?] = [nil, 0.10846522890932808, 1.0 / 3, -0.7462025072446364, 0.5]
        for q in 0..<5 {
            let expected = Self.expectedDiscrimination(matrix, maxima: [1, 1, 1, 1, 1], question: q)
            #expect(expected == nil && literal[q] == nil || abs((expected ?? 9) - (literal[q] ?? -9)) < 1e-12)
        }
        let attempts = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items]).attempts
        for q in 0..<5 {
            let id = "q\(q + 1)"
            let stats = ItemStatistics.compute(course: "items", question: id, attempts: attempts)
            let facility = Double(matrix.filter { $0[q] == 1 }.count) / 6
            #expect(stats.answered == 6)
            #expect(stats.facility == facility, "\(id)")
            let expected = Self.expectedDiscrimination(matrix, maxima: [1, 1, 1, 1, 1], question: q)
            if let expected {
                #expect(abs((stats.discrimination ?? 99) - expected) < 1e-9, "\(id): \(String(describing: stats.discrimination)) vs \(expected)")
            } else {
                #expect(stats.discrimination == nil, "\(id): no variance, no correlation")
            }
            let element = questions.first { $0["question"]?.stringValue == id }
            #expect(element?["facility"]?.numberValue == (facility * 1000).rounded() / 1000)
            #expect(element?["discrimination"]?.numberValue == expected.map { ($0 * 1000).rounded() / 1000 })
        }

        func flags(_ id: String) -> [String] {
            (questions.first { $0["question"]?.stringValue == id }?["flags"]?.elements ?? []).compactMap { $0.stringValue }
        }
        #expect(flags("q1") == ["tooEasy"], "100 % correct")
        #expect(flags("q2") == ["tooHard"], "1 of 6 correct, positive discrimination")
        #expect(flags("q3") == [])
        #expect(flags("q4") == ["negativeDiscrimination"])
        #expect(flags("q5") == [])
        #expect(json["totals", "flagged"]?.intValue == 3)

        // Most chosen wrong answer, in the course file's letters (options were shuffled when shown).
        func wrong(_ id: String) -> (String?, Int?) {
            let q = questions.first { $0["question"]?.stringValue == id }
            return (q?["commonWrongAnswer"]?.stringValue, q?["commonWrongCount"]?.intValue)
        }
        #expect(wrong("q1") == (nil, 0))
        #expect(wrong("q2") == ("B", 3))
        #expect(wrong("q3") == ("A", 2))
        #expect(wrong("q4") == ("B", 2))
        #expect(wrong("q5") == ("D", 2))

        // The table shows the option text and its share of answers, and a hint for flagged items.
        let rows = try #require(report.sections.first?.rows)
        let q2 = try #require(rows.first { $0[1].text == "q2" })
        #expect(q2[3].text == "6")
        #expect(q2[4].text == "16.7%")
        #expect(q2[6].text == "B 选项乙 (50%)")
        #expect(!q2[7].text.isEmpty)
        let q3 = try #require(rows.first { $0[1].text == "q3" })
        #expect(q3[7].text.isEmpty, "no hint for an unflagged question")
        #expect(report.figures.map(\.value) == ["6", "5", "3"])
    }

    @Test func facilityCountsOnlyFullMarksAndPartialCreditEntersTheCorrelation() throws {
        // q1–q4 single choice (key C), q5 multiple choice (key ABD, partial credit).
        let course = Course(
            id: "multi", title: "多选", version: 1, quiz: QuizSettings(passPercent: 60, shuffleOptions: true, multipleScoring: .partial),
            questions: (1...4).map { ReportWorld.single("q\($0)") } + [
                Question(
                    id: "q5", type: .multiple, points: 1, prompt: "多选", options: ["甲", "乙", "丙", "丁"].map { AnswerOption($0) },
                    answer: .multiple([0, 1, 3]), source: "条例")
            ])
        // Right (1) or wrong (0) on q1–q4; q5 options chosen (ABD = 1, AB = 2/3, A = 1/3, AC = 0).
        let singles: [[Int]] = [[1, 1, 1, 0], [1, 0, 1, 0], [1, 0, 1, 1], [1, 0, 0, 1], [1, 0, 0, 1], [1, 0, 0, 1]]
        let q5: [[Int]] = [[0, 1, 3], [0, 1, 3], [0, 1], [0, 1], [0, 2], [0]]
        let q5Scores: [Double] = [1, 1, 2.0 / 3, 2.0 / 3, 0, 1.0 / 3]
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 5)
        for i in 0..<6 {
            var answers: [String: Typed] = ["q5": .options(q5[i])]
            for q in 0..<4 where singles[i][q] == 0 { answers["q\(q + 1)"] = .option(1) }
            try maker.takeQuiz(course, name: "学员\(i)", unit: "luyang", answers: answers, finishedAt: ReportWorld.at("2020-07-08T10:0\(i):00+08:00"))
        }
        let attempts = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items]).attempts
        let stats = ItemStatistics.compute(course: "multi", question: "q5", attempts: attempts)
        #expect(stats.answered == 6)
        #expect(stats.facility == 2.0 / 6, "2 of 6 full marks; partial credit is not 'correct'")
        #expect(stats.commonWrong == "AB")
        #expect(stats.commonWrongCount == 2)

        // Exact item scores; the rest-of-test score is the other items' points
        // (not the attempt total, rounded to two decimals, minus this item).
        let matrix = (0..<6).map { i in singles[i].map(Double.init) + [q5Scores[i]] }
        let json = ReportWorld.build(.items, fileSystem: fs, library: Self.library([course])).json
        for q in 0..<5 {
            let expected = Self.expectedDiscrimination(matrix, maxima: [1, 1, 1, 1, 1], question: q)
            let actual = ItemStatistics.compute(course: "multi", question: "q\(q + 1)", attempts: attempts).discrimination
            if let expected, let actual {
                #expect(abs(actual - expected) < 1e-6, "q\(q + 1): \(actual) vs \(expected)")
            } else {
                #expect(actual == nil && expected == nil, "q\(q + 1): \(String(describing: actual)) vs \(String(describing: expected))")
            }
            let shown = json["questions"]?.element("question", "q\(q + 1)")?["discrimination"]?.numberValue
            #expect(shown == expected.map { ($0 * 1000).rounded() / 1000 }, "q\(q + 1) in the JSON")
        }
        // Values from a calculator, for the record: q2 0.1865, q5 0.4417.
        #expect(abs((Self.expectedDiscrimination(matrix, maxima: [1, 1, 1, 1, 1], question: 1) ?? 0) - 0.1865009616480625) < 1e-12)
    }

    @Test func flagsNeedAtLeastFiveAnswers() throws {
        let course = Course(
            id: "tiny", title: "小课程", version: 1, quiz: QuizSettings(passPercent: 60),
            questions: [ReportWorld.single("t1"), ReportWorld.single("t2"), ReportWorld.single("t3")])
        // (t1, t2, t3) right?
        let people: [(Bool, Bool, Bool)] = [(false, true, false), (false, true, false), (false, false, true), (false, false, true)]
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 3)
        func take(_ i: Int, _ p: (Bool, Bool, Bool)) throws {
            var answers: [String: Typed] = [:]
            if !p.0 { answers["t1"] = .option(1) }
            if !p.1 { answers["t2"] = .option(1) }
            if !p.2 { answers["t3"] = .option(1) }
            try maker.takeQuiz(course, name: "学员\(i)", unit: "xiquan", answers: answers, finishedAt: ReportWorld.at("2020-07-08T10:0\(i):00+08:00"))
        }
        for (i, p) in people.enumerated() { try take(i, p) }
        let library = Self.library([course])
        func stats(_ q: String) -> JSONValue? {
            ReportWorld.build(.items, fileSystem: fs, library: library).json["questions"]?.element("question", q)
        }
        #expect(stats("t1")?["facility"]?.numberValue == 0)
        #expect(stats("t1")?["flags"]?.elements == [], "4 answers: too few to flag")
        #expect(stats("t2")?["discrimination"]?.numberValue == -1)
        #expect(stats("t2")?["flags"]?.elements == [], "4 answers: too few to flag even r = −1")

        try take(4, (false, true, true))
        #expect(stats("t1")?["flags"]?.elements.compactMap { $0.stringValue } == ["tooHard"], "5 answers are enough")
        #expect(stats("t2")?["flags"]?.elements.compactMap { $0.stringValue } == ["negativeDiscrimination"])
    }

    @Test func facilityThresholdsAreStrict() throws {
        // 20 attempts: e1 19 right (95 %, not > 95), e2 all right, e3 4 right (20 %, not < 20), e4 3 right (15 %).
        let course = Course(
            id: "edge", title: "边界", version: 1, quiz: QuizSettings(passPercent: 60),
            questions: (1...4).map { ReportWorld.single("e\($0)") })
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 11)
        for i in 0..<20 {
            var answers: [String: Typed] = [:]
            if i == 0 { answers["e1"] = .option(0) }
            if i >= 4 { answers["e3"] = .option(0) }
            if i >= 3 { answers["e4"] = .option(0) }
            try maker.takeQuiz(
                course, name: "学员\(i)", unit: "xiquan", answers: answers,
                finishedAt: ReportWorld.at("2020-07-08T10:\(String(format: "%02d", i)):00+08:00"))
        }
        let attempts = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items]).attempts
        func flags(_ q: String) -> [ItemStatistics.Flag] { ItemStatistics.compute(course: "edge", question: q, attempts: attempts).flags }
        #expect(!flags("e1").contains(.tooEasy), "95 % is not over 95 %")
        #expect(flags("e2").contains(.tooEasy))
        #expect(!flags("e3").contains(.tooHard), "20 % is not under 20 %")
        #expect(flags("e4").contains(.tooHard))
    }

    @Test func courseFilterAndReviewAttemptsAreLeftOut() throws {
        let fs = try Self.makeRecords()
        let other = ReportWorld.basics
        let maker = RecordMaker(fileSystem: fs, seed: 1)
        try maker.takeQuiz(other, name: "学员1", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T11:00:00+08:00"))
        // A review drill with everything wrong must not pull q1 below 100 %.
        try maker.takeQuiz(Self.course, name: "学员1", unit: "xiquan", kind: .review, otherwise: .option(0), finishedAt: ReportWorld.at("2020-07-08T12:00:00+08:00"))
        let library = Self.library([Self.course, other])
        let all = ReportWorld.build(.items, fileSystem: fs, library: library).json
        #expect(Set((all["questions"]?.elements ?? []).compactMap { $0["course"]?.stringValue }) == ["items", "basics"])
        #expect(all["questions"]?.element("question", "q1")?["facility"]?.numberValue == 1)
        #expect(all["totals", "attempts"]?.intValue == 7)
        let one = ReportWorld.build(.items, fileSystem: fs, library: library, filter: ReportFilter(course: "basics")).json
        #expect(Set((one["questions"]?.elements ?? []).compactMap { $0["course"]?.stringValue }) == ["basics"])
        #expect(one["totals", "attempts"]?.intValue == 1)
    }
}

/// The one-pass analysis of every question agrees, to the last bit, with the
/// definition applied to one question at a time (kept here as the reference).
@Suite struct ItemAnalysisOnePassTests {
    static func reference(course: String, question: String, attempts: [AttemptSummary]) -> ItemStatistics {
        var scores: [Double] = []
        var rests: [Double] = []
        var correct = 0
        var wrongCounts: [String: Int] = [:]
        for attempt in attempts where attempt.course == course {
            guard let item = attempt.items.first(where: { $0.question == question }), item.max > 0 else { continue }
            scores.append(item.points / item.max)
            var restPoints = 0.0, restMax = 0.0
            for other in attempt.items where other.question != question {
                restPoints += other.points
                restMax += other.max
            }
            rests.append(restMax > 0 ? restPoints / restMax : 0)
            if item.isCorrect {
                correct += 1
            } else if let response = item.response {
                wrongCounts[response, default: 0] += 1
            }
        }
        let n = scores.count
        let facility = n > 0 ? Double(correct) / Double(n) : nil
        let discrimination = ItemStatistics.pearson(scores, rests)
        let wrong = wrongCounts.max { ($0.value, $1.key) < ($1.value, $0.key) }
        var flags: [ItemStatistics.Flag] = []
        if n >= ItemStatistics.minimumForFlags, let facility {
            if facility < 0.2 { flags.append(.tooHard) }
            if facility > 0.95 { flags.append(.tooEasy) }
        }
        if n >= ItemStatistics.minimumForFlags, let discrimination, discrimination < 0 { flags.append(.negativeDiscrimination) }
        return ItemStatistics(
            course: course, question: question, answered: n, facility: facility, discrimination: discrimination,
            commonWrong: wrong?.key, commonWrongCount: wrong?.value ?? 0, flags: flags)
    }

    /// Attempts with every awkward shape: a question twice in one attempt, items
    /// worth nothing, questions the list does not name, skipped answers, another course.
    static func attempts(seed: UInt64) -> [AttemptSummary] {
        var random = SeededGenerator(seed: seed)
        let questions = ["q1", "q2", "q3", "q4", "q5", "q6", "old-q", "cafe\u{301}"]
        return (0..<400).map { index in
            let items = (0..<(random.below(7))).map { _ -> AttemptSummary.Item in
                let max = [0.0, 1, 2, 3][random.below(4)]
                let points = max * [0, 1.0 / 3, 0.5, 1][random.below(4)]
                let response = random.below(5) == 0 ? nil : ["A", "B", "C", "AB", "true", "十五"][random.below(6)]
                return AttemptSummary.Item(question: questions[random.below(questions.count)], response: response, points: points, max: max)
            }
            return AttemptSummary(
                id: "a\(index)", supersedes: nil, trainee: Trainee(name: "学员\(index % 37)", unit: "u\(index % 5)"),
                course: random.below(6) == 0 ? "other" : "c", courseVersion: 1, session: nil, kind: .quiz,
                finishedAt: Timestamp(seconds: Int64(index) * 60, offset: 8 * 3600), points: 0, max: 0, percent: 0, passed: false, items: items)
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func everyQuestionAsIfAlone(seed: UInt64) {
        let attempts = Self.attempts(seed: seed)
        // Listed in another order than met, one listed twice, one never answered, the composed "é" of a decomposed one.
        let questions = ["q3", "q1", "q2", "q4", "q5", "q6", "old-q", "q1", "never", "caf\u{E9}"]
        let together = ItemStatistics.compute(course: "c", questions: questions, attempts: attempts)
        #expect(together.map(\.question) == questions)
        for (stats, question) in zip(together, questions) {
            #expect(stats == Self.reference(course: "c", question: question, attempts: attempts), "\(question)")
        }
        #expect(together.contains { $0.answered > 20 && $0.discrimination != nil }, "the data exercise the statistics")
        #expect(ItemStatistics.compute(course: "c", questions: [], attempts: attempts).isEmpty)
    }
}
