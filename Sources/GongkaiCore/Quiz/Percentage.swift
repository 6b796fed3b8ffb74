/// The one rule for every percentage and point figure gongkai shows.
///
/// - An attempt's percentage is computed once, when it is graded, and stored in
///   the record; every view shows that stored value (`Score.percent`).
/// - Rounding is half up to one decimal, as a calculator does: 13/15 = 86.7 %.
/// - Pass or fail is decided on the exact fraction, never on the rounded figure.
///   A failing score that would round up to the pass mark keeps as many decimals
///   as it takes to stay below it (79.96 %), so a failed attempt never shows 80 %.
/// - Aggregates (means of best scores, pass rates, facility) use the same
///   half-up rounding (`rounded`), at one decimal for percentages.
public enum Percentage {
    /// Most decimals an attempt's percentage is ever given.
    static let maxDecimals = 6

    /// Half up to `decimals` places. The slack absorbs binary floating point
    /// (86.65 is stored as 86.64999…), far below any fraction a score can be.
    public static func rounded(_ value: Double, decimals: Int = 1) -> Double {
        guard value.isFinite else { return value }
        let scale = pow10(decimals)
        let scaled = value * scale
        let magnitude = (abs(scaled) + 0.5 + 1e-7).rounded(.down)
        return (scaled < 0 ? -magnitude : magnitude) / scale
    }

    /// Whether `points` of `max` reach `passPercent`, on the exact fraction.
    public static func reaches(points: Double, max: Double, passPercent: Double) -> Bool {
        max > 0 && points / max * 100 >= passPercent - 1e-9
    }

    /// The percentage stored in an attempt record (see the type's rule).
    public static func ofAttempt(points: Double, max: Double, passPercent: Double) -> Double {
        guard max > 0 else { return 0 }
        let exact = points / max * 100
        var shown = rounded(exact)
        guard !reaches(points: points, max: max, passPercent: passPercent) else { return shown }
        var decimals = 1
        while shown >= passPercent, decimals < maxDecimals {
            decimals += 1
            shown = rounded(exact, decimals: decimals)
        }
        if shown >= passPercent {
            // Closer to the mark than six decimals can tell: cut, never round up.
            let scale = pow10(maxDecimals)
            shown = (exact * scale).rounded(.down) / scale
        }
        return shown
    }

    /// `part` of `whole` as a percentage, rounded; nil when there is no whole.
    public static func rate(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? rounded(Double(part) / Double(whole) * 100) : nil
    }

    /// The mean of percentages, rounded; nil for none.
    public static func mean(_ values: some Collection<Double>) -> Double? {
        values.isEmpty ? nil : rounded(values.reduce(0, +) / Double(values.count))
    }

    /// A percentage already rounded by this rule, as text without the sign: `86.7`, `80`, `79.96`.
    public static func number(_ value: Double) -> String { JSONWriter.formatNumber(value) }

    /// A percentage already rounded by this rule, with the sign; `—` for none.
    public static func text(_ value: Double?) -> String {
        guard let value else { return "—" }
        return number(value) + "%"
    }

    /// Points as shown: at most two decimals (2/3 → 0.67).
    public static func points(_ value: Double) -> String {
        JSONWriter.formatNumber(rounded(value, decimals: 2))
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(n, 0) { result *= 10 }
        return result
    }
}
