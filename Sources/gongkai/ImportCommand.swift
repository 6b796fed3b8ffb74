import ArgumentParser
import GongkaiCore

func interchangeHelp(_ text: InterchangeHelp) -> String { text.text(in: helpLanguage) }

/// `gongkai import FILE... --course ID [--out PATH] [--dry-run]`: a question bank into a course file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: interchangeHelp(.importAbstract), discussion: interchangeHelp(.importDiscussion))

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(interchangeHelp(.filesArgument), valueName: "FILE"), completion: .file(extensions: BankFormat.allCases.map(\.fileExtension)))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp(interchangeHelp(.courseOption), valueName: "ID"))
    var course: String

    @Option(name: .long, help: ArgumentHelp(interchangeHelp(.outOption), valueName: "PATH"), completion: .file(extensions: ["yaml"]))
    var out: String?

    @Option(name: .long, help: ArgumentHelp(interchangeHelp(.titleOption), valueName: "TITLE"))
    var title: String?

    @Flag(name: .long, help: ArgumentHelp(interchangeHelp(.dryRunFlag)))
    var dryRun = false

    func validate() throws {
        let t = Catalogue(try global.language())
        guard Slug.isValid(course) else { throw ValidationError(t(ValidationMessage.invalidSlug(key: "--course", value: course))) }
        // validate reads a course file only under its own id's name.
        if let out, (out.split(separator: "/").last.map(String.init) ?? out) != course + ".yaml" {
            throw ValidationError(t(InterchangeText.outMustBeNamedAfterCourse(out: out, expected: course + ".yaml")))
        }
        for file in files where BankFormat.forFile(file) == nil {
            throw ValidationError(t(InterchangeText.unsupportedExtension(file: file, supported: BankFormat.supportedExtensions)))
        }
    }

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let fileSystem = LocalFileSystem()
        var inputs: [(name: String, format: BankFormat, bytes: [UInt8])] = []
        for file in files {
            guard let format = BankFormat.forFile(file) else { continue }
            do {
                inputs.append((file, format, try fileSystem.readFile(file, limit: 64 << 20)))
            } catch {
                writeStandardError(t(InterchangeText.cannotRead(path: file, reason: t(FileProblemMessage(error)))) + "\n")
                throw ExitCode(1)
            }
        }
        let path = out ?? global.coursesPath() + "/" + course + ".yaml"
        var existing: Course?
        if fileSystem.exists(path) {
            let text: String
            do {
                text = try fileSystem.readText(path)
            } catch {
                writeStandardError(t(InterchangeText.cannotRead(path: path, reason: t(FileProblemMessage(error)))) + "\n")
                throw ExitCode(1)
            }
            let library = CourseLibrary.load(sources: [(path, text)])
            for diagnostic in library.diagnostics where diagnostic.severity == .error { writeStandardError(diagnostic.rendered(language) + "\n") }
            guard library.errorCount == 0, let found = library.courses.first else {
                writeStandardError(t(InterchangeText.courseFileInvalid(path: path)) + "\n")
                throw ExitCode(1)
            }
            guard found.id == course else {
                writeStandardError(t(ValidationMessage.idDoesNotMatchFileName(id: found.id, expected: course)) + "\n")
                throw ExitCode(1)
            }
            existing = found
        }
        let defaultTitle = files.first.map { name -> String in
            let base = name.split(separator: "/").last.map(String.init) ?? name
            return base.split(separator: ".").dropLast().joined(separator: ".")
        } ?? course
        let outcome = BankImport.run(files: inputs, courseID: course, title: title ?? defaultTitle, existing: existing)
        for problem in outcome.problems { writeStandardError(problem.rendered(language) + "\n") }
        let summary = t(InterchangeText.summary(errors: outcome.problems.errorCount, warnings: outcome.problems.warningCount))
        guard let yaml = outcome.yaml, let result = outcome.course else {
            writeStandardError(summary + "\n" + t(InterchangeText.nothingWritten(errors: max(outcome.problems.errorCount, 1))) + "\n")
            throw ExitCode(1)
        }
        if dryRun {
            print(t(InterchangeText.dryRunHeader(count: outcome.imported.count, course: course, path: path)))
            for q in outcome.imported {
                let prompt = q.prompt.split(separator: "\n").first.map { String($0.prefix(40)) } ?? ""
                let mark = existing?.question(id: q.id).map { $0 == q ? "=" : "~" } ?? "+"
                print(t(InterchangeText.dryRunQuestion(
                    mark: mark, id: q.id, type: language.pick(BankVocabulary.heading(q.type), BankVocabulary.englishName(q.type)), prompt: prompt, place: outcome.places[q.id]?.description ?? "")))
            }
            writeStandardError(summary + "\n")
            return
        }
        do {
            if let slash = path.lastIndex(of: "/") { try fileSystem.createDirectories(String(path[..<slash])) }
            try fileSystem.writeOutput(Array(yaml.utf8), to: path)
        } catch {
            writeStandardError(t(InterchangeText.cannotWrite(path: path, reason: t(FileProblemMessage(error)))) + "\n")
            throw ExitCode(1)
        }
        writeStandardError(summary + "\n")
        print(t(InterchangeText.imported(
            count: outcome.imported.count, replaced: outcome.replaced, kept: outcome.kept, path: path, version: result.version)))
    }
}
