import GongkaiCore
import Testing

@testable import GongkaiShell

/// Courses named as people name them, paused reviews resumed as reviews, and who sees what.
@Suite struct TraineeSideTests {
    let login = ["login 张三 --unit xiquan", ""]

    func typed(_ h: ShellHarness, wrongFirst: Bool = false) -> [String] {
        let plan = h.firstPlan()
        return plan.enumerated().map { index, item in
            let question = h.course.question(id: item.questionID)!
            return index == 0 && wrongFirst ? wrongAnswer(question, shown: item.shown) : correctAnswer(question, shown: item.shown)
        }
    }

    @Test func aCourseIsNamedByItsChineseTitleOrAPrefix() throws {
        let h = ShellHarness()
        let out = h.run(login + ["study 示例课程：政府信息公开基础", "q", "study 示例", "q", "study samp", "q", "study 不存在的课", "quit"])
        #expect(out.components(separatedBy: "示例课程：政府信息公开基础").count >= 4, "\(out)")
        #expect(out.contains("没有课程“不存在的课”"))
        let completer = Shell(ShellEnvironment(library: h.library, store: h.store, reader: ScriptedLineReader([]), output: CapturedOutput())).commandCompleter()
        #expect(completer("study ", "").contains("示例课程：政府信息公开基础"), "Tab offers the titles too")
    }

    @Test func aPausedReviewIsListedApartAndResumedAsAReview() throws {
        let h = ShellHarness()
        // A quiz with the first question wrong, then a review paused at its only question.
        h.run(login + ["quiz sample"] + typed(h, wrongFirst: true) + ["y", "review sample", "quit", "quit"])
        #expect(h.store.pendingWork(trainee: Trainee(name: "张三", unit: "xiquan")).contains(.review(course: "sample")))
        // A second quiz paused after starting.
        h.run(login + ["quiz sample", "quit", "quit"])
        let listed = h.run(login + ["resume", "quit"])
        #expect(listed.contains("未完成的测验：sample"), "\(listed)")
        #expect(listed.contains("未完成的错题练习：sample（resume review 课程）"), "\(listed)")
        let reviewPlan = try #require(try h.store.loadProgress(trainee: Trainee(name: "张三", unit: "xiquan"), key: .review(course: "sample"))?.get())
        let question = h.course.question(id: reviewPlan.items[0].question)!
        h.run(login + ["resume review 示例", correctAnswer(question, shown: reviewPlan.items[0].shown), "", "y", "quit"])
        let review = try #require(h.attempts().first { $0.kind == .review }, "the review was finished as a review")
        #expect(review.items.map(\.question) == [question.id])
        #expect(h.attempts().filter { $0.kind == .quiz }.count == 1, "the paused quiz is still paused")
    }

    @Test func traineesSeeTheirOwnScoresOnlyAndContactsTheirUnit() {
        let h = ShellHarness()
        h.externalCommands["report"] = { args in ("ran report " + args.joined(separator: " ") + "\n", 0) }
        var out = h.run(["report completion", "quit"])
        #expect(out.contains("请先登录"))
        #expect(!out.contains("ran report"))
        out = h.run(login + ["report scores", "report completion --unit caizheng", "report attendance --unit 喜泉镇", "unit caizheng", "quit"])
        #expect(out.contains("这份报表由政务公开办在命令行查看"), "nobody reads colleagues' scores in the shell")
        #expect(!out.contains("ran report scores"))
        #expect(out.contains("不能查看单位 caizheng"))
        #expect(out.contains("ran report attendance --unit 喜泉镇"), "the own unit by its Chinese name")
    }

    @Test func whenTheRosterNamesContactsOnlyTheySeeTheUnit() {
        var library = ShellHarness.fixtureLibrary
        library.roster?.units[0].contacts = ["李四"]
        let h = ShellHarness(library: library)
        h.externalCommands["report"] = { args in ("ran report " + args.joined(separator: " ") + "\n", 0) }
        var out = h.run(login + ["report completion", "unit", "quit"])
        #expect(out.contains("只有本单位联络员可以查看单位 xiquan"))
        #expect(!out.contains("ran report"))
        out = h.run(["login 李 四 --unit xiquan", "", "report completion", "unit", "quit"])
        #expect(out.contains("ran report completion --unit xiquan"), "\(out)")
        #expect(out.contains("喜泉镇"))
    }

    @Test func namesWithSpacesAreThePersonWithout() {
        let h = ShellHarness()
        h.run(["login 王 小明 --unit xiquan", "", "quit"])
        h.run(["login 王小明 --unit 喜泉镇", "", "quit"])
        #expect(h.store.attendance().records.map(\.record.trainee.name) == ["王小明"], "one person, one sign-in")
    }

    // MARK: The answer sheet

    @Test func flagListGotoAndAConfirmationThatNamesFlaggedQuestions() throws {
        let h = ShellHarness()
        let answers = typed(h)
        // Answer 1, flag 2 and answer it, open the sheet, jump to 5 with goto, then answer the rest in order.
        var inputs = login + ["quiz sample", answers[0], "flag", answers[1], "list", "", "goto 5"]
        inputs += [answers[4], answers[5], answers[6], "goto 3", answers[2], answers[3]]
        inputs += ["n", "2", answers[1], "y", "quit"]
        let out = h.run(inputs)
        #expect(out.contains("已标记第 2 题"), "\(out)")
        #expect(out.contains("答题卡：已答 2/7 题，标记 1 题"), "\(out)")
        #expect(out.contains("   1✓    2⚑ ▶  3○    4○"), "the sheet: answered, flagged, current: \(out)")
        #expect(out.contains("已标记：第 2 题。确认交卷吗？（n 打开答题卡）"), "\(out)")
        #expect(out.contains("答题卡：已答 7/7 题，标记 1 题"))
        let attempt = try #require(h.attempts().first)
        #expect(attempt.score.percent == 100, "every answer kept through the jumps")
    }

    @Test func aFlagSurvivesPausingAndResuming() throws {
        let h = ShellHarness()
        let answers = typed(h)
        h.run(login + ["quiz sample", answers[0], "flag", "quit", "quit"])
        let saved = try #require(try h.store.loadProgress(trainee: Trainee(name: "张三", unit: "xiquan"), key: .quiz(course: "sample"))?.get())
        #expect(saved.items.map(\.flagged) == [false, true, false, false, false, false, false])
        let out = h.run(login + ["resume", "list", "", "quit", "quit"])
        #expect(out.contains("标记 1 题"), "\(out)")
    }

    @Test func theResultScreenShowsOptionTextsWithSortedLetters() throws {
        let h = ShellHarness()
        let plan = h.firstPlan()
        let answers = typed(h)
        let index = try #require(plan.firstIndex { h.course.question(id: $0.questionID)!.type == .multiple })
        let question = h.course.question(id: plan[index].questionID)!
        guard case .multiple(let key) = question.answer else { Issue.record("not multiple"); return }
        // Choose one right option and one wrong one, typed in reverse letter order.
        let wrong = try #require(question.options.indices.first { !key.contains($0) })
        let chosen = [key[0], wrong].map { plan[index].shown.firstIndex(of: $0)! }.sorted()
        var inputs = answers
        inputs[index] = chosen.reversed().map(OptionLetter.letter).joined()
        let out = h.run(login + ["quiz sample"] + inputs + ["y", "quit"])
        let letters = chosen.map(OptionLetter.letter).joined()
        #expect(out.contains("你的答案：\(letters)"), "letters sorted: \(out)")
        for position in chosen {
            #expect(out.contains("\(OptionLetter.letter(position)). \(question.options[plan[index].shown[position]].text)"))
        }
        let keyLetters = key.map { plan[index].shown.firstIndex(of: $0)! }.sorted().map(OptionLetter.letter).joined()
        #expect(out.contains("正确答案：\(keyLetters)"))
    }

    // MARK: Lessons

    @Test func coursesShowsLessonsReadAndStudyReopensWhereTheTraineeLeftOff() throws {
        var library = ShellHarness.fixtureLibrary
        library.courses[0].lessons.append(Lesson(title: "第三课", body: "依申请公开的答复期限为20个工作日。"))
        let h = ShellHarness(library: library)
        let lessons = h.course.lessons.count
        #expect(lessons == 3)
        var out = h.run(login + ["courses", "quit"])
        #expect(out.contains("0/3"), "nothing read yet: \(out)")
        // Pages 1 and 2 shown, then the trainee closes the pager on page 2.
        out = h.run(login + ["study sample", "", "q", "courses", "quit"])
        #expect(out.contains("2/3"), "lessons 1 and 2 read: \(out)")
        out = h.run(login + ["study 示例", "q", "quit"])
        #expect(out.contains("从上次读到的地方继续：第 2/3 页"), "\(out)")
        // Reading to the end marks every lesson and starts over next time.
        out = h.run(login + ["study sample", "", "courses", "quit"])
        #expect(out.contains("3/3"), "\(out)")
        out = h.run(login + ["study sample", "q", "quit"])
        #expect(!out.contains("从上次读到的地方继续"), "finished: from the beginning")
        let saved = try #require(h.store.loadStudy(trainee: Trainee(name: "张三", unit: "xiquan"), course: "sample"))
        #expect(saved.readCount(in: h.course) == 3)
        #expect(h.store.pendingWork(trainee: saved.trainee).isEmpty, "a bookmark is not unfinished work")
    }
}
