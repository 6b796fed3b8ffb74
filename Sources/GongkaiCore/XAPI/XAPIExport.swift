/// An attempt as stored, with its items' raw fields: a question type may keep more
/// than the common fields (a `deadline` question keeps the dates drawn for the attempt).
public struct StoredAttempt: StoredRecord, Equatable {
    public static let schema = AttemptRecord.schema

    public var record: AttemptRecord
    public var itemFields: [[String: JSONValue]]

    public var id: String { record.id }
    public var createdAt: Timestamp { record.createdAt }

    public init(record: AttemptRecord, itemFields: [[String: JSONValue]] = []) {
        self.record = record
        self.itemFields = itemFields
    }

    public func fields() -> [String: JSONValue] {
        var fields = record.fields()
        if !itemFields.isEmpty, case .array(let items)? = fields["items"] {
            fields["items"] = .array(zip(items, itemFields).map { item, raw in .object(raw.merging(item.objectValue ?? [:]) { _, ours in ours }) })
        }
        return fields
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        record = try AttemptRecord(fields: value)
        itemFields = (value["items"]?.arrayValue ?? []).map { $0.objectValue ?? [:] }
    }
}

/// The records an export reads, from one or more results folders merged.
public struct XAPIRecords: Sendable {
    public var attempts: [StoredAttempt] = []
    public var attendance: [AttendanceRecord] = []
    public var audits: [AuditRevision] = []
    public var skipped: [SkippedRecord] = []
    public var tampered: [String] = []
    public var undigested: [String] = []

    public init(attempts: [StoredAttempt] = [], attendance: [AttendanceRecord] = [], audits: [AuditRevision] = []) {
        self.attempts = attempts
        self.attendance = attendance
        self.audits = audits
    }

    public static func load(roots: [String], fileSystem: FileSystem) -> XAPIRecords {
        var records = XAPIRecords()
        let scanner = RecordScanner(fileSystem: fileSystem)
        let attempts = scanner.scan(StoredAttempt.self, roots: roots, subdirectory: "attempts")
        records.absorb(attempts)
        records.attempts = attempts.records.map(\.record)
        let attendance = scanner.scan(AttendanceRecord.self, roots: roots, subdirectory: "attendance")
        records.absorb(attendance)
        records.attendance = attendance.records.map(\.record)
        let audits = scanner.scan(AuditRevision.self, roots: roots, subdirectory: "audits")
        records.absorb(audits)
        records.audits = audits.records.map(\.record)
        return records
    }

    private mutating func absorb<R>(_ scan: ScanResult<R>) {
        skipped += scan.skipped
        tampered += scan.records.filter { $0.integrity == .mismatch }.map(\.path)
        undigested += scan.records.filter { $0.integrity == .missing }.map(\.path)
    }
}

/// Which records an export covers, and the statements they make.
public struct XAPIExport: Sendable {
    public struct Filter: Sendable, Equatable {
        /// Records made on or after this day (the record's own local date).
        public var since: LocalDate?
        public var session: String?

        public init(since: LocalDate? = nil, session: String? = nil) {
            self.since = since
            self.session = session
        }
    }

    public struct Counts: Sendable, Equatable {
        public var attempts = 0
        public var signIns = 0
        public var audits = 0
        public var statements = 0
    }

    public var statements: [JSONValue] = []
    public var counts = Counts()

    /// Every chosen record's statements, records oldest first (ties by id), so an
    /// export of the same records is the same file.
    public static func build(_ records: XAPIRecords, filter: Filter, builder: XAPIStatementBuilder) -> XAPIExport {
        func chosen(_ createdAt: Timestamp, _ session: String?) -> Bool {
            if let since = filter.since, createdAt.localDate < since { return false }
            if let wanted = filter.session, session != wanted { return false }
            return true
        }
        var export = XAPIExport()
        var pieces: [(time: Int64, id: String, statements: [JSONValue])] = []
        for attempt in records.attempts where chosen(attempt.record.createdAt, attempt.record.session) {
            pieces.append((attempt.record.createdAt.seconds, attempt.id, builder.statements(for: attempt.record, itemFields: attempt.itemFields)))
            export.counts.attempts += 1
        }
        for signIn in records.attendance where chosen(signIn.createdAt, signIn.session) {
            pieces.append((signIn.createdAt.seconds, signIn.id, builder.statements(for: signIn)))
            export.counts.signIns += 1
        }
        for revision in records.audits where chosen(revision.createdAt, revision.session) {
            pieces.append((revision.createdAt.seconds, revision.id, builder.statements(for: revision)))
            export.counts.audits += 1
        }
        pieces.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        export.statements = pieces.flatMap(\.statements)
        export.counts.statements = export.statements.count
        return export
    }

    /// One compact statement per line.
    public static func jsonLines(_ statements: [JSONValue]) -> [UInt8] {
        var out: [UInt8] = []
        for statement in statements {
            out += JSONWriter.bytes(statement)
            out.append(0x0A)
        }
        return out
    }
}
