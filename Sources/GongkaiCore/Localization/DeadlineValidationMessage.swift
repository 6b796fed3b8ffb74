/// `validate` messages about `Courses/calendar.yaml` and `deadline` questions.
public enum DeadlineValidationMessage: CatalogueMessage, Equatable {
    case calendarEmpty
    case calendarDuplicateYear(year: Int, firstLine: Int)
    case calendarMissingYear(year: Int)
    case calendarMissingFestival(year: Int, festival: String)
    case calendarPeriodReversed(from: String, to: String)
    case calendarPeriodTooLong(from: String, to: String)
    case calendarCovers(first: Int, last: Int, years: Int)
    case calendarDateOutsideYear(date: String, year: Int)
    case calendarWorkingDayNotWeekend(date: String)
    case calendarHolidayOverlap(date: String, otherLine: Int)
    case calendarBothHolidayAndWorkingDay(date: String, holidayLine: Int)
    case calendarDuplicateDate(date: String, firstLine: Int)
    case calendarBadNotice(value: String)
    case multipleCalendars(first: String)
    case scenarioNeedsKey(String)
    case scenarioKeyOnlyForDeadline(String)
    case scenarioRangeReversed(key: String)
    case scenarioBadRange(key: String, value: String)
    case scenarioOutsideCalendar(key: String, value: String)
    case scenarioBadAnswer(value: String, allowed: [String])
    case scenarioAnswerNeedsPart(answer: String, part: String)
    case scenarioUnknownPlaceholder(String, allowed: [String])
    case scenarioPlaceholderMissing(String)
    case scenarioNeedsCalendar
    case scenarioRunsOutOfCalendar(last: String)

    public func text(in l: Language) -> String {
        switch self {
        case .calendarEmpty: return l.pick("节假日日历没有任何年度安排", "the holiday calendar has no arrangement")
        case .calendarDuplicateYear(let year, let line):
            return l.pick("\(year) 年的安排重复（第 \(line) 行已有）", "the arrangement for \(year) appears twice (first on line \(line))")
        case .calendarMissingYear(let year):
            return l.pick("缺少 \(year) 年的节假日安排（年份须连续）", "the arrangement for \(year) is missing (years must be consecutive)")
        case .calendarMissingFestival(let year, let festival):
            return l.pick("\(year) 年的安排缺少“\(festival)”", "the arrangement for \(year) does not set \(festival)")
        case .calendarPeriodReversed(let from, let to):
            return l.pick("放假期间结束日 \(to) 早于开始日 \(from)", "the holiday ends (\(to)) before it starts (\(from))")
        case .calendarPeriodTooLong(let from, let to):
            return l.pick("放假期间 \(from) 至 \(to) 超过一个月，请检查日期", "the holiday \(from)–\(to) is longer than a month; check the dates")
        case .calendarCovers(let first, let last, let years):
            return l.pick("节假日日历：\(first)—\(last) 年（\(years) 年的放假安排）", "Holiday calendar: \(first)–\(last) (\(counted(years, "arrangement")))")
        case .calendarDateOutsideYear(let date, let year):
            return l.pick("日期 \(date) 不属于 \(year) 年的安排（只能是该年或上一年12月）", "\(date) is outside the arrangement for \(year) (that year, or December of the year before)")
        case .calendarWorkingDayNotWeekend(let date):
            return l.pick("调休上班日 \(date) 不是星期六或星期日", "the adjusted working day \(date) is not a Saturday or Sunday")
        case .calendarHolidayOverlap(let date, let line):
            return l.pick("日期 \(date) 已在第 \(line) 行的放假期间内", "\(date) is already in the holiday on line \(line)")
        case .calendarBothHolidayAndWorkingDay(let date, let line):
            return l.pick("日期 \(date) 既是调休上班日又在第 \(line) 行的放假期间内", "\(date) is both a working day and in the holiday on line \(line)")
        case .calendarDuplicateDate(let date, let line):
            return l.pick("调休上班日 \(date) 重复（第 \(line) 行已有）", "the working day \(date) appears twice (first on line \(line))")
        case .calendarBadNotice(let value):
            return l.pick("发文字号 '\(value)' 格式不对，应如 国办发明电〔2025〕7号", "'\(value)' is not a notice number like 国办发明电〔2025〕7号")
        case .multipleCalendars(let first):
            return l.pick("节假日日历只能有一份，另一份在 \(first)", "only one holiday calendar is allowed; another is at \(first)")
        case .scenarioNeedsKey(let key):
            return l.pick("deadline 题的 scenario 缺少 '\(key)'", "the scenario of a deadline question needs '\(key)'")
        case .scenarioKeyOnlyForDeadline(let key):
            return l.pick("只有 deadline 题使用 '\(key)'", "only deadline questions take '\(key)'")
        case .scenarioRangeReversed(let key):
            return l.pick("'\(key)' 的范围上限小于下限", "the range in '\(key)' ends before it starts")
        case .scenarioBadRange(let key, let value):
            return l.pick("'\(key)' 的值 '\(value)' 无效，应为日期范围 [YYYY-MM-DD, YYYY-MM-DD] 或天数范围 [最少, 最多]", "'\(value)' in '\(key)' must be a range: [YYYY-MM-DD, YYYY-MM-DD] or [min, max] days")
        case .scenarioOutsideCalendar(let key, let value):
            return l.pick("'\(key)' 的日期 \(value) 不在节假日日历覆盖的年份内", "\(value) in '\(key)' is in a year the holiday calendar does not cover")
        case .scenarioBadAnswer(let value, let allowed):
            return l.pick("deadline 题的 answer '\(value)' 无效，可用：\(allowed.joined(separator: ", "))", "'\(value)' is not a deadline answer; use one of: \(allowed.joined(separator: ", "))")
        case .scenarioUnknownPlaceholder(let name, let allowed):
            return l.pick("题干中的 {\(name)} 不是本题抽取的日期，可用：\(allowed.map { "{\($0)}" }.joined(separator: " "))", "{\(name)} in the prompt is not a drawn date; use: \(allowed.map { "{\($0)}" }.joined(separator: " "))")
        case .scenarioPlaceholderMissing(let name):
            return l.pick("题干没有写出抽取的日期 {\(name)}，学员无从计算", "the prompt never shows the drawn date {\(name)}")
        case .scenarioNeedsCalendar:
            return l.pick("deadline 题需要节假日日历 calendar.yaml（放在课程文件旁）", "deadline questions need the holiday calendar calendar.yaml next to the course")
        case .scenarioRunsOutOfCalendar(let last):
            return l.pick("按范围上限计算，期限会算到 \(last)，超出节假日日历覆盖的年份", "at the top of its ranges the count runs to \(last), beyond the years of the holiday calendar")
        case .scenarioAnswerNeedsPart(let answer, let part):
            return l.pick("answer 为 \(answer) 时，scenario 须有 '\(part)'", "answer \(answer) needs '\(part)' in the scenario")
        }
    }
}
