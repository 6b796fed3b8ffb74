/// The State Council's holiday arrangements (国务院办公厅部分节假日安排), one per year,
/// from `Courses/calendar.yaml`. A date the arrangements do not mention is a working
/// day from Monday to Friday and a rest day on Saturday and Sunday.
public struct HolidayCalendar: Sendable, Equatable {
    public struct HolidayPeriod: Sendable, Equatable {
        public var name: String
        public var from: LocalDate
        public var to: LocalDate
        public var notice: String

        public init(name: String, from: LocalDate, to: LocalDate, notice: String) {
            self.name = name
            self.from = from
            self.to = to
            self.notice = notice
        }
    }

    /// A Saturday or Sunday worked in exchange for a holiday (调休上班).
    public struct AdjustedWorkingDay: Sendable, Equatable {
        public var date: LocalDate
        public var name: String
        public var notice: String

        public init(date: LocalDate, name: String, notice: String) {
            self.date = date
            self.name = name
            self.notice = notice
        }
    }

    public struct Arrangement: Sendable, Equatable {
        public var year: Int
        public var notice: String
        public var holidays: [HolidayPeriod]
        public var workingDays: [AdjustedWorkingDay]

        public init(year: Int, notice: String, holidays: [HolidayPeriod], workingDays: [AdjustedWorkingDay]) {
            self.year = year
            self.notice = notice
            self.holidays = holidays
            self.workingDays = workingDays
        }
    }

    /// What kind of day a date is, and why.
    public enum Day: Sendable, Equatable {
        case workingDay
        case weekend
        case holiday(name: String, notice: String)
        case adjustedWorkingDay(name: String, notice: String)

        public var isWorkingDay: Bool {
            switch self {
            case .workingDay, .adjustedWorkingDay: return true
            case .weekend, .holiday: return false
            }
        }
    }

    public let arrangements: [Arrangement]
    private let days: [Int: Day]
    private let coveredYears: Set<Int>

    /// The arrangements must not contradict each other (the parser checks that);
    /// a later entry for the same date wins.
    public init(arrangements: [Arrangement]) {
        self.arrangements = arrangements
        var days: [Int: Day] = [:]
        for arrangement in arrangements {
            for period in arrangement.holidays where period.from <= period.to {
                for day in period.from.daysSinceEpoch...period.to.daysSinceEpoch {
                    days[day] = .holiday(name: period.name, notice: period.notice)
                }
            }
            for worked in arrangement.workingDays {
                days[worked.date.daysSinceEpoch] = .adjustedWorkingDay(name: worked.name, notice: worked.notice)
            }
        }
        self.days = days
        self.coveredYears = Set(arrangements.map(\.year))
    }

    /// A calendar with no arrangement: weekends alone.
    public static let weekendsOnly = HolidayCalendar(arrangements: [])

    public var years: [Int] { coveredYears.sorted() }

    /// Whether the arrangement for the date's year is in the calendar.
    public func covers(_ date: LocalDate) -> Bool { coveredYears.contains(date.year) }

    public func day(_ date: LocalDate) -> Day {
        if let known = days[date.daysSinceEpoch] { return known }
        return date.weekday >= 6 ? .weekend : .workingDay
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool { day(date).isWorkingDay }

    /// A copy with one more holiday (for "adding a holiday never makes a deadline earlier").
    public func adding(holiday: HolidayPeriod, year: Int) -> HolidayCalendar {
        var arrangements = self.arrangements
        arrangements.append(Arrangement(year: year, notice: holiday.notice, holidays: [holiday], workingDays: []))
        return HolidayCalendar(arrangements: arrangements)
    }
}

extension LocalDate {
    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int {
        let r = (daysSinceEpoch + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }
}
