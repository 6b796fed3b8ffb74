import Foundation

/// Dates as people type them: 2025-10-09, 2025/10/9, 2025.10.9, 2025年10月9日,
/// 20251009, and all of these in full-width digits.
public enum DateInput {
    /// The text rewritten as `Y-M-D` where it can be; otherwise as folded.
    public static func normalize(_ text: String) -> String {
        var s = TextNormalization.fold(text).replacingOccurrences(of: " ", with: "")
        // "2025年10月9日（星期四）": the weekday in brackets is not part of the date.
        if let bracket = s.firstIndex(where: { $0 == "(" || $0 == "（" }) { s = String(s[..<bracket]) }
        for (from, to) in [("年", "-"), ("月", "-"), ("日", ""), ("号", ""), ("－", "-"), ("／", "/"), ("。", ".")] {
            s = s.replacingOccurrences(of: from, with: to)
        }
        if s.count == 8, s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let digits = Array(s)
            s = String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
        }
        return s
    }

    public static func parse(_ text: String) -> LocalDate? { LocalDate(parsing: normalize(text)) }
}
