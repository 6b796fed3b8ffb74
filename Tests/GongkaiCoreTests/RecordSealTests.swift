import Testing

@testable import GongkaiCore

/// The digest stops damage, not a forger (issue 13): a seal signed with a key kept outside
/// `Results/` catches a record changed and re-digested, removed, or a seal edited to match.
@Suite struct RecordSealTests {
    static func world() throws -> (MemoryFileSystem, ResultStore, [String]) {
        let fs = MemoryFileSystem()
        let store = ResultStore(root: "/r", fileSystem: fs)
        var paths: [String] = []
        for index in 0..<5 {
            paths.append(try store.save(TestSupport.attempt(id: "20200708T014510Z-seal\(index)00000", points: index % 2 == 0 ? 1 : 0)))
        }
        paths.append(try store.save(AttendanceRecord(id: "20200708T005000Z-sign000001", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "s1")))
        return (fs, store, paths)
    }

    @Test func aSealHoldsUntilARecordIsReDigestedOrRemoved() throws {
        let (fs, store, paths) = try Self.world()
        let key = SealSigningKey()
        let seal = try RecordSeal.make(entries: try RecordSeal.entries(root: "/r", fileSystem: fs), key: key, at: TestSupport.fixedEnd)
        #expect(seal.entries.count == 6)
        #expect(seal.isSigned)
        #expect(seal.check(current: try RecordSeal.entries(root: "/r", fileSystem: fs)).holds)
        // Round trip through its file.
        let reread = try RecordSeal(bytes: JSONWriter.bytes(seal.json, style: .pretty))
        #expect(reread == seal && reread.isSigned)

        // The forger's edit: a failed attempt turned into a pass, digest recomputed, so the record "verifies".
        var forged = TestSupport.attempt(id: "20200708T014510Z-seal100000", points: 1)
        forged.passed = true
        fs.put(RecordCodec.encode(forged), at: paths[1])
        #expect(try RecordCodec.decode(fs.readFile(paths[1], limit: 1 << 20), as: AttemptRecord.self).1 == .verified)
        let newRecord = try store.save(TestSupport.attempt(id: "20200708T014510Z-later00000"))
        try fs.remove(paths[5])
        let check = seal.check(current: try RecordSeal.entries(root: "/r", fileSystem: fs))
        #expect(!check.holds)
        #expect(check.changed == [String(paths[1].dropFirst(3))])
        #expect(check.removed == [String(paths[5].dropFirst(3))])
        #expect(check.added == [String(newRecord.dropFirst(3))])
    }

    @Test func aSealEditedToMatchNoLongerVerifies() throws {
        let (fs, _, _) = try Self.world()
        let seal = try RecordSeal.make(entries: try RecordSeal.entries(root: "/r", fileSystem: fs), key: SealSigningKey(), at: TestSupport.fixedEnd)
        var edited = seal
        edited.entries[0].sha256 = SHA256Digest.hex("forged")
        #expect(!edited.isSigned, "the root no longer matches")
        edited.root = RecordSeal.merkleRoot(edited.entries)
        #expect(!edited.isSigned, "the signature no longer matches")
        // Re-signed by someone else's key: valid, but not the office's.
        let other = try RecordSeal.make(entries: edited.entries, key: SealSigningKey(), at: TestSupport.fixedEnd)
        #expect(other.isSigned && other.publicKey != seal.publicKey)
    }

    @Test func anUnreadableFolderIsAnErrorNotAShorterSeal() throws {
        let (fs, _, _) = try Self.world()
        fs.failReads(under: "/r/attendance", with: .tooManyOpenFiles("/r/attendance"))
        #expect(throws: FileSystemError.tooManyOpenFiles("/r/attendance")) { try RecordSeal.entries(root: "/r", fileSystem: fs) }
    }
}
