/// Turns gongkai records into xAPI 1.0.3 statements: pure, records in, JSON out.
///
/// Every statement's id is a name-based UUID of its record's id and its role in
/// that record, so the same record always gives the same statements, byte for byte:
/// an LRS that already has them stores nothing new.
public struct XAPIStatementBuilder: Sendable {
    /// The account home page of every actor, and the root of every activity id.
    public let homePage: String

    public init(homePage: String = XAPIVocabulary.defaultHomePage) {
        var page = homePage
        while page.hasSuffix("/") { page.removeLast() }
        self.homePage = page
    }

    typealias Verb = XAPIVocabulary.Verb
    typealias Ext = XAPIVocabulary.Extension

    // MARK: Identity

    public static func statementID(record: String, role: String) -> String {
        NameBasedUUID.string(namespace: XAPIVocabulary.namespace, name: "statement:\(record)#\(role)")
    }

    /// The context registration of everything done under one training session of this county.
    public func registration(session: String) -> String {
        NameBasedUUID.string(namespace: XAPIVocabulary.namespace, name: "registration:\(homePage)/sessions/\(session)")
    }

    public func actor(_ trainee: Trainee) -> JSONValue {
        var actor: [String: JSONValue] = [
            "objectType": "Agent", "account": ["homePage": .string(homePage), "name": .string("\(trainee.unit)/\(trainee.name)")],
        ]
        // Strict validators refuse empty strings outside extensions.
        if !trainee.name.isEmpty { actor["name"] = .string(trainee.name) }
        return .object(actor)
    }

    func activityID(_ segments: String...) -> String { homePage + "/" + segments.map(Self.iriSegment).joined(separator: "/") }

    /// Percent-encodes everything but RFC 3986 unreserved characters, so any id makes a valid IRI path segment.
    static func iriSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            }
        }
        return out
    }

    func activity(_ id: String, type: XAPIVocabulary.ActivityType, name: String? = nil, extensions: [String: JSONValue] = [:]) -> JSONValue {
        var definition: [String: JSONValue] = ["type": .string(type.iri)]
        if let name, !name.isEmpty { definition["name"] = ["zh-CN": .string(name)] }
        if !extensions.isEmpty { definition["extensions"] = .object(extensions) }
        return ["objectType": "Activity", "id": .string(id), "definition": .object(definition)]
    }

    func courseActivity(_ course: String) -> JSONValue { activity(activityID("courses", course), type: .course) }
    func unitActivity(_ unit: String) -> JSONValue { activity(activityID("units", unit), type: .unit) }
    func sessionActivity(_ session: String) -> JSONValue { activity(activityID("sessions", session), type: .meeting) }

    func context(session: String?, parent: [JSONValue], unit: String, extensions: [Ext: JSONValue]) -> JSONValue {
        var grouping = [unitActivity(unit)]
        if let session { grouping.append(sessionActivity(session)) }
        var activities: [String: JSONValue] = ["grouping": .array(grouping)]
        if !parent.isEmpty { activities["parent"] = .array(parent) }
        var context: [String: JSONValue] = [
            "contextActivities": .object(activities), "platform": "gongkai", "language": "zh-CN",
            "extensions": .object(Dictionary(uniqueKeysWithValues: extensions.map { ($0.key.iri, $0.value) })),
        ]
        if let session { context["registration"] = .string(registration(session: session)) }
        return .object(context)
    }

    func statement(
        record: String, role: String, actor: JSONValue, verb: Verb, object: JSONValue, result: JSONValue? = nil, context: JSONValue,
        timestamp: Timestamp
    ) -> JSONValue {
        var statement: [String: JSONValue] = [
            "id": .string(Self.statementID(record: record, role: role)), "actor": actor,
            "verb": ["id": .string(verb.iri), "display": verb.display], "object": object, "context": context,
            "timestamp": .string(timestamp.description),
        ]
        if let result { statement["result"] = result }
        return .object(statement)
    }

    // MARK: Attempts

    /// The roles of an attempt's statements, in the order they are sent.
    static func attemptRoles(_ record: AttemptRecord) -> [String] {
        ["attempted"] + record.items.enumerated().map { "answered/\($0.offset)/\($0.element.question)" }
            + (record.kind == .quiz ? ["verdict"] : []) + ["completed"]
    }

    /// attempted; answered per question; passed or failed (quiz attempts only: a review
    /// never counts for passing); completed. A regraded attempt also voids every statement
    /// of the attempt it supersedes. `itemFields` are the items as stored, for what a
    /// question type keeps beyond the common fields (a `deadline` question's drawn dates).
    public func statements(for record: AttemptRecord, itemFields: [[String: JSONValue]] = []) -> [JSONValue] {
        let actor = actor(record.trainee)
        let course = courseActivity(record.course.id)
        let quiz = activity(activityID("courses", record.course.id, "quiz"), type: .assessment)
        var extensions: [Ext: JSONValue] = [
            .recordID: .string(record.id), .attemptKind: .string(record.kind.rawValue), .quizMode: .string(record.mode.rawValue),
            .courseVersion: .int(record.course.version), .courseDigest: .string(record.course.digest),
        ]
        if let supersedes = record.supersedes { extensions[.supersedes] = .string(supersedes) }
        let context = context(session: record.session, parent: [course], unit: record.trainee.unit, extensions: extensions)
        var verdictExtensions = extensions
        verdictExtensions[.cmi5MasteryScore] = .number(record.passPercent / 100)
        let verdictContext = self.context(session: record.session, parent: [course], unit: record.trainee.unit, extensions: verdictExtensions)
        let questionContext = self.context(session: record.session, parent: [quiz, course], unit: record.trainee.unit, extensions: extensions)
        let roles = Self.attemptRoles(record)
        var out: [JSONValue] = []
        if let old = record.supersedes {
            // xAPI allows `platform` only when the object is an activity, not a statement reference.
            var voidContext = context.objectValue ?? [:]
            voidContext["platform"] = nil
            for role in roles {
                out.append(
                    statement(
                        record: record.id, role: "void/\(role)", actor: actor, verb: .voided,
                        object: ["objectType": "StatementRef", "id": .string(Self.statementID(record: old, role: role))],
                        context: .object(voidContext), timestamp: record.createdAt))
            }
        }
        out.append(statement(record: record.id, role: roles[0], actor: actor, verb: .attempted, object: quiz, context: context, timestamp: record.startedAt))
        for (index, item) in record.items.enumerated() {
            let fields = index < itemFields.count ? itemFields[index] : [:]
            out.append(
                statement(
                    record: record.id, role: roles[1 + index], actor: actor, verb: .answered, object: questionActivity(record.course.id, item),
                    result: itemResult(item, fields: fields), context: questionContext, timestamp: record.finishedAt))
        }
        let duration = "PT\(max(0, record.finishedAt.seconds - record.startedAt.seconds))S"
        let max = record.score.max
        let score: JSONValue = [
            "scaled": .number(max > 0 ? record.score.points / max : 0), "raw": .number(record.score.points), "min": 0,
            "max": .number(max),
        ]
        if record.kind == .quiz {
            out.append(
                statement(
                    record: record.id, role: "verdict", actor: actor, verb: record.passed ? .passed : .failed, object: quiz,
                    result: ["score": score, "success": .bool(record.passed), "completion": true, "duration": .string(duration)],
                    context: verdictContext, timestamp: record.finishedAt))
        }
        var completedResult: [String: JSONValue] = ["score": score, "completion": true, "duration": .string(duration)]
        if record.kind == .quiz { completedResult["success"] = .bool(record.passed) }
        out.append(
            statement(
                record: record.id, role: "completed", actor: actor, verb: .completed, object: quiz, result: .object(completedResult),
                context: context, timestamp: record.finishedAt))
        return out
    }

    func questionActivity(_ course: String, _ item: AttemptItem) -> JSONValue {
        var definition: [String: JSONValue] = [
            "type": .string(XAPIVocabulary.ActivityType.interaction.iri),
            "interactionType": .string(XAPIVocabulary.interactionType(forQuestionType: item.type.rawValue)),
            "extensions": [Ext.questionType.iri: .string(item.type.rawValue)],
        ]
        if item.type.rawValue == "deadline" { definition["name"] = ["zh-CN": .string(item.question)] }
        return ["objectType": "Activity", "id": .string(activityID("courses", course, "questions", item.question)), "definition": .object(definition)]
    }

    /// The fields every stored item has; whatever else a type keeps is its scenario.
    static let commonItemFields: Set<String> = ["question", "type", "shown", "raw", "response", "points", "max"]

    /// What an item keeps beyond the common fields: a `deadline` question's drawn scenario.
    static func scenario(_ fields: [String: JSONValue]) -> JSONValue { .object(fields.filter { !commonItemFields.contains($0.key) }) }

    func itemResult(_ item: AttemptItem, fields: [String: JSONValue]) -> JSONValue {
        var result: [String: JSONValue] = [
            "score": [
                "scaled": .number(item.max > 0 ? item.points / item.max : 0), "raw": .number(item.points), "min": 0,
                "max": .number(item.max),
            ],
            "success": .bool(item.isCorrect),
        ]
        var extensions: [String: JSONValue] = [:]
        if let response = item.response {
            // Nothing chosen (a draft with no line to withhold) is no response; strict validators refuse "".
            let text = Self.responseText(ItemCoding.responseJSON(response), questionType: item.type.rawValue)
            if !text.isEmpty { result["response"] = .string(text) }
        } else {
            extensions[Ext.skipped.iri] = true
        }
        if let raw = item.raw { extensions[Ext.rawInput.iri] = .string(raw) }
        if item.type.usesOptions { extensions[Ext.shownOrder.iri] = .string(OptionLetter.letters(item.shown)) }
        if item.type.rawValue == "deadline" {
            extensions[Ext.deadlineScenario.iri] = Self.scenario(fields)
        }
        if !extensions.isEmpty { result["extensions"] = .object(extensions) }
        return .object(result)
    }

    /// xAPI's response format: option letters and line numbers joined by `[,]`.
    static func responseText(_ stored: JSONValue, questionType: String) -> String {
        switch stored {
        case .string(let s):
            return ["single", "multiple", "order"].contains(questionType) ? s.map(String.init).joined(separator: "[,]") : s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONWriter.formatNumber(n)
        case .array(let elements): return elements.map { responseText($0, questionType: "") }.joined(separator: "[,]")
        case .object, .null: return JSONWriter.string(stored)
        }
    }

    // MARK: Sign-ins

    public func statements(for record: AttendanceRecord) -> [JSONValue] {
        [
            statement(
                record: record.id, role: "attended", actor: actor(record.trainee), verb: .attended, object: sessionActivity(record.session),
                context: context(session: record.session, parent: [], unit: record.trainee.unit, extensions: [.recordID: .string(record.id)]),
                timestamp: record.createdAt)
        ]
    }

    // MARK: Self-audits

    /// One statement per revision: completed when every item has an answer, else progressed;
    /// the answers and the open rectifications ride along as result extensions.
    public func statements(for revision: AuditRevision) -> [JSONValue] {
        let answered = revision.entries.allSatisfy { $0.status != nil }
        var counts: [String: JSONValue] = [:]
        for status in AuditStatus.allCases { counts[status.rawValue] = .int(revision.entries.filter { $0.status == status }.count) }
        counts["unanswered"] = .int(revision.entries.filter { $0.status == nil }.count)
        let items: [JSONValue] = revision.entries.map { entry in
            var item: [String: JSONValue] = [
                "item": .string(entry.item), "status": .optional(entry.status?.rawValue), "note": .string(entry.note),
                "evidence": .string(entry.evidence),
            ]
            if let r = entry.rectification { item["rectification"] = Self.rectificationJSON(r) }
            return .object(item)
        }
        let open: [JSONValue] = revision.entries.compactMap { entry in
            guard let r = entry.openRectification else { return nil }
            return ["item": .string(entry.item), "action": .string(r.action), "owner": .string(r.owner), "deadline": .optional(r.deadline?.description)]
        }
        var extensions: [Ext: JSONValue] = [.recordID: .string(revision.id), .checklistVersion: .int(revision.checklist.version)]
        if let previous = revision.previous { extensions[.previousRevision] = .string(previous) }
        let result: JSONValue = [
            "completion": .bool(answered),
            "extensions": [
                Ext.auditItems.iri: .array(items), Ext.openRectifications.iri: .array(open), Ext.auditCounts.iri: .object(counts),
            ],
        ]
        return [
            statement(
                record: revision.id, role: "audit", actor: actor(revision.by), verb: answered ? .completed : .progressed,
                object: activity(activityID("checklists", revision.checklist.id), type: .checklist), result: result,
                context: context(session: revision.session, parent: [], unit: revision.unit, extensions: extensions),
                timestamp: revision.createdAt)
        ]
    }

    static func rectificationJSON(_ r: Rectification) -> JSONValue {
        var object: [String: JSONValue] = ["action": .string(r.action), "owner": .string(r.owner), "deadline": .optional(r.deadline?.description)]
        if let done = r.done {
            object["done"] = ["date": .string(done.date.description), "evidence": .string(done.evidence), "note": .string(done.note)]
        }
        return .object(object)
    }
}
