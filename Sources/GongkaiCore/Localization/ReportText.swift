/// Everything reports, regrade and the report command line say.
public enum ReportText: CatalogueMessage {
    case title(Report.Kind)
    case generatedAt(String)
    case sessionLine(title: String, id: String, date: String)
    case allSessions
    case filterUnit(String), filterCourse(String)
    case filterDates(String, String)
    case checklistLine(String, version: Int)
    case noSession, noChecklist
    case unknownSession(String)
    case skippedNote(Int)
    case tamperedNote(Int, String)
    case duplicatesNote(Int)
    case unitKind(Unit.Kind)
    case listSeparator, reasonSeparator
    case total, yes, no, complete, incomplete, overdue, notYetDue
    case auditMissing, auditDone
    case auditIncomplete(Int)
    case questionRemoved
    case flagHint(ItemStatistics.Flag)
    case itemsMethod(Int)
    case summaryHeading, notesHeading, chartsHeading
    case figureLine(String, String)

    // Figures
    case figUnits, figExpected, figSignedIn, figMissing, figUnitsFull, figPeople, figAttempts, figMeanBest, figPassRate
    case figComplete, figIncomplete, figCompletionRate, figSubmitted, figOpen, figOverdue, figQuestions, figFlagged

    // Sections, columns, charts
    case sectionByUnit, sectionPeople, sectionUnits, sectionCourses, sectionOpen, sectionItems
    case colUnit, colKind, colExpected, colSignedIn, colMissing, colAttendees, colName, colCourse, colBest, colAttempts
    case colPassed, colLast, colParticipants, colMeanBest, colPassRate, colPassedAll, colAudit, colOverdue, colStatus
    case colReasons, colLatest, colBy, colPass, colFail, colNA, colUnanswered, colOpen, colItem, colAction, colOwner
    case colDeadline, colQuestionID, colQuestion, colAnswered, colFacility, colDiscrimination, colCommonWrong, colHint
    case chartAttendance, chartPassRate, chartPassRateAll, chartCompletion, chartCompliance, chartFacility

    // Command line
    case skippedWarning(path: String, reason: String)
    case tamperedWarning(path: String)
    case undigestedWarning(path: String)
    case skippedSummary(Int)
    case strictFailed(Int)
    case written(String)
    case cannotWrite(String, String)
    case badDate(String)
    case unknownFormat(String)

    // Regrade
    case regradeNothing
    case regradeHeader(Int, dryRun: Bool)
    case regradeLine(id: String, name: String, course: String, from: String, to: String, passFrom: Bool, passTo: Bool)
    case regradeDone(written: Int, failed: Int)
    case regradeDryRunHint
    case regradeQuestionRemoved(course: String, question: String)
    case regradeUnknownCourse(String)
    case regradeRefused(String)
    case regradeConflict(attempt: String, regradings: String)

    public func text(in l: Language) -> String {
        switch self {
        case .title(let kind):
            switch kind {
            case .attendance: return l.pick("培训签到情况", "Attendance")
            case .scores: return l.pick("测验成绩", "Scores")
            case .completion: return l.pick("各单位培训完成情况", "Unit completion")
            case .audits: return l.pick("专栏自查与整改情况", "Self-audits and rectifications")
            case .items: return l.pick("题目质量分析", "Item analysis")
            case .notices: return l.pick("整改通知", "Rectification notices")
            case .signin, .certificates, .transcript: return PaperText.title(kind).text(in: l)
            }
        case .generatedAt(let t): return l.pick("生成时间：\(t)", "Generated: \(t)")
        case .sessionLine(let title, let id, let date): return l.pick("\(title)（\(date)，\(id)）", "\(title) (\(date), \(id))")
        case .allSessions: return l.pick("全部场次", "all sessions")
        case .filterUnit(let u): return l.pick("单位：\(u)", "unit: \(u)")
        case .filterCourse(let c): return l.pick("课程：\(c)", "course: \(c)")
        case .filterDates(let a, let b): return l.pick("日期：\(a) 至 \(b)", "dates: \(a) to \(b)")
        case .checklistLine(let c, let v): return l.pick("\(c)（第 \(v) 版）", "\(c) (version \(v))")
        case .noSession: return l.pick("花名册中没有培训场次，无法按场次统计。", "The roster has no sessions to report on.")
        case .noChecklist: return l.pick("没有可用的自查表。", "No checklist is available.")
        case .unknownSession(let s): return l.pick("花名册中没有场次“\(s)”，按记录中的场次编号统计。", "Session '\(s)' is not in the roster; counting records with that id.")
        case .skippedNote(let n): return l.pick("有 \(n) 条记录无法读取，已跳过（详见标准错误输出）。", "\(counted(n, "record")) could not be read and \(n == 1 ? "was" : "were") skipped (see standard error).")
        case .tamperedNote(let n, let list): return l.pick("有 \(n) 条记录的内容与其摘要不符，可能被手工修改过：\(list)", "\(counted(n, "record")) no longer \(n == 1 ? "matches its" : "match their") digest and may have been edited by hand: \(list)")
        case .duplicatesNote(let n): return l.pick("合并时发现 \(n) 条重复记录，已按同一条计算。", "\(n) duplicate records were merged and counted once.")
        case .unitKind(let k):
            switch k {
            case .township: return l.pick("乡镇", "township")
            case .department: return l.pick("部门", "department")
            case .other: return l.pick("其他", "other")
            }
        case .listSeparator: return l.pick("、", ", ")
        case .reasonSeparator: return l.pick("；", "; ")
        case .total: return l.pick("合计", "Total")
        case .yes: return l.pick("是", "yes")
        case .no: return l.pick("否", "no")
        case .complete: return l.pick("已完成", "complete")
        case .incomplete: return l.pick("未完成", "incomplete")
        case .overdue: return l.pick("已逾期", "overdue")
        case .notYetDue: return l.pick("未到期", "not yet due")
        case .auditMissing: return l.pick("未提交", "not submitted")
        case .auditDone: return l.pick("已完成", "done")
        case .auditIncomplete(let n): return l.pick("缺 \(n) 项", "\(counted(n, "item")) missing")
        case .questionRemoved: return l.pick("（已从课程删除）", "(removed from the course)")
        case .flagHint(let f):
            switch f {
            case .tooHard: return l.pick("答对率低于20%：请核对答案是否标错，或题干、选项是否有歧义。", "Under 20% correct: check the key, and the wording of the question and options.")
            case .tooEasy: return l.pick("答对率高于95%：题目可能过于简单，可考虑修改干扰项。", "Over 95% correct: probably too easy; consider better distractors.")
            case .negativeDiscrimination: return l.pick("区分度为负：总分高的学员反而更易答错，常见原因是答案标错或题干有歧义。", "Negative discrimination: stronger trainees miss it more often, usually a wrong key or an ambiguous question.")
            }
        case .itemsMethod(let n):
            return l.pick("答对率 = 得满分的比例；区分度 = 该题得分与其余题目得分率的相关系数（-1 到 1，越高越好）。作答少于 \(n) 次的题目不做提示。", "Facility = share with full marks; discrimination = correlation of the item score with the rest-of-test score (−1 to 1, higher is better). Questions answered fewer than \(n) times are not flagged.")
        case .summaryHeading: return l.pick("概况", "Summary")
        case .notesHeading: return l.pick("说明", "Notes")
        case .chartsHeading: return l.pick("图表", "Charts")
        case .figureLine(let label, let value): return l.pick("\(label)：\(value)", "\(label): \(value)")

        case .figUnits: return l.pick("单位数", "Units")
        case .figExpected: return l.pick("应到人数", "Expected")
        case .figSignedIn: return l.pick("实到人数", "Signed in")
        case .figMissing: return l.pick("缺席人数", "Missing")
        case .figUnitsFull: return l.pick("全员到齐的单位", "Units at full strength")
        case .figPeople: return l.pick("参加测验人数", "People tested")
        case .figAttempts: return l.pick("测验次数", "Attempts")
        case .figMeanBest: return l.pick("平均最高分", "Mean best score")
        case .figPassRate: return l.pick("通过率", "Pass rate")
        case .figComplete: return l.pick("已完成单位", "Units complete")
        case .figIncomplete: return l.pick("未完成单位", "Units incomplete")
        case .figCompletionRate: return l.pick("完成率", "Completion rate")
        case .figSubmitted: return l.pick("已提交自查", "Self-audits submitted")
        case .figOpen: return l.pick("待整改", "Open rectifications")
        case .figOverdue: return l.pick("逾期整改", "Overdue")
        case .figQuestions: return l.pick("有作答的题目", "Questions answered")
        case .figFlagged: return l.pick("需复核的题目", "Questions to review")

        case .sectionByUnit: return l.pick("各单位情况", "By unit")
        case .sectionPeople: return l.pick("个人成绩（每人每门课程的最好成绩）", "By person and module (best attempt)")
        case .sectionUnits: return l.pick("各单位各课程汇总", "By unit and module")
        case .sectionCourses: return l.pick("各课程汇总", "By module")
        case .sectionOpen: return l.pick("待整改事项", "Open rectifications")
        case .sectionItems: return l.pick("各题统计", "By question")
        case .colUnit: return l.pick("单位", "Unit")
        case .colKind: return l.pick("类型", "Kind")
        case .colExpected: return l.pick("应到", "Expected")
        case .colSignedIn: return l.pick("实到", "Signed in")
        case .colMissing: return l.pick("缺", "Missing")
        case .colAttendees: return l.pick("签到人员", "Attendees")
        case .colName: return l.pick("姓名", "Name")
        case .colCourse: return l.pick("课程", "Module")
        case .colBest: return l.pick("最高分", "Best")
        case .colAttempts: return l.pick("次数", "Attempts")
        case .colPassed: return l.pick("通过", "Passed")
        case .colLast: return l.pick("最近一次", "Last attempt")
        case .colParticipants: return l.pick("人数", "People")
        case .colMeanBest: return l.pick("平均最高分", "Mean best")
        case .colPassRate: return l.pick("通过率", "Pass rate")
        case .colPassedAll: return l.pick("全部通过", "Passed all")
        case .colAudit: return l.pick("自查", "Self-audit")
        case .colOverdue: return l.pick("逾期", "Overdue")
        case .colStatus: return l.pick("状态", "Status")
        case .colReasons: return l.pick("未完成原因", "Why not complete")
        case .colLatest: return l.pick("最新修订", "Latest revision")
        case .colBy: return l.pick("填写人", "By")
        case .colPass: return l.pick("符合", "Meet")
        case .colFail: return l.pick("不符合", "Fail")
        case .colNA: return l.pick("不适用", "N/A")
        case .colUnanswered: return l.pick("未填", "Unanswered")
        case .colOpen: return l.pick("待整改", "Open")
        case .colItem: return l.pick("自查项", "Item")
        case .colAction: return l.pick("整改措施", "Action")
        case .colOwner: return l.pick("责任人", "Owner")
        case .colDeadline: return l.pick("期限", "Deadline")
        case .colQuestionID: return l.pick("题号", "Question")
        case .colQuestion: return l.pick("题目", "Prompt")
        case .colAnswered: return l.pick("作答", "Answered")
        case .colFacility: return l.pick("答对率", "Facility")
        case .colDiscrimination: return l.pick("区分度", "Discrimination")
        case .colCommonWrong: return l.pick("最常见错误答案", "Most chosen wrong answer")
        case .colHint: return l.pick("提示", "Hint")
        case .chartAttendance: return l.pick("各单位到会率", "Attendance by unit")
        case .chartPassRate: return l.pick("各单位测验通过率", "Pass rate by unit")
        case .chartCompletion: return l.pick("各单位完成进度（签到、全部通过、自查、无逾期整改四项要求；实心条为已完成）", "Completion by unit (attendance, all passed, self-audit, nothing overdue; solid bar = complete)")
        case .chartPassRateAll: return l.pick("各单位应训人员全部课程通过率", "Share of each unit's staff who passed every module")
        case .chartCompliance: return l.pick("各单位自查符合率", "Self-audit compliance by unit")
        case .chartFacility: return l.pick("各题答对率", "Facility by question")

        case .skippedWarning(let path, let reason): return l.pick("警告：跳过 \(path)：\(reason)", "warning: skipped \(path): \(reason)")
        case .undigestedWarning(let path): return l.pick("警告：\(path) 缺少摘要（gongkai 写的记录都有），可能是手工制作或修改的", "warning: \(path) has no digest (gongkai always writes one); it may have been made or edited by hand")
        case .tamperedWarning(let path): return l.pick("警告：\(path) 的内容与摘要不符，可能被手工修改", "warning: \(path) does not match its digest; it may have been edited by hand")
        case .skippedSummary(let n): return l.pick("共跳过 \(n) 条无法使用的记录。", "\(counted(n, "record")) \(n == 1 ? "was" : "were") skipped.")
        case .strictFailed(let n): return l.pick("--strict：有 \(n) 条记录无法读取或被修改，报表未生成。", "--strict: \(counted(n, "record")) \(n == 1 ? "is" : "are") unreadable or modified; no report produced.")
        case .written(let p): return l.pick("已写入 \(p)", "Wrote \(p)")
        case .cannotWrite(let p, let r): return l.pick("无法写入 \(p)：\(r)", "cannot write \(p): \(r)")
        case .badDate(let d): return l.pick("日期“\(d)”无效，应为 YYYY-MM-DD", "'\(d)' is not a date (YYYY-MM-DD)")
        case .unknownFormat(let f): return l.pick("未知格式“\(f)”，可用 table、csv、json、html、md、xlsx", "unknown format '\(f)'; use table, csv, json, html, md or xlsx")

        case .regradeNothing: return l.pick("没有需要重新评分的测验记录：所有成绩都与现行答案一致。", "Nothing to regrade: every stored score matches the current answer keys.")
        case .regradeHeader(let n, let dry):
            return dry ? l.pick("按现行答案重新评分，以下 \(n) 份成绩会改变（试运行，未写入）：", "Regrading against the current keys would change \(counted(n, "attempt")) (dry run, nothing written):")
                : l.pick("按现行答案重新评分，以下 \(n) 份成绩已改变：", "Regraded against the current keys; \(counted(n, "attempt")) changed:")
        case .regradeLine(let id, let name, let course, let from, let to, let pf, let pt):
            let pass = pf == pt ? "" : l.pick("（\(pf ? "通过" : "未通过") → \(pt ? "通过" : "未通过")）", " (\(pf ? "passed" : "failed") → \(pt ? "passed" : "failed"))")
            return "\(id)  \(name)  \(course)  \(from) → \(to)\(pass)"
        case .regradeDone(let w, let f): return l.pick("已写入 \(w) 条新记录（取代旧记录，旧文件保留），失败 \(f) 条。", "Wrote \(w) new records (superseding the old ones, which are kept); \(f) failed.")
        case .regradeDryRunHint: return l.pick("确认无误后，去掉 --dry-run 再运行一次以写入。", "Run again without --dry-run to write them.")
        case .regradeQuestionRemoved(let c, let q): return l.pick("注意：题目 \(c)/\(q) 已从课程删除，该题不再计分。", "note: question \(c)/\(q) was removed from the course and no longer counts.")
        case .regradeRefused(let p): return l.pick("拒绝重新评分：\(p) 的内容与其摘要不符（被改动过），不会为它写新记录。", "refused: \(p) no longer matches its digest (edited); no new record is written for it.")
        case .regradeConflict(let a, let r): return l.pick("冲突：测验记录 \(a) 有多条不同的重新评分记录（\(r)），请核对后删除多余的一条；此前不再重新评分。", "conflict: attempt \(a) has more than one different regrading (\(r)); check and remove the extra one. It is not regraded until then.")
        case .regradeUnknownCourse(let c): return l.pick("注意：课程 \(c) 不在课程目录中，其记录未重新评分。", "note: course \(c) is not in the course folder; its attempts were not regraded.")
        }
    }
}
