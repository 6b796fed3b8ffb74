/// What the shell says about naming courses, the answer sheet, progress and who may see what.
public enum TraineeText: CatalogueMessage {
    case ambiguousCourse(String, candidates: String)
    case courseCandidate(title: String, id: String)
    case severalToResume(quizzes: String, reviews: String)
    case refused(ShellAccess.Refusal)
    case answerSheetTitle(answered: Int, total: Int, flagged: Int)
    case answerSheetLegend
    case answerSheetPrompt(Int)
    case flagged(Int), unflagged(Int)
    case noSuchQuestion(Int, total: Int)
    case flaggedList(String)
    case studyResumed(page: Int, of: Int)
    case colLessonsRead
    case colFirstPassRate, colAttemptsToPass
    case retakeWait(until: String, minutes: Int)
    case confirmSubmitNaming(total: Int, unanswered: String, flagged: String)

    public func text(in l: Language) -> String {
        switch self {
        case .ambiguousCourse(let text, let candidates):
            return l.pick("“\(text)”可以指多门课程：\(candidates)。请多输入几个字。", "“\(text)” could be several courses: \(candidates). Type a little more.")
        case .severalToResume(let quizzes, let reviews):
            var lines: [String] = []
            if !quizzes.isEmpty { lines.append(l.pick("未完成的测验：\(quizzes)（resume 课程）", "Unfinished quizzes: \(quizzes) (resume COURSE)")) }
            if !reviews.isEmpty { lines.append(l.pick("未完成的错题练习：\(reviews)（resume review 课程）", "Unfinished reviews: \(reviews) (resume review COURSE)")) }
            return lines.joined(separator: "\n")
        case .refused(.notSignedIn):
            return l.pick("请先登录（login）。", "Sign in first (login).")
        case .refused(.officeOnly):
            return l.pick("这份报表由政务公开办在命令行查看（gongkai report …）。你的成绩请用 courses 和 history 查看。",
                "This report is for the disclosure office, on the command line (gongkai report …). See your own scores with courses and history.")
        case .refused(.notContact(let unit)):
            return l.pick("只有本单位联络员可以查看单位 \(unit) 的签到、完成情况和自查（见花名册 contacts）。",
                "Only the unit's contacts may see \(unit)'s attendance, completion and self-audit (roster: contacts).")
        case .refused(.otherUnit(let unit)):
            return l.pick("只能查看本单位的情况，不能查看单位 \(unit)。", "You can see your own unit only, not \(unit).")
        case .answerSheetTitle(let a, let n, let f):
            return l.pick("答题卡：已答 \(a)/\(n) 题，标记 \(f) 题", "Answer sheet: \(a) of \(n) answered, \(f) flagged")
        case .answerSheetLegend:
            return l.pick("✓ 已答　○ 未答　⚑ 已标记　▶ 当前题", "✓ answered  ○ unanswered  ⚑ flagged  ▶ current")
        case .answerSheetPrompt(let n):
            return l.pick("输入题号（1–\(n)）跳到该题，回车继续：", "Question number (1–\(n)) to go to it, Enter to go on: ")
        case .flagged(let n): return l.pick("已标记第 \(n) 题，交卷前会提醒你（再输入 flag 取消）。", "Question \(n) flagged; you will be reminded before submitting (flag again to unflag).")
        case .unflagged(let n): return l.pick("已取消第 \(n) 题的标记。", "Question \(n) unflagged.")
        case .studyResumed(let page, let of): return l.pick("从上次读到的地方继续：第 \(page)/\(of) 页（输入页码可跳转，1 回到开头）。", "Continuing where you left off: page \(page) of \(of) (type a page number to jump, 1 for the start).")
        case .colLessonsRead: return l.pick("已读", "Read")
        case .colFirstPassRate: return l.pick("首次通过率", "First-attempt pass rate")
        case .colAttemptsToPass: return l.pick("平均几次通过", "Attempts to pass")
        case .retakeWait(let until, let minutes): return l.pick("两次测验之间须间隔 \(minutes) 分钟：请在 \(until) 之后再开始。", "Attempts must be \(minutes) minutes apart: start again after \(until).")
        case .flaggedList(let list): return l.pick("已标记待检查：第 \(list) 题。", "Flagged to check: \(list).")
        case .noSuchQuestion(let n, let total): return l.pick("没有第 \(n) 题：本次共 \(total) 题。", "There is no question \(n): this quiz has \(total).")
        case .confirmSubmitNaming(let total, let unanswered, let flagged):
            var parts = [l.pick("共 \(total) 题", "\(total) questions")]
            if !unanswered.isEmpty { parts.append(l.pick("未作答：第 \(unanswered) 题（记 0 分）", "unanswered: \(unanswered) (score 0)")) }
            if !flagged.isEmpty { parts.append(l.pick("已标记：第 \(flagged) 题", "flagged: \(flagged)")) }
            return parts.joined(separator: l.pick("；", "; ")) + l.pick("。确认交卷吗？（n 打开答题卡）", ". Submit? (n opens the answer sheet)")
        case .courseCandidate(let title, let id):
            return l.pick("\(title)（\(id)）", "\(title) (\(id))")
        }
    }
}
