/// Dates as people type them at a deadline or done-date prompt: `2027-01-15`,
/// `2027/1/15`, `2027.1.15`, `2027年1月15日`, `1月15日`, `明天`, `+30`, `30天后`.
public enum DateInput {
    /// Which way a date without a year points: a deadline to the next such day, a
    /// completion date to the last one.
    public enum Direction: Sendable { case upcoming, past }

    public enum Problem: Error, Sendable, Equatable {
        /// Not a date in any accepted form.
        case unrecognised
        /// Read as a date, but there is no such day (2025-02-30, 13月1日).
        case impossible(year: Int?, month: Int, day: Int)
        /// More than ten years away.
        case tooFar
    }

    static let maximumDays = 3650

    public static func parse(_ text: String, today: LocalDate, direction: Direction = .upcoming) -> Result<LocalDate, Problem> {
        let folded = TextNormalization.fold(text).filter { !$0.isWhitespace }
        guard !folded.isEmpty else { return .failure(.unrecognised) }
        switch folded {
        case "今天", "今日", "today": return .success(today)
        case "明天", "明日", "tomorrow": return .success(today.adding(days: 1))
        case "后天": return .success(today.adding(days: 2))
        case "昨天", "昨日", "yesterday": return .success(today.adding(days: -1))
        case "前天": return .success(today.adding(days: -2))
        default: break
        }
        if let days = relativeDays(folded) {
            guard days <= maximumDays else { return .failure(.tooFar) }
            return .success(today.adding(days: days))
        }
        if let (year, month, day) = yearMonthDay(folded) {
            guard let date = LocalDate(year: year, month: month, day: day) else {
                return .failure(.impossible(year: year, month: month, day: day))
            }
            return .success(date)
        }
        if let (month, day) = monthDay(folded) {
            return nearest(month: month, day: day, today: today, direction: direction)
        }
        return .failure(.unrecognised)
    }

    /// The example a prompt shows: thirty days from today.
    public static func example(today: LocalDate) -> String { today.adding(days: 30).description }

    /// `+30`, `30天后`, `30日后`, `30 days`.
    static func relativeDays(_ text: String) -> Int? {
        var body = Substring(text)
        if body.hasPrefix("+") {
            body = body.dropFirst()
        } else if let suffix = ["天后", "日后", "天以后", "日以后", "days", "day"].first(where: { body.hasSuffix($0) }) {
            body = body.dropLast(suffix.count)
        } else {
            return nil
        }
        guard !body.isEmpty, body.count <= 6, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(body)
    }

    /// `2027-01-15`, `2027/1/15`, `2027.1.15`, `2027年1月15日` (or `号`).
    static func yearMonthDay(_ text: String) -> (Int, Int, Int)? {
        var parts: [Substring]
        if text.contains("年") {
            var body = Substring(text)
            if body.hasSuffix("日") || body.hasSuffix("号") { body = body.dropLast() }
            parts = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "年" || $0 == "月" })
        } else {
            parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return (y, m, d)
    }

    /// `1月15日`, `1月15号`, `1月15`.
    static func monthDay(_ text: String) -> (Int, Int)? {
        var body = Substring(text)
        if body.hasSuffix("日") || body.hasSuffix("号") { body = body.dropLast() }
        let parts = body.split(separator: "月", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let m = Int(parts[0]), let d = Int(parts[1])
        else { return nil }
        return (m, d)
    }

    /// The next (or last) month/day from today; 2月29日 finds the nearest leap year.
    static func nearest(month: Int, day: Int, today: LocalDate, direction: Direction) -> Result<LocalDate, Problem> {
        let step = direction == .upcoming ? 1 : -1
        for offset in 0...8 {
            let year = today.year + step * offset
            guard let date = LocalDate(year: year, month: month, day: day) else { continue }
            if direction == .upcoming ? date >= today : date <= today { return .success(date) }
        }
        return .failure(.impossible(year: nil, month: month, day: day))
    }

    /// Days in a month, for messages about impossible dates (nil: no such month).
    public static func days(inMonth month: Int, year: Int?) -> Int? {
        guard (1...12).contains(month) else { return nil }
        return LocalDate.daysIn(month: month, year: year ?? 2001)
    }
}
