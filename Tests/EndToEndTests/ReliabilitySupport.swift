import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Support for the reliability checks of issue 6 ("nothing is lost and nothing
// leaks"): an interactive pipe session next to `PseudoTerminal`, one protocol
// over both, a SIGKILL timer, record checks, and the figures the stress script
// prints. The same tests run small in `make test` and large in `make stress`
// (sizes come from GONGKAI_STRESS_* environment variables).

// MARK: - Sizes and figures

enum Stress {
    static let environment = ProcessInfo.processInfo.environment

    /// An integer from the environment (the stress script sets them), else the fast default.
    static func count(_ name: String, default fallback: Int) -> Int {
        environment[name].flatMap { Int($0) } ?? fallback
    }

    static func seed(default fallback: UInt64 = 20_200_708) -> UInt64 {
        environment["GONGKAI_STRESS_SEED"].flatMap { UInt64($0) } ?? fallback
    }

    /// True when the stress script runs us (enables the slow, privileged checks).
    static var isStressRun: Bool { environment["GONGKAI_STRESS"] == "1" }

    /// Appends `name value` to `$GONGKAI_STRESS_FIGURES` (when set) and prints it.
    static func figure(_ name: String, _ value: CustomStringConvertible) {
        let line = "\(name) \(value)\n"
        FileHandle.standardError.write(Data(("FIGURE " + line).utf8))
        guard let path = environment["GONGKAI_STRESS_FIGURES"] else { return }
        figureLock.withLock {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return }
            var bytes = Array(line.utf8)
            _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }

    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("[stress] \(text)\n".utf8))
    }

    private static let figureLock = NSLock()
}

/// A small deterministic generator (SplitMix64), so every run with one seed is the same.
struct StressRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

// MARK: - One protocol over a pipe and a pseudo-terminal

/// A running `gongkai` driven line by line; waits for a prompt before typing.
protocol DrivenShell: AnyObject {
    var pid: pid_t { get }
    var label: String { get }
    var transcript: String { get }
    /// Enter as this transport sends it ("\n" on a pipe, "\r" on a terminal).
    var enter: String { get }
    func send(_ text: String) throws
    func send(bytes: [UInt8]) throws
    @discardableResult func expect(_ needle: String, timeout: Double) throws -> String
    /// Text after the last match, read without waiting long.
    func unmatched() -> String
    func waitForExit(timeout: Double) throws -> Int32
    func failure(_ message: String) -> DriveFailure
}

extension DrivenShell {
    func line(_ text: String) throws { try send(text + enter) }

    /// `expect` with the default deadline (a separate name: `PseudoTerminal.expect` has its own default).
    @discardableResult func waitFor(_ needle: String) throws -> String { try expect(needle, timeout: PseudoTerminal.defaultTimeout) }

    /// Waits for whichever needle appears first; returns it and the text up to its end.
    func expectAny(_ needles: [String], timeout: Double = PseudoTerminal.defaultTimeout) throws -> (needle: String, text: String) {
        let deadline = Clock.now + timeout
        while true {
            let exited = hasExited
            let text = unmatched()
            var best: (needle: String, end: String.Index)?
            for needle in needles {
                if let range = text.range(of: needle), best == nil || range.upperBound < best!.end { best = (needle, range.upperBound) }
            }
            if let best { return (best.needle, try expect(best.needle, timeout: 1)) }
            // Exited before this read: everything it wrote has been read.
            if exited { throw failure("expected one of \(needles) but the program ended") }
            if Clock.now >= deadline { throw failure("expected one of \(needles) but timed out") }
            usleep(2_000)
        }
    }

    /// True once the child has ended (a zombie not yet reaped counts), from /proc.
    var hasExited: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }

    /// Waits until the program has ended (exited or killed), without reaping it.
    func waitForEnd(timeout: Double) {
        let deadline = Clock.now + timeout
        while Clock.now < deadline, !hasExited {
            _ = unmatched()
            usleep(5_000)
        }
    }
}

extension PseudoTerminal: DrivenShell {
    var enter: String { "\r" }
}

/// The real binary with standard input and output on pipes (not a terminal):
/// the shell uses its plain line reader. Standard error goes to the same pipe.
final class PipeSession: DrivenShell {
    let pid: pid_t
    let label: String
    let enter = "\n"
    private var input: Int32
    private let output: ChildOutput

    var raw: [UInt8] { output.raw }

    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    // glibc functions the Swift module does not import (they need _GNU_SOURCE).
    // pipe2 sets close-on-exec atomically: tests start children on many threads,
    // and a pipe end inherited by another child would hide the end of output.
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let pipe2Function: Pipe2 = {
        guard let symbol = dlsym(nil, "pipe2") else { fatalError("pipe2 not found") }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()
    private static let addchdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    private static func pipe2(_ fds: inout [Int32], _ flags: Int32) -> Int32 {
        fds.withUnsafeMutableBufferPointer { pipe2Function($0.baseAddress!, flags) }
    }

    init(_ executable: String, arguments: [String], environment: [String: String], directory: String, label: String = "gongkai (pipe)") throws {
        _ = Self.ignoreSIGPIPE
        self.label = label
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard Self.pipe2(&toChild, O_CLOEXEC) == 0, Self.pipe2(&fromChild, O_CLOEXEC) == 0 else {
            throw DriveFailure(description: "pipe2 failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        _ = Self.addchdir?(&actions, directory)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted())
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, &attributes, argv.pointer, envp.pointer)
        close(toChild[0])
        close(fromChild[1])
        guard result == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw DriveFailure(description: "posix_spawn \(executable) failed: \(result)")
        }
        pid = child
        input = toChild[1]
        output = ChildOutput(fd: fromChild[0], pid: pid, stripEscapes: false)
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        output.killIfRunning()
        if input >= 0 { close(input) }
        output.close()
    }

    func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    func send(bytes: [UInt8]) throws {
        guard input >= 0 else { throw failure("standard input is already closed") }
        var offset = 0
        let deadline = Clock.now + 60
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0, errno == EPIPE { throw failure("the program ended (standard input closed)") }
            if n < 0, errno != EAGAIN, errno != EINTR { throw failure("cannot write (errno \(errno))") }
            if Clock.now > deadline { throw failure("the program did not read its input") }
            // Keep reading, so a program blocked on output can go on reading input.
            output.pump(until: Clock.now + 0.02)
        }
    }

    /// End of input, as at the end of a piped file.
    func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    @discardableResult
    func expect(_ needle: String, timeout: Double) throws -> String {
        try output.expect(needle, timeout: timeout, label: label)
    }

    func unmatched() -> String { output.unmatched() }

    var transcript: String { output.transcript }

    func waitForExit(timeout: Double = PseudoTerminal.defaultTimeout) throws -> Int32 {
        try output.waitForExit(timeout: timeout, label: label)
    }

    func failure(_ message: String) -> DriveFailure { output.failure(label, message) }
}

extension Sandbox {
    /// Starts the shell on pipes.
    func pipeSession(_ arguments: [String], label: String = "gongkai (pipe)") throws -> PipeSession {
        try PipeSession(E2E.binary, arguments: arguments, environment: environment(), directory: work, label: label)
    }
}

// MARK: - SIGKILL at a chosen moment

/// Sends SIGKILL to one child after a delay, from another thread, unless
/// cancelled first. Cancel before reaping the child, so its pid cannot have
/// been reused by then.
final class KillTimer: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var firedAt: Double?

    init(pid: pid_t, after delay: Double) {
        let start = Clock.now
        Thread.detachNewThread { [self] in
            let until = start + delay
            while Clock.now < until {
                if lock.withLock({ cancelled }) { return }
                usleep(UInt32(max(50, min(2_000, (until - Clock.now) * 1e6))))
            }
            lock.withLock {
                guard !cancelled else { return }
                Glibc.kill(pid, SIGKILL)
                firedAt = Clock.now
            }
        }
    }

    /// Stops the timer; true if the signal was already sent.
    @discardableResult
    func cancel() -> Bool {
        lock.withLock {
            cancelled = true
            return firedAt != nil
        }
    }
}

// MARK: - Looking at a results folder

/// What every file under a results folder turned out to be.
struct ResultsAudit: CustomStringConvertible {
    var jsonFiles = 0
    var unreadable: [String] = []
    var tampered: [String] = []
    var undigested: [String] = []
    /// Temporary files left by a writer that was killed (`.name.pid.random.tmp`).
    var leftoverTemp: [String] = []
    var bySchema: [String: Int] = [:]

    var description: String {
        "json \(jsonFiles), unreadable \(unreadable.count), tampered \(tampered.count), undigested \(undigested.count), temp \(leftoverTemp.count), \(bySchema)"
    }

    /// Reads every `*.json` under `root` (hidden folders too) and checks it parses and verifies.
    static func of(_ root: String) -> ResultsAudit {
        var audit = ResultsAudit()
        for relative in Sandbox.files(under: root) {
            let path = root + "/" + relative
            if relative.hasSuffix(".tmp") {
                audit.leftoverTemp.append(relative)
                continue
            }
            guard relative.hasSuffix(".json") else { continue }
            audit.jsonFiles += 1
            guard let data = FileManager.default.contents(atPath: path) else {
                audit.unreadable.append(relative)
                continue
            }
            do {
                let (value, integrity) = try RecordCodec.parse([UInt8](data))
                audit.bySchema[value["schema"]?.stringValue ?? "?", default: 0] += 1
                switch integrity {
                case .verified: break
                case .mismatch: audit.tampered.append(relative)
                case .missing: audit.undigested.append(relative)
                }
            } catch {
                audit.unreadable.append(relative + " (\(error))")
            }
        }
        return audit
    }
}

/// `gongkai report KIND --format json` on a results folder.
struct ReportCheck {
    var status: Int32
    var json: [String: Any]
    var stderr: String

    static func run(_ box: Sandbox, kind: String, courses: String, results: String, strict: Bool = false, timeout: Double = 120) throws -> ReportCheck {
        var arguments = ["report", kind, "--format", "json", "--courses", courses, "--results", results, "--no-cache"]
        if strict { arguments.append("--strict") }
        let run = try PipeRun.run(E2E.binary, arguments: arguments, input: "", environment: box.environment(), directory: box.work, timeout: timeout)
        let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any] ?? [:]
        return ReportCheck(status: run.status, json: json, stderr: run.stderr)
    }

    func totals(_ key: String) -> Int? { ((json["totals"] as? [String: Any])?[key] as? NSNumber)?.intValue }
    var skipped: Int? { (json["skippedRecords"] as? NSNumber)?.intValue }
    var tampered: [String]? { json["tamperedRecords"] as? [String] }
}

// MARK: - A course folder for many trainees

enum StressCourses {
    static let session = "2020-07-08-training"

    /// The fixture course and checklist with a roster of `units` units `u0001…`
    /// (names 单位0001…), each expecting one person, all in one session.
    static func make(in box: Sandbox, units: Int) throws -> String {
        let dir = box.root + "/courses"
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/checklists", withIntermediateDirectories: true)
        try fm.copyItem(atPath: E2E.fixtures + "/sample.yaml", toPath: dir + "/sample.yaml")
        try fm.copyItem(atPath: E2E.fixtures + "/checklists/column-self-audit.yaml", toPath: dir + "/checklists/column-self-audit.yaml")
        var roster = "units:\n"
        for n in 1...max(1, units) { roster += "  - {id: \(unitID(n)), name: \(unitName(n)), kind: township, expected: 1}\n" }
        roster += """
            sessions:
              - id: \(session)
                title: 政务公开业务培训
                date: 2020-07-08
                courses: [sample]
                checklist: column-self-audit

            """
        try roster.write(toFile: dir + "/roster.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    static func unitID(_ n: Int) -> String { String(format: "u%04d", n) }
    static func unitName(_ n: Int) -> String { String(format: "单位%04d", n) }
}

// MARK: - Answering whatever question is on screen

enum GenericAnswer {
    /// A valid answer of the right form for the question on screen (right or wrong, at random).
    static func valid(for q: ShownQuestion, _ random: inout StressRandom) -> String {
        let letters = q.options.map(\.letter)
        switch q.typeName {
        case "单选题":
            return letters.randomElement(using: &random) ?? "A"
        case "多选题":
            var chosen = letters.filter { _ in random.unit() < 0.5 }
            if chosen.isEmpty { chosen = [letters.randomElement(using: &random) ?? "A"] }
            return Bool.random(using: &random) ? chosen.joined() : chosen.map { $0.lowercased() }.joined(separator: " ")
        case "判断题":
            return ["对", "错", "T", "F", "√", "×"].randomElement(using: &random)!
        case "填空题":
            return ["办公厅", "国务院办公厅", "不知道", "信息公开办"].randomElement(using: &random)!
        case "数值题":
            return String(Int.random(in: 1...40, using: &random))
        case "排序题":
            return letters.shuffled(using: &random).joined()
        case "区分处理题":
            return ["2 4", "1", "3 5", "2", "4 5", "2-4"].randomElement(using: &random)!
        default:
            return "A"
        }
    }

    /// Input the shell must refuse with a message and ask again (each seen refused in the shell tests).
    static func invalid(for q: ShownQuestion, _ random: inout StressRandom) -> String {
        switch q.typeName {
        case "单选题": return ["Z", "AB"].randomElement(using: &random)!
        case "多选题": return ["Q", "Z"].randomElement(using: &random)!
        case "判断题": return "maybe"
        case "数值题": return "twenty"
        case "排序题": return ["Q", "AA"].randomElement(using: &random)!
        case "区分处理题": return "9"
        default: return "   "
        }
    }
}
