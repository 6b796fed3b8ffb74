import Testing

@testable import GongkaiCore

@Suite struct ResultStoreTests {
    let fs = MemoryFileSystem()
    var store: ResultStore { ResultStore(root: "/results", fileSystem: fs) }

    private func jsonFiles() -> [String] {
        fs.allFiles.keys.filter { $0.hasSuffix(".json") }.sorted()
    }

    // MARK: Paths

    @Test func recordPathsFollowTheContract() {
        let attempt = TestSupport.attempt(id: "20200708T013000Z-abc", course: "request-handling")
        #expect(store.attemptPath(attempt) == "/results/attempts/request-handling/2020-07/20200708T013000Z-abc.json")
        let attendance = AttendanceRecord(id: "id1", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "2020-07-08-training")
        #expect(store.attendancePath(attendance) == "/results/attendance/2020-07-08-training/id1.json")
        #expect(store.progressPath(trainee: TestSupport.trainee, name: "sample") == "/results/progress/xiquan+%E5%BC%A0%E4%B8%89/sample.json")
    }

    @Test func attemptMonthUsesTheLocalDateOfTheStart() throws {
        // 2020-07-31T23:30 in UTC is already August in Beijing.
        let start = try #require(Timestamp(parsing: "2020-08-01T07:30:00+08:00"))
        let attempt = TestSupport.attempt(id: "x", startedAt: start)
        #expect(store.attemptPath(attempt).contains("/2020-08/"))
    }

    @Test func hostileIDsNeverEscapeTheirFolder() {
        let attempt = TestSupport.attempt(id: "../../../etc/passwd", course: "../x")
        let path = store.attemptPath(attempt)
        #expect(path.hasPrefix("/results/attempts/"))
        #expect(!path.dropFirst("/results/".count).split(separator: "/").contains { $0 == ".." || $0 == "." })
        #expect(path.split(separator: "/").count == 5)
    }

    // MARK: Attempts and attendance

    @Test func saveAndReadAttempts() throws {
        let a = TestSupport.attemptWithEveryResponse(id: "a1")
        let b = TestSupport.attempt(id: "b1", course: "other")
        let pathA = try store.save(a)
        try store.save(b)
        #expect(pathA == store.attemptPath(a))
        #expect(jsonFiles() == [store.attemptPath(a), store.attemptPath(b)].sorted())

        let all = store.attempts()
        #expect(all.skipped == [])
        #expect(all.duplicates == 0)
        #expect(Set(all.records.map(\.record.id)) == ["a1", "b1"])
        #expect(all.records.allSatisfy { $0.integrity == .verified })
        #expect(all.records.first { $0.record.id == "a1" }?.record == a)
        #expect(all.records.first { $0.record.id == "a1" }?.path == pathA)

        #expect(store.attempts(course: "other").records.map(\.record) == [b])
        #expect(store.attempts(course: "missing").records.isEmpty)
    }

    @Test func aRecordIsNeverOverwritten() throws {
        let attempt = TestSupport.attempt(id: "same", points: 1)
        let path = try store.save(attempt)
        let before = fs.allFiles[path]
        var changed = TestSupport.attempt(id: "same", points: 0)
        changed.passed = false
        #expect(throws: FileSystemError.exists(path)) { try store.save(changed) }
        #expect(fs.allFiles[path] == before)
        #expect(store.attempts().records.map(\.record) == [attempt])
    }

    @Test func attendanceIsSavedOncePerID() throws {
        let first = AttendanceRecord(id: "s1", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "2020-07-08-training")
        let second = AttendanceRecord(id: "s2", createdAt: TestSupport.fixedEnd, trainee: Trainee(name: "李四", unit: "caizheng"), session: "other")
        try store.save(first)
        try store.save(second)
        #expect(throws: FileSystemError.exists(store.attendancePath(first))) { try store.save(first) }
        #expect(store.attendance(session: "2020-07-08-training").records.map(\.record) == [first])
        #expect(Set(store.attendance().records.map(\.record.id)) == ["s1", "s2"])
    }

    // MARK: Faults

    @Test func readOnlyDiskSurfacesAndLeavesNoFile() throws {
        fs.fault = .readOnly
        let attempt = TestSupport.attempt(id: "ro")
        #expect(throws: FileSystemError.readOnly("/results/attempts/sample/2020-07")) { try store.save(attempt) }
        #expect(fs.allFiles.isEmpty)
        #expect(throws: FileSystemError.self) { try store.prepare() }
    }

    @Test func readOnlyAfterTheFolderExistsStillFails() throws {
        try store.save(TestSupport.attempt(id: "first"))
        fs.fault = .readOnly
        let second = TestSupport.attempt(id: "second")
        #expect(throws: FileSystemError.readOnly(store.attemptPath(second))) { try store.save(second) }
        #expect(jsonFiles().count == 1)
        #expect(throws: FileSystemError.self) { try store.saveProgress(TestSupport.progress(), name: "sample") }
        #expect(jsonFiles().count == 1)
    }

    @Test func fullDiskSurfacesAndLeavesNoFile() throws {
        fs.fault = .capacity(64)
        let attempt = TestSupport.attempt(id: "full")
        #expect(throws: FileSystemError.noSpace(store.attemptPath(attempt))) { try store.save(attempt) }
        #expect(fs.allFiles.isEmpty)
        #expect(store.attempts().records.isEmpty)
    }

    @Test func otherWriteErrorsSurfaceUnchanged() {
        fs.fault = .error(.io("/results", code: 5))
        #expect(throws: FileSystemError.io("/results", code: 5)) {
            try store.save(AttendanceRecord(id: "x", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "s"))
        }
        #expect(jsonFiles() == [])
    }

    @Test func prepareCreatesTheFolderAndLeavesNoProbe() throws {
        try store.prepare()
        #expect(fs.isDirectory("/results"))
        #expect(fs.allFiles.isEmpty)
    }

    // MARK: Progress

    @Test func progressSaveLoadReplaceAndRemove() throws {
        let trainee = TestSupport.trainee
        #expect(store.loadProgress(trainee: trainee, name: "sample") == nil)
        var progress = TestSupport.progress()
        try store.saveProgress(progress, name: "sample")
        #expect(try store.loadProgress(trainee: trainee, name: "sample")?.get() == progress)

        progress.position = 3
        try store.saveProgress(progress, name: "sample")
        #expect(try store.loadProgress(trainee: trainee, name: "sample")?.get().position == 3, "progress is replaced in place")
        #expect(jsonFiles().count == 1)

        try store.saveProgress(progress, name: "audit.column-self-audit")
        try store.saveProgress(progress, name: "a/b.c")
        #expect(store.progressNames(trainee: trainee) == ["a/b.c", "audit.column-self-audit", "sample"])
        #expect(store.progressNames(trainee: Trainee(name: "李四", unit: "xiquan")) == [])

        try store.removeProgress(trainee: trainee, name: "sample")
        #expect(store.loadProgress(trainee: trainee, name: "sample") == nil)
        #expect(store.progressNames(trainee: trainee) == ["a/b.c", "audit.column-self-audit"])
    }

    @Test func progressIsPerTrainee() throws {
        let other = Trainee(name: "张三", unit: "caizheng")
        try store.saveProgress(TestSupport.progress(trainee: TestSupport.trainee), name: "sample")
        #expect(store.loadProgress(trainee: other, name: "sample") == nil)
        #expect(store.progressNames(trainee: other) == [])
    }

    @Test func corruptProgressIsAProblemNotACrash() {
        fs.put("{\"schema\":", at: store.progressPath(trainee: TestSupport.trainee, name: "sample"))
        let loaded = store.loadProgress(trainee: TestSupport.trainee, name: "sample")
        guard case .failure(.notJSON)? = loaded else {
            Issue.record("expected notJSON, got \(String(describing: loaded))")
            return
        }
    }

    // MARK: Derived state

    @Test func effectiveDropsSupersededAttempts() {
        let original = TestSupport.attempt(id: "a1", points: 0)
        let regraded = TestSupport.attempt(id: "a2", points: 1, supersedes: "a1")
        let again = TestSupport.attempt(id: "a3", points: 1, supersedes: "a2")
        let unrelated = TestSupport.attempt(id: "b1")
        #expect([original, regraded, unrelated].effective.map(\.id) == ["a2", "b1"])
        #expect([original, regraded, again, unrelated].effective.map(\.id) == ["a3", "b1"])
        #expect([unrelated].effective.map(\.id) == ["b1"])
    }

    @Test func attemptsOfATraineeUseTheNewestGrading() throws {
        let other = Trainee(name: "李四", unit: "xiquan")
        try store.save(TestSupport.attempt(id: "a1", points: 0))
        try store.save(TestSupport.attempt(id: "a2", points: 1, supersedes: "a1"))
        try store.save(TestSupport.attempt(id: "c1", trainee: other))
        #expect(store.attempts(of: TestSupport.trainee).map(\.id) == ["a2"])
        #expect(store.attempts(of: other, course: "sample").map(\.id) == ["c1"])
    }

    // MARK: Scanner

    @Test func scannerDedupesTheSameRecordAcrossRoots() throws {
        let a = ResultStore(root: "/pc1", fileSystem: fs)
        let b = ResultStore(root: "/pc2", fileSystem: fs)
        let shared = TestSupport.attempt(id: "shared")
        try a.save(shared)
        try b.save(shared)
        try b.save(TestSupport.attempt(id: "only-b"))
        let scan = RecordScanner(fileSystem: fs).scan(AttemptRecord.self, roots: ["/pc1", "/pc2"], subdirectory: "attempts")
        #expect(scan.records.map(\.record.id).sorted() == ["only-b", "shared"])
        #expect(scan.duplicates == 1)
        #expect(scan.skipped == [])
    }

    @Test func scannerSkipsCorruptFilesAndSymlinksWithTheRightProblem() throws {
        try store.save(TestSupport.attempt(id: "good"))
        let dir = "/results/attempts/sample/2020-07"
        fs.put("{\"id\": \"broken\"", at: dir + "/broken.json")
        fs.put(RecordCodec.encode(AttendanceRecord(id: "x", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "s")), at: dir + "/wrong-kind.json")
        fs.put("not a record", at: dir + "/notes.txt")
        fs.put("{}", at: dir + "/.hidden.json")
        fs.addSymlink(dir + "/link.json", target: "/etc/passwd")
        fs.put([UInt8](repeating: 0x20, count: RecordScanner.maximumRecordBytes + 1), at: dir + "/huge.json")

        let scan = store.attempts()
        #expect(scan.records.map(\.record.id) == ["good"])
        let problems = Dictionary(uniqueKeysWithValues: scan.skipped.map { ($0.path, $0.problem) })
        #expect(problems.count == 4)
        if case .notJSON? = problems[dir + "/broken.json"] {} else { Issue.record("broken.json: \(String(describing: problems[dir + "/broken.json"]))") }
        #expect(problems[dir + "/wrong-kind.json"] == .unknownSchema("gongkai.attendance/1"))
        #expect(problems[dir + "/link.json"] == .symlink)
        #expect(problems[dir + "/huge.json"] == .tooLarge(size: Int64(RecordScanner.maximumRecordBytes + 1)))
    }

    @Test func scannerReportsTamperedRecords() throws {
        let path = try store.save(TestSupport.attempt(id: "t", points: 0))
        let stored = try #require(fs.allFiles[path])
        var json = try #require(try JSONParser.parse(stored).objectValue)
        json["passed"] = true
        fs.put(JSONWriter.bytes(.object(json), style: .pretty), at: path)
        let scan = store.attempts()
        #expect(scan.tampered.map(\.record.id) == ["t"])
        #expect(scan.records.count == 1)
    }

    @Test func scanningAMissingFolderFindsNothing() {
        let scan = RecordScanner(fileSystem: fs).scan(AttemptRecord.self, roots: ["/nowhere"], subdirectory: "attempts")
        #expect(scan.records.isEmpty && scan.skipped.isEmpty && scan.duplicates == 0)
    }
}
