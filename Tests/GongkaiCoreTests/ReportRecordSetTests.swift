import Foundation
import Testing

@testable import GongkaiCore

/// Loading records for reports: merged folders, unreadable files, hand-edited files.
@Suite("Report record set")
struct ReportRecordSetTests {
    /// The standard scenario copied into a second folder, as from another PC.
    static func twoFolders() throws -> MemoryFileSystem {
        let fs = try StandardScenario.make()
        for (path, bytes) in fs.allFiles where path.hasPrefix("/results/") && !path.hasPrefix("/results/progress/") {
            fs.put(bytes, at: "/pc2/" + path.dropFirst("/results/".count))
        }
        return fs
    }

    @Test(arguments: Report.Kind.allCases)
    func sameRecordInTwoFoldersCountsOnce(kind: Report.Kind) throws {
        let fs = try Self.twoFolders()
        let single = ReportWorld.build(kind, fileSystem: fs)
        let merged = ReportWorld.build(kind, fileSystem: fs, roots: ["/results", "/pc2"])
        var a = single.json.objectValue ?? [:]
        var b = merged.json.objectValue ?? [:]
        let duplicates = b.removeValue(forKey: "duplicateRecords")?.intValue ?? -1
        a.removeValue(forKey: "duplicateRecords")
        #expect(a == b, "\(kind): merged figures equal single-folder figures")
        let files = fs.allFiles.keys.filter { $0.hasPrefix("/pc2/") }
        let expected = files.filter { path in
            ReportBuilder.needs(kind).contains(.attempts) && path.hasPrefix("/pc2/attempts/")
                || ReportBuilder.needs(kind).contains(.attendance) && path.hasPrefix("/pc2/attendance/")
                || ReportBuilder.needs(kind).contains(.audits) && path.hasPrefix("/pc2/audits/")
        }.count
        #expect(duplicates == expected, "\(kind)")
        #expect(merged.notes.contains { $0.contains("重复") }, "\(merged.notes)")
    }

    /// A record copied within one folder (another name, another month) still counts once,
    /// with and without the report cache.
    @Test(arguments: [false, true])
    func aCopyInsideOneFolderCountsOnce(useCache: Bool) throws {
        let fs = try StandardScenario.make()
        let reference = ReportWorld.build(.scores, fileSystem: fs).json
        let attempt = try #require(fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted().first)
        fs.put(fs.allFiles[attempt]!, at: "/results/attempts/" + "copied/2099-01/" + "copy-of-" + PathJoin.fileName(of: attempt))
        for _ in 0..<2 {  // the second time from the cache
            let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts], useCache: useCache)
            #expect(records.duplicates == 1)
            #expect(Set(records.attempts.map(\.id)).count == records.attempts.count)
            var json = ReportWorld.build(.scores, fileSystem: fs, useCache: useCache).json.objectValue ?? [:]
            var expected = reference.objectValue ?? [:]
            #expect(json.removeValue(forKey: "duplicateRecords")?.intValue == 1)
            expected.removeValue(forKey: "duplicateRecords")
            #expect(json == expected, "the copy changes no figure")
        }
    }

    @Test func partlyOverlappingFoldersAddUp() throws {
        let fs = try StandardScenario.make()
        // A second PC has one of the same sign-ins, and one new person.
        let attendance = fs.allFiles.keys.filter { $0.hasPrefix("/results/attendance/s1/") }.sorted()
        let shared = try #require(attendance.first)
        fs.put(fs.allFiles[shared]!, at: "/pc2/attendance/s1/" + PathJoin.fileName(of: shared))
        try RecordMaker(fileSystem: fs, root: "/pc2").signIn("周九", unit: "jiaoyu", at: ReportWorld.at("2020-07-08T09:10:00+08:00"))
        let json = ReportWorld.build(.attendance, fileSystem: fs, roots: ["/results", "/pc2"]).json
        #expect(json["duplicateRecords"]?.intValue == 1)
        #expect(json["totals", "signedIn"]?.intValue == 6)
        #expect(json["units"]?.element("id", "jiaoyu")?["signedIn"]?.intValue == 1)
    }

    /// Every way a record file can be unusable.
    static func breakRecords(_ fs: MemoryFileSystem, folder: String) -> [String] {
        let good = fs.allFiles.first { $0.key.hasPrefix(folder) }!.value
        var paths: [String] = []
        func add(_ name: String, _ bytes: [UInt8]) {
            let path = folder + name
            fs.put(bytes, at: path)
            paths.append(path)
        }
        add("truncated.json", Array(good.prefix(good.count / 2)))
        add("not-json.json", Array("这不是 JSON\n".utf8))
        var schema = String(decoding: good, as: UTF8.self)
        schema = schema.replacingOccurrences(of: "\"gongkai.attempt/1\"", with: "\"gongkai.attempt/9\"")
            .replacingOccurrences(of: "\"gongkai.attendance/1\"", with: "\"gongkai.attendance/9\"")
        add("unknown-schema.json", Array(schema.utf8))
        add("wrong-types.json", wrongTypes(good))
        add("empty.json", [])
        fs.addSymlink(folder + "link.json", target: "/etc/passwd")
        paths.append(folder + "link.json")
        add("huge.json", Array(repeating: UInt8(ascii: " "), count: RecordScanner.maximumRecordBytes + 1))
        return paths
    }

    /// The record with `trainee` a string and `createdAt` a number.
    static func wrongTypes(_ bytes: [UInt8]) -> [UInt8] {
        guard case .object(var object)? = try? JSONParser.parse(bytes) else { return [] }
        object["trainee"] = .string("张三")
        object["finishedAt"] = .number(1)
        object["createdAt"] = .number(1)
        return JSONWriter.bytes(.object(object), style: .pretty)
    }

    @Test func unreadableAttemptsAreSkippedAndCounted() throws {
        let fs = try StandardScenario.make()
        let before = ReportWorld.build(.scores, fileSystem: fs)
        let month = try #require(fs.allFiles.keys.first { $0.hasPrefix("/results/attempts/basics/2020-07/") })
        let broken = Self.breakRecords(fs, folder: PathJoin.directory(of: month) + "/")
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts])
        #expect(Set(records.skipped.map(\.path)) == Set(broken), "\(records.skipped)")
        let problems = Dictionary(records.skipped.map { (PathJoin.fileName(of: $0.path), $0.problem) }, uniquingKeysWith: { a, _ in a })
        #expect(problems["link.json"] == .symlink)
        #expect(problems["huge.json"] == .tooLarge(size: Int64(RecordScanner.maximumRecordBytes + 1)))
        #expect(problems["unknown-schema.json"] == .unknownSchema("gongkai.attempt/9"))
        if case .field? = problems["wrong-types.json"] {} else { Issue.record("wrong types: \(String(describing: problems["wrong-types.json"]))") }
        if case .notJSON? = problems["not-json.json"] {} else { Issue.record("not JSON: \(String(describing: problems["not-json.json"]))") }
        if case .notJSON? = problems["truncated.json"] {} else { Issue.record("truncated: \(String(describing: problems["truncated.json"]))") }

        // The report still completes, with the same figures, and says how many were skipped.
        let after = ReportWorld.build(.scores, fileSystem: fs)
        #expect(after.json["skippedRecords"]?.intValue == broken.count)
        #expect(after.json["people"] == before.json["people"])
        #expect(after.json["totals"] == before.json["totals"])
        #expect(after.notes.contains { $0.contains("\(broken.count)") }, "\(after.notes)")
    }

    @Test func unreadableAttendanceAndAuditsAreSkipped() throws {
        let fs = try StandardScenario.make()
        let broken = Self.breakRecords(fs, folder: "/results/attendance/s1/")
        let report = ReportWorld.build(.attendance, fileSystem: fs)
        #expect(report.json["skippedRecords"]?.intValue == broken.count)
        #expect(report.json["totals", "signedIn"]?.intValue == 5)
        fs.put("{\"schema\": \"gongkai.audit/1\"}", at: "/results/audits/col/xiquan/half.json")
        let audits = ReportWorld.build(.audits, fileSystem: fs)
        #expect(audits.json["skippedRecords"]?.intValue == 1)
        #expect(audits.json["totals", "submitted"]?.intValue == 3)
    }

    @Test func aScoreEditedByHandIsFlaggedAsTampered() throws {
        let fs = try StandardScenario.make()
        // 王五's failed secrecy attempt, edited to a pass.
        let path = try #require(
            fs.allFiles.first { $0.key.hasPrefix("/results/attempts/secrecy/") && String(decoding: $0.value, as: UTF8.self).contains("王五") && String(decoding: $0.value, as: UTF8.self).contains("\"passed\": false") }?.key)
        var text = String(decoding: fs.allFiles[path]!, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"percent\": 50", with: "\"percent\": 100")
            .replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true")
        fs.put(text, at: path)
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts])
        #expect(records.tampered == [path])
        #expect(records.skipped.isEmpty)
        let report = ReportWorld.build(.scores, fileSystem: fs)
        #expect(report.json["tamperedRecords"]?.arrayValue == [.string(path)])
        #expect(report.notes.contains { $0.contains(path) }, "\(report.notes)")

        // Reformatting alone (an editor re-indenting, keys reordered) is not tampering.
        let other = try #require(fs.allFiles.keys.first { $0.hasPrefix("/results/attempts/basics/") })
        let value = try JSONParser.parse(fs.allFiles[other]!)
        fs.put(TestSupport.reformatted(value), at: other)
        #expect(RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts]).tampered == [path])
    }

    @Test func editedAttendanceAndAuditsAreFlagged() throws {
        let fs = try StandardScenario.make()
        let attendance = try #require(fs.allFiles.first { $0.key.hasPrefix("/results/attendance/s1/") && String(decoding: $0.value, as: UTF8.self).contains("王五") })
        fs.put(String(decoding: attendance.value, as: UTF8.self).replacingOccurrences(of: "王五", with: "王六"), at: attendance.key)
        let audit = try #require(fs.allFiles.first { $0.key.hasPrefix("/results/audits/col/wenlv/") })
        fs.put(String(decoding: audit.value, as: UTF8.self).replacingOccurrences(of: "\"fail\"", with: "\"pass\""), at: audit.key)
        let completion = ReportWorld.build(.completion, fileSystem: fs)
        #expect(Set(completion.json["tamperedRecords"]?.elements.compactMap { $0.stringValue } ?? []) == [attendance.key, audit.key])
    }
}
