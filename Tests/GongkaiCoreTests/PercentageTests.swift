import Testing

@testable import GongkaiCore

/// The one rounding rule (see `Percentage`): half up to one decimal, pass/fail on
/// the exact fraction, and a failing score never shown as the pass mark.
@Suite("Percentage")
struct PercentageTests {
    @Test func halfUpToOneDecimalAsACalculatorDoes() {
        #expect(Percentage.ofAttempt(points: 13, max: 15, passPercent: 80) == 86.7, "86.666… → 86.7, not 86.6")
        #expect(Percentage.ofAttempt(points: 7, max: 9, passPercent: 80) == 77.8, "77.777… → 77.8")
        #expect(Percentage.ofAttempt(points: 2, max: 3, passPercent: 60) == 66.7)
        #expect(Percentage.ofAttempt(points: 1, max: 3, passPercent: 60) == 33.3)
        #expect(Percentage.ofAttempt(points: 8, max: 8, passPercent: 80) == 100)
        #expect(Percentage.ofAttempt(points: 0, max: 0, passPercent: 80) == 0)
        #expect(Percentage.ofAttempt(points: 0, max: 15, passPercent: 80) == 0)
    }

    @Test func exactHalvesRoundUpDespiteBinaryFloatingPoint() {
        #expect(Percentage.rounded(86.65) == 86.7, "86.65 is stored as 86.6499…")
        #expect(Percentage.rounded(0.05) == 0.1)
        #expect(Percentage.rounded(55.978) == 56)
        #expect(Percentage.rounded(55.949) == 55.9)
        #expect(Percentage.rounded(1733.0 / 2000 * 100) == 86.7)
        #expect(Percentage.rounded(2.0 / 3.0, decimals: 2) == 0.67)
        #expect(Percentage.rounded(0.6665, decimals: 3) == 0.667)
    }

    @Test func theBoundariesOfThePassMark() {
        // 79.95 % fails: one decimal would show 80.0, so it keeps a second.
        #expect(!Percentage.reaches(points: 1599, max: 2000, passPercent: 80))
        #expect(Percentage.ofAttempt(points: 1599, max: 2000, passPercent: 80) == 79.95)
        // 79.96 % fails and shows as such.
        #expect(Percentage.ofAttempt(points: 1999, max: 2500, passPercent: 80) == 79.96)
        // 79.996 % needs three decimals.
        #expect(Percentage.ofAttempt(points: 19999, max: 25000, passPercent: 80) == 79.996)
        // 80.0 % passes, even when floating point makes it 79.999…
        #expect(Percentage.reaches(points: 24, max: 30, passPercent: 80))
        #expect(Percentage.ofAttempt(points: 24, max: 30, passPercent: 80) == 80)
        #expect(Percentage.reaches(points: 0.1 * 3 * 80, max: 24, passPercent: 100) == true)
        // 86.67 with a pass mark above it: fails, shown as 86.7 (below 90).
        #expect(Percentage.ofAttempt(points: 13, max: 15, passPercent: 90) == 86.7)
        // A fraction below the mark by less than a millionth is cut, never rounded up to it.
        let hair = Percentage.ofAttempt(points: 80 - 1e-8, max: 100, passPercent: 80)
        #expect(hair < 80)
    }

    @Test func aFailingScoreIsNeverShownAtOrAboveThePassMark() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let max = Double(1 + generator.below(400))
            let points = Double(generator.below(Int(max) + 1)) * (generator.below(3) == 0 ? 2.0 / 3.0 : 1)
            let pass = Double(50 + generator.below(51))
            let shown = Percentage.ofAttempt(points: points, max: max, passPercent: pass)
            let passes = Percentage.reaches(points: points, max: max, passPercent: pass)
            #expect(passes == (shown >= pass), "\(points)/\(max) at \(pass): \(shown)")
            #expect(abs(shown - points / max * 100) <= 0.05 + 1e-9)
        }
    }

    @Test func ratesAndMeansUseTheSameRule() {
        #expect(Percentage.rate(13, of: 15) == 86.7)
        #expect(Percentage.rate(1, of: 3) == 33.3)
        #expect(Percentage.rate(2, of: 3) == 66.7)
        #expect(Percentage.rate(0, of: 0) == nil)
        #expect(Percentage.mean([80, 86.7, 100]) == 88.9)
        #expect(Percentage.mean([Double]()) == nil)
    }

    @Test func pointsShowAtMostTwoDecimals() {
        #expect(Percentage.points(2.0 / 3.0) == "0.67")
        #expect(Percentage.points(1.0 / 3.0) == "0.33")
        #expect(Percentage.points(11.666666) == "11.67")
        #expect(Percentage.points(15) == "15")
        #expect(Percentage.points(0.5) == "0.5")
        #expect(Score(points: 2.0 / 3.0, max: 1, passPercent: 80).pointsText == "0.67/1")
        #expect(Score(points: 1599, max: 2000, passPercent: 80).percentText == "79.95%")
    }

    @Test func recordsKeepThePercentageTheyWereGradedWith() throws {
        // A record from an earlier version rounded down: its stored figure is what every view shows.
        var record = TestSupport.attemptWithEveryResponse()
        record.score = Score(storedPoints: record.score.points, max: record.score.max, percent: 51.8)
        let (decoded, integrity) = try RecordCodec.decode(RecordCodec.encode(record), as: AttemptRecord.self)
        #expect(integrity == .verified)
        #expect(decoded.score.percent == 51.8, "not recomputed as 51.9")
        #expect(decoded.score.percentText == "51.8%")
    }

    @Test func implausibleStoredFiguresAreRefusedByEveryReader() {
        #expect(Score.implausibleField(points: 1, max: 2, percent: 50) == nil)
        #expect(Score.implausibleField(points: -1, max: 2, percent: 50)?.0 == "points")
        #expect(Score.implausibleField(points: 3, max: 2, percent: 50)?.0 == "max")
        #expect(Score.implausibleField(points: 1, max: 2, percent: 1e308)?.0 == "percent")
        #expect(Score.implausibleField(points: 1, max: 2, percent: -0.1)?.0 == "percent")
        #expect(Score.implausibleField(points: .nan, max: 2, percent: 5)?.0 == "points")
    }
}
