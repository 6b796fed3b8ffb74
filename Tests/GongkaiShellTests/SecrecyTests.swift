import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// Promise 8: in exam mode nothing printed before submission depends on the
/// answer key. Each check runs the same keystrokes against two copies of the
/// course that differ only in their answer keys (so every answer that is right
/// in one is wrong in the other) and compares what the trainee saw.
@Suite struct SecrecyTests {
    let login: [Step] = ["login 张三 --unit xiquan", ""]
    let me = Trainee(name: "张三", unit: "xiquan")

    /// The fixture course with every key changed, nothing else.
    static func otherKeys(_ course: Course) -> Course {
        var other = course
        other.questions = course.questions.map { q in
            var q = q
            switch q.answer {
            case .single(let i): q.answer = .single((i + 2) % q.options.count)
            case .multiple(let s): q.answer = .multiple(q.options.indices.filter { !s.contains($0) })
            case .trueFalse(let b): q.answer = .trueFalse(!b)
            case .fill: q.answer = .fill(["财政部", "国务院财政部"])
            case .numeric(let value, let tolerance): q.answer = .numeric(value: value - 5, tolerance: tolerance)
            case .order(let o): q.answer = .order([o[1], o[3], o[0], o[2]])
            case .redact: q.answer = .redact([1: "标题不应删除（仅为测试）", 3: "日期（仅为测试）", 5: "结论（仅为测试）"])
            case .deadline(var scenario):
                scenario.target = scenario.target == .reply ? .extended : .reply
                q.answer = .deadline(scenario)
            }
            return q
        }
        return other
    }

    static func library(_ course: Course) -> CourseLibrary {
        var library = ShellHarness.fixtureLibrary
        library.courses = [course]
        return library
    }

    /// What a trainee might type at each question: refused input of every kind,
    /// help, then an answer, sometimes going back to look at it again.
    static func keystrokes(for q: Question, answer: String, index: Int) -> [Step] {
        var steps: [Step] = ["?", "", "   ", "\u{1B}[A", .line(String(repeating: "答", count: 2100))]
        switch q.type {
        case .single: steps += ["Z", "AB", "A,B", "对"]
        case .multiple: steps += ["Q", "AZ", "12"]
        case .truefalse: steps += ["maybe", "A", "对错"]
        case .fill: break
        case .numeric: steps += ["twenty", "1e999", "--5", "NaN"]
        case .order: steps += ["AB", "AAAA", "ABCDE", "Z"]
        case .redact: steps += ["9", "0", "1-9", "two"]
        case .deadline: steps += ["2025-02-30", "明天", "13/45/2025"]
        }
        steps.append(.line(answer))
        // Back to look at the answer again, Enter keeps it.
        if index % 2 == 1 { steps += ["back", ""] }
        // Paused: everything the shell shows about the saved attempt, including the notice at sign-in.
        if index == 2 { steps += ["quit", "history", "courses", "unit", "review", "whoami", "help", "logout", "login 张三 --unit xiquan", "", "resume"] }
        return steps
    }

    struct Run {
        var text: String
        var prompts: [String]
        var kinds: [PromptKind]
        var completers: [Bool]
        var progress: [String]
    }

    /// Runs the whole exam on `course` with the given answers; stops reading at the results.
    func exam(_ course: Course, answers: [String]) -> Run {
        let h = ShellHarness(library: Self.library(course))
        let plan = h.firstPlan(course)
        var progress: [String] = []
        let snapshot = Step.act {
            let path = h.store.progressPath(trainee: me, name: "sample")
            progress.append(h.fileSystem.allFiles[path].map { String(decoding: $0, as: UTF8.self) } ?? "none")
        }
        var steps = login + ["quiz sample"]
        for (index, item) in plan.enumerated() {
            steps += Self.keystrokes(for: course.question(id: item.questionID)!, answer: answers[index], index: index)
            steps.append(snapshot)
        }
        steps += ["y", "quit"]
        let (text, reader) = h.run(steps: steps, echo: false)
        return Run(text: text, prompts: reader.prompts, kinds: reader.kinds, completers: reader.completers.map { $0 != nil }, progress: progress)
    }

    /// Everything printed before the results heading.
    static func beforeResults(_ text: String) -> String {
        guard let split = text.range(of: "── 测验结果") else { return text }
        return String(text[..<split.lowerBound])
    }

    @Test func whatIsShownBeforeSubmissionIsTheSameWhicheverAnswersAreRight() throws {
        let course = ShellHarness.fixtureLibrary.course(id: "sample")!
        let other = Self.otherKeys(course)
        let h = ShellHarness()
        let plan = h.firstPlan(course)
        try #require(plan == h.firstPlan(other), "the draw does not depend on the key")
        let questions = plan.map { course.question(id: $0.questionID)! }
        let otherQuestions = plan.map { other.question(id: $0.questionID)! }
        // Right in the first course, right in the second, and wrong in both.
        let rounds: [(String, [String])] = [
            ("right for the original key", zip(questions, plan).map { correctAnswer($0, shown: $1.shown) }),
            ("right for the changed key", zip(otherQuestions, plan).map { correctAnswer($0, shown: $1.shown) }),
            ("wrong for both", zip(questions, plan).map { wrongAnswer($0, shown: $1.shown) }),
        ]
        var seenTypes: Set<QuestionType> = []
        for (name, answers) in rounds {
            let a = exam(course, answers: answers)
            let b = exam(other, answers: answers)
            let shownA = Self.beforeResults(a.text)
            let shownB = Self.beforeResults(b.text)
            #expect(shownA.contains("第 7/7 题"), "\(name): the exam ran to the end")
            #expect(shownA.contains("已恢复：已答"), "\(name): paused and resumed")
            #expect(shownA.contains("你有未完成的测验"), "\(name): signed in again with the attempt saved")
            #expect(shownA == shownB, "\(name): the text before submission differs:\n\(Self.firstDifference(shownA, shownB))")
            #expect(a.prompts == b.prompts, "\(name): prompts differ")
            #expect(a.progress == b.progress, "\(name): the autosave differs")
            #expect(a.text.contains("── 测验结果") && b.text.contains("── 测验结果"))
            // The results do differ: the key really changed the grading.
            #expect(a.text != b.text, "\(name): the two keys grade the same")
            seenTypes.formUnion(questions.map(\.type))
        }
        // The fixture has no holiday calendar; deadline questions are checked in DeadlineQuizShellTests.
        #expect(seenTypes == Set(QuestionType.allCases).subtracting([.deadline]), "every question type was asked")
    }

    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) where (i < la.count ? la[i] : "∅") != (i < lb.count ? lb[i] : "∅") {
            return "line \(i + 1):\n  \(i < la.count ? String(la[i]) : "∅")\n  \(i < lb.count ? String(lb[i]) : "∅")"
        }
        return "(same lines)"
    }

    @Test func answerPromptsAndEveryOtherQuizPromptOfferNoCompletion() throws {
        let course = ShellHarness.fixtureLibrary.course(id: "sample")!
        let h = ShellHarness()
        let run = exam(course, answers: h.typedAnswers(correct: false))
        var answerPrompts = 0
        for (index, kind) in run.kinds.enumerated() where kind != .command {
            if kind == .answer { answerPrompts += 1 }
            // Login asks for the unit and session with completion; nothing inside the quiz does.
            if run.prompts[index] == "答案> " || run.prompts[index].contains("交卷") {
                #expect(!run.completers[index], "completion offered at \(run.prompts[index])")
                #expect(kind != .command, "an answer prompt kept in history")
            }
        }
        #expect(answerPrompts > 50)
    }

    @Test func theAutosaveOfAnExamHoldsNoPointsOrCorrectness() throws {
        let course = ShellHarness.fixtureLibrary.course(id: "sample")!
        let h = ShellHarness()
        let run = exam(course, answers: h.typedAnswers(correct: true))
        #expect(run.progress.count == 7)
        let forbidden: Set<String> = ["points", "max", "score", "percent", "passed", "correct", "isCorrect", "grade", "answer", "key", "explanation", "feedback", "reasons"]
        for text in run.progress {
            let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
            var keys: Set<String> = []
            func walk(_ v: Any) {
                if let o = v as? [String: Any] {
                    keys.formUnion(o.keys)
                    o.values.forEach(walk)
                } else if let a = v as? [Any] {
                    a.forEach(walk)
                }
            }
            walk(value)
            #expect(keys.isDisjoint(with: forbidden), "\(keys.intersection(forbidden))")
            #expect((value as? [String: Any])?["mode"] as? String == "exam")
        }
    }

    @Test func reviewDrillsOnlySubmittedAttemptsNeverTheOneInProgress() throws {
        let h = ShellHarness()
        let plan = h.firstPlan()
        let right = h.typedAnswers(correct: true)
        let wrong = h.typedAnswers(correct: false)
        #expect(plan.count == 7)
        // An exam in progress with every answer wrong: review has nothing to drill.
        var steps = login + ["quiz sample"] + wrong.prefix(4).map(Step.line) + ["quit", "review"]
        let (first, _) = h.run(steps: steps)
        #expect(first.contains("没有需要重做的错题。"), "an unsubmitted exam leaked into review")
        #expect(!first.contains("错题练习"))

        // Submit it with only question 1 wrong; start another with questions 2–4 wrong and leave it open.
        let h2 = ShellHarness()
        var firstAttempt = right
        firstAttempt[0] = wrong[0]
        steps = login + ["quiz sample"] + firstAttempt.map(Step.line) + ["y"]
        // The second draw continues the same seeded generator.
        var generator = SeededGenerator(seed: h2.seed)
        _ = QuizDrawer.draw(h2.course, using: &generator)
        let second = QuizDrawer.draw(h2.course, using: &generator)
        let wrongSecond = second.map { wrongAnswer(h2.course.question(id: $0.questionID)!, shown: $0.shown) }
        steps += ["quiz sample"] + wrongSecond.prefix(4).map(Step.line) + ["quit"]
        steps += ["review", "skip", "", "y", "quit"]
        let (out, _) = h2.run(steps: steps)
        #expect(out.contains("错题练习：示例课程：政府信息公开基础（1 题，不计成绩）"), "\(out)")
        let review = try #require(h2.attempts().first { $0.kind == .review })
        #expect(review.items.map(\.question) == [plan[0].questionID])
        #expect(h2.attempts().filter { $0.kind == .quiz }.count == 1, "the open exam is still open")
    }
}
