/// Everything the interactive shell says.
public enum ShellText: CatalogueMessage {
    // Session
    case banner(version: String)
    case libraryLoaded(courses: Int, checklists: Int, units: Int, sessions: Int)
    case invalidFilesWarning(count: Int)
    case noRoster
    case goodbye
    case unknownCommand(String, suggestion: String?)
    case answerYesOrNo
    case loginFirst
    case unsavedOnQuit(count: Int)
    case quitAnyway
    case optionNeedsValue(String)
    case unknownOption(String)

    // Help
    case helpTitle, helpAnswers, helpKeys
    case helpHelp, helpLogin, helpWhoami, helpLogout, helpCourses, helpStudy, helpQuiz, helpResume, helpReview
    case helpHistory, helpAudit, helpUnit, helpReport, helpSave, helpQuit
    case helpDeadline

    // Login
    case resultsNotWritable(path: String, reason: FileSystemError)
    case welcome(name: String, unit: String)
    case unfinishedQuiz(course: String, id: String, answered: Int, total: Int)
    case unfinishedAudit(checklist: String)
    case askName, loginCancelled, nameEmpty
    case nameTooLong(limit: Int)
    case askUnitFree, askUnit
    case unknownUnit(String)
    case didYouMeanUnits(String)
    case unitKind(String)
    case unknownSession(String)
    case askSession(defaultID: String, title: String)
    case alreadySignedIn(session: String, date: String)
    case signedIn(session: String, date: String)
    case signInFailed(reason: FileSystemError)
    case pendingAttendance(session: String)
    case notLoggedIn, loggedOut
    case whoami(name: String, unit: String, unitID: String, session: String?)

    // Courses and history
    case noCourses, statusPassed, statusFailed, statusNotStarted, statusInProgress, statusInvalid, requiredMark
    case colID, colCourse, colQuestions, colStatus, colBest, colAttempts, colTime, colScore, colPercent, colResult
    case loginToSeeStatus, noHistory, kindReview
    case unknownCourse(String, suggestion: String?)
    case needCourseID(command: String)
    case courseInvalid(String, count: Int)

    // Study
    case noLessons(String)
    case pageOf(Int, Int)
    case studyFinished(id: String)
    case pagerPrompt
    case pagerHelp(Int)

    // Quiz
    case continueSaved, discardSaved
    case noAttemptsLeft(max: Int)
    case quizTitle(String, version: Int)
    case quizIntro(count: Int, points: String, pass: String, practice: Bool)
    case quizControls
    case auditDraftHint, nothingToResume
    case severalToResume(String)
    case progressUnreadable(RecordProblemMessage)
    case resumed(answered: Int, total: Int)
    case courseChangedSinceStart(saved: Int, current: Int)
    case questionRemoved(String)
    case reviewTitle(String, count: Int)
    case nothingToReview
    case progressNotSaved(reason: FileSystemError)
    case paused(id: String)
    case answerPrompt, leaveQuiz, atFirstQuestion
    case unanswered(String, count: Int)
    case submitOrGoBack
    case submitOrGoBackHelp(Int)
    case confirmSubmitWithOpen(Int)
    case confirmSubmit(Int)
    case questionHeader(number: Int, total: Int, type: QuestionType, points: String)
    case typeName(QuestionType)
    case previousAnswer(String)
    case correct(points: String), partlyCorrect(points: String), incorrect(points: String)
    case yourAnswer(String)
    case yourAnswerSkipped
    case correctAnswer(String)
    case redactReason(mark: String, line: Int, reason: String)
    case redactWrongLine(line: Int, text: String)
    case explanation(String)
    case source(String)
    case attemptNotSaved(reason: FileSystemError)
    case retryOrSave, keptInMemory, nothingUnsaved, saveNeedsPath
    case pendingAttempt(course: String, name: String)
    case savedElsewhere(String)
    case resultsTitle
    case reviewScore(score: String, percent: String)
    case scorePassed(score: String, percent: String, pass: String)
    case scoreFailed(score: String, percent: String, pass: String)
    case missedHeader(Int)
    case questionNumber(Int)
    case missedList(String)
    case reviewHint
    case unitLabel(name: String, id: String)
    case sessionLabel(title: String, date: String)
    case lessonPart(number: Int, title: String, part: Int)
    case truth(Bool)
    case noLines
    case answerLocked
    case pausedInMemory(id: String)
    /// Another shell continued, submitted or discarded this quiz's autosave.
    case progressTakenOver(id: String, rescuedTo: String?)
    case rosterInvalid
    case reportNotHere
    case reportWhilePaused
    case reportOutOutside(String)
    case reportUsage
    case rescued(String)
    case unsavedLost(count: Int)

    public func text(in l: Language) -> String {
        switch self {
        case .banner(let v):
            return l.pick("gongkai \(v) 政务公开业务培训 — 输入 help 查看命令，Tab 补全，Ctrl-D 退出", "gongkai \(v) disclosure training — type help for commands, Tab completes, Ctrl-D quits")
        case .libraryLoaded(let c, let k, let u, let s):
            return l.pick("已载入 \(c) 门课程、\(k) 张自查表、\(u) 个单位、\(s) 个培训场次。", "Loaded \(counted(c, "course")), \(counted(k, "checklist")), \(counted(u, "unit")), \(counted(s, "session")).")
        case .invalidFilesWarning(let n):
            return l.pick("注意：\(n) 个课程文件有错误，暂不可用。运行 gongkai validate 查看详情。", "Note: \(n) course files have errors and are unavailable. Run gongkai validate for details.")
        case .noRoster: return l.pick("注意：没有找到花名册 roster.yaml，登录时可输入任意单位。", "Note: no roster.yaml found; any unit name is accepted at login.")
        case .goodbye: return l.pick("再见。", "Goodbye.")
        case .unknownCommand(let c, let s):
            let hint = s.map { l.pick("是否想输入 \($0)？", " Did you mean \($0)?") } ?? ""
            return l.pick("未知命令“\(c)”。\(hint)输入 help 查看全部命令。", "Unknown command '\(c)'.\(hint) Type help for all commands.")
        case .answerYesOrNo: return l.pick("请输入 y（是）或 n（否）。", "Please answer y or n.")
        case .loginFirst: return l.pick("请先登录：login 姓名", "Please sign in first: login NAME")
        case .unsavedOnQuit(let n):
            return l.pick("还有 \(n) 份记录未能保存。可先用 save 路径 另存（如 U 盘）。", "\(counted(n, "record")) could not be saved. Use save PATH (e.g. a USB stick) first.")
        case .quitAnyway: return l.pick("仍要退出吗？未保存的记录将另存到本机的备用目录。", "Quit anyway? Unsaved records will be written to this computer's rescue folder.")
        case .optionNeedsValue(let o): return l.pick("选项 \(o) 后面需要一个值。", "Option \(o) needs a value.")
        case .unknownOption(let o): return l.pick("未知选项 \(o)。", "Unknown option \(o).")

        case .helpTitle: return l.pick("可用命令：", "Commands:")
        case .helpAnswers:
            return l.pick(
                "作答方式：选择题输入字母（A、ａ 均可；多选如 AC、a c、A,C、A、C）；判断题输入 对/错、T/F、Y/N 或 √/×；填空题直接输入文字；数值题输入数字；排序题按顺序输入全部字母；区分处理题输入应删除的行号。每题可输入 skip 跳过、back 返回上一题、quit 暂停。",
                "Answers: option letters in any case or width (several for multiple choice: AC, a c, A,C); T/F, Y/N, 对/错 or √/× for true/false; text for fill-in; a number for numeric; all letters in order for ordering; line numbers for redaction. At any question: skip, back, quit.")
        case .helpKeys:
            return l.pick("按键：Tab 补全命令、课程和单位；↑/↓ 翻看历史命令；Ctrl-C 取消当前输入；Ctrl-D 退出。", "Keys: Tab completes commands, courses and units; Up/Down browse history; Ctrl-C cancels the line; Ctrl-D quits.")
        case .helpHelp: return l.pick("显示帮助；help 命令 查看某个命令的用法", "show help; help COMMAND for one command")
        case .helpLogin: return l.pick("登录并签到（姓名、单位、培训场次）", "sign in (name, unit, session) and record attendance")
        case .helpWhoami: return l.pick("显示当前登录的学员", "show who is signed in")
        case .helpLogout: return l.pick("退出登录", "sign out")
        case .helpCourses: return l.pick("列出课程、状态和最高分", "list courses with status and best score")
        case .helpStudy: return l.pick("分页阅读课程内容", "read a course's lessons page by page")
        case .helpQuiz: return l.pick("参加课程测验", "take a course's quiz")
        case .helpResume: return l.pick("继续未完成的测验", "continue an unfinished quiz")
        case .helpReview: return l.pick("重做答错的题目（练习，不计成绩）", "drill questions you got wrong (practice, not scored)")
        case .helpHistory: return l.pick("查看自己的测验记录", "show your attempts")
        case .helpAudit: return l.pick("填写或更新本单位的专栏自查表（本单位联络员共用一份草稿）；audit history 查看修订记录和整改经过", "fill in or update your unit's self-audit (one draft shared by the unit's contacts); audit history lists revisions and rectification histories")
        case .helpUnit: return l.pick("查看单位的培训完成情况", "show a unit's standing for the session")
        case .helpReport: return l.pick("生成报表：attendance、scores、completion、audits、items、notices", "reports: attendance, scores, completion, audits, items, notices")
        case .helpDeadline: return DeadlinePrompt.help.text(in: l)
        case .helpSave: return l.pick("把未能保存的记录另存到其他目录（如 U 盘）", "save records that could not be written to another folder")
        case .helpQuit: return l.pick("退出程序（也可用 exit 或 Ctrl-D）", "leave (also exit or Ctrl-D)")

        case .resultsNotWritable(let path, let reason):
            return l.pick("无法写入成绩目录 \(path)：\(FileProblemMessage(reason).text(in: l))。请联系管理员，或用 --results 指定其他目录。", "Cannot write the results folder \(path): \(FileProblemMessage(reason).text(in: l)). Ask the administrator, or choose another folder with --results.")
        case .welcome(let name, let unit): return l.pick("欢迎，\(name)（\(unit)）。", "Welcome, \(name) (\(unit)).")
        case .unfinishedQuiz(let course, let id, let a, let n):
            return l.pick("你有未完成的测验：\(course)（已答 \(a)/\(n) 题），输入 resume \(id) 继续。", "You have an unfinished quiz: \(course) (\(a)/\(n) answered); type resume \(id) to continue.")
        case .unfinishedAudit(let c): return l.pick("你有未完成的自查表 \(c)，输入 audit 继续填写。", "You have an unfinished self-audit \(c); type audit to continue.")
        case .askName: return l.pick("姓名：", "Name: ")
        case .loginCancelled: return l.pick("已取消登录。", "Sign-in cancelled.")
        case .nameEmpty: return l.pick("姓名不能为空。", "The name must not be empty.")
        case .nameTooLong(let n): return l.pick("姓名过长（最多 \(n) 个字）。", "The name is too long (at most \(n) characters).")
        case .askUnitFree: return l.pick("单位：", "Unit: ")
        case .askUnit: return l.pick("单位（编号或名称，Tab 补全，? 列出全部）：", "Unit (id or name, Tab completes, ? lists all): ")
        case .unknownUnit(let u): return l.pick("花名册中没有单位“\(u)”。", "There is no unit '\(u)' in the roster.")
        case .didYouMeanUnits(let list): return l.pick("是否是：\(list)", "Did you mean: \(list)")
        case .unitKind(let k):
            switch k {
            case "township": return l.pick("乡镇：", "Townships:")
            case "department": return l.pick("部门单位：", "Departments:")
            default: return l.pick("其他：", "Other:")
            }
        case .unknownSession(let s): return l.pick("没有培训场次“\(s)”。可选：", "There is no session '\(s)'. Sessions:")
        case .askSession(let id, let title):
            return l.pick(
                "培训场次（回车选择 \(title) \(id)；只做自查或自学请输入 自学 / 无 / none，不计入签到）：",
                "Session (Enter signs in for \(title) \(id); for the self-audit or self-study only type none / 自学 / 无, not counted as attending): ")
        case .alreadySignedIn(let s, let d): return l.pick("你已签到过 \(s)（\(d)），不重复签到。", "You are already signed in for \(s) (\(d)).")
        case .signedIn(let s, let d): return l.pick("已签到：\(s)（\(d)）。", "Signed in for \(s) (\(d)).")
        case .signInFailed(let r):
            return l.pick("签到记录未能保存：\(FileProblemMessage(r).text(in: l))。可用 save 路径 另存。", "The sign-in could not be saved: \(FileProblemMessage(r).text(in: l)). Use save PATH.")
        case .pendingAttendance(let s): return l.pick("签到（\(s)）", "sign-in (\(s))")
        case .notLoggedIn: return l.pick("尚未登录。", "Not signed in.")
        case .loggedOut: return l.pick("已退出登录。", "Signed out.")
        case .whoami(let name, let unit, let id, let session):
            let s = session.map { l.pick("，培训场次：\($0)", ", session: \($0)") } ?? l.pick("，自学（未选培训场次）", ", self-study (no session)")
            return l.pick("\(name)，\(unit)（\(id)）\(s)", "\(name), \(unit) (\(id))\(s)")

        case .noCourses: return l.pick("没有可用的课程。", "No courses available.")
        case .statusPassed: return l.pick("已通过", "passed")
        case .statusFailed: return l.pick("未通过", "not passed")
        case .statusNotStarted: return l.pick("未开始", "not started")
        case .statusInProgress: return l.pick("进行中", "in progress")
        case .statusInvalid: return l.pick("（文件有错误）", "(file has errors)")
        case .requiredMark: return l.pick("[必修]", "[required]")
        case .colID: return l.pick("编号", "ID")
        case .colCourse: return l.pick("课程", "Course")
        case .colQuestions: return l.pick("题数", "Questions")
        case .colStatus: return l.pick("状态", "Status")
        case .colBest: return l.pick("最高分", "Best")
        case .colAttempts: return l.pick("次数", "Attempts")
        case .colTime: return l.pick("时间", "Time")
        case .colScore: return l.pick("得分", "Score")
        case .colPercent: return l.pick("得分率", "Percent")
        case .colResult: return l.pick("结果", "Result")
        case .loginToSeeStatus: return l.pick("登录后可看到自己的进度和成绩。", "Sign in to see your progress and scores.")
        case .noHistory: return l.pick("还没有测验记录。", "No attempts yet.")
        case .kindReview: return l.pick("错题练习", "review")
        case .unknownCourse(let c, let s):
            let hint = s.map { l.pick("是否想输入 \($0)？", " Did you mean \($0)?") } ?? ""
            return l.pick("没有课程“\(c)”。\(hint)输入 courses 查看全部课程。", "There is no course '\(c)'.\(hint) Type courses to list them.")
        case .needCourseID(let c): return l.pick("请指定课程编号，如：\(c) 编号。可选：", "Name a course: \(c) ID. Courses:")
        case .courseInvalid(let c, let n):
            return l.pick("课程“\(c)”的文件有 \(n) 处错误，暂不可用。请联系政务公开办运行 gongkai validate 修正。", "The file of course '\(c)' has \(n) problems and cannot be used. Ask the office to run gongkai validate.")

        case .noLessons(let c): return l.pick("《\(c)》没有课文。", "'\(c)' has no lessons.")
        case .pageOf(let p, let n): return l.pick("第 \(p)/\(n) 页", "page \(p)/\(n)")
        case .studyFinished(let id): return l.pick("本课程已读完。输入 quiz \(id) 开始测验。", "End of the lessons. Type quiz \(id) to take the quiz.")
        case .pagerPrompt: return l.pick("[回车] 下一页  [p] 上一页  [页码] 跳转  [q] 退出 > ", "[Enter] next  [p] previous  [number] go to  [q] quit > ")
        case .pagerHelp(let n): return l.pick("请按回车翻页，输入 p 返回上一页，1–\(n) 跳到该页，q 退出。", "Press Enter for the next page, p for the previous, 1–\(n) to jump, q to quit.")

        case .continueSaved: return l.pick("继续上次的测验吗？", "Continue where you left off?")
        case .discardSaved: return l.pick("放弃保存的进度并重新开始吗？", "Discard the saved progress and start again?")
        case .noAttemptsLeft(let n): return l.pick("本课程最多可测验 \(n) 次，你已用完。", "This course allows \(counted(n, "attempt")) and you have used \(n == 1 ? "it" : "them all").")
        case .quizTitle(let c, let v): return l.pick("测验：\(c)（第 \(v) 版）", "Quiz: \(c) (version \(v))")
        case .quizIntro(let n, let p, let pass, let practice):
            let mode = practice ? l.pick("练习模式：每题作答后立即显示对错和解析", "practice mode: feedback after each answer") : l.pick("考试模式：交卷后统一显示对错和解析", "exam mode: feedback after you submit")
            return l.pick("共 \(n) 题，满分 \(p) 分，及格线 \(pass)%。\(mode)。", "\(counted(n, "question")), \(p) points, pass mark \(pass)%. \(mode).")
        case .quizControls:
            return l.pick("每题可输入 skip 跳过、back 返回上一题、flag 标记、list 答题卡、goto 题号 跳转、quit 暂停（进度自动保存，稍后 resume 继续）、? 查看作答方式。", "At any question: skip, back, flag, list (answer sheet), goto N, quit (progress is saved; resume later), ? for how to answer.")
        case .auditDraftHint: return l.pick("没有未完成的测验。你有未完成的自查表，输入 audit 继续。", "No unfinished quiz. You have an unfinished self-audit; type audit.")
        case .nothingToResume: return l.pick("没有未完成的测验。", "No unfinished quiz.")
        case .severalToResume(let list): return l.pick("有多个未完成的测验，请指定：resume 编号（\(list)）", "Several quizzes are unfinished; name one: resume ID (\(list))")
        case .progressUnreadable(let p): return l.pick("保存的进度无法读取：\(p.text(in: l))", "The saved progress cannot be read: \(p.text(in: l))")
        case .resumed(let a, let n): return l.pick("已恢复：已答 \(a)/\(n) 题，从上次的位置继续。", "Resumed: \(a)/\(n) answered; continuing where you stopped.")
        case .courseChangedSinceStart(let s, let c):
            return l.pick("开始测验后课程已修改（第 \(s) 版 → 第 \(c) 版），无法按原题继续。", "The course changed since the attempt began (version \(s) → \(c)); it cannot continue with the same questions.")
        case .questionRemoved(let q): return l.pick("题目 \(q) 已从课程中删除，无法继续。", "Question \(q) was removed from the course; cannot continue.")
        case .reviewTitle(let c, let n): return l.pick("错题练习：\(c)（\(n) 题，不计成绩）", "Review: \(c) (\(n) questions, not scored)")
        case .nothingToReview: return l.pick("没有需要重做的错题。", "Nothing to review: no wrong answers.")
        case .progressNotSaved(let r):
            return l.pick("⚠ 进度未能保存：\(FileProblemMessage(r).text(in: l))。答案仍保留在内存中，请继续作答。", "⚠ Progress not saved: \(FileProblemMessage(r).text(in: l)). Your answers are kept in memory; carry on.")
        case .paused(let id): return l.pick("测验已暂停，进度已保存。输入 resume \(id) 继续。", "Quiz paused; progress saved. Type resume \(id) to continue.")
        case .answerPrompt: return l.pick("答案> ", "answer> ")
        case .leaveQuiz: return l.pick("要暂停测验吗？进度已保存，之后可输入 resume 继续。", "Pause the quiz? Progress is saved; resume later.")
        case .atFirstQuestion: return l.pick("已经是第一题。", "This is the first question.")
        case .unanswered(let list, let n): return l.pick("还有 \(n) 题未作答：第 \(list) 题。", "\(n) questions are unanswered: \(list).")
        case .submitOrGoBack: return l.pick("输入题号返回作答，回车交卷，quit 暂停：", "Enter a question number to go back, Enter to submit, quit to pause: ")
        case .submitOrGoBackHelp(let n): return l.pick("请输入 1–\(n) 的题号、回车交卷，或 quit 暂停。", "Enter 1–\(n), Enter to submit, or quit.")
        case .confirmSubmitWithOpen(let n): return l.pick("确定交卷吗？未作答的 \(n) 题记 0 分。", "Submit now? The \(n) unanswered questions score 0.")
        case .confirmSubmit(let n): return l.pick("全部 \(n) 题已作答。确认交卷吗？（n 返回检查）", "All \(n) questions answered. Submit? (n to go back and check)")
        case .questionHeader(let i, let n, let type, let p):
            return l.pick("第 \(i)/\(n) 题 · \(ShellText.typeName(type).text(in: l)) · \(p) 分", "Question \(i)/\(n) · \(ShellText.typeName(type).text(in: l)) · \(p) pt")
        case .typeName(let type):
            switch type {
            case .single: return l.pick("单选题", "single choice")
            case .multiple: return l.pick("多选题", "multiple choice")
            case .truefalse: return l.pick("判断题", "true/false")
            case .fill: return l.pick("填空题", "fill in")
            case .numeric: return l.pick("数值题", "numeric")
            case .order: return l.pick("排序题", "ordering")
            case .redact: return l.pick("区分处理题", "redaction")
            case .deadline: return l.pick("期限计算题", "deadline")
            }
        case .previousAnswer(let a): return l.pick("（已作答：\(a)；直接回车保留）", "(answered: \(a); Enter keeps it)")
        case .correct(let p): return l.pick("✓ 回答正确（\(p) 分）", "✓ Correct (\(p))")
        case .partlyCorrect(let p): return l.pick("◐ 部分正确（\(p) 分）", "◐ Partly correct (\(p))")
        case .incorrect(let p): return l.pick("✗ 回答错误（\(p) 分）", "✗ Incorrect (\(p))")
        case .yourAnswer(let a): return l.pick("你的答案：\(a)", "Your answer: \(a)")
        case .yourAnswerSkipped: return l.pick("你的答案：（未作答）", "Your answer: (none)")
        case .correctAnswer(let a): return l.pick("正确答案：\(a)", "Correct answer: \(a)")
        case .redactReason(let m, let line, let reason): return l.pick("\(m) 第 \(line) 行应删除：\(reason)", "\(m) line \(line) must be withheld: \(reason)")
        case .redactWrongLine(let line, let text): return l.pick("✗ 第 \(line) 行不应删除：\(text)", "✗ line \(line) should be disclosed: \(text)")
        case .explanation(let e): return l.pick("解析：\(e)", "Why: \(e)")
        case .source(let s): return l.pick("依据：\(s)", "Source: \(s)")
        case .attemptNotSaved(let r): return l.pick("成绩未能保存：\(FileProblemMessage(r).text(in: l))", "The result could not be saved: \(FileProblemMessage(r).text(in: l))")
        case .retryOrSave:
            return l.pick("输入 retry 重试，save 路径 另存到其他位置（如 U 盘），或 skip 暂存在内存中：", "Type retry, save PATH to write elsewhere (e.g. a USB stick), or skip to keep it in memory: ")
        case .keptInMemory: return l.pick("成绩暂存在内存中。退出前请用 save 路径 另存。", "The result is kept in memory. Use save PATH before quitting.")
        case .nothingUnsaved: return l.pick("没有未保存的记录。", "Nothing is waiting to be saved.")
        case .saveNeedsPath: return l.pick("请指定目录：save 路径", "Name a folder: save PATH")
        case .pendingAttempt(let c, let n): return l.pick("\(n) 的 \(c) 测验成绩", "\(n)'s result for \(c)")
        case .savedElsewhere(let p): return l.pick("已另存：\(p)", "Saved: \(p)")
        case .resultsTitle: return l.pick("测验结果", "Result")
        case .reviewScore(let s, let p): return l.pick("练习得分 \(s)（\(p)%），不计入成绩。", "Practice score \(s) (\(p)%), not counted.")
        case .scorePassed(let s, let p, let pass): return l.pick("得分 \(s)（\(p)%）· 通过（及格线 \(pass)%）", "Score \(s) (\(p)%) · passed (pass mark \(pass)%)")
        case .scoreFailed(let s, let p, let pass): return l.pick("得分 \(s)（\(p)%）· 未通过（及格线 \(pass)%）", "Score \(s) (\(p)%) · not passed (pass mark \(pass)%)")
        case .missedHeader(let n): return l.pick("以下 \(n) 题未得满分：", "\(n) questions did not get full marks:")
        case .questionNumber(let i): return l.pick("第 \(i) 题", "Q\(i)")
        case .missedList(let list): return l.pick("未得满分的题：第 \(list) 题。", "Not full marks: \(list).")
        case .reviewHint: return l.pick("输入 review 可重做答错的题目。", "Type review to drill the questions you missed.")
        case .unitLabel(let name, let id): return l.pick("\(name)（\(id)）", "\(name) (\(id))")
        case .sessionLabel(let title, let date): return l.pick("\(title)（\(date)）", "\(title) (\(date))")
        case .lessonPart(let n, let title, let part): return l.pick("\(n). \(title)（\(part)）", "\(n). \(title) (\(part))")
        case .truth(let b): return b ? l.pick("对", "true") : l.pick("错", "false")
        case .noLines: return l.pick("（不删除任何行）", "(no lines)")
        case .rescued(let path):
            return l.pick("未能保存的记录已另存到 \(path)，请交给政务公开办合并到成绩目录。", "Records that could not be saved were written to \(path); hand them to the office to merge into the results.")
        case .unsavedLost(let n): return l.pick("有 \(n) 份记录未能保存。", "\(counted(n, "record")) could not be saved.")
        case .rosterInvalid:
            return l.pick("花名册 roster.yaml 有错误，暂不能登录。请政务公开办运行 gongkai validate 修正。", "roster.yaml has errors; signing in is disabled until the office fixes it (gongkai validate).")
        case .reportNotHere:
            return l.pick("题目质量分析会显示各题的常见错误答案，只能由政务公开办在命令行运行：gongkai report items", "Item analysis shows the common wrong answers, so it runs only on the office's command line: gongkai report items")
        case .reportWhilePaused:
            return l.pick("你有未交卷的测验，交卷前不能查看报表。", "You have an unsubmitted quiz; reports are available after you submit it.")
        case .reportOutOutside(let dir):
            return l.pick("在培训终端里，报表只能写入 \(dir)（给出文件名即可）。", "In the shell, reports can only be written under \(dir) (give a file name).")
        case .reportUsage:
            return l.pick("用法：report attendance|scores|completion|audits|notices [--format table|csv|json|html|md|xlsx] [--session 场次] [--unit 单位] [--course 课程] [--out 文件名] [--table 表格]", "Usage: report attendance|scores|completion|audits|notices [--format table|csv|json|html|md|xlsx] [--session ID] [--unit ID] [--course ID] [--out FILE] [--table NAME]")
        case .pausedInMemory(let id):
            return l.pick("测验已暂停。进度未能写入磁盘，答案暂存在内存中：请不要退出本程序，输入 resume \(id) 继续。", "Quiz paused. The progress could not be written to disk and is kept in memory: do not quit; type resume \(id) to continue.")
        case .answerLocked: return l.pick("练习模式下看过解析的题不能再改答案，已跳到下一题。", "In practice mode an answer is final once its feedback was shown; moving on.")
        case .progressTakenOver(let id, let rescued):
            let kept = rescued.map { l.pick("本窗口的作答已另存到 \($0)。", "The answers given in this window were saved to \($0).") }
                ?? l.pick("本窗口的作答未能另存。", "The answers given in this window could not be saved elsewhere.")
            return l.pick(
                "这份测验已在另一个窗口继续、交卷或放弃。为免覆盖那边的作答，本窗口不再保存它的进度。\(kept)要在这里接着那边的进度继续，请输入 resume \(id)。",
                "This quiz was continued, submitted or discarded in another window. So as not to overwrite the answers there, this window stops saving it. \(kept) To carry on here from the other window's progress, type resume \(id).")
        }
    }
}
