import ArgumentParser
import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

func xapiHelp(_ text: XAPIHelp) -> String { text.text(in: helpLanguage) }

/// Options that choose which records become statements (`export xapi` and `push`).
struct XAPISelection: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(xapiHelp(.sinceOption), valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp(xapiHelp(.sessionOption), valueName: "ID"), completion: CompletionValues.sessions)
    var session: String?

    @Option(name: .long, help: ArgumentHelp(xapiHelp(.resultsOption), valueName: "DIR"), completion: .directory)
    var results: [String] = []

    func validate() throws {
        if let since, LocalDate(parsing: since) == nil { throw ValidationError(help(.badDate(since))) }
    }

    /// The chosen records' statements, after warnings about unreadable or edited records.
    /// Nil (after saying why) when the selection matches nothing.
    func export(global: GlobalOptions, language: Language) -> XAPIExport? {
        let t = Catalogue(language)
        let library = CourseLibrary.load(
            paths: [global.coursesPath()], fileSystem: LocalFileSystem(),
            cache: CourseCacheLocation.cache(for: global.coursesPath(), environment: global.environment))
        // The roster names the home page of every account: never guess it from a broken one.
        if let broken = library.invalidFiles.first(where: { $0.kind == .roster }) {
            for diagnostic in library.diagnostics where diagnostic.severity == .error && diagnostic.file == broken.file {
                writeStandardError(diagnostic.rendered(language) + "\n")
            }
            writeStandardError(t(XAPIText.rosterInvalid(broken.file)) + "\n")
            return nil
        }
        if library.roster?.xapiHomePage == nil {
            writeStandardError(t(XAPIText.defaultHomePage(XAPIVocabulary.defaultHomePage)) + "\n")
        }
        let roots = results.isEmpty ? [global.environment["GONGKAI_RESULTS"] ?? "Results"] : results
        let records = XAPIRecords.load(roots: roots, fileSystem: LocalFileSystem())
        for skipped in records.skipped {
            writeStandardError(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem)))) + "\n")
        }
        for path in records.tampered { writeStandardError(t(ReportText.tamperedWarning(path: path)) + "\n") }
        for path in records.undigested { writeStandardError(t(ReportText.undigestedWarning(path: path)) + "\n") }
        if let session, library.roster?.session(id: session) == nil,
            !records.attempts.contains(where: { $0.record.session == session }), !records.attendance.contains(where: { $0.session == session }),
            !records.audits.contains(where: { $0.session == session })
        {
            writeStandardError(t(XAPIText.unknownSession(session)) + "\n")
            return nil
        }
        let builder = XAPIStatementBuilder(homePage: library.roster?.xapiHomePage ?? XAPIVocabulary.defaultHomePage)
        let export = XAPIExport.build(
            records, filter: XAPIExport.Filter(since: since.flatMap(LocalDate.init(parsing:)), session: session), builder: builder)
        if export.statements.isEmpty {
            writeStandardError(t(XAPIText.nothingToExport) + "\n")
            return nil
        }
        return export
    }
}

/// `gongkai export xapi [--since DATE] [--session ID] [--out FILE.jsonl]`.
struct ExportXAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xapi", abstract: xapiHelp(.exportXAPIAbstract), discussion: xapiHelp(.exportXAPIDiscussion))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: XAPISelection

    @Option(name: .long, help: ArgumentHelp(xapiHelp(.outOption), valueName: "FILE.jsonl"), completion: .file(extensions: ["jsonl"]))
    var out: String?

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        guard let export = selection.export(global: global, language: language) else { throw ExitCode(1) }
        let bytes = XAPIExport.jsonLines(export.statements)
        let c = export.counts
        if let out {
            let fileSystem = LocalFileSystem()
            do {
                try fileSystem.createDirectories(PathJoin.directory(of: out))
                try fileSystem.writeOutput(bytes, to: out)
            } catch {
                writeStandardError(t(ReportText.cannotWrite(out, t(FileProblemMessage(error)))) + "\n")
                throw ExitCode(1)
            }
            writeStandardOutput(t(XAPIText.exported(statements: c.statements, attempts: c.attempts, signIns: c.signIns, audits: c.audits, path: out)) + "\n")
        } else {
            writeStandardOutput(bytes: bytes)
            writeStandardError(t(XAPIText.exported(statements: c.statements, attempts: c.attempts, signIns: c.signIns, audits: c.audits, path: nil)) + "\n")
        }
    }
}
