import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// Promise 5 at the shell level (the real pipe and terminal readers are driven
/// in EndToEndTests/BadInputTerminalTests): hostile lines at every kind of
/// prompt get a message and the prompt again; nothing crashes, no answer is
/// lost, and no garbage is stored.
@Suite struct BadInputTests {
    let me = Trainee(name: "张三", unit: "xiquan")

    /// Lines of a megabyte (a paste gone wrong); each costs a second in a debug build, so used sparingly.
    static let huge: [String] = [String(repeating: "x", count: 1 << 20), String(repeating: "答", count: 350_000)]

    /// Lines no prompt should accept as a value.
    static let garbage: [String] = [
        String(repeating: "x", count: 5000),
        "\u{0}\u{1}\u{2}\u{7}\u{8}\u{7F}\u{9B}",
        "   \t  ",
        "\u{3000}\u{3000}",
        "\u{1B}[31m\u{1B}[2J\u{1B}]0;title\u{7}\u{1B}[0m",
        "\u{1B}[A\u{1B}[B\u{1B}OP",
    ]

    /// Lines a prompt may take as some text, but must never crash on.
    static let odd: [String] = [
        "\u{FFFD}\u{FFFD}ab",
        "a\nb\rc",
        "\u{202E}RTL\u{200B}",
        "👨‍👩‍👧‍👦",
        "\u{1B}[200~pasted\u{1B}[201~",
        "'unclosed \"quote",
    ]

    static func steps(_ lines: [String]) -> [Step] { lines.map(Step.line) }

    @Test func garbageAtTheCommandPromptIsAnsweredAndAskedAgain() {
        let h = ShellHarness()
        // (A megabyte at the command prompt is timed in `make stress`: BadInputTerminalTests.)
        let lines = Self.garbage + Self.odd
        let (out, reader) = h.run(steps: Self.steps(lines) + ["whoami", "quit"])
        #expect(out.contains("尚未登录。"), "the shell still works after the garbage")
        #expect(out.contains("再见。"))
        #expect(reader.prompts.filter { $0 == "gongkai> " }.count == lines.count + 2)
        #expect(h.fileSystem.allFiles.isEmpty)
    }

    @Test func garbageAtEveryQuizPromptNeverBecomesAnAnswer() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        var steps: [Step] = ["login", "   ", "\u{1B}[31m\u{1B}[0m", .line(String(repeating: "名", count: 600)), "张三", "   ", "xiquan", "bogus-session", ""]
        steps += ["quiz sample"]
        for (index, answer) in typed.enumerated() {
            steps += Self.steps((index == 0 ? Self.huge : []) + Self.garbage)
            steps.append(.line(answer))
        }
        steps += ["maybe", "\u{0}", "y", "quit"]
        let (out, reader) = h.run(steps: steps)
        #expect(out.contains("姓名不能为空。"))
        #expect(out.contains("输入过长") || out.contains("过长"))
        #expect(out.contains("请输入答案。"))
        #expect(out.contains("得分 8/8（100%）"), "the garbage did not replace any answer")
        let attempt = try #require(h.attempts().first)
        #expect(attempt.items.map(\.raw) == typed.map(Optional.some))
        #expect(attempt.trainee == me)
        let answerPrompts = reader.prompts.filter { $0 == "答案> " }.count
        #expect(answerPrompts == typed.count * (Self.garbage.count + 1) + Self.huge.count, "one prompt per line: each refused line was asked again")
    }

    @Test func oddTextAtAnswerPromptsIsRefusedOrStoredCleanly() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        var steps: [Step] = ["login 张三 --unit xiquan", "", "quiz sample"]
        for answer in typed {
            steps += Self.steps(Self.odd.filter { _ in true })
            steps.append(.line(answer))
            // Anything an odd line answered is replaced by going back and answering again.
            steps += ["back", .line(answer)]
        }
        steps += ["y", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("再见。"))
        for attempt in h.attempts() {
            for item in attempt.items {
                if let raw = item.raw {
                    #expect(!raw.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x1B }, "control characters stored: \(raw.debugDescription)")
                }
            }
        }
    }

    @Test func garbageAtEveryAuditPromptIsRefusedAndNothingIsLost() throws {
        let h = ShellHarness()
        let long = String(repeating: "长", count: 2500)
        var steps: [Step] = ["login 张三 --unit xiquan", "", "audit"]
        // Item 1: status, note, evidence (required).
        steps += Self.steps(Self.huge + Self.garbage) + ["1", .line(Self.huge[1]), .line(long), "备注一"] + ["", .line(long), "http://a"]
        // Item 2: fails; rectification with refused dates first.
        steps += Self.steps(Self.garbage) + ["2", "备注二", ""]
        steps += ["", .line(long), "措施", "", "责任人"]
        steps += Self.steps(Self.garbage) + ["2020-02-30", "2019-01-01", "+30"]
        // Item 3.
        steps += ["3", ""]
        // The menu, then save.
        steps += Self.steps(Self.garbage) + ["99", "save", "maybe", "y", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("自查表已保存"), "\(out.suffix(2000))")
        let revision = try #require(h.store.audits(checklist: "column-self-audit").records.first?.record)
        #expect(revision.entries.map(\.status) == [.pass, .fail, .notApplicable])
        #expect(revision.entries[0].note == "备注一")
        #expect(revision.entries[0].evidence == "http://a")
        #expect(revision.entries[1].note == "备注二")
        #expect(revision.entries[1].rectification?.action == "措施")
        #expect(revision.entries[1].rectification?.owner == "责任人")
        #expect(revision.entries[1].rectification?.deadline == LocalDate(parsing: "2020-08-07"))
    }

    @Test func garbageAtTheRetryPromptAfterAFailedSaveKeepsTheAttempt() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let full = Step.fault(.capacity(0), on: fs)
        var steps: [Step] = ["login 张三 --unit xiquan", "", "quiz sample"] + Self.steps(typed) + [full, "y"]
        steps += [.line(Self.garbage[0])]
        steps += ["save", "save /usb", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("成绩暂存在内存中"))
        #expect(out.contains("已另存：/usb"))
        let saved = try #require(ResultStore(root: "/usb", fileSystem: fs).attempts().records.first?.record)
        #expect(saved.items.map(\.raw) == typed.map(Optional.some))
    }

    @Test func interruptsAndEndOfInputAtEveryKindOfPromptNeverLoseAnAnswer() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        var inputs: [Step] = [.interrupt, "login", .interrupt, "login 张三 --unit xiquan", "", "quiz sample", .line(typed[0]), .interrupt, "n", .line(typed[1])]
        inputs += [.interrupt, .interrupt, .line(typed[2]), .endOfInput]
        _ = h.run(steps: inputs)
        let progress = try #require(try h.store.loadProgress(trainee: me, name: "sample")?.get())
        #expect(progress.items.prefix(2).map(\.raw) == [typed[0], typed[1]])
        let (out, _) = h.run(steps: ["login 张三 --unit xiquan", "", "resume"] + Self.steps(Array(typed.dropFirst(progress.answeredCount))) + ["y", "quit"])
        #expect(out.contains("已恢复"))
        #expect(h.attempts().first?.items.prefix(2).map(\.raw) == [typed[0], typed[1]])
    }
}
