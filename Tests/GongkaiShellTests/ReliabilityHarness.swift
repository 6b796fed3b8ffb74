import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// One step of a scripted session: a line typed, a key, or something done to
/// the world (fill the disk, make it read-only) before the next prompt.
enum Step {
    case line(String)
    case interrupt
    case endOfInput
    /// Runs when reached; consumes no prompt.
    case act(() -> Void)
}

extension Step: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .line(value) }
}

extension Step {
    /// From here on every write under `/results` fails with `fault` (the disk turns read-only, fills up).
    static func fault(_ fault: MemoryFileSystem.Fault, on fs: MemoryFileSystem) -> Step {
        .act {
            fs.faultScope = "/results"
            fs.fault = fault
        }
    }
}

/// A scripted reader whose script can change the world between prompts.
/// Prompts and typed lines are echoed into the output as a terminal shows them,
/// unless `echo` is false (then only what the shell itself printed is kept).
final class HookedLineReader: LineReader {
    private var steps: [Step]
    let isInteractive = false
    private let output: ShellOutput?
    private(set) var prompts: [String] = []
    private(set) var kinds: [PromptKind] = []
    private(set) var completers: [Completer?] = []

    init(_ steps: [Step], echo output: ShellOutput?) {
        self.steps = steps
        self.output = output
    }

    func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput {
        prompts.append(prompt)
        kinds.append(kind)
        completers.append(completer)
        output?.write(prompt)
        while let step = steps.first {
            steps.removeFirst()
            switch step {
            case .act(let action): action()
            case .line(let text):
                output?.write(text + "\n")
                return .line(text)
            case .interrupt:
                output?.write("^C\n")
                return .interrupt
            case .endOfInput:
                output?.write("\n")
                return .endOfInput
            }
        }
        output?.write("\n")
        return .endOfInput
    }
}

extension ShellHarness {
    /// Runs a shell over steps (which may act on the world); returns its output and reader.
    @discardableResult
    func run(steps: [Step], echo: Bool = true, rescueFolder: String? = nil) -> (text: String, reader: HookedLineReader) {
        let output = CapturedOutput()
        let reader = HookedLineReader(steps, echo: echo ? output : nil)
        let shell = Shell(
            ShellEnvironment(
                library: library, store: store, reader: reader, output: output, language: language,
                terminal: .fixed(columns: 100, rows: 40), clock: clock, ids: ids, seed: seed, externalCommands: externalCommands,
                rescueFolder: rescueFolder))
        shell.run()
        if ProcessInfo.processInfo.environment["GONGKAI_TEST_DUMP"] != nil { print(output.text) }
        return (output.text, reader)
    }

    /// Correct (or wrong) answers for the first quiz this harness's seed draws.
    func typedAnswers(correct: Bool = true, course: Course? = nil) -> [String] {
        let course = course ?? self.course
        return firstPlan(course).map { item in
            let q = course.question(id: item.questionID)!
            return correct ? correctAnswer(q, shown: item.shown) : wrongAnswer(q, shown: item.shown)
        }
    }
}

extension MemoryFileSystem {
    /// Bytes stored right now (the capacity fault counts against this).
    var usedBytes: Int { allFiles.values.reduce(0) { $0 + $1.count } }

    /// Paths that look like a temporary or partial file.
    var temporaryFiles: [String] {
        allFiles.keys.filter { $0.hasSuffix(".tmp") || PathJoin.fileName(of: $0).hasPrefix(".") && $0.hasSuffix(".json") }.sorted()
    }
}
