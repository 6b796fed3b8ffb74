/// What the shell says about naming courses, the answer sheet, progress and who may see what.
public enum TraineeText: CatalogueMessage {
    case ambiguousCourse(String, candidates: String)
    case courseCandidate(title: String, id: String)
    case severalToResume(quizzes: String, reviews: String)
    case refused(ShellAccess.Refusal)

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
        case .courseCandidate(let title, let id):
            return l.pick("\(title)（\(id)）", "\(title) (\(id))")
        }
    }
}
