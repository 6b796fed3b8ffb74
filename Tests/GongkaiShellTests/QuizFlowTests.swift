import GongkaiCore
import Testing

@testable import GongkaiShell

@Suite struct QuizFlowTests {
    let login = ["login 张三 --unit xiquan", ""]

    func answers(_ harness: ShellHarness, correct: Bool = true) -> [String] {
        harness.firstPlan().map { item in
            let q = harness.course.question(id: item.questionID)!
            return correct ? correctAnswer(q, shown: item.shown) : wrongAnswer(q, shown: item.shown)
        }
    }

    @Test func wholeSessionPassesAndIsRecorded() throws {
        let h = ShellHarness()
        let out = h.run(login + ["courses", "study sample", "", "quiz sample"] + answers(h) + ["y", "courses", "history", "quit"])
        #expect(out.contains("已签到：政务公开业务培训（2020-07-08）"))
        #expect(out.contains("本课程已读完"))
        #expect(out.contains("得分 8/8（100%）· 通过（及格线 60%）"))
        let attempt = try #require(h.attempts().first)
        #expect(h.attempts().count == 1)
        #expect(attempt.score.percent == 100)
        #expect(attempt.passed)
        #expect(attempt.trainee == Trainee(name: "张三", unit: "xiquan"))
        #expect(attempt.session == "2020-07-08-training")
        #expect(attempt.items.map(\.question) == h.firstPlan().map(\.questionID))
        #expect(attempt.items.map(\.shown) == h.firstPlan().map(\.shown))
        #expect(h.files(under: "/results/attendance/2020-07-08-training/").count == 1)
        #expect(h.files(under: "/results/progress/").allSatisfy { $0.hasSuffix("/study%2Esample.json") }, "the quiz's autosave is removed once the attempt is saved; the lesson bookmark stays")
        #expect(h.files(under: "/results/attempts/sample/2020-07/").count == 1)
    }

    @Test func examModeRevealsNothingBeforeSubmission() throws {
        let h = ShellHarness()
        let out = h.run(login + ["quiz sample"] + answers(h, correct: false) + ["y", "quit"])
        let split = try #require(out.range(of: "── 测验结果"))
        let before = String(out[..<split.lowerBound])
        let after = String(out[split.upperBound...])
        for leak in ["正确答案", "回答正确", "回答错误", "解析：", "依据："] {
            #expect(!before.contains(leak), "\(leak) shown before submission")
        }
        #expect(after.contains("未通过"))
        #expect(after.contains("正确答案："))
        #expect(after.contains("依据：条例第三十三条"))
        #expect(after.contains("第 2 行应删除：身份证号码属于个人隐私"))
        #expect(after.contains("以下 7 题未得满分"))
        #expect(h.attempts().first?.score.points == 0)
    }

    @Test func invalidAnswersArePromptedAgainAndNothingIsLost() throws {
        let h = ShellHarness()
        let plan = h.firstPlan()
        var inputs = login + ["quiz sample"]
        for (index, item) in plan.enumerated() {
            let q = h.course.question(id: item.questionID)!
            if index == 0 { inputs += ["", "   ", "\u{1B}[31m", String(repeating: "A", count: 3000)] }
            switch q.type {
            case .single: inputs += ["Z", "AB"]
            case .multiple, .order: inputs += ["Q"]
            case .truefalse: inputs += ["maybe"]
            case .numeric: inputs += ["twenty"]
            case .redact: inputs += ["9"]
            default: break
            }
            inputs.append(correctAnswer(q, shown: item.shown))
        }
        let out = h.run(inputs + ["y", "quit"])
        #expect(out.contains("请输入答案。"))
        #expect(out.contains("输入过长"))
        #expect(out.contains("单选题只能选一个选项。"))
        #expect(out.contains("请输入 对/错"))
        #expect(out.contains("请输入一个数字，如 20。"))
        #expect(out.contains("没有第 9 行，行号为 1–5。"))
        #expect(h.attempts().first?.score.percent == 100)
    }

    @Test func skipBackAndReturnToSkippedQuestion() throws {
        let h = ShellHarness()
        let plan = h.firstPlan()
        let answers = answers(h)
        var inputs = login + ["quiz sample", "skip"] + answers.dropFirst()
        // At the end: go back to question 1, answer it, then submit.
        inputs += ["1", answers[0], "y"]
        let out = h.run(inputs + ["quit"])
        #expect(out.contains("还有 1 题未作答：第 1 题。"))
        let attempt = try #require(h.attempts().first)
        #expect(attempt.score.percent == 100)
        #expect(attempt.items[0].question == plan[0].questionID)
        #expect(attempt.items[0].raw == answers[0])
    }

    @Test func backShowsThePreviousAnswerAndEnterKeepsIt() throws {
        let h = ShellHarness()
        let answers = answers(h)
        let out = h.run(login + ["quiz sample", answers[0], "back", ""] + answers.dropFirst() + ["y", "quit"])
        #expect(out.contains("（已作答："))
        #expect(h.attempts().first?.score.percent == 100)
    }

    @Test func interruptAtAQuestionPausesAndResumeContinues() throws {
        let h = ShellHarness()
        let answers = answers(h)
        var inputs: [LineInput] = (login + ["quiz sample", answers[0], answers[1]]).map(LineInput.line)
        inputs += [.interrupt, .line("y"), .line("courses"), .line("resume")]
        inputs += answers.dropFirst(2).map(LineInput.line)
        inputs += [.line("y"), .line("quit")]
        let out = h.run(inputs)
        #expect(out.contains("要暂停测验吗"))
        #expect(out.contains("测验已暂停，进度已保存。输入 resume sample 继续。"))
        #expect(out.contains("进行中"))
        #expect(out.contains("已恢复：已答 2/7 题"))
        let attempt = try #require(h.attempts().first)
        #expect(attempt.score.percent == 100)
        #expect(attempt.items.prefix(2).map(\.raw) == [answers[0], answers[1]])
    }

    @Test func endOfInputMidQuizKeepsEveryAnswerForTheNextShell() throws {
        let h = ShellHarness()
        let answers = answers(h)
        let first = h.run(login + ["quiz sample"] + answers.prefix(3))
        #expect(first.contains("测验已暂停，进度已保存"))
        #expect(h.attempts().isEmpty)
        let progress = try #require(try h.store.loadProgress(trainee: Trainee(name: "张三", unit: "xiquan"), name: "sample")?.get())
        #expect(progress.items.compactMap(\.raw) == Array(answers.prefix(3)))
        #expect(progress.position == 3)
        // Exam mode: the autosave holds no points or correctness.
        let text = String(decoding: h.fileSystem.allFiles[h.store.progressPath(trainee: progress.trainee, name: "sample")]!, as: UTF8.self)
        #expect(!text.contains("\"points\""))

        let second = h.run(login + ["resume"] + answers.dropFirst(3) + ["y", "quit"])
        #expect(second.contains("你有未完成的测验"))
        #expect(second.contains("第 4/7 题"))
        #expect(h.attempts().first?.score.percent == 100)
        #expect(h.attempts().first?.items.prefix(3).map(\.raw) == Array(answers.prefix(3)).map(Optional.some))
    }

    @Test func quizCommandOffersToContinueASavedAttempt() throws {
        let h = ShellHarness()
        let answers = answers(h)
        h.run(login + ["quiz sample"] + answers.prefix(2))
        let out = h.run(login + ["quiz sample", "y"] + answers.dropFirst(2) + ["y", "quit"])
        #expect(out.contains("继续上次的测验吗？"))
        #expect(h.attempts().count == 1)
        #expect(h.attempts().first?.score.percent == 100)
    }

    @Test func maxAttemptsIsEnforced() throws {
        var library = ShellHarness.fixtureLibrary
        var course = library.course(id: "sample")!
        course.quiz.maxAttempts = 1
        library.courses = [course]
        let h = ShellHarness(library: library)
        let answers = answers(h, correct: false)
        let out = h.run(login + ["quiz sample"] + answers + ["y", "quiz sample", "courses", "quit"])
        #expect(out.contains("本课程最多可测验 1 次，你已用完。"))
        #expect(out.contains("1/1"))
        #expect(h.attempts().count == 1)
    }

    @Test func practiceModeGivesFeedbackAfterEachAnswer() throws {
        var library = ShellHarness.fixtureLibrary
        var course = library.course(id: "sample")!
        course.quiz.mode = .practice
        library.courses = [course]
        let h = ShellHarness(library: library)
        let plan = h.firstPlan(course)
        let first = course.question(id: plan[0].questionID)!
        let inputs = login + ["quiz sample", wrongAnswer(first, shown: plan[0].shown)]
        let out = h.run(inputs)
        #expect(out.contains("✗ 回答错误"))
        #expect(out.contains("正确答案：\(correctAnswer(first, shown: plan[0].shown).replacingOccurrences(of: " ", with: ""))") || first.type == .fill || first.type == .numeric || first.type == .truefalse || first.type == .redact)
        #expect(out.contains("依据：\(first.source)"))
    }

    @Test func reviewDrillsOnlyTheQuestionsAnsweredWrongly() throws {
        let h = ShellHarness()
        let plan = h.firstPlan()
        var answers = answers(h)
        let wrongQuestion = h.course.question(id: plan[0].questionID)!
        answers[0] = wrongAnswer(wrongQuestion, shown: plan[0].shown)
        let out = h.run(login + ["quiz sample"] + answers + ["y", "review", "skip", "", "y", "quit"])
        #expect(out.contains("错题练习：示例课程：政府信息公开基础（1 题，不计成绩）"))
        let review = try #require(h.attempts().first { $0.kind == .review })
        #expect(review.items.map(\.question) == [plan[0].questionID])
        #expect(h.attempts().filter { $0.kind == .quiz }.count == 1)
    }

    @Test func answerPromptsNeverOfferCompletion() throws {
        let h = ShellHarness()
        h.run(login + ["quiz sample"] + answers(h) + ["y", "quit"])
        let reader = try #require(h.lastReader)
        for (prompt, completer) in zip(reader.prompts, reader.completers) where prompt == "答案> " {
            #expect(completer == nil)
        }
    }

    @Test func englishSwitchesEveryMessage() throws {
        let h = ShellHarness(language: .en)
        let out = h.run(login + ["quiz sample"] + answers(h) + ["y", "quit"])
        #expect(out.contains("Welcome, 张三 (喜泉镇)."))
        #expect(out.contains("Score 8/8 (100%) · passed (pass mark 60%)"))
        #expect(!out.contains("得分"))
    }
}
