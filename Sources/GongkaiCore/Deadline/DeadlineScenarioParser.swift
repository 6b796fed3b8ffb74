import Yams

/// Reads the `scenario:` and `answer:` of a `deadline` question.
///
/// ```yaml
/// scenario:
///   method: post                       # in-person | post | mail | online | fax
///   received: [2025-09-22, 2025-09-30] # receipt drawn between these dates (a working day)
///   supplement_requested: [1, 5]       # working days after receipt (optional)
///   supplement_received: [2, 8]        # working days after the request (optional)
///   consultations:                     # optional, in order, none overlapping
///     - {kind: third-party, after: [1, 3], length: [5, 10]}
///   fee: {after: [1, 3], length: [3, 8]}   # fee notice to payment (optional)
///   extension: true                    # extension approved (default false)
/// answer: reply                        # receipt | supplement_by | reply | extended
/// ```
enum DeadlineScenarioParser {
    static let scenarioKeys = [
        "method", "received", "supplement_requested", "supplement_received", "consultations", "fee", "extension",
    ]
    static let intervalKeys = ["kind", "after", "length"]

    static func parse(_ question: MappingReader, prompt: String?, sink: DiagnosticSink) -> AnswerKey? {
        let before = sink.errorCount
        guard let node = question.node("scenario"), !node.isNull else {
            sink.error(question.mark, .missingKey("scenario"))
            return nil
        }
        guard let map = MappingReader(node, context: "scenario", allowed: scenarioKeys, sink: sink) else { return nil }
        let method: ApplicationMethod?
        if let text = map.string("method", required: true) {
            method = ApplicationMethod(typed: text)
            if method == nil {
                sink.error(map.markOf("method"), .unknownValue(key: "method", value: text, allowed: ApplicationMethod.allCases.map(\.rawValue)))
            }
        } else {
            method = nil
        }
        let received = dateRange(map, "received", sink: sink)
        if !map.has("received") { sink.error(map.mark, .deadline(.scenarioNeedsKey("received"))) }
        let requested = dayRange(map, "supplement_requested", minimum: 0, sink: sink)
        let arrived = dayRange(map, "supplement_received", minimum: 1, sink: sink)
        if arrived != nil, requested == nil {
            sink.error(map.keyMark("supplement_received"), .deadline(.scenarioNeedsKey("supplement_requested")))
        }
        var periods: [DeadlineScenario.Interval] = []
        for element in map.sequence("consultations") ?? [] {
            if let interval = interval(element, fee: false, sink: sink) { periods.append(interval) }
        }
        if let fee = map.node("fee"), let interval = interval(fee, fee: true, sink: sink) { periods.append(interval) }
        let extensionApproved = map.bool("extension") ?? false

        var target: DeadlineScenario.Target?
        if let text = question.string("answer", required: true) {
            target = DeadlineScenario.Target(rawValue: text.trimmingSpaces)
            if target == nil {
                sink.error(question.markOf("answer"), .deadline(.scenarioBadAnswer(value: text, allowed: DeadlineScenario.Target.allCases.map(\.rawValue))))
            }
        }
        if target == .supplementBy, requested != nil {
            // Asking for the last day to request a supplement after one was requested is fine; nothing to check.
        }
        guard sink.errorCount == before, let method, let received, let target else { return nil }
        var scenario = DeadlineScenario(
            method: method, receivedFrom: received.0, receivedTo: received.1, supplementRequested: requested,
            supplementReceived: arrived, periods: periods, extensionApproved: extensionApproved, target: target)
        scenario.sourceLine = node.mark?.line ?? 0
        scenario.sourceColumn = node.mark?.column ?? 0
        if let prompt { checkPlaceholders(prompt, scenario: scenario, mark: question.markOf("prompt"), sink: sink) }
        return sink.errorCount == before ? .deadline(scenario) : nil
    }

    static func checkPlaceholders(_ prompt: String, scenario: DeadlineScenario, mark: Mark?, sink: DiagnosticSink) {
        let allowed = scenario.placeholderNames
        var used: [String] = []
        var rest = Substring(prompt)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            used.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        for name in used where !allowed.contains(name) {
            sink.error(mark, .deadline(.scenarioUnknownPlaceholder(name, allowed: allowed)))
        }
        for name in allowed where !used.contains(name) {
            sink.error(mark, .deadline(.scenarioPlaceholderMissing(name)))
        }
    }

    static func interval(_ node: Node, fee: Bool, sink: DiagnosticSink) -> DeadlineScenario.Interval? {
        let keys = fee ? ["after", "length"] : intervalKeys
        guard let map = MappingReader(node, context: fee ? "fee" : "consultations", allowed: keys, sink: sink) else { return nil }
        var kind = ExcludedPeriod.Kind.fee
        if !fee {
            guard let text = map.string("kind", required: true) else { return nil }
            guard let k = ExcludedPeriod.Kind(rawValue: text.trimmingSpaces), k != .fee else {
                sink.error(map.markOf("kind"), .unknownValue(key: "kind", value: text, allowed: ["third-party", "other-agency"]))
                return nil
            }
            kind = k
        }
        let after = dayRange(map, "after", minimum: 1, sink: sink)
        let length = dayRange(map, "length", minimum: 1, sink: sink)
        if !map.has("after") { sink.error(map.mark, .deadline(.scenarioNeedsKey("after"))) }
        if !map.has("length") { sink.error(map.mark, .deadline(.scenarioNeedsKey("length"))) }
        guard let after, let length else { return nil }
        return DeadlineScenario.Interval(kind: kind, after: after, length: length)
    }

    /// `[a, b]` of two scalars, or one scalar for a fixed value.
    static func pair(_ map: MappingReader, _ key: String, sink: DiagnosticSink) -> (String, String)? {
        guard let node = map.node(key), !node.isNull else { return nil }
        switch node {
        case .scalar(let s): return (s.string, s.string)
        case .sequence(let seq) where seq.count == 2:
            if let a = seq[0].scalarString, let b = seq[1].scalarString { return (a, b) }
        default: break
        }
        sink.error(node.mark, .deadline(.scenarioBadRange(key: key, value: node.scalarString ?? "…")))
        return nil
    }

    static func dateRange(_ map: MappingReader, _ key: String, sink: DiagnosticSink) -> (LocalDate, LocalDate)? {
        guard let (a, b) = pair(map, key, sink: sink) else { return nil }
        guard let from = LocalDate(parsing: a), let to = LocalDate(parsing: b),
            DeadlineCalculator.years.contains(from.year), DeadlineCalculator.years.contains(to.year)
        else {
            sink.error(map.markOf(key), .deadline(.scenarioBadRange(key: key, value: "\(a), \(b)")))
            return nil
        }
        guard from <= to else {
            sink.error(map.markOf(key), .deadline(.scenarioRangeReversed(key: key)))
            return nil
        }
        return (from, to)
    }

    static func dayRange(_ map: MappingReader, _ key: String, minimum: Int, sink: DiagnosticSink) -> DeadlineScenario.DayRange? {
        guard let (a, b) = pair(map, key, sink: sink) else { return nil }
        guard let lower = Int(a.trimmingSpaces), let upper = Int(b.trimmingSpaces), lower >= minimum, upper <= 250 else {
            sink.error(map.markOf(key), .deadline(.scenarioBadRange(key: key, value: "\(a), \(b)")))
            return nil
        }
        guard lower <= upper else {
            sink.error(map.markOf(key), .deadline(.scenarioRangeReversed(key: key)))
            return nil
        }
        return DeadlineScenario.DayRange(lower, upper)
    }
}

/// The scenario in the course digest and the library snapshot.
enum DeadlineScenarioCoding {
    static func json(_ s: DeadlineScenario) -> JSONValue {
        func range(_ r: DeadlineScenario.DayRange?) -> JSONValue { r.map { [.int($0.lower), .int($0.upper)] } ?? .null }
        return [
            "method": .string(s.method.rawValue), "received": [.string(s.receivedFrom.description), .string(s.receivedTo.description)],
            "supplementRequested": range(s.supplementRequested), "supplementReceived": range(s.supplementReceived),
            "periods": .array(s.periods.map { ["kind": .string($0.kind.rawValue), "after": range($0.after), "length": range($0.length)] }),
            "extension": .bool(s.extensionApproved), "target": .string(s.target.rawValue),
        ]
    }

    /// Every holiday and worked weekend day of the calendar, so that a correction changes the digest.
    static func calendarJSON(_ calendar: HolidayCalendar?) -> JSONValue {
        guard let calendar else { return .null }
        return .array(calendar.arrangements.map { a in
            [
                "year": .int(a.year),
                "holidays": .array(a.holidays.map { [.string($0.from.description), .string($0.to.description)] }),
                "workingDays": .array(a.workingDays.map { .string($0.date.description) }),
            ]
        })
    }

    static func encode(_ s: DeadlineScenario, into w: inout ByteWriter) {
        // The canonical JSON text is the whole scenario; the calendar is re-attached from the library.
        w.string(JSONWriter.string(json(s)))
        w.i64(Int64(s.sourceLine))
        w.i64(Int64(s.sourceColumn))
    }

    static func decode(_ r: inout ByteReader) throws(ByteReader.Failure) -> DeadlineScenario {
        let text = try r.text()
        let line = Int(try r.i64())
        let column = Int(try r.i64())
        guard let value = try? JSONParser.parse(Array(text.utf8)), var s = scenario(value) else { throw ByteReader.Failure() }
        s.sourceLine = line
        s.sourceColumn = column
        return s
    }

    static func scenario(_ v: JSONValue) -> DeadlineScenario? {
        func range(_ value: JSONValue?) -> DeadlineScenario.DayRange? {
            guard let a = value?.arrayValue, a.count == 2, let l = a[0].intValue, let u = a[1].intValue else { return nil }
            return DeadlineScenario.DayRange(l, u)
        }
        guard let method = v["method"]?.stringValue.flatMap(ApplicationMethod.init(rawValue:)),
            let received = v["received"]?.arrayValue, received.count == 2,
            let from = received[0].stringValue.flatMap(LocalDate.init(parsing:)),
            let to = received[1].stringValue.flatMap(LocalDate.init(parsing:)),
            let target = v["target"]?.stringValue.flatMap(DeadlineScenario.Target.init(rawValue:))
        else { return nil }
        var periods: [DeadlineScenario.Interval] = []
        for p in v["periods"]?.arrayValue ?? [] {
            guard let kind = p["kind"]?.stringValue.flatMap(ExcludedPeriod.Kind.init(rawValue:)), let after = range(p["after"]),
                let length = range(p["length"])
            else { return nil }
            periods.append(DeadlineScenario.Interval(kind: kind, after: after, length: length))
        }
        return DeadlineScenario(
            method: method, receivedFrom: from, receivedTo: to, supplementRequested: range(v["supplementRequested"]),
            supplementReceived: range(v["supplementReceived"]), periods: periods, extensionApproved: v["extension"]?.boolValue ?? false,
            target: target)
    }
}
