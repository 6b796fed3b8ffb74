/// Everything the self-audit and unit views say.
public enum AuditText: CatalogueMessage {
    case unitNotInRoster(String)
    case draftFound(answered: Int, total: Int)
    case continueDraft, discardDraft, discarded, paused, leaveAudit
    case unknownChecklist(String, available: String)
    case noChecklists
    case nameChecklist(String)
    case title(String, unit: String)
    case updating(date: String, by: String)
    case intro(count: Int)
    case menuPrompt(Int)
    case menuHelp(Int)
    case itemHeader(Int, Int)
    case guidance(String)
    case current(String)
    case statusPrompt, statusHelp
    case status(AuditStatus)
    case keepHint(String)
    case openRectification(action: String, owner: String, deadline: String)
    case rectificationDoneQuestion
    case doneDatePrompt(today: String)
    case doneEvidencePrompt
    case rectificationClosed
    case notePrompt, evidenceRequiredPrompt, evidenceOptionalPrompt, evidenceRequired
    case actionPrompt, ownerPrompt, fieldRequired
    case deadlineInPast(String)
    case dateInFuture(String)
    case unanswered
    case overdueMark
    case rectificationLine(action: String, owner: String, deadline: String)
    case rectifiedOn(String)
    case counts(pass: Int, fail: Int, na: Int, unanswered: Int)
    case saveWithUnanswered(Int)
    case confirmSave
    case saved(String)
    case draftKept
    case pendingRevision(checklist: String, unit: String)
    case noRevisions
    case noSuchRevision(Int, Int)
    case revisionTitle(Int, date: String, by: String)
    case olderChecklistVersion(Int, Int)
    case colBy, colCounts, colOpen, colVersion
    case historyHint
    case noteLabel(String)
    case failNeedsRectification(String)
    case newerRevision(by: String, date: String)
    case deadlinePassed(String)
    case evidenceLabel(String)
    case doneLabel(date: String, evidence: String)

    // `unit`
    case unknownUnit(String)
    case noSession
    case unitTitle(unit: String, id: String, session: String, date: String)
    case attendance(expected: Int, signedIn: Int)
    case attendeesList(String)
    case modulesHeader
    case colName
    case auditNotRequired
    case auditNone
    case auditLatest(date: String, by: String, pass: Int, fail: Int, na: Int, unanswered: Int)
    case openHeader
    case openItem(item: String, action: String, owner: String, deadline: String)
    case complete
    case incomplete
    case reason(IncompleteReason, courseTitles: [String: String], itemTitles: [String: String])

    public func text(in l: Language) -> String {
        switch self {
        case .unitNotInRoster(let u): return l.pick("单位 \(u) 不在花名册中，无法填写自查表。", "Unit \(u) is not in the roster; cannot fill in a self-audit.")
        case .draftFound(let a, let n): return l.pick("你有一份未完成的自查表（已填 \(a)/\(n) 项）。", "You have an unfinished self-audit (\(a)/\(n) items).")
        case .continueDraft: return l.pick("继续填写吗？", "Continue it?")
        case .discardDraft: return l.pick("放弃未保存的修改吗？", "Discard the unsaved changes?")
        case .discarded: return l.pick("已放弃未保存的修改。", "Unsaved changes discarded.")
        case .paused: return l.pick("自查已暂停，已填写的内容已保存。再次输入 audit 继续。", "Self-audit paused; everything entered is kept. Type audit to continue.")
        case .leaveAudit: return l.pick("要暂停自查吗？已填写的内容已保存。", "Pause the self-audit? Everything entered is kept.")
        case .unknownChecklist(let c, let a): return l.pick("没有自查表“\(c)”。可用：\(a)", "There is no checklist '\(c)'. Available: \(a)")
        case .noChecklists: return l.pick("没有可用的自查表。", "No checklist is available.")
        case .nameChecklist(let a): return l.pick("请指定自查表：audit 编号（\(a)）", "Name a checklist: audit ID (\(a))")
        case .title(let c, let u): return l.pick("\(c) · \(u)", "\(c) · \(u)")
        case .updating(let d, let by):
            return l.pick("本单位最新一次自查：\(d)（\(by) 填写）。可修改任一项、标记整改完成，保存后生成新的修订记录。", "Latest self-audit of your unit: \(d) (by \(by)). Change any item or mark rectifications done; saving makes a new revision.")
        case .intro(let n):
            return l.pick("逐项检查本单位政府信息公开专栏，共 \(n) 项。每项选择 1 符合 / 2 不符合 / 3 不适用；不符合的须填写整改措施、责任人和完成期限。输入 back 返回上一项，quit 暂停（已填内容会保存）。", "Check your unit's disclosure column item by item (\(n) items): 1 meets / 2 does not meet / 3 not applicable; for 2, give the rectification, owner and deadline. back returns to the previous item, quit pauses (nothing is lost).")
        case .menuPrompt(let n): return l.pick("输入序号（1–\(n)）修改该项，save 保存，quit 暂停> ", "Item number (1–\(n)) to change, save, or quit> ")
        case .menuHelp(let n): return l.pick("请输入 1–\(n) 的序号修改该项，save 保存为新修订，quit 暂停，discard 放弃修改。", "Enter 1–\(n) to change an item, save to store a new revision, quit to pause, discard to drop changes.")
        case .itemHeader(let i, let n): return l.pick("第 \(i)/\(n) 项", "Item \(i)/\(n)")
        case .guidance(let g): return l.pick("检查方法：\(g)", "How to check: \(g)")
        case .current(let c): return l.pick("当前：\(c)", "Now: \(c)")
        case .statusPrompt: return l.pick("结果（1 符合 / 2 不符合 / 3 不适用）", "Result (1 meets / 2 does not / 3 n/a)")
        case .statusHelp: return l.pick("请输入 1（符合）、2（不符合）或 3（不适用）；back 返回上一项，quit 暂停。", "Enter 1 (meets), 2 (does not meet) or 3 (not applicable); back, quit.")
        case .status(let s):
            switch s {
            case .pass: return l.pick("符合", "meets")
            case .fail: return l.pick("不符合", "does not meet")
            case .notApplicable: return l.pick("不适用", "n/a")
            }
        case .keepHint(let v): return l.pick("［回车保留：\(v)］> ", " [Enter keeps: \(v)]> ")
        case .openRectification(let a, let o, let d): return l.pick("待整改：\(a)（责任人 \(o)，期限 \(d)）", "Open rectification: \(a) (owner \(o), due \(d))")
        case .rectificationDoneQuestion: return l.pick("这项整改已完成吗？", "Is this rectification done?")
        case .doneDatePrompt(let today): return l.pick("完成日期（回车为今天 \(today)）> ", "Date done (Enter for today, \(today))> ")
        case .doneEvidencePrompt: return l.pick("整改佐证（网址、文号或文件路径）> ", "Evidence of the fix (URL, document number or file path)> ")
        case .rectificationClosed: return l.pick("已标记整改完成，该项记为符合。", "Rectification marked done; the item now meets the standard.")
        case .notePrompt: return l.pick("备注（可留空）> ", "Note (optional)> ")
        case .evidenceRequiredPrompt: return l.pick("佐证（必填：网址、文号或文件路径）> ", "Evidence (required: URL, document number or file path)> ")
        case .evidenceOptionalPrompt: return l.pick("佐证（可留空：网址、文号或文件路径）> ", "Evidence (optional: URL, document number or file path)> ")
        case .evidenceRequired: return l.pick("这一项需要佐证，请填写网址、文号或文件路径。", "This item needs evidence: a URL, a document number or a file path.")
        case .actionPrompt: return l.pick("整改措施> ", "Rectification action> ")
        case .ownerPrompt: return l.pick("责任人> ", "Owner> ")
        case .fieldRequired: return l.pick("此项必填。", "This is required.")
        case .deadlineInPast(let today): return l.pick("期限不能早于今天（\(today)）。", "The deadline cannot be before today (\(today)).")
        case .dateInFuture(let today): return l.pick("完成日期不能晚于今天（\(today)）。", "The date done cannot be after today (\(today)).")
        case .unanswered: return l.pick("未填", "not answered")
        case .overdueMark: return l.pick("【已逾期】", " [OVERDUE]")
        case .rectificationLine(let a, let o, let d): return l.pick("整改：\(a)（责任人 \(o)，期限 \(d)）", "fix: \(a) (owner \(o), due \(d))")
        case .rectifiedOn(let d): return l.pick("已于 \(d) 整改完成", "rectified on \(d)")
        case .counts(let p, let f, let na, let u):
            return l.pick("符合 \(p) 项，不符合 \(f) 项，不适用 \(na) 项，未填 \(u) 项。", "\(p) meet, \(f) do not, \(na) n/a, \(u) not answered.")
        case .saveWithUnanswered(let n): return l.pick("还有 \(n) 项未填写，保存后本单位自查仍为未完成。", "\(counted(n, "item")) \(n == 1 ? "is" : "are") not answered; the unit's self-audit stays incomplete.")
        case .confirmSave: return l.pick("保存为新的自查修订记录吗？", "Save as a new self-audit revision?")
        case .saved(let id): return l.pick("自查表已保存（修订 \(id)）。", "Self-audit saved (revision \(id)).")
        case .draftKept: return l.pick("未能保存，已填写的内容仍在草稿中。", "Not saved; everything entered is still in the draft.")
        case .pendingRevision(let c, let u): return l.pick("\(u) 的自查表 \(c)", "self-audit \(c) of \(u)")
        case .noRevisions: return l.pick("本单位还没有自查记录。", "Your unit has no self-audit yet.")
        case .noSuchRevision(let i, let n): return l.pick("没有第 \(i) 次修订（共 \(n) 次）。", "There is no revision \(i) (there are \(n)).")
        case .revisionTitle(let i, let d, let by): return l.pick("第 \(i) 次修订 · \(d) · \(by) 填写", "Revision \(i) · \(d) · by \(by)")
        case .olderChecklistVersion(let old, let new): return l.pick("此次修订按第 \(old) 版自查表填写（现行第 \(new) 版）。", "This revision used checklist version \(old) (current: \(new)).")
        case .colBy: return l.pick("填写人", "By")
        case .colCounts: return l.pick("符合/不符合/不适用", "Meet/Fail/NA")
        case .colOpen: return l.pick("待整改", "Open")
        case .colVersion: return l.pick("版本", "Version")
        case .historyHint: return l.pick("输入 audit history 序号 查看某次修订的详情。", "Type audit history N to see one revision.")
        case .noteLabel(let n): return l.pick("备注：\(n)", "note: \(n)")
        case .failNeedsRectification(let items):
            return l.pick("第 \(items) 项为不符合，但还没有整改措施、责任人和期限。请输入序号补填后再保存。", "Items \(items) do not meet the standard but have no rectification (action, owner, deadline). Enter the item number to complete it, then save.")
        case .newerRevision(let by, let date):
            return l.pick("注意：你填写期间，\(by) 已于 \(date) 保存了本单位的新修订。保存后以你的这次修订为最新。", "Note: \(by) saved a newer revision for your unit at \(date) while you were editing. Saving makes yours the latest.")
        case .deadlinePassed(let d): return l.pick("原期限 \(d) 已过，请输入新的完成期限。", "The deadline \(d) has passed; enter a new one.")
        case .evidenceLabel(let e): return l.pick("佐证：\(e)", "evidence: \(e)")
        case .doneLabel(let d, let e): return l.pick("已于 \(d) 完成（佐证：\(e)）", "done \(d) (evidence: \(e))")

        case .unknownUnit(let u): return l.pick("花名册中没有单位“\(u)”。", "There is no unit '\(u)' in the roster.")
        case .noSession: return l.pick("花名册中没有培训场次。", "The roster has no sessions.")
        case .unitTitle(let u, let id, let s, let d): return l.pick("\(u)（\(id)）· \(s)（\(d)）", "\(u) (\(id)) · \(s) (\(d))")
        case .attendance(let e, let s): return l.pick("应到 \(e) 人，已签到 \(s) 人", "Expected \(e), signed in \(s)")
        case .attendeesList(let list): return l.pick("签到人员：\(list)", "Signed in: \(list)")
        case .modulesHeader: return l.pick("必修课程：", "Required modules:")
        case .colName: return l.pick("姓名", "Name")
        case .auditNotRequired: return l.pick("本场次不要求自查。", "This session requires no self-audit.")
        case .auditNone: return l.pick("自查：尚未提交", "Self-audit: not submitted")
        case .auditLatest(let d, let by, let p, let f, let na, let u):
            return l.pick("自查：最新修订 \(d)（\(by)），符合 \(p) / 不符合 \(f) / 不适用 \(na) / 未填 \(u)", "Self-audit: latest \(d) (\(by)): \(p) meet / \(f) fail / \(na) n/a / \(u) unanswered")
        case .openHeader: return l.pick("未完成整改：", "Open rectifications:")
        case .openItem(let i, let a, let o, let d): return l.pick("· \(i)：\(a)（责任人 \(o)，期限 \(d)）", "· \(i): \(a) (owner \(o), due \(d))")
        case .complete: return l.pick("结论：已完成", "Status: complete")
        case .incomplete: return l.pick("结论：未完成，原因：", "Status: not complete, because:")
        case .reason(let reason, let courses, let items):
            switch reason {
            case .tooFewAttendees(let e, let s): return l.pick("签到人数不足（应到 \(e)，实到 \(s)）", "too few signed in (\(s) of \(e))")
            case .notPassed(let name, let ids):
                let titles = ids.map { courses[$0] ?? $0 }.joined(separator: l.pick("、", ", "))
                return l.pick("\(name) 未通过：\(titles)", "\(name) has not passed: \(titles)")
            case .auditMissing: return l.pick("未提交自查表", "no self-audit submitted")
            case .auditUnanswered(let ids):
                let titles = ids.map { items[$0] ?? $0 }.joined(separator: l.pick("；", "; "))
                return l.pick("自查表有 \(ids.count) 项未填：\(titles)", "\(counted(ids.count, "self-audit item")) unanswered: \(titles)")
            case .rectificationOverdue(let item, let d, let owner):
                return l.pick("整改逾期：\(items[item] ?? item)（期限 \(d)，责任人 \(owner)）", "rectification overdue: \(items[item] ?? item) (due \(d), owner \(owner))")
            }
        }
    }
}
