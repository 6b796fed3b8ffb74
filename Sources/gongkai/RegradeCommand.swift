import ArgumentParser
import GongkaiCore

/// `gongkai regrade [--dry-run]`: rescore stored attempts after an answer key was fixed.
struct RegradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regrade",
        abstract: help(.regradeAbstract))

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(help(.resultsOption), valueName: "DIR"), completion: .directory)
    var results: String?

    @Flag(name: .long, help: ArgumentHelp(help(.dryRunFlag)))
    var dryRun = false

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let fileSystem = LocalFileSystem()
        let library = CourseLibrary.load(paths: [global.coursesPath()], fileSystem: fileSystem)
        if library.errorCount > 0 {
            for diagnostic in library.diagnostics where diagnostic.severity == .error {
                writeStandardError(diagnostic.rendered(language) + "\n")
            }
            throw ExitCode(1)
        }
        let store = ResultStore(root: results ?? global.environment["GONGKAI_RESULTS"] ?? "Results", fileSystem: fileSystem)
        // Folder by folder, a group of files at a time: a province's records are never all in memory. A real
        // run writes each superseding record as it is found; the listing is printed once all are known.
        let run = Regrader.run(library: library, roots: [store.root], fileSystem: fileSystem, writingTo: dryRun ? nil : store)
        for skipped in run.skipped {
            writeStandardError(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem)))) + "\n")
        }
        for course in run.unknownCourses { writeStandardError(t(ReportText.regradeUnknownCourse(course)) + "\n") }
        for path in run.refused { writeStandardError(t(ReportText.regradeRefused(path)) + "\n") }
        for conflict in run.conflicts {
            writeStandardError(t(ReportText.regradeConflict(attempt: conflict.attempt, regradings: conflict.regradings.joined(separator: ", "))) + "\n")
        }
        for removed in run.removedQuestions {
            writeStandardError(t(ReportText.regradeQuestionRemoved(course: removed.course, question: removed.question)) + "\n")
        }
        let needsAttention = !run.refused.isEmpty || !run.conflicts.isEmpty
        guard !run.changes.isEmpty else {
            print(t(ReportText.regradeNothing))
            if needsAttention { throw ExitCode(1) }
            return
        }
        print(t(ReportText.regradeHeader(run.changes.count, dryRun: dryRun)))
        run.changes.forEach { line in
            print(t(ReportText.regradeLine(
                id: line.id, name: line.name, course: line.course, from: line.from, to: line.to, passFrom: line.passFrom, passTo: line.passTo)))
        }
        if dryRun {
            print(t(ReportText.regradeDryRunHint))
            if needsAttention { throw ExitCode(1) }
            return
        }
        for (path, error) in run.failed {
            writeStandardError(t(ReportText.cannotWrite(path, t(FileProblemMessage(error)))) + "\n")
        }
        print(t(ReportText.regradeDone(written: run.written, failed: run.failed.count)))
        if !run.failed.isEmpty || needsAttention { throw ExitCode(1) }
    }
}
