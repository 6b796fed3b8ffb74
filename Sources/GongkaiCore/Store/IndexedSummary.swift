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
        guard !bytes.isEmpty else { return nil }
        let f = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard f.count == Self.fieldCount else { return nil }
        func text(_ field: String) -> String { AttemptIndex.unescape(field) }
        func optional(_ field: String) -> String?? {
            if field.isEmpty { return .some(nil) }
            guard field.hasPrefix("=") else { return nil }
            return .some(text(String(field.dropFirst())))
        }
        guard let supersedes = optional(f[1]), let version = Int(f[5]), let session = optional(f[6]), let kind = AttemptKind(rawValue: f[7]),
            let seconds = Int64(f[8]), let offset = Int(f[9]), let points = Double(f[10]), let max = Double(f[11]), let percent = Double(f[12]),
            f[13] == "1" || f[13] == "0"
        else { return nil }
        let integrity: Integrity
        switch f[14] {
        case "v": integrity = .verified
        case "m": integrity = .mismatch
        case "n": integrity = .missing
        default: return nil
        }
        self.summary = AttemptSummary(
            id: text(f[0]), supersedes: supersedes, trainee: Trainee(name: text(f[2]), unit: text(f[3])), course: text(f[4]), courseVersion: version,
            session: session, kind: kind, finishedAt: Timestamp(seconds: seconds, offset: offset), points: points, max: max, percent: percent,
            passed: f[13] == "1")
        self.integrity = integrity
    }
}

extension AttemptSummary {
    /// A summary without items, field by field.
    init(
        id: String, supersedes: String?, trainee: Trainee, course: String, courseVersion: Int, session: String?, kind: AttemptKind,
        finishedAt: Timestamp, points: Double, max: Double, percent: Double, passed: Bool
    ) {
        self.id = id
        self.supersedes = supersedes
        self.trainee = trainee
        self.course = course
        self.courseVersion = courseVersion
        self.session = session
        self.kind = kind
        self.finishedAt = finishedAt
        self.points = points
        self.max = max
        self.percent = percent
        self.passed = passed
        self.items = []
    }
}
