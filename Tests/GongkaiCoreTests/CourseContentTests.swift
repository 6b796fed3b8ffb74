import Foundation
import Testing

@testable import GongkaiCore

/// The real modules in `Courses/`: counts, sources, explanations and keys, as the
/// content issue requires. These fail when someone edits a module carelessly.
@Suite struct CourseContentTests {
    static let coursesFolder: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("Courses").path
    }()

    static let library = CourseLibrary.load(paths: [coursesFolder], fileSystem: LocalFileSystem())
    static let moduleIDs = ["column-maintenance", "request-handling", "confidentiality-review"]

    @Test func theCourseFolderValidatesWithoutErrorsOrWarnings() {
        #expect(Self.library.diagnostics.map { $0.rendered(.en) } == [])
        #expect(Self.library.invalidFiles.isEmpty)
        #expect(Set(Self.library.courses.map(\.id)) == Set(Self.moduleIDs))
    }

    @Test(arguments: moduleIDs)
    func eachModuleMeetsTheCounts(id: String) throws {
        let course = try #require(Self.library.course(id: id))
        // A trainee who retakes a 15-question quiz twice rarely sees a repeat (content issue, round two).
        #expect(course.questions.count >= 45, "\(id) has \(course.questions.count) questions")
        #expect((10...20).contains(course.drawCount), "\(id) draws \(course.drawCount)")
        #expect(Set(course.questions.map(\.type)).count >= 4)
        #expect(course.lessons.count >= 5)
        #expect(course.lessons.allSatisfy { $0.body.count >= 100 })
        #expect(course.quiz.passPercent == 80)
        #expect(course.quiz.shuffleQuestions && course.quiz.shuffleOptions)
    }

    @Test(arguments: moduleIDs)
    func everyQuestionHasAnExplanationAndASourceOfTheAllowedKinds(id: String) throws {
        let course = try #require(Self.library.course(id: id))
        for q in course.questions {
            #expect(q.explanation.count >= 15, "\(q.id): explanation too short")
            // An article of the 2019 regulation, of the State Secrets Law, a section of the seed report,
            // or one of the other documents the domain reference lists (shared DOMAIN.md).
            let documents = [
                "条例第", "保守国家秘密法", "年度报告", "国办函〔2020〕109号", "国办公开办函〔2021〕30号", "行政复议法",
                "政府网站与政务新媒体检查指标", "政府网站发展指引", "民法典", "个人信息保护法", "社会救助暂行办法",
                "政府采购法", "食品安全法",
            ]
            let allowed = documents.contains { q.source.contains($0) }
            #expect(allowed, "\(q.id): source '\(q.source)'")
            #expect(!q.source.contains("2007"), "\(q.id) cites the 2007 regulation")
        }
    }

    @Test func theConfidentialityModuleHasAtLeastFiveRedactionDrafts() throws {
        let course = try #require(Self.library.course(id: "confidentiality-review"))
        let drafts = course.questions.filter { $0.type == .redact }
        #expect(drafts.count >= 5)
        for q in drafts {
            guard case .redact(let reasons) = q.answer else {
                Issue.record("\(q.id) is not a redaction key")
                continue
            }
            #expect(!reasons.isEmpty, "\(q.id) withholds nothing")
            #expect(reasons.count < q.lines.count, "\(q.id): some lines must be publishable, to test over-redaction")
            #expect(reasons.values.allSatisfy { $0.count >= 6 }, "\(q.id): every withheld line needs a reason")
        }
    }

    /// Nothing from the 2007 regulation is taught as correct: a 15-working-day
    /// reply limit is wrong since 2019 (15 days is right only for a third party or
    /// another agency answering a consultation).
    @Test(arguments: moduleIDs)
    func noAnswerKeyTeachesTheOldFifteenDayReplyLimit(id: String) throws {
        let course = try #require(Self.library.course(id: id))
        for q in course.questions {
            let consultation = q.prompt.contains("第三方") || q.prompt.contains("其他行政机关") || q.prompt.contains("其他机关")
                || q.prompt.contains("共同") || q.prompt.contains("征求意见")
            var correctTexts: [String] = []
            switch q.answer {
            case .single(let i): correctTexts = [q.options[i].text]
            case .multiple(let s): correctTexts = s.map { q.options[$0].text }
            case .fill(let accepted): correctTexts = accepted
            case .numeric(let value, _): if value == 15, q.prompt.contains("答复") { correctTexts = ["15个工作日"] }
            default: break
            }
            for text in correctTexts where text.contains("15个工作日") || text == "15" {
                #expect(consultation, "\(q.id): '\(text)' taught as correct outside a consultation")
            }
        }
    }

    @Test func everyAnswerKeyMatchesItsType() {
        for course in Self.library.courses {
            for q in course.questions {
                switch (q.type, q.answer) {
                case (.single, .single(let i)): #expect(q.options.indices.contains(i))
                case (.multiple, .multiple(let s)): #expect(!s.isEmpty && s.allSatisfy(q.options.indices.contains))
                case (.truefalse, .trueFalse), (.numeric, .numeric): break
                case (.fill, .fill(let accepted)): #expect(!accepted.isEmpty)
                case (.order, .order(let o)): #expect(o.sorted() == Array(q.options.indices))
                case (.redact, .redact(let r)): #expect(r.keys.allSatisfy { (1...q.lines.count).contains($0) })
                case (.deadline, .deadline(let s)): #expect(s.calendar != nil, "\(q.id): deadline questions get the calendar")
                default: Issue.record("\(course.id)/\(q.id): a \(q.type) question with key \(q.answer)")
                }
            }
        }
    }

    /// The key answers its own question: typing the correct answer scores full marks.
    @Test func typingTheKeyScoresFullMarksForEveryQuestion() {
        for course in Self.library.courses {
            var generator = SeededGenerator(seed: 3)
            for authored in course.questions {
                let shown = QuizDrawer.shownOrder(authored, course.quiz, &generator)
                // A deadline question has an answer only once its dates are drawn.
                let q = QuizDrawer.drawDeadline(authored, &generator).map(authored.resolvingDeadline) ?? authored
                let typed: String
                switch q.answer {
                case .single(let i): typed = OptionLetter.letter(shown.firstIndex(of: i)!)
                case .multiple(let s): typed = s.map { OptionLetter.letter(shown.firstIndex(of: $0)!) }.joined(separator: ",")
                case .order(let o): typed = o.map { OptionLetter.letter(shown.firstIndex(of: $0)!) }.joined()
                case .trueFalse(let b): typed = b ? "对" : "错"
                case .fill(let accepted): typed = accepted[0]
                case .numeric(let value, _): typed = JSONWriter.formatNumber(value)
                case .redact(let reasons): typed = reasons.keys.sorted().map(String.init).joined(separator: " ")
                case .deadline(let scenario): typed = scenario.resolvedAnswer.map(DeadlineScenario.chineseDate) ?? "?"
                }
                guard case .success(let response) = ResponseParser.parse(typed, question: q, shown: shown) else {
                    Issue.record("\(course.id)/\(q.id): the key '\(typed)' is not accepted as an answer")
                    continue
                }
                #expect(Grader.grade(q, response: response, scoring: course.quiz.multipleScoring).isCorrect, "\(course.id)/\(q.id)")
            }
        }
    }

    @Test func aRealRedactionDraftGradesFullPartialZeroAndOverMarking() throws {
        let course = try #require(Self.library.course(id: "confidentiality-review"))
        let q = try #require(course.questions.first { $0.type == .redact })
        guard case .redact(let reasons) = q.answer else { return }
        let key = reasons.keys.sorted()
        let others = (1...q.lines.count).filter { !reasons.keys.contains($0) }
        func points(_ lines: [Int]) -> Double { Grader.grade(q, response: .lines(lines), scoring: .partial).points }
        #expect(points(key) == q.points)
        #expect(points([]) == 0)
        #expect(abs(points([key[0]]) - q.points / Double(key.count)) < 1e-9)
        #expect(points(Array(1...q.lines.count)) == max(0, q.points * Double(key.count - others.count) / Double(key.count)))
        #expect(points(key + [others[0]]) < q.points)
    }

    @Test func aRedactionAnswerSurvivesTheProgressFileAndResume() throws {
        var course = try #require(Self.library.course(id: "confidentiality-review"))
        // A resumed quiz must be a whole draw (issue 13): here a draw of one question.
        course.quiz.draw = 1
        let q = try #require(course.questions.first { $0.type == .redact })
        let start = Timestamp(parsing: "2020-07-08T10:00:00+08:00")!
        var run = QuizRun(id: "r1", course: course, trainee: Trainee(name: "张三", unit: "xiquan"), session: nil, startedAt: start,
                          plan: [PlannedItem(questionID: q.id, shown: [])])
        run.answer(raw: "2, 4", response: try ResponseParser.parse("2, 4", question: q, shown: []).get())
        let bytes = RecordCodec.encode(run.progress(at: start))
        let (progress, integrity) = try RecordCodec.decode(bytes, as: ProgressRecord.self)
        #expect(integrity == .verified)
        let resumed = try QuizRun(resuming: progress, course: course)
        #expect(resumed.items[0].raw == "2, 4")
        #expect(resumed.items[0].response == .lines([2, 4]))
    }

    @Test func theSelfCheckListHasAtLeastTwelveItemsWithGuidanceAndSources() throws {
        let checklist = try #require(Self.library.checklist(id: "column-self-audit"))
        #expect(checklist.items.count >= 12)
        for item in checklist.items {
            #expect(item.guidance.count >= 20, "\(item.id): guidance")
            #expect(!item.source.isEmpty, "\(item.id): source")
        }
        #expect(checklist.items.contains { $0.evidence == .required })
    }

    @Test func theRosterHasTheCountyAndTheTrainingDay() throws {
        let roster = try #require(Self.library.roster)
        let townships = roster.units.filter { $0.kind == .township }
        #expect(townships.count == 11)
        for name in ["一条山镇", "芦阳镇", "上沙沃镇", "喜泉镇", "草窝滩镇", "红水镇", "中泉镇", "正路镇", "寺滩乡", "五佛乡", "漫水滩乡"] {
            #expect(townships.contains { $0.name == name }, "\(name) missing")
        }
        let expected = roster.units.reduce(0) { $0 + $1.expected }
        #expect((80...89).contains(expected), "80-odd people in all, got \(expected)")
        let session = try #require(roster.session(id: "2020-07-08-training"))
        #expect(session.date == LocalDate(parsing: "2020-07-08"))
        #expect(Set(session.courses) == Set(Self.moduleIDs))
        #expect(session.checklist == "column-self-audit")
    }

    @Test func thePrintedModuleContainsEveryQuestionWithItsAnswerAndSource() throws {
        for course in Self.library.courses {
            let markdown = CourseMarkdown.render(course, language: .zh)
            for q in course.questions {
                #expect(markdown.contains(q.id))
                #expect(markdown.contains("**依据**：\(q.source)"))
            }
            #expect(markdown.contains("**答案**："))
        }
    }

    /// The new material of round two is in the right module, at least two questions each.
    @Test func eachTopicAddedSince2023HasAtLeastTwoQuestionsInItsModule() throws {
        let topics: [(course: String, source: String)] = [
            ("request-handling", "行政复议法"),
            ("request-handling", "国办函〔2020〕109号"),
            ("confidentiality-review", "保守国家秘密法实施条例"),
            ("confidentiality-review", "个人信息保护法"),
        ]
        for topic in topics {
            let course = try #require(Self.library.course(id: topic.course))
            let count = course.questions.filter { $0.source.contains(topic.source) }.count
            #expect(count >= 2, "\(topic.course): \(count) questions cite \(topic.source)")
            #expect(course.lessons.contains { $0.body.contains(topic.source) }, "\(topic.course): no lesson on \(topic.source)")
        }
    }

    /// Retakes need fresh questions: with 45 in the pool and 15 drawn, a retake avoiding the previous
    /// attempt shares nothing with it.
    @Test(arguments: moduleIDs)
    func aRetakeOfARealModuleSharesNoQuestionWithThePreviousAttempt(id: String) throws {
        let course = try #require(Self.library.course(id: id))
        var first = SeededGenerator(seed: 1)
        let previous = Set(QuizDrawer.draw(course, using: &first).map(\.questionID))
        var second = SeededGenerator(seed: 2)
        let retake = QuizDrawer.draw(course, avoiding: previous, using: &second).map(\.questionID)
        #expect(retake.count == course.drawCount)
        #expect(previous.isDisjoint(with: retake))
    }
}
