/// How an application came in; it decides the date of receipt (条例第三十一条).
public enum ApplicationMethod: String, Sendable, CaseIterable, Equatable {
    /// 当面提交: the day it is handed in.
    case inPerson = "in-person"
    /// 邮寄: the day the agency signs for it.
    case post
    /// 平信 (mail nobody signs for): the day the office confirms it with the applicant.
    case unsignedMail = "mail"
    /// 互联网渠道 or 传真: the day both sides confirm it.
    case online
    case fax
}

/// A closed period of days that are not counted in the reply period.
public struct ExcludedPeriod: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// 征求第三方意见 (第三十二条).
        case thirdParty = "third-party"
        /// 征求其他机关意见 (第三十四条).
        case otherAgency = "other-agency"
        /// From the fee notice to payment (国办函〔2020〕109号).
        case fee
    }

    public var kind: Kind
    public var from: LocalDate
    public var to: LocalDate

    public init(kind: Kind, from: LocalDate, to: LocalDate) {
        self.kind = kind
        self.from = from
        self.to = to
    }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }
}

/// Everything the calculator needs to know about one application.
public struct DeadlineCase: Sendable, Equatable {
    public var method: ApplicationMethod
    /// The date that counts as receipt for the method: handed in, signed for, confirmed.
    public var received: LocalDate
    /// When the agency asked for a supplement (once, 第三十条), and when it arrived.
    public var supplementRequested: LocalDate?
    public var supplementReceived: LocalDate?
    public var excluded: [ExcludedPeriod]
    /// Whether the head of the disclosure office approved an extension (第三十三条第二款).
    public var extensionApproved: Bool

    public init(
        method: ApplicationMethod, received: LocalDate, supplementRequested: LocalDate? = nil,
        supplementReceived: LocalDate? = nil, excluded: [ExcludedPeriod] = [], extensionApproved: Bool = false
    ) {
        self.method = method
        self.received = received
        self.supplementRequested = supplementRequested
        self.supplementReceived = supplementReceived
        self.excluded = excluded
        self.extensionApproved = extensionApproved
    }
}

/// One day of a count, as a clerk would tick it off on a wall calendar.
public struct CountedDay: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// The n-th working day of the period.
        case counted(Int)
        case weekend
        case holiday(name: String, notice: String)
        /// A working day inside a consultation or fee period.
        case excluded(ExcludedPeriod.Kind)
    }

    public var date: LocalDate
    public var status: Status
    /// A Saturday or Sunday worked under the calendar (调休上班), counted like any working day.
    public var adjustedWorkingDay: (name: String, notice: String)?

    public static func == (a: CountedDay, b: CountedDay) -> Bool {
        a.date == b.date && a.status == b.status && a.adjustedWorkingDay?.name == b.adjustedWorkingDay?.name
            && a.adjustedWorkingDay?.notice == b.adjustedWorkingDay?.notice
    }
}

/// A period of working days counted from a start date, ending on its last working day.
public struct WorkingDayCount: Sendable, Equatable {
    public var start: LocalDate
    public var workingDays: Int
    public var end: LocalDate
    public var days: [CountedDay]
}

public struct DeadlineResult: Sendable, Equatable {
    public var input: DeadlineCase
    public var receipt: LocalDate
    /// The last day to ask for a supplement: 7 working days (第三十条).
    public var supplementBy: WorkingDayCount
    /// The supplement was asked for after its last day.
    public var supplementLate: Bool
    /// Receipt, or the arrival of the supplement (第三十条: the period runs from then).
    public var replyStart: LocalDate
    /// 20 working days (第三十三条第二款), consultation and fee time not counted.
    public var reply: WorkingDayCount
    /// 20 more working days after the reply deadline, if approved.
    public var extended: WorkingDayCount
    /// The applicant's 20 working days to pay after a fee notice (国办函〔2020〕109号).
    public var feePayBy: WorkingDayCount?
    /// Years the counts ran through that the calendar does not cover: weekends alone there.
    public var uncoveredYears: [Int]

    /// The deadline that binds the agency: extended when approved.
    public var finalDeadline: LocalDate { input.extensionApproved ? extended.end : reply.end }
}

public enum DeadlineProblem: Error, Sendable, Equatable {
    case supplementReceivedWithoutRequest
    case supplementRequestBeforeReceipt(requested: LocalDate, received: LocalDate)
    case supplementBeforeRequest(arrived: LocalDate, requested: LocalDate)
    case periodReversed(ExcludedPeriod)
    case periodBeforeStart(ExcludedPeriod, start: LocalDate)
    case periodsOverlap(ExcludedPeriod, ExcludedPeriod)
    case periodTooLong(ExcludedPeriod)
    case dateOutOfRange(LocalDate)
}

/// Working-day deadlines of a disclosure request. Pure: the calendar is passed in.
///
/// Convention (stated in the README with its legal basis): the day of receipt is not
/// counted, counting starts on the next day (民法典第二百零一条; 行政诉讼法第八十三条),
/// and the period ends on its last working day; holidays and weekends are skipped,
/// Saturdays and Sundays worked under the State Council's arrangement are counted.
public enum DeadlineCalculator {
    public static let supplementDays = 7
    public static let replyDays = 20
    public static let extensionDays = 20
    public static let feeDays = 20
    /// Dates the calculator accepts; beyond them a typo (2205 for 2025) is more likely than a request.
    public static let years = 1990...2100

    public static func compute(_ input: DeadlineCase, calendar: HolidayCalendar) throws(DeadlineProblem) -> DeadlineResult {
        try check(input)
        let receipt = input.received
        let supplementBy = count(from: receipt, workingDays: supplementDays, excluded: [], calendar: calendar)
        let late = input.supplementRequested.map { $0 > supplementBy.end } ?? false
        let start = input.supplementReceived ?? receipt
        let reply = count(from: start, workingDays: replyDays, excluded: input.excluded, calendar: calendar)
        let extended = count(from: reply.end, workingDays: extensionDays, excluded: input.excluded, calendar: calendar)
        let feePayBy = input.excluded.first { $0.kind == .fee }.map {
            count(from: $0.from, workingDays: feeDays, excluded: [], calendar: calendar)
        }
        var dates = [receipt, start] + input.excluded.flatMap { [$0.from, $0.to] }
        dates += ([supplementBy, reply, extended] + (feePayBy.map { [$0] } ?? [])).flatMap { $0.days.map(\.date) }
        if let r = input.supplementRequested { dates.append(r) }
        let uncovered = Set(dates.map(\.year).filter { year in !calendar.years.contains(year) }).sorted()
        return DeadlineResult(
            input: input, receipt: receipt, supplementBy: supplementBy, supplementLate: late, replyStart: start, reply: reply,
            extended: extended, feePayBy: feePayBy, uncoveredYears: uncovered)
    }

    /// The checks `compute` makes first; the shell calls it after every answer to ask again at once.
    public static func check(_ input: DeadlineCase) throws(DeadlineProblem) {
        var all = [input.received]
        if let r = input.supplementRequested { all.append(r) }
        if let s = input.supplementReceived { all.append(s) }
        all += input.excluded.flatMap { [$0.from, $0.to] }
        for date in all where !years.contains(date.year) { throw .dateOutOfRange(date) }
        if input.supplementReceived != nil, input.supplementRequested == nil { throw .supplementReceivedWithoutRequest }
        if let requested = input.supplementRequested, requested < input.received {
            throw .supplementRequestBeforeReceipt(requested: requested, received: input.received)
        }
        if let requested = input.supplementRequested, let arrived = input.supplementReceived, arrived < requested {
            throw .supplementBeforeRequest(arrived: arrived, requested: requested)
        }
        let start = input.supplementReceived ?? input.received
        for period in input.excluded {
            if period.to < period.from { throw .periodReversed(period) }
            if period.to.daysSinceEpoch - period.from.daysSinceEpoch > 366 { throw .periodTooLong(period) }
            if period.from < start { throw .periodBeforeStart(period, start: start) }
        }
        let sorted = input.excluded.sorted { $0.from < $1.from }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.from <= a.to { throw .periodsOverlap(a, b) }
    }

    /// Counts `workingDays` working days after `start` (the start day itself is not counted).
    public static func count(
        from start: LocalDate, workingDays: Int, excluded: [ExcludedPeriod], calendar: HolidayCalendar
    ) -> WorkingDayCount {
        var days: [CountedDay] = []
        var counted = 0
        var date = start
        while counted < workingDays {
            date = date.adding(days: 1)
            let day = calendar.day(date)
            var adjusted: (name: String, notice: String)?
            if case .adjustedWorkingDay(let name, let notice) = day { adjusted = (name, notice) }
            let status: CountedDay.Status
            switch day {
            case .weekend: status = .weekend
            case .holiday(let name, let notice): status = .holiday(name: name, notice: notice)
            case .workingDay, .adjustedWorkingDay:
                if let period = excluded.first(where: { $0.contains(date) }) {
                    status = .excluded(period.kind)
                } else {
                    counted += 1
                    status = .counted(counted)
                }
            }
            days.append(CountedDay(date: date, status: status, adjustedWorkingDay: adjusted))
        }
        return WorkingDayCount(start: start, workingDays: workingDays, end: date, days: days)
    }
}
