import ArgumentParser
import GongkaiCore

/// `gongkai export COURSE --format xlsx|docx|gift|moodle-xml [--out PATH]`.
struct ExportCourse: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "course", abstract: interchangeHelp(.exportCourseAbstract))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(interchangeHelp(.courseArgument), valueName: "COURSE"), completion: CompletionValues.courses)
    var course: String

    @Option(name: .long, help: ArgumentHelp(interchangeHelp(.formatOption), valueName: "FORMAT"), completion: .list(BankFormat.exportFormats.map(\.rawValue)))
    var format: String?

    @Option(name: .long, help: ArgumentHelp(interchangeHelp(.exportOutOption), valueName: "PATH"), completion: .file(extensions: BankFormat.exportFormats.map(\.fileExtension)))
    var out: String?

    var supported: String { BankFormat.exportFormats.map(\.rawValue).joined(separator: ", ") }

    func resolvedFormat() throws -> BankFormat {
        let t = Catalogue(try global.language())
        if let format {
            guard let f = BankFormat(rawValue: format.lowercased()), BankFormat.exportFormats.contains(f) else {
                throw ValidationError(t(InterchangeText.unsupportedExportFormat(format, supported: supported)))
            }
            return f
        }
        if let out {
            guard let f = BankFormat.forFile(out), BankFormat.exportFormats.contains(f) else {
                throw ValidationError(t(InterchangeText.unsupportedExtension(file: out, supported: supported)))
            }
            return f
        }
        throw ValidationError(t(InterchangeText.exportFormatMissing(supported: supported)))
    }

    func validate() throws { _ = try resolvedFormat() }

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let format = try resolvedFormat()
        let fileSystem = LocalFileSystem()
        let library = CourseLibrary.load(paths: [global.coursesPath()], fileSystem: fileSystem)
        guard let found = library.course(id: course) else {
            for diagnostic in library.problems(forCourse: course) ?? [] where diagnostic.severity == .error {
                writeStandardError(diagnostic.rendered(language) + "\n")
            }
            writeStandardError(t(InterchangeText.unknownCourse(course)) + "\n")
            throw ExitCode(1)
        }
        let output: BankExport.Output
        do {
            output = try BankExport.render(found, format: format)
        } catch {
            writeStandardError(t(InterchangeText.cannotWrite(path: out ?? course, reason: "\(error)")) + "\n")
            throw ExitCode(1)
        }
        let path = out ?? course + "." + format.fileExtension
        do {
            try fileSystem.writeOutput(output.bytes, to: path)
        } catch {
            writeStandardError(t(InterchangeText.cannotWrite(path: path, reason: t(FileProblemMessage(error)))) + "\n")
            throw ExitCode(1)
        }
        for q in output.skipped {
            writeStandardError("warning: " + t(InterchangeText.exportSkipped(id: q.id, type: language.pick(BankVocabulary.heading(q.type), BankVocabulary.englishName(q.type)), format: format.displayName)) + "\n")
        }
        if !output.skipped.isEmpty {
            writeStandardError(t(InterchangeText.exportIncomplete(count: output.skipped.count, format: format.displayName)) + "\n")
        }
        print(t(InterchangeText.exported(count: output.exported, path: path)))
    }
}
