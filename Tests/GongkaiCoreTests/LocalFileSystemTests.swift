import Foundation
import Testing

@testable import GongkaiCore

/// The real file system, in a fresh temporary folder per test.
@Suite struct LocalFileSystemTests {
    let fs = LocalFileSystem()

    private func withTempDirectory(_ body: (String) throws -> Void) throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        try body(dir)
    }

    private func names(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    @Test func atomicWriteCreatesTheFileAndLeavesNoTempFiles() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/record.json"
            try fs.writeFileAtomically(Array("{\"a\":1}".utf8), to: path, replace: false)
            #expect(try names(dir) == ["record.json"])
            #expect(try fs.readFile(path, limit: 1024) == Array("{\"a\":1}".utf8))
            try fs.writeFileAtomically(Array("second".utf8), to: path, replace: true)
            #expect(try names(dir) == ["record.json"])
            #expect(try fs.readText(path) == "second")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o600 } == 0o600)
        }
    }

    @Test func writeWithoutReplaceRefusesToOverwrite() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/record.json"
            try fs.writeFileAtomically(Array("original".utf8), to: path, replace: false)
            #expect(throws: FileSystemError.exists(path)) {
                try fs.writeFileAtomically(Array("changed".utf8), to: path, replace: false)
            }
            #expect(try fs.readText(path) == "original")
            #expect(try names(dir) == ["record.json"], "the temp file was removed after the refusal")
        }
    }

    @Test func writeIntoAMissingFolderFailsCleanly() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/missing/record.json"
            #expect(throws: FileSystemError.notFound(path)) {
                try fs.writeFileAtomically(Array("x".utf8), to: path, replace: false)
            }
            #expect(try names(dir) == [])
        }
    }

    @Test func emptyFileRoundTrips() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/empty"
            try fs.writeFileAtomically([], to: path, replace: false)
            #expect(try fs.readFile(path, limit: 10) == [])
            #expect(fs.info(path)?.size == 0)
        }
    }

    @Test func symlinkIsRefusedOnRead() throws {
        try withTempDirectory { (dir: String) throws in
            let target = dir + "/target.json"
            try fs.writeFileAtomically(Array("secret".utf8), to: target, replace: false)
            let link = dir + "/link.json"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            #expect(throws: FileSystemError.symlink(link)) { try fs.readFile(link, limit: 1024) }
            #expect(fs.info(link)?.kind == .symlink)
            #expect(fs.info(target)?.kind == .file)
        }
    }

    @Test func directoryIsNotARegularFile() throws {
        try withTempDirectory { (dir: String) throws in
            #expect(throws: FileSystemError.notRegularFile(dir)) { try fs.readFile(dir, limit: 1024) }
            #expect(throws: FileSystemError.notFound(dir + "/nope")) { try fs.readFile(dir + "/nope", limit: 1024) }
        }
    }

    @Test func readLimitIsEnforced() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/big"
            try fs.writeFileAtomically([UInt8](repeating: 0x41, count: 100), to: path, replace: false)
            #expect(throws: FileSystemError.tooLarge(path, size: 100)) { try fs.readFile(path, limit: 99) }
            #expect(try fs.readFile(path, limit: 100).count == 100)
        }
    }

    @Test func readTextStripsTheBOMAndRejectsNonUTF8() throws {
        try withTempDirectory { (dir: String) throws in
            let bom = dir + "/bom.yaml"
            try fs.writeFileAtomically([0xEF, 0xBB, 0xBF] + Array("id: 政务".utf8), to: bom, replace: false)
            #expect(try fs.readText(bom) == "id: 政务")
            let latin = dir + "/latin.yaml"
            try fs.writeFileAtomically([0x69, 0x64, 0xE9], to: latin, replace: false)
            #expect(throws: FileSystemError.notUTF8(latin)) { try fs.readText(latin) }
        }
    }

    @Test func walkDoesNotFollowSymlinks() throws {
        try withTempDirectory { (dir: String) throws in
            let outside = try TestSupport.makeTempDirectory()
            defer { TestSupport.removeTree(outside) }
            try fs.writeFileAtomically(Array("x".utf8), to: outside + "/outside.json", replace: false)

            try fs.createDirectories(dir + "/a/b")
            try fs.writeFileAtomically(Array("1".utf8), to: dir + "/a/one.json", replace: false)
            try fs.writeFileAtomically(Array("2".utf8), to: dir + "/a/b/two.json", replace: false)
            try fs.writeFileAtomically(Array("h".utf8), to: dir + "/a/.hidden.json", replace: false)
            try FileManager.default.createSymbolicLink(atPath: dir + "/a/dirlink", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(atPath: dir + "/a/filelink.json", withDestinationPath: outside + "/outside.json")
            // A loop must not hang the walk.
            try FileManager.default.createSymbolicLink(atPath: dir + "/a/b/loop", withDestinationPath: dir + "/a")

            let (files, symlinks) = fs.walk(dir)
            #expect(files == [dir + "/a/b/two.json", dir + "/a/one.json"])
            #expect(symlinks == [dir + "/a/b/loop", dir + "/a/dirlink", dir + "/a/filelink.json"])
            #expect(fs.walk(dir, skipHidden: false).files.contains(dir + "/a/.hidden.json"))
        }
    }

    @Test func listAndInfo() throws {
        try withTempDirectory { (dir: String) throws in
            #expect(try fs.list(dir + "/missing") == [])
            try fs.createDirectories(dir + "/sub")
            try fs.writeFileAtomically(Array("abc".utf8), to: dir + "/f.txt", replace: false)
            let entries = try fs.list(dir).sorted { $0.name < $1.name }
            #expect(entries == [DirectoryEntry(name: "f.txt", kind: .file), DirectoryEntry(name: "sub", kind: .directory)])
            #expect(fs.info(dir + "/f.txt")?.size == 3)
            #expect(fs.info(dir + "/f.txt")?.modified ?? 0 > 0)
            #expect(fs.info(dir + "/nope") == nil)
            #expect(fs.isDirectory(dir + "/sub"))
            #expect(fs.exists(dir + "/f.txt"))
        }
    }

    /// The packed listing the warm report reads agrees with `list`, and the status of
    /// packed names agrees with the status of the same names as strings.
    @Test func packedListingAgreesWithList() throws {
        try withTempDirectory { (dir: String) throws in
            for name in ["b.json", "a.json", "记录.json", ".hidden.json", "notes.txt", "a.JSON", "20200106T014135Z-7ea1f0ea5e23.json"] {
                try fs.writeFileAtomically(Array(name.utf8), to: dir + "/" + name, replace: false)
            }
            try fs.createDirectories(dir + "/folder.json")
            try FileManager.default.createSymbolicLink(atPath: dir + "/link.json", withDestinationPath: dir + "/a.json")
            var listing = try fs.listFiles(dir, suffix: ".json")
            listing.files.sort()
            #expect(listing.files.strings == ["20200106T014135Z-7ea1f0ea5e23.json", "a.json", "b.json", "记录.json"])
            let others = listing.others.sorted { $0.name < $1.name }
            #expect(
                others == [
                    DirectoryEntry(name: ".hidden.json", kind: .file), DirectoryEntry(name: "a.JSON", kind: .file),
                    DirectoryEntry(name: "folder.json", kind: .directory), DirectoryEntry(name: "link.json", kind: .symlink),
                    DirectoryEntry(name: "notes.txt", kind: .file),
                ])
            var generic = FolderListing(try fs.list(dir), suffix: ".json")
            generic.files.sort()
            #expect(generic.files == listing.files)
            #expect(generic.others.sorted { $0.name < $1.name } == others)
            #expect(try fs.listFiles(dir + "/missing", suffix: ".json") == FolderListing())

            let all = listing.files.strings
            #expect(fs.infos(in: dir, names: listing.files, range: 1..<4) == all[1..<4].map { fs.info(dir + "/" + $0) })
            #expect(fs.infos(in: dir, names: listing.files, range: 0..<4).map { $0?.size } == all.map { Int64($0.utf8.count) })
            // A file removed between listing and status: nil, not a crash.
            try fs.remove(dir + "/b.json")
            #expect(fs.infos(in: dir, names: listing.files, range: 0..<4).map { $0 == nil } == [false, false, true, false])
            #expect(fs.infos(in: dir + "/missing", names: listing.files, range: 0..<2) == [nil, nil])
        }
    }

    @Test func createDirectoriesIsIdempotentAndRefusesFiles() throws {
        try withTempDirectory { (dir: String) throws in
            try fs.createDirectories(dir + "/x/y/z")
            try fs.createDirectories(dir + "/x/y/z")
            #expect(fs.isDirectory(dir + "/x/y/z"))
            try fs.writeFileAtomically(Array("f".utf8), to: dir + "/file", replace: false)
            #expect(throws: FileSystemError.notADirectory(dir + "/file")) { try fs.createDirectories(dir + "/file") }
        }
    }

    @Test func removeIsQuietForMissingFiles() throws {
        try withTempDirectory { (dir: String) throws in
            let path = dir + "/gone"
            try fs.writeFileAtomically(Array("x".utf8), to: path, replace: false)
            try fs.remove(path)
            #expect(!fs.exists(path))
            try fs.remove(path)
        }
    }

    @Test func resultStoreOnDiskWritesOnceAndReadsBack() throws {
        try withTempDirectory { (dir: String) throws in
            let store = ResultStore(root: dir + "/Results", fileSystem: fs)
            try store.prepare()
            #expect(try names(dir + "/Results") == [])
            let attempt = TestSupport.attemptWithEveryResponse(id: "disk-1")
            let path = try store.save(attempt)
            #expect(throws: FileSystemError.exists(path)) { try store.save(attempt) }
            #expect(try names(PathJoin.directory(of: path)) == ["disk-1.json"])
            let scan = store.attempts()
            #expect(scan.records.map(\.record) == [attempt])
            #expect(scan.records.first?.integrity == .verified)
        }
    }

    @Test func concurrentWritersOfTheSameRecordLeaveExactlyOneFile() async throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(dir) }
        let path = dir + "/same.json"
        let fs = self.fs
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    do {
                        try fs.writeFileAtomically(Array("writer \(index)".utf8), to: path, replace: false)
                        return true
                    } catch {
                        return false
                    }
                }
            }
            var results: [Bool] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try names(dir) == ["same.json"])
        #expect(try fs.readText(path).hasPrefix("writer "))
    }
}
