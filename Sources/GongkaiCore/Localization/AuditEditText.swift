/// What the self-audit says about item edits, rectifications, dates and the unit's draft.
public enum AuditEditText: CatalogueMessage {
    case unitDraftFound(answered: Int, total: Int, by: String, at: String)
    case draftChangedMeanwhile
    case draftUnreadable(String)
    case legacyDraftAdopted(by: String)
    case interruptedEdit(item: Int, by: String)
    case continueEdit
    case editDropped(item: Int)
    case editHeld(item: Int)
    case draftTakenOver(by: String?, rescuedTo: String?)
    case lastChanged(by: String, at: String)
    case changedByMark(String)
    case refused(AuditEditError)
    case keptOpen
    case doneByPrompt
    case deadlinePrompt(example: String)
    case badDate(String, DateInput.Problem, example: String)
    case saveRefused
    case problem(AuditProblem, itemText: String)
    case doneLabel(date: String, evidence: String, by: String)
    case event(RectificationEvent, rectification: Rectification)
    /// The event without its time and person (they have columns of their own on the paper).
    case eventWhat(RectificationEvent, rectification: Rectification)
    case rectificationHistoryHeader
    case rectificationTitle(item: Int, text: String, action: String)
    case unitDraftPending(checklist: String, answered: Int, total: Int, by: String)
    case selfStudy
    case typedSoFar(String)

    public func text(in l: Language) -> String {
        switch self {
        case .unitDraftFound(let a, let n, let by, let at):
            return l.pick(
                "本单位有一份未完成的自查表（已填 \(a)/\(n) 项，最后由 \(by) 于 \(at) 修改）。",
                "Your unit has an unfinished self-audit (\(a)/\(n) items; last changed by \(by) at \(at)).")
        case .draftChangedMeanwhile:
            return l.pick(
                "本单位的自查草稿刚刚被另一位联络员修改过，没有放弃。请重新输入 audit 查看。",
                "Another contact of your unit has just changed the draft; nothing was discarded. Type audit again to see it.")
        case .draftUnreadable(let reason):
            return l.pick("本单位的自查草稿无法读取（\(reason)）。", "Your unit's self-audit draft cannot be read (\(reason)).")
        case .legacyDraftAdopted(let by):
            return l.pick("已接续 \(by) 此前保存的自查草稿，本单位联络员共用这一份。", "Continuing the draft \(by) kept earlier; all contacts of the unit now share it.")
        case .interruptedEdit(let i, let by):
            return l.pick(
                "第 \(i) 项的修改（\(by)）没有完成，该项仍保持修改前的样子，已输入的内容另存在草稿中。",
                "The change to item \(i) (by \(by)) was not finished; the item is still as it was, and what was typed is kept in the draft.")
        case .continueEdit: return l.pick("接着修改这一项吗？（n 放弃这次修改）", "Continue that change? (n drops it)")
        case .editDropped(let i): return l.pick("第 \(i) 项未作修改，保持原样。", "Item \(i) was not changed.")
        case .editHeld(let i):
            return l.pick(
                "第 \(i) 项的修改尚未完成：该项保持原样，已输入的内容保留，下次输入 audit 可接着改。",
                "The change to item \(i) is not finished: the item stays as it was; what was typed is kept for the next audit.")
        case .draftTakenOver(let by, let rescued):
            let who = by.map { l.pick("（最后由 \($0) 修改）", " (last changed by \($0))") } ?? ""
            let kept = rescued.map { l.pick("本窗口的输入已另存到 \($0)。", "What was typed in this window was saved to \($0).") }
                ?? l.pick("本窗口的输入未能另存。", "What was typed in this window could not be saved elsewhere.")
            return l.pick(
                "本单位的自查草稿已在另一处被修改\(who)。为免覆盖对方的修改，本窗口不再保存它。\(kept)输入 audit 可接着对方的进度继续。",
                "Your unit's self-audit draft was changed elsewhere\(who). So as not to overwrite that, this window stops saving it. \(kept) Type audit to carry on from there.")
        case .lastChanged(let by, let at):
            return l.pick("最后修改：\(by)\(at.isEmpty ? "" : "，\(at)")", "Last changed by \(by)\(at.isEmpty ? "" : ", \(at)")")
        case .changedByMark(let by): return l.pick("（\(by)）", "(\(by))")
        case .refused(let error):
            switch error {
            case .required: return AuditText.fieldRequired.text(in: l)
            case .evidenceRequired: return AuditText.evidenceRequired.text(in: l)
            case .deadlineInPast(let today): return AuditText.deadlineInPast(today.description).text(in: l)
            case .doneInFuture(let today): return AuditText.dateInFuture(today.description).text(in: l)
            case .notEditing, .wrongStep: return l.pick("这一步现在不能填写。", "That cannot be entered now.")
            }
        case .keptOpen:
            return l.pick(
                "整改尚未完成：该项仍记为不符合，整改继续列入待整改（可修改措施、责任人和期限）。",
                "The rectification is not done: the item stays 'does not meet' and the rectification stays open (its action, owner and deadline may be changed).")
        case .doneByPrompt: return l.pick("整改完成确认人（姓名）> ", "Confirmed done by (name)> ")
        case .deadlinePrompt(let example):
            return l.pick("完成期限（如 \(example)，也可输入 +30、30天后、明天）> ", "Deadline (e.g. \(example), or +30, 30天后, 明天)> ")
        case .badDate(let text, let problem, let example):
            switch problem {
            case .unrecognised:
                return l.pick(
                    "“\(text)”不是可识别的日期。可输入 \(example)、\(String(example.map { $0 == "-" ? "/" : $0 }))、8月7日、明天、+30 或 30天后。",
                    "'\(text)' is not a date. Type \(example), \(String(example.map { $0 == "-" ? "/" : $0 })), 8月7日, 明天 (tomorrow), +30 or 30天后.")
            case .impossible(let year, let month, let day):
                guard let days = DateInput.days(inMonth: month, year: year) else {
                    return l.pick("“\(text)”不是真实的日期：没有 \(month) 月。", "'\(text)' is not a real date: there is no month \(month).")
                }
                let most = year == nil && month == 2 ? 29 : days
                let whose = year.map { l.pick("\($0) 年 \(month) 月", "\(month)/\($0)") } ?? l.pick("\(month) 月", "month \(month)")
                _ = day
                return l.pick("“\(text)”不是真实的日期：\(whose)只有 \(most) 天。请重新输入。", "'\(text)' is not a real date: \(whose) has only \(most) days. Try again.")
            case .tooFar:
                return l.pick("“\(text)”太远了：期限请在十年之内。", "'\(text)' is too far away: keep it within ten years.")
            }
        case .saveRefused:
            return l.pick("不能保存，以下各项还不完整（输入序号补填后再保存）：", "Cannot save; these items are incomplete (enter an item number to complete it, then save):")
        case .problem(let problem, let itemText):
            switch problem {
            case .evidenceMissing(let i):
                return l.pick("第 \(i + 1) 项「\(itemText)」：记为符合，但缺少必填的佐证。", "Item \(i + 1) '\(itemText)': meets the standard but its required evidence is empty.")
            case .rectificationIncomplete(let i, let missing):
                let names = missing.map { step -> String in
                    switch step {
                    case .action: return l.pick("整改措施", "action")
                    case .owner: return l.pick("责任人", "owner")
                    default: return l.pick("完成期限", "deadline")
                    }
                }.joined(separator: l.pick("、", ", "))
                return l.pick("第 \(i + 1) 项「\(itemText)」：不符合，缺少\(names)。", "Item \(i + 1) '\(itemText)': does not meet the standard and lacks \(names).")
            case .rectificationLeftOpen(let i):
                return l.pick(
                    "第 \(i + 1) 项「\(itemText)」：整改尚未标记完成，不能记为符合或不适用。",
                    "Item \(i + 1) '\(itemText)': its rectification is not marked done, so it cannot meet the standard or be n/a.")
            }
        case .doneLabel(let d, let e, let by):
            if by.isEmpty { return AuditText.doneLabel(date: d, evidence: e).text(in: l) }
            return l.pick("已于 \(d) 完成（佐证：\(e)；确认人：\(by)）", "done \(d) (evidence: \(e); confirmed by \(by))")
        case .event(let event, let r):
            let when = event.at.shortDescription
            let what = AuditEditText.eventWhat(event, rectification: r).text(in: l)
            return l.pick("\(when) \(event.by) \(what)", "\(when) \(event.by): \(what)")
        case .eventWhat(let event, let r):
            switch event.kind {
            case .opened:
                return l.pick("提出整改", "opened")
            case .changed:
                let parts = event.changes.map { change -> String in
                    let field: String
                    switch change.field {
                    case "action": field = l.pick("措施", "action")
                    case "owner": field = l.pick("责任人", "owner")
                    default: field = l.pick("期限", "deadline")
                    }
                    return "\(field) \(change.from) → \(change.to)"
                }.joined(separator: l.pick("；", "; "))
                return l.pick("修改整改：\(parts)", "changed \(parts)")
            case .closed:
                let done = r.done
                let late = r.closedLate == true ? l.pick("，逾期完成", ", late") : ""
                return l.pick(
                    "标记整改完成（完成日期 \(done?.date.description ?? "—")\(late)，确认人 \(done?.by ?? event.by)）",
                    "marked done (done \(done?.date.description ?? "—")\(late), confirmed by \(done?.by ?? event.by))")
            }
        case .rectificationHistoryHeader: return l.pick("整改经过：", "Rectifications:")
        case .rectificationTitle(let i, let text, let action):
            return l.pick("第 \(i) 项 \(text)：\(action)", "Item \(i) \(text): \(action)")
        case .unitDraftPending(let c, let a, let n, let by):
            return l.pick(
                "本单位有未完成的自查表 \(c)（已填 \(a)/\(n) 项，最后由 \(by) 修改），输入 audit 继续填写。",
                "Your unit has an unfinished self-audit \(c) (\(a)/\(n) items, last changed by \(by)); type audit to continue.")
        case .typedSoFar(let text): return l.pick("已输入（尚未确认）：\(text)", "Typed so far (not yet committed): \(text)")
        case .selfStudy:
            return l.pick("未签到培训场次（自学或只填自查表，不计入签到人数）。", "Not signed in for a session (self-study or self-audit only; not counted as attending).")
        }
    }
}
