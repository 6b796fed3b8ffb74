import GongkaiCore
import Testing

@testable import GongkaiShell

/// Promise 1 at the shell level: every answer is in the autosave as soon as
/// the next prompt appears, so a terminal that dies there loses nothing.
/// End of input stands in for the dying terminal (the kill itself is driven
/// in EndToEndTests/CrashTests).
@Suite struct AnswerRetentionTests {
    let login: [Step] = ["login 李四 --unit xiquan", ""]
    let me = Trainee(name: "李四", unit: "xiquan")

    @Test func everyQuizAnswerIsInTheAutosaveBeforeTheNextQuestionIsAsked() throws {
        let h = ShellHarness()
        let typed = h.typedAnswers()
        // What is on disk at the moment the next prompt appears (a kill there keeps exactly this).
        var onDisk: [[String?]] = []
        let look = Step.act {
            let progress = try? h.store.loadProgress(trainee: me, name: "sample")?.get()
            onDisk.append(progress?.items.map(\.raw) ?? [])
        }
        var steps = login + ["quiz sample"]
        for answer in typed { steps += [.line(answer), look] }
        h.run(steps: steps + ["y", "quit"])
        #expect(onDisk.count == typed.count)
        for (index, saved) in onDisk.enumerated() {
            #expect(Array(saved.prefix(index + 1)) == typed.prefix(index + 1).map(Optional.some), "after answer \(index + 1): \(saved)")
        }
    }

    /// Each audit field is typed at its own prompt; at the next prompt (where a
    /// kill would leave things as they are) what was typed must be in the draft.
    @Test func everyAuditFieldIsInTheDraftBeforeTheNextPromptIsShown() throws {
        let h = ShellHarness()
        var drafts: [AuditDraft?] = []
        let look = Step.act { drafts.append(try? h.store.loadDraft(unit: "xiquan", checklist: "column-self-audit")?.get()) }
        let fields: [(typed: String, check: (AuditDraft) -> Bool, name: String)] = [
            ("1", { $0.typed(0).status == .pass }, "item 1 status"),
            ("备注一", { $0.typed(0).note == "备注一" }, "item 1 note"),
            ("http://a", { $0.typed(0).evidence == "http://a" }, "item 1 evidence"),
            ("2", { $0.typed(1).status == .fail }, "item 2 status"),
            ("备注二", { $0.typed(1).note == "备注二" }, "item 2 note"),
            ("http://b", { $0.typed(1).evidence == "http://b" }, "item 2 evidence"),
            ("补发信息", { $0.typed(1).rectification?.action == "补发信息" }, "item 2 rectification action"),
            ("王五", { $0.typed(1).rectification?.owner == "王五" }, "item 2 rectification owner"),
            ("+30", { $0.typed(1).rectification?.deadline != nil }, "item 2 rectification deadline"),
            ("3", { $0.typed(2).status == .notApplicable }, "item 3 status"),
            ("备注三", { $0.typed(2).note == "备注三" }, "item 3 note"),
        ]
        h.run(steps: login + ["audit"] + fields.flatMap { [Step.line($0.typed), look] } + ["save", "", "quit"])
        #expect(drafts.count == fields.count)
        // Until an item is committed, the draft's entry for it is as it was before.
        #expect(drafts[4]?.entries[1].status == nil, "item 2 changed before all its fields were given")
        #expect(drafts[9]?.entries[1].rectification?.action == "补发信息", "item 2 committed once its deadline was given")
        for (field, draft) in zip(fields, drafts) {
            #expect(draft.map(field.check) == true, "\(field.name) typed, and the next prompt shown: not in the draft")
        }
    }

    /// Submitting saves the attempt, then removes the autosave: two steps. A
    /// shell killed between them (the stress run's "autosave left behind")
    /// is modelled here by an autosave that cannot be removed. The trainee is
    /// then told the quiz is unfinished; resuming and submitting it must not
    /// store the attempt a second time.
    @Test func resumingAnAttemptAlreadyStoredDoesNotStoreItTwice() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let typed = h.typedAnswers()
        let stuck = Step.act {
            fs.faultScope = "/results/progress"
            fs.fault = .readOnly
        }
        let healed = Step.act { fs.fault = nil }
        h.run(steps: login + ["quiz sample"] + typed.map(Step.line) + [stuck, "y", healed, "quit"])
        #expect(h.attempts().count == 1)
        let (out, _) = h.run(steps: login + ["resume", "", "", "y", "quit"])
        #expect(out.contains("得分 8/8"), "the resumed attempt was submitted")
        #expect(h.attempts().count == 1, "resuming a stored attempt stored it a second time")
        #expect(h.files(under: "/results/progress/").isEmpty, "the autosave is gone once the attempt is known to be stored")
    }

    /// The same two steps for a self-audit: the revision is saved, then the
    /// draft removed. With the draft left behind (a kill between the two), the
    /// trainee is told the audit is unfinished; continuing and saving it must
    /// not store the same revision a second time.
    @Test func continuingAnAuditAlreadyStoredDoesNotStoreItTwice() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let stuck = Step.act {
            fs.faultScope = "/results/progress"
            fs.fault = .readOnly
        }
        let healed = Step.act { fs.fault = nil }
        let walk: [Step] = ["audit", "1", "", "http://a", "3", "", "", "3", ""]
        h.run(steps: login + walk + [stuck, "save", "", healed, "quit"])
        #expect(h.store.audits(checklist: "column-self-audit").records.count == 1)
        let (out, _) = h.run(steps: login + ["audit", "", "save", "", "quit"])
        #expect(out.contains("自查表已保存"), "the continued draft was saved")
        let revisions = h.store.audits(checklist: "column-self-audit").records.map(\.record)
        #expect(revisions.count == 1, "the same self-audit is stored twice: \(revisions.map(\.id))")
    }
}
