import ArgumentParser
import GongkaiCore
import GongkaiShell

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line: wiring only. Logic lives in GongkaiCore, interaction in GongkaiShell.
@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: help(.abstract),
        discussion: help(.discussion),
        version: GongkaiVersion.current,
        subcommands: [
            ShellCommandLine.self, ValidateCommand.self, ReportCommand.self, RegradeCommand.self, DeadlineCommand.self, ImportCommand.self,
            Export.self, PushCommand.self, SealCommand.self, VerifyCommand.self, BenchGenerateCommand.self, DemoGenerateCommand.self,
        ],
        defaultSubcommand: ShellCommandLine.self
    )

    /// Exit codes per DESIGN.md: usage errors are 2, not ArgumentParser's 64.
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        ResourceLimits.check(language: helpLanguage)
        // A completion script asking for values (`---completion`): ArgumentParser answers, nothing else runs;
        // a request this version cannot answer (a script from another one) offers nothing, quietly.
        if CommandLine.arguments.dropFirst().first == "---completion" {
            do { _ = try parseAsRoot(Array(CommandLine.arguments.dropFirst())) } catch {
                if exitCode(for: error) == .success { exit(withError: error) }
            }
            Glibc.exit(1)
        }
        if let value = SeedArgument.badValue(Array(CommandLine.arguments.dropFirst())) {
            writeStandardError(HardeningText.badSeedOption(value).text(in: helpLanguage) + "\n")
            Glibc.exit(2)
        }
        if let options = ShellOptions.quickParse(Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current) {
            Glibc.exit(options.run(environment: ProcessEnvironment.current))
        }
        do {
            var command = try parseAsRoot(LeadingOptions.reorder(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if let exit = error as? ExitCode {
                Glibc.exit(exit.rawValue)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { writeStandardError(message + "\n") }
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// Options every command understands.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(help(.coursesOption), valueName: "DIR"), completion: .directory)
    var courses: String?

    @Option(name: .long, help: ArgumentHelp(help(.langOption), valueName: "zh|en"), completion: CompletionValues.languages)
    var lang: String?

    var environment: [String: String] { ProcessEnvironment.current }

    func coursesPath() -> String { courses ?? environment["GONGKAI_COURSES"] ?? "Courses" }

    func language() throws -> Language {
        let value = lang ?? environment["GONGKAI_LANG"] ?? "zh"
        guard let language = Language(rawValue: value.lowercased()) else {
            throw ValidationError(help(.badLanguage(value)))
        }
        return language
    }
}

enum ProcessEnvironment {
    /// Read once: nothing in gongkai changes its own environment.
    static let current: [String: String] = {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }()
}

/// The language of `--help`: decided from the raw arguments and environment
/// before parsing, since help is printed while parsing.
let helpLanguage: Language = {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--lang"), index + 1 < arguments.count, let l = Language(rawValue: arguments[index + 1]) {
        return l
    }
    if let inline = arguments.first(where: { $0.hasPrefix("--lang=") }), let l = Language(rawValue: String(inline.dropFirst(7))) {
        return l
    }
    return ProcessEnvironment.current["GONGKAI_LANG"].flatMap { Language(rawValue: $0.lowercased()) } ?? .zh
}()

func help(_ text: CommandLineHelp) -> String { text.text(in: helpLanguage) }
