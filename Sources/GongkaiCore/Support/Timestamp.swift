import Foundation

/// A moment with the UTC offset it was recorded in, written as ISO 8601
/// (`2020-07-08T09:30:00+08:00`), as records require.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Offset from UTC in seconds at the place it was recorded.
    public let offset: Int

    public init(seconds: Int64, offset: Int) {
        self.seconds = seconds
        self.offset = offset
    }

    public init(date: Date, timeZone: TimeZone) {
        self.seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        self.offset = timeZone.secondsFromGMT(for: date)
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// The calendar date where it was recorded.
    public var localDate: LocalDate {
        let local = seconds + Int64(offset)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return LocalDate(daysSinceEpoch: Int(days))
    }

    public var localTimeOfDay: (hour: Int, minute: Int, second: Int) {
        let local = seconds + Int64(offset)
        let rem = Int(((local % 86400) + 86400) % 86400)
        return (rem / 3600, rem / 60 % 60, rem % 60)
    }

    public var description: String {
        let t = localTimeOfDay
        let sign = offset < 0 ? "-" : "+"
        let abs = Swift.abs(offset)
        let zone = offset == 0 ? "Z" : "\(sign)\(pad(abs / 3600, 2)):\(pad(abs / 60 % 60, 2))"
        return "\(localDate)T\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))\(zone)"
    }

    /// `2020-07-08 09:30`, for people.
    public var shortDescription: String {
        // Written digit by digit: reports format this for every row.
        let d = localDate
        let t = localTimeOfDay
        return String(unsafeUninitializedCapacity: 16) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(d.year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(d.month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(d.day, 2, at: 8)
            buffer[10] = UInt8(ascii: " ")
            put(t.hour, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(t.minute, 2, at: 14)
            return 16
        }
    }

    /// Compact UTC form for record ids: `20200708T013000Z`.
    public var compactUTC: String {
        let utc = Timestamp(seconds: seconds, offset: 0)
        let d = utc.localDate
        let t = utc.localTimeOfDay
        return "\(pad(d.year, 4))\(pad(d.month, 2))\(pad(d.day, 2))T\(pad(t.hour, 2))\(pad(t.minute, 2))\(pad(t.second, 2))Z"
    }

    public init?(parsing text: String) {
        let chars = Array(text.utf8)
        guard chars.count >= 20, let date = LocalDate(parsing: String(decoding: chars[0..<10], as: UTF8.self)),
            chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " ")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for c in chars[range] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let h = number(11..<13), chars[13] == UInt8(ascii: ":"), let mi = number(14..<16),
            chars[16] == UInt8(ascii: ":"), let s = number(17..<19), h < 24, mi < 60, s < 61
        else { return nil }
        var index = 19
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        if chars[index] == UInt8(ascii: "Z") {
            guard index + 1 == chars.count else { return nil }
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            guard index + 6 == chars.count, let oh = number(index + 1..<index + 3), chars[index + 3] == UInt8(ascii: ":"),
                let om = number(index + 4..<index + 6)
            else { return nil }
            offset = (oh * 3600 + om * 60) * (chars[index] == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let local = Int64(date.daysSinceEpoch) * 86400 + Int64(h * 3600 + mi * 60 + s)
        self.init(seconds: local - Int64(offset), offset: offset)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }
}
