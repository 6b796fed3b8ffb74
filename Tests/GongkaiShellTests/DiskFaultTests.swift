import GongkaiCore
import Testing

@testable import GongkaiShell

/// Promise 3 through the `MemoryFileSystem` seam: with `Results/` read-only or
/// full, the trainee gets a clear message, the answers stay in memory, the
/// shell offers `save PATH`, and no half-written file remains. (The real
/// tmpfs and read-only mount checks run in `make stress`.)
@Suite struct DiskFaultTests {
    let login: [Step] = ["login 张三 --unit xiquan", ""]
    let me = Trainee(name: "张三", unit: "xiquan")

    /// Answers of the first draw, as typed.
    func answers(_ h: ShellHarness) -> [Step] { h.typedAnswers().map(Step.line) }

    @Test func readOnlyFromTheStartSaysSoAndNeverAsksAQuestion() {
        let fs = MemoryFileSystem()
        fs.fault = .readOnly
        let h = ShellHarness(fileSystem: fs)
        let (out, _) = h.run(steps: login + ["quiz sample", "save /usb", "audit", "quit"])
        #expect(out.contains("无法写入成绩目录 /results"))
        #expect(out.contains("只读"), "the reason is named")
        #expect(out.contains("请先登录"))
        #expect(!out.contains("第 1/7 题"), "no question before records can be written")
        #expect(out.contains("没有未保存的记录。"))
        #expect(out.contains("再见。"))
        #expect(fs.allFiles.isEmpty, "\(fs.allFiles.keys.sorted())")
    }

    @Test func readOnlyAfterSignInKeepsEveryAnswerInMemoryAndSavesThemElsewhere() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let readOnly = Step.fault(.readOnly, on: fs)
        let (out, _) = h.run(steps: login + [readOnly, "quiz sample"] + answers(h) + ["y", "retry", "save /usb", "quit"])
        // Every autosave failed, and the trainee was told each time that the answers are kept.
        #expect(out.count(of: "进度未能保存：/results/progress/") == typed.count + 1, "\(out)")
        #expect(out.contains("答案仍保留在内存中"))
        #expect(out.count(of: "成绩未能保存：/results/attempts/") == 2, "the first try and the retry")
        #expect(out.contains("所在磁盘为只读"))
        #expect(out.contains("输入 retry 重试，save 路径 另存到其他位置"))
        #expect(out.contains("已另存：/usb/attempts/sample/2020-07/"))
        #expect(!out.contains("还有 1 份记录未能保存"), "nothing is left to save at quit")
        let saved = try #require(ResultStore(root: "/usb", fileSystem: fs).attempts().records.first?.record)
        #expect(saved.items.map(\.raw) == typed.map(Optional.some), "every answer typed while the disk was read-only")
        #expect(saved.score.percent == 100)
        #expect(saved.trainee == me)
        // Nothing was written to the read-only folder after sign-in; nothing half-written anywhere.
        // (The sign-in, and its claim in `.claims/`, came before the disk turned read-only.)
        #expect(
            h.files(under: "/results/").allSatisfy { $0.hasPrefix("/results/attendance/") || $0.hasPrefix("/results/.claims/attendance/") },
            "\(h.files(under: "/results/"))")
        #expect(fs.temporaryFiles.isEmpty, "\(fs.temporaryFiles)")
    }

    @Test func diskFullDuringProgressSavesLosesNothingOnceSpaceReturns() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let fill = Step.fault(.capacity(0), on: fs)
        let free = Step.act { fs.fault = nil }
        var steps = login + ["quiz sample"] + typed.prefix(3).map(Step.line)
        steps += [fill] + typed.dropFirst(3).map(Step.line) + [free, "y", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.count(of: "进度未能保存：磁盘已满") == typed.count - 3, "\(out)")
        #expect(out.contains("得分 8/8（100%）"))
        let attempt = try #require(h.attempts().first)
        #expect(h.attempts().count == 1)
        #expect(attempt.items.map(\.raw) == typed.map(Optional.some), "answers given while the disk was full are in the attempt")
        #expect(h.files(under: "/results/progress/").isEmpty, "the stale autosave is removed after the attempt is stored")
        #expect(fs.temporaryFiles.isEmpty)
    }

    @Test func diskFullAtSubmitKeepsTheAttemptInMemoryUntilSaveWritesIt() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let fill = Step.fault(.capacity(0), on: fs)
        let steps: [Step] = login + ["quiz sample"] + answers(h) + [fill, "y", "skip", "history", "quit", "n", "save", "save /usb", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("成绩未能保存：磁盘已满，无法写入 /results/attempts/"))
        #expect(out.contains("成绩暂存在内存中。退出前请用 save 路径 另存。"))
        #expect(out.contains("还有 1 份记录未能保存。可先用 save 路径 另存（如 U 盘）。"))
        #expect(out.contains("仍要退出吗？"))
        #expect(out.contains("请指定目录：save 路径"))
        #expect(out.contains("已另存：/usb · 张三 的 sample 测验成绩"))
        let saved = try #require(ResultStore(root: "/usb", fileSystem: fs).attempts().records.first?.record)
        #expect(saved.items.map(\.raw) == typed.map(Optional.some))
        #expect(h.files(under: "/results/attempts/").isEmpty)
        #expect(fs.temporaryFiles.isEmpty)
    }

    @Test func auditSaveFailingKeepsTheRevisionAndSaveWritesItElsewhere() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let walk: [Step] = ["audit", "1", "备注一", "http://jingtai.gov.cn/xxgk", "2", "栏目未更新", "", "补发信息", "王五", "2020-08-01", "3", ""]
        let readOnly = Step.fault(.readOnly, on: fs)
        let steps: [Step] = login + walk + [readOnly, "save", "", "quit", "quit", "n", "save /usb", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("成绩未能保存：/results/audits/"))
        #expect(out.contains("所在磁盘为只读"))
        #expect(out.contains("还有 1 份记录未能保存"))
        #expect(out.contains("已另存：/usb · xiquan 的自查表 column-self-audit"), "\(out)")
        #expect(h.store.audits(checklist: "column-self-audit").records.isEmpty, "nothing in the read-only folder")
        let revision = try #require(ResultStore(root: "/usb", fileSystem: fs).audits(checklist: "column-self-audit").records.first?.record)
        #expect(revision.entries.map(\.status) == [.pass, .fail, .notApplicable])
        #expect(revision.entries[0].note == "备注一")
        #expect(revision.entries[0].evidence == "http://jingtai.gov.cn/xxgk")
        #expect(revision.entries[1].rectification?.action == "补发信息")
        #expect(revision.by == me)
        // The draft written before the disk turned read-only is still there to continue from.
        let draft = try #require(try h.store.loadDraft(unit: "xiquan", checklist: "column-self-audit")?.get())
        #expect(draft.entries.map(\.status) == [.pass, .fail, .notApplicable])
        #expect(fs.temporaryFiles.isEmpty)
    }

    @Test func signInThatCannotBeWrittenIsKeptAndSavedElsewhere() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        // Room for the write probe, not for the sign-in record.
        fs.faultScope = "/results"
        fs.fault = .capacity(16)
        let (out, _) = h.run(steps: login + ["save /usb", "quit"])
        #expect(out.contains("磁盘已满"), "\(out)")
        #expect(out.contains("已另存：/usb"))
        #expect(ResultStore(root: "/usb", fileSystem: fs).attendance().records.map(\.record.trainee) == [me])
        #expect(h.files(under: "/results/attendance/").isEmpty)
        #expect(fs.temporaryFiles.isEmpty)
    }

    @Test func anAuditDraftThatCannotBeSavedWarnsAtEveryStepAndTheRevisionStillSaves() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let full = Step.act {
            fs.faultScope = "/results/progress"
            fs.fault = .capacity(0)
        }
        let steps: [Step] = login + [full, "audit", "1", "", "http://x", "3", "", "", "3", "", "save", "", "quit"]
        let (out, _) = h.run(steps: steps)
        #expect(out.contains("进度未能保存：磁盘已满"))
        #expect(out.contains("自查表已保存"))
        let revision = try #require(h.store.audits(checklist: "column-self-audit").records.first?.record)
        #expect(revision.entries.map(\.status) == [.pass, .notApplicable, .notApplicable])
        #expect(revision.entries[0].evidence == "http://x")
        #expect(fs.temporaryFiles.isEmpty)
    }

    // MARK: A paused quiz when nothing can be written

    /// With the autosave failing, `quit` at a question pauses the quiz: the
    /// answers must stay in memory (so `resume` continues with them), and the
    /// shell must not claim that the progress was saved.
    @Test func pausingWhileTheDiskIsReadOnlyKeepsTheAnswersAndSaysTheyAreNotSaved() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let readOnly = Step.fault(.readOnly, on: fs)
        let writable = Step.act { fs.fault = nil }
        var steps = login + [readOnly, "quiz sample"] + typed.prefix(3).map(Step.line) + ["quit"]
        steps += [writable, "resume"] + typed.dropFirst(3).map(Step.line) + ["y", "quit"]
        let (out, _) = h.run(steps: steps)
        let pause = try #require(out.range(of: "张三@喜泉镇> resume")).lowerBound
        let beforeResume = String(out[..<pause])
        #expect(beforeResume.contains("进度未能保存"))
        #expect(!beforeResume.contains("进度已保存"), "the pause message claims the progress was saved although every autosave failed")
        #expect(!out.contains("没有未完成的测验。"), "the three answers given while the disk was read-only were dropped at the pause")
        let attempt = h.attempts().first
        #expect(attempt?.items.map(\.raw) == typed.map(Optional.some), "all seven answers end up in the attempt")
    }
}
