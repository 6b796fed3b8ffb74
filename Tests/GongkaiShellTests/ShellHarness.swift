import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// Runs the shell on the fixture courses with an in-memory results folder,
/// a fixed clock, sequential ids and a scripted reader.
final class ShellHarness {
    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/Courses").path
    }()

    static let fixtureLibrary = CourseLibrary.load(paths: [fixtures], fileSystem: LocalFileSystem())

    let fileSystem: MemoryFileSystem
    let library: CourseLibrary
    let clock: FixedClock
    let ids = SequentialRecordIDs(prefix: "t")
    let seed: UInt64
    let language: Language
    var externalCommands: [String: @Sendable ([String]) -> (output: String, status: Int32)] = [:]
    private(set) var lastReader: ScriptedLineReader?

    init(
        library: CourseLibrary = ShellHarness.fixtureLibrary, fileSystem: MemoryFileSystem = MemoryFileSystem(), seed: UInt64 = 42,
        language: Language = .zh, today: String = "2020-07-08T09:30:00+08:00"
    ) {
        self.library = library
        self.fileSystem = fileSystem
        self.seed = seed
        self.language = language
        self.clock = FixedClock(Timestamp(parsing: today)!)
    }

    var store: ResultStore { ResultStore(root: "/results", fileSystem: fileSystem) }

    /// Runs a shell over the inputs; returns everything it printed.
    @discardableResult
    func run(_ inputs: [LineInput]) -> String {
        let output = CapturedOutput()
        let reader = ScriptedLineReader(inputs, echo: output)
        lastReader = reader
        let shell = Shell(
            ShellEnvironment(
                library: library, store: store, reader: reader, output: output, language: language,
                terminal: .fixed(columns: 100, rows: 40), clock: clock, ids: ids, seed: seed, externalCommands: externalCommands))
        shell.run()
        if ProcessInfo.processInfo.environment["GONGKAI_TEST_DUMP"] != nil { print(output.text) }
        return output.text
    }

    @discardableResult
    func run(_ lines: [String]) -> String { run(lines.map(LineInput.line)) }

    var course: Course { library.course(id: "sample")! }

    /// The plan the shell will draw for its first quiz with this seed.
    func firstPlan(_ course: Course? = nil) -> [PlannedItem] {
        var generator = SeededGenerator(seed: seed)
        return QuizDrawer.draw(course ?? self.course, using: &generator)
    }

    func attempts() -> [AttemptRecord] { store.attempts().records.map(\.record) }

    func files(under prefix: String) -> [String] {
        fileSystem.allFiles.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

/// What a trainee would type to answer correctly, in the letters shown.
func correctAnswer(_ question: Question, shown: [Int]) -> String {
    func letter(_ original: Int) -> String { OptionLetter.letter(shown.firstIndex(of: original)!) }
    switch question.answer {
    case .single(let i): return letter(i)
    case .multiple(let s): return s.map(letter).joined(separator: " ")
    case .order(let o): return o.map(letter).joined()
    case .trueFalse(let b): return b ? "对" : "错"
    case .fill(let accepted): return accepted[0]
    case .numeric(let value, _): return JSONWriter.formatNumber(value)
    case .redact(let reasons): return reasons.keys.sorted().map(String.init).joined(separator: " ")
    case .deadline(let scenario): return scenario.resolvedAnswer?.description ?? ""
    }
}

/// A wrong answer of the right form.
func wrongAnswer(_ question: Question, shown: [Int]) -> String {
    func letter(_ original: Int) -> String { OptionLetter.letter(shown.firstIndex(of: original)!) }
    switch question.answer {
    case .single(let i): return letter((i + 1) % question.options.count)
    case .multiple(let s): return letter(question.options.indices.first { !s.contains($0) }!)
    case .order(let o): return o.reversed().map(letter).joined()
    case .trueFalse(let b): return b ? "错" : "对"
    case .fill: return "不知道"
    case .numeric(let value, _): return JSONWriter.formatNumber(value + 7)
    case .redact: return "1"
    case .deadline: return "2000-01-01"
    }
}

extension String {
    func count(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
