import GongkaiCore

extension Shell {
    /// `audit [CHECKLIST]` fills in or updates the unit's self-audit;
    /// `audit history [N]` lists the unit's revisions or shows one.
    func audit(_ args: [String]) {
        guard let user = requireLogin() else { return }
        var args = args
        let showHistory = args.first.map { InputVocabulary.history.contains(TextNormalization.fold($0)) } ?? false
        if showHistory { args.removeFirst() }
        let checklistID = showHistory ? (args.count > 1 ? args[1] : nil) : args.first
        guard let checklist = chooseChecklist(checklistID, user: user) else { return }
        if showHistory {
            auditHistory(checklist, user: user, show: args.first.flatMap { Int($0) })
            return
        }
        guard library.roster?.unit(id: user.trainee.unit) != nil || library.roster == nil else {
            say(t(AuditText.unitNotInRoster(user.trainee.unit)), style.bad)
            return
        }
        let unit = user.trainee.unit
        adoptLegacyDraft(unit: unit, checklist: checklist)
        if let (loaded, version) = store.loadDraftVersioned(unit: unit, checklist: checklist.id) {
            switch loaded {
            case .success(let draft):
                var work = AuditWork(editor: AuditEditor(draft: draft, checklist: checklist, today: clock.today()), version: version)
                say(
                    t(AuditEditText.unitDraftFound(
                        answered: draft.answeredCount, total: checklist.items.count, by: draft.by.name, at: draft.createdAt.shortDescription)),
                    style.warn)
                switch confirm(t(AuditText.continueDraft), default: true) {
                case nil: return
                case true?:
                    out.line()
                    out.line(rule(t(AuditText.title(checklist.title, unit: user.unitName))))
                    runAudit(&work, user: user)
                    return
                case false?:
                    guard confirm(t(AuditText.discardDraft), default: false) == true else { return }
                    guard store.removeDraft(unit: unit, checklist: checklist.id, ifStill: version) else {
                        say(t(AuditEditText.draftChangedMeanwhile), style.bad)
                        return
                    }
                }
            case .failure(let problem):
                say(t(AuditEditText.draftUnreadable(String(describing: problem))), style.bad)
                guard confirm(t(AuditText.discardDraft), default: false) == true else { return }
                guard store.removeDraft(unit: unit, checklist: checklist.id, ifStill: version) else {
                    say(t(AuditEditText.draftChangedMeanwhile), style.bad)
                    return
                }
            }
        }
        let revisions = store.audits(checklist: checklist.id, unit: unit).records.map(\.record)
        let latest = UnitStanding.latest(revisions, unit: unit, checklist: checklist.id)
        let fork = UnitStanding.fork(revisions, unit: unit, checklist: checklist.id)
        if !fork.isEmpty { say(t(AuditPaperText.forkNote(user.unitName, fork)), style.warn) }
        let time = now()
        let draft = AuditDraft(
            id: ids.makeID(at: time), createdAt: time, checklist: ChecklistRef(id: checklist.id, version: checklist.version),
            unit: unit, session: user.session?.id, by: user.trainee, previous: latest?.id,
            // An update starts at the summary; a first audit walks the items.
            position: latest == nil ? 0 : checklist.items.count,
            entries: checklist.items.map { item in latest?.entry(for: item.id) ?? AuditEntry(item: item.id) })
        var work = AuditWork(editor: AuditEditor(draft: draft, checklist: checklist, today: clock.today()), version: .none)
        out.line()
        out.line(rule(t(AuditText.title(checklist.title, unit: user.unitName))))
        if let latest {
            say(t(AuditText.updating(date: latest.createdAt.shortDescription, by: latest.by.name)))
        } else {
            out.line(wrap(t(AuditText.intro(count: checklist.items.count))))
        }
        runAudit(&work, user: user)
    }

    /// A draft kept by one person before drafts belonged to the unit becomes the unit's.
    private func adoptLegacyDraft(unit: String, checklist: Checklist) {
        guard store.auditDraftVersion(unit: unit, checklist: checklist.id) == ProgressVersion.none,
            let newest = store.legacyDrafts(unit: unit, checklist: checklist.id).first
        else { return }
        guard (try? store.saveDraft(newest.draft, expected: .none)) != nil else { return }
        try? store.fileSystem.remove(newest.path)
        say(t(AuditEditText.legacyDraftAdopted(by: newest.draft.by.name)), style.dim)
    }

    private func chooseChecklist(_ id: String?, user: SignedIn) -> Checklist? {
        if let id {
            if let checklist = library.checklist(id: id) { return checklist }
            say(t(AuditText.unknownChecklist(id, available: library.checklists.map(\.id).joined(separator: " "))), style.bad)
            return nil
        }
        if let sessionChecklist = user.session?.checklist, let checklist = library.checklist(id: sessionChecklist) { return checklist }
        if library.checklists.count == 1 { return library.checklists[0] }
        if library.checklists.isEmpty {
            say(t(AuditText.noChecklists), style.bad)
        } else {
            say(t(AuditText.nameChecklist(library.checklists.map(\.id).joined(separator: " "))))
        }
        return nil
    }

    /// The unit's draft as this shell works on it: the rules, and the file version last read or written.
    struct AuditWork {
        var editor: AuditEditor
        var version: ProgressVersion
        /// Another contact changed the draft since: this shell writes it no more.
        var overtaken = false
        var checklist: Checklist { editor.checklist }
    }

    enum ItemStep { case next, back, pause, endOfInput, overtaken }

    /// Continues an interrupted item edit, walks the items from the draft's position, then the menu until saved.
    private func runAudit(_ work: inout AuditWork, user: SignedIn) {
        let count = work.checklist.items.count
        if work.editor.editing?.asked.isEmpty == true { work.editor.rollback() }
        if let edit = work.editor.editing {
            say(t(AuditEditText.interruptedEdit(item: edit.index + 1, by: edit.by)), style.warn)
            switch confirm(t(AuditEditText.continueEdit), default: true) {
            case nil: return
            case true?:
                let walking = !work.editor.atSummary
                switch editItem(&work, user: user, index: edit.index) {
                case .next: if walking { work.editor.move(to: edit.index + 1) }
                case .back: if walking { work.editor.move(to: max(0, edit.index - 1)) }
                case .pause: return leaveAudit(&work, endOfInput: false)
                case .endOfInput: return leaveAudit(&work, endOfInput: true)
                case .overtaken: return
                }
            case false?:
                work.editor.rollback()
                say(t(AuditEditText.editDropped(item: edit.index + 1)))
                guard persist(&work, user: user) else { return }
            }
        }
        while !work.editor.atSummary {
            let position = work.editor.draft.position
            guard persist(&work, user: user) else { return }
            switch editItem(&work, user: user, index: position) {
            case .next: work.editor.move(to: position + 1)
            case .back: work.editor.move(to: max(0, position - 1))
            case .pause: return leaveAudit(&work, endOfInput: false)
            case .endOfInput: return leaveAudit(&work, endOfInput: true)
            case .overtaken: return
            }
        }
        guard persist(&work, user: user) else { return }
        // The summary, then change items until saved.
        while true {
            showAuditSummary(work.editor.draft.entries, checklist: work.checklist)
            switch ask(t(AuditText.menuPrompt(count))) {
            case .endOfInput:
                return leaveAudit(&work, endOfInput: true)
            case .interrupt:
                if confirm(t(AuditText.leaveAudit), default: false) != false { return leaveAudit(&work, endOfInput: false) }
            case .line(let text):
                let word = TextNormalization.fold(text)
                if let n = Int(word), (1...count).contains(n) {
                    switch editItem(&work, user: user, index: n - 1) {
                    case .next: break
                    case .back:
                        // Back to the menu: the item stays as it was.
                        work.editor.rollback()
                        say(t(AuditEditText.editDropped(item: n)))
                        guard persist(&work, user: user) else { return }
                    case .pause: return leaveAudit(&work, endOfInput: false)
                    case .endOfInput: return leaveAudit(&work, endOfInput: true)
                    case .overtaken: return
                    }
                } else if InputVocabulary.save.contains(word) {
                    if saveRevision(&work, user: user) { return }
                    if work.overtaken { return }
                } else if InputVocabulary.quit.contains(word) || word == "q" {
                    return leaveAudit(&work, endOfInput: false)
                } else if InputVocabulary.discard.contains(word) {
                    if confirm(t(AuditText.discardDraft), default: false) == true {
                        if store.removeDraft(unit: work.editor.draft.unit, checklist: work.checklist.id, ifStill: work.version) {
                            say(t(AuditText.discarded))
                        } else {
                            say(t(AuditEditText.draftChangedMeanwhile), style.bad)
                        }
                        return
                    }
                } else {
                    say(t(AuditText.menuHelp(count)))
                }
            }
        }
    }

    private func leaveAudit(_ work: inout AuditWork, endOfInput: Bool) {
        // An item opened and left before anything was typed: nothing to keep.
        if work.editor.editing?.asked.isEmpty == true { work.editor.rollback() }
        if let user { _ = persist(&work, user: user) }
        if work.overtaken { return }
        if endOfInput {
            out.line()
            quitRequested = true
        }
        if let edit = work.editor.editing {
            say(t(AuditEditText.editHeld(item: edit.index + 1)))
        }
        say(t(AuditText.paused))
    }

    /// Replaces the unit's draft unless another contact changed it since this shell last did:
    /// then this one stops writing it, says so, and keeps its own input in the rescue folder.
    /// False when the audit must stop here.
    @discardableResult
    private func persist(_ work: inout AuditWork, user: SignedIn) -> Bool {
        guard !work.overtaken else { return false }
        work.editor.touch(by: user.trainee, at: now())
        do throws(ProgressSaveError) {
            work.version = try store.saveDraft(work.editor.draft, expected: work.version)
            return true
        } catch {
            switch error {
            case .changedElsewhere:
                work.overtaken = true
                let other = (try? store.loadDraft(unit: work.editor.draft.unit, checklist: work.checklist.id)?.get())?.by.name
                say(t(AuditEditText.draftTakenOver(by: other, rescuedTo: rescueDraft(work.editor.draft))), style.bad)
                return false
            case .file(let problem):
                // Kept in memory: the audit goes on, and `save` may still write the revision.
                say(t(ShellText.progressNotSaved(reason: problem)), style.warn)
                return true
            }
        }
    }

    /// Writes a draft into the rescue folder beside any written there before
    /// (`audit.<checklist>.json`, `audit.<checklist>-2.json`, …); its path, or nil.
    private func rescueDraft(_ draft: AuditDraft) -> String? {
        guard let rescueFolder else { return nil }
        let rescue = ResultStore(root: rescueFolder, fileSystem: store.fileSystem)
        let first = rescue.auditDraftPath(unit: draft.unit, checklist: draft.checklist.id)
        var path = first
        var number = 1
        while rescue.fileSystem.exists(path) {
            number += 1
            path = String(first.dropLast(".json".count)) + "-\(number).json"
        }
        do {
            try rescue.fileSystem.createDirectories(PathJoin.directory(of: path))
            try rescue.fileSystem.writeFileAtomically(RecordCodec.encode(draft), to: path, replace: false)
            return path
        } catch {
            return nil
        }
    }

    /// One line typed at an item prompt: Ctrl-C asks whether to pause, `quit` pauses.
    private enum FieldInput { case text(String), pause, endOfInput }

    private func askItemField(_ prompt: String) -> FieldInput {
        while true {
            switch ask(prompt) {
            case .endOfInput: return .endOfInput
            case .interrupt:
                if confirm(t(AuditText.leaveAudit), default: false) != false { return .pause }
            case .line(let text):
                if AuditInput.isPause(text) { return .pause }
                return .text(text)
            }
        }
    }

    /// Asks for one item, step by step as `AuditEditor` says, and commits it only when every
    /// step is answered: Ctrl-C, `quit` or a closed terminal leave the item as it was.
    private func editItem(_ work: inout AuditWork, user: SignedIn, index: Int) -> ItemStep {
        let checklist = work.checklist
        let item = checklist.items[index]
        work.editor.begin(index, by: user.trainee.name)
        let before = work.editor.draft.entries[index]
        out.line()
        out.line(rule(t(AuditText.itemHeader(index + 1, checklist.items.count))))
        out.line(style.bold(wrap(item.text)))
        if !item.guidance.isEmpty { out.line(style.dim(wrap(t(AuditText.guidance(item.guidance)), indent: "  "))) }
        say(t(ShellText.source(item.source)), style.dim)
        if before.status != nil {
            say(t(AuditText.current(AuditDescribe.entry(before, language))))
            if let by = before.changedBy {
                say(t(AuditEditText.lastChanged(by: by, at: before.changedAt?.shortDescription ?? "")), style.dim)
            }
        }
        if let edit = work.editor.editing, !edit.asked.isEmpty {
            say(t(AuditEditText.typedSoFar(AuditDescribe.entry(edit.entry, language))), style.dim)
        }
        func failed(_ error: AuditEditError) {
            say(t(AuditEditText.refused(error)), style.warn)
        }
        while let step = work.editor.nextStep {
            let working = work.editor.editing!.entry
            let plan = work.editor.workingPlan
            var answered = false
            switch step {
            case .status:
                let current = working.status.map { AuditDescribe.status($0, language) }
                let prompt = current.map { withKeepHint(t(AuditText.statusPrompt), $0) } ?? t(AuditText.statusPrompt) + "> "
                switch askItemField(prompt) {
                case .pause: return .pause
                case .endOfInput: return .endOfInput
                case .text(let text):
                    let word = TextNormalization.fold(text)
                    if InputVocabulary.back.contains(word) { return .back }
                    let status = word.isEmpty ? working.status : AuditInput.status(text)
                    if let status {
                        answered = (try? work.editor.setStatus(status)) != nil
                    } else {
                        out.line(style.warn(t(AuditText.statusHelp)))
                    }
                }
            case .closed:
                let open = work.editor.openBefore!
                say(t(AuditText.openRectification(action: open.action, owner: open.owner, deadline: open.deadlineText)))
                guard let done = confirm(t(AuditText.rectificationDoneQuestion), default: false) else { return .pause }
                if (try? work.editor.answerClosed(done)) == true {
                    say(t(AuditEditText.keptOpen), style.warn)
                }
                answered = true
            case .doneDate:
                switch askDate(t(AuditText.doneDatePrompt(today: clock.today().description)), direction: .past, current: nil, emptyMeans: clock.today()) {
                case .pause: return .pause
                case .endOfInput: return .endOfInput
                case .date(let date):
                    do { try work.editor.setDoneDate(date); answered = true } catch { failed(error) }
                }
            case .doneEvidence, .doneBy, .action, .owner:
                let prompt: String
                var current: String?
                switch step {
                case .doneEvidence: prompt = t(AuditText.doneEvidencePrompt)
                case .doneBy:
                    prompt = t(AuditEditText.doneByPrompt)
                    current = user.trainee.name
                case .action:
                    prompt = t(AuditText.actionPrompt)
                    current = plan?.action.nonEmpty
                default:
                    prompt = t(AuditText.ownerPrompt)
                    current = plan?.owner.nonEmpty
                }
                switch askItemField(current.map { withKeepHint(prompt, DisplayWidth.truncate($0, to: 30)) } ?? prompt) {
                case .pause: return .pause
                case .endOfInput: return .endOfInput
                case .text(let text):
                    var value = text.trimmingCharacters()
                    if value.isEmpty, let current { value = current }
                    if value.count > 2000 {
                        say(t(AnswerMessage.tooLong(limit: 2000)), style.warn)
                        continue
                    }
                    do {
                        switch step {
                        case .doneEvidence: try work.editor.setDoneEvidence(value)
                        case .doneBy: try work.editor.setDoneBy(value)
                        case .action: try work.editor.setAction(value)
                        default: try work.editor.setOwner(value)
                        }
                        answered = true
                    } catch {
                        failed(error)
                    }
                }
            case .note, .evidence:
                let current = step == .note ? working.note : working.evidence
                let prompt =
                    step == .note
                    ? t(AuditText.notePrompt)
                    : work.editor.evidenceRequired ? t(AuditText.evidenceRequiredPrompt) : t(AuditText.evidenceOptionalPrompt)
                switch askItemField(current.isEmpty ? prompt : withKeepHint(prompt, DisplayWidth.truncate(current, to: 30))) {
                case .pause: return .pause
                case .endOfInput: return .endOfInput
                case .text(let text):
                    var value = text.trimmingCharacters()
                    if value.isEmpty { value = current }
                    if value == "-" { value = "" }
                    if value.count > 2000 {
                        say(t(AnswerMessage.tooLong(limit: 2000)), style.warn)
                        continue
                    }
                    do {
                        if step == .note { try work.editor.setNote(value) } else { try work.editor.setEvidence(value) }
                        answered = true
                    } catch {
                        failed(error)
                    }
                }
            case .deadline:
                let example = DateInput.example(today: clock.today())
                switch askDate(t(AuditEditText.deadlinePrompt(example: example)), direction: .upcoming, current: plan?.deadline, emptyMeans: nil) {
                case .pause: return .pause
                case .endOfInput: return .endOfInput
                case .date(let date):
                    do {
                        try work.editor.setDeadline(date)
                        answered = true
                    } catch {
                        if date == plan?.deadline {
                            say(t(AuditText.deadlinePassed(date.description)), style.warn)
                        } else {
                            failed(error)
                        }
                    }
                }
            }
            // Each answer goes into the draft's pending edit before the next prompt: nothing typed is lost.
            if answered, !persist(&work, user: user), work.overtaken { return .overtaken }
        }
        let events = (try? work.editor.commit(at: now())) ?? []
        if events.contains(where: { $0.kind == .closed }) { say(t(AuditText.rectificationClosed), style.good) }
        if !persist(&work, user: user), work.overtaken { return .overtaken }
        return .next
    }

    /// `提示> ` + `［回车保留：…］> ` without doubling the prompt mark.
    private func withKeepHint(_ prompt: String, _ value: String) -> String {
        var base = prompt
        while base.hasSuffix(" ") || base.hasSuffix(">") { base.removeLast() }
        return base + t(AuditText.keepHint(value))
    }

    private enum DateAnswer { case date(LocalDate), pause, endOfInput }

    /// A date as people type it (`DateInput`); Enter keeps `current` or takes `emptyMeans`.
    private func askDate(_ prompt: String, direction: DateInput.Direction, current: LocalDate?, emptyMeans: LocalDate?) -> DateAnswer {
        let shown = current.map { withKeepHint(prompt, $0.description) } ?? prompt
        while true {
            switch askItemField(shown) {
            case .pause: return .pause
            case .endOfInput: return .endOfInput
            case .text(let text):
                let value = text.trimmingCharacters()
                if value.isEmpty, let fallback = current ?? emptyMeans { return .date(fallback) }
                if value.isEmpty {
                    say(t(AuditText.fieldRequired), style.warn)
                    continue
                }
                switch DateInput.parse(value, today: clock.today(), direction: direction) {
                case .success(let date): return .date(date)
                case .failure(let problem):
                    say(t(AuditEditText.badDate(value, problem, example: DateInput.example(today: clock.today()))), style.warn)
                }
            }
        }
    }

    private func showAuditSummary(_ entries: [AuditEntry], checklist: Checklist) {
        let today = clock.today()
        out.line()
        for (index, item) in checklist.items.enumerated() {
            let entry = entries.first { $0.item == item.id } ?? AuditEntry(item: item.id)
            let status = entry.status.map { AuditDescribe.status($0, language) } ?? t(AuditText.unanswered)
            let colored: String
            switch entry.status {
            case .pass?: colored = style.good(status)
            case .fail?: colored = style.bad(status)
            case .notApplicable?: colored = style.dim(status)
            case nil: colored = style.warn(status)
            }
            let number = String(index + 1).count == 1 ? " \(index + 1)" : "\(index + 1)"
            let who = entry.changedBy.map { " " + style.dim(t(AuditEditText.changedByMark($0))) } ?? ""
            let room = max(20, width - 16 - (entry.changedBy.map { DisplayWidth.of(t(AuditEditText.changedByMark($0))) + 1 } ?? 0))
            out.line("\(number). [\(colored)] \(DisplayWidth.truncate(item.text, to: room))\(who)")
            if let r = entry.openRectification {
                let overdue = r.isOverdue(today: today) ? style.bad(t(AuditText.overdueMark)) : ""
                out.line(wrap(t(AuditText.rectificationLine(action: r.action, owner: r.owner, deadline: r.deadlineText)) + overdue, indent: "      ").replacingFirstIndent(with: "      "))
            } else if let done = entry.rectification?.done {
                out.line(style.dim("      " + t(AuditText.rectifiedOn(done.date.description))))
            }
        }
        let pass = entries.filter { $0.status == .pass }.count
        let fail = entries.filter { $0.status == .fail }.count
        let na = entries.filter { $0.status == .notApplicable }.count
        let open = checklist.items.count - pass - fail - na
        say(t(AuditText.counts(pass: pass, fail: fail, na: na, unanswered: open)))
    }

    private func saveRevision(_ work: inout AuditWork, user: SignedIn) -> Bool {
        let checklist = work.checklist
        // Every 不符合 with a whole plan, every required evidence given, no plan left open.
        let problems = work.editor.problems
        if !problems.isEmpty {
            say(t(AuditEditText.saveRefused), style.bad)
            for problem in problems {
                say(t(AuditEditText.problem(problem, itemText: checklist.items[problem.item].text)), style.bad, indent: "  ")
            }
            return false
        }
        let unanswered = work.editor.draft.entries.filter { $0.status == nil }.count
        if unanswered > 0 {
            say(t(AuditText.saveWithUnanswered(unanswered)), style.warn)
        }
        let unit = work.editor.draft.unit
        // Someone else saved a revision of this unit meanwhile: say so before replacing it as the latest.
        let revisions = store.audits(checklist: checklist.id, unit: unit).records.map(\.record)
        var revises = work.editor.draft.previous
        // (The same draft stored as it is now: this window's own save, cut short before the draft went.)
        if let latest = UnitStanding.latest(revisions, unit: unit, checklist: checklist.id), latest.id != work.editor.draft.previous,
            !(latest.id == work.editor.draft.id && latest.entries == work.editor.draft.entries)
        {
            say(t(AuditText.newerRevision(by: latest.by.name, date: latest.createdAt.shortDescription)), style.warn)
            // Saved knowingly on top of it: the chain stays one line, no fork.
            if latest.id != work.editor.draft.id { revises = latest.id }
        }
        guard confirm(t(AuditText.confirmSave), default: true) == true else { return false }
        let time = now()
        work.editor.touch(by: user.trainee, at: time)
        let draft = work.editor.draft
        // The revision takes the draft's id: a draft whose save went through just before
        // a crash is recognised when it is continued, instead of being stored twice.
        var revision = draft.revision(id: draft.id, at: time)
        revision.previous = revises
        let existing = revisions.first { $0.id == draft.id }
        if let existing, existing.entries != revision.entries {
            // Continued and changed after that save: a revision of its own, on top of it.
            revision = draft.revision(id: ids.makeID(at: time), at: time)
            revision.previous = existing.id
        }
        let version = work.version
        do {
            if existing?.entries != revision.entries || existing?.id != revision.id {
                try store.save(revision)
            }
        } catch .exists {
            // Stored already (the same id): nothing more to write.
        } catch {
            say(t(ShellText.attemptNotSaved(reason: error)), style.bad)
            say(t(AuditText.draftKept))
            unsaved.append(
                PendingRecord(
                    describe: t(AuditText.pendingRevision(checklist: checklist.id, unit: unit)),
                    saved: { [store] in store.removeDraft(unit: unit, checklist: checklist.id, ifStill: version) }
                ) { store throws(FileSystemError) in
                    try store.save(revision)
                })
            return false
        }
        store.removeDraft(unit: unit, checklist: checklist.id, ifStill: version)
        say(t(AuditText.saved(revision.id)), style.good)
        return true
    }

    private func auditHistory(_ checklist: Checklist, user: SignedIn, show: Int?) {
        let revisions = store.audits(checklist: checklist.id, unit: user.trainee.unit).records.map(\.record)
        guard !revisions.isEmpty else {
            say(t(AuditText.noRevisions))
            return
        }
        if let show {
            guard (1...revisions.count).contains(show) else {
                say(t(AuditText.noSuchRevision(show, revisions.count)), style.bad)
                return
            }
            let revision = revisions[show - 1]
            out.line(rule(t(AuditText.revisionTitle(show, date: revision.createdAt.shortDescription, by: revision.by.name))))
            if revision.checklist.version != checklist.version {
                say(t(AuditText.olderChecklistVersion(revision.checklist.version, checklist.version)), style.warn)
            }
            for (index, item) in checklist.items.enumerated() {
                let entry = revision.entry(for: item.id) ?? AuditEntry(item: item.id)
                out.line(style.bold("\(index + 1). \(item.text)"))
                out.line(wrap(AuditDescribe.entry(entry, language), indent: "   "))
                if let by = entry.changedBy {
                    out.line(style.dim(wrap(t(AuditEditText.lastChanged(by: by, at: entry.changedAt?.shortDescription ?? "")), indent: "   ")))
                }
                for line in entry.rectification.map({ AuditDescribe.events($0, language) }) ?? [] {
                    out.line(wrap("· " + line, indent: "   "))
                }
            }
            return
        }
        let today = clock.today()
        let rows = revisions.enumerated().map { index, r -> [String] in
            let standing = AuditStanding(latest: r, checklist: checklist, today: today)
            return [
                "\(index + 1)", r.createdAt.shortDescription, r.by.name,
                "\(standing.passCount)/\(standing.failCount)/\(standing.notApplicableCount)",
                "\(standing.open.count)", r.checklist.version == checklist.version ? "v\(r.checklist.version)" : style.warn("v\(r.checklist.version)"),
            ]
        }
        out.write(
            TerminalTable.render(
                headers: ["#", t(ShellText.colTime), t(AuditText.colBy), t(AuditText.colCounts), t(AuditText.colOpen), t(AuditText.colVersion)],
                rows: rows, width: width, style: style))
        // Each rectification's life, as the latest revision carries it.
        if let latest = revisions.last {
            var printed = false
            for (index, item) in checklist.items.enumerated() {
                guard let r = latest.entry(for: item.id)?.rectification, !r.history.isEmpty else { continue }
                if !printed {
                    out.line()
                    say(t(AuditEditText.rectificationHistoryHeader), style.bold)
                    printed = true
                }
                say(t(AuditEditText.rectificationTitle(item: index + 1, text: item.text, action: r.action)))
                for line in AuditDescribe.events(r, language) { say("· " + line, indent: "    ") }
            }
        }
        say(t(AuditText.historyHint), style.dim)
    }
}

/// Reads audit answers as people type them.
enum AuditInput {
    /// `quit` pauses at any audit prompt, as it does at quiz questions.
    static func isPause(_ text: String) -> Bool {
        InputVocabulary.pause.contains(TextNormalization.fold(text))
    }

    static func status(_ text: String) -> AuditStatus? {
        let word = TextNormalization.fold(text)
        if InputVocabulary.auditPass.contains(word) { return .pass }
        if InputVocabulary.auditFail.contains(word) { return .fail }
        if InputVocabulary.auditNotApplicable.contains(word) { return .notApplicable }
        return nil
    }
}

enum AuditDescribe {
    static func status(_ status: AuditStatus, _ language: Language) -> String {
        AuditText.status(status).text(in: language)
    }

    static func entry(_ entry: AuditEntry, _ language: Language) -> String {
        var parts: [String] = [entry.status.map { status($0, language) } ?? AuditText.unanswered.text(in: language)]
        if !entry.note.isEmpty { parts.append(AuditText.noteLabel(entry.note).text(in: language)) }
        if !entry.evidence.isEmpty { parts.append(AuditText.evidenceLabel(entry.evidence).text(in: language)) }
        if let r = entry.rectification {
            parts.append(AuditText.rectificationLine(action: r.action, owner: r.owner, deadline: r.deadlineText).text(in: language))
            if let done = r.done {
                parts.append(AuditEditText.doneLabel(date: done.date.description, evidence: done.evidence, by: done.by).text(in: language))
            }
        }
        return parts.joined(separator: ReportText.reasonSeparator.text(in: language))
    }

    /// Each step of a rectification's life, one line each.
    static func events(_ rectification: Rectification, _ language: Language) -> [String] {
        rectification.history.map { AuditEditText.event($0, rectification: rectification).text(in: language) }
    }
}

extension String {
    /// Nil for an empty string (a field not yet typed).
    var nonEmpty: String? { isEmpty ? nil : self }
}
