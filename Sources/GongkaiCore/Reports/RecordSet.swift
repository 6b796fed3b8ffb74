/// Every record a report reads, from one or more `Results/` folders merged:
/// the same record copied from two PCs counts once; unreadable files are listed,
/// never fatal; files whose digest no longer matches are listed as tampered.
public struct RecordSet: Sendable {
    public var attempts: [AttemptSummary] = []
    public var attendance: [AttendanceRecord] = []
    public var audits: [AuditRevision] = []
    public var skipped: [SkippedRecord] = []
    /// Paths of records whose content no longer matches their digest.
    public var tampered: [String] = []
    /// Paths of records with no digest at all.
    public var undigested: [String] = []
    public var duplicates = 0

    public init() {}

    public struct Needs: Sendable, OptionSet {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let attempts = Needs(rawValue: 1)
        public static let items = Needs(rawValue: 2)
        public static let attendance = Needs(rawValue: 4)
        public static let audits = Needs(rawValue: 8)
        public static let all: Needs = [.attempts, .items, .attendance, .audits]
    }

    public static func load(roots: [String], fileSystem: FileSystem, needs: Needs, cache: SummaryCache? = nil) -> RecordSet {
        var set = RecordSet()
        let scanner = RecordScanner(fileSystem: fileSystem)
        if !needs.isDisjoint(with: [.attempts, .items]) {
            let loaded = AttemptLoader(fileSystem: fileSystem, cache: cache).load(roots: roots, withItems: needs.contains(.items))
            set.attempts = loaded.summaries.effective
            set.skipped += loaded.skipped
            set.tampered += loaded.tampered
            set.undigested += loaded.undigested
            set.duplicates += loaded.duplicates
        }
        if needs.contains(.attendance) {
            let scan = scanner.scan(AttendanceRecord.self, roots: roots, subdirectory: "attendance")
            set.absorb(scan)
            set.attendance = scan.records.map(\.record)
        }
        if needs.contains(.audits) {
            let scan = scanner.scan(AuditRevision.self, roots: roots, subdirectory: "audits")
            set.absorb(scan)
            set.audits = scan.records.map(\.record)
        }
        return set
    }

    private mutating func absorb<R>(_ scan: ScanResult<R>) {
        skipped += scan.skipped
        duplicates += scan.duplicates
        tampered += scan.records.filter { $0.integrity == .mismatch }.map(\.path)
        undigested += scan.records.filter { $0.integrity == .missing }.map(\.path)
    }
}

/// Reads attempt records into summaries.
public struct AttemptLoader: Sendable {
    public struct Loaded: Sendable {
        public var summaries: [AttemptSummary] = []
        public var skipped: [SkippedRecord] = []
        public var tampered: [String] = []
        public var undigested: [String] = []
        public var duplicates = 0
    }

    public let fileSystem: FileSystem
    public let cache: SummaryCache?

    public init(fileSystem: FileSystem, cache: SummaryCache? = nil) {
        self.fileSystem = fileSystem
        self.cache = cache
    }

    public func load(roots: [String], withItems: Bool) -> Loaded {
        var result = Loaded()
        var seen: Set<String> = []
        for root in roots {
            let (files, symlinks) = fileSystem.walk(PathJoin.join(root, "attempts"))
            for link in symlinks { result.skipped.append(SkippedRecord(path: link, problem: .symlink)) }
            let outcomes = summarize(files.filter { $0.hasSuffix(".json") }, withItems: withItems)
            for outcome in outcomes {
                switch outcome {
                case .failure(let skipped):
                    result.skipped.append(skipped)
                case .success(let entry):
                    guard seen.insert(entry.summary.id).inserted else {
                        result.duplicates += 1
                        continue
                    }
                    if entry.integrity == .mismatch { result.tampered.append(entry.path) }
                    if entry.integrity == .missing { result.undigested.append(entry.path) }
                    result.summaries.append(entry.summary)
                }
            }
        }
        return result
    }

    public struct Entry: Sendable {
        public var path: String
        public var summary: AttemptSummary
        public var integrity: Integrity
    }

    /// Reads and summarises files on every core; the order of results is the order of `paths`.
    func summarize(_ paths: [String], withItems: Bool) -> [Result<Entry, SkippedRecord>] {
        ParallelMap.map(paths) { summarize($0, withItems: withItems) }
    }

    func summarize(_ path: String, withItems: Bool) -> Result<Entry, SkippedRecord> {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes)
        } catch .tooLarge(_, let size) {
            return .failure(SkippedRecord(path: path, problem: .tooLarge(size: size)))
        } catch .notRegularFile {
            return .failure(SkippedRecord(path: path, problem: .symlink))
        } catch {
            return .failure(SkippedRecord(path: path, problem: .unreadable("\(error)")))
        }
        // Fast path: scan the fields and check the digest on the bytes.
        if let summary = bytes.withUnsafeBufferPointer({ AttemptSummary.scan($0, withItems: withItems) }) {
            return .success(Entry(path: path, summary: summary, integrity: RecordCodec.integrity(of: bytes)))
        }
        // Anything unusual: the full parser, which also says what is wrong.
        do {
            let (value, integrity) = try RecordCodec.parse(bytes)
            let summary = try AttemptSummary(json: value, withItems: withItems)
            return .success(Entry(path: path, summary: summary, integrity: integrity))
        } catch {
            return .failure(SkippedRecord(path: path, problem: error))
        }
    }
}

/// Placeholder type for the summary cache (see SummaryCache.swift).
public protocol SummaryCache: Sendable {}
