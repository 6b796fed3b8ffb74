import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where things are: the package, the fixtures and the built `gongkai` binary.
enum E2E {
    /// The package root: walk up from this file to the folder with Package.swift.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static let fixtures = packageRoot + "/Tests/Fixtures/Courses"

    /// The `gongkai` built next to this test bundle: the bundle lives in
    /// `<scratch>/<triple>/debug/`, and `<scratch>/debug` links there. Works for
    /// `.build` (CI) and any `--scratch-path`.
    static let binary: String = {
        let fm = FileManager.default
        var directories: [String] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append((exe as NSString).deletingLastPathComponent)
        }
        directories.append(Bundle.main.bundlePath)
        directories.append(((CommandLine.arguments.first ?? "") as NSString).deletingLastPathComponent)
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["GONGKAI_E2E_BINARY"] { candidates.append(override) }
        for directory in directories where !directory.isEmpty {
            let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
            // <scratch>/<triple>/debug → <scratch>/debug/gongkai, and the folder itself.
            let scratch = ((resolved as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            let configuration = (resolved as NSString).lastPathComponent
            candidates.append(scratch + "/" + configuration + "/gongkai")
            candidates.append(resolved + "/gongkai")
        }
        candidates.append(packageRoot + "/.build/debug/gongkai")
        for candidate in candidates where fm.isExecutableFile(atPath: candidate) {
            return URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        }
        fatalError("gongkai binary not found; looked at: \(candidates.joined(separator: ", "))")
    }()

    /// Base arguments for a shell on the fixtures.
    static func shellArguments(results: String, seed: Int = 7, extra: [String] = []) -> [String] {
        ["--courses", fixtures, "--results", results, "--seed", String(seed)] + extra
    }
}

/// A fresh temporary tree for one test:
///
///     root/                 everything a run may touch (walked by the path tests)
///       home/               HOME and XDG_DATA_HOME (readline history)
///       box/work/           the working directory
///       box/work/results/   --results
final class Sandbox {
    let root: String
    let home: String
    let work: String
    let results: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/gongkai-e2e-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        root = URL(fileURLWithPath: String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)).standardizedFileURL.path
        home = root + "/home"
        work = root + "/box/work"
        results = work + "/results"
        for directory in [home, work] {
            try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // A known readline configuration, whatever the machine has in /etc/inputrc.
        _ = FileManager.default.createFile(atPath: home + "/inputrc", contents: Data())
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    var xdgDataHome: String { home + "/share" }
    var historyFile: String { xdgDataHome + "/gongkai/history" }

    /// A clean environment: nothing inherited that could change the program's behaviour.
    func environment(color: Bool = false, columns: Int = 100, extra: [String: String] = [:]) -> [String: String] {
        var env: [String: String] = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "HOME": home,
            "XDG_DATA_HOME": xdgDataHome,
            "INPUTRC": home + "/inputrc",
            "COLUMNS": String(columns),
            "LINES": "30",
        ]
        if let tz = ProcessInfo.processInfo.environment["TZ"] { env["TZ"] = tz }
        if !color { env["NO_COLOR"] = "1" }
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Starts the shell on a pseudo-terminal.
    func terminal(
        _ arguments: [String]? = nil, color: Bool = false, extraEnvironment: [String: String] = [:], label: String = "gongkai",
        columns: Int = 100
    ) throws -> PseudoTerminal {
        try PseudoTerminal(
            E2E.binary, arguments: arguments ?? E2E.shellArguments(results: results),
            environment: environment(color: color, columns: columns, extra: extraEnvironment), directory: work, columns: columns,
            label: label)
    }

    /// Runs the binary with standard input from `input` (not a terminal).
    func run(_ arguments: [String], input: String = "", extraEnvironment: [String: String] = [:]) throws -> PipeRun.Result {
        try PipeRun.run(E2E.binary, arguments: arguments, input: input, environment: environment(extra: extraEnvironment), directory: work)
    }

    // MARK: Looking at what was written

    /// Every regular file below `directory`, as paths relative to it, sorted.
    static func files(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(relative)
            }
        }
        return out.sorted()
    }

    /// JSON files directly inside `directory`.
    static func jsonFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted()
            .map { directory + "/" + $0 }
    }

    static func json(at path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DriveFailure(description: "\(path) is not a JSON object")
        }
        return object
    }

    /// The finished attempts of `course`: `results/attempts/<course>/<YYYY-MM>/<id>.json`.
    func attemptFiles(course: String = "sample") -> [String] {
        let base = results + "/attempts/" + course
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted()
        return months.flatMap { Self.jsonFiles(in: base + "/" + $0) }
    }
}

/// Runs the binary with standard input from a string and captures both outputs.
enum PipeRun {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: [UInt8]

        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    static func run(
        _ executable: String, arguments: [String], input: String, environment: [String: String], directory: String,
        timeout: Double = 30
    ) throws -> Result {
        let scratch = NSTemporaryDirectory() + "/gongkai-e2e-pipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inPath = scratch + "/stdin", outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
        _ = FileManager.default.createFile(atPath: outPath, contents: Data())
        _ = FileManager.default.createFile(atPath: errPath, contents: Data())
        let stdin = FileHandle(forReadingAtPath: inPath)!
        let stdout = FileHandle(forWritingAtPath: outPath)!
        let stderr = FileHandle(forWritingAtPath: errPath)!
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Clock.now + timeout
        while process.isRunning {
            if Clock.now > deadline {
                process.terminate()
                process.waitUntilExit()
                throw DriveFailure(description: "gongkai \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s")
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        let outBytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data())
        let errBytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data())
        let status = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return Result(
            status: status, stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: errBytes, as: UTF8.self),
            stdoutBytes: outBytes)
    }
}
