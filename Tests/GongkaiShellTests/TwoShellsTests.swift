import GongkaiCore
import Testing

@testable import GongkaiShell

/// Several shells on one `Results/` (DESIGN.md), here the same trainee's quiz in two
/// windows: a second terminal, or an SSH session left hanging while the trainee
/// reconnects. Whichever window continues the quiz, no window overwrites answers
/// the other saved, and none of the answers typed in either is lost.
@Suite struct TwoShellsTests {
    let login: [Step] = ["login 张三 --unit xiquan", ""]
    let me = Trainee(name: "张三", unit: "xiquan")

    func progress(_ h: ShellHarness) throws -> ProgressRecord? {
        try h.store.loadProgress(trainee: me, name: "sample")?.get()
    }

    func rescued(_ h: ShellHarness) throws -> ProgressRecord? {
        try ResultStore(root: "/rescue", fileSystem: h.fileSystem).loadProgress(trainee: me, name: "sample")?.get()
    }

    /// Window A answers two questions; window B continues the quiz and answers the third;
    /// then A answers: A stops rather than overwrite B, and keeps its own answers aside.
    @Test func theWindowThatWasOvertakenStopsAndKeepsItsAnswersAside() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        let wrong = h.typedAnswers(correct: false)
        var windowB = ""
        let meanwhile = Step.act {
            windowB = h.run(steps: self.login + ["resume", .line(typed[2]), "quit", "quit"]).text
        }
        let (windowA, _) = h.run(
            steps: login + ["quiz sample", .line(typed[0]), .line(typed[1]), meanwhile, .line(wrong[2]), "courses", "quit"],
            rescueFolder: "/rescue")
        #expect(windowB.contains("已恢复：已答 2/7 题"), "\(windowB)")
        #expect(windowA.contains("这份测验已在另一个窗口继续、交卷或放弃"), "\(windowA)")
        #expect(windowA.contains("/rescue/progress/"), "the rescued file is named")
        #expect(windowA.contains("resume sample"))
        #expect(!windowA.contains("第 4/7 题"), "window A asks no further question")
        #expect(windowA.contains("课程"), "window A is back at its prompt and goes on working")
        // The autosave is B's: A's answer to question 3 did not overwrite it.
        let saved = try #require(try progress(h))
        #expect(saved.items.compactMap(\.raw) == Array(typed.prefix(3)))
        // A's own answers are in the rescue folder, the third included.
        let aside = try #require(try rescued(h))
        #expect(aside.items.compactMap(\.raw) == [typed[0], typed[1], wrong[2]])
        // A later shell continues B's progress and submits it.
        let later = h.run(steps: login + ["resume"] + typed.dropFirst(3).map(Step.line) + ["y", "quit"]).text
        #expect(later.contains("已恢复：已答 3/7 题"), "\(later)")
        #expect(h.attempts().count == 1)
        #expect(h.attempts().first?.score.percent == 100)
    }

    /// The hanging SSH session: when its terminal finally goes away, its end-of-input
    /// autosave must not bring back an older state over the answers given since.
    @Test func aHangingSessionThatEndsLaterDoesNotBringBackItsOlderState() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        let reconnected = Step.act {
            _ = h.run(steps: self.login + ["resume"] + typed.dropFirst(2).prefix(3).map(Step.line) + ["quit", "quit"])
        }
        let (hanging, _) = h.run(steps: login + ["quiz sample", .line(typed[0]), .line(typed[1]), reconnected, .endOfInput], rescueFolder: "/rescue")
        #expect(hanging.contains("这份测验已在另一个窗口继续、交卷或放弃"), "\(hanging)")
        let saved = try #require(try progress(h))
        #expect(saved.items.compactMap(\.raw) == Array(typed.prefix(5)), "the reconnected session's five answers stand")
        #expect(try rescued(h)?.items.compactMap(\.raw) == Array(typed.prefix(2)))
    }

    /// B finishes and submits while A is still open: A's next answer finds the quiz
    /// submitted, brings back no autosave, and no second attempt is recorded.
    @Test func aQuizSubmittedElsewhereIsNotRevivedByTheOtherWindow() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        let finishedElsewhere = Step.act {
            _ = h.run(steps: self.login + ["resume"] + typed.dropFirst(1).map(Step.line) + ["y", "quit"])
        }
        let (windowA, _) = h.run(steps: login + ["quiz sample", .line(typed[0]), finishedElsewhere, .line(typed[1]), "quit"], rescueFolder: "/rescue")
        #expect(windowA.contains("这份测验已在另一个窗口继续、交卷或放弃"), "\(windowA)")
        #expect(try progress(h) == nil, "no autosave comes back for a submitted quiz")
        #expect(h.attempts().count == 1)
        #expect(h.attempts().first?.score.percent == 100)
    }

    /// Submitting removes the autosave only if it is still this window's own.
    @Test func submittingLeavesAnAutosaveAnotherWindowMadeSince() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        // B starts afresh (discarding A's autosave) while A waits at its last question.
        let freshElsewhere = Step.act {
            _ = h.run(steps: self.login + ["quiz sample", "n", "y", .line(typed[0]), "quit", "quit"])
        }
        let (windowA, _) = h.run(steps: login + ["quiz sample"] + typed.dropLast().map(Step.line) + [freshElsewhere, .line(typed.last!), "y", "quit"], rescueFolder: "/rescue")
        #expect(windowA.contains("这份测验已在另一个窗口继续、交卷或放弃"), "\(windowA)")
        #expect(h.attempts().isEmpty, "A stopped before submitting")
        #expect(try progress(h)?.items.compactMap(\.raw) == [typed[0]], "B's fresh autosave stands")
        #expect(try rescued(h)?.items.compactMap(\.raw) == typed, "A's seven answers are kept aside")
    }

    /// Overtaken twice: each time the window's answers are kept, the first beside the second.
    @Test func aWindowOvertakenTwiceKeepsBothSetsOfAnswers() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        let wrong = h.typedAnswers(correct: false)
        let elsewhere = Step.act { _ = h.run(steps: self.login + ["resume", .line(typed[1]), "quit", "quit"]) }
        let again = Step.act { _ = h.run(steps: self.login + ["resume", .line(typed[2]), "quit", "quit"]) }
        let (window, _) = h.run(
            steps: login + ["quiz sample", .line(typed[0]), elsewhere, .line(wrong[1]), "resume", again, .line(wrong[2]), "quit"],
            rescueFolder: "/rescue")
        #expect(window.components(separatedBy: "这份测验已在另一个窗口继续").count == 3, "told twice: \(window)")
        let rescue = ResultStore(root: "/rescue", fileSystem: h.fileSystem)
        #expect(try rescue.loadProgress(trainee: me, name: "sample")?.get().items.compactMap(\.raw) == [typed[0], wrong[1]])
        #expect(try rescue.loadProgress(trainee: me, name: "sample-2")?.get().items.compactMap(\.raw) == [typed[0], typed[1], wrong[2]])
        #expect(try progress(h)?.items.compactMap(\.raw) == Array(typed.prefix(3)))
    }

    /// One shell alone sees none of this: pausing, resuming and submitting as before.
    @Test func oneShellAloneIsNeverToldOfAnotherWindow() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        var out = h.run(steps: login + ["quiz sample", .line(typed[0]), .interrupt, "y", "resume"] + typed.dropFirst().map(Step.line) + ["y", "quit"], rescueFolder: "/rescue").text
        out += h.run(steps: login + ["quiz sample"] + typed.prefix(2).map(Step.line) + [.endOfInput]).text
        out += h.run(steps: login + ["resume"] + typed.dropFirst(2).map(Step.line) + ["y", "quit"]).text
        #expect(!out.contains("另一个窗口"), "\(out)")
        #expect(h.attempts().count == 2)
        #expect(try progress(h) == nil)
    }

    @Test func theMessageHasBothLanguages() {
        #expect(ShellText.progressTakenOver(id: "sample", rescuedTo: nil).text(in: .en).contains("another window"))
        #expect(ShellText.progressTakenOver(id: "sample", rescuedTo: "/r/x.json").text(in: .en).contains("saved to /r/x.json"))
        #expect(ShellText.progressTakenOver(id: "sample", rescuedTo: nil).text(in: .zh).contains("未能另存"))
    }
}
