/// What reports need of an attempt: everything but the raw answers. Read
/// straight from the record's JSON, without building an `AttemptRecord`.
public struct AttemptSummary: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var question: String
        /// The response in the course file's terms ("AC", "true", "20", "2,5", text); nil when skipped.
        public var response: String?
        public var points: Double
        public var max: Double

        public var isCorrect: Bool { ItemGrade(points: points, max: max).isCorrect }
    }

    public var id: String
    public var supersedes: String?
    public var trainee: Trainee
    public var course: String
    public var courseVersion: Int
    public var session: String?
    public var kind: AttemptKind
    public var finishedAt: Timestamp
    public var points: Double
    public var max: Double
    public var percent: Double
    public var passed: Bool
    /// Empty unless items were asked for.
    public var items: [Item]

    public init(_ record: AttemptRecord) {
        id = record.id
        supersedes = record.supersedes
        trainee = record.trainee
        course = record.course.id
        courseVersion = record.course.version
        session = record.session
        kind = record.kind
        finishedAt = record.finishedAt
        points = record.score.points
        max = record.score.max
        percent = record.score.percent
        passed = record.passed
        items = record.items.map {
            Item(question: $0.question, response: $0.response.map(Self.key), points: $0.points, max: $0.max)
        }
    }

    /// Reads the fields reports use, checking their types; items only when asked.
    public init(json: JSONValue, withItems: Bool) throws(RecordProblem) {
        let f = try JSONFields(json)
        guard json["schema"]?.stringValue == AttemptRecord.schema else { throw .unknownSchema(json["schema"]?.stringValue) }
        id = try f.string("id")
        supersedes = try f.optionalString("supersedes")
        trainee = try Trainee(f.fields("trainee"))
        let c = try f.fields("course")
        course = try c.string("id")
        courseVersion = try c.int("version")
        session = try f.optionalString("session")
        guard let kind = AttemptKind(rawValue: try f.optionalString("kind") ?? "quiz") else {
            throw .field(path: "kind", expected: "quiz or review")
        }
        self.kind = kind
        finishedAt = try f.timestamp("finishedAt")
        let s = try f.fields("score")
        let score = try AttemptRecord.storedScore(s)
        (points, max, percent) = (score.points, score.max, score.percent)
        passed = try f.bool("passed")
        let elements = try f.array("items")
        var items: [Item] = []
        if withItems {
            items.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                let i = try JSONFields(element, path: "items[\(index)]")
                let response: String?
                switch element["response"] {
                case nil, .null?: response = nil
                case .string(let text)?: response = text
                case .bool(let b)?: response = b ? "true" : "false"
                case .number(let n)?: response = JSONWriter.formatNumber(n)
                case .array(let lines)?: response = lines.compactMap(\.intValue).map(String.init).joined(separator: ",")
                default: throw .field(path: "items[\(index)].response", expected: "a response")
                }
                items.append(Item(question: try i.string("question"), response: response, points: try i.number("points"), max: try i.number("max")))
            }
        }
        self.items = items
    }

    static func key(_ response: Response) -> String {
        switch response {
        case .options(let indices): return OptionLetter.letters(indices)
        case .truth(let b): return b ? "true" : "false"
        case .text(let s): return s
        case .number(let n): return JSONWriter.formatNumber(n)
        case .lines(let l): return l.map(String.init).joined(separator: ",")
        }
    }
}

extension Array where Element == AttemptSummary {
    /// Drops attempts that a regrade replaced.
    public var effective: [AttemptSummary] {
        let replaced = Set(compactMap(\.supersedes))
        return filter { !replaced.contains($0.id) }
    }
}

extension AttemptSummary {
    /// Reads a summary straight from the record's bytes (see `JSONScanner`), checking every
    /// field exactly as `AttemptRecord(fields:)` does, so that a record the fast path accepts is
    /// one the full decoder accepts, with the same figures. Nil when the bytes are not the plain
    /// shape this scanner knows (an unknown key, an escape, a new question type): the caller then
    /// decodes in full, which also says what is wrong. A key met twice is refused, as by the parser.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, withItems: Bool) -> AttemptSummary? {
        var scanner = JSONScanner(bytes)
        var id: String?, supersedes: String?, name: String?, unit: String?, course: String?, session: String?
        var version: Int?, kind = AttemptKind.quiz, finished: Timestamp?
        var points: Double?, max: Double?, percent: Double?, passed: Bool?
        var items: [Item] = []
        var seen: UInt32 = 0
        // Bits of the keys every attempt has (schema, id, createdAt, trainee, course, mode, startedAt,
        // finishedAt, items, score, passPercent, passed); digest, session, kind, supersedes are optional.
        let required: UInt32 = 0b0111_1111_1111_0000
        do throws(JSONScanner.Failure) {
            try scanner.object { s, key throws(JSONScanner.Failure) in
                let bit = Self.topLevelBit(key)
                guard bit != 0, seen & bit == 0 else { throw JSONScanner.Failure() }
                seen |= bit
                switch bit {
                case 1 << 0: _ = try s.rawStringBytes()  // digest: checked by `RecordCodec.integrity`
                case 1 << 1: session = try s.optionalString()
                case 1 << 2:
                    if !(try s.isNull()) {
                        guard let k = AttemptKind(rawValue: try s.string()) else { throw JSONScanner.Failure() }
                        kind = k
                    }
                case 1 << 3: supersedes = try s.optionalString()
                case 1 << 4: guard AttemptRecord.schema.utf8.elementsEqual(try s.rawStringBytes()) else { throw JSONScanner.Failure() }
                case 1 << 5: id = try s.string()
                case 1 << 6, 1 << 10: try Self.checkTimestamp(&s)
                case 1 << 7:
                    var fields: UInt32 = 0
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("name") {
                            try Self.once(1, &fields)
                            name = try s.string()
                        } else if key.equals("unit") {
                            try Self.once(2, &fields)
                            unit = try s.string()
                        } else {
                            throw JSONScanner.Failure()
                        }
                    }
                    guard fields == 3 else { throw JSONScanner.Failure() }
                case 1 << 8:
                    var fields: UInt32 = 0
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("id") {
                            try Self.once(1, &fields)
                            course = try s.string()
                        } else if key.equals("version") {
                            try Self.once(2, &fields)
                            version = try Self.integer(&s)
                        } else if key.equals("digest") {
                            try Self.once(4, &fields)
                            try s.validString()
                        } else {
                            throw JSONScanner.Failure()
                        }
                    }
                    guard fields == 7 else { throw JSONScanner.Failure() }
                case 1 << 9:
                    guard QuizSettings.Mode(rawValue: try s.string()) != nil else { throw JSONScanner.Failure() }
                case 1 << 11: finished = try Self.timestamp(&s)
                case 1 << 12:
                    try s.array { s throws(JSONScanner.Failure) in
                        let item = try Self.item(&s, keep: withItems)
                        if withItems, let item { items.append(item) }
                    }
                case 1 << 13:
                    var fields: UInt32 = 0
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("points") {
                            try Self.once(1, &fields)
                            points = try s.number()
                        } else if key.equals("max") {
                            try Self.once(2, &fields)
                            max = try s.number()
                        } else if key.equals("percent") {
                            try Self.once(4, &fields)
                            // The percentage as graded is the one every view shows (see `Percentage`).
                            percent = try s.number()
                            guard RecordRange.isPercent(percent!) else { throw JSONScanner.Failure() }
                        } else {
                            throw JSONScanner.Failure()
                        }
                    }
                    guard fields == 7 else { throw JSONScanner.Failure() }
                case 1 << 14: guard RecordRange.isPercent(try s.number()) else { throw JSONScanner.Failure() }
                case 1 << 15: passed = try s.bool()
                default: throw JSONScanner.Failure()
                }
            }
            try scanner.end()
        } catch {
            return nil
        }
        guard seen & required == required, let id, let name, let unit, let course, let version, let finished, let points, let max,
            let percent, let passed, Score.implausibleField(points: points, max: max, percent: percent) == nil
        else { return nil }
        let score = Score(storedPoints: points, max: max, percent: percent)
        return AttemptSummary(
            id: id, supersedes: supersedes, trainee: Trainee(name: name, unit: unit), course: course, courseVersion: version,
            session: session, kind: kind, finishedAt: finished, points: score.points, max: score.max, percent: score.percent,
            passed: passed, items: items)
    }

    /// The bit of a top-level key of an attempt record; 0 for a key the scanner does not know.
    @inline(__always)
    static func topLevelBit(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        switch key.count {
        case 2: return key.equals("id") ? 1 << 5 : 0
        case 4: return key.equals("kind") ? 1 << 2 : key.equals("mode") ? 1 << 9 : 0
        case 5: return key.equals("items") ? 1 << 12 : key.equals("score") ? 1 << 13 : 0
        case 6:
            return key.equals("digest") ? 1 << 0 : key.equals("schema") ? 1 << 4 : key.equals("course") ? 1 << 8 : key.equals("passed") ? 1 << 15 : 0
        case 7: return key.equals("session") ? 1 << 1 : key.equals("trainee") ? 1 << 7 : 0
        case 9: return key.equals("createdAt") ? 1 << 6 : key.equals("startedAt") ? 1 << 10 : 0
        case 10: return key.equals("finishedAt") ? 1 << 11 : key.equals("supersedes") ? 1 << 3 : 0
        case 11: return key.equals("passPercent") ? 1 << 14 : 0
        default: return 0
        }
    }

    /// Marks a member key as met, refusing it the second time.
    @inline(__always)
    static func once(_ bit: UInt32, _ seen: inout UInt32) throws(JSONScanner.Failure) {
        guard seen & bit == 0 else { throw JSONScanner.Failure() }
        seen |= bit
    }

    static func timestamp(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> Timestamp {
        guard let t = Timestamp(parsing: try s.string()) else { throw JSONScanner.Failure() }
        return t
    }

    /// Checks a time that is not kept: the usual `2020-07-08T09:30:00+08:00` shape on the bytes,
    /// anything else through `Timestamp(parsing:)`.
    static func checkTimestamp(_ s: inout JSONScanner) throws(JSONScanner.Failure) {
        s.skipWhitespace()
        let start = s.index
        if let raw = try? s.rawStringBytes(), isPlainTimestamp(raw) { return }
        s.index = start
        _ = try timestamp(&s)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` with a real date: a shape `Timestamp(parsing:)` accepts.
    static func isPlainTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count else { return nil }
            var value = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, let y = number(0..<4), b[4] == UInt8(ascii: "-"), let m = number(5..<7), b[7] == UInt8(ascii: "-"),
            let d = number(8..<10), LocalDate(year: y, month: m, day: d) != nil, b[10] == UInt8(ascii: "T"),
            let h = number(11..<13), b[13] == UInt8(ascii: ":"), let mi = number(14..<16), b[16] == UInt8(ascii: ":"),
            let sec = number(17..<19), h < 24, mi < 60, sec < 61
        else { return false }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count, number(i + 1..<i + 3) != nil,
            b[i + 3] == UInt8(ascii: ":"), number(i + 4..<i + 6) != nil
        else { return false }
        return true
    }

    /// An integer as `JSONValue.intValue` reads one.
    static func integer(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> Int {
        let n = try s.number()
        guard n.rounded() == n, abs(n) < 9.0e15 else { throw JSONScanner.Failure() }
        return Int(n)
    }

    /// One item, checked as `ItemCoding.item` checks it; kept only when asked for.
    static func item(_ s: inout JSONScanner, keep: Bool) throws(JSONScanner.Failure) -> Item? {
        var fields: UInt32 = 0
        var question: String?, type: QuestionType?, points: Double?, max: Double?
        // The response's bytes, read once the type is known (keys may come in any order).
        var responseStart = -1
        try s.object { s, key throws(JSONScanner.Failure) in
            if key.equals("question") {
                try once(1, &fields)
                if keep { question = try s.string() } else { try s.validString() }
            } else if key.equals("type") {
                try once(2, &fields)
                guard let t = QuestionType(rawValue: try s.string()) else { throw JSONScanner.Failure() }
                type = t
            } else if key.equals("shown") {
                try once(4, &fields)
                try s.array { s throws(JSONScanner.Failure) in _ = try integer(&s) }
            } else if key.equals("raw") {
                try once(8, &fields)
                if !(try s.isNull()) { try s.validString() }
            } else if key.equals("response") {
                try once(16, &fields)
                s.skipWhitespace()
                responseStart = s.index
                try s.skipValue()
            } else if key.equals("points") {
                try once(32, &fields)
                points = try s.number()
            } else if key.equals("max") {
                try once(64, &fields)
                max = try s.number()
            } else if key.equals("drawn") {
                // A deadline drill's dates: checked by the full decoder's own code, on this value only.
                try once(128, &fields)
                s.skipWhitespace()
                let start = s.index
                try s.skipValue()
                let value = UnsafeBufferPointer(rebasing: s.bytes[start..<s.index])
                guard let parsed = try? JSONParser.parse(Array(value)) else { throw JSONScanner.Failure() }
                if parsed != .null {
                    guard (try? DeadlineCaseCoding.decode(parsed, path: "drawn")) != nil else { throw JSONScanner.Failure() }
                }
            } else {
                throw JSONScanner.Failure()
            }
        }
        guard fields & 0b110_0111 == 0b110_0111, let type, let points, let max, RecordRange.isScore(points: points, max: max) else {
            throw JSONScanner.Failure()
        }
        var response: String?
        if responseStart >= 0 {
            let end = s.index
            s.index = responseStart
            response = try self.response(&s, type: type, keep: keep)
            s.index = end
        }
        return keep ? Item(question: question ?? "", response: response, points: points, max: max) : nil
    }

    /// A response as `ItemCoding.response` accepts it, as the key `AttemptSummary.key` makes of it.
    static func response(_ s: inout JSONScanner, type: QuestionType, keep: Bool) throws(JSONScanner.Failure) -> String? {
        if try s.isNull() { return nil }
        // By name, so that a question type added later reaches `default` (and the full decoder).
        switch type.rawValue {
        case "single", "multiple", "order":
            let raw = try s.rawStringBytes()
            for byte in raw where !(byte >= UInt8(ascii: "A") && byte < UInt8(ascii: "A") + UInt8(OptionLetter.maximumCount)) {
                throw JSONScanner.Failure()
            }
            return keep ? String(decoding: raw, as: UTF8.self) : ""
        case "truefalse": return try s.bool() ? "true" : "false"
        case "fill", "deadline":
            if keep { return try s.string() }
            try s.validString()
            return ""
        case "numeric":
            let n = try s.number()
            return keep ? JSONWriter.formatNumber(n) : ""
        case "redact":
            var lines: [String] = []
            try s.array { s throws(JSONScanner.Failure) in
                let n = try integer(&s)
                if keep { lines.append(String(n)) }
            }
            return lines.joined(separator: ",")
        default:
            // A question type this scanner does not know: the full decoder decides.
            throw JSONScanner.Failure()
        }
    }

    init(
        id: String, supersedes: String?, trainee: Trainee, course: String, courseVersion: Int, session: String?, kind: AttemptKind,
        finishedAt: Timestamp, points: Double, max: Double, percent: Double, passed: Bool, items: [Item] = []
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
        self.items = items
    }
}
