/// A compiled report: what every output format renders.
public struct Report: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case attendance, scores, completion, audits, items, notices
        /// Office papers (see `Reports/Papers/`): the 签到表, 培训合格证明 and per-person transcripts.
        case signin, certificates, transcript
    }

    public enum Tone: Sendable, Equatable { case plain, good, bad, warn, muted }

    public struct Cell: Sendable, Equatable {
        /// What a cell holds, for the formats that keep types (a workbook; CSV's split ratios).
        /// `text` is always what every view shows; `value` only says what that text is.
        public enum Value: Sendable, Equatable {
            /// Words, ids, names: kept as text everywhere (`0012` and `3/3` stay as written).
            case text
            case number(Double)
            /// A percentage as `Percentage` rounded it: 86.7 means 86.7 %.
            case percent(Double)
            case date(LocalDate)
            /// A moment, shown to the minute in the offset it was recorded in.
            case time(Timestamp)
            case ratio(Int, Int)
            /// No figure (`—`: no whole to divide by): an empty cell in a workbook.
            case missing
        }

        public var text: String
        public var tone: Tone
        public var value: Value
        /// The cell's values in CSV when its column splits there (`3/4` → `3`, `4`).
        public var csv: [String]?

        public init(_ text: String, _ tone: Tone = .plain, csv: [String]? = nil, value: Value = .text) {
            self.text = text
            self.tone = tone
            self.csv = csv
            self.value = value
        }

        /// A ratio: shown `3/4`, written to CSV and workbooks as two numbers (a spreadsheet reads `3/4` as a date).
        public static func ratio(_ part: Int, of whole: Int, _ tone: Tone = .plain) -> Cell {
            Cell("\(part)/\(whole)", tone, csv: ["\(part)", "\(whole)"], value: .ratio(part, whole))
        }

        /// A count.
        public static func number(_ n: Int, _ tone: Tone = .plain) -> Cell { Cell(String(n), tone, value: .number(Double(n))) }

        /// A measure (a mean, a correlation) already rounded; `—` for none.
        public static func number(_ n: Double?, _ tone: Tone = .plain) -> Cell {
            guard let n else { return Cell("—", tone, value: .missing) }
            return Cell(JSONWriter.formatNumber(n), tone, value: .number(n))
        }

        /// A percentage rounded by the one rule (`Percentage`), shown by it: `86.7%`; `—` for none.
        public static func percent(_ p: Double?, _ tone: Tone = .plain) -> Cell {
            Cell(Percentage.text(p), tone, value: p.map(Value.percent) ?? .missing)
        }

        /// A day (`2020-07-08`); `missing` when there is none.
        public static func date(_ d: LocalDate?, _ tone: Tone = .plain, missing: String = "—") -> Cell {
            guard let d else { return Cell(missing, tone, value: missing.isEmpty || missing == "—" ? .missing : .text) }
            return Cell(d.description, tone, value: .date(d))
        }

        /// A moment (`2020-07-08 09:30`).
        public static func time(_ t: Timestamp, _ tone: Tone = .plain) -> Cell { Cell(t.shortDescription, tone, value: .time(t)) }
    }

    public struct Column: Sendable, Equatable {
        public var title: String
        public var numeric: Bool
        /// The columns this one becomes in CSV (a ratio becomes two numeric columns).
        public var csvTitles: [String]?
        /// Room a printed column keeps even when empty (half-width characters): a signature, a field to fill in.
        public var minWidth: Int?

        public init(_ title: String, numeric: Bool = false, csvTitles: [String]? = nil, minWidth: Int? = nil) {
            self.title = title
            self.numeric = numeric
            self.csvTitles = csvTitles
            self.minWidth = minWidth
        }
    }

    /// One table of a report: what every format renders (terminal, Markdown, HTML, CSV, xlsx).
    public struct Section: Sendable {
        public var title: String
        /// A stable English name for `--table NAME` (`units`, `people`, `rectifications`); nil: its number.
        public var name: String?
        public var columns: [Column]
        public var rows: [[Cell]]
        /// Text before the table (a notice's body).
        public var paragraphs: [String] = []
        /// Lines to sign under the table (`填表人：`), printed with room for a signature.
        public var signatures: [String] = []
        /// Starts a new printed page (one notice per unit).
        public var newPage = false
        /// Long text wraps inside its cell instead of widening the column (papers to print).
        public var wraps = false
        /// The kind of paper, as an HTML class of the section and its table (`signin`, `certificate`, `transcript`).
        public var paper: String?
        /// False for a printed layout of rows another table holds (each certificate, the sign-in sheet as
        /// printed): it gets no sheet of its own in a workbook and is not a `--table`.
        public var exported = true
        /// The rows made as they are written, when the table is too long to hold (`rows` is then empty).
        public var source: RowSource?

        public init(
            title: String, columns: [Column], rows: [[Cell]], paragraphs: [String] = [], signatures: [String] = [], newPage: Bool = false,
            wraps: Bool = false, name: String? = nil, paper: String? = nil, exported: Bool = true, source: RowSource? = nil
        ) {
            self.source = source
            self.paper = paper
            self.exported = exported
            self.title = title
            self.name = name
            self.columns = columns
            self.rows = rows
            self.paragraphs = paragraphs
            self.signatures = signatures
            self.newPage = newPage
            self.wraps = wraps
        }

        /// How many rows the table has, held or made.
        public var rowCount: Int { source?.count ?? rows.count }

        /// Every row in order: those held, or made one at a time.
        public func forEachRow(_ body: ([Cell]) throws -> Void) throws {
            if let source { try source.each(body) } else { for row in rows { try body(row) } }
        }

        /// Makes and holds the rows of a source.
        public mutating func materialize() throws {
            guard let source else { return }
            var made: [[Cell]] = []
            made.reserveCapacity(source.count)
            try source.each { made.append($0) }
            rows = made
            self.source = nil
        }
    }

    /// Rows made on demand, in order, each time they are asked for: a table too long to hold
    /// (a province's people and modules), which the renderers write a row at a time.
    public struct RowSource: Sendable {
        public var count: Int
        let each: @Sendable (_ body: ([Cell]) throws -> Void) throws -> Void

        public init(count: Int, each: @escaping @Sendable (_ body: ([Cell]) throws -> Void) throws -> Void) {
            self.count = count
            self.each = each
        }
    }

    /// The elements of one array of the JSON (`key` of the top-level object), made as they are written.
    public struct JSONStream: Sendable {
        public var key: String
        public var count: Int
        let each: @Sendable (_ body: (JSONValue) throws -> Void) throws -> Void

        public init(key: String, count: Int, each: @escaping @Sendable (_ body: (JSONValue) throws -> Void) throws -> Void) {
            self.key = key
            self.count = count
            self.each = each
        }
    }

    public struct Figure: Sendable, Equatable {
        public var label: String
        public var value: String
        public var tone: Tone

        public init(_ label: String, _ value: String, _ tone: Tone = .plain) {
            self.label = label
            self.value = value
            self.tone = tone
        }
    }

    /// A horizontal bar chart of percentages (0–100).
    public struct BarChart: Sendable {
        public struct Bar: Sendable, Equatable {
            public var label: String
            public var value: Double
            public var note: String
            public var tone: Tone
        }

        public var title: String
        public var bars: [Bar]
    }

    public var kind: Kind
    public var title: String
    public var subtitle: String
    public var generatedAt: Timestamp
    /// The day overdue status was judged, when it is not the day of generation (`--as-of`).
    public var judgedOn: LocalDate?
    public var figures: [Figure] = []
    /// The first section is the main table (the one CSV holds, unless `csv` says otherwise).
    public var sections: [Section] = []
    /// The table CSV holds when it is not the first section (one row per rectification).
    public var csv: Section?
    public var charts: [BarChart] = []
    /// The stable machine-readable form (documented in the README).
    public var json: JSONValue = .null
    /// Warnings and hints shown under the report.
    public var notes: [String] = []
    /// The array of `json` made as it is written (`json` holds it empty until then).
    public var jsonStream: JSONStream?

    /// The report with every row and JSON element made and held (what a renderer that cannot write
    /// a row at a time needs, and what a report that holds its rows is).
    public func materialized() throws -> Report {
        var report = self
        for index in report.sections.indices { try report.sections[index].materialize() }
        if var csv = report.csv {
            try csv.materialize()
            report.csv = csv
        }
        if let stream = jsonStream, case .object(var members) = json {
            var elements: [JSONValue] = []
            elements.reserveCapacity(stream.count)
            try stream.each { elements.append($0) }
            members[stream.key] = .array(elements)
            report.json = .object(members)
            report.jsonStream = nil
        }
        return report
    }

    /// Whether any table or the JSON is made as it is written.
    public var streams: Bool { jsonStream != nil || sections.contains { $0.source != nil } || csv?.source != nil }

    /// Every table of the report, each once, in report order: the sections with columns, then
    /// the CSV-only table (one row per rectification). A workbook has a sheet for each.
    public var tables: [Section] {
        sections.filter { !$0.columns.isEmpty && $0.exported } + (csv.map { [$0] } ?? [])
    }

    /// The table CSV holds by default.
    public var mainTable: Section? { csv ?? sections.first }

    /// The name `--table` knows a table by: its `name`, else its number (1, 2, …).
    public static func tableName(_ table: Section, at index: Int) -> String { table.name ?? String(index + 1) }

    /// The table `--table NAME` asks for: by name, number or title (case-insensitive).
    public func table(named wanted: String) -> Section? {
        let tables = tables
        let lower = wanted.lowercased()
        if let found = tables.indices.first(where: { Self.tableName(tables[$0], at: $0).lowercased() == lower }) { return tables[found] }
        if let number = Int(wanted), number >= 1, number <= tables.count { return tables[number - 1] }
        return tables.first { $0.title.lowercased() == lower }
    }

    /// The name and title of every table, for the message that lists them.
    public var tableNames: [(name: String, title: String)] {
        let tables = tables
        return tables.indices.map { (Self.tableName(tables[$0], at: $0), tables[$0].title) }
    }
}

/// What to report on.
public struct ReportFilter: Sendable, Equatable {
    public var session: String?
    public var unit: String?
    public var course: String?
    public var since: LocalDate?
    public var until: LocalDate?
    /// A person's name (`--trainee`), for the certificates and transcripts: compared as the shell compares names.
    public var trainee: String?

    public init(
        session: String? = nil, unit: String? = nil, course: String? = nil, since: LocalDate? = nil, until: LocalDate? = nil, trainee: String? = nil
    ) {
        self.session = session
        self.unit = unit
        self.course = course
        self.since = since
        self.until = until
        self.trainee = trainee
    }

    func includes(_ date: LocalDate) -> Bool {
        if let since, date < since { return false }
        if let until, date > until { return false }
        return true
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "session": .optional(session), "unit": .optional(unit), "course": .optional(course),
            "since": .optional(since?.description), "until": .optional(until?.description),
        ]
        if let trainee { object["trainee"] = .string(trainee) }
        return .object(object)
    }
}

/// Inputs shared by every report builder.
public struct ReportContext: Sendable {
    public var library: CourseLibrary
    public var records: RecordSet
    public var filter: ReportFilter
    /// The moment deadlines are judged at (noon of `--as-of`, else the moment of generation).
    public var now: Timestamp
    /// When the report was made: never moved by `--as-of`.
    public var generatedAt: Timestamp
    /// The day given with `--as-of`, if any.
    public var asOf: LocalDate?
    public var language: Language
    /// Which forms will be rendered: builders skip the rest (at province scale
    /// the per-person JSON alone is tens of megabytes).
    public var wantsJSON: Bool
    public var wantsTables: Bool

    public init(
        library: CourseLibrary, records: RecordSet, filter: ReportFilter, now: Timestamp, language: Language,
        wantsJSON: Bool = true, wantsTables: Bool = true, generatedAt: Timestamp? = nil, asOf: LocalDate? = nil
    ) {
        self.library = library
        self.records = records
        self.filter = filter
        self.now = now
        self.generatedAt = generatedAt ?? now
        self.asOf = asOf
        self.language = language
        self.wantsJSON = wantsJSON
        self.wantsTables = wantsTables
        self.unitList = Self.units(roster: library.roster ?? Roster(), records: records, filter: filter)
        self.allowedUnits = filter.unit == nil ? nil : Set(unitList.map(\.id))
        self.uncounted = AttemptPolicy.uncounted(records.attempts, library: library)
    }

    /// Attempts past a module's `counted_attempts` (see `AttemptPolicy`): practice, not scores.
    let uncounted: Set<String>

    /// Roster units (filtered), then any unit that appears only in records.
    private let unitList: [Unit]
    private let allowedUnits: Set<String>?

    var today: LocalDate { now.localDate }
    var t: Catalogue { Catalogue(language) }
    var roster: Roster { library.roster ?? Roster() }

    /// The session reported on: the one asked for, else today's, else the most recent.
    public var session: TrainingSession? {
        if let id = filter.session { return roster.session(id: id) }
        return roster.defaultSession(today: today)
    }

    var units: [Unit] { unitList }

    /// The self-audit checklist of `session`, else the first one the library has (audits and notices).
    func checklist(for session: TrainingSession?) -> Checklist? {
        (session?.checklist ?? library.checklists.first?.id).flatMap(library.checklist(id:))
    }

    static func units(roster: Roster, records: RecordSet, filter: ReportFilter) -> [Unit] {
        var units = roster.units
        let known = Set(units.map(\.id))
        var extra: Set<String> = []
        for record in records.attendance where !known.contains(record.trainee.unit) { extra.insert(record.trainee.unit) }
        // A province's attempts are a hundred thousand lookups: on every core.
        let attempts = records.attempts
        let stretch = 16384
        let found = ParallelMap.map(Array(stride(from: 0, to: attempts.count, by: stretch)), chunk: 1) { start -> Set<String> in
            var unknown: Set<String> = []
            for index in start..<min(start + stretch, attempts.count) where !known.contains(attempts[index].trainee.unit) {
                unknown.insert(attempts[index].trainee.unit)
            }
            return unknown
        }
        for part in found { extra.formUnion(part) }
        // Streamed attempts (`RecordSet.streamAttempts`) leave their units behind instead.
        for unit in records.attemptUnits where !known.contains(unit) { extra.insert(unit) }
        for audit in records.audits where !known.contains(audit.unit) { extra.insert(audit.unit) }
        units += extra.sorted().map { Unit(id: $0, name: $0, kind: .other, expected: 0) }
        if let wanted = filter.unit { units = units.filter { $0.id == wanted || $0.name == wanted } }
        return units
    }

    func courseTitle(_ id: String) -> String { library.course(id: id)?.title ?? id }

    /// Quiz attempts passing the filters (kind quiz, session, unit, course, dates).
    func quizAttempts(session: String?) -> [AttemptSummary] {
        records.attempts.filter { counts($0, session: session) }
    }

    /// Whether an attempt passes the filters.
    func counts(_ a: AttemptSummary, session: String?) -> Bool {
        guard a.kind == .quiz, session == nil || a.session == session, filter.course == nil || a.course == filter.course else { return false }
        if !uncounted.isEmpty, uncounted.contains(a.id) { return false }
        if filter.since != nil || filter.until != nil, !filter.includes(a.finishedAt.localDate) { return false }
        if let allowedUnits { return allowedUnits.contains(a.trainee.unit) }
        return true
    }

    func attendance(session: String) -> [AttendanceRecord] {
        records.attendance.filter { $0.session == session && filter.includes($0.createdAt.localDate) }
    }

    func audits(checklist: String) -> [AuditRevision] {
        records.audits.filter { $0.checklist.id == checklist && filter.includes($0.createdAt.localDate) }
    }

    /// Notes every report carries about the records it could not trust.
    var integrityNotes: [String] {
        var notes: [String] = []
        if !records.skipped.isEmpty { notes.append(t(ReportText.skippedNote(records.skipped.count))) }
        let untrusted = records.untrusted
        if !untrusted.isEmpty {
            notes.append(t(ReportText.tamperedNote(untrusted.count, untrusted.prefix(5).joined(separator: ", "))))
        }
        if records.duplicates > 0 { notes.append(t(ReportText.duplicatesNote(records.duplicates))) }
        if !records.conflicts.isEmpty { notes.append(t(HardeningText.conflictNote(records.conflicts.count))) }
        return notes
    }

    var integrityJSON: [String: JSONValue] {
        [
            "skippedRecords": .int(records.skipped.count),
            "tamperedRecords": .array(records.untrusted.map(JSONValue.string)),
            "duplicateRecords": .int(records.duplicates),
            // Ids read before, from another copy, with other content (the first copy read is counted).
            "conflictingRecords": .array(records.conflicts.map(JSONValue.string)),
        ]
    }

    func header(_ kind: Report.Kind, session: TrainingSession?) -> Report {
        var subtitle = session.map { t(ReportText.sessionLine(title: $0.title, id: $0.id, date: $0.date.description)) } ?? t(ReportText.allSessions)
        var parts: [String] = []
        if let unit = filter.unit { parts.append(t(ReportText.filterUnit(roster.unit(id: unit)?.name ?? unit))) }
        if let course = filter.course { parts.append(t(ReportText.filterCourse(courseTitle(course)))) }
        if filter.since != nil || filter.until != nil {
            parts.append(t(ReportText.filterDates(filter.since?.description ?? "…", filter.until?.description ?? "…")))
        }
        if !parts.isEmpty { subtitle += " · " + parts.joined(separator: " · ") }
        var report = Report(kind: kind, title: t(ReportText.title(kind)), subtitle: subtitle, generatedAt: generatedAt)
        report.judgedOn = asOf
        report.notes = integrityNotes
        return report
    }

    func sessionJSON(_ session: TrainingSession?) -> JSONValue {
        guard let session else { return .null }
        return [
            "id": .string(session.id), "title": .string(session.title), "date": .string(session.date.description),
            "courses": .array(session.courses.map(JSONValue.string)), "checklist": .optional(session.checklist),
        ]
    }

    func envelope(_ kind: Report.Kind, session: TrainingSession?, _ body: [String: JSONValue]) -> JSONValue {
        var object = body
        object["schema"] = .string(kind.schemaID)
        object["generatedAt"] = .string(generatedAt.description)
        object["asOf"] = .string(today.description)
        object["session"] = sessionJSON(session)
        object["filters"] = filter.json
        for (key, value) in integrityJSON { object[key] = value }
        return .object(object)
    }
}
