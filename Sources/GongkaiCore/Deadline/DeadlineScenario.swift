import Foundation

/// The scenario of a `deadline` question: ranges instead of dates. Every attempt
/// draws concrete dates from it (`draw`), and the calculator gives the answer.
public struct DeadlineScenario: Sendable, Equatable {
    /// Which date the trainee is asked for.
    public enum Target: String, Sendable, CaseIterable, Equatable {
        case receipt
        case supplementBy = "supplement_by"
        case reply
        case extended
    }

    /// A number of working days, drawn between `lower` and `upper` (inclusive).
    public struct DayRange: Sendable, Equatable {
        public var lower: Int
        public var upper: Int

        public init(_ lower: Int, _ upper: Int) {
            self.lower = lower
            self.upper = upper
        }

        func draw(_ g: inout SeededGenerator) -> Int { lower + g.below(upper - lower + 1) }
    }

    /// A period not counted: it starts `after` working days after the previous event
    /// and lasts `length` working days.
    public struct Interval: Sendable, Equatable {
        public var kind: ExcludedPeriod.Kind
        public var after: DayRange
        public var length: DayRange

        public init(kind: ExcludedPeriod.Kind, after: DayRange, length: DayRange) {
            self.kind = kind
            self.after = after
            self.length = length
        }
    }

    public var method: ApplicationMethod
    public var receivedFrom: LocalDate
    public var receivedTo: LocalDate
    /// Working days after receipt.
    public var supplementRequested: DayRange?
    /// Working days after the request.
    public var supplementReceived: DayRange?
    /// Consultations in order, then the fee period; none overlaps the one before.
    public var periods: [Interval]
    public var extensionApproved: Bool
    public var target: Target
    /// Attached when the course is loaded (from `calendar.yaml`); nil means none was found.
    public var calendar: HolidayCalendar?
    /// Set on the copy of a question shown in an attempt: the date the calculator gives.
    public var resolvedAnswer: LocalDate?
    /// Where the scenario is in its file, for `validate` checks made once the calendar is known.
    public var sourceLine: Int = 0
    public var sourceColumn: Int = 0

    /// The same scenario wherever it is written in a file (an import writes a file afresh).
    public static func == (a: DeadlineScenario, b: DeadlineScenario) -> Bool {
        a.method == b.method && a.receivedFrom == b.receivedFrom && a.receivedTo == b.receivedTo
            && a.supplementRequested == b.supplementRequested && a.supplementReceived == b.supplementReceived
            && a.extensionApproved == b.extensionApproved && a.target == b.target && a.periods == b.periods && a.calendar == b.calendar && a.resolvedAnswer == b.resolvedAnswer
    }

    public init(
        method: ApplicationMethod, receivedFrom: LocalDate, receivedTo: LocalDate, supplementRequested: DayRange? = nil,
        supplementReceived: DayRange? = nil, periods: [Interval] = [], extensionApproved: Bool = false, target: Target,
        calendar: HolidayCalendar? = nil
    ) {
        self.method = method
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        self.supplementRequested = supplementRequested
        self.supplementReceived = supplementReceived
        self.periods = periods
        self.extensionApproved = extensionApproved
        self.target = target
        self.calendar = calendar
    }

    var effectiveCalendar: HolidayCalendar { calendar ?? .weekendsOnly }

    /// Concrete dates for one attempt. Receipt falls on a working day (offices sign and
    /// confirm on working days), unless the range holds none.
    public func draw(using g: inout SeededGenerator) -> DeadlineCase {
        let calendar = effectiveCalendar
        let span = max(receivedTo.daysSinceEpoch - receivedFrom.daysSinceEpoch, 0)
        let all = (0...span).map { receivedFrom.adding(days: $0) }
        let working = all.filter(calendar.isWorkingDay)
        let pool = working.isEmpty ? all : working
        let received = pool[g.below(pool.count)]
        var input = DeadlineCase(method: method, received: received, extensionApproved: extensionApproved)
        var cursor = received
        if let requested = supplementRequested {
            cursor = Self.after(cursor, requested.draw(&g), calendar)
            input.supplementRequested = cursor
            if let arrived = supplementReceived {
                cursor = Self.after(cursor, arrived.draw(&g), calendar)
                input.supplementReceived = cursor
            }
        }
        for period in periods {
            let from = Self.after(cursor, max(period.after.draw(&g), 1), calendar)
            let to = Self.after(from, max(period.length.draw(&g), 1) - 1, calendar)
            input.excluded.append(ExcludedPeriod(kind: period.kind, from: from, to: to))
            cursor = to
        }
        return input
    }

    /// The last date any draw can reach: every range at its top, every answer computed.
    public func latestDate() -> LocalDate? {
        var top = self
        top.receivedFrom = receivedTo
        top.supplementRequested = supplementRequested.map { DayRange($0.upper, $0.upper) }
        top.supplementReceived = supplementReceived.map { DayRange($0.upper, $0.upper) }
        top.periods = periods.map { Interval(kind: $0.kind, after: DayRange($0.after.upper, $0.after.upper), length: DayRange($0.length.upper, $0.length.upper)) }
        var g = SeededGenerator(seed: 0)
        guard let result = top.result(for: top.draw(using: &g)) else { return nil }
        return max(result.extended.end, result.supplementBy.end)
    }

    /// The n-th working day after `date` (the date itself when n is 0).
    static func after(_ date: LocalDate, _ n: Int, _ calendar: HolidayCalendar) -> LocalDate {
        DeadlineCalculator.count(from: date, workingDays: n, excluded: [], calendar: calendar).end
    }

    /// The calculator's result for drawn dates; nil only for dates it refuses (a broken draw).
    public func result(for drawn: DeadlineCase) -> DeadlineResult? {
        try? DeadlineCalculator.compute(drawn, calendar: effectiveCalendar)
    }

    public func expectedDate(_ result: DeadlineResult) -> LocalDate {
        switch target {
        case .receipt: return result.receipt
        case .supplementBy: return result.supplementBy.end
        case .reply: return result.reply.end
        case .extended: return result.extended.end
        }
    }

    // MARK: The prompt

    /// Placeholders a prompt may use, with the drawn date each stands for.
    public static func placeholders(_ drawn: DeadlineCase) -> [(String, LocalDate)] {
        var list: [(String, LocalDate)] = [("received", drawn.received)]
        if let r = drawn.supplementRequested { list.append(("supplement_requested", r)) }
        if let s = drawn.supplementReceived { list.append(("supplement_received", s)) }
        var consultation = 0
        for period in drawn.excluded {
            if period.kind == .fee {
                list += [("fee_notice", period.from), ("fee_paid", period.to)]
            } else {
                consultation += 1
                let name = consultation == 1 ? "consultation" : "consultation\(consultation)"
                list += [("\(name)_from", period.from), ("\(name)_to", period.to)]
            }
        }
        return list
    }

    /// The placeholder names this scenario draws (for `validate`).
    public var placeholderNames: [String] {
        var names = ["received"]
        if supplementRequested != nil { names.append("supplement_requested") }
        if supplementReceived != nil { names.append("supplement_received") }
        var consultation = 0
        for period in periods {
            if period.kind == .fee {
                names += ["fee_notice", "fee_paid"]
            } else {
                consultation += 1
                let name = consultation == 1 ? "consultation" : "consultation\(consultation)"
                names += ["\(name)_from", "\(name)_to"]
            }
        }
        return names
    }

    /// 2025年9月26日（星期五）: course content is Chinese.
    public static func chineseDate(_ date: LocalDate) -> String {
        "\(date.year)年\(date.month)月\(date.day)日（\(DeadlineText.weekday(date.weekday).text(in: .zh))）"
    }

    public static func render(_ text: String, drawn: DeadlineCase) -> String {
        var out = text
        for (name, date) in placeholders(drawn) { out = out.replacingOccurrences(of: "{\(name)}", with: chineseDate(date)) }
        return out
    }
}

extension Question {
    /// The question as one attempt shows it: the prompt with the drawn dates, the answer
    /// the calculator gives, and the explanation followed by the day-by-day count.
    public func resolvingDeadline(_ drawn: DeadlineCase) -> Question {
        guard case .deadline(var scenario) = answer else { return self }
        var copy = self
        copy.prompt = DeadlineScenario.render(prompt, drawn: drawn)
        guard let result = scenario.result(for: drawn) else { return copy }
        scenario.resolvedAnswer = scenario.expectedDate(result)
        copy.answer = .deadline(scenario)
        let count: WorkingDayCount?
        switch scenario.target {
        case .receipt: count = nil
        case .supplementBy: count = result.supplementBy
        case .reply: count = result.reply
        case .extended: count = result.extended
        }
        var lines = [DeadlineText.receipt.text(in: .zh) + "：" + DeadlineReport.dateText(result.receipt, .zh) + "，" + DeadlineText.receiptRule(drawn.method).text(in: .zh)]
        lines += DeadlineReport.warnings(result, calendar: scenario.calendar, .zh)
        if scenario.target == .extended {
            lines += DeadlineReport.count(.reply, result.reply, .zh)
        }
        if let count {
            let title: DeadlineText = scenario.target == .supplementBy ? .supplementBy : scenario.target == .reply ? .reply : .extended
            lines += DeadlineReport.count(title, count, .zh)
        }
        lines.append(DeadlineText.convention.text(in: .zh))
        copy.explanation = ([explanation].filter { !$0.isEmpty } + [lines.joined(separator: "\n")]).joined(separator: "\n")
        return copy
    }
}

/// The drawn dates in a record: `"drawn": {"method": "post", "received": "2025-09-26", ...}`.
enum DeadlineCaseCoding {
    static func json(_ c: DeadlineCase) -> JSONValue {
        var object: [String: JSONValue] = [
            "method": .string(c.method.rawValue), "received": .string(c.received.description),
            "extensionApproved": .bool(c.extensionApproved),
            "excluded": .array(c.excluded.map { ["kind": .string($0.kind.rawValue), "from": .string($0.from.description), "to": .string($0.to.description)] }),
        ]
        if let r = c.supplementRequested { object["supplementRequested"] = .string(r.description) }
        if let s = c.supplementReceived { object["supplementReceived"] = .string(s.description) }
        return .object(object)
    }

    static func decode(_ value: JSONValue, path: String) throws(RecordProblem) -> DeadlineCase {
        func date(_ key: String) throws(RecordProblem) -> LocalDate? {
            guard let v = value[key], v != .null else { return nil }
            guard let s = v.stringValue, let d = LocalDate(parsing: s) else { throw .field(path: "\(path).\(key)", expected: "a date") }
            return d
        }
        guard let methodText = value["method"]?.stringValue, let method = ApplicationMethod(rawValue: methodText) else {
            throw .field(path: "\(path).method", expected: "an application method")
        }
        guard let received = try date("received") else { throw .field(path: "\(path).received", expected: "a date") }
        var c = DeadlineCase(method: method, received: received, extensionApproved: value["extensionApproved"]?.boolValue ?? false)
        c.supplementRequested = try date("supplementRequested")
        c.supplementReceived = try date("supplementReceived")
        for (index, element) in (value["excluded"]?.arrayValue ?? []).enumerated() {
            guard let kind = element["kind"]?.stringValue.flatMap(ExcludedPeriod.Kind.init(rawValue:)),
                let from = element["from"]?.stringValue.flatMap(LocalDate.init(parsing:)),
                let to = element["to"]?.stringValue.flatMap(LocalDate.init(parsing:))
            else { throw .field(path: "\(path).excluded[\(index)]", expected: "a period") }
            c.excluded.append(ExcludedPeriod(kind: kind, from: from, to: to))
        }
        return c
    }
}
