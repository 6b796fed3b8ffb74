import GongkaiCore

/// The person at the keyboard, once signed in.
public struct SignedIn: Sendable, Equatable {
    public var trainee: Trainee
    public var unitName: String
    public var session: TrainingSession?
}

/// Everything the shell needs from outside, injected so tests can script it.
public struct ShellEnvironment {
    public var library: CourseLibrary
    public var store: ResultStore
    public var reader: LineReader
    public var output: ShellOutput
    public var language: Language
    public var terminal: TerminalInfo
    public var clock: WallClock
    public var ids: RecordIDSource
    /// Fixes question draw and shuffle (`--seed`); nil draws from system randomness.
    public var seed: UInt64?
    /// Commands shared with the command line (e.g. `report`), given their arguments.
    public var externalCommands: [String: @Sendable ([String]) -> (output: String, status: Int32)]
    /// Where records that could not be saved go when the shell ends anyway
    /// (end of input, closed terminal), so that they are never simply dropped.
    public var rescueFolder: String?

    public init(
        library: CourseLibrary, store: ResultStore, reader: LineReader, output: ShellOutput, language: Language = .zh,
        terminal: TerminalInfo = .fixed(), clock: WallClock = SystemClock(), ids: RecordIDSource = RandomRecordIDs(),
        seed: UInt64? = nil, externalCommands: [String: @Sendable ([String]) -> (output: String, status: Int32)] = [:],
        rescueFolder: String? = nil
    ) {
        self.library = library
        self.store = store
        self.reader = reader
        self.output = output
        self.language = language
        self.terminal = terminal
        self.clock = clock
        self.ids = ids
        self.seed = seed
        self.externalCommands = externalCommands
        self.rescueFolder = rescueFolder
    }
}

/// The interactive shell: reads commands, runs them, never crashes on input.
public final class Shell {
    let library: CourseLibrary
    let store: ResultStore
    let reader: LineReader
    let out: ShellOutput
    let t: Catalogue
    let language: Language
    let terminal: TerminalInfo
    let clock: WallClock
    let ids: RecordIDSource
    let style: Style
    var generator: SeededGenerator
    let externalCommands: [String: @Sendable ([String]) -> (output: String, status: Int32)]
    let rescueFolder: String?

    var user: SignedIn?
    /// Attempts and audit revisions that could not be written; kept until `save PATH` succeeds.
    var unsaved: [PendingRecord] = []
    /// Paused runs whose autosave could not be written (a read-only or full disk).
    var heldRuns: [ProgressKey: QuizRun] = [:]
    /// Each autosave this shell works from, as it last wrote or read it (by path): another
    /// shell on the same results folder may continue the same quiz (see `ProgressVersion`).
    var progressVersions: [String: ProgressVersion] = [:]
    /// Autosaves another shell has taken over since: this one no longer writes them.
    var supersededRuns: Set<String> = []
    var quitRequested = false

    public init(_ environment: ShellEnvironment) {
        library = environment.library
        // A trainee's and a unit's records are found through the attempt index (see `AttemptIndex`).
        store = environment.store.attemptIndex == nil ? environment.store.indexed(clock: environment.clock) : environment.store
        reader = environment.reader
        out = environment.output
        language = environment.language
        t = Catalogue(environment.language)
        terminal = environment.terminal
        clock = environment.clock
        ids = environment.ids
        style = Style(enabled: environment.terminal.color)
        var system = SystemRandomNumberGenerator()
        generator = SeededGenerator(seed: environment.seed ?? system.next())
        externalCommands = environment.externalCommands
        rescueFolder = environment.rescueFolder
    }

    // MARK: Main loop

    /// Runs until `quit`, Ctrl-D or end of input. Returns the process exit status.
    @discardableResult
    public func run() -> Int32 {
        printBanner()
        while !quitRequested {
            switch ask(prompt(), kind: .command, completer: commandCompleter()) {
            case .endOfInput:
                // Nothing more can be read: leave (unsaved records are rescued below).
                out.line()
                quitRequested = true
            case .interrupt:
                continue
            case .line(let text):
                execute(text)
            }
        }
        rescueUnsaved()
        say(t(ShellText.goodbye))
        return 0
    }

    /// Writes records that could not be saved into the rescue folder, so that
    /// ending the shell never drops them.
    func rescueUnsaved() {
        // Paused runs held in memory: their autosave, here if the disk is back, else in the rescue folder.
        for (key, run) in heldRuns {
            let progress = run.progress(at: now())
            if (try? store.saveProgress(progress, key: key, expected: knownVersion(run))) == nil {
                _ = rescueProgress(progress, key: key)
            }
        }
        heldRuns = [:]
        guard !unsaved.isEmpty else { return }
        guard let rescueFolder else {
            say(t(ShellText.unsavedLost(count: unsaved.count)), style.bad)
            return
        }
        saveElsewhere([rescueFolder])
        if unsaved.isEmpty {
            say(t(ShellText.rescued(rescueFolder)), style.warn)
        } else {
            say(t(ShellText.unsavedLost(count: unsaved.count)), style.bad)
        }
    }

    func prompt() -> String {
        guard let user else { return "gongkai> " }
        return "\(DisplayWidth.truncate(user.trainee.name, to: 16))@\(user.unitName)> "
    }

    func printBanner() {
        say(t(ShellText.banner(version: GongkaiVersion.current)), style.bold)
        let roster = library.roster
        out.line(
            t(ShellText.libraryLoaded(
                courses: library.courses.count, checklists: library.checklists.count, units: roster?.units.count ?? 0,
                sessions: roster?.sessions.count ?? 0)))
        let brokenCourses = library.invalidFiles.filter { $0.kind == .course || $0.kind == .checklist }.count
        if brokenCourses > 0 { say(t(ShellText.invalidFilesWarning(count: brokenCourses)), style.warn) }
        if library.invalidFiles.contains(where: { $0.kind == .roster }) {
            say(t(ShellText.rosterInvalid), style.bad)
        } else if roster == nil {
            say(t(ShellText.noRoster), style.warn)
        }
    }

    /// Runs one command line.
    public func execute(_ line: String) {
        let words = CommandLineSplitter.split(line)
        guard let first = words.first else { return }
        let name = ShellCommand.canonicalName(first)
        let args = Array(words.dropFirst())
        switch name {
        case "help": help(args)
        case "login": login(args)
        case "whoami": whoami()
        case "logout": logout()
        case "courses": listCourses()
        case "study": study(args)
        case "quiz": quiz(args)
        case "resume": resume(args)
        case "review": review(args)
        case "history": history(args)
        case "audit": audit(args)
        case "unit": unitStanding(args)
        case "save": saveElsewhere(args)
        case "deadline": deadline(args)
        case "quit", "exit":
            if confirmQuitWithUnsaved() { quitRequested = true }
        default:
            var args = args
            if name == "report" {
                guard let limited = reportAllowed(args) else { return }
                args = limited
            }
            if let handler = externalCommands[name] {
                let result = handler(args)
                out.write(result.output)
                if !result.output.isEmpty, !result.output.hasSuffix("\n") { out.line() }
                return
            }
            // A pasted paragraph is not a mistyped command: no suggestion, and no echo of all of it.
            let suggestion = first.count <= 20 ? Suggestion.closestName(to: first, in: ShellCommand.all.map(\.name)) : nil
            say(t(ShellText.unknownCommand(DisplayWidth.truncate(first, to: 24), suggestion: suggestion)), style.bad)
        }
    }

    /// The shell is shared by trainees (see `ShellAccess`): a contact sees their own
    /// unit's attendance, completion and self-audit, nobody sees colleagues' scores or
    /// the item analysis here, and no report at all while a quiz is open. Returns the
    /// arguments limited to the person's unit, or nil when refused.
    func reportAllowed(_ args: [String]) -> [String]? {
        let kind = args.first.map(TextNormalization.fold) ?? ""
        if kind == Report.Kind.items.rawValue {
            say(t(ShellText.reportNotHere), style.warn)
            return nil
        }
        var requested: String?
        if let index = args.firstIndex(of: "--unit"), index + 1 < args.count {
            let text = args[index + 1]
            // As at login: an id, a name, an alias, or a part of exactly one name (喜泉).
            let matches = library.roster?.unitsMatching(text) ?? []
            requested = library.roster?.findUnit(text)?.id ?? (matches.count == 1 ? matches[0].id : text)
        }
        switch ShellAccess.report(kind: kind, requestedUnit: requested, by: user?.trainee, roster: library.roster) {
        case .refused(let refusal):
            say(t(TraineeText.refused(refusal)), style.warn)
            return nil
        case .allowed(let unit):
            if let user, store.pendingWork(trainee: user.trainee).contains(where: { if case .quiz = $0 { return true }; return false }) {
                say(t(ShellText.reportWhilePaused), style.warn)
                return nil
            }
            return requested == nil ? args + ["--unit", unit] : args
        }
    }

    // MARK: Input helpers

    /// Reads a line with control characters and escape sequences removed.
    func ask(_ prompt: String, kind: PromptKind = .field, completer: Completer? = nil) -> LineInput {
        out.flush()
        switch reader.readLine(prompt: prompt, kind: kind, completer: completer) {
        case .line(let text): return .line(TextNormalization.sanitizeLine(text))
        case let other: return other
        }
    }

    /// Asks a yes/no question until it gets an answer; nil on Ctrl-C or end of input.
    func confirm(_ question: String, default defaultAnswer: Bool) -> Bool? {
        while true {
            let suffix = defaultAnswer ? " [Y/n] " : " [y/N] "
            switch ask(question + suffix) {
            case .endOfInput, .interrupt: return nil
            case .line(let text):
                let word = TextNormalization.fold(text)
                if word.isEmpty { return defaultAnswer }
                if InputVocabulary.yes.contains(word) { return true }
                if InputVocabulary.no.contains(word) { return false }
                say(t(ShellText.answerYesOrNo))
            }
        }
    }

    func requireLogin() -> SignedIn? {
        if let user { return user }
        say(t(ShellText.loginFirst), style.warn)
        return nil
    }

    var width: Int { max(40, min(terminal.columns(), 120)) }

    func wrap(_ text: String, indent: String = "") -> String {
        TextWrapper.wrap(text, width: width - 1, indent: indent).joined(separator: "\n")
    }

    /// Prints a message wrapped to the terminal, styling each line (styling after
    /// wrapping keeps colour codes out of the width arithmetic).
    func say(_ text: String, _ paint: (String) -> String = { $0 }, indent: String = "") {
        for line in TextWrapper.wrap(text, width: width - 1, indent: indent) { out.line(paint(line)) }
    }

    func rule(_ title: String) -> String {
        let limit = min(width, 72)
        let shown = DisplayWidth.truncate(title, to: limit - 6)
        let used = DisplayWidth.of(shown) + 4
        return style.accent("── \(shown) " + String(repeating: "─", count: max(2, limit - used)))
    }

    func now() -> Timestamp { clock.now() }

    /// With records still unsaved, leaving needs a clear yes; Ctrl-C means stay.
    func confirmQuitWithUnsaved() -> Bool {
        guard !unsaved.isEmpty else { return true }
        say(t(ShellText.unsavedOnQuit(count: unsaved.count)), style.warn)
        return confirm(t(ShellText.quitAnyway), default: false) == true
    }
}

/// A record that could not be written where it belongs.
struct PendingRecord {
    var describe: String
    /// Runs once the record is safely written (e.g. removes the autosave it came from).
    var saved: () -> Void = {}
    var write: (ResultStore) throws(FileSystemError) -> Void
}

/// Splits a command line into words; double or single quotes keep spaces.
enum CommandLineSplitter {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" || c == "“" || c == "”" {
                quote = c == "“" ? "”" : c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
