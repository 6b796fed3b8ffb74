import Foundation

/// Formats a computed deadline: text for a clerk (each date with its rule and a
/// day-by-day count to check on a wall calendar) and JSON for other programs.
public enum DeadlineReport {
    public static func dateText(_ date: LocalDate, _ l: Language) -> String {
        let weekday = DeadlineText.weekday(date.weekday).text(in: l)
        return l.pick("\(date)（\(weekday)）", "\(date) (\(weekday))")
    }

    /// The warnings that must be seen before any date: uncovered years, a missing calendar.
    public static func warnings(_ result: DeadlineResult, calendar: HolidayCalendar?, _ l: Language) -> [String] {
        var lines: [String] = []
        if calendar == nil { lines.append(DeadlineText.noCalendar.text(in: l)) }
        if !result.uncoveredYears.isEmpty, let calendar {
            lines.append(DeadlineText.uncoveredWarning(years: result.uncoveredYears, covered: calendar.years).text(in: l))
        }
        return lines
    }

    /// The dates with their rules, without the day-by-day counts.
    public static func summary(_ result: DeadlineResult, _ l: Language) -> [String] {
        let input = result.input
        var lines: [String] = []
        func add(_ label: DeadlineText, _ date: LocalDate, _ rule: String) {
            lines.append(label.text(in: l) + l.pick("：", ": ") + dateText(date, l))
            lines.append("    " + rule)
        }
        lines.append(DeadlineText.methodLine(input.method).text(in: l))
        add(.receipt, result.receipt, DeadlineText.receiptRule(input.method).text(in: l))
        add(.supplementBy, result.supplementBy.end, DeadlineText.supplementRule.text(in: l))
        if let requested = input.supplementRequested {
            let arrived = input.supplementReceived.map { dateText($0, l) }
            lines.append("    " + DeadlineText.supplementAsked(requested: dateText(requested, l), arrived: arrived).text(in: l))
            if result.supplementLate { lines.append("    " + DeadlineText.supplementLate.text(in: l)) }
        }
        add(.reply, result.reply.end, DeadlineText.replyRule(afterSupplement: input.supplementReceived != nil).text(in: l))
        if input.supplementRequested != nil, input.supplementReceived == nil {
            lines.append("    " + DeadlineText.replyPendingSupplement.text(in: l))
        }
        for period in input.excluded where period.kind != .fee {
            lines.append("    " + DeadlineText.dayExcluded(period.kind).text(in: l) + l.pick("：", ": ") + "\(period.from)—\(period.to)")
        }
        if input.excluded.contains(where: { $0.kind != .fee }) { lines.append("    " + DeadlineText.excludedRule.text(in: l)) }
        if let fee = input.excluded.first(where: { $0.kind == .fee }) {
            lines.append("    " + DeadlineText.dayExcluded(.fee).text(in: l) + l.pick("：", ": ") + "\(fee.from)—\(fee.to)")
            lines.append("    " + DeadlineText.feeRule.text(in: l))
        }
        add(.extended, result.extended.end, DeadlineText.extendedRule(approved: input.extensionApproved).text(in: l))
        if let fee = result.feePayBy { add(.feePayBy, fee.end, DeadlineText.feeRule.text(in: l)) }
        return lines
    }

    /// One count, day by day; runs of skipped days with the same reason share a line.
    public static func count(_ title: DeadlineText, _ count: WorkingDayCount, _ l: Language) -> [String] {
        var lines = [DeadlineText.countHeading(title, start: count.start, days: count.workingDays).text(in: l)]
        var index = 0
        let days = count.days
        while index < days.count {
            let day = days[index]
            if case .counted(let n) = day.status {
                var text = "  \(dateText(day.date, l))  \(DeadlineText.dayCounted(n).text(in: l))"
                if let adjusted = day.adjustedWorkingDay {
                    text += "  " + DeadlineText.adjusted(name: adjusted.name, notice: adjusted.notice).text(in: l)
                }
                lines.append(text)
                index += 1
                continue
            }
            var last = index
            while last + 1 < days.count, days[last + 1].status == day.status { last += 1 }
            let span = last == index ? dateText(day.date, l) : "\(dateText(day.date, l)) — \(dateText(days[last].date, l))"
            lines.append("  \(span)  \(statusText(day.status, l))")
            index = last + 1
        }
        return lines
    }

    static func statusText(_ status: CountedDay.Status, _ l: Language) -> String {
        switch status {
        case .counted(let n): return DeadlineText.dayCounted(n).text(in: l)
        case .weekend: return DeadlineText.dayWeekend.text(in: l)
        case .holiday(let name, let notice): return DeadlineText.dayHoliday(name: name, notice: notice).text(in: l)
        case .excluded(let kind): return DeadlineText.dayExcluded(kind).text(in: l)
        }
    }

    public static func text(_ result: DeadlineResult, calendar: HolidayCalendar?, _ l: Language) -> String {
        var lines = warnings(result, calendar: calendar, l)
        if !lines.isEmpty { lines.append("") }
        lines += summary(result, l)
        lines.append("")
        lines.append(DeadlineText.convention.text(in: l))
        var counts: [(DeadlineText, WorkingDayCount)] = [(.supplementBy, result.supplementBy), (.reply, result.reply), (.extended, result.extended)]
        if let fee = result.feePayBy { counts.append((.feePayBy, fee)) }
        for (title, c) in counts {
            lines.append("")
            lines += count(title, c, l)
        }
        if !result.uncoveredYears.isEmpty || calendar == nil {
            lines.append("")
            lines += warnings(result, calendar: calendar, l)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ result: DeadlineResult, calendar: HolidayCalendar?, _ l: Language) -> JSONValue {
        func dayJSON(_ day: CountedDay) -> JSONValue {
            var object: [String: JSONValue] = ["date": .string(day.date.description), "weekday": .number(Double(day.date.weekday))]
            switch day.status {
            case .counted(let n):
                object["counted"] = .number(Double(n))
            case .weekend:
                object["skipped"] = "weekend"
            case .holiday(let name, let notice):
                object["skipped"] = "holiday"
                object["holiday"] = .string(name)
                object["notice"] = .string(notice)
            case .excluded(let kind):
                object["skipped"] = .string(kind.rawValue)
            }
            if let adjusted = day.adjustedWorkingDay {
                object["adjustedWorkingDay"] = .string(adjusted.name)
                object["notice"] = .string(adjusted.notice)
            }
            object["reason"] = .string(statusText(day.status, l))
            return .object(object)
        }
        func countJSON(_ c: WorkingDayCount, rule: DeadlineText) -> JSONValue {
            [
                "date": .string(c.end.description), "start": .string(c.start.description),
                "workingDays": .number(Double(c.workingDays)), "rule": .string(rule.text(in: l)), "days": .array(c.days.map(dayJSON)),
            ]
        }
        let input = result.input
        var object: [String: JSONValue] = [
            "schema": "gongkai.deadline/1",
            "method": .string(input.method.rawValue),
            "receipt": ["date": .string(result.receipt.description), "rule": .string(DeadlineText.receiptRule(input.method).text(in: l))],
            "supplementBy": countJSON(result.supplementBy, rule: .supplementRule),
            "supplementLate": .bool(result.supplementLate),
            "replyStart": .string(result.replyStart.description),
            "reply": countJSON(result.reply, rule: .replyRule(afterSupplement: input.supplementReceived != nil)),
            "extended": countJSON(result.extended, rule: .extendedRule(approved: input.extensionApproved)),
            "extensionApproved": .bool(input.extensionApproved),
            "finalDeadline": .string(result.finalDeadline.description),
            "excluded": .array(input.excluded.map { ["kind": .string($0.kind.rawValue), "from": .string($0.from.description), "to": .string($0.to.description)] }),
            "uncoveredYears": .array(result.uncoveredYears.map { .number(Double($0)) }),
            "calendarYears": .array((calendar?.years ?? []).map { .number(Double($0)) }),
            "warnings": .array(warnings(result, calendar: calendar, l).map(JSONValue.string)),
            "convention": .string(DeadlineText.convention.text(in: l)),
        ]
        if let r = input.supplementRequested { object["supplementRequested"] = .string(r.description) }
        if let s = input.supplementReceived { object["supplementReceived"] = .string(s.description) }
        if let fee = result.feePayBy { object["feePayBy"] = countJSON(fee, rule: .feeRule) }
        return .object(object)
    }
}

extension ApplicationMethod {
    /// The method from what people type: the English word or the Chinese one.
    public init?(typed: String) {
        let word = TextNormalization.fold(typed)
        switch word {
        case "in-person", "inperson", "当面", "当面提交", "现场": self = .inPerson
        case "post", "邮寄", "挂号", "快递": self = .post
        case "mail", "平信", "平常信函": self = .unsignedMail
        case "online", "网络", "互联网", "网上", "网申": self = .online
        case "fax", "传真": self = .fax
        default: return nil
        }
    }
}

extension ExcludedPeriod {
    /// `FROM..TO` (also `FROM,TO` and `FROM~TO`), as typed on the command line.
    public init?(kind: Kind, typed: String) {
        let text = typed.trimmingSpaces
        var parts: [String] = []
        for separator in ["..", ",", "，", "~", "～", " to ", "至"] where text.contains(separator) {
            parts = text.components(separatedBy: separator).map(\.trimmingSpaces)
            break
        }
        guard parts.count == 2, let from = LocalDate(parsing: parts[0]), let to = LocalDate(parsing: parts[1]) else { return nil }
        self.init(kind: kind, from: from, to: to)
    }
}
