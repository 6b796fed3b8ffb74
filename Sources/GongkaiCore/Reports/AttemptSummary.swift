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
    /// Reads a summary straight from the record's bytes (see `JSONScanner`).
    /// Nil when the bytes are not the plain shape this scanner expects; the
    /// caller then falls back to the full parser, which explains what is wrong.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, withItems: Bool) -> AttemptSummary? {
        var scanner = JSONScanner(bytes)
        var schema = false
        var id: String?, supersedes: String?, name: String?, unit: String?, course: String?, session: String?
        var version: Int?, kind = AttemptKind.quiz, finished: Timestamp?
        var points: Double?, max: Double?, percent: Double?, passed: Bool?
        var items: [Item] = []
        var sawItems = false
        do throws(JSONScanner.Failure) {
            try scanner.object { s, key throws(JSONScanner.Failure) in
                if key.equals("schema") {
                    schema = try s.string() == AttemptRecord.schema
                } else if key.equals("id") {
                    id = try s.string()
                } else if key.equals("supersedes") {
                    supersedes = try s.optionalString()
                } else if key.equals("trainee") {
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("name") { name = try s.string() } else if key.equals("unit") { unit = try s.string() } else { try s.skipValue() }
                    }
                } else if key.equals("course") {
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("id") {
                            course = try s.string()
                        } else if key.equals("version") {
                            let v = try s.number()
                            guard v == v.rounded(), abs(v) < 1e9 else { throw JSONScanner.Failure() }
                            version = Int(v)
                        } else {
                            try s.skipValue()
                        }
                    }
                } else if key.equals("session") {
                    session = try s.optionalString()
                } else if key.equals("kind") {
                    guard let k = AttemptKind(rawValue: try s.string()) else { throw JSONScanner.Failure() }
                    kind = k
                } else if key.equals("finishedAt") {
                    guard let t = Timestamp(parsing: try s.string()) else { throw JSONScanner.Failure() }
                    finished = t
                } else if key.equals("score") {
                    try s.object { s, key throws(JSONScanner.Failure) in
                        if key.equals("points") {
                            points = try s.number()
                        } else if key.equals("max") {
                            max = try s.number()
                        } else if key.equals("percent") {
                            percent = try s.number()
                        } else {
                            try s.skipValue()
                        }
                    }
                } else if key.equals("passed") {
                    passed = try s.bool()
                } else if key.equals("items") {
                    sawItems = true
                    guard withItems else {
                        guard s.peek() == UInt8(ascii: "[") else { throw JSONScanner.Failure() }
                        try s.skipValue()
                        return
                    }
                    try s.array { s throws(JSONScanner.Failure) in
                        var question: String?, response: String?, itemPoints: Double?, itemMax: Double?
                        try s.object { s, key throws(JSONScanner.Failure) in
                            if key.equals("question") {
                                question = try s.string()
                            } else if key.equals("points") {
                                itemPoints = try s.number()
                            } else if key.equals("max") {
                                itemMax = try s.number()
                            } else if key.equals("response") {
                                switch s.peek() {
                                case UInt8(ascii: "n"): try s.literal("null")
                                case UInt8(ascii: "\""): response = try s.string()
                                case UInt8(ascii: "t"), UInt8(ascii: "f"): response = try s.bool() ? "true" : "false"
                                case UInt8(ascii: "["):
                                    var lines: [String] = []
                                    try s.array { s throws(JSONScanner.Failure) in
                                        let n = try s.number()
                                        guard n == n.rounded(), abs(n) < 1e9 else { throw JSONScanner.Failure() }
                                        lines.append(String(Int(n)))
                                    }
                                    response = lines.joined(separator: ",")
                                default: response = JSONWriter.formatNumber(try s.number())
                                }
                            } else {
                                try s.skipValue()
                            }
                        }
                        guard let question, let itemPoints, let itemMax else { throw JSONScanner.Failure() }
                        items.append(Item(question: question, response: response, points: itemPoints, max: itemMax))
                    }
                } else {
                    try s.skipValue()
                }
            }
            try scanner.end()
        } catch {
            return nil
        }
        guard schema, sawItems, let id, let name, let unit, let course, let version, let finished, let points, let max,
            let percent, let passed, Score.implausibleField(points: points, max: max, percent: percent) == nil
        else { return nil }
        return AttemptSummary(
            id: id, supersedes: supersedes, trainee: Trainee(name: name, unit: unit), course: course, courseVersion: version,
            session: session, kind: kind, finishedAt: finished, points: points, max: max, percent: percent, passed: passed,
            items: items)
    }

    init(
        id: String, supersedes: String?, trainee: Trainee, course: String, courseVersion: Int, session: String?, kind: AttemptKind,
        finishedAt: Timestamp, points: Double, max: Double, percent: Double, passed: Bool, items: [Item]
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
