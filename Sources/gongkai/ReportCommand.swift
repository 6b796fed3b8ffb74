import ArgumentParser
import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai report KIND …`: attendance, scores, completion, audits, items, notices.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: help(.reportAbstract),
        discussion: help(.reportDiscussion))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(help(.kindArgument), valueName: "KIND"), completion: CompletionValues.kinds)
    var kind: String

    @Option(name: .long, help: ArgumentHelp(help(.formatOption), valueName: "FORMAT"), completion: CompletionValues.reportFormats)
    var format: String?

    @Option(name: .long, help: ArgumentHelp(help(.sessionOption), valueName: "ID"), completion: CompletionValues.sessions)
    var session: String?

    @Option(name: .long, help: ArgumentHelp(help(.unitOption), valueName: "ID"), completion: CompletionValues.units)
    var unit: String?

    @Option(name: .long, help: ArgumentHelp(help(.courseOption), valueName: "ID"), completion: CompletionValues.courses)
    var course: String?

    @Option(name: [.customLong("trainee"), .customLong("person")], help: ArgumentHelp(PaperText.traineeOption.text(in: helpLanguage), valueName: "NAME"))
    var trainee: String?

    @Option(name: .long, help: ArgumentHelp(help(.sinceOption), valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp(help(.untilOption), valueName: "YYYY-MM-DD"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp(help(.outOption), valueName: "FILE"), completion: CompletionValues.reportOut)
    var out: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(help(.asOfOption), valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp(WorkbookText.tableOption.text(in: helpLanguage), valueName: "NAME"))
    var table: String?

    @Option(name: .long, help: ArgumentHelp(help(.resultsMergeOption), valueName: "DIR"), completion: .directory)
    var results: [String] = []

    @Flag(name: .long, help: ArgumentHelp(help(.strictFlag)))
    var strict = false

    @Flag(name: .long, help: ArgumentHelp(help(.noCacheFlag)))
    var noCache = false

    @Option(name: .long, help: ArgumentHelp(SealText.sealFileOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var seal: String?

    @Option(name: .customLong("seal-key"), help: ArgumentHelp(SealText.verifyKeyOption.text(in: helpLanguage), valueName: "FILE"), completion: .file())
    var sealKey: String?

    func validate() throws {
        guard Report.Kind(rawValue: kind) != nil else {
            throw ValidationError(help(.badKind(kind)))
        }
        if kind == Report.Kind.transcript.rawValue, trainee == nil, unit == nil {
            throw ValidationError(PaperText.transcriptNeedsWho.text(in: helpLanguage))
        }
        if trainee != nil, kind != Report.Kind.transcript.rawValue, kind != Report.Kind.certificates.rawValue {
            throw ValidationError(PaperText.traineeOnlyFor(kind).text(in: helpLanguage))
        }
        if course != nil, kind == Report.Kind.certificates.rawValue {
            throw ValidationError(PaperText.courseNotForCertificates.text(in: helpLanguage))
        }
        if let format, ReportFormat(rawValue: format) == nil {
            throw ValidationError(help(.badFormat(format)))
        }
        for date in [since, until, asOf].compactMap({ $0 }) where LocalDate(parsing: date) == nil {
            throw ValidationError(help(.badDate(date)))
        }
        if let out, let problem = ReportFormat.outProblem(out, format: format.flatMap(ReportFormat.init(rawValue:))) {
            throw ValidationError(problem.text(in: helpLanguage))
        }
    }

    func run() throws {
        let language = try global.language()
        let library = CourseLibrary.load(
            paths: [global.coursesPath()], fileSystem: LocalFileSystem(),
            cache: CourseCacheLocation.cache(for: global.coursesPath(), environment: global.environment))
        guard CourseStartup.check(library, path: global.coursesPath(), language: language) else { Glibc.exit(1) }
        let roots = results.isEmpty ? [global.environment["GONGKAI_RESULTS"] ?? "Results"] : results
        // A sealed set of records is checked, in every results folder, before anything is counted from it.
        if let seal, let message = SealVerification.check(seal: seal, key: sealKey, roots: roots, language: language, quiet: true) {
            fail(message)
        }
        let interactive = isatty(STDOUT_FILENO) != 0
        let terminal = interactive ? TerminalSize.columns() : 120
        let color = interactive && global.environment["NO_COLOR"] == nil && global.environment["TERM"] != "dumb"
        let status = ReportRun(
            kind: Report.Kind(rawValue: kind)!, format: format.flatMap(ReportFormat.init(rawValue:)),
            filter: ReportFilter(
                session: session, unit: unit, course: course, since: since.flatMap(LocalDate.init(parsing:)), until: until.flatMap(LocalDate.init(parsing:)),
                trainee: trainee),
            out: out, strict: strict, roots: roots, language: language, width: terminal, color: color && out == nil,
            useCache: !noCache, asOf: asOf.flatMap(LocalDate.init(parsing:)), explicitRoots: !results.isEmpty,
            table: table, stdoutIsTerminal: interactive
        ).execute(
            library: library, fileSystem: LocalFileSystem(), clock: SystemClock(), stdout: { writeStandardOutput($0) },
            stderr: { writeStandardError($0) },
            write: { bytes in
                // On a terminal every format is shown safely (tables are clean already; CSV and Markdown carry names as they are).
                interactive ? writeStandardOutput(TerminalText.clean(String(decoding: bytes, as: UTF8.self), keepingColour: true)) : writeStandardOutput(bytes: bytes)
            })
        // Exit now: tearing down a province's worth of summaries only costs time.
        Glibc.exit(status)
    }
}

/// One report run, shared by the command line and the shell's `report`.
struct ReportRun {
    var kind: Report.Kind
    var format: ReportFormat?
    var filter: ReportFilter
    var out: String?
    var strict: Bool
    var roots: [String]
    var language: Language
    var width: Int
    var color: Bool
    var useCache = true
    /// `--as-of`: judge deadlines as on that day; the report's time stays the real one.
    var asOf: LocalDate?
    /// The results folders were named (`--results`): each must exist.
    var explicitRoots = false
    /// `--table NAME`: the one table CSV holds instead of the main one.
    var table: String? = nil
    /// Standard output is a terminal (or the shell's screen): a workbook is never written there.
    var stdoutIsTerminal = false

    func execute(
        library: CourseLibrary, fileSystem: FileSystem, clock: WallClock, stdout printOut: (String) -> Void, stderr printError: (String) -> Void,
        write: ([UInt8]) -> Void
    ) -> Int32 {
        // Messages carry paths and names from the disk: made safe for the terminal here, once.
        func stdout(_ text: String) { printOut(TerminalText.clean(text)) }
        func stderr(_ text: String) { printError(TerminalText.clean(text)) }
        let t = Catalogue(language)
        let chosen = format ?? out.flatMap(ReportFormat.init(fileExtension:)) ?? .table
        if let out, let problem = ReportFormat.outProblem(out, format: format) {
            stderr(t(problem) + "\n")
            return 2
        }
        // A workbook is bytes for a file: to a terminal it would be noise, so it is refused before any work.
        if ReportRenderer.isBinary(chosen), out == nil, stdoutIsTerminal {
            stderr(t(WorkbookText.binaryToTerminal) + "\n")
            return 2
        }
        if table != nil, chosen != .csv {
            stderr(t(WorkbookText.tableNeedsCSV(chosen.rawValue)) + "\n")
            return 2
        }
        // A mistyped folder is an error, and a report never creates one (nor a cache in it).
        if explicitRoots, let missing = roots.first(where: { !fileSystem.isDirectory($0) }) {
            stderr(t(ReportCommandText.missingResults(missing)) + "\n")
            return 1
        }
        let timing = PhaseTimer(enabled: ProcessEnvironment.current["GONGKAI_TIMING"] != nil, report: { writeStandardError($0) })
        // Streamed when the report allows it (see `StreamedReport`): the attempts are summed as they are read.
        var records: RecordSet
        var aggregate: StreamedReport.Aggregate?
        // A streamed report judges its session (completion) before reading: the report is dated then too.
        var streamedAt: Timestamp?
        if let plan = StreamedReport.plan(kind, library: library, filter: filter) {
            let moment = clock.now()
            streamedAt = moment
            (records, aggregate) = StreamedReport.load(
                kind, roots: roots, fileSystem: fileSystem, library: library, filter: plan, useCache: useCache,
                now: asOf.map { ReportClock.judging(asOf: $0, now: moment) } ?? moment)
        } else {
            records = RecordSet.load(roots: roots, fileSystem: fileSystem, needs: ReportBuilder.needs(kind), useCache: useCache)
        }
        timing.lap("load (\(records.parsedRecords) parsed, \(records.cachedRecords) cached)")
        defer { timing.lap("render and write") }
        let failures = records.readFailures
        for skipped in records.skipped {
            if failures.contains(skipped) {
                // Thousands of files fail alike when descriptors run out: the first few say why.
                if failures.prefix(10).contains(skipped) {
                    stderr(t(HardeningText.readFailed(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem)))) + "\n")
                }
            } else {
                stderr(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem)))) + "\n")
            }
        }
        // A report that could not read everything is not a result, strict or not.
        if !failures.isEmpty {
            stderr(t(HardeningText.readFailedSummary(failures.count)) + "\n")
            return 1
        }
        for path in records.conflicts { stderr(t(HardeningText.conflictWarning(record: path)) + "\n") }
        for cache in records.cacheProblems { stderr(t(CacheText.notUsed(cache)) + "\n") }
        for path in records.tampered { stderr(t(ReportText.tamperedWarning(path: path)) + "\n") }
        for path in records.undigested { stderr(t(ReportText.undigestedWarning(path: path)) + "\n") }
        let rejected = records.skipped.count + records.untrusted.count + records.conflicts.count
        if strict, rejected > 0 {
            stderr(t(ReportText.strictFailed(rejected)) + "\n")
            return 1
        }
        var resolved: ReportFilter
        switch filter.resolved(library: library, records: records) {
        case .success(let filter): resolved = filter
        case .failure(let problem):
            stderr(t(problem.message) + "\n")
            return 1
        }
        // `--trainee` (transcript, certificates): a name nobody in the records has is an error.
        switch resolved.resolvedTrainee(records: records) {
        case .success(let filter): resolved = filter
        case .failure(let problem):
            stderr(t(problem.message) + "\n")
            return 1
        }
        let generated = streamedAt ?? clock.now()
        let context = ReportContext(
            library: library, records: records, filter: resolved, now: asOf.map { ReportClock.judging(asOf: $0, now: generated) } ?? generated,
            language: language, wantsJSON: chosen == .json, wantsTables: chosen != .json, generatedAt: generated, asOf: asOf)
        if let problem = aggregate?.spillProblem { stderr(t(ScoresSpillText.spillFailed(problem)) + "\n") }
        if let problem = records.idSpillProblem { stderr(t(ScoresSpillText.idSpillFailed(problem)) + "\n") }
        var report: Report
        do {
            report = try aggregate.map { try StreamedReport.build(context, $0) } ?? ReportBuilder.build(kind, context)
        } catch {
            stderr(t(ScoresSpillText.spillReadFailed(String(describing: error))) + "\n")
            return 1
        }
        timing.lap("build")
        var section: Report.Section?
        if chosen == .csv, let table {
            guard let found = report.table(named: table) else {
                stderr(t(WorkbookText.unknownTable(table, kind: kind.rawValue, tables: report.tableNames)) + "\n")
                return 2
            }
            section = found
        }
        // Every format is written as it is made: a province's people table is never held whole.
        func render(_ emit: ([UInt8]) throws -> Void) throws {
            try ReportRenderer.write(report, format: chosen, language: language, width: width, color: color, table: section, to: emit)
        }
        if let out {
            do {
                try fileSystem.createDirectories(PathJoin.directory(of: out))
                let existing = fileSystem.info(out)
                if report.streams, existing == nil || existing?.kind == .file {
                    // Into a hidden file beside it, flushed and renamed over it when complete (`moveFile`): never
                    // a half-written report. Named as every atomic write's temporary file, so that one left by a
                    // killed run is removed by the leftover sweep.
                    let temporary = PathJoin.join(
                        PathJoin.directory(of: out), ".\(PathJoin.fileName(of: out)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
                    do {
                        try render { try fileSystem.appendFile($0, to: temporary) }
                        try fileSystem.moveFile(temporary, to: out)
                    } catch {
                        try? fileSystem.remove(temporary)
                        throw error
                    }
                } else {
                    var bytes: [UInt8] = []
                    try render { bytes += $0 }
                    try fileSystem.writeOutput(bytes, to: out)
                }
                stdout(t(ReportText.written(out)) + "\n")
            } catch let error as FileSystemError {
                stderr(t(ReportText.cannotWrite(out, t(FileProblemMessage(error)))) + "\n")
                return 1
            } catch {
                stderr(t(ReportText.cannotWrite(out, String(describing: error))) + "\n")
                return 1
            }
        } else {
            do {
                try render { write($0) }
            } catch {
                stderr(t(ReportText.cannotWrite("-", String(describing: error))) + "\n")
                return 1
            }
        }
        if !records.skipped.isEmpty { stderr(t(ReportText.skippedSummary(records.skipped.count)) + "\n") }
        return 0
    }
}

enum TerminalSize {
    static func columns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}

func writeStandardOutput(_ text: String) { writeStandardOutput(bytes: Array(text.utf8)) }

func writeStandardOutput(bytes: [UInt8]) {
    var bytes = bytes
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}

/// `GONGKAI_TIMING=1`: where a report's time goes, on standard error.
final class PhaseTimer {
    let enabled: Bool
    let report: (String) -> Void
    var last: Double

    init(enabled: Bool, report: @escaping (String) -> Void) {
        self.enabled = enabled
        self.report = report
        last = Self.now()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func lap(_ name: String) {
        guard enabled else { return }
        let now = Self.now()
        report("timing: \(name): \(Int((now - last) * 1000)) ms\n")
        last = now
    }
}

/// `--as-of`: judge deadlines as on that day (noon, local time) instead of today.
enum ReportClock {
    static func judging(asOf date: LocalDate, now: Timestamp) -> Timestamp {
        Timestamp(seconds: Int64(date.daysSinceEpoch) * 86400 + 12 * 3600 - Int64(now.offset), offset: now.offset)
    }
}
