import Foundation
import Testing

/// A whole day at the terminal: sign in with Tab completion, read, take the quiz,
/// use history and Ctrl-C, leave with Ctrl-D.
@Suite("Terminal session")
struct TerminalSessionTests {
    @Test("login with Tab completion, study, a fully correct quiz, history, Ctrl-C, Ctrl-D")
    func wholeSession() throws {
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()

        // Command completion: `log` is ambiguous (login, logout); a second Tab lists both.
        try term.send("log\t\t")
        try term.expect("logout")
        // One more letter makes it unique: Tab completes to `login `.
        try term.send("i\t")
        try term.expect("login ")
        // Unit completion after --unit: `xi` → `xiquan`.
        try term.send("张三 --unit xi\t")
        try term.expect("--unit xiquan")
        try term.send("\r")
        // The default session is offered; Enter accepts it.
        try term.expect("培训场次（回车选择 政务公开业务培训 2020-07-08-training")
        try term.send("\r")
        try term.expect("欢迎，张三（喜泉镇）。")
        try term.expect("已签到：政务公开业务培训（2020-07-08）。")
        let prompt = "张三@喜泉镇> "
        try term.expect(prompt)

        try term.line("courses")
        let table = try term.expect(prompt)
        #expect(table.contains("sample"), "\(table)")
        #expect(table.contains("示例课程"), "\(table)")
        #expect(table.contains("未开始"), "\(table)")

        // Study: two lessons, paged with Enter.
        try term.line("study sample")
        try term.expect("第 1/2 页")
        try term.expect("答复期限")
        try term.expect("[q] 退出 > ")
        try term.send("\r")
        try term.expect("第 2/2 页")
        try term.expect("公开原则")
        try term.expect("本课程已读完。输入 quiz sample 开始测验。")
        try term.expect(prompt)

        // The quiz, every answer correct, typed the many ways the contract allows.
        try term.line("quiz sample")
        try term.expect("测验：示例课程：政府信息公开基础（第 1 版）")
        var typedByType: [String: String] = [:]
        var numbers: [Int] = []
        for _ in 0..<SampleCourse.questionCount {
            let (question, typed) = try term.answerCorrectly()
            #expect(question.total == SampleCourse.questionCount)
            numbers.append(question.number)
            typedByType[question.typeName] = typed
        }
        #expect(numbers == Array(1...SampleCourse.questionCount))
        #expect(Set(typedByType.keys) == Set(SampleCourse.idByType.keys), "each type once: \(typedByType)")
        // The single choice was answered with a full-width letter, the multiple with separated lower case.
        #expect(typedByType["单选题"].map { $0.unicodeScalars.first!.value >= 0xFF21 } == true)
        #expect(typedByType["多选题"]?.contains(" ") == true)
        try term.expect("全部 7 题已作答。确认交卷吗？")
        try term.send("y\r")
        try term.expect("测验结果")
        let result = try term.expect(prompt)
        #expect(result.contains("得分 8/8（100%）"), "\(result)")
        #expect(result.contains("通过"), "\(result)")
        #expect(!result.contains("未通过"), "\(result)")
        #expect(!result.contains("未得满分"), "\(result)")

        // Exactly one attempt record, with the right score and trainee.
        let attempts = box.attemptFiles()
        #expect(attempts.count == 1, "attempts: \(Sandbox.files(under: box.results))")
        if let path = attempts.first {
            let month = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
            #expect(month.count == 7 && month.split(separator: "-").count == 2, "month folder: \(month)")
            let record = try Sandbox.json(at: path)
            #expect(record["schema"] as? String == "gongkai.attempt/1")
            #expect((record["startedAt"] as? String)?.hasPrefix(month) == true, "startedAt \(record["startedAt"] ?? "") in \(month)")
            let score = record["score"] as? [String: Any]
            #expect((score?["percent"] as? NSNumber)?.doubleValue == 100, "\(record)")
            #expect((score?["points"] as? NSNumber)?.doubleValue == 8)
            #expect((score?["max"] as? NSNumber)?.doubleValue == 8)
            #expect(record["passed"] as? Bool == true)
            let trainee = record["trainee"] as? [String: Any]
            #expect(trainee?["name"] as? String == "张三")
            #expect(trainee?["unit"] as? String == "xiquan")
            #expect(record["session"] as? String == "2020-07-08-training")
            let items = record["items"] as? [[String: Any]] ?? []
            #expect(items.count == 7)
            for item in items {
                let type = item["type"] as? String ?? ""
                let raw = item["raw"] as? String
                #expect((item["points"] as? NSNumber)?.doubleValue == (item["max"] as? NSNumber)?.doubleValue, "\(item)")
                let expected = typedByType.first { SampleCourse.idByType[$0.key] == item["question"] as? String }?.value
                #expect(raw == expected, "raw answer kept exactly as typed (\(type)): \(item)")
            }
        }
        let attendance = Sandbox.jsonFiles(in: box.results + "/attendance/2020-07-08-training")
        #expect(attendance.count == 1, "\(Sandbox.files(under: box.results))")
        if let path = attendance.first {
            let record = try Sandbox.json(at: path)
            #expect(record["schema"] as? String == "gongkai.attendance/1")
            let trainee = record["trainee"] as? [String: Any]
            #expect(trainee?["name"] as? String == "张三")
            #expect(trainee?["unit"] as? String == "xiquan")
        }
        #expect(!FileManager.default.fileExists(atPath: box.results + "/progress/xiquan+%E5%BC%A0%E4%B8%89/sample.json"))

        // Up arrow recalls the previous command; Ctrl-C abandons it.
        try term.send("\u{1B}[A")
        try term.expect("quiz sample")
        try term.send("\u{03}")
        try term.expect("^C")
        try term.expect(prompt)
        // Ctrl-C on a half-typed line gives a fresh, empty prompt.
        try term.send("who")
        try term.expect("who")
        try term.send("\u{03}")
        try term.expect("^C")
        try term.expect(prompt)
        try term.line("whoami")
        let whoami = try term.expect(prompt)
        #expect(whoami.contains("张三，喜泉镇（xiquan），培训场次：政务公开业务培训"), "\(whoami)")
        #expect(!whoami.contains("未知命令"), "\(whoami)")

        // Ctrl-D at the prompt leaves with status 0.
        try term.send("\u{04}")
        try term.expect("再见。")
        let status = try term.waitForExit()
        #expect(status == 0, "\(term.transcript.suffix(500))")

        let history = (try? String(contentsOfFile: box.historyFile, encoding: .utf8)) ?? ""
        let entries = history.split(separator: "\n").map(String.init)
        #expect(entries.contains("quiz sample"), "history: \(history)")
        #expect(entries.contains("study sample"), "history: \(history)")
        // Answers are not commands: they stay out of the history.
        #expect(!entries.contains("办公厅"), "history: \(history)")
    }
}
