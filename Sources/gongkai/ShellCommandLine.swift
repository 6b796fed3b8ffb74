import ArgumentParser
import GongkaiCore
import GongkaiShell

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai [--courses DIR] [--results DIR] [--lang zh|en] [--seed N]`: the shell.
struct ShellCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: help(.shellAbstract))

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(help(.resultsOption), valueName: "DIR"), completion: .directory)
    var results: String?

    @Option(name: .long, help: ArgumentHelp(help(.seedOption), valueName: "N"))
    var seed: UInt64?

    func validate() throws {
        if seed == nil, let text = global.environment["GONGKAI_SEED"], UInt64(text) == nil {
            throw ValidationError(help(.badSeed(text)))
        }
    }

    func run() throws {
        let options = ShellOptions(courses: global.coursesPath(), results: results, language: try global.language(), seed: seed)
        let status = options.run(environment: global.environment)
        if status != 0 { throw ExitCode(status) }
    }
}

/// What the shell needs from the command line, however it was parsed.
struct ShellOptions: Equatable {
    var courses: String
    var results: String?
    var language: Language
    var seed: UInt64?

    /// The plain start-up (`gongkai`, `make run`: only `--courses`, `--results`, `--lang`,
    /// `--seed`, each with a well-formed value) without building the argument parser's
    /// command tree, which costs more than the rest of start-up. Anything else, including
    /// every mistake, returns nil and goes through ArgumentParser for its checks and messages.
    static func quickParse(_ arguments: [String], environment: [String: String]) -> ShellOptions? {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name: String
            let value: String
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                index += 1
            } else {
                guard index + 1 < arguments.count else { return nil }
                name = argument
                value = arguments[index + 1]
                index += 2
            }
            // A value that could be read as a subcommand or an option is left to ArgumentParser.
            guard ["--courses", "--results", "--lang", "--seed"].contains(name), values[name] == nil, !value.isEmpty,
                !value.hasPrefix("-"), !subcommandNames.contains(value)
            else { return nil }
            values[name] = value
        }
        if let text = environment["GONGKAI_SEED"], values["--seed"] == nil, UInt64(text) == nil { return nil }
        let seed: UInt64?
        if let text = values["--seed"] {
            guard let number = UInt64(text) else { return nil }
            seed = number
        } else {
            seed = nil
        }
        guard let language = Language(rawValue: (values["--lang"] ?? environment["GONGKAI_LANG"] ?? "zh").lowercased()) else {
            return nil
        }
        return ShellOptions(
            courses: values["--courses"] ?? environment["GONGKAI_COURSES"] ?? "Courses", results: values["--results"],
            language: language, seed: seed)
    }

    static let subcommandNames: Set<String> = Set(Gongkai.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])

    /// Runs the shell; returns its exit status.
    func run(environment: [String: String]) -> Int32 {
        let fileSystem = LocalFileSystem()
        let library = CourseLibrary.load(
            paths: [courses], fileSystem: fileSystem, cache: CourseCacheLocation.cache(for: courses, environment: environment))
        guard CourseStartup.check(library, path: courses, language: language) else { return 1 }
        let resultsFileSystem = SimulatedLatency.fileSystem(base: fileSystem, environment: environment)
        let store = ResultStore(root: results ?? environment["GONGKAI_RESULTS"] ?? "Results", fileSystem: resultsFileSystem)
        // Temporary files of writers killed mid-write, once a day (see `LeftoverSweep`).
        LeftoverSweep(fileSystem: resultsFileSystem, clock: SystemClock(), isRunning: { pid in kill(pid, 0) == 0 || errno == EPERM })
            .sweepIfDue(store.root)
        let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        // Only readline looks at the C locale; piped sessions need not load it.
        if interactive { TerminalLocale.configure() }
        let output = StandardOutput()
        let plainReader: LineReader =
            interactive ? ReadlineLineReader(historyFile: HistoryLocation.file(environment: environment)) : PlainLineReader(output: output)
        let reader: LineReader = environment["GONGKAI_TIMING"] != nil ? TimedLineReader(base: plainReader) : plainReader
        let terminal = interactive ? TerminalInfo.current(environment: environment) : TerminalInfo.fixed(color: false)
        let coursesPath = courses
        let resultsRoot = store.root
        let language = language
        let report: @Sendable ([String]) -> (output: String, status: Int32) = { args in
            ShellReport.run(args, coursesPath: coursesPath, resultsRoot: resultsRoot, language: language, terminal: terminal)
        }
        let shell = Shell(
            ShellEnvironment(
                library: library, store: store, reader: reader, output: output, language: language, terminal: terminal,
                seed: seed ?? environment["GONGKAI_SEED"].flatMap(UInt64.init), externalCommands: ["report": report],
                rescueFolder: HistoryLocation.dataDirectory(environment: environment).map { $0 + "/unsaved" }))
        return shell.run()
    }
}

/// Options written before the command's name, as people write them
/// (`gongkai --lang en report scores`). ArgumentParser would read them as the
/// default shell command's and then refuse the name: they are moved after it.
/// `--help` (or `help`) with nothing but such options before it shows the
/// top-level help, in the language asked for.
enum LeadingOptions {
    /// Options with a value that some command takes; one that does not take
    /// it says so in ArgumentParser's own words once the option is moved.
    static let movable: Set<String> = ["--lang", "--courses", "--results", "--seed"]

    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="), movable.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if movable.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, let name = arguments[index...].first else { return arguments }
        let rest = Array(arguments[(index + 1)...])
        if (name == "--help" || name == "-h") && rest.isEmpty { return ["--help"] }
        guard ShellOptions.subcommandNames.contains(name) else { return arguments }
        // `help` takes no options; the help's language was read from the raw arguments.
        if name == "help" { return [name] + rest }
        // A command with subcommands (`export xapi`): the options belong to the subcommand.
        if let command = Gongkai.configuration.subcommands.first(where: { $0.configuration.commandName == name }),
            let sub = rest.first, command.configuration.subcommands.contains(where: { $0.configuration.commandName == sub })
        {
            return [name, sub] + leading + rest.dropFirst()
        }
        return [name] + leading + rest
    }
}

/// Readline needs a UTF-8 locale to edit Chinese; fall back to C.UTF-8 when the
/// environment gives none (a bare SSH session, a service account).
enum TerminalLocale {
    static func configure() {
        let current = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
        let ctype = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if !ctype.uppercased().contains("UTF-8") && !ctype.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { _ = setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
        _ = current
    }
}

/// An XDG base directory: the variable when it holds an absolute path, else the default under `$HOME`.
enum XDGBase {
    static func directory(_ variable: String, default relative: String, environment: [String: String]) -> String? {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/" + relative
    }
}

/// History lives under `$XDG_DATA_HOME/gongkai/` (default `~/.local/share/gongkai/`).
enum HistoryLocation {
    static func file(environment: [String: String]) -> String? {
        guard let path = dataDirectory(environment: environment).map({ $0 + "/history" }) else { return nil }
        // Readline opens the history itself: a FIFO there would hang the shell, a symlink be written through.
        switch LocalFileSystem().info(path)?.kind {
        case nil, .file?: return path
        default:
            writeStandardError(TerminalText.clean(HardeningText.historySkipped(path: path).text(in: helpLanguage)) + "\n")
            return nil
        }
    }

    /// `$XDG_DATA_HOME/gongkai` (default `~/.local/share/gongkai`), created if needed.
    static func dataDirectory(environment: [String: String]) -> String? {
        guard let base = XDGBase.directory("XDG_DATA_HOME", default: ".local/share", environment: environment) else { return nil }
        let directory = base + "/gongkai"
        do {
            try LocalFileSystem().createDirectories(directory)
        } catch {
            return nil
        }
        return directory
    }
}

/// The snapshot of a clean course library lives under `$XDG_CACHE_HOME/gongkai/`
/// (default `~/.cache/gongkai/`), one file per course folder. It is tied to this
/// very executable (its size, time and inode), so a new build parses again.
enum CourseCacheLocation {
    static func cache(for coursesPath: String, environment: [String: String]) -> CourseLibraryCache? {
        guard let base = XDGBase.directory("XDG_CACHE_HOME", default: ".cache", environment: environment) else { return nil }
        let fileSystem = LocalFileSystem()
        guard let stamp = programStamp(fileSystem), let folder = realPath(coursesPath) else { return nil }
        let name = "courses-" + String(FastChecksum.of(Array(folder.utf8)[...]), radix: 16) + ".bin"
        return CourseLibraryCache(path: base + "/gongkai/" + name, programStamp: stamp, fileSystem: fileSystem)
    }

    static func programStamp(_ fileSystem: LocalFileSystem) -> String? {
        guard let exe = realPath("/proc/self/exe"), let info = fileSystem.info(exe) else { return nil }
        return "\(GongkaiVersion.current) \(exe) \(info.size) \(info.modified) \(info.changed) \(info.inode)"
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The shell's `report`: the same parser and run as `gongkai report`, with the
/// shell's course and results folders as defaults and the output captured.
enum ShellReport {
    static func run(_ args: [String], coursesPath: String, resultsRoot: String, language: Language, terminal: TerminalInfo) -> (output: String, status: Int32) {
        var arguments = args
        if !arguments.contains("--courses") { arguments += ["--courses", coursesPath] }
        if !arguments.contains("--lang") { arguments += ["--lang", language.rawValue] }
        var command: ReportCommand
        do {
            command = try ReportCommand.parse(arguments)
        } catch {
            // A file type gongkai does not write is named as such, not as a usage slip.
            func value(_ option: String) -> String? {
                arguments.firstIndex(of: option).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
            }
            if let out = value("--out"), let problem = ReportFormat.outProblem(out, format: value("--format").flatMap(ReportFormat.init(rawValue:))) {
                return (Catalogue(language)(problem) + "\n", 2)
            }
            return (Catalogue(language)(ShellText.reportUsage) + "\n", 2)
        }
        // From the shell, files go only into Results/reports/: a trainee must not be able
        // to overwrite a course file or a record.
        if let out = command.out {
            let reports = PathJoin.join(resultsRoot, "reports")
            let name = PathJoin.fileName(of: out)
            guard !out.contains("/") || PathJoin.directory(of: out) == reports, !name.hasPrefix("."), name != "..", !name.isEmpty else {
                return (Catalogue(language)(ShellText.reportOutOutside(reports + "/")) + "\n", 2)
            }
            command.out = PathJoin.join(reports, name)
        }
        var text = ""
        let run = ReportRun(
            kind: Report.Kind(rawValue: command.kind)!, format: command.format.flatMap(ReportFormat.init(rawValue:)),
            filter: ReportFilter(
                session: command.session, unit: command.unit, course: command.course,
                since: command.since.flatMap(LocalDate.init(parsing:)), until: command.until.flatMap(LocalDate.init(parsing:))),
            out: command.out, strict: command.strict, roots: command.results.isEmpty ? [resultsRoot] : command.results,
            language: language, width: terminal.columns(), color: terminal.color && command.out == nil, useCache: !command.noCache,
            asOf: command.asOf.flatMap(LocalDate.init(parsing:)), explicitRoots: !command.results.isEmpty, table: command.table,
            stdoutIsTerminal: true)
        let library = CourseLibrary.load(
            paths: [coursesPath], fileSystem: LocalFileSystem(), cache: CourseCacheLocation.cache(for: coursesPath, environment: ProcessEnvironment.current))
        let status = run.execute(
            library: library, fileSystem: LocalFileSystem(), clock: SystemClock(), stdout: { text += $0 }, stderr: { text += $0 },
            write: { text += String(decoding: $0, as: UTF8.self) })
        return (text, status)
    }
}

/// A benchmark aid, not a feature: `GONGKAI_SIMULATED_FS_LATENCY_MS=1` makes the shell wait that long
/// before every round trip to `Results/` (listing, stat, open), as on a slow shared folder (see
/// `LatencyFileSystem` and `Tests/Benchmarks/bench_shell.py`). Unset, empty or not a positive number:
/// the plain file system.
enum SimulatedLatency {
    static let variable = "GONGKAI_SIMULATED_FS_LATENCY_MS"

    static func fileSystem(base: FileSystem, environment: [String: String]) -> FileSystem {
        guard let text = environment[variable], let milliseconds = Double(text), milliseconds > 0, milliseconds < 10_000 else { return base }
        return LatencyFileSystem(base: base, milliseconds: milliseconds) { nanoseconds in
            var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
        }
    }
}

/// `GONGKAI_TIMING=1` in the shell (a bench aid): on standard error, how long each line typed took to
/// answer, from the moment it was read to the moment the shell asked for the next one (the work and the
/// output of that line), as `gongkai-timing<TAB>microseconds<TAB>line`; the first entry is the start-up,
/// from `main` to the first prompt. Used by `Tests/Benchmarks/bench_shell.py` for per-command times.
final class TimedLineReader: LineReader {
    let base: LineReader
    private var last: (at: UInt64, line: String)
    private let started = TimedLineReader.now()

    init(base: LineReader) {
        self.base = base
        last = (started, "(start)")
    }

    var isInteractive: Bool { base.isInteractive }

    func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput {
        writeStandardError("gongkai-timing\t\((Self.now() - last.at) / 1000)\t\(last.line)\n")
        let input = base.readLine(prompt: prompt, kind: kind, completer: completer)
        switch input {
        case .line(let text): last = (Self.now(), text)
        case .interrupt: last = (Self.now(), "(interrupt)")
        case .endOfInput: last = (Self.now(), "(end of input)")
        }
        return input
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
