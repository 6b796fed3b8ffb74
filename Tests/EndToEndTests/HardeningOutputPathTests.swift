import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// "`--out` never destroys what is at the path" for every file gongkai writes outside
/// `Results/` (issue 13), and "special files never hang" where the shell reads: the course
/// exports, the xAPI export, `import --out`, `seal --out` and the course snapshot; a FIFO at
/// an autosave. Each used to rename a new file over a symlink or device.
@Suite("Hardening: every file written outside Results/")
struct HardeningOutputPathTests {
    static func kind(_ path: String) -> mode_t {
        var st = stat()
        guard lstat(path, &st) == 0 else { return 0 }
        return st.st_mode & S_IFMT
    }

    /// A world with records, a course folder and an office key, and the writers to try.
    final class World {
        let box = Sandbox()
        var courses: String { box.work + "/courses" }

        init() throws {
            try FileManager.default.copyItem(atPath: E2E.fixtures, toPath: courses)
            let made = try box.run(["demo-generate", "--courses", courses, "--results", box.results, "--seed", "3"])
            guard made.status == 0 else { throw DriveFailure(description: "demo-generate: \(made.stderr)") }
            let gift = try box.run(["export", "sample", "--format", "gift", "--courses", courses, "--out", box.work + "/sample.gift"])
            guard gift.status == 0 else { throw DriveFailure(description: "export: \(gift.stderr)") }
        }

        /// Writers of files outside Results/, each with the name its output must have and the arguments that write to `out`.
        var writers: [(name: String, file: String, arguments: (String) -> [String])] {
            [
                ("export-xlsx", "sample.xlsx", { ["export", "sample", "--format", "xlsx", "--courses", self.courses, "--out", $0] }),
                ("export-gift", "sample.gift", { ["export", "sample", "--format", "gift", "--courses", self.courses, "--out", $0] }),
                ("export-xapi", "statements.jsonl", { ["export", "xapi", "--courses", self.courses, "--results", self.box.results, "--out", $0] }),
                ("import", "copy.yaml", { ["import", self.box.work + "/sample.gift", "--course", "copy", "--courses", self.courses, "--out", $0] }),
                ("seal", "seal.json", { ["seal", "--results", self.box.results, "--key", self.box.root + "/office.key", "--out", $0] }),
            ]
        }

        /// A fresh folder for one writer and one case; the output path in it.
        func out(_ writer: String, _ file: String, _ label: String) throws -> String {
            let folder = box.work + "/\(label)-\(writer)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder + "/" + file
        }
    }

    @Test func aSymlinkAtTheOutputIsRefusedAndLinkAndTargetStay() throws {
        let world = try World()
        for writer in world.writers {
            let target = world.box.work + "/keep-\(writer.name).txt"
            try "keep".write(toFile: target, atomically: true, encoding: .utf8)
            let link = try world.out(writer.name, writer.file, "link")
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            let run = try world.box.run(writer.arguments(link) + ["--lang", "en"])
            #expect(run.status == 1, "\(writer.name): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("symbolic link"), "\(writer.name): \(run.stderr)")
            #expect(Self.kind(link) == S_IFLNK, "\(writer.name): the link stays")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep", "\(writer.name): the target stays")
        }
    }

    @Test func aCharacterDeviceAtTheOutputIsWrittenThroughAndStaysADevice() throws {
        let world = try World()
        var null = stat()
        stat("/dev/null", &null)
        for writer in world.writers {
            // A private copy of /dev/null where the system allows one (root), else /dev/null itself.
            let device = try world.out(writer.name, writer.file, "device")
            let path = mknod(device, S_IFCHR | 0o666, null.st_rdev) == 0 ? device : "/dev/null"
            let run = try world.box.run(writer.arguments(path) + ["--lang", "en"])
            if writer.name == "import" {
                // import first reads the course file it adds to: a device there is refused, with the reason.
                #expect(run.status == 1 && run.stderr.contains("special file"), "\(run.stderr)")
            } else {
                #expect(run.status == 0, "\(writer.name): \(run.stderr) \(run.stdout)")
            }
            #expect(Self.kind(path) == S_IFCHR, "\(writer.name): still a device")
        }
    }

    @Test func aFIFOAtTheOutputReceivesTheBytesAndStaysAFIFO() throws {
        let world = try World()
        for writer in world.writers {
            let fifo = try world.out(writer.name, writer.file, "fifo")
            #expect(mkfifo(fifo, 0o600) == 0)
            let received = LockedData()
            let reader = Thread {
                if let handle = FileHandle(forReadingAtPath: fifo) { received.set(handle.readDataToEndOfFile()) }
                received.finish()
            }
            reader.start()
            let run = try world.box.run(writer.arguments(fifo) + ["--lang", "en"])
            // Should the writer never have opened the FIFO, the reader is let go.
            let release = open(fifo, O_WRONLY | O_NONBLOCK)
            if release >= 0 { close(release) }
            if writer.name == "import" {
                // import first reads the course file it adds to: a FIFO there is refused, not waited on.
                #expect(run.status == 1 && run.stderr.contains("special file"), "\(run.stderr)")
            } else {
                #expect(run.status == 0, "\(writer.name): \(run.stderr) \(run.stdout)")
                #expect(!received.wait().isEmpty, "\(writer.name): the reader got the output")
            }
            #expect(Self.kind(fifo) == S_IFIFO, "\(writer.name): still a FIFO")
        }
        // A FIFO nobody reads fails at once instead of waiting for ever.
        let lonely = try world.out(world.writers[0].name, world.writers[0].file, "lonely")
        #expect(mkfifo(lonely, 0o600) == 0)
        let run = try world.box.run(world.writers[0].arguments(lonely) + ["--lang", "en"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(Self.kind(lonely) == S_IFIFO)
    }

    /// The course snapshot under `$XDG_CACHE_HOME/gongkai/`: a FIFO there hung the shell at start.
    @Test func aFIFOSymlinkOrDeviceAtTheCourseSnapshotIsNeitherWaitedOnNorReplaced() throws {
        let box = Sandbox()
        let arguments = ["--courses", E2E.fixtures, "--results", box.results, "--lang", "en"]
        let first = try box.run(arguments, input: "courses\nquit\n")
        #expect(first.status == 0, "\(first.stderr)")
        let folder = box.home + "/.cache/gongkai"
        let name = try #require(Sandbox.files(under: folder).first, "a snapshot is written")
        let snapshot = folder + "/" + name
        let target = box.work + "/keep.txt"
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        var null = stat()
        stat("/dev/null", &null)
        let makers: [(String, mode_t, () -> Bool)] = [
            ("FIFO", S_IFIFO, { mkfifo(snapshot, 0o600) == 0 }),
            ("symlink", S_IFLNK, { symlink(target, snapshot) == 0 }),
            ("device", S_IFCHR, { mknod(snapshot, S_IFCHR | 0o666, null.st_rdev) == 0 }),
        ]
        for (label, mode, make) in makers {
            unlink(snapshot)
            guard make() else { continue }  // no mknod without privileges
            let run = try box.run(arguments, input: "courses\nquit\n")
            #expect(run.status == 0, "\(label): \(run.stderr)")
            #expect(run.stdout == first.stdout, "\(label): the courses are loaded from the course folder")
            #expect(Self.kind(snapshot) == mode, "\(label): what stood at the snapshot's path stays")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    /// A FIFO where the trainee's autosave should be: `resume` and `quiz` must not wait on it.
    @Test func aFIFOAtAnAutosaveDoesNotHangTheShell() throws {
        let box = Sandbox()
        let (path, _) = try HardeningResumeTests.autosave(box, answers: 1)
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let input = HardeningResumeTests.login + "resume sample\n" + "quiz sample\n" + "quit\n"
        let run = try PipeRun.run(
            E2E.binary, arguments: E2E.shellArguments(results: box.results, extra: ["--lang", "en"]), input: input,
            environment: box.environment(), directory: box.work, timeout: 30)
        #expect(run.status == 0 || run.status == 1, "\(run.status) \(run.stderr)")
        #expect(Self.kind(path) == S_IFIFO, "the FIFO is not replaced behind the trainee's back")
        #expect(run.stdout.contains("cannot be read") && run.stdout.contains("special file"), "said: \(run.stdout.suffix(800))")
    }
}
