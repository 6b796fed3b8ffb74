import Yams

/// Reads `Courses/calendar.yaml`, reporting every problem with its line and column:
/// impossible dates, a date both a holiday and a working day, a working day that is
/// not a weekend, a year missing between the first and the last, a festival missing
/// from a year, an arrangement without its notice.
enum CalendarParser {
    static let rootKeys = ["arrangements"]
    static let arrangementKeys = ["year", "notice", "holidays", "working_days"]
    static let holidayKeys = ["name", "from", "to", "notice"]
    static let workingDayKeys = ["date", "name", "notice"]
    /// The seven holidays of 《全国年节及纪念日放假办法》 that every arrangement sets.
    static let festivals = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]

    static func parse(_ root: Node, sink: DiagnosticSink) -> HolidayCalendar? {
        guard let map = MappingReader(root, context: "calendar", allowed: rootKeys, sink: sink) else { return nil }
        let before = sink.errorCount
        var arrangements: [Arrangement] = []
        var yearLines: [Int: Int] = [:]
        for node in map.sequence("arrangements", required: true) ?? [] {
            guard let parsed = arrangement(node, sink: sink) else { continue }
            if let first = yearLines[parsed.value.year] {
                sink.error(parsed.yearMark, .deadline(.calendarDuplicateYear(year: parsed.value.year, firstLine: first)))
                continue
            }
            yearLines[parsed.value.year] = parsed.yearMark?.line ?? 0
            arrangements.append(parsed)
        }
        if map.has("arrangements"), arrangements.isEmpty, sink.errorCount == before {
            sink.error(map.markOf("arrangements"), .deadline(.calendarEmpty))
        }
        // Every year between the first and the last: a gap would be counted on weekends alone, silently.
        let years = arrangements.map(\.value.year)
        if let first = years.min(), let last = years.max() {
            for year in first...last where yearLines[year] == nil {
                sink.error(map.markOf("arrangements"), .deadline(.calendarMissingYear(year: year)))
            }
        }
        // One meaning per date, across all years.
        var holidayAt: [Int: (name: String, line: Int)] = [:]
        for parsed in arrangements {
            for (period, mark) in zip(parsed.value.holidays, parsed.holidayMarks) where period.from <= period.to {
                for day in period.from.daysSinceEpoch...period.to.daysSinceEpoch {
                    if let other = holidayAt[day] {
                        sink.error(mark, .deadline(.calendarHolidayOverlap(date: LocalDate(daysSinceEpoch: day).description, otherLine: other.line)))
                        break
                    }
                    holidayAt[day] = (period.name, mark?.line ?? 0)
                }
            }
        }
        var workingAt: [Int: Int] = [:]
        for parsed in arrangements {
            for (worked, mark) in zip(parsed.value.workingDays, parsed.workingDayMarks) {
                let day = worked.date.daysSinceEpoch
                if let holiday = holidayAt[day] {
                    sink.error(mark, .deadline(.calendarBothHolidayAndWorkingDay(date: worked.date.description, holidayLine: holiday.line)))
                }
                if let first = workingAt[day] {
                    sink.error(mark, .deadline(.calendarDuplicateDate(date: worked.date.description, firstLine: first)))
                }
                workingAt[day] = mark?.line ?? 0
            }
        }
        guard sink.errorCount == before else { return nil }
        return HolidayCalendar(arrangements: arrangements.map(\.value))
    }

    struct Arrangement {
        var value: HolidayCalendar.Arrangement
        var yearMark: Mark?
        var holidayMarks: [Mark?]
        var workingDayMarks: [Mark?]
    }

    static func arrangement(_ node: Node, sink: DiagnosticSink) -> Arrangement? {
        guard let map = MappingReader(node, context: "arrangements", allowed: arrangementKeys, sink: sink) else { return nil }
        let year = map.int("year", required: true)
        if let year, !(1949...9999).contains(year) {
            sink.error(map.markOf("year"), .outOfRange(key: "year", value: String(year), range: "1949–9999"))
        }
        let notice = map.string("notice", required: true).map(\.trimmingSpaces)
        if let notice { checkNotice(notice, mark: map.markOf("notice"), sink: sink) }
        var holidays: [HolidayCalendar.HolidayPeriod] = []
        var holidayMarks: [Mark?] = []
        var named: [String] = []
        for element in map.sequence("holidays", required: true) ?? [] {
            guard let h = MappingReader(element, context: "holidays", allowed: holidayKeys, sink: sink) else { continue }
            let name = h.string("name", required: true)?.trimmingSpaces
            if let name { named.append(name) }
            let from = date(h, "from", sink: sink)
            let to = date(h, "to", sink: sink)
            let own = h.string("notice")?.trimmingSpaces
            if let own { checkNotice(own, mark: h.markOf("notice"), sink: sink) }
            guard let name, let from, let to, let year else { continue }
            if to < from {
                sink.error(h.markOf("to"), .deadline(.calendarPeriodReversed(from: from.description, to: to.description)))
                continue
            }
            // The longest arrangement so far is ten days (2020); a month means a typo in a date.
            if to.daysSinceEpoch - from.daysSinceEpoch > 31 {
                sink.error(h.markOf("to"), .deadline(.calendarPeriodTooLong(from: from.description, to: to.description)))
                continue
            }
            for (key, d) in [("from", from), ("to", to)] where !belongs(d, to: year) {
                sink.error(h.markOf(key), .deadline(.calendarDateOutsideYear(date: d.description, year: year)))
            }
            holidays.append(HolidayCalendar.HolidayPeriod(name: name, from: from, to: to, notice: own ?? notice ?? ""))
            holidayMarks.append(element.mark)
        }
        var workingDays: [HolidayCalendar.AdjustedWorkingDay] = []
        var workingDayMarks: [Mark?] = []
        for element in map.sequence("working_days") ?? [] {
            guard let w = MappingReader(element, context: "working_days", allowed: workingDayKeys, sink: sink) else { continue }
            let name = w.string("name", required: true)?.trimmingSpaces
            let d = date(w, "date", sink: sink)
            let own = w.string("notice")?.trimmingSpaces
            if let own { checkNotice(own, mark: w.markOf("notice"), sink: sink) }
            guard let name, let d, let year else { continue }
            if d.weekday < 6 {
                sink.error(w.markOf("date"), .deadline(.calendarWorkingDayNotWeekend(date: d.description)))
            }
            if !belongs(d, to: year) {
                sink.error(w.markOf("date"), .deadline(.calendarDateOutsideYear(date: d.description, year: year)))
            }
            workingDays.append(HolidayCalendar.AdjustedWorkingDay(date: d, name: name, notice: own ?? notice ?? ""))
            workingDayMarks.append(element.mark)
        }
        if let year, map.has("holidays") {
            for festival in festivals where !named.contains(where: { $0.contains(festival) }) {
                sink.error(map.keyMark("holidays"), .deadline(.calendarMissingFestival(year: year, festival: festival)))
            }
        }
        // Kept even with errors, so that the checks across years still run; the caller refuses the file.
        guard let year else { return nil }
        return Arrangement(
            value: HolidayCalendar.Arrangement(year: year, notice: notice ?? "", holidays: holidays, workingDays: workingDays),
            yearMark: map.markOf("year"), holidayMarks: holidayMarks, workingDayMarks: workingDayMarks)
    }

    /// An arrangement for year Y may start in December of Y-1 (元旦 over the new year).
    static func belongs(_ date: LocalDate, to year: Int) -> Bool {
        date.year == year || (date.year == year - 1 && date.month == 12)
    }

    static func date(_ map: MappingReader, _ key: String, sink: DiagnosticSink) -> LocalDate? {
        guard let text = map.string(key, required: true) else { return nil }
        guard let date = LocalDate(parsing: text) else {
            sink.error(map.markOf(key), .invalidDate(value: text))
            return nil
        }
        return date
    }

    /// A notice number as the State Council writes it: 国办发明电〔2025〕7号.
    static func checkNotice(_ notice: String, mark: Mark?, sink: DiagnosticSink) {
        if !isNoticeNumber(notice) { sink.error(mark, .deadline(.calendarBadNotice(value: notice))) }
    }

    static func isNoticeNumber(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "〔"), let close = text.firstIndex(of: "〕"), open < close,
            text.hasSuffix("号"), open > text.startIndex
        else { return false }
        let year = text[text.index(after: open)..<close]
        let number = text[text.index(after: close)..<text.index(before: text.endIndex)]
        return year.count == 4 && year.allSatisfy { $0.isASCII && $0.isNumber } && !number.isEmpty
            && number.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
