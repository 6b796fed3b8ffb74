/// One line of input, or why there is none.
public enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C: the line being typed is abandoned.
    case interrupt
    /// Ctrl-D on an empty line, end of piped input, or the terminal went away.
    case endOfInput
}

/// What a prompt is asking for; decides history and completion.
public enum PromptKind: Sendable, Equatable {
    /// A shell command: kept in history, completed in context.
    case command
    /// An answer to a question: no history, and no completion (it could leak options).
    case answer
    /// Any other field (name, unit, note…): no history; completion if given.
    case field
}

/// Completion candidates for the word being typed.
/// - Parameters: the line up to the start of the word, and the word itself.
public typealias Completer = @Sendable (_ linePrefix: String, _ word: String) -> [String]

/// Where the shell gets its lines: GNU readline on a terminal, plain lines on a
/// pipe, a script in tests.
public protocol LineReader: AnyObject {
    func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput
    /// True when a person is typing at a terminal (decides colour, paging, echo).
    var isInteractive: Bool { get }
}

extension LineReader {
    public func readLine(prompt: String, kind: PromptKind = .field) -> LineInput {
        readLine(prompt: prompt, kind: kind, completer: nil)
    }
}

/// Replays a fixed list of inputs; records the prompts it was shown. For tests.
public final class ScriptedLineReader: LineReader {
    public private(set) var remaining: [LineInput]
    public private(set) var prompts: [String] = []
    public private(set) var completers: [Completer?] = []
    public let isInteractive: Bool
    /// When set, prompts and inputs are written here as a terminal would show them.
    public var echo: ShellOutput?

    public init(_ inputs: [LineInput], interactive: Bool = false, echo: ShellOutput? = nil) {
        self.remaining = inputs
        self.isInteractive = interactive
        self.echo = echo
    }

    public convenience init(lines: [String]) {
        self.init(lines.map(LineInput.line))
    }

    public func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput {
        prompts.append(prompt)
        completers.append(completer)
        echo?.write(prompt)
        guard !remaining.isEmpty else {
            echo?.write("\n")
            return .endOfInput
        }
        let input = remaining.removeFirst()
        switch input {
        case .line(let text): echo?.write(text + "\n")
        case .interrupt: echo?.write("^C\n")
        case .endOfInput: echo?.write("\n")
        }
        return input
    }
}
