import Foundation
import Testing

@testable import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// Attacks of an adversarial probe on the file layer (issue 13): output paths that are not
/// regular files, special files where records are read, and read errors passing as bad records.
@Suite struct HardeningFileTests {
    let fs = LocalFileSystem()

    private func withTempDirectory(_ body: (String) throws -> Void) throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        try body(dir)
    }

    private func kind(_ path: String) -> mode_t {
        var st = stat()
        guard lstat(path, &st) == 0 else { return 0 }
        return st.st_mode & S_IFMT
    }

    // MARK: Writing outside Results/

    @Test func outputToASymlinkIsRefusedAndNothingChanges() throws {
        try withTempDirectory { dir in
            let target = dir + "/target.txt"
            try fs.writeFileAtomically(Array("keep".utf8), to: target, replace: false)
            let link = dir + "/link.txt"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(throws: FileSystemError.symlink(link)) { try fs.writeOutput(Array("new".utf8), to: link) }
            #expect(kind(link) == S_IFLNK)
            #expect(try fs.readText(target) == "keep")
            let message = FileProblemMessage(.symlink(link)).text(in: .en)
            #expect(message.contains("symbolic link") && message.contains(link))
        }
    }

    @Test func outputToAFIFOWritesThroughToItsReader() throws {
        try withTempDirectory { dir in
            let fifo = dir + "/pipe"
            #expect(mkfifo(fifo, 0o600) == 0)
            let received = LockedBytes()
            let reader = Thread {
                let fd = open(fifo, O_RDONLY)
                var buffer = [UInt8](repeating: 0, count: 4096)
                while fd >= 0 {
                    let n = read(fd, &buffer, buffer.count)
                    if n <= 0 { break }
                    received.append(buffer[0..<n])
                }
                close(fd)
                received.finish()
            }
            reader.start()
            // The reader must have opened its end before a non-blocking writer can.
            var written = false
            for _ in 0..<400 where !written {
                do {
                    try fs.writeOutput(Array("report body\n".utf8), to: fifo)
                    written = true
                } catch FileSystemError.noReader(_) {
                    usleep(5_000)
                }
            }
            #expect(written)
            #expect(received.waitForEnd() == Array("report body\n".utf8))
            #expect(kind(fifo) == S_IFIFO)
        }
    }

    @Test func outputToAFIFONobodyReadsFailsAtOnce() throws {
        try withTempDirectory { dir in
            let fifo = dir + "/pipe"
            #expect(mkfifo(fifo, 0o600) == 0)
            #expect(throws: FileSystemError.noReader(fifo)) { try fs.writeOutput(Array("x".utf8), to: fifo) }
            #expect(kind(fifo) == S_IFIFO)
        }
    }

    @Test func outputToACharacterDeviceWritesThroughAndKeepsTheDevice() throws {
        try fs.writeOutput(Array("discarded".utf8), to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        // /dev/full: the device's own error, and the device stays.
        #expect(throws: FileSystemError.noSpace("/dev/full")) { try fs.writeOutput(Array("x".utf8), to: "/dev/full") }
        #expect(kind("/dev/full") == S_IFCHR)
    }

    @Test func outputReplacesARegularFileOrCreatesANewOne() throws {
        try withTempDirectory { dir in
            let path = dir + "/report.csv"
            try fs.writeOutput(Array("one".utf8), to: path)
            try fs.writeOutput(Array("two".utf8), to: path)
            #expect(try fs.readText(path) == "two")
            #expect(throws: FileSystemError.notRegularFile(dir)) { try fs.writeOutput(Array("x".utf8), to: dir) }
        }
    }

    @Test func memoryFileSystemFollowsTheSameRule() throws {
        let memory = MemoryFileSystem()
        memory.put("keep", at: "/out/target")
        memory.addSymlink("/out/link", target: "/out/target")
        #expect(throws: FileSystemError.symlink("/out/link")) { try memory.writeOutput(Array("x".utf8), to: "/out/link") }
        try memory.writeOutput(Array("new".utf8), to: "/out/new")
        #expect(try memory.readText("/out/new") == "new")
    }

    // MARK: Special files where files are read

    @Test func readingAFIFODoesNotWaitForAWriter() throws {
        try withTempDirectory { dir in
            let fifo = dir + "/attempt.json"
            #expect(mkfifo(fifo, 0o600) == 0)
            // Before the fix this open blocked forever.
            #expect(throws: FileSystemError.specialFile(fifo)) { try fs.readFile(fifo, limit: 1024) }
            #expect(throws: FileSystemError.specialFile("/dev/zero")) { try fs.readFile("/dev/zero", limit: 1024) }
        }
    }

    @Test func aFIFOAmongRecordsIsSkippedWithAWarningAndTheRestIsRead() throws {
        try withTempDirectory { root in
            let store = ResultStore(root: root, fileSystem: fs)
            let saved = try store.save(TestSupport.attempt(id: "20200708T014510Z-real000001"))
            let folder = PathJoin.directory(of: saved)
            let fifo = folder + "/20200708T014510Z-fifo000001.json"
            #expect(mkfifo(fifo, 0o600) == 0)
            // The summary cache too: a FIFO there once hung every report.
            try fs.createDirectories(PathJoin.join(root, SummaryCache.directory))
            #expect(mkfifo(SummaryCache.path(root: root), 0o600) == 0)
            let set = RecordSet.load(roots: [root], fileSystem: fs, needs: .all, useCache: true)
            #expect(set.attempts.map(\.id) == ["20200708T014510Z-real000001"])
            #expect(set.skipped == [SkippedRecord(path: fifo, problem: .unreadable(.specialFile(fifo)))])
            #expect(set.readFailures.isEmpty)
            // Derived data inside Results/: the FIFO gives way to a real cache.
            #expect(kind(SummaryCache.path(root: root)) == S_IFREG)
        }
    }

    // MARK: Read errors are errors

    @Test func aFolderThatCannotBeListedFailsTheLoadInsteadOfLookingEmpty() throws {
        let memory = try StandardScenario.make()
        let before = RecordSet.load(roots: ["/results"], fileSystem: memory, needs: .all)
        #expect(before.readFailures.isEmpty)
        #expect(!before.attempts.isEmpty && !before.attendance.isEmpty)
        memory.failReads(under: "/results/attempts", with: .tooManyOpenFiles("/results/attempts"))
        memory.failReads(under: "/results/attendance", with: .io("/results/attendance", code: EIO))
        let after = RecordSet.load(roots: ["/results"], fileSystem: memory, needs: .all)
        #expect(after.attempts.isEmpty)
        #expect(after.readFailures.count >= 2)
        #expect(after.readFailures.contains { $0.problem == .unreadable(.tooManyOpenFiles("/results/attempts")) })
        #expect(after.readFailures.contains { $0.problem == .unreadable(.io("/results/attendance", code: EIO)) })
    }

    @Test func recordsThatCannotBeOpenedAreReadFailuresNotBadRecords() throws {
        let memory = try StandardScenario.make()
        let files = memory.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") && $0.hasSuffix(".json") }.sorted()
        try #require(files.count >= 2)
        memory.failReads(under: files[0], with: .tooManyOpenFiles(files[0]))
        memory.failReads(under: files[1], with: .permissionDenied(files[1]))
        let set = RecordSet.load(roots: ["/results"], fileSystem: memory, needs: .all)
        #expect(Set(set.readFailures.map(\.path)) == [files[0], files[1]])
        // A genuinely malformed record is skipped, not a failure of the machine.
        memory.put("{not json", at: files[2 % files.count])
        let again = RecordSet.load(roots: ["/results"], fileSystem: memory, needs: .all)
        #expect(again.skipped.count == again.readFailures.count + (files.count > 2 ? 1 : 0))
    }

    // MARK: Copies that disagree

    @Test func theSameIdWithDifferentContentInTwoResultsFoldersIsAConflict() throws {
        let memory = MemoryFileSystem()
        let a = ResultStore(root: "/a", fileSystem: memory)
        let b = ResultStore(root: "/b", fileSystem: memory)
        let same = TestSupport.attempt(id: "20200708T014510Z-same000001")
        _ = try a.save(same)
        _ = try b.save(same)
        _ = try a.save(TestSupport.attempt(id: "20200708T014510Z-diff000001", points: 1))
        _ = try b.save(TestSupport.attempt(id: "20200708T014510Z-diff000001", points: 0))
        let sign = AttendanceRecord(id: "20200708T014510Z-sign000001", createdAt: TestSupport.fixedEnd, trainee: TestSupport.trainee, session: "s1")
        _ = try a.save(sign)
        var other = sign
        other.trainee = Trainee(name: "李四", unit: "xiquan")
        _ = try b.save(other)
        let set = RecordSet.load(roots: ["/a", "/b"], fileSystem: memory, needs: .all)
        #expect(set.duplicates == 3)
        #expect(set.conflicts.count == 2)
        #expect(set.conflicts.contains("/b/attempts/sample/2020-07/20200708T014510Z-diff000001.json"), "the copy read second is named")
        #expect(set.attempts.count == 2)
    }
}

/// Bytes collected by a reader thread.
final class LockedBytes: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var done = false

    func append(_ more: ArraySlice<UInt8>) { condition.withLock { bytes += more } }

    func finish() {
        condition.withLock {
            done = true
            condition.broadcast()
        }
    }

    func waitForEnd() -> [UInt8] {
        condition.withLock {
            let deadline = Date().addingTimeInterval(10)
            while !done, condition.wait(until: deadline) {}
            return bytes
        }
    }
}

/// Eight windows signing one person in at once wrote eight attendance records (issue 13).
@Suite struct SignInRaceTests {
    static func record(_ tag: Int, trainee: Trainee = TestSupport.trainee) -> AttendanceRecord {
        AttendanceRecord(id: "20200708T005000Z-sign\(String(format: "%06d", tag))", createdAt: TestSupport.fixedStart, trainee: trainee, session: "s1")
    }

    @Test func eightSimultaneousSignInsOfOnePersonWriteOneRecord() async throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        let store = ResultStore(root: dir, fileSystem: LocalFileSystem())
        let outcomes = await withTaskGroup(of: ResultStore.SignIn?.self) { group in
            for tag in 0..<8 { group.addTask { try? store.signIn(Self.record(tag)) } }
            var all: [ResultStore.SignIn?] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 == .signedIn }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == .alreadySignedIn }.count == 7)
        #expect(store.attendance(session: "s1").records.count == 1)
        // Somebody else still signs in.
        #expect(try store.signIn(Self.record(99, trainee: Trainee(name: "李四", unit: "xiquan"))) == .signedIn)
        #expect(store.attendance(session: "s1").records.count == 2)
    }

    @Test func aClaimLeftByACrashIsCompletedByTheNextSignIn() throws {
        let fs = MemoryFileSystem()
        let store = ResultStore(root: "/r", fileSystem: fs)
        let first = Self.record(1)
        // The crash: the claim was written, the record was not.
        fs.put(RecordCodec.encode(first), at: "/r/.claims/attendance/s1/\(first.trainee.key).claim")
        #expect(store.attendance(session: "s1").records.isEmpty)
        #expect(try store.signIn(Self.record(2)) == .alreadySignedIn)
        #expect(store.attendance(session: "s1").records.map(\.record) == [first])
        #expect(try store.signIn(Self.record(3)) == .alreadySignedIn)
        #expect(store.attendance(session: "s1").records.count == 1)
    }
}
