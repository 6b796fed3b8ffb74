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
        // Summaries first, then only the records that may change, a stretch at a time: a province's
        // records never all in memory at once.
        let (plan, skippedRecords) = Regrader.plan(library: library, roots: [store.root], fileSystem: fileSystem)
        for skipped in skippedRecords {
            writeStandardError(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem)))) + "\n")
        }
        for course in plan.unknownCourses { writeStandardError(t(ReportText.regradeUnknownCourse(course)) + "\n") }
        for path in plan.refused { writeStandardError(t(ReportText.regradeRefused(path)) + "\n") }
        for conflict in plan.conflicts {
            writeStandardError(t(ReportText.regradeConflict(attempt: conflict.attempt, regradings: conflict.regradings.joined(separator: ", "))) + "\n")
        }
        for removed in plan.removedQuestions {
            writeStandardError(t(ReportText.regradeQuestionRemoved(course: removed.course, question: removed.question)) + "\n")
        }
        let needsAttention = !plan.refused.isEmpty || !plan.conflicts.isEmpty
        guard !plan.changes.isEmpty else {
            print(t(ReportText.regradeNothing))
            if needsAttention { throw ExitCode(1) }
            return
        }
        print(t(ReportText.regradeHeader(plan.changes.count, dryRun: dryRun)))
        for change in plan.changes {
            let from = "\(change.original.score.pointsText) \(change.original.score.percentText)"
            let to = "\(change.regraded.score.pointsText) \(change.regraded.score.percentText)"
            print(t(ReportText.regradeLine(
                id: change.original.id, name: change.original.trainee.name, course: change.original.course.id, from: from, to: to,
                passFrom: change.original.passed, passTo: change.regraded.passed)))
        }
        if dryRun {
            print(t(ReportText.regradeDryRunHint))
            if needsAttention { throw ExitCode(1) }
            return
        }
        let result = Regrader.apply(plan, store: store)
        for (record, error) in result.failed {
            writeStandardError(t(ReportText.cannotWrite(store.attemptPath(record), t(FileProblemMessage(error)))) + "\n")
        }
        print(t(ReportText.regradeDone(written: result.written.count, failed: result.failed.count)))
        if !result.failed.isEmpty || needsAttention { throw ExitCode(1) }
    }
}
