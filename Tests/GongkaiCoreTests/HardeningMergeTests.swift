import Foundation
import Testing

@testable import GongkaiCore

/// Two results folders (copies from two PCs) holding one record id with different content
/// (issue 13, "one reading of a record"): the whole content is compared, not the summary a
/// report keeps, the conflict is named, and the id is counted once.
@Suite struct HardeningMergeTests {
    /// Attempt copies that differ only in fields a report summary does not keep.
    private func disagreeingCopies(_ memory: MemoryFileSystem) throws -> [String] {
        let a = ResultStore(root: "/a", fileSystem: memory)
        let b = ResultStore(root: "/b", fileSystem: memory)
        let same = TestSupport.attempt(id: "20200708T014510Z-same00000001")
        _ = try a.save(same)
        _ = try b.save(same)
        // What the trainee typed (the figures are the same).
        var typed = TestSupport.attempt(id: "20200708T014510Z-typed0000001")
        _ = try a.save(typed)
        typed.items[0].raw = "a"
        let typedPath = try b.save(typed)
        // When the attempt was started.
        let started = TestSupport.attempt(id: "20200708T014510Z-start0000001")
        _ = try a.save(started)
        let startedPath = try b.save(
            TestSupport.attempt(id: "20200708T014510Z-start0000001", startedAt: Timestamp(parsing: "2020-07-08T09:00:00+08:00")!))
        // The pass mark in force.
        var mark = TestSupport.attempt(id: "20200708T014510Z-mark00000001")
        _ = try a.save(mark)
        mark.passPercent = 60
        let markPath = try b.save(mark)
        return [typedPath, startedPath, markPath].sorted()
    }

    @Test(arguments: [false, true])
    func copiesThatDifferOutsideTheSummaryAreAConflict(useCache: Bool) throws {
        let memory = MemoryFileSystem()
        let expected = try disagreeingCopies(memory)
        // Cold, then (with the cache) warm: the cache must remember enough to see the difference.
        for needs: RecordSet.Needs in [.attempts, .attempts, [.attempts, .items]] {
            let set = RecordSet.load(roots: ["/a", "/b"], fileSystem: memory, needs: needs, useCache: useCache)
            #expect(set.attempts.count == 4, "each id counted once")
            #expect(Set(set.attempts.map(\.id)).count == 4)
            #expect(set.duplicates == 4)
            #expect(set.conflicts.sorted() == expected, "cache \(useCache), needs \(needs.rawValue)")
            #expect(set.untrusted.isEmpty)
        }
    }

    @Test func aCopyWithAnExtraFieldIsAConflictToo() throws {
        let memory = MemoryFileSystem()
        let a = ResultStore(root: "/a", fileSystem: memory)
        let b = ResultStore(root: "/b", fileSystem: memory)
        let sign = AttendanceRecord(id: "20200708T014510Z-sign000001", createdAt: TestSupport.fixedEnd, trainee: TestSupport.trainee, session: "s1")
        _ = try a.save(sign)
        let path = try b.save(sign)
        // The copy gains a field the decoder does not know, and a digest that matches it.
        guard case .object(var object) = try JSONParser.parse(try memory.readFile(path, limit: 1 << 20)) else {
            Issue.record("not an object")
            return
        }
        object["digest"] = nil
        object["note"] = JSONValue.string("added on the other PC")
        object["digest"] = JSONValue.string(SHA256Digest.hex(JSONWriter.bytes(.object(object))))
        try memory.writeFileAtomically(JSONWriter.bytes(.object(object), style: .pretty), to: path, replace: true)
        let set = RecordSet.load(roots: ["/a", "/b"], fileSystem: memory, needs: .attendance)
        #expect(set.attendance.count == 1)
        #expect(set.duplicates == 1)
        #expect(set.untrusted.isEmpty)
        #expect(set.conflicts == [path])
    }

    @Test func theSameRecordLaidOutDifferentlyIsNoConflict() throws {
        let memory = MemoryFileSystem()
        let a = ResultStore(root: "/a", fileSystem: memory)
        let b = ResultStore(root: "/b", fileSystem: memory)
        let attempt = TestSupport.attempt(id: "20200708T014510Z-layout000001")
        _ = try a.save(attempt)
        let path = try b.save(attempt)
        // An editor reformatted the copy: same content, other bytes.
        let value = try JSONParser.parse(try memory.readFile(path, limit: 1 << 20))
        try memory.writeFileAtomically(Array(TestSupport.reformatted(value).utf8), to: path, replace: true)
        for useCache in [false, true, true] {
            let set = RecordSet.load(roots: ["/a", "/b"], fileSystem: memory, needs: .attempts, useCache: useCache)
            #expect(set.attempts.count == 1)
            #expect(set.duplicates == 1)
            #expect(set.conflicts.isEmpty)
            #expect(set.untrusted.isEmpty)
        }
    }

    @Test func twoFilesWithOneIdInOneFolderThatDisagreeAreAConflict() throws {
        let memory = MemoryFileSystem()
        let a = ResultStore(root: "/a", fileSystem: memory)
        var attempt = TestSupport.attempt(id: "20200708T014510Z-twice0000001")
        _ = try a.save(attempt)
        attempt.items[0].raw = "a"
        let copy = "/a/attempts/sample/copy.json"
        try memory.writeFileAtomically(RecordCodec.encode(attempt), to: copy, replace: false)
        let set = RecordSet.load(roots: ["/a"], fileSystem: memory, needs: .attempts)
        #expect(set.attempts.count == 1)
        #expect(set.conflicts.count == 1)
    }

    /// `report --results A --results B --seal S` checked only A: a record re-digested in B was counted.
    @Test func aSealIsCheckedInEveryCopy() throws {
        let fs = MemoryFileSystem()
        let a = ResultStore(root: "/a", fileSystem: fs)
        var paths: [String] = []
        for index in 0..<3 { paths.append(try a.save(TestSupport.attempt(id: "20200708T014510Z-copy\(index)00000", points: 0))) }
        let seal = try RecordSeal.make(entries: try RecordSeal.entries(root: "/a", fileSystem: fs), key: SealSigningKey(), at: TestSupport.fixedEnd)
        // B: a copy of A, with one sealed record forged (failed → passed, digest recomputed) and one missing.
        var forged = TestSupport.attempt(id: "20200708T014510Z-copy000000", points: 1)
        forged.passed = true
        let relative = paths.map { String($0.dropFirst(3)) }
        fs.put(RecordCodec.encode(forged), at: "/b/" + relative[0])
        fs.put(try fs.readFile(paths[1], limit: 1 << 20), at: "/b/" + relative[1])
        let added = try ResultStore(root: "/b", fileSystem: fs).save(TestSupport.attempt(id: "20200708T014510Z-newer00000"))
        let copies = try ["/a", "/b"].map { (root: $0, entries: try RecordSeal.entries(root: $0, fileSystem: fs)) }
        #expect(seal.check(copies: [copies[0]]).holds, "A alone is as sealed")
        let both = seal.check(copies: copies)
        #expect(!both.holds)
        #expect(both.changed == ["/b/" + relative[0]])
        #expect(both.removed.isEmpty, "every sealed record is in some copy")
        #expect(both.added == [added])
        // B alone: one changed, one removed.
        let onlyB = seal.check(copies: [copies[1]])
        #expect(onlyB.changed == [relative[0]] && onlyB.removed == [relative[2]])
    }
}
