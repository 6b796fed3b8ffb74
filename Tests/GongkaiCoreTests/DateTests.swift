import Foundation
import Testing

@testable import GongkaiCore

// MARK: - LocalDate

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("2020-07-08", 2020, 7, 8), ("2020/7/8", 2020, 7, 8), ("2020/07/08", 2020, 7, 8), ("2020.7.8", 2020, 7, 8),
        ("2020-7-08", 2020, 7, 8), (" 2020-07-08 ", 2020, 7, 8), ("2020-02-29", 2020, 2, 29), ("2000-02-29", 2000, 2, 29),
        ("2021-12-31", 2021, 12, 31), ("0001-01-01", 1, 1, 1), ("9999-12-31", 9999, 12, 31),
    ])
    func parsesAcceptedForms(_ text: String, _ year: Int, _ month: Int, _ day: Int) throws {
        let date = try #require(LocalDate(parsing: text))
        #expect(date.year == year && date.month == month && date.day == day)
    }

    @Test(arguments: [
        "2021-02-29", "1900-02-29", "2020-02-30", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32",
        "20-07-08", "20200708", "2020-07", "2020-07-08-01", "2020-07-08x", "x2020-07-08", "２０２０-07-08", "2020-7-8T",
        "", "2020-007-08", "0000-01-01", "2020-+7-08",
    ])
    func rejectsInvalidDates(_ text: String) {
        #expect(LocalDate(parsing: text) == nil, "\(text)")
    }

    @Test(arguments: ["2020--07-08", "2020-07-08-", "-2020-07-08", "2020//07/08"])
    func rejectsEmptyFields(_ text: String) {
        #expect(LocalDate(parsing: text) == nil, "\(text)")
    }

    @Test func memberwiseInitValidates() {
        #expect(LocalDate(year: 2021, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2020, month: 6, day: 31) == nil)
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
        #expect(LocalDate(year: 2020, month: 0, day: 1) == nil)
    }

    @Test func descriptionIsZeroPadded() {
        #expect(LocalDate(year: 2020, month: 7, day: 8)?.description == "2020-07-08")
        #expect(LocalDate(year: 33, month: 1, day: 2)?.description == "0033-01-02")
    }

    @Test func knownDaysSinceEpoch() {
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        #expect(LocalDate(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11017)
        #expect(LocalDate(year: 2020, month: 7, day: 8)?.daysSinceEpoch == 18451)
    }

    @Test func daysArithmeticRoundTripsOverARange() throws {
        let start = try #require(LocalDate(year: 1899, month: 12, day: 25))
        var previous = start
        var problems: [String] = []
        for offset in 1...(366 * 210) {
            let date = start.adding(days: offset)
            if date.daysSinceEpoch != start.daysSinceEpoch + offset { problems.append("days of \(date)") }
            if LocalDate(daysSinceEpoch: date.daysSinceEpoch) != date { problems.append("round trip of \(date)") }
            if LocalDate(year: date.year, month: date.month, day: date.day) != date { problems.append("invalid \(date)") }
            if LocalDate(parsing: date.description) != date { problems.append("parse of \(date)") }
            if !(previous < date) { problems.append("order \(previous) \(date)") }
            // Consecutive days: the next day of the month, or the first of the next month or year.
            let sameMonth = date.year == previous.year && date.month == previous.month && date.day == previous.day + 1
            let nextMonth =
                date.day == 1
                && (date.month == previous.month + 1 && date.year == previous.year
                    || date.month == 1 && previous.month == 12 && date.year == previous.year + 1)
            if !(sameMonth || nextMonth) { problems.append("\(previous) → \(date)") }
            if problems.count > 5 { break }
            previous = date
        }
        #expect(problems == [])
        #expect(previous.description == "2110-06-01" || previous > start)
        #expect(start.adding(days: 10).adding(days: -10) == start)
        #expect(start.adding(days: -365).description == "1898-12-25")
    }

    @Test func daysAgreeWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = Date(timeIntervalSince1970: 0)
        for offset in stride(from: -30000, through: 60000, by: 37) {
            let date = calendar.date(byAdding: .day, value: offset, to: epoch)!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let local = LocalDate(daysSinceEpoch: offset)
            #expect(local.year == parts.year && local.month == parts.month && local.day == parts.day, "\(offset)")
        }
    }

    @Test func comparisonFollowsTheCalendar() throws {
        let a = try #require(LocalDate(parsing: "2020-12-31"))
        let b = try #require(LocalDate(parsing: "2021-01-01"))
        #expect(a < b)
        #expect(!(b < a))
        #expect([b, a].sorted() == [a, b])
        #expect(a.adding(days: 1) == b)
    }
}

// MARK: - Timestamp

@Suite struct TimestampTests {
    @Test(arguments: [
        "2020-07-08T09:30:00+08:00", "2020-07-08T01:30:00Z", "2020-07-07T20:30:00-05:00", "2020-07-08T07:15:00+05:45",
        "1969-12-31T23:59:59Z", "2020-02-29T00:00:00-00:30", "2038-01-19T03:14:08Z", "1900-01-01T00:00:00+08:00",
    ])
    func formatParseRoundTrip(_ text: String) throws {
        let time = try #require(Timestamp(parsing: text))
        #expect(time.description == text)
        #expect(Timestamp(parsing: time.description) == time)
        #expect(Timestamp(parsing: time.description)?.offset == time.offset)
    }

    @Test func theSameInstantInDifferentOffsets() throws {
        let beijing = try #require(Timestamp(parsing: "2020-07-08T09:30:00+08:00"))
        let utc = try #require(Timestamp(parsing: "2020-07-08T01:30:00Z"))
        let newYork = try #require(Timestamp(parsing: "2020-07-07T21:30:00-04:00"))
        #expect(beijing.seconds == 1_594_171_800)
        #expect(beijing.seconds == utc.seconds)
        #expect(newYork.seconds == utc.seconds)
        #expect(beijing.offset == 28800)
        #expect(utc.offset == 0)
        #expect(newYork.offset == -14400)
        #expect(!(beijing < utc) && !(utc < beijing))
    }

    @Test func secondsAgreeWithFoundation() throws {
        let text = "2020-07-08T09:30:00+08:00"
        let time = try #require(Timestamp(parsing: text))
        let formatter = ISO8601DateFormatter()
        let date = try #require(formatter.date(from: text))
        #expect(time.date == date)
        #expect(Timestamp(date: date, timeZone: TimeZone(secondsFromGMT: 8 * 3600)!) == time)
        #expect(Timestamp(date: date, timeZone: TimeZone(secondsFromGMT: -5 * 3600)!).description == "2020-07-07T20:30:00-05:00")
    }

    @Test func fractionalSecondsAndSpaceSeparatorAreAccepted() throws {
        let time = try #require(Timestamp(parsing: "2020-07-08T09:30:00.123+08:00"))
        #expect(time.description == "2020-07-08T09:30:00+08:00")
        #expect(Timestamp(parsing: "2020-07-08 09:30:00+08:00") == time)
    }

    @Test(arguments: [
        "", "2020-07-08", "2020-07-08T09:30:00", "2020-07-08T09:30+08:00", "2020-07-08T24:00:00Z", "2020-07-08T09:60:00Z",
        "2020-07-08T09:30:00+0800", "2020-07-08T09:30:00+08", "2020-07-08T09:30:00Zjunk", "2020-07-08T09:30:00 Z",
        "2021-02-29T09:30:00Z", "2020-07-08X09:30:00Z", "2020-07-08T9:30:00+08:00", "2020-07-08T09:30:00+08:00 ",
    ])
    func rejectsMalformedTimestamps(_ text: String) {
        #expect(Timestamp(parsing: text) == nil, "\(text)")
    }

    @Test func localDateAcrossMidnight() throws {
        // 16:30 UTC on 7 July is 00:30 on 8 July in Beijing.
        let utc = try #require(Timestamp(parsing: "2020-07-07T16:30:00Z"))
        let beijing = Timestamp(seconds: utc.seconds, offset: 8 * 3600)
        #expect(utc.localDate.description == "2020-07-07")
        #expect(beijing.localDate.description == "2020-07-08")
        #expect(beijing.description == "2020-07-08T00:30:00+08:00")
        #expect(beijing.localTimeOfDay == (0, 30, 0))
        // And westwards: 02:00 UTC on 8 July is still 7 July in New York.
        let early = try #require(Timestamp(parsing: "2020-07-08T02:00:00Z"))
        #expect(Timestamp(seconds: early.seconds, offset: -4 * 3600).localDate.description == "2020-07-07")
        // One second before and at local midnight.
        let before = try #require(Timestamp(parsing: "2020-07-07T23:59:59+08:00"))
        let at = try #require(Timestamp(parsing: "2020-07-08T00:00:00+08:00"))
        #expect(at.seconds - before.seconds == 1)
        #expect(before.localDate.description == "2020-07-07")
        #expect(at.localDate.description == "2020-07-08")
    }

    @Test func localDateBeforeTheEpoch() {
        #expect(Timestamp(seconds: -1, offset: 0).localDate.description == "1969-12-31")
        #expect(Timestamp(seconds: -86400, offset: 0).localDate.description == "1969-12-31")
        #expect(Timestamp(seconds: -86401, offset: 0).localDate.description == "1969-12-30")
        #expect(Timestamp(seconds: -1, offset: 0).localTimeOfDay == (23, 59, 59))
        #expect(Timestamp(seconds: 0, offset: -3600).localDate.description == "1969-12-31")
    }

    @Test func compactAndShortForms() throws {
        let time = try #require(Timestamp(parsing: "2020-07-08T09:30:05+08:00"))
        #expect(time.compactUTC == "20200708T013005Z")
        #expect(time.shortDescription == "2020-07-08 09:30")
    }

    @Test func fixedClockAdvances() throws {
        let start = try #require(Timestamp(parsing: "2020-07-08T23:59:30+08:00"))
        let clock = FixedClock(start)
        #expect(clock.now() == start)
        clock.advance(seconds: 45)
        #expect(clock.now().description == "2020-07-09T00:00:15+08:00")
        #expect(clock.today().description == "2020-07-09")
    }

    @Test func sequentialRecordIDsAreOrderedAndUnique() throws {
        let time = try #require(Timestamp(parsing: "2020-07-08T09:30:00+08:00"))
        let ids = SequentialRecordIDs(prefix: "t")
        let made = (0..<3).map { _ in ids.makeID(at: time) }
        #expect(made == ["20200708T013000Z-t000001", "20200708T013000Z-t000002", "20200708T013000Z-t000003"])
        let random = RandomRecordIDs().makeID(at: time)
        #expect(random.hasPrefix("20200708T013000Z-"))
        #expect(random.count == "20200708T013000Z-".count + 12)
        #expect(RandomRecordIDs().makeID(at: time) != random)
    }
}
