import Testing

@testable import GongkaiCore

/// Every aggregate of the scores and items reports, recomputed independently in
/// integer arithmetic from the records of a generated data set and compared:
/// one rounding rule (half up), for attempts and aggregates alike.
@Suite("Aggregates recomputed")
struct AggregateRecomputeTests {
    /// Half up of `numerator / denominator` at `decimals`, as an integer count of 10^-decimals.
    static func halfUp(_ numerator: Int, _ denominator: Int, decimals: Int) -> Int {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        return (2 * numerator * scale + denominator) / (2 * denominator)
    }

    /// Seven questions (pass 80 %) and three (pass 60 %): shares like 5/7 and 2/3 that do not end.
    static let seven = Course(
        id: "seven", title: "七题课程", version: 1, quiz: QuizSettings(passPercent: 80, shuffleQuestions: true, shuffleOptions: true),
        questions: (1...7).map { ReportWorld.single("q\($0)") })
    static let three = Course(
        id: "three", title: "三题课程", version: 1, quiz: QuizSettings(passPercent: 60, shuffleQuestions: true, shuffleOptions: true),
        questions: (1...3).map { ReportWorld.single("t\($0)") })

    @Test func everyAggregateAgreesWithAnIndependentIntegerRecount() throws {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: 99)
        var generator = SeededGenerator(seed: 2026)
        // (unit, name, course) → right answers of each attempt; question → (answered, fully right).
        var attempts: [String: [Int]] = [:]
        var perQuestion: [String: (answered: Int, right: Int)] = [:]
        let units = ReportWorld.units.map(\.id)
        for index in 0..<240 {
            let course = generator.below(2) == 0 ? Self.seven : Self.three
            let unit = units[generator.below(units.count)]
            let name = "人\(generator.below(7))"
            var answers: [String: Typed] = [:]
            var right = 0
            for question in course.questions {
                let correct = generator.below(10) < 7
                answers[question.id] = correct ? .right : .option(0)
                right += correct ? 1 : 0
                perQuestion[question.id, default: (0, 0)].answered += 1
                perQuestion[question.id, default: (0, 0)].right += correct ? 1 : 0
            }
            let minute = index % 60, hour = 8 + index / 60
            let record = try maker.takeQuiz(
                course, name: name, unit: unit, answers: answers,
                finishedAt: ReportWorld.at("2020-07-08T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00+08:00"))
            // The stored percentage itself: half up of right/total, in tenths.
            #expect(Int((record.score.percent * 10).rounded()) == Self.halfUp(right * 100, course.questions.count, decimals: 1))
            attempts["\(unit)|\(name)|\(course.id)", default: []].append(right)
        }
        let library = ReportWorld.library(courses: [Self.seven, Self.three])
        let scores = ReportWorld.build(.scores, fileSystem: fs, library: library).json
        let total = [Self.seven.id: 7, Self.three.id: 3]
        let pass = [Self.seven.id: 80, Self.three.id: 60]
        // Per person: the best percentage, in tenths, and passed.
        var best: [String: (tenths: Int, passed: Bool)] = [:]
        for (key, rights) in attempts {
            let course = String(key.split(separator: "|")[2])
            let top = rights.max()!
            best[key] = (Self.halfUp(top * 100, total[course]!, decimals: 1), top * 100 >= pass[course]! * total[course]!)
        }
        var compared = 0
        for person in scores["people"]?.elements ?? [] {
            let key = "\(person["unit"]!.stringValue!)|\(person["name"]!.stringValue!)|\(person["course"]!.stringValue!)"
            let expected = try #require(best[key])
            #expect(Int((person["best"]!.numberValue! * 10).rounded()) == expected.tenths, "\(key)")
            #expect(person["passed"]?.boolValue == expected.passed, "\(key)")
            compared += 1
        }
        #expect(compared == best.count)
        // Per unit and course: mean of the best (tenths) and pass rate, both half up to one decimal.
        func expectedTally(_ keys: [String]) -> (mean: Int, rate: Int, passed: Int) {
            let tenths = keys.map { best[$0]!.tenths }
            let passed = keys.filter { best[$0]!.passed }.count
            return (Self.halfUp(tenths.reduce(0, +), 10 * keys.count, decimals: 1), Self.halfUp(passed * 100, keys.count, decimals: 1), passed)
        }
        for unit in scores["units"]?.elements ?? [] {
            for course in unit["courses"]?.elements ?? [] {
                let keys = best.keys.filter { $0.hasPrefix("\(unit["unit"]!.stringValue!)|") && $0.hasSuffix("|\(course["course"]!.stringValue!)") }
                let expected = expectedTally(keys)
                #expect(Int((course["meanBest"]!.numberValue! * 10).rounded()) == expected.mean)
                #expect(Int((course["passRate"]!.numberValue! * 10).rounded()) == expected.rate)
                #expect(course["passed"]?.intValue == expected.passed)
                compared += 1
            }
        }
        for course in scores["courses"]?.elements ?? [] {
            let keys = best.keys.filter { $0.hasSuffix("|\(course["course"]!.stringValue!)") }
            let expected = expectedTally(keys)
            #expect(Int((course["meanBest"]!.numberValue! * 10).rounded()) == expected.mean)
            #expect(Int((course["passRate"]!.numberValue! * 10).rounded()) == expected.rate)
            compared += 1
        }
        #expect(compared > best.count + 10)
        // Facility: the share of answers fully right, half up to three decimals.
        let items = ReportWorld.build(.items, fileSystem: fs, library: library).json
        for question in items["questions"]?.elements ?? [] {
            let id = question["question"]!.stringValue!
            let counts = try #require(perQuestion[id])
            #expect(question["answered"]?.intValue == counts.answered)
            #expect(Int((question["facility"]!.numberValue! * 1000).rounded()) == Self.halfUp(counts.right, counts.answered, decimals: 3), "\(id)")
        }
    }
}
