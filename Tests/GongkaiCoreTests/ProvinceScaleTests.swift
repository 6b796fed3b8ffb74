import Foundation
import Testing

@testable import GongkaiCore

/// `report items` at province scale: items are summed while they stream past
/// (`ItemTally`), never all held; the figures are the all-in-memory ones.
@Suite("Province scale")
struct ProvinceScaleTests {
    /// Eight questions, two of them true-false, shuffled options.
    static let course = Course(
        id: "province", title: "省级题目分析", version: 1,
        quiz: QuizSettings(passPercent: 60, shuffleQuestions: true, shuffleOptions: true),
        questions: (1...6).map { ReportWorld.single("p\($0)", key: $0 % 4) } + [
            Question(id: "p7", type: .truefalse, points: 1, prompt: "先审查后公开。", answer: .trueFalse(true), source: "条例第十七条"),
            Question(id: "p8", type: .truefalse, points: 1, prompt: "依申请公开一律收费。", answer: .trueFalse(false), source: "条例第四十二条"),
        ])

    static func library() -> CourseLibrary { ReportWorld.library(courses: [ReportWorld.basics, ReportWorld.secrecy, course]) }

    /// `count` attempts by trainees of differing ability over three courses, four units, two sessions
    /// and none, some of them reviews; a few records copied into a second results folder.
    static func world(count: Int, seed: UInt64) throws -> MemoryFileSystem {
        let fs = MemoryFileSystem()
        let maker = RecordMaker(fileSystem: fs, seed: seed)
        var generator = SeededGenerator(seed: seed &+ 1)
        let units = ["xiquan", "luyang", "caizheng", "extra-unit"]
        let courses = [course, ReportWorld.basics, ReportWorld.secrecy]
        for index in 0..<count {
            let person = generator.below(40)
            let ability = 30 + person * 2
            let chosen = courses[generator.below(courses.count)]
            var answers: [String: Typed] = [:]
            for question in chosen.questions where generator.below(100) >= ability {
                switch generator.below(5) {
                case 0: answers[question.id] = .skip
                default:
                    answers[question.id] = question.type == .truefalse ? .text(generator.below(2) == 0 ? "对" : "错") : .option(generator.below(4))
                }
            }
            let session = ["s1", "s0", nil][generator.below(3)]
            let minute = String(format: "%02d", index % 60), hour = String(format: "%02d", 8 + index / 60 % 10)
            let day = String(format: "%02d", 1 + index * 7 % 28)
            try maker.takeQuiz(
                chosen, name: "学员\(person)", unit: units[person % units.count], session: session,
                kind: generator.below(10) == 0 ? .review : .quiz, answers: answers,
                finishedAt: ReportWorld.at("2020-07-\(day)T\(hour):\(minute):00+08:00"))
        }
        let files = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()
        for path in files.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) {
            fs.put(fs.allFiles[path]!, at: "/copy" + path.dropFirst("/results".count))
        }
        return fs
    }

    /// The items report as before this change: every item of every attempt in memory.
    static func inMemory(_ fs: FileSystem, roots: [String], filter: ReportFilter) -> Report {
        let records = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts, .items])
        #expect(records.itemSource == nil)
        let context = ReportContext(library: library(), records: records, filter: filter, now: ReportWorld.now, language: .zh)
        return ReportBuilder.build(.items, context)
    }

    @Test func streamedItemsReportEqualsTheAllInMemoryOne() throws {
        let fs = try Self.world(count: 400, seed: 21)
        let filters = [
            ReportFilter(), ReportFilter(course: "province"), ReportFilter(unit: "xiquan"), ReportFilter(session: "s0"),
            ReportFilter(since: ReportWorld.day("2020-07-05"), until: ReportWorld.day("2020-07-20")),
        ]
        for roots in [["/results"], ["/results", "/copy"]] {
            for filter in filters {
                let streamed = ReportWorld.build(.items, fileSystem: fs, roots: roots, library: Self.library(), filter: filter)
                let reference = Self.inMemory(fs, roots: roots, filter: filter)
                #expect(ReportWorld.json(streamed) == ReportWorld.json(reference), "\(roots) \(filter)")
                #expect(streamed.sections.map(\.rows.count) == reference.sections.map(\.rows.count))
                #expect((streamed.json["totals", "attempts"]?.intValue ?? 0) > 0, "the filter keeps some attempts")
            }
        }
    }

    @Test func summariesOfAnItemStreamHoldNoItems() throws {
        let fs = try Self.world(count: 60, seed: 3)
        let streamed = RecordSet.load(roots: ["/results", "/copy"], fileSystem: fs, needs: [.attempts, .itemStream])
        let full = RecordSet.load(roots: ["/results", "/copy"], fileSystem: fs, needs: [.attempts, .items])
        #expect(streamed.attempts.count == full.attempts.count)
        #expect(streamed.attempts.allSatisfy { $0.items.isEmpty })
        #expect(full.attempts.contains { !$0.items.isEmpty })
        #expect(streamed.itemSource?.sources.count == streamed.attempts.count, "one place per summary, copies left out")
        #expect(streamed.duplicates == full.duplicates && streamed.duplicates > 0)
        // Every attempt read again is the one in the set, items and all.
        let counted = [Bool](repeating: true, count: streamed.attempts.count)
        let tally = streamed.itemSource!.tally(counted: counted, attempts: streamed.attempts)
        let reference = ItemTally(full.attempts)
        for course in ["province", "basics", "secrecy"] {
            let questions = reference.questionsSeen(course: course)
            #expect(tally.questionsSeen(course: course) == questions)
            #expect(tally.statistics(course: course, questions: questions) == reference.statistics(course: course, questions: questions))
        }
    }

    /// The tally against `ItemStatistics.compute` (lists of every score, two-pass means) on every question.
    @Test func tallyAgreesWithTheListComputation() throws {
        let fs = try Self.world(count: 300, seed: 8)
        let attempts = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items]).attempts.filter { $0.kind == .quiz }
        for course in ["province", "basics", "secrecy"] {
            let mine = attempts.filter { $0.course == course }
            let tally = ItemTally(mine)
            let questions = tally.questionsSeen(course: course)
            #expect(!questions.isEmpty)
            let expected = ItemStatistics.compute(course: course, questions: questions, attempts: mine)
            let actual = tally.statistics(course: course, questions: questions)
            for (e, a) in zip(expected, actual) {
                #expect(e.answered == a.answered && e.facility == a.facility && e.flags == a.flags, "\(e.question)")
                #expect(e.commonWrong == a.commonWrong && e.commonWrongCount == a.commonWrongCount, "\(e.question)")
                #expect((e.discrimination == nil) == (a.discrimination == nil), "\(e.question)")
                if let x = e.discrimination, let y = a.discrimination { #expect(abs(x - y) < 1e-12, "\(e.question): \(x) vs \(y)") }
            }
        }
    }

    /// Synthetic attempts: `count` of them, each with `perAttempt` items from 30 questions,
    /// scores in halves, a repeated question now and then, a few unscored items.
    static func synthetic(_ count: Int, seed: UInt64, items perAttempt: Int = 12) -> [AttemptSummary] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            var items: [AttemptSummary.Item] = []
            for _ in 0..<perAttempt {
                let max = 1.0
                let points = Double(generator.below(3)) / 2
                let response = points == max ? "A" : ["B", "C", "D", nil][generator.below(4)]
                items.append(.init(question: "q\(generator.below(30))", response: response, points: points, max: generator.below(50) == 0 ? 0 : max))
            }
            return AttemptSummary(
                id: "a\(index)", supersedes: nil, trainee: Trainee(name: "学员\(index % 97)", unit: "u\(index % 7)"), course: "c", courseVersion: 1,
                session: nil, kind: .quiz, finishedAt: Timestamp(seconds: 1_600_000_000 + Int64(index), offset: 28800), points: 0, max: 0,
                percent: 0, passed: false, items: items)
        }
    }

    /// Attempts of a few items (questions told apart by comparing them) and of many (by a table),
    /// each with repeated questions: the figures of `ItemStatistics.compute` on every question.
    @Test(arguments: [12, 33, 40])
    func tallyOfShortAndLongAttemptsAgreesWithTheListComputation(items: Int) {
        let attempts = Self.synthetic(400, seed: 21, items: items)
        #expect(attempts.contains { Set($0.items.map(\.question)).count < $0.items.count }, "repeated questions")
        let tally = ItemTally(attempts)
        let questions = tally.questionsSeen(course: "c")
        #expect(questions.count == 30)
        let expected = ItemStatistics.compute(course: "c", questions: questions, attempts: attempts)
        let actual = tally.statistics(course: "c", questions: questions)
        #expect(expected.count == actual.count)
        for (e, a) in zip(expected, actual) {
            #expect(e.answered == a.answered && e.facility == a.facility && e.flags == a.flags, "\(e.question)")
            #expect(e.commonWrong == a.commonWrong && e.commonWrongCount == a.commonWrongCount, "\(e.question)")
            #expect((e.discrimination == nil) == (a.discrimination == nil), "\(e.question)")
            if let x = e.discrimination, let y = a.discrimination { #expect(abs(x - y) < 1e-12, "\(e.question): \(x) vs \(y)") }
        }
    }

    @Test func theTallyDoesNotGrowWithTheNumberOfAttempts() {
        var tally = ItemTally()
        var sizes: [Int] = []
        for (order, attempt) in Self.synthetic(60_000, seed: 6).enumerated() {
            tally.add(attempt, order: order)
            if (order + 1) % 15_000 == 0 { sizes.append(tally.stateSize) }
        }
        // 60,000 attempts of 12 items would be 720,000 values held; the tally keeps what is distinct,
        // and twice the attempts add only the rare pairs not met before (a store per attempt would double).
        #expect(tally.stateSize < 20_000, "\(sizes)")
        #expect(sizes[3] <= sizes[1] * 5 / 4, "\(sizes)")
    }

    @Test func tallyMergesInAnyOrderToTheSameFigures() {
        let attempts = Self.synthetic(2_000, seed: 11)
        let whole = ItemTally(attempts)
        var generator = SeededGenerator(seed: 12)
        let stretches = stride(from: 0, to: attempts.count, by: 173).map { start in
            var part = ItemTally()
            for index in start..<min(start + 173, attempts.count) { part.add(attempts[index], order: index) }
            return part
        }
        var order = Array(stretches.indices)
        for index in order.indices.reversed() { order.swapAt(index, generator.below(index + 1)) }
        var merged = ItemTally()
        for index in order { merged.merge(stretches[index]) }
        let questions = whole.questionsSeen(course: "c")
        #expect(questions.count == 30)
        #expect(merged.questionsSeen(course: "c") == questions)
        #expect(merged.statistics(course: "c", questions: questions) == whole.statistics(course: "c", questions: questions))
        #expect(whole.statistics(course: "c", questions: questions).allSatisfy { $0.discrimination != nil })
    }
}

extension ProvinceScaleTests {
    /// Regrade streams the records (`Regrader.run`): the same listing as with every record in memory.
    @Test func streamedRegradePlanEqualsTheAllInMemoryOne() throws {
        let fs = try Self.world(count: 250, seed: 17)
        // p1's key moves, p8 is gone, secrecy is no longer a course, basics is unchanged.
        var questions = Self.course.questions
        questions[0] = ReportWorld.single("p1", key: 3)
        questions.removeLast()
        let changed = Course(id: Self.course.id, title: Self.course.title, version: 2, quiz: Self.course.quiz, questions: questions)
        #expect(changed.digest != Self.course.digest)
        let library = ReportWorld.library(courses: [ReportWorld.basics, changed])
        let records = RecordScanner(fileSystem: fs).scan(AttemptRecord.self, roots: ["/results"], subdirectory: "attempts")
        let reference = Regrader.plan(library: library, attempts: records.records)
        let streamed = Regrader.run(library: library, roots: ["/results"], fileSystem: fs, batch: 5)
        #expect(streamed.skipped.isEmpty)
        #expect(!reference.changes.isEmpty)
        #expect(streamed.changes.lines == reference.changes.map(Regrader.ChangeLine.init))
        #expect(streamed.unknownCourses.sorted() == reference.unknownCourses.sorted())
        #expect(streamed.unknownCourses == ["secrecy"])
        #expect(Set(streamed.removedQuestions.map { "\($0.course)/\($0.question)" }) == ["province/p8"])
        #expect(streamed.removedQuestions.count == reference.removedQuestions.count)
        #expect(streamed.refused == reference.refused)
        #expect(streamed.conflicts == reference.conflicts)
    }
}

/// Attribute-only changes (chmod, hard links: only the ctime moves) keep cache entries whose bytes are unchanged.
@Suite("Summary cache keys")
struct SummaryCacheKeyTests {
    @Test func chmodAndHardLinksKeepTheCacheWarmAndContentChangesAreSeen() throws {
        let memory = try StandardScenario.make()
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        let disk = LocalFileSystem()
        var written: [String] = []
        for (path, bytes) in memory.allFiles where path.hasPrefix("/results/attempts/") {
            try disk.createDirectories(PathJoin.directory(of: dir + path))
            try disk.writeFileAtomically(bytes, to: dir + path, replace: false)
            written.append(dir + path)
        }
        written.sort()
        let roots = [dir + "/results"]
        func load(cache: Bool = true) -> RecordSet { RecordSet.load(roots: roots, fileSystem: disk, needs: [.attempts], useCache: cache) }
        #expect(load().parsedRecords == written.count)
        #expect(load().parsedRecords == 0)
        // Attribute-only changes: the status-change time moves, the content does not.
        #expect(chmod(written[0], 0o600) == 0)
        try disk.createDirectories(dir + "/elsewhere")
        #expect(link(written[1], dir + "/elsewhere/linked.json") == 0)
        let warm = load()
        #expect(warm.parsedRecords == 0, "chmod and a hard link leave the entries good")
        #expect(warm.cachedRecords == written.count)
        #expect(warm.attempts == load(cache: false).attempts)
        #expect(load().cachedRecords == written.count, "and the cache stays warm after its rewrite")

        // Content rewritten in place, same size: the modification time moves, the entry is not used.
        let target = written[2]
        var bytes = try disk.readFile(target, limit: 1 << 20)
        let text = String(decoding: bytes, as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"passPercent\": 75", with: "\"passPercent\": 15")
        #expect(edited != text && edited.utf8.count == text.utf8.count)
        bytes = Array(edited.utf8)
        let handle = try #require(FileHandle(forWritingAtPath: target))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        let after = load()
        #expect(after.parsedRecords == 1, "the rewritten record is read again")
        #expect(after.attempts == load(cache: false).attempts)
        #expect(after.tampered == [target], "and its digest no longer matches")
    }
}
