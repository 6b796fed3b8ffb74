/// Every word the tool understands when people type, in both languages, in one
/// place (the counterpart of the message catalogue for input). Compared after
/// `TextNormalization.fold` (NFKC, lower case), so full-width forms match too.
public enum InputVocabulary {
    public static let yes: Set<String> = ["y", "yes", "是", "好", "确定", "确认", "对", "要"]
    public static let no: Set<String> = ["n", "no", "否", "不", "不要", "取消"]

    // At a question.
    public static let skip: Set<String> = ["skip", "跳过"]
    public static let back: Set<String> = ["back", "上一题", "返回", "上一项"]
    public static let quit: Set<String> = ["quit", "暂停", "退出", "exit"]
    public static let help: Set<String> = ["help", "?", "帮助"]
    public static let submit: Set<String> = ["submit", "交卷", ""]

    // After a failed save.
    public static let retry: Set<String> = ["retry", "重试", ""]
    public static let save: Set<String> = ["save", "另存", "保存", "s"]
    public static let discard: Set<String> = ["discard", "放弃"]
    public static let history: Set<String> = ["history", "历史"]

    // The lesson pager.
    public static let nextPage: Set<String> = ["", "n", "next", "下一页"]
    public static let previousPage: Set<String> = ["p", "b", "back", "prev", "上一页"]
    public static let closePager: Set<String> = ["q", "quit", "退出"]

    /// At the session prompt: no session (self-study).
    public static let noSession: Set<String> = ["none", "无", "-", "自学", "self-study"]
    public static let listAll: Set<String> = ["?"]

    // Self-audit results.
    public static let auditPass: Set<String> = ["1", "符合", "pass", "p", "y", "yes", "是", "√", "✓", "ok"]
    public static let auditFail: Set<String> = ["2", "不符合", "fail", "f", "n", "no", "否", "×", "✗", "x"]
    public static let auditNotApplicable: Set<String> = ["3", "不适用", "na", "n/a", "-", "无"]
    public static let pause: Set<String> = ["quit", "暂停"]

    // True/false answers (trainee input, and `answer:` in course files).
    public static let truthTrue: Set<String> = ["对", "√", "✓", "✔", "t", "true", "y", "yes", "是", "正确", "v", "o", "○", "☑"]
    public static let truthFalse: Set<String> = ["错", "×", "✗", "✘", "x", "f", "false", "n", "no", "否", "错误", "不对", "☒"]
    public static let truthTrailing: Set<Character> = ["。", ".", "!", "！"]

    /// Between option letters or line numbers: `A,C`, `A、C`, `2 5`.
    public static let separators: Set<Character> = [" ", ",", "、", ";", "/", "|", "，", "；", "+", "和"]
    /// Between the ends of a line range: `2-4`, `2~4`, `2至4`.
    public static let rangeMarks: [String] = ["~", "至", "到", "—"]
    /// A redaction answer that withholds nothing.
    public static let nothingToWithhold: Set<String> = ["无", "none", "没有", "不删除", "0", "-"]

    public static let numeralDigits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    public static let numeralUnits: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// Punctuation ignored when comparing fill-in answers.
    public static let ignorableInAnswers: Set<Character> = Set("。.，,、；;：:！!？?“”\"'‘’「」《》()（） ")
    /// Punctuation that may not start a wrapped line (kinsoku).
    public static let noLineStart: Set<Character> = Set("，。、；：？！）」』】》〉”’…—,.;:?!)]}%")

    /// Chinese (and other) names for the shell's English command words.
    public static let commandAliases: [String: [String]] = [
        "help": ["帮助", "?", "？"], "login": ["登录", "签到"], "whoami": ["我是谁"], "logout": ["注销"],
        "courses": ["课程"], "study": ["学习"], "quiz": ["测验", "考试"], "resume": ["继续"], "review": ["错题"],
        "history": ["记录"], "audit": ["自查"], "unit": ["单位"], "report": ["报表"], "save": ["另存"], "deadline": ["期限"],
        "quit": ["exit", "退出"],
    ]

    public static func isYes(_ text: String) -> Bool { yes.contains(TextNormalization.fold(text)) }

    // The answer sheet (答题卡) during a quiz.
    public static let answerSheet: Set<String> = ["list", "答题卡", "sheet"]
    public static let flag: Set<String> = ["flag", "标记", "mark"]
    public static let gotoWords: Set<String> = ["goto", "go", "跳到", "转到"]

    /// `goto 5`, `跳到 5`, `第5题`: the question number asked for, else nil
    /// (never a bare number or `第33条`: those may be answers).
    public static func gotoNumber(_ text: String) -> Int? {
        var word = TextNormalization.fold(text)
        if word.hasPrefix("第"), word.hasSuffix("题") { return Int(word.dropFirst().dropLast().trimmingSpaces) }
        if word.hasSuffix("题") { word.removeLast() }
        for prefix in gotoWords.sorted(by: { $0.count > $1.count }) where word.hasPrefix(prefix) {
            let rest = word.dropFirst(prefix.count).trimmingSpaces
            if let n = Int(rest) { return n }
        }
        return nil
    }

    /// `resume review COURSE` / `resume quiz COURSE`: which kind of paused work is meant.
    public static func resumeKind(_ word: String) -> AttemptKind? {
        switch TextNormalization.fold(word) {
        case "review", "错题", "练习": return .review
        case "quiz", "测验", "考试": return .quiz
        default: return nil
        }
    }
}
