import Yams

enum ChecklistParser {
    static let checklistKeys = ["id", "title", "version", "items"]
    static let itemKeys = ["id", "text", "guidance", "source", "evidence"]

    static func parse(_ root: Node, expectedID: String?, sink: DiagnosticSink) -> Checklist? {
        let before = sink.errorCount
        guard let map = MappingReader(root, context: "checklist", allowed: checklistKeys, sink: sink) else { return nil }
        let id = map.slug("id")
        if let id, let expectedID, id != expectedID {
            sink.error(map.markOf("id"), .idDoesNotMatchFileName(id: id, expected: expectedID))
        }
        let title = map.string("title", required: true)
        let version = map.int("version", required: true)
        if let version, version < 1 { sink.error(map.markOf("version"), .notPositive(key: "version")) }
        var items: [ChecklistItem] = []
        var seen: [String: Int] = [:]
        let nodes = map.sequence("items", required: true) ?? []
        if map.has("items"), nodes.isEmpty { sink.error(map.markOf("items"), .noItems) }
        for node in nodes {
            guard let item = MappingReader(node, context: "items", allowed: itemKeys, sink: sink) else { continue }
            let itemID = item.slug("id")
            let text = item.string("text", required: true)
            let guidance = item.string("guidance") ?? ""
            let source = item.string("source", required: true)
            let evidence = item.enumValue("evidence", as: ChecklistItem.Evidence.self) ?? .optional
            guard let itemID, let text, let source else { continue }
            if let first = seen[itemID] {
                sink.error(node.mark, .duplicateID(.item, id: itemID, firstLine: first))
                continue
            }
            seen[itemID] = node.mark?.line ?? 0
            items.append(
                ChecklistItem(
                    id: itemID, text: text.trimmingSpaces, guidance: guidance.trimmingTrailingNewlines,
                    source: source.trimmingSpaces, evidence: evidence))
        }
        let after = sink.errorCount
        guard after == before, let id, let title, let version else { return nil }
        return Checklist(id: id, title: title.trimmingSpaces, version: version, items: items)
    }
}

enum RosterParser {
    static let rosterKeys = ["units", "sessions", "xapi", "office"]
    static let xapiKeys = ["home_page"]
    static let unitKeys = ["id", "name", "kind", "expected", "aliases", "contacts"]
    static let sessionKeys = ["id", "title", "date", "courses", "checklist", "place"]

    /// The roster and, per session, where its course and checklist references are (for cross-checks).
    struct Parsed {
        var roster: Roster
        var references: [(session: String, courses: [(id: String, mark: Mark?)], checklist: (id: String, mark: Mark?)?)]
    }

    static func parse(_ root: Node, sink: DiagnosticSink) -> Parsed? {
        let before = sink.errorCount
        guard let map = MappingReader(root, context: "roster", allowed: rosterKeys, sink: sink) else { return nil }
        var roster = Roster()
        var references: [(String, [(String, Mark?)], (String, Mark?)?)] = []
        var seenUnits: [String: Int] = [:]
        var seenNames: [String: String] = [:]
        for node in map.sequence("units", required: true) ?? [] {
            guard let unit = MappingReader(node, context: "units", allowed: unitKeys, sink: sink) else { continue }
            let id = unit.slug("id")
            let name = unit.string("name", required: true)
            let kind = unit.enumValue("kind", as: Unit.Kind.self) ?? .department
            var expected = 1
            if let e = unit.int("expected") {
                if e < 0 { sink.error(unit.markOf("expected"), .negative(key: "expected")) } else { expected = e }
            }
            let aliases = (unit.stringList("aliases") ?? []).map(\.trimmingSpaces)
            let contacts = (unit.stringList("contacts") ?? []).map { TextNormalization.personName($0) }
            guard let id, let name else { continue }
            if let first = seenUnits[id] {
                sink.error(node.mark, .duplicateID(.unit, id: id, firstLine: first))
                continue
            }
            seenUnits[id] = node.mark?.line ?? 0
            // A name or alias that points at two units would sign people into the wrong one.
            for alias in [name.trimmingSpaces] + aliases {
                if let other = seenNames[alias], other != id {
                    sink.error(unit.markOf(alias == name.trimmingSpaces ? "name" : "aliases"), .ambiguousUnitName(alias, otherUnit: other))
                } else {
                    seenNames[alias] = id
                }
            }
            roster.units.append(Unit(id: id, name: name.trimmingSpaces, kind: kind, expected: expected, aliases: aliases, contacts: contacts))
        }
        var seenSessions: [String: Int] = [:]
        for node in map.sequence("sessions") ?? [] {
            guard let session = MappingReader(node, context: "sessions", allowed: sessionKeys, sink: sink) else { continue }
            let id = session.slug("id")
            let title = session.string("title", required: true)
            var date: LocalDate?
            if let text = session.string("date", required: true) {
                date = LocalDate(parsing: text)
                if date == nil { sink.error(session.markOf("date"), .invalidDate(value: text)) }
            }
            var courseRefs: [(String, Mark?)] = []
            if let nodes = session.sequence("courses", required: true) {
                for course in nodes {
                    guard let text = course.scalarString, Slug.isValid(text) else {
                        sink.error(course.mark, .invalidSlug(key: "courses", value: course.scalarString ?? ""))
                        continue
                    }
                    courseRefs.append((text, course.mark))
                }
            }
            let checklist = session.slug("checklist", required: false)
            let place = session.string("place")?.trimmingSpaces
            guard let id, let title, let date else { continue }
            if let first = seenSessions[id] {
                sink.error(node.mark, .duplicateID(.session, id: id, firstLine: first))
                continue
            }
            seenSessions[id] = node.mark?.line ?? 0
            roster.sessions.append(
                TrainingSession(
                    id: id, title: title.trimmingSpaces, date: date, courses: courseRefs.map(\.0), checklist: checklist,
                    place: place.flatMap { $0.isEmpty ? nil : $0 }))
            references.append((id, courseRefs, checklist.map { ($0, session.markOf("checklist")) }))
        }
        if let node = map.node("xapi"), !node.isNull, let xapi = MappingReader(node, context: "xapi", allowed: xapiKeys, sink: sink),
            let page = xapi.string("home_page", required: true)
        {
            if XAPIHomePage.isValid(page.trimmingSpaces) {
                roster.xapiHomePage = page.trimmingSpaces
            } else {
                sink.error(xapi.markOf("home_page"), .invalidHomePage(value: page))
            }
        }
        // The office that issues certificates (培训合格证明), e.g. 景泰县人民政府办公室.
        if let office = map.string("office")?.trimmingSpaces, !office.isEmpty { roster.office = office }
        let after = sink.errorCount
        guard after == before else { return nil }
        return Parsed(
            roster: roster,
            references: references.map { (session: $0.0, courses: $0.1.map { (id: $0.0, mark: $0.1) }, checklist: $0.2.map { (id: $0.0, mark: $0.1) }) })
    }
}
