/// The self-audit papers: one unit's filled-in checklist, the rectification list, notices.
public enum AuditPaperText: CatalogueMessage {
    case paperSubtitle(unit: String, id: String, version: Int, by: String, date: String)
    case paperVersionDiffers(used: Int, current: Int)
    case paperNoRevision(String)
    case sectionItems, sectionEvents, sectionRectifications
    case colNumber, colItem, colResult, colNote, colEvidence, colAction, colOwner, colDeadline, colDone, colChangedBy
    case colUnitID, colUnitName, colTime, colEvent, colPerson, colDaysOverdue, colDoneDate
    case state(RectificationState)
    case doneCell(date: String, evidence: String, by: String)
    case signFiller, signHead, signDate
    case figClosedOnTime, figClosedLate, figNotices
    case noticeTitle(String)
    case noticeTo(String)
    case noticeBody(date: String, checklist: String, version: Int, by: String, open: Int, overdue: Int)
    case noticeAsk
    case signOffice
    case noNotices
    case lateBy(Int)
    case noSuchUnit(String)
    case fork(unit: String, heads: [(id: String, by: String, at: String)])

    public func text(in l: Language) -> String {
        switch self {
        case .paperSubtitle(let u, let id, let v, let by, let d):
            return l.pick("\(u)（\(id)）· 自查表第 \(v) 版 · 填表人 \(by) · \(d)", "\(u) (\(id)) · checklist version \(v) · filled in by \(by) · \(d)")
        case .paperVersionDiffers(let used, let current):
            return l.pick("本次自查按第 \(used) 版自查表填写，现行为第 \(current) 版。", "Filled in against checklist version \(used); the current version is \(current).")
        case .paperNoRevision(let u): return l.pick("\(u) 尚未提交自查表。", "\(u) has not submitted a self-audit.")
        case .sectionItems: return l.pick("自查结果", "Items")
        case .sectionEvents: return l.pick("整改经过", "Rectification history")
        case .sectionRectifications: return l.pick("整改事项", "Rectifications")
        case .colNumber: return l.pick("序号", "No.")
        case .colItem: return l.pick("检查项目", "Item")
        case .colResult: return l.pick("结果", "Result")
        case .colNote: return l.pick("备注", "Note")
        case .colEvidence: return l.pick("佐证", "Evidence")
        case .colAction: return l.pick("整改措施", "Action")
        case .colOwner: return l.pick("责任人", "Owner")
        case .colDeadline: return l.pick("完成期限", "Deadline")
        case .colDone: return l.pick("整改完成情况", "Done")
        case .colChangedBy: return l.pick("填写人", "Entered by")
        case .colUnitID: return l.pick("单位编号", "Unit ID")
        case .colUnitName: return l.pick("单位", "Unit")
        case .colTime: return l.pick("时间", "Time")
        case .colEvent: return l.pick("事项", "Event")
        case .colPerson: return l.pick("人员", "By")
        case .colDaysOverdue: return l.pick("逾期天数", "Days overdue")
        case .colDoneDate: return l.pick("完成日期", "Done on")
        case .state(let s):
            switch s {
            case .open: return l.pick("未到期", "open, not yet due")
            case .overdue: return l.pick("已逾期", "overdue")
            case .closedOnTime: return l.pick("按期完成", "done on time")
            case .closedLate: return l.pick("逾期完成", "done late")
            }
        case .doneCell(let d, let e, let by):
            let who = by.isEmpty ? "" : l.pick("；确认人 \(by)", "; confirmed by \(by)")
            return l.pick("\(d) 完成（佐证：\(e)\(who)）", "done \(d) (evidence: \(e)\(who))")
        case .signFiller: return l.pick("填表人（签字）：", "Filled in by (signature): ")
        case .signHead: return l.pick("单位负责人（签字）：", "Head of unit (signature): ")
        case .signDate: return l.pick("日期：", "Date: ")
        case .figClosedOnTime: return l.pick("按期完成整改", "Rectifications done on time")
        case .figClosedLate: return l.pick("逾期完成整改", "Rectifications done late")
        case .figNotices: return l.pick("需发通知的单位", "Units to notify")
        case .noticeTitle(let u): return l.pick("整改通知 · \(u)", "Rectification notice · \(u)")
        case .noticeTo(let u): return l.pick("\(u)：", "To \(u):")
        case .noticeBody(let d, let c, let v, let by, let open, let overdue):
            let late = overdue > 0 ? l.pick("，其中 \(overdue) 项已超过完成期限", ", \(overdue) of them past their deadline") : ""
            return l.pick(
                "你单位于 \(d) 提交的《\(c)》（第 \(v) 版，\(by) 填写）中，下列 \(open) 项整改尚未完成\(late)。",
                "In the self-audit '\(c)' (version \(v)) your unit submitted on \(d) (filled in by \(by)), \(open) rectification\(open == 1 ? " is" : "s are") not yet done\(late).")
        case .noticeAsk:
            return l.pick(
                "请抓紧落实整改，逾期事项请立即整改；完成后在 gongkai 中标记整改完成（填写完成日期、佐证和确认人），并将整改情况报县政务公开办。",
                "Please complete them (overdue ones at once), mark each done in gongkai with its date, evidence and who confirms it, and report to the county disclosure office.")
        case .signOffice: return l.pick("县政务公开办（盖章）：", "County disclosure office (seal): ")
        case .noNotices: return l.pick("没有需要发送整改通知的单位：所有单位的整改均已完成。", "No unit needs a notice: every rectification is done.")
        case .lateBy(let n): return l.pick("逾期 \(n) 天", "\(n) day\(n == 1 ? "" : "s") overdue")
        case .noSuchUnit(let u): return l.pick("花名册和记录中都没有单位“\(u)”。", "There is no unit '\(u)' in the roster or the records.")
        case .fork(let unit, let heads):
            let list = heads.map { l.pick("\($0.id)（\($0.by)，\($0.at)）", "\($0.id) (\($0.by), \($0.at))") }.joined(separator: l.pick("、", ", "))
            return l.pick(
                "\(unit) 的自查记录出现分叉：修订 \(list) 是分别在同一份记录上修改的（多台电脑的记录合并所致），哪一份为准需由本单位核实后在其上再保存一次。在此之前按链条最长、时间最晚的一份统计。",
                "\(unit)'s self-audit has forked: revisions \(list) were each made from the same state (records merged from several PCs). The unit must check which stands and save once more on top of it; until then the longest, latest one is counted.")
        }
    }
}
