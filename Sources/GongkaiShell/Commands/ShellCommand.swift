import GongkaiCore

/// The shell's commands (English words, per the contract) with Chinese aliases.
struct ShellCommand {
    var name: String
    var usage: String
    var summary: ShellText

    var aliases: [String] { InputVocabulary.commandAliases[name] ?? [] }

    static let all: [ShellCommand] = [
        ShellCommand(name: "help", usage: "help [COMMAND]", summary: .helpHelp),
        ShellCommand(name: "login", usage: "login [NAME] [--unit ID] [--session ID]", summary: .helpLogin),
        ShellCommand(name: "whoami", usage: "whoami", summary: .helpWhoami),
        ShellCommand(name: "logout", usage: "logout", summary: .helpLogout),
        ShellCommand(name: "courses", usage: "courses", summary: .helpCourses),
        ShellCommand(name: "study", usage: "study COURSE", summary: .helpStudy),
        ShellCommand(name: "quiz", usage: "quiz COURSE", summary: .helpQuiz),
        ShellCommand(name: "resume", usage: "resume [review] [COURSE]", summary: .helpResume),
        ShellCommand(name: "review", usage: "review [COURSE]", summary: .helpReview),
        ShellCommand(name: "history", usage: "history [COURSE]", summary: .helpHistory),
        ShellCommand(name: "audit", usage: "audit [CHECKLIST] | audit history [N]", summary: .helpAudit),
        ShellCommand(name: "unit", usage: "unit [ID]", summary: .helpUnit),
        ShellCommand(
            name: "report",
            usage: "report KIND [--format table|csv|json|html|md|xlsx] [--session ID] [--unit ID] [--course ID] [--out FILE] [--table NAME]",
            summary: .helpReport),
        ShellCommand(name: "deadline", usage: "deadline", summary: .helpDeadline),
        ShellCommand(name: "save", usage: "save PATH", summary: .helpSave),
        ShellCommand(name: "quit", usage: "quit", summary: .helpQuit),
    ]

    static func canonicalName(_ word: String) -> String {
        let lower = TextNormalization.fold(word)
        if let command = all.first(where: { $0.name == lower || $0.aliases.contains(lower) }) {
            return command.name == "quit" && lower == "exit" ? "exit" : command.name
        }
        return lower
    }
}

extension Shell {
    func help(_ args: [String]) {
        if let topic = args.first {
            let name = ShellCommand.canonicalName(topic)
            guard let command = ShellCommand.all.first(where: { $0.name == name || (name == "exit" && $0.name == "quit") }) else {
                say(t(ShellText.unknownCommand(topic, suggestion: nil)), style.bad)
                return
            }
            out.line(style.bold(command.usage))
            out.line(wrap(t(command.summary), indent: "  "))
            return
        }
        say(t(ShellText.helpTitle), style.bold)
        let usageWidth = min(34, ShellCommand.all.map { DisplayWidth.of(Self.shortUsage($0)) }.max() ?? 20)
        for command in ShellCommand.all {
            let usage = DisplayWidth.pad(Self.shortUsage(command), to: usageWidth)
            out.line("  \(style.accent(usage))  \(t(command.summary))")
        }
        out.line()
        out.line(wrap(t(ShellText.helpAnswers)))
        out.line(wrap(t(ShellText.helpKeys)))
    }

    static func shortUsage(_ command: ShellCommand) -> String {
        switch command.name {
        case "login": return "login [NAME] [--unit ID]"
        case "report": return "report KIND [OPTIONS]"
        case "audit": return "audit [CHECKLIST|history]"
        default: return command.usage
        }
    }

    // MARK: Completion

    func commandCompleter() -> Completer {
        let library = self.library
        let store = self.store
        let user = self.user
        return { linePrefix, word in
            let words = CommandLineSplitter.split(linePrefix)
            guard let first = words.first else {
                return ShellCommand.all.map(\.name) + ["exit"]
            }
            let courseIDs = library.courses.map(\.id)
            // Courses may be named by id or by Chinese title (`study 保密⇥`).
            let courses = courseIDs + library.courses.map(\.title)
            let units = library.roster?.units.map(\.id) ?? []
            let sessions = library.roster?.sessions.map(\.id) ?? []
            let previous = words.last ?? ""
            switch ShellCommand.canonicalName(first) {
            case "help": return words.count == 1 ? ShellCommand.all.map(\.name) : []
            case "study", "quiz", "review", "history": return words.count == 1 ? courses : []
            case "resume":
                guard let user else { return [] }
                let keys = store.pendingWork(trainee: user.trainee)
                let reviews = keys.compactMap { if case .review(let c) = $0 { return c } else { return nil } }
                let quizzes = keys.compactMap { if case .quiz(let c) = $0 { return c } else { return nil } }
                if words.count == 2, InputVocabulary.resumeKind(words[1]) == .review { return reviews }
                if words.count == 2, InputVocabulary.resumeKind(words[1]) == .quiz { return quizzes }
                return words.count == 1 ? quizzes + (reviews.isEmpty ? [] : ["review"]) : []
            case "login":
                if previous == "--unit" { return units }
                if previous == "--session" { return sessions }
                return word.hasPrefix("-") ? ["--unit", "--session"] : []
            case "unit": return words.count == 1 ? units : []
            case "audit": return words.count == 1 ? library.checklists.map(\.id) + ["history"] : []
            case "report":
                switch previous {
                case "--session": return sessions
                case "--unit": return units
                case "--course": return courseIDs
                case "--format": return ["table", "csv", "json", "html", "md", "xlsx"]
                case "--out": return []
                case "--table": return ["units", "people", "courses", "open", "rectifications", "questions", "items", "events"]
                default:
                    if words.count == 1 { return ["attendance", "scores", "completion", "audits", "items", "notices"] }
                    return ["--format", "--session", "--unit", "--course", "--out", "--since", "--until", "--strict", "--table"]
                }
            default: return []
            }
        }
    }

    func unitCompleter() -> Completer {
        let units = library.roster?.units ?? []
        return { _, word in
            let ids = units.map(\.id)
            let names = units.map(\.name)
            return word.isEmpty ? ids : (ids + names).filter { $0.hasPrefix(word) }
        }
    }
}
