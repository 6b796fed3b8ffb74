import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Promise 5 through the real readers: the plain pipe reader (1 MB lines,
/// control bytes, NUL, invalid UTF-8, a paste of many lines) and GNU readline
/// on a pseudo-terminal (several lines pasted in one write, escape sequences,
/// a long line). Each refused line is answered and asked again, nothing
/// crashes, and the terminal is sane afterwards.
@Suite("Bad input at prompts, through a pipe and a terminal")
struct BadInputTerminalTests {
    static let loginLine = "login 张三 --unit xiquan --session 2020-07-08-training"

    /// Byte lines no prompt may take as a value: they clean up to nothing.
    static let emptyLines: [[UInt8]] = [
        [],
        Array("   \t  ".utf8),
        [0x01, 0x02, 0x07, 0x08, 0x7F],
        [0x00],
        [0x00, 0x00, 0x1B, 0x00],
        Array("\u{1B}[31m\u{1B}[2J\u{1B}]0;title\u{07}\u{1B}[0m".utf8),
        Array("\u{1B}[A\u{1B}[B".utf8),
        Array("\r".utf8),
    ]

    /// Invalid UTF-8 and NUL inside text: refused by every question type except fill-in (any text answers that).
    static let oddLines: [[UInt8]] = [
        [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82],
        [0x5A, 0x00, 0x5A],
        [0xC0, 0xAF, 0x2E, 0x2E, 0x2F],
    ]

    static func badLines(for typeName: String) -> [[UInt8]] {
        typeName == "填空题" ? emptyLines : emptyLines + oddLines
    }

    /// Longer than the plain reader keeps (1 MiB): cut there, then refused as too long.
    static let megabyteLine: [UInt8] = Array(String(repeating: "答", count: 400_000).utf8)

    @Test("pipe: a paste of every bad line and every answer in one write; each line gets its own prompt")
    func pipePaste() throws {
        let (_, questions, typed) = try PipeSessionTests.answerScript()
        let box = Sandbox()
        let shell = try box.pipeSession(E2E.shellArguments(results: box.results))
        try shell.waitFor("gongkai> ")
        // At the command prompt: every bad line, then a command that must still work.
        var paste: [UInt8] = []
        for line in Self.emptyLines + Self.oddLines { paste += line + [0x0A] }
        paste += Array("whoami\n".utf8)
        let t0 = Clock.now
        try shell.send(bytes: paste)
        try shell.waitFor("尚未登录。")
        try shell.waitFor("gongkai> ")
        try shell.line(Self.loginLine)
        try shell.waitFor("张三@喜泉镇> ")
        try shell.line("quiz sample")
        try shell.waitFor("答案> ")
        // At the answer prompts: a 1 MB line first, then the bad lines and the answer for each question, all in one write.
        paste = Self.megabyteLine + [0x0A]
        var refused = 1
        for (question, answer) in zip(questions, typed) {
            for line in Self.badLines(for: question.typeName) { paste += line + [0x0A] }
            refused += Self.badLines(for: question.typeName).count
            paste += Array(answer.utf8) + [0x0A]
        }
        paste += Array("y\nquit\n".utf8)
        try shell.send(bytes: paste)
        try shell.expect("再见。", timeout: 120)
        let status = try shell.waitForExit(timeout: 30)
        let seconds = Clock.now - t0
        let text = shell.transcript
        #expect(status == 0, "\(text.suffix(2000))")
        #expect(text.contains("得分 8/8（100%）"), "no answer was lost or replaced")
        #expect(text.contains("输入过长"), "the megabyte line is refused")
        let prompts = text.components(separatedBy: "答案> ").count - 1
        #expect(prompts == 1 + refused + typed.count - 1, "one prompt per line (\(prompts))")
        #expect(!text.contains("Fatal error") && !text.contains("Stack dump"))
        #expect(!text.contains("\u{1B}"), "no escape sequence from the input is echoed back")
        let record = try Sandbox.json(at: try #require(box.attemptFiles().first))
        let raws = (record["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String }
        #expect(raws == typed, "\(raws)")
        #expect(questions.count == typed.count)
        Stress.figure("badinput.pipe_refused_lines", refused + Self.emptyLines.count + Self.oddLines.count)
        Stress.figure("badinput.pipe_seconds", Int(seconds))
    }

    @Test("pipe: input that ends in the middle of a line, or never ends a line, keeps every answer")
    func pipeEndsMidLine() throws {
        let (_, _, typed) = try PipeSessionTests.answerScript()
        let box = Sandbox()
        let shell = try box.pipeSession(E2E.shellArguments(results: box.results))
        try shell.waitFor("gongkai> ")
        try shell.line(Self.loginLine)
        try shell.waitFor("张三@喜泉镇> ")
        try shell.line("quiz sample")
        try shell.waitFor("答案> ")
        try shell.send(typed.prefix(3).map { $0 + "\r\n" }.joined() + "half an answer")
        shell.closeInput()
        #expect(try shell.waitForExit(timeout: 30) == 0)
        let progress = Sandbox.files(under: box.results + "/progress").filter { $0.hasSuffix("sample.json") }
        let saved = try Sandbox.json(at: box.results + "/progress/" + (try #require(progress.first)))
        let raws = (saved["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String }
        #expect(Array(raws.prefix(3)) == typed.prefix(3).map(Optional.some), "CRLF answers kept: \(raws)")
    }

    /// `sh -c 'gongkai …; echo EXIT=$?; stty -a'` on a pseudo-terminal: what the next program finds.
    func terminalWithSttyAfter(_ box: Sandbox) throws -> PseudoTerminal {
        let script = "\"$0\" \"$@\"; echo \"EXIT=$?\"; stty -a; echo STTY-DONE"
        return try PseudoTerminal(
            "/bin/sh", arguments: ["-c", script, E2E.binary] + E2E.shellArguments(results: box.results), environment: box.environment(),
            directory: box.work, label: "gongkai then stty")
    }

    @Test("terminal: several lines pasted in one write are each handled; the terminal is sane afterwards")
    func terminalPaste() throws {
        let (_, _, typed) = try PipeSessionTests.answerScript()
        let box = Sandbox()
        let term = try terminalWithSttyAfter(box)
        try term.expectBanner()
        // Three commands in one write.
        try term.send("whoami\r\r   \rcourses\r")
        try term.expect("尚未登录。")
        try term.expect("示例课程")
        try term.expect(PseudoTerminal.topPrompt)
        try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
        try term.line("quiz sample")
        _ = try term.nextQuestion()
        // Every answer, with refused lines between them, in one write.
        var paste = ""
        for answer in typed {
            paste += "   \r\u{1B}[A\r" + answer + "\r"
        }
        paste += "y\r"
        try term.send(paste)
        let result = try term.expect("张三@喜泉镇> ", timeout: 60)
        #expect(result.contains("得分 8/8（100%）"), "\(result.suffix(1500))")
        let prompts = result.components(separatedBy: "答案> ").count - 1
        // The first prompt was matched before the paste.
        #expect(prompts == typed.count * 3 - 1, "one prompt per pasted line (\(prompts))")
        // A long line typed at a prompt (readline redraws as it goes).
        let long = String(repeating: "政", count: Stress.count("GONGKAI_STRESS_PTY_LINE", default: 2000))
        try term.line("whoami " + long)
        try term.expect("张三@喜泉镇> ", timeout: 120)
        try term.send("\u{04}")
        try term.expect("EXIT=", timeout: 30)
        let after = try term.expect("STTY-DONE")
        #expect(after.hasPrefix("0"), "gongkai exited with \(after.prefix(4))")
        let words = Set(after.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(words.contains(flag) && !words.contains("-" + flag), "\(flag) not restored:\n\(after)")
        }
        // Bracketed-paste and keypad modes are switched off again.
        let raw = term.rawText
        if let on = raw.range(of: "\u{1B}[?2004h", options: .backwards) {
            #expect(raw[on.upperBound...].contains("\u{1B}[?2004l"), "bracketed paste left on")
        }
        _ = try term.waitForExit()
        let record = try Sandbox.json(at: try #require(box.attemptFiles().first))
        #expect((record["items"] as? [[String: Any]] ?? []).map { $0["raw"] as? String } == typed)
    }

    @Test("terminal: a bracketed paste of several lines never submits a half answer behind the trainee's back")
    func terminalBracketedPaste() throws {
        let box = Sandbox()
        let term = try box.terminal()
        try term.expectBanner()
        try term.login("张三", unit: "xiquan", unitName: "喜泉镇")
        try term.line("quiz sample")
        let first = try term.nextQuestion()
        // What a terminal sends when several lines are pasted with bracketed paste on.
        try term.send("\u{1B}[200~skip\rskip\rskip\u{1B}[201~")
        try term.send("\r")
        let after = try term.expect("答案> ")
        let next = QuizScreen.current(in: after)
        // Either each pasted line was taken (three skips) or the paste was one line (refused); never a crash.
        #expect(next == nil || next!.number >= first.number)
        try term.send("\u{04}")
        #expect(try term.waitForExit() == 0)
        Stress.figure("badinput.bracketed_paste_next_question", next?.number ?? first.number)
    }

    @Test("pipe: a megabyte at the command prompt is answered and asked again (timed)", .enabled(if: Stress.isStressRun))
    func megabyteCommand() throws {
        let box = Sandbox()
        let shell = try box.pipeSession(E2E.shellArguments(results: box.results))
        try shell.waitFor("gongkai> ")
        let t0 = Clock.now
        try shell.send(bytes: Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [0x0A])
        try shell.expect("gongkai> ", timeout: 300)
        let seconds = Clock.now - t0
        try shell.line("quit")
        #expect(try shell.waitForExit(timeout: 30) == 0)
        Stress.figure("badinput.megabyte_command_seconds", String(format: "%.1f", seconds))
        Stress.figure("badinput.megabyte_command_reply_bytes", shell.transcript.utf8.count)
    }
}
