import ArgumentParser
import GongkaiCore

/// `gongkai validate [PATH ...]`: every problem, as file:line:column.
/// `gongkai validate --print [COURSE ...]`: whole modules as Markdown for proofreading.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: help(.validateAbstract))

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: ArgumentHelp(help(.printFlag)))
    var print = false

    @Argument(help: ArgumentHelp(help(.pathsArgument), valueName: "PATH"))
    var paths: [String] = []

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let fileSystem = LocalFileSystem()
        // With --print, arguments that are not files are course ids in the course folder.
        let printIDs = print ? paths.filter { !fileSystem.exists($0) } : []
        let filePaths = paths.filter { !printIDs.contains($0) }
        let library = CourseLibrary.load(paths: filePaths.isEmpty ? [global.coursesPath()] : filePaths, fileSystem: fileSystem)
        for diagnostic in library.diagnostics {
            writeStandardError(diagnostic.rendered(language) + "\n")
        }
        let counts = library.fileCounts
        let summary = ValidateSummary(
            courses: counts[.course] ?? 0, checklists: counts[.checklist] ?? 0, rosters: counts[.roster] ?? 0,
            questions: library.courses.reduce(0) { $0 + $1.questions.count }, errors: library.errorCount,
            warnings: library.warningCount)
        if library.errorCount > 0 {
            writeStandardError(t(summary) + "\n")
            throw ExitCode(1)
        }
        guard print else {
            writeStandardOutput(t(summary) + "\n")
            if let years = library.calendar?.years, let first = years.first, let last = years.last {
                writeStandardOutput(t(DeadlineValidationMessage.calendarCovers(first: first, last: last, years: years.count)) + "\n")
            }
            return
        }
        var courses = library.courses
        if !printIDs.isEmpty {
            for id in printIDs where library.course(id: id) == nil {
                writeStandardError(t(ShellText.unknownCourse(id, suggestion: nil)) + "\n")
                throw ExitCode(1)
            }
            courses = printIDs.compactMap(library.course(id:))
        }
        writeStandardOutput(courses.map { CourseMarkdown.render($0, language: language) }.joined(separator: "\n---\n\n"))
        writeStandardError(t(summary) + "\n")
    }
}
