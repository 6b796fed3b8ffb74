/// Why a typed answer could not be read, and what is accepted instead. These
/// never reveal the key: they depend only on the question type and option count.
public enum AnswerMessage: CatalogueMessage, Error, Equatable {
    case empty(hint: AnswerHint)
    case notLetters(last: String)
    case letterOutOfRange(letter: String, last: String)
    case singleNeedsOne
    case orderIncomplete(count: Int, last: String)
    case notTrueFalse
    case notANumber
    case lineOutOfRange(line: Int, count: Int)
    case notLineNumbers(count: Int)
    case tooLong(limit: Int)
    case notADate

    public func text(in l: Language) -> String {
        switch self {
        case .empty(let hint): return l.pick("请输入答案。", "Please enter an answer. ") + hint.text(in: l)
        case .notLetters(let last): return l.pick("请输入选项字母 A–\(last)。", "Enter option letters A–\(last).")
        case .letterOutOfRange(let letter, let last):
            return l.pick("没有选项 \(letter)，可选 A–\(last)。", "There is no option \(letter); choose from A–\(last).")
        case .singleNeedsOne: return l.pick("单选题只能选一个选项。", "A single-choice question takes one letter.")
        case .orderIncomplete(let count, let last):
            return l.pick("请按顺序输入全部 \(count) 个选项字母（A–\(last)），每个一次，如 \(Self.example(count))。",
                          "Enter all \(count) letters (A–\(last)) once each, in order, e.g. \(Self.example(count)).")
        case .notTrueFalse: return l.pick("请输入 对/错（也可用 T/F、Y/N、√/×）。", "Enter T or F (also Y/N, 对/错, √/×).")
        case .notANumber: return l.pick("请输入一个数字，如 20。", "Enter a number, e.g. 20.")
        case .lineOutOfRange(let line, let count):
            return l.pick("没有第 \(line) 行，行号为 1–\(count)。", "There is no line \(line); lines are 1–\(count).")
        case .notLineNumbers(let count):
            return l.pick("请输入要删除的行号（1–\(count)），如 2 5 或 2-4；无需删除请输入 无。",
                          "Enter the line numbers to withhold (1–\(count)), e.g. 2 5 or 2-4; enter none if nothing.")
        case .notADate: return l.pick("请输入一个存在的日期，如 2025-10-09 或 2025年10月9日。", "Enter a real date, e.g. 2025-10-09.")
        case .tooLong(let limit): return l.pick("输入过长（最多 \(limit) 个字符）。", "Input too long (at most \(limit) characters).")
        }
    }

    static func example(_ count: Int) -> String {
        // A fixed rotation of the letters, e.g. BCDA: never a hint about the key.
        let letters = (0..<count).map { OptionLetter.letter(($0 + 1) % count) }
        return letters.joined()
    }
}

/// What a question type accepts, shown under each question and after a bad answer.
public enum AnswerHint: CatalogueMessage, Equatable {
    case single(last: String)
    case multiple(last: String)
    case truefalse
    case fill
    case numeric
    case order(count: Int, last: String)
    case redact(count: Int)
    case deadline

    public init(question: Question) {
        let last = OptionLetter.letter(max(question.options.count - 1, 0))
        switch question.type {
        case .single: self = .single(last: last)
        case .multiple: self = .multiple(last: last)
        case .truefalse: self = .truefalse
        case .fill: self = .fill
        case .numeric: self = .numeric
        case .order: self = .order(count: question.options.count, last: last)
        case .redact: self = .redact(count: question.lines.count)
        case .deadline: self = .deadline
        }
    }

    public func text(in l: Language) -> String {
        switch self {
        case .single(let last): return l.pick("输入一个字母 A–\(last)", "one letter A–\(last)")
        case .multiple(let last): return l.pick("输入所有正确选项的字母 A–\(last)，如 AC、a c、A,C", "all correct letters A–\(last), e.g. AC, a c, A,C")
        case .truefalse: return l.pick("对/错、T/F、Y/N 或 √/×", "T/F, Y/N, 对/错 or √/×")
        case .fill: return l.pick("直接输入答案文字", "type the answer")
        case .numeric: return l.pick("输入一个数字", "a number")
        case .order(let count, let last): return l.pick("按正确顺序输入全部 \(count) 个字母（A–\(last)）", "all \(count) letters (A–\(last)) in the right order")
        case .deadline: return l.pick("输入日期，如 2025-10-09 或 2025年10月9日", "a date, e.g. 2025-10-09")
        case .redact(let count): return l.pick("输入应删除的行号（1–\(count)），如 2 5 或 2-4；无需删除输入 无", "line numbers to withhold (1–\(count)), e.g. 2 5 or 2-4; none if nothing")
        }
    }
}
