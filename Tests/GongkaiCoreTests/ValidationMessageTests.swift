import Testing

@testable import GongkaiCore

/// `gongkai validate` output: exact wording and `file:line:column` for every
/// kind of problem, in English and (spot-checked) Chinese.
@Suite struct ValidationMessageTests {
    private func rendered(_ library: CourseLibrary, _ language: Language = .en) -> [String] {
        library.diagnostics.map { $0.rendered(language) }
    }

    private func errors(_ library: CourseLibrary, _ language: Language = .en) -> [String] {
        library.diagnostics.filter { $0.severity == .error }.map { $0.rendered(language) }
    }

    /// A course around one question whose body starts on line 5, column 5.
    private func courseWithQuestion(_ body: String, file: String = "demo.yaml") -> CourseLibrary {
        let yaml = "id: demo\ntitle: 演示\nversion: 1\nquestions:\n" + body
        return TestSupport.loadCourseYAML(yaml, file: file)
    }

    // MARK: Syntax

    @Test func yamlSyntaxErrorHasPositionAndLibyamlProblem() {
        let library = TestSupport.loadCourseYAML("id: demo\ntitle: a: b\nversion: 1\n")
        #expect(rendered(library) == ["demo.yaml:2:9: error: YAML syntax error: mapping values are not allowed in this context"])
        #expect(rendered(library, .zh) == ["demo.yaml:2:9: error: YAML 语法错误：mapping values are not allowed in this context"])
        #expect(library.courses == [])
        #expect(library.invalidFiles == [CourseLibrary.InvalidFile(file: "demo.yaml", id: nil, kind: .course)])
    }

    @Test func emptyFileIsReported() {
        let library = TestSupport.loadCourseYAML("")
        #expect(rendered(library) == ["demo.yaml:1:1: error: file is empty"])
        #expect(rendered(library, .zh) == ["demo.yaml:1:1: error: 文件为空"])
    }

    @Test func duplicateKeyInOneMappingIsReported() {
        let library = TestSupport.loadCourseYAML("id: demo\ntitle: 一\ntitle: 二\nversion: 1\n")
        #expect(errors(library).count == 1)
        #expect(errors(library).first?.contains("key 'title' appears more than once") == true)
    }

    // MARK: Keys

    @Test func unknownKeySuggestsTheClosestKey() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选哪个？
                options: [甲, 乙, 丙]
                answer: A
                explaination: 拼错了
                source: 条例第一条

            """)
        #expect(
            rendered(library) == [
                "demo.yaml:5:5: warning: missing required key 'explanation'",
                "demo.yaml:10:5: error: unknown key 'explaination'; did you mean 'explanation'?",
            ])
        #expect(errors(library, .zh) == ["demo.yaml:10:5: error: 未知字段 'explaination'，是否想写 'explanation'？"])
        #expect(library.courses == [])
    }

    @Test func misspeltRequiredKeyGivesSuggestionAndMissingKey() {
        let yaml = """
            id: demo
            title: 演示
            version: 1
            questons:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            colour: red
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(
            rendered(library) == [
                "demo.yaml:1:1: error: missing required key 'questions'",
                "demo.yaml:4:1: error: unknown key 'questons'; did you mean 'questions'?",
                "demo.yaml:6:1: error: unknown key 'colour'",
            ])
    }

    @Test func missingRequiredFieldsAreNamed() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: truefalse
                answer: true
                explanation: 解释

            """)
        // A missing source is a warning (an imported bank shows what still needs one), not an error.
        #expect(
            Set(rendered(library)) == [
                "demo.yaml:5:5: error: missing required key 'prompt'",
                "demo.yaml:5:5: warning: question has no source; add the article or report section it rests on",
            ])
        #expect(Set(rendered(library, .zh)) == ["demo.yaml:5:5: error: 缺少必填字段 'prompt'", "demo.yaml:5:5: warning: 题目没有依据（source），请补上条例条款或报告章节"])
    }

    @Test func missingCourseTitleAndAnswer() {
        let yaml = """
            id: demo
            version: 1
            questions:
              - id: q1
                type: numeric
                prompt: 多少？
                explanation: 解释
                source: 条例
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(
            rendered(library) == [
                "demo.yaml:1:1: error: missing required key 'title'",
                "demo.yaml:4:5: error: missing required key 'answer'",
            ])
    }

    @Test func wrongValueTypesAndUnknownEnumValues() {
        let yaml = """
            id: Demo_1
            title: 演示
            version: abc
            quiz:
              mode: lecture
              shuffle_options: sometimes
            questions:
              - id: q1
                type: choice
                prompt: 选
                explanation: 解释
                source: 条例
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(
            rendered(library) == [
                "demo.yaml:1:5: error: 'Demo_1' in 'id' may contain only lower-case letters, digits and hyphens",
                "demo.yaml:3:10: error: key 'version' must be an integer",
                "demo.yaml:5:9: error: 'lecture' is not a valid 'mode'; use one of: exam, practice",
                "demo.yaml:6:20: error: key 'shuffle_options' must be true or false",
                "demo.yaml:9:11: error: 'choice' is not a valid 'type'; use one of: single, multiple, truefalse, fill, numeric, order, redact, deadline",
            ])
    }

    // MARK: Questions

    @Test func duplicateQuestionIDMentionsTheFirstLine() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: truefalse
                prompt: 一
                answer: true
                explanation: 解释
                source: 条例
              - id: q1
                type: truefalse
                prompt: 二
                answer: false
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:11:5: error: duplicate question id 'q1' (first used on line 5)"])
        #expect(rendered(library, .zh) == ["demo.yaml:11:5: error: 题目 id 'q1' 重复（第 5 行已使用）"])
        #expect(library.courses == [])
    }

    @Test func answerLetterOutOfRange() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选哪个？
                options: [甲, 乙, 丙]
                answer: D
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:9:13: error: answer 'D' is outside the options (A–C)"])
        #expect(rendered(library, .zh) == ["demo.yaml:9:13: error: 答案 'D' 超出选项范围（A–C）"])
    }

    @Test func answerLetterOutOfRangeInMultiple() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: multiple
                prompt: 选哪些？
                options: [甲, 乙, 丙, 丁]
                answer: ae
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:9:13: error: answer 'E' is outside the options (A–D)"])
    }

    @Test func emptyOptionIsNamedByNumber() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选
                options:
                  - 甲
                  - ""
                  - 丙
                answer: A
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:10:9: error: option 2 is empty"])
        #expect(rendered(library, .zh) == ["demo.yaml:10:9: error: 第 2 个选项为空"])
    }

    @Test func duplicateOptionNamesTheFirstLetter() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选
                options: [甲, 乙, 甲]
                answer: A
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:8:21: error: option '甲' duplicates option A"])
        #expect(rendered(library, .zh) == ["demo.yaml:8:21: error: 选项 '甲' 与选项 A 重复"])
    }

    @Test func singleQuestionWithTwoLetters() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选
                options: [甲, 乙, 丙]
                answer: AC
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:9:13: error: a single-choice answer is one letter, not 'AC'"])
        #expect(rendered(library, .zh) == ["demo.yaml:9:13: error: 单选题答案只能是一个字母，实际为 'AC'"])
    }

    @Test func trueFalseWithMaybe() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: truefalse
                prompt: 对吗？
                answer: maybe
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:8:13: error: a true/false answer must be true or false, not 'maybe'"])
    }

    @Test func numericWithWords() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: numeric
                prompt: 多少？
                answer: twenty
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:8:13: error: a numeric answer must be a number, not 'twenty'"])
        #expect(rendered(library, .zh) == ["demo.yaml:8:13: error: 数值题答案应为数字，实际为 'twenty'"])
    }

    @Test func orderAnswerMustNameEveryOption() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: order
                prompt: 排序
                options: [甲, 乙, 丙]
                answer: BA
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:9:13: error: an order answer must name each of the 3 options exactly once"])
    }

    @Test func optionCountAndOptionsOnTheWrongType() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: single
                prompt: 选
                options: [甲]
                answer: A
                explanation: 解释
                source: 条例
              - id: q2
                type: truefalse
                prompt: 判
                options: [对, 错]
                answer: true
                explanation: 解释
                source: 条例

            """)
        #expect(
            rendered(library) == [
                "demo.yaml:8:14: error: a single question needs at least 2 options",
                "demo.yaml:15:5: error: a truefalse question takes no options",
            ])
    }

    @Test func thirteenOptionsAreTooMany() {
        let library = courseWithQuestion(
            """
              - id: q1
                type: multiple
                prompt: 选
                options: [a, b, c, d, e, f, g, h, i, j, k, l, m]
                answer: A
                explanation: 解释
                source: 条例

            """)
        #expect(rendered(library) == ["demo.yaml:8:14: error: 13 options; at most 12 (A–L)"])
    }

    @Test func emptyQuestionListAndDuplicateChecklistItem() {
        let course = TestSupport.loadCourseYAML("id: demo\ntitle: 演示\nversion: 1\nquestions: []\n")
        #expect(rendered(course) == ["demo.yaml:4:12: error: the course has no questions"])
        let checklist = """
            id: cl
            title: 自查
            version: 1
            items:
              - {id: a, text: 甲, source: 源, evidence: sometimes}
              - {id: a, text: 乙, source: 源}
            """
        let library = CourseLibrary.load(sources: [("cl.yaml", checklist)])
        #expect(
            rendered(library) == [
                "cl.yaml:5:43: error: 'sometimes' is not a valid 'evidence'; use one of: required, optional, none",
                "cl.yaml:6:5: error: duplicate item id 'a' (first used on line 5)",
            ])
        #expect(library.checklists == [])
    }

    // MARK: Quiz settings

    @Test func passPercentOutOfRange() {
        let yaml = """
            id: demo
            title: 演示
            version: 1
            quiz:
              pass_percent: 150
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(rendered(library) == ["demo.yaml:5:17: error: 'pass_percent' is 150, outside 0–100"])
        #expect(rendered(library, .zh) == ["demo.yaml:5:17: error: 字段 'pass_percent' 的值 150 超出范围 0–100"])
    }

    @Test func drawLargerThanPool() {
        let yaml = """
            id: demo
            title: 演示
            version: 1
            quiz:
              draw: 5
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
              - {id: q2, type: truefalse, prompt: 判, answer: false, explanation: 解, source: 源}
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(rendered(library) == ["demo.yaml:5:9: error: draw is 5 but the pool has only 2 questions"])
        #expect(rendered(library, .zh) == ["demo.yaml:5:9: error: draw 为 5，但题库只有 2 道题"])
    }

    @Test func idMustMatchFileName() {
        let yaml = """
            id: other
            title: 演示
            version: 1
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            """
        let library = TestSupport.loadCourseYAML(yaml, file: "Courses/demo.yaml")
        #expect(rendered(library) == ["Courses/demo.yaml:1:5: error: id 'other' does not match the file name; expected 'demo'"])
        #expect(rendered(library, .zh) == ["Courses/demo.yaml:1:5: error: id 'other' 与文件名不一致，应为 'demo'"])
        #expect(library.courses == [])
        #expect(library.invalidFiles == [CourseLibrary.InvalidFile(file: "Courses/demo.yaml", id: "other", kind: .course)])
    }

    // MARK: Roster cross-references

    @Test func rosterNamingUnknownCourseAndChecklist() {
        let course = """
            id: demo
            title: 演示
            version: 1
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            """
        let checklist = """
            id: cl
            title: 自查
            version: 1
            items:
              - {id: a, text: 甲, source: 源}
            """
        let roster = """
            units:
              - {id: u1, name: 单位一, kind: township, expected: 1}
            sessions:
              - id: s1
                title: 培训
                date: 2020-07-08
                courses: [demo, nosuch]
                checklist: nochecklist
            """
        let library = CourseLibrary.load(sources: [
            ("Courses/demo.yaml", course), ("Courses/checklists/cl.yaml", checklist), ("Courses/roster.yaml", roster),
        ])
        #expect(
            rendered(library) == [
                "Courses/roster.yaml:7:21: error: the session names an unknown course 'nosuch'",
                "Courses/roster.yaml:8:16: error: the session names an unknown checklist 'nochecklist'",
            ])
        #expect(
            rendered(library, .zh) == [
                "Courses/roster.yaml:7:21: error: 培训场次引用了不存在的课程 'nosuch'",
                "Courses/roster.yaml:8:16: error: 培训场次引用了不存在的自查表 'nochecklist'",
            ])
        #expect(library.roster == nil)
        #expect(library.courses.map(\.id) == ["demo"])
        #expect(library.invalidFiles == [CourseLibrary.InvalidFile(file: "Courses/roster.yaml", id: nil, kind: .roster)])
    }

    @Test func rosterWithInvalidDateAndDuplicateUnit() {
        let roster = """
            units:
              - {id: u1, name: 单位一}
              - {id: u1, name: 单位二}
            sessions:
              - id: s1
                title: 培训
                date: 2021-02-29
                courses: []
            """
        let library = CourseLibrary.load(sources: [("roster.yaml", roster)])
        #expect(
            rendered(library) == [
                "roster.yaml:3:5: error: duplicate unit id 'u1' (first used on line 2)",
                "roster.yaml:7:11: error: '2021-02-29' is not a valid date (YYYY-MM-DD)",
            ])
    }

    @Test func sameCourseIDInTwoFoldersAndTwoRosters() {
        let course = """
            id: demo
            title: 演示
            version: 1
            questions:
              - {id: q1, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
            """
        let roster = "units:\n  - {id: u1, name: 单位}\n"
        let library = CourseLibrary.load(sources: [
            ("a/demo.yaml", course), ("b/demo.yaml", course), ("a/roster.yaml", roster), ("b/roster.yaml", roster),
        ])
        #expect(
            rendered(library) == [
                "b/demo.yaml:1:5: error: course id 'demo' is also used by a/demo.yaml",
                "b/roster.yaml:1:1: error: only one roster is allowed; another is at a/roster.yaml",
            ])
        #expect(library.courses.count == 1)
        #expect(library.courseFiles["demo"] == "a/demo.yaml")
        #expect(library.roster?.units.map(\.id) == ["u1"])
    }

    // MARK: Redact

    private func redactQuestion(answer: String, reasons: String) -> CourseLibrary {
        courseWithQuestion(
            """
              - id: r1
                type: redact
                prompt: 删哪行？
                lines:
                  - 第一行
                  - 第二行
                  - 第三行
                answer: \(answer)
                reasons:
            \(reasons)
                explanation: 解释
                source: 条例

            """)
    }

    @Test func redactLineOutOfRange() {
        let library = redactQuestion(answer: "[2, 5]", reasons: "      2: 隐私")
        #expect(rendered(library) == ["demo.yaml:12:17: error: line 5 is outside the draft (1–3)"])
        #expect(rendered(library, .zh) == ["demo.yaml:12:17: error: 行号 5 超出文稿范围（1–3）"])
    }

    @Test func redactMissingReason() {
        let library = redactQuestion(answer: "[2, 3]", reasons: "      2: 隐私")
        #expect(rendered(library) == ["demo.yaml:13:5: error: line 3 is withheld but has no entry in reasons"])
    }

    @Test func redactReasonForUnmarkedLine() {
        let library = redactQuestion(answer: "[2]", reasons: "      2: 隐私\n      3: 无关")
        #expect(rendered(library) == ["demo.yaml:15:7: error: reasons names line 3, which is not in the answer"])
        #expect(rendered(library, .zh) == ["demo.yaml:15:7: error: reasons 中的第 3 行不在答案中"])
    }

    @Test func redactWithoutLinesAndLinesOnOtherTypes() {
        let library = courseWithQuestion(
            """
              - id: r1
                type: redact
                prompt: 删
                answer: [1]
                reasons: {1: 隐私}
                explanation: 解释
                source: 条例
              - id: q2
                type: fill
                prompt: 填
                lines: [甲]
                answer: [甲]
                explanation: 解释
                source: 条例

            """)
        #expect(
            rendered(library) == [
                "demo.yaml:5:5: error: a redact question needs lines (the draft, one entry per line)",
                "demo.yaml:15:5: error: only redact questions take lines",
            ])
    }

    // MARK: Everything at once

    @Test func severalProblemsInOneFileAreAllReported() {
        let yaml = """
            id: other
            title: 演示
            version: 1
            quiz:
              pass_percent: 150
              draw: 9
            questions:
              - id: q1
                type: single
                prompt: 选
                options: [甲, 乙, 甲]
                answer: E
                explaination: 拼错
                source: 条例
              - id: q2
                type: truefalse
                prompt: 判
                answer: maybe
                explanation: 解释
                source: 条例
              - id: q3
                type: numeric
                prompt: 数
                answer: twenty
                explanation: 解释
                source: 条例
              - id: q4
                type: redact
                prompt: 删
                lines: [一, 二]
                answer: [1, 3]
                reasons:
                  1: 隐私
                  2: 多余
                explanation: 解释
              - {id: q5, type: truefalse, prompt: 判, answer: true, explanation: 解, source: 源}
              - {id: q5, type: truefalse, prompt: 判, answer: false, explanation: 解, source: 源}
            """
        let library = TestSupport.loadCourseYAML(yaml)
        #expect(
            rendered(library) == [
                "demo.yaml:1:5: error: id 'other' does not match the file name; expected 'demo'",
                "demo.yaml:5:17: error: 'pass_percent' is 150, outside 0–100",
                "demo.yaml:6:9: error: draw is 9 but the pool has only 6 questions",
                "demo.yaml:8:5: warning: missing required key 'explanation'",
                "demo.yaml:11:21: error: option '甲' duplicates option A",
                "demo.yaml:12:13: error: answer 'E' is outside the options (A–C)",
                "demo.yaml:13:5: error: unknown key 'explaination'; did you mean 'explanation'?",
                "demo.yaml:18:13: error: a true/false answer must be true or false, not 'maybe'",
                "demo.yaml:24:13: error: a numeric answer must be a number, not 'twenty'",
                "demo.yaml:27:5: warning: question has no source; add the article or report section it rests on",
                "demo.yaml:31:17: error: line 3 is outside the draft (1–2)",
                "demo.yaml:34:7: error: reasons names line 2, which is not in the answer",
                "demo.yaml:37:5: error: duplicate question id 'q5' (first used on line 36)",
            ])
        #expect(library.errorCount == 11)
        #expect(library.warningCount == 2)
        #expect(library.courses == [])
    }

    @Test func duplicateIDIsStillFoundAfterAnEarlierBrokenQuestion() {
        // The second q1 duplicates a question that itself had an error: still a duplicate.
        let library = courseWithQuestion(
            """
              - id: q1
                type: numeric
                prompt: 一
                answer: twenty
                explanation: 解释
                source: 条例
              - id: q1
                type: numeric
                prompt: 二
                answer: 20
                explanation: 解释
                source: 条例

            """)
        #expect(
            rendered(library) == [
                "demo.yaml:8:13: error: a numeric answer must be a number, not 'twenty'",
                "demo.yaml:11:5: error: duplicate question id 'q1' (first used on line 5)",
            ])
    }

    // MARK: The catalogue itself

    @Test func everyMessageHasDistinctWordingInBothLanguages() {
        let samples: [ValidationMessage] = [
            .cannotRead(reason: "x"), .notUTF8, .yamlSyntax(problem: "p"), .emptyDocument, .aliasNotSupported,
            .duplicateKey("k"), .unknownKey("k", suggestion: nil), .unknownKey("k", suggestion: "key"), .missingKey("k"),
            .wrongType(key: "k", expected: .list), .emptyValue(key: "k"), .invalidSlug(key: "id", value: "A"),
            .idDoesNotMatchFileName(id: "a", expected: "b"), .duplicateID(.session, id: "s", firstLine: 3),
            .notPositive(key: "k"), .negative(key: "k"), .outOfRange(key: "k", value: "1", range: "0–100"),
            .unknownValue(key: "k", value: "v", allowed: ["a", "b"]), .noQuestions, .drawLargerThanPool(draw: 3, pool: 2),
            .tooFewOptions(type: "single", minimum: 2), .tooManyOptions(count: 13), .emptyOption(number: 1),
            .duplicateOption(text: "t", first: "A"), .optionsNotAllowed(type: "fill"),
            .answerLetterOutOfRange(letter: "E", last: "D"), .answerNotALetter(value: "?"),
            .answerSingleNeedsOneLetter(value: "AB"), .answerDuplicateLetter(letter: "A"), .answerOrderIncomplete(expected: 3),
            .answerNotBoolean(value: "x"), .answerFillEmpty, .answerNotANumber(value: "x"), .toleranceOnlyForNumeric,
            .redactNeedsLines, .redactLineOutOfRange(line: 9, count: 3), .redactMissingReason(line: 1),
            .redactReasonForUnmarkedLine(line: 2), .linesOnlyForRedact, .reasonsOnlyForRedact, .invalidDate(value: "x"),
            .unknownCourse(id: "c"), .unknownChecklist(id: "c"), .pathNotFound(path: "/p"), .noYAMLFiles(path: "/p"),
            .multipleRosters(first: "a.yaml"), .duplicateFileID(.course, id: "c", otherFile: "b.yaml"), .noItems,
        ]
        let english = samples.map { $0.text(in: .en) }
        let chinese = samples.map { $0.text(in: .zh) }
        #expect(Set(english).count == samples.count)
        #expect(Set(chinese).count == samples.count)
        for (en, zh) in zip(english, chinese) {
            #expect(en != zh)
            #expect(!en.isEmpty && !zh.isEmpty)
            #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(zh) has no Chinese")
        }
    }

    @Test func diagnosticsAreSortedByFileThenPosition() {
        let a = Diagnostic(file: "b.yaml", line: 1, column: 1, message: .noItems)
        let b = Diagnostic(file: "a.yaml", line: 10, column: 2, message: .noItems)
        let c = Diagnostic(file: "a.yaml", line: 9, column: 30, message: .noItems)
        let d = Diagnostic(file: "a.yaml", line: 10, column: 1, severity: .warning, message: .noItems)
        #expect([a, b, c, d].sortedByLocation == [c, d, b, a])
        #expect([d].hasErrors == false)
        #expect([d, a].hasErrors == true)
        #expect(d.description == "a.yaml:10:1: warning: the checklist has no items")
    }
}
