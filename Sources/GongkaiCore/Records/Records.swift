/// Who a record is about. Names are kept exactly as typed.
public struct Trainee: Sendable, Hashable {
    public var name: String
    public var unit: String

    public init(name: String, unit: String) {
        self.name = name
        self.unit = unit
    }

    var json: JSONValue { ["name": .string(name), "unit": .string(unit)] }

    init(_ fields: JSONFields) throws(RecordProblem) {
        self.init(name: try fields.string("name"), unit: try fields.string("unit"))
    }

    /// A file-name-safe key, unique per (unit, name); see `PathEscaping`.
    public var key: String { PathEscaping.component(unit) + "+" + PathEscaping.component(name) }
}

/// The course version an attempt was graded against.
public struct CourseRef: Sendable, Hashable {
    public var id: String
    public var version: Int
    public var digest: String

    public init(id: String, version: Int, digest: String) {
        self.id = id
        self.version = version
        self.digest = digest
    }

    public init(_ course: Course) { self.init(id: course.id, version: course.version, digest: course.digest) }

    var json: JSONValue { ["id": .string(id), "version": .int(version), "digest": .string(digest)] }

    init(_ fields: JSONFields) throws(RecordProblem) {
        self.init(id: try fields.string("id"), version: try fields.int("version"), digest: try fields.string("digest"))
    }
}

public enum AttemptKind: String, Sendable, CaseIterable {
    /// A scored quiz attempt; counts for passing.
    case quiz
    /// Drilling earlier mistakes; recorded, but never counts for passing.
    case review
}

public struct AttemptItem: Sendable, Equatable {
    public var question: String
    public var type: QuestionType
    public var shown: [Int]
    /// Exactly what the trainee typed; nil when skipped.
    public var raw: String?
    public var response: Response?
    public var points: Double
    public var max: Double
    /// The dates drawn for a `deadline` question (kept so that review and regrade see the same case).
    public var drawn: DeadlineCase?

    public init(
        question: String, type: QuestionType, shown: [Int], raw: String?, response: Response?, points: Double, max: Double,
        drawn: DeadlineCase? = nil
    ) {
        self.question = question
        self.type = type
        self.shown = shown
        self.raw = raw
        self.response = response
        self.points = points
        self.max = max
        self.drawn = drawn
    }

    public var isCorrect: Bool { ItemGrade(points: points, max: max).isCorrect }
}

public struct Score: Sendable, Equatable {
    public var points: Double
    public var max: Double
    public var percent: Double

    /// A fresh grading: the percentage is computed here, once (see `Percentage`).
    public init(points: Double, max: Double, passPercent: Double) {
        self.points = Grader.roundPoints(points)
        self.max = Grader.roundPoints(max)
        self.percent = Percentage.ofAttempt(points: points, max: max, passPercent: passPercent)
    }

    /// `11.67/15`: points as shown everywhere (at most two decimals).
    public var pointsText: String { "\(Percentage.points(points))/\(Percentage.points(max))" }

    /// `77.8%`: the stored percentage, as graded.
    public var percentText: String { Percentage.text(percent) }

    /// The first stored figure no grading can give (key, what was expected); every reader of a record uses it.
    public static func implausibleField(points: Double, max: Double, percent: Double) -> (String, String)? {
        guard points.isFinite, points >= 0 else { return ("points", "points ≥ 0") }
        guard RecordRange.isScore(points: points, max: max) else { return ("max", "max ≥ points") }
        guard RecordRange.isPercent(percent) else { return ("percent", "percent 0–100") }
        return nil
    }

    /// A score as stored in a record: its percentage is shown as it was graded.
    public init(storedPoints points: Double, max: Double, percent: Double) {
        self.points = points
        self.max = max
        self.percent = percent
    }
}

/// A finished attempt: `Results/attempts/<course>/<YYYY-MM>/<id>.json`.
public struct AttemptRecord: StoredRecord, Equatable {
    public static let schema = "gongkai.attempt/1"

    public var id: String
    public var createdAt: Timestamp
    public var trainee: Trainee
    public var session: String?
    public var course: CourseRef
    public var kind: AttemptKind
    public var mode: QuizSettings.Mode
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    public var items: [AttemptItem]
    public var score: Score
    public var passPercent: Double
    public var passed: Bool
    /// Set by `regrade`: the id of the record this one replaces.
    public var supersedes: String?

    public init(
        id: String, createdAt: Timestamp, trainee: Trainee, session: String?, course: CourseRef, kind: AttemptKind = .quiz,
        mode: QuizSettings.Mode, startedAt: Timestamp, finishedAt: Timestamp, items: [AttemptItem], passPercent: Double,
        supersedes: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.trainee = trainee
        self.session = session
        self.course = course
        self.kind = kind
        self.mode = mode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.items = items
        let points = items.reduce(0) { $0 + $1.points }
        let max = items.reduce(0) { $0 + $1.max }
        self.score = Score(points: points, max: max, passPercent: passPercent)
        self.passPercent = passPercent
        // Decided on the exact score, not the rounded percent shown.
        self.passed = Percentage.reaches(points: points, max: max, passPercent: passPercent)
        self.supersedes = supersedes
    }

    public func fields() -> [String: JSONValue] {
        var object = AttemptHeader(
            id: id, createdAt: createdAt, trainee: trainee, session: session, course: course, kind: kind, mode: mode, startedAt: startedAt
        ).fields
        object["finishedAt"] = .string(finishedAt.description)
        object["items"] = .array(items.map(ItemCoding.json))
        object["score"] = ["points": .number(score.points), "max": .number(score.max), "percent": .number(score.percent)]
        object["passPercent"] = .number(passPercent)
        object["passed"] = .bool(passed)
        if let supersedes { object["supersedes"] = .string(supersedes) }
        return object
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        let header = try AttemptHeader(f)
        (id, createdAt, trainee, session, course, kind, mode, startedAt) =
            (header.id, header.createdAt, header.trainee, header.session, header.course, header.kind, header.mode, header.startedAt)
        finishedAt = try f.timestamp("finishedAt")
        var items: [AttemptItem] = []
        for (index, element) in try f.array("items").enumerated() {
            items.append(try ItemCoding.item(JSONFields(element, path: "items[\(index)]")))
        }
        self.items = items
        let s = try f.fields("score")
        score = try Self.storedScore(s)
        passPercent = try f.number("passPercent")
        guard RecordRange.isPercent(passPercent) else { throw .field(path: "passPercent", expected: "a percent from 0 to 100") }
        passed = try f.bool("passed")
        supersedes = try f.optionalString("supersedes")
    }
}

extension AttemptRecord {
    /// The stored score, its percentage as graded; figures no grading can give are refused.
    static func storedScore(_ s: JSONFields) throws(RecordProblem) -> Score {
        let points = try s.number("points"), max = try s.number("max"), percent = try s.number("percent")
        if let (key, expected) = Score.implausibleField(points: points, max: max, percent: percent) {
            throw .field(path: s.sub(key), expected: expected)
        }
        return Score(storedPoints: points, max: max, percent: percent)
    }

    /// The exact score, from the unrounded item points (the stored score is rounded to two decimals).
    public var exactPoints: Double { items.reduce(0) { $0 + $1.points } }
    public var exactMax: Double { items.reduce(0) { $0 + $1.max } }
}

enum ItemCoding {
    static func json(_ item: AttemptItem) -> JSONValue {
        guard case .object(var object) = answeredJSON(
            question: item.question, type: item.type, shown: item.shown, raw: item.raw, response: item.response, drawn: item.drawn)
        else { return .null }
        object["points"] = .number(item.points)
        object["max"] = .number(item.max)
        return .object(object)
    }

    /// What an attempt item and a progress item share.
    static func answeredJSON(question: String, type: QuestionType, shown: [Int], raw: String?, response: Response?, drawn: DeadlineCase? = nil) -> JSONValue {
        var object: [String: JSONValue] = [
            "question": .string(question), "type": .string(type.rawValue), "shown": .array(shown.map(JSONValue.int)),
            "raw": .optional(raw), "response": response.map(responseJSON) ?? .null,
        ]
        if let drawn { object["drawn"] = DeadlineCaseCoding.json(drawn) }
        return .object(object)
    }

    /// The drawn dates of a deadline question, when the item has them.
    static func drawn(_ f: JSONFields) throws(RecordProblem) -> DeadlineCase? {
        guard let value = f.object["drawn"], value != .null else { return nil }
        return try DeadlineCaseCoding.decode(value, path: f.sub("drawn"))
    }

    static func item(_ f: JSONFields) throws(RecordProblem) -> AttemptItem {
        let (question, type, shown, raw, response) = try answered(f)
        let (points, max) = (try f.number("points"), try f.number("max"))
        guard RecordRange.isScore(points: points, max: max) else { throw .field(path: f.sub("points"), expected: "points between 0 and max") }
        return AttemptItem(question: question, type: type, shown: shown, raw: raw, response: response, points: points, max: max, drawn: try drawn(f))
    }

    static func answered(_ f: JSONFields) throws(RecordProblem) -> (String, QuestionType, [Int], String?, Response?) {
        guard let type = QuestionType(rawValue: try f.string("type")) else { throw .field(path: f.sub("type"), expected: "question type") }
        let response: Response?
        if let value = f.object["response"], value != .null {
            response = try self.response(value, type: type, path: f.sub("response"))
        } else {
            response = nil
        }
        return (try f.string("question"), type, try f.intArray("shown"), try f.optionalString("raw"), response)
    }

    static func responseJSON(_ response: Response) -> JSONValue {
        switch response {
        case .options(let indices): return .string(OptionLetter.letters(indices))
        case .truth(let b): return .bool(b)
        case .text(let s): return .string(s)
        case .number(let n): return .number(n)
        case .lines(let l): return .array(l.map(JSONValue.int))
        }
    }

    static func response(_ value: JSONValue, type: QuestionType, path: String) throws(RecordProblem) -> Response {
        switch (type, value) {
        case (.single, .string(let s)), (.multiple, .string(let s)), (.order, .string(let s)):
            var indices: [Int] = []
            for c in s {
                guard let i = OptionLetter.index(of: c) else { throw .field(path: path, expected: "option letters") }
                indices.append(i)
            }
            return .options(indices)
        case (.truefalse, .bool(let b)): return .truth(b)
        case (.fill, .string(let s)), (.deadline, .string(let s)): return .text(s)
        case (.numeric, .number(let n)): return .number(n)
        case (.redact, .array(let a)):
            var lines: [Int] = []
            for element in a {
                guard let n = element.intValue else { throw .field(path: path, expected: "line numbers") }
                lines.append(n)
            }
            return .lines(lines)
        default:
            throw .field(path: path, expected: "a \(type.rawValue) response")
        }
    }
}

/// A sign-in: `Results/attendance/<session>/<id>.json`, one per person per session.
public struct AttendanceRecord: StoredRecord, Equatable {
    public static let schema = "gongkai.attendance/1"

    public var id: String
    public var createdAt: Timestamp
    public var trainee: Trainee
    public var session: String

    public init(id: String, createdAt: Timestamp, trainee: Trainee, session: String) {
        self.id = id
        self.createdAt = createdAt
        self.trainee = trainee
        self.session = session
    }

    public func fields() -> [String: JSONValue] {
        ["id": .string(id), "createdAt": .string(createdAt.description), "trainee": trainee.json, "session": .string(session)]
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        id = try f.string("id")
        createdAt = try f.timestamp("createdAt")
        trainee = try Trainee(f.fields("trainee"))
        session = try f.string("session")
    }
}

/// The autosave of an attempt in progress: `Results/progress/<trainee-key>/<course>.json`.
/// Replaced after every answer; removed when the attempt is saved. In exam mode it
/// holds no points or correctness, so showing it reveals nothing.
public struct ProgressRecord: StoredRecord, Equatable {
    public static let schema = "gongkai.progress/1"

    public struct Item: Sendable, Equatable {
        public var question: String
        public var type: QuestionType
        public var shown: [Int]
        public var raw: String?
        public var response: Response?
        /// Marked by the trainee to come back to (`flag`); written only when set.
        public var flagged: Bool
        public var drawn: DeadlineCase?

        public init(
            question: String, type: QuestionType, shown: [Int], raw: String? = nil, response: Response? = nil, flagged: Bool = false,
            drawn: DeadlineCase? = nil
        ) {
            self.question = question
            self.type = type
            self.shown = shown
            self.raw = raw
            self.response = response
            self.flagged = flagged
            self.drawn = drawn
        }
    }

    public var id: String
    public var createdAt: Timestamp
    public var trainee: Trainee
    public var session: String?
    public var course: CourseRef
    public var kind: AttemptKind
    public var mode: QuizSettings.Mode
    public var startedAt: Timestamp
    public var position: Int
    public var items: [Item]

    public init(
        id: String, createdAt: Timestamp, trainee: Trainee, session: String?, course: CourseRef, kind: AttemptKind,
        mode: QuizSettings.Mode, startedAt: Timestamp, position: Int, items: [Item]
    ) {
        self.id = id
        self.createdAt = createdAt
        self.trainee = trainee
        self.session = session
        self.course = course
        self.kind = kind
        self.mode = mode
        self.startedAt = startedAt
        self.position = position
        self.items = items
    }

    public var answeredCount: Int { items.filter { $0.response != nil }.count }

    public func fields() -> [String: JSONValue] {
        var object = AttemptHeader(
            id: id, createdAt: createdAt, trainee: trainee, session: session, course: course, kind: kind, mode: mode, startedAt: startedAt
        ).fields
        object["position"] = .int(position)
        object["items"] = .array(
            items.map { item in
                var json = ItemCoding.answeredJSON(
                    question: item.question, type: item.type, shown: item.shown, raw: item.raw, response: item.response, drawn: item.drawn)
                if item.flagged, case .object(var fields) = json {
                    fields["flagged"] = .bool(true)
                    json = .object(fields)
                }
                return json
            })
        return object
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        let header = try AttemptHeader(f)
        (id, createdAt, trainee, session, course, kind, mode, startedAt) =
            (header.id, header.createdAt, header.trainee, header.session, header.course, header.kind, header.mode, header.startedAt)
        position = try f.int("position")
        var items: [Item] = []
        for (index, element) in try f.array("items").enumerated() {
            let fields = try JSONFields(element, path: "items[\(index)]")
            let (question, type, shown, raw, response) = try ItemCoding.answered(fields)
            let flagged = fields.object["flagged"].map { $0 == .bool(true) } ?? false
            items.append(
                Item(question: question, type: type, shown: shown, raw: raw, response: response, flagged: flagged, drawn: try ItemCoding.drawn(fields)))
        }
        self.items = items
    }
}

/// The fields an attempt and its autosave share.
struct AttemptHeader {
    var id: String
    var createdAt: Timestamp
    var trainee: Trainee
    var session: String?
    var course: CourseRef
    var kind: AttemptKind
    var mode: QuizSettings.Mode
    var startedAt: Timestamp

    init(
        id: String, createdAt: Timestamp, trainee: Trainee, session: String?, course: CourseRef, kind: AttemptKind,
        mode: QuizSettings.Mode, startedAt: Timestamp
    ) {
        self.id = id
        self.createdAt = createdAt
        self.trainee = trainee
        self.session = session
        self.course = course
        self.kind = kind
        self.mode = mode
        self.startedAt = startedAt
    }

    init(_ f: JSONFields) throws(RecordProblem) {
        id = try f.string("id")
        createdAt = try f.timestamp("createdAt")
        trainee = try Trainee(f.fields("trainee"))
        session = try f.optionalString("session")
        course = try CourseRef(f.fields("course"))
        guard let kind = AttemptKind(rawValue: try f.optionalString("kind") ?? "quiz") else { throw .field(path: "kind", expected: "quiz or review") }
        self.kind = kind
        guard let mode = QuizSettings.Mode(rawValue: try f.string("mode")) else { throw .field(path: "mode", expected: "exam or practice") }
        self.mode = mode
        startedAt = try f.timestamp("startedAt")
    }

    var fields: [String: JSONValue] {
        [
            "id": .string(id), "createdAt": .string(createdAt.description), "trainee": trainee.json,
            "session": .optional(session), "course": course.json, "kind": .string(kind.rawValue),
            "mode": .string(mode.rawValue), "startedAt": .string(startedAt.description),
        ]
    }
}
