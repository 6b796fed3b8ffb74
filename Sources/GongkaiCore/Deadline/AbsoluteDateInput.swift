import Foundation

/// Absolute dates for the deadline calculator and its drills (`gongkai deadline`,
/// answers to deadline questions): the forms of `DateInput.parse(_:today:)` that
/// need no today, plus `20251009` and a weekday in brackets, `2025年10月9日（星期四）`.
extension DateInput {
    /// The text with a trailing weekday in brackets removed and `YYYYMMDD` written as `YYYY-MM-DD`.
    public static func normalize(_ text: String) -> String {
        var s = TextNormalization.fold(text).filter { !$0.isWhitespace }
        // "2025年10月9日（星期四）": the weekday in brackets is not part of the date.
        if let bracket = s.firstIndex(where: { $0 == "(" || $0 == "（" }) { s = String(s[..<bracket]) }
        if s.count == 8, s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let digits = Array(s)
            s = String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
        }
        return s
    }

    /// An absolute date, or nil (no relative forms: a deadline drill's answer must name its day).
    public static func parse(_ text: String) -> LocalDate? {
        guard let (year, month, day) = yearMonthDay(normalize(text)) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
