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
        if case .success(let draft)? = store.loadDraft(trainee: user.trainee, checklist: checklist.id) {
            let answered = draft.entries.filter { $0.status != nil }.count
            say(t(AuditText.draftFound(answered: answered, total: checklist.items.count)), style.warn)
            switch confirm(t(AuditText.continueDraft), default: true) {
            case nil: return
            case true?:
                runAudit(draft: draft, checklist: checklist, walkFrom: draft.position)
                return
            case false?:
                guard confirm(t(AuditText.discardDraft), default: false) == true else { return }
                try? store.removeProgress(trainee: user.trainee, name: ResultStore.auditDraftName(checklist.id))
            }
        }
        let revisions = store.audits(checklist: checklist.id, unit: user.trainee.unit).records.map(\.record)
        let latest = UnitStanding.latest(revisions, unit: user.trainee.unit, checklist: checklist.id)
        let time = now()
        let draft = AuditDraft(
            id: ids.makeID(at: time), createdAt: time, checklist: ChecklistRef(id: checklist.id, version: checklist.version),
            unit: user.trainee.unit, session: user.session?.id, by: user.trainee, previous: latest?.id, position: 0,
            entries: checklist.items.map { item in latest?.entry(for: item.id) ?? AuditEntry(item: item.id) })
        out.line()
        out.line(rule(t(AuditText.title(checklist.title, unit: user.unitName))))
        if let latest {
            say(t(AuditText.updating(date: latest.createdAt.shortDescription, by: latest.by.name)))
            runAudit(draft: draft, checklist: checklist, walkFrom: nil)
        } else {
            out.line(wrap(t(AuditText.intro(count: checklist.items.count))))
            runAudit(draft: draft, checklist: checklist, walkFrom: 0)
        }
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

    enum AuditStep { case saved, paused, endOfInput, discarded }

    /// Walks the items from `walkFrom` (nil: start at the update menu), then the menu until saved.
    private func runAudit(draft: AuditDraft, checklist: Checklist, walkFrom: Int?) {
        var draft = draft
        // Items a revised checklist added, and entries for items it removed.
        draft.entries = checklist.items.map { item in draft.entries.first { $0.item == item.id } ?? AuditEntry(item: item.id) }
        draft.checklist = ChecklistRef(id: checklist.id, version: checklist.version)
        if var position = walkFrom {
            while position < checklist.items.count {
                draft.position = position
                saveDraft(draft)
                switch editItem(&draft, checklist: checklist, index: position, walking: true) {
                case .next: position += 1
                case .back: position = max(0, position - 1)
                case .pause:
                    saveDraft(draft)
                    say(t(AuditText.paused))
                    return
                case .endOfInput:
                    saveDraft(draft)
                    out.line()
                    say(t(AuditText.paused))
                    quitRequested = true
                    return
                }
            }
            draft.position = checklist.items.count
            saveDraft(draft)
        }
        // Update menu: summary, then change items until saved.
        while true {
            showAuditSummary(draft.entries, checklist: checklist)
            switch ask(t(AuditText.menuPrompt(checklist.items.count))) {
            case .endOfInput:
                saveDraft(draft)
                out.line()
                say(t(AuditText.paused))
                quitRequested = true
                return
            case .interrupt:
                if confirm(t(AuditText.leaveAudit), default: false) != false {
                    saveDraft(draft)
                    say(t(AuditText.paused))
                    return
                }
            case .line(let text):
                let word = TextNormalization.fold(text)
                if let n = Int(word), (1...checklist.items.count).contains(n) {
                    let step = editItem(&draft, checklist: checklist, index: n - 1, walking: false)
                    saveDraft(draft)
                    if step == .endOfInput {
                        out.line()
                        say(t(AuditText.paused))
                        quitRequested = true
                        return
                    }
                } else if InputVocabulary.save.contains(word) {
                    if saveRevision(draft, checklist: checklist) { return }
                } else if InputVocabulary.quit.contains(word) || word == "q" {
                    saveDraft(draft)
                    say(t(AuditText.paused))
                    return
                } else if InputVocabulary.discard.contains(word) {
                    if confirm(t(AuditText.discardDraft), default: false) == true {
                        try? store.removeProgress(trainee: draft.by, name: ResultStore.auditDraftName(checklist.id))
                        say(t(AuditText.discarded))
                        return
                    }
                } else {
                    say(t(AuditText.menuHelp(checklist.items.count)))
                }
            }
        }
    }

    enum ItemStep { case next, back, pause, endOfInput }

    /// Asks for one item: status, note, evidence, and for 不符合 the rectification.
    private func editItem(_ draft: inout AuditDraft, checklist: Checklist, index: Int, walking: Bool) -> ItemStep {
        let item = checklist.items[index]
        var entry = draft.entries[index]
        out.line()
        out.line(rule(t(AuditText.itemHeader(index + 1, checklist.items.count))))
        out.line(style.bold(wrap(item.text)))
        if !item.guidance.isEmpty { out.line(style.dim(wrap(t(AuditText.guidance(item.guidance)), indent: "  "))) }
        say(t(ShellText.source(item.source)), style.dim)
        if entry.status != nil { say(t(AuditText.current(AuditDescribe.entry(entry, language)))) }

        // Status
        let status: AuditStatus
        switch askField(t(AuditText.statusPrompt), current: entry.status.map { AuditDescribe.status($0, language) }, parse: AuditInput.status, help: t(AuditText.statusHelp)) {
        case .value(let s): status = s
        case .keep: status = entry.status!
        case .back: return .back
        case .pause: return .pause
        case .endOfInput: return .endOfInput
        }
        entry.status = status
        draft.entries[index] = entry
        saveDraft(draft)

        // Rectification done?
        if status == .fail, var rect = entry.rectification, rect.isOpen {
            say(t(AuditText.openRectification(action: rect.action, owner: rect.owner, deadline: rect.deadlineText)))
            switch confirm(t(AuditText.rectificationDoneQuestion), default: false) {
            case nil: return .pause
            case true?:
                guard let date = askDate(t(AuditText.doneDatePrompt(today: clock.today().description)), allowPast: true, allowFuture: false) else { return .pause }
                guard let evidence = askText(t(AuditText.doneEvidencePrompt), required: true) else { return .pause }
                rect.done = Rectification.Done(date: date, evidence: evidence)
                entry.rectification = rect
                // Fixed: the item now meets the standard, and the record keeps how.
                entry.status = .pass
                draft.entries[index] = entry
                saveDraft(draft)
                say(t(AuditText.rectificationClosed), style.good)
                return .next
            case false?:
                break
            }
        }

        // Note
        switch askOptional(t(AuditText.notePrompt), current: entry.note) {
        case .some(let note): entry.note = note
        case nil: return .pause
        }
        draft.entries[index] = entry
        saveDraft(draft)
        // Evidence
        if item.evidence != .none {
            let required = item.evidence == .required && status == .pass
            let prompt = required ? t(AuditText.evidenceRequiredPrompt) : t(AuditText.evidenceOptionalPrompt)
            while true {
                guard let value = askOptional(prompt, current: entry.evidence) else { return .pause }
                if required, value.isEmpty {
                    say(t(AuditText.evidenceRequired), style.warn)
                    continue
                }
                entry.evidence = value
                break
            }
            draft.entries[index] = entry
            saveDraft(draft)
        }
        // Rectification for 不符合
        if status == .fail {
            // Each answer goes into the draft before the next prompt, so nothing typed is lost.
            let existing = entry.rectification?.isOpen == true ? entry.rectification : nil
            func keep(_ plan: Rectification) {
                entry.rectification = plan
                draft.entries[index] = entry
                saveDraft(draft)
            }
            guard let action = askText(t(AuditText.actionPrompt), required: true, current: existing?.action.nonEmpty) else { return .pause }
            keep(Rectification(action: action, owner: existing?.owner ?? "", deadline: existing?.deadline))
            guard let owner = askText(t(AuditText.ownerPrompt), required: true, current: existing?.owner.nonEmpty) else { return .pause }
            keep(Rectification(action: action, owner: owner, deadline: existing?.deadline))
            guard let deadline = askDate(t(AuditText.deadlinePrompt), allowPast: false, allowFuture: true, current: existing?.deadline) else { return .pause }
            entry.rectification = Rectification(action: action, owner: owner, deadline: deadline)
        } else if entry.rectification?.isOpen == true {
            // No longer failing: an unfinished plan no longer applies.
            entry.rectification = nil
        }
        draft.entries[index] = entry
        saveDraft(draft)
        return .next
    }

    enum FieldResult<T> { case value(T), keep, back, pause, endOfInput }

    /// `提示> ` + `［回车保留：…］> ` without doubling the prompt mark.
    private func withKeepHint(_ prompt: String, _ value: String) -> String {
        var base = prompt
        while base.hasSuffix(" ") || base.hasSuffix(">") { base.removeLast() }
        return base + t(AuditText.keepHint(value))
    }

    private func askField<T>(_ prompt: String, current: String?, parse: (String) -> T?, help: String) -> FieldResult<T> {
        while true {
            let shown = current.map { withKeepHint(prompt, $0) } ?? prompt + "> "
            switch ask(shown) {
            case .endOfInput: return .endOfInput
            case .interrupt:
                if confirm(t(AuditText.leaveAudit), default: false) != false { return .pause }
            case .line(let text):
                let word = TextNormalization.fold(text)
                if word.isEmpty, current != nil { return .keep }
                if InputVocabulary.back.contains(word) { return .back }
                if InputVocabulary.quit.contains(word) { return .pause }
                if let value = parse(text) { return .value(value) }
                out.line(style.warn(help))
            }
        }
    }

    /// Free text that may be empty; Enter keeps the current value. Nil: pause.
    private func askOptional(_ prompt: String, current: String) -> String? {
        let shown = current.isEmpty ? prompt : withKeepHint(prompt, DisplayWidth.truncate(current, to: 30))
        while true {
            switch ask(shown) {
            case .endOfInput, .interrupt: return nil
            case .line(let text):
                let value = text.trimmingCharacters()
                if AuditInput.isPause(value) { return nil }
                if value.isEmpty { return current }
                if value == "-" { return "" }
                if value.count > 2000 {
                    say(t(AnswerMessage.tooLong(limit: 2000)), style.warn)
                    continue
                }
                return value
            }
        }
    }

    private func askText(_ prompt: String, required: Bool, current: String? = nil) -> String? {
        let shown = current.map { withKeepHint(prompt, DisplayWidth.truncate($0, to: 30)) } ?? prompt
        while true {
            switch ask(shown) {
            case .endOfInput, .interrupt: return nil
            case .line(let text):
                let value = text.trimmingCharacters()
                if AuditInput.isPause(value) { return nil }
                if value.isEmpty, let current { return current }
                if value.isEmpty, required {
                    say(t(AuditText.fieldRequired), style.warn)
                    continue
                }
                if value.count > 2000 {
                    say(t(AnswerMessage.tooLong(limit: 2000)), style.warn)
                    continue
                }
                return value
            }
        }
    }

    /// A real calendar date; deadlines may not be in the past, completion dates not in the future.
    private func askDate(_ prompt: String, allowPast: Bool, allowFuture: Bool, current: LocalDate? = nil) -> LocalDate? {
        let today = clock.today()
        let shown = current.map { withKeepHint(prompt, $0.description) } ?? prompt
        while true {
            switch ask(shown) {
            case .endOfInput, .interrupt: return nil
            case .line(let text):
                let value = TextNormalization.fold(text)
                if AuditInput.isPause(value) { return nil }
                if value.isEmpty, let current, allowPast || current >= today { return current }
                if value.isEmpty, let current {
                    say(t(AuditText.deadlinePassed(current.description)), style.warn)
                    continue
                }
                if value.isEmpty, !allowFuture { return today }
                guard let date = AuditInput.date(value, today: today) else {
                    say(t(AuditText.badDate(text)), style.warn)
                    continue
                }
                if !allowPast, date < today {
                    say(t(AuditText.deadlineInPast(today.description)), style.warn)
                    continue
                }
                if !allowFuture, date > today {
                    say(t(AuditText.dateInFuture(today.description)), style.warn)
                    continue
                }
                return date
            }
        }
    }

    private func saveDraft(_ draft: AuditDraft) {
        var copy = draft
        copy.createdAt = now()
        do {
            try store.saveDraft(copy)
        } catch {
            say(t(ShellText.progressNotSaved(reason: error)), style.warn)
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
            out.line("\(number). [\(colored)] \(DisplayWidth.truncate(item.text, to: max(20, width - 16)))")
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

    private func saveRevision(_ draft: AuditDraft, checklist: Checklist) -> Bool {
        // 不符合 always comes with what will be done, by whom, by when.
        let withoutPlan = checklist.items.indices.filter {
            draft.entries[$0].status == .fail && !(draft.entries[$0].openRectification?.isComplete ?? false)
        }
        if !withoutPlan.isEmpty {
            say(t(AuditText.failNeedsRectification(withoutPlan.map { String($0 + 1) }.joined(separator: t(ReportText.listSeparator)))), style.bad)
            return false
        }
        let unanswered = draft.entries.filter { $0.status == nil }.count
        if unanswered > 0 {
            say(t(AuditText.saveWithUnanswered(unanswered)), style.warn)
        }
        // Someone else saved a revision of this unit meanwhile: say so before replacing it as the latest.
        let revisions = store.audits(checklist: checklist.id, unit: draft.unit).records.map(\.record)
        if let latest = UnitStanding.latest(revisions, unit: draft.unit, checklist: checklist.id), latest.id != draft.previous {
            say(t(AuditText.newerRevision(by: latest.by.name, date: latest.createdAt.shortDescription)), style.warn)
        }
        guard confirm(t(AuditText.confirmSave), default: true) == true else { return false }
        let time = now()
        // The revision takes the draft's id: a draft whose save went through just before
        // a crash is recognised when it is continued, instead of being stored twice.
        var revision = draft.revision(id: draft.id, at: time)
        let existing = store.audits(checklist: checklist.id, unit: draft.unit).records.first { $0.record.id == draft.id }?.record
        if let existing, existing.entries != revision.entries {
            // Continued and changed after that save: a revision of its own, on top of it.
            revision = draft.revision(id: ids.makeID(at: time), at: time)
            revision.previous = existing.id
        }
        do {
            if existing?.entries != revision.entries || existing?.id != revision.id {
                try store.save(revision)
            }
            try? store.removeProgress(trainee: draft.by, name: ResultStore.auditDraftName(checklist.id))
            say(t(AuditText.saved(revision.id)), style.good)
            return true
        } catch .exists {
            try? store.removeProgress(trainee: draft.by, name: ResultStore.auditDraftName(checklist.id))
            say(t(AuditText.saved(revision.id)), style.good)
            return true
        } catch {
            say(t(ShellText.attemptNotSaved(reason: error)), style.bad)
            say(t(AuditText.draftKept))
            unsaved.append(PendingRecord(describe: t(AuditText.pendingRevision(checklist: checklist.id, unit: draft.unit))) { store throws(FileSystemError) in
                try store.save(revision)
            })
            return false
        }
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

    /// `2020-08-01`, `2020/8/1`, or `+30` (days from today).
    static func date(_ text: String, today: LocalDate) -> LocalDate? {
        if text.hasPrefix("+"), let days = Int(text.dropFirst()), (0...3650).contains(days) { return today.adding(days: days) }
        return LocalDate(parsing: text)
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
                parts.append(AuditText.doneLabel(date: done.date.description, evidence: done.evidence).text(in: language))
            }
        }
        return parts.joined(separator: ReportText.reasonSeparator.text(in: language))
    }
}

extension String {
    /// Nil for an empty string (a field not yet typed).
    var nonEmpty: String? { isEmpty ? nil : self }
}
