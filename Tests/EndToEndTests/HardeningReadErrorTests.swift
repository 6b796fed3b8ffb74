import Foundation
import GongkaiCore
import Testing

@testable import gongkai

#if canImport(Glibc)
import Glibc
#endif

/// "Read errors are errors" (issue 13): a record or folder the machine fails to read (too many
/// open files, an I/O error, no permission) fails the report with exit 1 and the cause; only
/// malformed records are skipped. Through the report run the command line and the shell share,
/// with the memory file system's fault seam, and once for real (EACCES as an unprivileged user).
@Suite("Hardening: read errors fail the report")
struct HardeningReadErrorTests {
    static let library = CourseLibrary.load(paths: [E2E.fixtures], fileSystem: LocalFileSystem())

    /// Three attempts, a sign-in and an audit revision under `/results`.
    static func world() throws -> (MemoryFileSystem, attempts: [String], attendance: String) {
        let fs = MemoryFileSystem()
        let store = ResultStore(root: "/results", fileSystem: fs)
        let course = try #require(library.course(id: "sample"))
        let at = Timestamp(parsing: "2020-07-08T10:00:00+08:00")!
        var attempts: [String] = []
        for index in 0..<3 {
            let trainee = Trainee(name: "学员\(index)", unit: "xiquan")
            let item = AttemptItem(question: course.questions[0].id, type: course.questions[0].type, shown: [], raw: nil, response: nil, points: 0, max: 1)
            let record = AttemptRecord(
                id: "20200708T020000Z-read0000000\(index)", createdAt: at, trainee: trainee, session: nil,
                course: CourseRef(id: course.id, version: course.version, digest: "sha256:00"), mode: .exam, startedAt: at, finishedAt: at,
                items: [item], passPercent: 80)
            attempts.append(try store.save(record))
        }
        let attendance = try store.save(
            AttendanceRecord(id: "20200708T005000Z-read00000009", createdAt: at, trainee: Trainee(name: "学员0", unit: "xiquan"), session: "s1"))
        return (fs, attempts, attendance)
    }

    /// Runs `report KIND` on the memory file system: status, standard error, and whatever was written as the report.
    static func run(_ kind: Report.Kind, _ fs: MemoryFileSystem, out: String? = nil) -> (status: Int32, stderr: String, report: String) {
        var errors = "", report = "", said = ""
        let status = ReportRun(
            kind: kind, format: .csv, filter: ReportFilter(), out: out, strict: false, roots: ["/results"], language: .en, width: 100,
            color: false, useCache: false
        ).execute(
            library: library, fileSystem: fs, clock: FixedClock(Timestamp(parsing: "2020-07-09T10:00:00+08:00")!),
            stdout: { said += $0 }, stderr: { errors += $0 }, write: { report += String(decoding: $0, as: UTF8.self) })
        return (status, errors, report)
    }

    static let faults: [(FileSystemError, String)] = [
        (.tooManyOpenFiles("X"), "too many open files"),
        (.io("X", code: EIO), "I/O error"),
        (.permissionDenied("X"), "no permission"),
    ]

    @Test(arguments: 0..<3)
    func aRecordTheMachineCannotReadFailsTheReport(fault: Int) throws {
        let (fs, attempts, attendance) = try Self.world()
        let healthy = Self.run(.scores, fs)
        #expect(healthy.status == 0 && healthy.report.contains("学员2"), "\(healthy.stderr)")
        func failing(_ path: String) -> FileSystemError {
            switch Self.faults[fault].0 {
            case .tooManyOpenFiles: return .tooManyOpenFiles(path)
            case .io(_, let code): return .io(path, code: code)
            default: return .permissionDenied(path)
            }
        }
        fs.failReads(under: attempts[1], with: failing(attempts[1]))
        fs.failReads(under: attendance, with: failing(attendance))
        for kind in [Report.Kind.scores, .completion, .attendance, .items] {
            let run = Self.run(kind, fs, out: "/out/\(kind.rawValue).csv")
            #expect(run.status == 1, "\(kind): \(run.stderr)")
            #expect(run.stderr.contains(Self.faults[fault].1), "\(kind): the cause is said: \(run.stderr)")
            #expect(run.stderr.contains("could not be read") && run.stderr.contains("was not produced"), "\(run.stderr)")
            #expect(!run.stderr.contains("skipped"), "not passed off as a bad record: \(run.stderr)")
            #expect(run.report.isEmpty && !fs.exists("/out/\(kind.rawValue).csv"), "\(kind): no report")
        }
    }

    @Test func aFolderTheMachineCannotListFailsTheReport() throws {
        let (fs, _, _) = try Self.world()
        fs.failReads(under: "/results/attempts", with: .io("/results/attempts", code: EIO))
        let run = Self.run(.scores, fs)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("/results/attempts") && run.stderr.contains("I/O error"), "\(run.stderr)")
        #expect(run.report.isEmpty)
    }

    @Test func aMalformedRecordIsSkippedAndTheReportIsWritten() throws {
        let (fs, attempts, _) = try Self.world()
        fs.put("{\"schema\": \"gongkai.attempt/1\", \"id\": 3", at: attempts[1])
        let run = Self.run(.scores, fs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains(attempts[1]) && run.stderr.contains("skipped"), "\(run.stderr)")
        #expect(run.report.contains("学员0") && !run.report.contains("学员1"))
    }

    /// The real thing: a record the reading user may not open (root reads everything, so the
    /// report runs as `nobody` through setpriv).
    @Test func aRecordWithoutReadPermissionFailsTheReportForReal() throws {
        let setpriv = "/usr/bin/setpriv"
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv) else { return }
        let cli = try ReportCLI()
        try cli.standard()
        // Everything readable by others but one record.
        for path in [cli.box.root, cli.box.work, cli.results, cli.courses] + Sandbox.files(under: cli.box.root).map({ cli.box.root + "/" + $0 }) {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            chmod(path, isFolder.boolValue ? 0o755 : 0o644)
        }
        var folder = cli.box.root
        while folder != "/" && !folder.isEmpty {
            folder = (folder as NSString).deletingLastPathComponent
            var st = stat()
            if stat(folder, &st) == 0, st.st_mode & 0o001 == 0 { return }  // a parent nobody may enter: nothing to show
        }
        let locked = cli.attemptFiles[0]
        #expect(chmod(locked, 0o600) == 0)
        let arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", E2E.binary, "report", "scores", "--no-cache", "--format", "csv",
                         "--courses", cli.courses, "--results", cli.results, "--lang", "en"]
        let run = try PipeRun.run(setpriv, arguments: arguments, input: "", environment: cli.box.environment(), directory: "/", timeout: 60)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains(locked) && run.stderr.contains("no permission"), "\(run.stderr)")
        #expect(run.stdout.isEmpty, "no report")
        chmod(locked, 0o644)
        let readable = try PipeRun.run(setpriv, arguments: arguments, input: "", environment: cli.box.environment(), directory: "/", timeout: 60)
        #expect(readable.status == 0, "\(readable.stderr)")
        Stress.figure("readerrors.eacces_as_nobody", 1)
    }
}
