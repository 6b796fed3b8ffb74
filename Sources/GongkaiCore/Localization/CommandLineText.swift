/// The one-line summary of `gongkai validate`.
public struct ValidateSummary: CatalogueMessage {
    public var courses: Int
    public var checklists: Int
    public var rosters: Int
    public var questions: Int
    public var errors: Int
    public var warnings: Int

    public init(courses: Int, checklists: Int, rosters: Int, questions: Int, errors: Int, warnings: Int) {
        self.courses = courses
        self.checklists = checklists
        self.rosters = rosters
        self.questions = questions
        self.errors = errors
        self.warnings = warnings
    }

    public func text(in l: Language) -> String {
        let files = l.pick("\(courses) 门课程（\(questions) 道题）、\(checklists) 张自查表、\(rosters) 份花名册", "\(counted(courses, "course")) (\(counted(questions, "question"))), \(counted(checklists, "checklist")), \(counted(rosters, "roster"))")
        if errors > 0 {
            return l.pick("检查了 \(files)：\(errors) 个错误，\(warnings) 个警告。", "Checked \(files): \(counted(errors, "error")), \(counted(warnings, "warning")).")
        }
        let warn = warnings > 0 ? l.pick("，\(warnings) 个警告", ", \(counted(warnings, "warning"))") : ""
        return l.pick("检查了 \(files)：没有错误\(warn)。", "Checked \(files): no errors\(warn).")
    }
}

/// Help text of the command line (`gongkai --help`), in the language chosen by
/// `--lang` or `GONGKAI_LANG` before parsing.
public enum CommandLineHelp: CatalogueMessage {
    case abstract, discussion
    case shellAbstract, validateAbstract, reportAbstract, regradeAbstract
    case coursesOption, langOption, resultsOption, resultsMergeOption, seedOption
    case pathsArgument, printFlag
    case kindArgument, formatOption, sessionOption, unitOption, courseOption, sinceOption, untilOption, outOption, strictFlag
    case reportDiscussion
    case dryRunFlag
    case noCacheFlag
    case badLanguage(String), badKind(String), badFormat(String), badDate(String), badSeed(String)
    case asOfOption

    public func text(in l: Language) -> String {
        switch self {
        case .abstract: return l.pick("政务公开业务培训与自查工具。", "Government information-disclosure training and self-audit.")
        case .discussion:
            return l.pick(
                "不带子命令时启动交互式培训终端。\n环境变量：GONGKAI_COURSES、GONGKAI_RESULTS、GONGKAI_SEED、GONGKAI_LANG、NO_COLOR。\n退出码：0 正常，1 用户或数据错误，2 用法错误。",
                "Without a subcommand, starts the interactive shell.\nEnvironment: GONGKAI_COURSES, GONGKAI_RESULTS, GONGKAI_SEED, GONGKAI_LANG, NO_COLOR.\nExit status: 0 ok, 1 user or data error, 2 usage error.")
        case .shellAbstract: return l.pick("启动交互式培训终端（默认）。", "Start the interactive training shell (the default).")
        case .validateAbstract: return l.pick("检查课程、自查表和花名册文件，逐条列出问题（文件:行:列）。", "Check course, checklist and roster files; print every problem as file:line:column.")
        case .reportAbstract: return l.pick("统计签到、成绩、完成情况、自查或题目质量，打印整改通知。", "Compile attendance, scores, completion, audits or item analysis; print rectification notices.")
        case .regradeAbstract: return l.pick("修正答案并升级课程版本后，按现行答案重新评分。", "Rescore stored attempts against the current answer keys (after a key fix and a version bump).")
        case .coursesOption: return l.pick("课程目录（默认 ./Courses，环境变量 GONGKAI_COURSES）。", "Course folder (default ./Courses, env GONGKAI_COURSES).")
        case .langOption: return l.pick("界面语言：zh 或 en（环境变量 GONGKAI_LANG）。", "Language of messages: zh or en (env GONGKAI_LANG).")
        case .resultsOption: return l.pick("成绩目录（默认 ./Results，环境变量 GONGKAI_RESULTS）。", "Results folder (default ./Results, env GONGKAI_RESULTS).")
        case .resultsMergeOption: return l.pick("成绩目录，可重复以合并多台电脑的记录（默认 ./Results）。", "Results folder; repeat to merge several PCs' records (default ./Results).")
        case .seedOption: return l.pick("固定抽题和乱序，用于测试和演练（环境变量 GONGKAI_SEED）。", "Fix question draw and shuffle, for tests and rehearsals (env GONGKAI_SEED).")
        case .pathsArgument: return l.pick("文件或目录（默认为课程目录）；与 --print 一起用时也可以是课程编号。", "Files or folders (default: the course folder); with --print, course ids too.")
        case .printFlag: return l.pick("以 Markdown 输出整个课程（含答案、解析和依据），供校对题库。", "Print whole courses as Markdown (answers, explanations, sources) for proofreading.")
        case .kindArgument: return "attendance | scores | completion | audits | items | notices | signin | certificates | transcript"
        case .formatOption: return l.pick("table | csv | json | html | md | xlsx（默认按 --out 的扩展名，否则 table）。", "table | csv | json | html | md | xlsx (default: from --out's extension, else table).")
        case .sessionOption: return l.pick("培训场次编号（默认当天或最近的场次）。", "Session id (default: today's or the most recent).")
        case .unitOption: return l.pick("只统计该单位（编号或名称）。", "Only this unit (id or name).")
        case .courseOption: return l.pick("只统计该课程。", "Only this course.")
        case .sinceOption: return l.pick("只统计该日期及以后的记录。", "Only records on or after this date.")
        case .untilOption: return l.pick("只统计该日期及以前的记录。", "Only records on or before this date.")
        case .outOption: return l.pick("写入该文件（原子写入），而不是标准输出。", "Write to this file (atomically) instead of standard output.")
        case .strictFlag: return l.pick("有记录无法读取或与摘要不符时报错（退出码 1）。", "Fail (exit 1) if any record is unreadable or no longer matches its digest.")
        case .reportDiscussion: return l.pick("可多次给出 --results 合并多台电脑的记录，同一条记录只计一次。", "Several --results folders are merged; a record with the same id counts once.")
        case .dryRunFlag: return l.pick("只列出会改变的成绩，不写入。", "List what would change; write nothing.")
        case .asOfOption: return l.pick("按该日期判断整改是否逾期（默认今天）。", "Judge overdue rectifications as on this date (default: today).")
        case .badLanguage(let v): return l.pick("--lang 只能是 zh 或 en，而不是“\(v)”", "--lang must be zh or en, not '\(v)'")
        case .badKind(let v):
            return l.pick(
                "报表类型应为 attendance、scores、completion、audits、items、notices、signin、certificates 或 transcript，而不是“\(v)”",
                "KIND must be one of: attendance, scores, completion, audits, items, notices, signin, certificates, transcript; got '\(v)'")
        case .badFormat(let v): return l.pick("--format 应为 table、csv、json、html、md 或 xlsx，而不是“\(v)”", "--format must be one of: table, csv, json, html, md, xlsx; got '\(v)'")
        case .badDate(let v): return l.pick("“\(v)”不是日期（应为 YYYY-MM-DD）", "'\(v)' is not a date (YYYY-MM-DD)")
        case .badSeed(let v): return l.pick("GONGKAI_SEED 应为非负整数，而不是“\(v)”", "GONGKAI_SEED must be a non-negative integer, not '\(v)'")
        case .noCacheFlag: return l.pick("不使用也不更新摘要缓存（Results/.cache），逐个读取全部记录。", "Neither use nor update the summary cache (Results/.cache); read every record.")
        }
    }
}

/// Labels of `gongkai validate --print`.
public enum PrintText: CatalogueMessage {
    case courseHeading(title: String, id: String, version: Int)
    case settings(pass: String, draw: Int, pool: Int, mode: QuizSettings.Mode, attempts: Int, scoring: QuizSettings.MultipleScoring)
    case lessons, questions(Int)
    case questionHeading(number: Int, id: String, type: QuestionType, points: String)
    case answer(String), explanation(String), source(String), tags(String), feedback(String)
    case withhold(line: Int, reason: String)
    case tolerance(String)

    public func text(in l: Language) -> String {
        switch self {
        case .courseHeading(let title, let id, let version): return l.pick("\(title)（\(id)，第 \(version) 版）", "\(title) (\(id), version \(version))")
        case .settings(let pass, let draw, let pool, let mode, let attempts, let scoring):
            let modeText = mode == .exam ? l.pick("考试模式", "exam mode") : l.pick("练习模式", "practice mode")
            let attemptsText = attempts == 0 ? l.pick("不限次数", "unlimited attempts") : l.pick("最多 \(attempts) 次", "at most \(counted(attempts, "attempt"))")
            let scoringText = scoring == .partial ? l.pick("多选题按比例给分", "partial credit for multiple choice") : l.pick("多选题全对才得分", "all-or-nothing multiple choice")
            return l.pick("及格线 \(pass)%；每次从 \(pool) 道题中抽 \(draw) 道；\(modeText)；\(attemptsText)；\(scoringText)。", "Pass mark \(pass)%; \(draw) of \(pool) questions per attempt; \(modeText); \(attemptsText); \(scoringText).")
        case .lessons: return l.pick("课文", "Lessons")
        case .questions(let n): return l.pick("题目（共 \(n) 道）", "Questions (\(n))")
        case .questionHeading(let n, let id, let type, let points):
            return l.pick("\(n). \(id) · \(ShellText.typeName(type).text(in: l)) · \(points) 分", "\(n). \(id) · \(ShellText.typeName(type).text(in: l)) · \(points) pt")
        case .answer(let a): return l.pick("**答案**：\(a)", "**Answer**: \(a)")
        case .explanation(let e): return l.pick("**解析**：\(e)", "**Explanation**: \(e)")
        case .source(let s): return l.pick("**依据**：\(s)", "**Source**: \(s)")
        case .tags(let t): return l.pick("标签：\(t)", "Tags: \(t)")
        case .feedback(let f): return l.pick("选择此项时的提示：\(f)", "feedback when chosen: \(f)")
        case .withhold(let line, let reason): return l.pick("第 \(line) 行应删除：\(reason)", "line \(line) withheld: \(reason)")
        case .tolerance(let t): return l.pick("（允许误差 ±\(t)）", " (tolerance ±\(t))")
        }
    }
}
