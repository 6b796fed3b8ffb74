import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Nothing is lost if the terminal dies: the autosave brings back the same
/// questions, in the same order, with every answer given.
@Suite("Kill and resume")
struct ResumeTests {
    /// `results/progress/<trainee-key>/sample.json` files.
    static func progressFiles(_ box: Sandbox) -> [String] {
        Sandbox.files(under: box.results + "/progress").filter { $0.hasSuffix("/sample.json") }
            .map { box.results + "/progress/" + $0 }
    }

    @Test("SIGKILL after 3 answers, log in again, resume: same order, answers kept, attempt complete")
    func killMidQuizAndResume() throws {
        let box = Sandbox()

        // First run: three answers, then the process is killed without warning.
        var before: [(question: ShownQuestion, typed: String)] = []
        let fourthPrompt: String
        do {
            let term = try box.terminal(label: "first run")
            try term.expectBanner()
            try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
            try term.line("quiz sample")
            for _ in 0..<3 { before.append(try term.answerCorrectly()) }
            // The fourth question is on screen: the third answer has been saved.
            let fourth = try term.nextQuestion()
            #expect(fourth.number == 4)
            fourthPrompt = fourth.prompt
            term.kill(signal: SIGKILL)
            let status = try term.waitForExit()
            #expect(status == 128 + SIGKILL)
        }

        let progress = Self.progressFiles(box)
        #expect(progress.count == 1, "\(Sandbox.files(under: box.results))")
        let saved = try Sandbox.json(at: try #require(progress.first))
        #expect(saved["schema"] as? String == "gongkai.progress/1")
        let savedItems = saved["items"] as? [[String: Any]] ?? []
        #expect(savedItems.count == 7)
        let answered = savedItems.filter { !($0["response"] is NSNull) && $0["response"] != nil }
        #expect(answered.count == 3, "\(savedItems)")
        #expect(savedItems.prefix(3).map { $0["raw"] as? String } == before.map(\.typed))
        #expect(!Sandbox.files(under: box.results).contains { $0.hasPrefix("attempts/") }, "no attempt yet")

        // Second run: the same person is told about the unfinished quiz and resumes it.
        let term = try box.terminal(label: "second run")
        try term.expectBanner()
        try term.line("login 张三 --unit xiquan --session 2020-07-08-training")
        try term.expect("欢迎，张三（喜泉镇）。")
        let notice = try term.expect("张三@喜泉镇> ")
        #expect(notice.contains("你已签到过"), "one sign-in per person per session: \(notice)")
        #expect(notice.contains("你有未完成的测验：示例课程：政府信息公开基础（已答 3/7 题），输入 resume sample 继续。"), "\(notice)")

        try term.line("resume")
        let resumed = try term.expect("答案> ")
        #expect(resumed.contains("已恢复：已答 3/7 题"), "\(resumed)")
        let fourth = try #require(QuizScreen.current(in: resumed))
        #expect(fourth.number == 4 && fourth.total == 7, "\(fourth)")
        #expect(fourth.prompt == fourthPrompt, "same question order as before the kill")

        // `back` shows question 3 with the answer given before the kill.
        try term.line("back")
        let third = try term.nextQuestion()
        #expect(third.number == 3, "\(third)")
        #expect(third.prompt == before[2].question.prompt)
        #expect(third.options.map(\.text) == before[2].question.options.map(\.text), "same option order")
        #expect(third.previousAnswer == SampleCourse.shownAnswer(before[2].typed, for: before[2].question), "\(third)")
        // Enter keeps it and moves on.
        try term.send("\r")
        var after: [(question: ShownQuestion, typed: String)] = []
        for _ in 4...7 { after.append(try term.answerCorrectly()) }
        #expect(after.map(\.question.number) == [4, 5, 6, 7])
        #expect(after.first?.question.prompt == fourthPrompt)
        try term.expect("全部 7 题已作答。确认交卷吗？")
        try term.send("y\r")
        let result = try term.expect("张三@喜泉镇> ")
        #expect(result.contains("得分 8/8（100%）"), "\(result)")
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)

        let attempts = box.attemptFiles()
        #expect(attempts.count == 1, "\(Sandbox.files(under: box.results))")
        let record = try Sandbox.json(at: try #require(attempts.first))
        let items = record["items"] as? [[String: Any]] ?? []
        #expect(items.count == 7)
        #expect(items.prefix(3).map { $0["raw"] as? String } == before.map(\.typed), "answers typed before the kill")
        #expect(items.suffix(4).map { $0["raw"] as? String } == after.map(\.typed))
        #expect((record["score"] as? [String: Any])?["percent"] as? NSNumber == 100)
        #expect(record["id"] as? String != nil)
        #expect(Self.progressFiles(box).isEmpty, "the autosave is removed once the attempt is stored")
    }

    @Test("Ctrl-C at a question offers to pause; y pauses; resume continues")
    func interruptPausesQuiz() throws {
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()
        try term.login("王五", unit: "luyang", unitName: "芦阳镇")
        try term.line("quiz sample")
        let first = try term.nextQuestion()
        #expect(first.number == 1)
        try term.send("\u{03}")
        try term.expect("要暂停测验吗？")
        try term.expect("[y/N] ")
        try term.send("y\r")
        try term.expect("测验已暂停，进度已保存。输入 resume sample 继续。")
        try term.expect("王五@芦阳镇> ")
        #expect(Self.progressFiles(box).count == 1)

        try term.line("resume")
        try term.expect("已恢复：已答 0/7 题")
        let again = try term.nextQuestion()
        #expect(again == first, "the same question, options in the same order")
        let typed = try SampleCourse.correctAnswer(to: again)
        try term.line(typed)
        let second = try term.nextQuestion()
        #expect(second.number == 2)

        // Ctrl-C then n: the quiz goes on at the same question.
        try term.send("\u{03}")
        try term.expect("要暂停测验吗？")
        try term.send("n\r")
        let same = try term.nextQuestion()
        #expect(same.number == 2 && same.prompt == second.prompt)

        // Ctrl-D at a question saves and leaves.
        try term.send("\u{04}")
        try term.expect("测验已暂停")
        #expect(try term.waitForExit() == 0)
        let saved = try Sandbox.json(at: try #require(Self.progressFiles(box).first))
        let items = saved["items"] as? [[String: Any]] ?? []
        #expect(items.first?["raw"] as? String == typed)
        #expect(items.dropFirst().allSatisfy { $0["response"] is NSNull }, "\(items)")
    }

    @Test("the terminal going away or SIGTERM mid-quiz: the shell ends by itself and keeps every answer")
    func hangUpOrTerminate() throws {
        for how in ["hang-up", "SIGTERM"] {
            let box = Sandbox()
            let term = try box.terminal(label: how)
            try term.expectBanner()
            try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
            try term.line("quiz sample")
            let given = [try term.answerCorrectly(), try term.answerCorrectly()]
            _ = try term.nextQuestion()
            try term.send("half")
            try term.expect("half")
            if how == "hang-up" { term.hangUp() } else { term.kill(signal: SIGTERM) }
            let status = try term.waitForExit()
            #expect([0, 1, 128 + SIGHUP, 128 + SIGTERM].contains(status), "\(how): ended with status \(status) (a crash?)")
            let progress = Self.progressFiles(box)
            #expect(progress.count == 1, "\(how): \(Sandbox.files(under: box.results))")
            let saved = try Sandbox.json(at: try #require(progress.first))
            let items = saved["items"] as? [[String: Any]] ?? []
            #expect(items.prefix(2).map { $0["raw"] as? String } == given.map(\.typed), "\(how)")
            #expect(items.dropFirst(2).allSatisfy { $0["response"] is NSNull }, "\(how): a half-typed line is not an answer")
            #expect((saved["position"] as? NSNumber)?.intValue == 2, "\(how)")
        }
    }

    @Test("two terminals, one trainee, one quiz: the window overtaken stops, keeps its answers aside, overwrites nothing")
    func twoTerminalsOnOneQuiz() throws {
        let box = Sandbox()
        let first = try box.terminal(label: "window A")
        try first.expectBanner()
        try first.login("张三", unit: "xiquan", unitName: "喜泉镇")
        try first.line("quiz sample")
        var typed = [try first.answerCorrectly().typed, try first.answerCorrectly().typed]
        let third = try first.nextQuestion()

        // The same trainee in a second terminal continues the quiz and answers the third question.
        let second = try box.terminal(label: "window B")
        try second.expectBanner()
        try second.line("login 张三 --unit xiquan --session 2020-07-08-training")
        try second.expect("张三@喜泉镇> ")
        try second.line("resume")
        try second.expect("已恢复：已答 2/7 题")
        typed.append(try second.answerCorrectly().typed)
        // The fourth question is on screen: the third answer has been saved.
        let fourth = try second.nextQuestion()

        // Window A answers its third question: it must not overwrite window B's autosave.
        try first.line(try SampleCourse.correctAnswer(to: third))
        let told = try first.expect("张三@喜泉镇> ")
        #expect(told.contains("另一个窗口"), "\(told)")
        try first.send("\u{04}")
        #expect(try first.waitForExit() == 0)
        let rescued = Sandbox.files(under: box.xdgDataHome + "/gongkai/unsaved").filter { $0.hasSuffix("sample.json") }
        #expect(rescued.count == 1, "window A's answers are kept aside: \(Sandbox.files(under: box.xdgDataHome))")

        // Window B finishes: its answers, and only one attempt.
        typed.append(try SampleCourse.correctAnswer(to: fourth))
        try second.line(typed[3])
        for _ in 0..<3 { typed.append(try second.answerCorrectly().typed) }
        try second.expect("确认交卷吗")
        try second.line("y")
        try second.expect("得分 8/8")
        try second.expect("张三@喜泉镇> ")
        try second.line("quit")
        #expect(try second.waitForExit() == 0)
        let attempts = Sandbox.files(under: box.results).filter { $0.hasPrefix("attempts/") }
        #expect(attempts.count == 1, "\(attempts)")
        let attempt = try Sandbox.json(at: box.results + "/" + attempts[0])
        #expect((attempt["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String } == typed)
        #expect(Self.progressFiles(box).isEmpty, "no autosave is left behind")
    }
}

