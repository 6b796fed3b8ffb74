/// An attempt's summary (no items) and integrity verdict as the attempt index keeps them for the unit
/// view: taken from the same read of the record that learns its trainee and unit, and given back exactly
/// (every field, to the last bit of each score), so that the unit view over these counts what a full
/// read of the records counts.
public struct IndexedSummary: Sendable, Equatable {
    public var summary: AttemptSummary
    public var integrity: Integrity

    public init(summary: AttemptSummary, integrity: Integrity) {
        self.summary = summary
        self.integrity = integrity
    }

    static let fieldCount = 15

    /// Tab-separated fields: id, supersedes, name, unit, course, version, session, kind, finished (seconds,
    /// offset), points, max, percent, passed, integrity. Text is escaped as record names are (no tab or
    /// newline); an absent optional is an empty field, a present one starts with "=".
    func encoded() -> [UInt8] {
        let s = summary
        func optional(_ text: String?) -> String { text.map { "=" + AttemptIndex.escape($0) } ?? "" }
        let integrityCode: String
        switch integrity {
        case .verified: integrityCode = "v"
        case .mismatch: integrityCode = "m"
        case .missing: integrityCode = "n"
        }
        let fields = [
            AttemptIndex.escape(s.id), optional(s.supersedes), AttemptIndex.escape(s.trainee.name), AttemptIndex.escape(s.trainee.unit),
            AttemptIndex.escape(s.course), String(s.courseVersion), optional(s.session), s.kind.rawValue, String(s.finishedAt.seconds),
            String(s.finishedAt.offset), s.points.description, s.max.description, s.percent.description, s.passed ? "1" : "0", integrityCode,
        ]
        return Array(fields.joined(separator: "\t").utf8)
    }

    /// Reads `encoded()`; nil for anything else (the caller then reads the record itself).
    init?(fields bytes: ArraySlice<UInt8>) {
        var strings = Strings()
        self.init(fields: bytes, strings: &strings)
    }

    /// The texts a unit's summaries share (course, session, unit, version…): one `String` each, not one
    /// per record; the cache only remembers the last of each field.
    struct Strings {
        var last: [(bytes: ArraySlice<UInt8>, text: String)?] = Array(repeating: nil, count: IndexedSummary.fieldCount)

        mutating func text(_ bytes: ArraySlice<UInt8>, field: Int) -> String {
            if let known = last[field], known.bytes.elementsEqual(bytes) { return known.text }
            let text = AttemptIndex.unescape(String(decoding: bytes, as: UTF8.self))
            last[field] = (bytes, text)
            return text
        }
    }

    init?(fields bytes: ArraySlice<UInt8>, strings: inout Strings) {
        guard !bytes.isEmpty else { return nil }
        // The fields' bounds, without an array of slices per record.
        var bounds: [Range<Int>] = []
        bounds.reserveCapacity(Self.fieldCount)
        var start = bytes.startIndex
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\t") {
                bounds.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        bounds.append(start..<bytes.endIndex)
        guard bounds.count == Self.fieldCount else { return nil }
        func raw(_ n: Int) -> ArraySlice<UInt8> { bytes[bounds[n]] }
        func text(_ n: Int) -> String { strings.text(raw(n), field: n) }
        func optional(_ n: Int) -> String?? {
            let field = raw(n)
            if field.isEmpty { return .some(nil) }
            guard field.first == UInt8(ascii: "=") else { return nil }
            return .some(strings.text(field.dropFirst(), field: n))
        }
        func number<T: LosslessStringConvertible>(_ n: Int, as: T.Type) -> T? { T(String(decoding: raw(n), as: UTF8.self)) }
        let passed = raw(13)
        guard let supersedes = optional(1), let version = number(5, as: Int.self), let session = optional(6),
            let kind = AttemptKind(rawValue: text(7)), let seconds = number(8, as: Int64.self), let offset = number(9, as: Int.self),
            let points = number(10, as: Double.self), let max = number(11, as: Double.self), let percent = number(12, as: Double.self),
            passed.elementsEqual([UInt8(ascii: "1")]) || passed.elementsEqual([UInt8(ascii: "0")])
        else { return nil }
        let integrity: Integrity
        switch Array(raw(14)) {
        case [UInt8(ascii: "v")]: integrity = .verified
        case [UInt8(ascii: "m")]: integrity = .mismatch
        case [UInt8(ascii: "n")]: integrity = .missing
        default: return nil
        }
        self.summary = AttemptSummary(
            id: text(0), supersedes: supersedes, trainee: Trainee(name: text(2), unit: text(3)), course: text(4), courseVersion: version,
            session: session, kind: kind, finishedAt: Timestamp(seconds: seconds, offset: offset), points: points, max: max, percent: percent,
            passed: passed.first == UInt8(ascii: "1"))
        self.integrity = integrity
    }
}

