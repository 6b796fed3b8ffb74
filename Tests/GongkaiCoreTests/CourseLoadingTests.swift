import Testing

@testable import GongkaiCore

@Suite struct CourseLoadingTests {
    // MARK: The fixture library

    @Test func fixtureLibraryLoadsWithoutDiagnostics() throws {
        let library = TestSupport.loadFixtureLibrary()
        #expect(library.diagnostics.map { $0.rendered(.en) } == [])
        #expect(library.invalidFiles == [])
        #expect(library.courses.map(\.id) == ["sample"])
        #expect(library.checklists.map(\.id) == ["column-self-audit"])
        #expect(library.fileCounts == [.course: 1, .checklist: 1, .roster: 1])
        let roster = try #require(library.roster)
        #expect(roster.units.map(\.id) == ["xiquan", "luyang", "caizheng"])
        #expect(roster.unit(id: "luyang") == Unit(id: "luyang", name: "芦阳镇", kind: .township, expected: 1))
        #expect(roster.unit(id: "caizheng")?.kind == .department)
        let session = try #require(roster.session(id: "2020-07-08-training"))
        #expect(session.title == "政务公开业务培训")
        #expect(session.date == LocalDate(year: 2020, month: 7, day: 8))
        #expect(session.courses == ["sample"])
        #expect(session.checklist == "column-self-audit")
        #expect(library.courseFiles["sample"]?.hasSuffix("Fixtures/Courses/sample.yaml") == true)
    }

    @Test func fixtureCourseHeaderAndQuizSettings() throws {
        let course = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        #expect(course.title == "示例课程：政府信息公开基础")
        #expect(course.version == 1)
        #expect(course.summary == "每种题型一道题，供测试和演示使用")
        #expect(
            course.quiz
                == QuizSettings(
                    passPercent: 60, draw: nil, shuffleQuestions: true, shuffleOptions: true, mode: .exam, maxAttempts: 0,
                    multipleScoring: .partial))
        #expect(course.drawCount == 7)
        #expect(course.lessons.map(\.title) == ["答复期限", "公开原则"])
        #expect(course.lessons[0].body.hasPrefix("能够当场答复的，应当当场答复。\n不能当场答复的"))
        #expect(course.lessons[0].body.hasSuffix("最长不得超过20个工作日。"), "trailing newline of the block scalar is dropped")
        #expect(course.digest.hasPrefix("sha256:") && course.digest.count == 71)
    }

    @Test func everyQuestionTypeParsesIntoTheRightAnswerKey() throws {
        let course = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        #expect(course.questions.map(\.id) == ["s-deadline", "s-principles", "s-no-fee", "s-office", "s-proactive-days", "s-steps", "s-redact"])
        #expect(course.questions.map(\.type) == [.single, .multiple, .truefalse, .fill, .numeric, .order, .redact])
        let keys = course.questions.map(\.answer)
        #expect(keys[0] == .single(2))
        #expect(keys[1] == .multiple([0, 1, 3]))
        #expect(keys[2] == .trueFalse(true))
        #expect(keys[3] == .fill(["办公厅", "国务院办公厅"]))
        #expect(keys[4] == .numeric(value: 20, tolerance: 0))
        #expect(keys[5] == .order([0, 1, 2, 3]))
        #expect(
            keys[6]
                == .redact([
                    2: "身份证号码属于个人隐私，公开会损害第三方合法权益。",
                    4: "申请人的私人手机号码属于个人隐私。",
                ]))
    }

    @Test func fixtureQuestionDetails() throws {
        let course = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        let deadline = try #require(course.question(id: "s-deadline"))
        #expect(deadline.options.map(\.text) == ["10个工作日", "15个工作日", "20个工作日", "30个工作日"])
        #expect(deadline.points == 1)
        #expect(deadline.source == "条例第三十三条")
        #expect(deadline.tags == ["deadline"])
        let principles = try #require(course.question(id: "s-principles"))
        #expect(principles.options[2] == AnswerOption("保密优先", feedback: "条例规定以公开为常态、不公开为例外，没有“保密优先”原则。"))
        #expect(principles.options[0].feedback == nil)
        let redact = try #require(course.question(id: "s-redact"))
        #expect(redact.points == 2)
        #expect(redact.lines.count == 5)
        #expect(redact.lines[1] == "申请人：王某某，身份证号码：620423199001011234")
        #expect(redact.options == [])
        #expect(try #require(course.question(id: "s-no-fee")).options == [])
    }

    @Test func fixtureChecklistItems() throws {
        let checklist = try #require(TestSupport.loadFixtureLibrary().checklist(id: "column-self-audit"))
        #expect(checklist.version == 1)
        #expect(checklist.items.map(\.id) == ["site-reachable", "timely-updates", "review-records"])
        #expect(checklist.items.map(\.evidence) == [.required, .optional, .none])
        #expect(checklist.item(id: "review-records")?.guidance == "")
        #expect(checklist.item(id: "timely-updates")?.source == "条例第二十六条")
    }

    @Test func findUnitByIDOrChineseName() throws {
        let roster = try #require(TestSupport.loadFixtureLibrary().roster)
        #expect(roster.findUnit("xiquan")?.name == "喜泉镇")
        #expect(roster.findUnit(" 财政局 ")?.id == "caizheng")
        #expect(roster.findUnit("XIQUAN")?.id == "xiquan")
        #expect(roster.findUnit("教育局") == nil)
    }

    // MARK: Inline courses

    @Test func quizSettingsDefaultWhenOmitted() throws {
        let yaml = """
            id: demo
            title: 演示
            version: 2
            questions:
              - id: q1
                type: truefalse
                prompt: 对吗？
                answer: false
                explanation: 解释
                source: 条例
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(library.diagnostics == [])
        let course = try #require(library.course(id: "demo"))
        #expect(course.quiz.passPercent == 80)
        #expect(course.quiz.draw == nil)
        #expect(course.quiz.shuffleQuestions == false)
        #expect(course.quiz.shuffleOptions == false)
        #expect(course.quiz.mode == .exam)
        #expect(course.quiz.maxAttempts == 0)
        #expect(course.quiz.multipleScoring == .partial)
        #expect(course.summary == "")
        #expect(course.lessons == [])
        #expect(course.version == 2)
        let question = try #require(course.questions.first)
        #expect(question.points == 1)
        #expect(question.tags == [])
        #expect(question.answer == .trueFalse(false))
    }

    @Test func everyQuizSettingIsRead() throws {
        let yaml = """
            id: demo
            title: 演示
            version: 1
            quiz:
              pass_percent: 72.5
              draw: 2
              shuffle_questions: yes
              shuffle_options: false
              mode: practice
              max_attempts: 3
              multiple_scoring: all-or-nothing
            questions:
              - {id: q1, type: truefalse, prompt: 一, answer: true, explanation: 解, source: 源}
              - {id: q2, type: truefalse, prompt: 二, answer: false, explanation: 解, source: 源}
              - {id: q3, type: truefalse, prompt: 三, answer: true, explanation: 解, source: 源}
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(library.diagnostics == [])
        let course = try #require(library.course(id: "demo"))
        #expect(
            course.quiz
                == QuizSettings(
                    passPercent: 72.5, draw: 2, shuffleQuestions: true, shuffleOptions: false, mode: .practice,
                    maxAttempts: 3, multipleScoring: .allOrNothing))
        #expect(course.drawCount == 2)
    }

    @Test func answerKeysInEveryAcceptedSpelling() throws {
        let yaml = """
            id: demo
            title: 演示
            version: 1
            questions:
              - {id: m-comma, type: multiple, prompt: 多, options: [a, b, c, d], answer: "A, C", explanation: 解, source: 源}
              - {id: m-list, type: multiple, prompt: 多, options: [a, b, c, d], answer: [D, a], explanation: 解, source: 源}
              - {id: m-lower, type: multiple, prompt: 多, options: [a, b, c, d], answer: bd, explanation: 解, source: 源}
              - {id: s-lower, type: single, prompt: 单, options: [a, b], answer: b, explanation: 解, source: 源}
              - {id: o-letters, type: order, prompt: 排, options: [a, b, c, d], answer: BADC, explanation: 解, source: 源}
              - {id: tf-zh, type: truefalse, prompt: 判, answer: 错, explanation: 解, source: 源}
              - {id: tf-yes, type: truefalse, prompt: 判, answer: yes, explanation: 解, source: 源}
              - {id: f-scalar, type: fill, prompt: 填, answer: "  办公厅 ", explanation: 解, source: 源}
              - {id: n-tol, type: numeric, prompt: 数, answer: 20.5, tolerance: 0.5, explanation: 解, source: 源}
              - id: r-none
                type: redact
                prompt: 删
                lines: [甲, 乙]
                answer: []
                explanation: 解
                source: 源
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(library.diagnostics.map { $0.rendered(.en) } == [])
        let course = try #require(library.course(id: "demo"))
        let keys = Dictionary(uniqueKeysWithValues: course.questions.map { ($0.id, $0.answer) })
        #expect(keys["m-comma"] == .multiple([0, 2]))
        #expect(keys["m-list"] == .multiple([0, 3]))
        #expect(keys["m-lower"] == .multiple([1, 3]))
        #expect(keys["s-lower"] == .single(1))
        #expect(keys["o-letters"] == .order([1, 0, 3, 2]))
        #expect(keys["tf-zh"] == .trueFalse(false))
        #expect(keys["tf-yes"] == .trueFalse(true))
        #expect(keys["f-scalar"] == .fill(["办公厅"]))
        #expect(keys["n-tol"] == .numeric(value: 20.5, tolerance: 0.5))
        #expect(keys["r-none"] == .redact([:]))
    }

    @Test func optionWithFeedbackAndLessonsAreRead() throws {
        let yaml = """
            id: demo
            title: "  演示  "
            version: 1
            summary: 概要
            lessons:
              - title: 第一课
                body: |
                  第一段。
                  第二段。
            questions:
              - id: q1
                type: single
                prompt: |
                  哪个？
                options:
                  - 甲
                  - {text: 乙, feedback: 乙不对。}
                answer: A
                explanation: 解释
                source: " 条例第一条 "
                tags: [a, b]
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(library.diagnostics == [])
        let course = try #require(library.course(id: "demo"))
        #expect(course.title == "演示")
        #expect(course.summary == "概要")
        #expect(course.lessons == [Lesson(title: "第一课", body: "第一段。\n第二段。")])
        let q = try #require(course.questions.first)
        #expect(q.prompt == "哪个？")
        #expect(q.options == [AnswerOption("甲"), AnswerOption("乙", feedback: "乙不对。")])
        #expect(q.source == "条例第一条")
        #expect(q.tags == ["a", "b"])
    }

    @Test func coursesFollowTheFirstSessionOrder() throws {
        func course(_ id: String) -> (file: String, text: String) {
            (
                "\(id).yaml",
                """
                id: \(id)
                title: \(id)
                version: 1
                questions:
                  - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
                """
            )
        }
        let roster = """
            units:
              - {id: u1, name: 单位, kind: township, expected: 1}
            sessions:
              - id: s1
                title: 培训
                date: 2020-07-08
                courses: [zeta, alpha]
            """
        let library = CourseLibrary.load(sources: [course("alpha"), course("beta"), course("zeta"), ("roster.yaml", roster)])
        #expect(library.diagnostics == [])
        #expect(library.courses.map(\.id) == ["zeta", "alpha", "beta"])
    }

    @Test func digestIgnoresLessonsButNotTheKey() {
        let base = TestSupport.everyTypeCourse()
        var lessonsChanged = base
        lessonsChanged.lessons = [Lesson(title: "新", body: "新内容")]
        let rebuiltWithLessons = Course(
            id: base.id, title: "别的标题", version: base.version, summary: "别的", quiz: base.quiz,
            lessons: lessonsChanged.lessons, questions: base.questions)
        #expect(rebuiltWithLessons.digest == base.digest)

        var questions = base.questions
        questions[0].answer = .single(1)
        let keyChanged = Course(id: base.id, title: base.title, version: base.version, quiz: base.quiz, questions: questions)
        #expect(keyChanged.digest != base.digest)

        var quiz = base.quiz
        quiz.passPercent = 90
        let passChanged = Course(id: base.id, title: base.title, version: base.version, quiz: quiz, questions: base.questions)
        #expect(passChanged.digest != base.digest)
    }

    @Test func checklistAndRosterClassification() throws {
        let checklist = """
            id: cl
            title: 自查
            version: 1
            items:
              - {id: a, text: 甲, source: 源, evidence: required}
              - {id: b, text: 乙, source: 源}
            """
        let library = CourseLibrary.load(sources: [("checklists/cl.yaml", checklist)])
        #expect(library.diagnostics == [])
        let parsed = try #require(library.checklist(id: "cl"))
        #expect(parsed.items.map(\.evidence) == [.required, .optional])
        #expect(library.fileCounts == [.checklist: 1])
    }

    @Test func problemsForCourseListsOnlyThatFile() {
        let bad = """
            id: bad
            title: 坏
            version: 0
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            """
        let library = CourseLibrary.load(sources: [("bad.yaml", bad)])
        #expect(library.courses == [])
        #expect(library.problems(forCourse: "bad")?.map { $0.rendered(.en) } == ["bad.yaml:3:10: error: 'version' must be greater than 0"])
        #expect(library.problems(forCourse: "other") == nil)
        #expect(library.errorCount == 1)
    }

    @Test func missingPathAndEmptyDirectoryAreReported() {
        let fs = MemoryFileSystem()
        try? fs.createDirectories("/empty")
        let library = CourseLibrary.load(paths: ["/nope", "/empty"], fileSystem: fs)
        #expect(
            library.diagnostics.map { $0.rendered(.en) } == [
                "/empty:1:1: error: no YAML files under '/empty'",
                "/nope:1:1: error: '/nope' does not exist",
            ])
    }

    @Test func nonUTF8FileIsReportedNotFatal() {
        let fs = MemoryFileSystem()
        fs.put([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE], at: "/c/bad.yaml")
        let library = CourseLibrary.load(paths: ["/c"], fileSystem: fs)
        #expect(library.diagnostics.map { $0.rendered(.en) } == ["/c/bad.yaml:1:1: error: file is not UTF-8 (save it as UTF-8)"])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let fs = MemoryFileSystem()
        fs.put(
            "\u{FEFF}id: demo\ntitle: 演示\nversion: 1\nquestions:\n  - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}\n",
            at: "/c/demo.yaml")
        let library = CourseLibrary.load(paths: ["/c"], fileSystem: fs)
        #expect(library.diagnostics == [])
        #expect(library.course(id: "demo") != nil)
    }
}
