import Foundation
import Testing

@testable import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// Promise 7: trainee, unit and session names with `/`, `..`, NUL, newlines,
/// 200+ characters or emoji are stored faithfully in JSON while every path
/// stays under `Results/`. Through the store API, since a line reader can
/// never deliver NUL or a newline.
@Suite struct NameSafetyTests {
    static let awkward: [String] = [
        "../../etc/passwd", "a/b", "/abs", "..", ".", "", " ", "\u{0}", "a\u{0}b", "\u{0}../x", "line1\nline2", "\r\n", "\n..\n",
        String(repeating: "长", count: 250), String(repeating: "x", count: 300), String(repeating: "x", count: 300) + "y",
        String(repeating: "%2E", count: 40), "王😀五", "👨‍👩‍👧‍👦", "%2E%2E", "%2F", "~", "a\\b", "\u{202E}evil", ".hidden", "-rf",
        "a%2Fb", "CON", "nul", "\u{7F}\u{1B}[31m", "名字\t带制表符", "\u{FEFF}bom", "e\u{301}", "é",
    ]

    struct Written {
        var store: ResultStore
        var trainees: [Trainee]
        var sessions: [String]
    }

    /// Writes one of every record kind for each awkward name (as name, unit and session).
    static func writeEverything(_ store: ResultStore) throws -> Written {
        let time = Timestamp(parsing: "2020-07-08T09:30:00+08:00")!
        let names = awkward
        var trainees: [Trainee] = []
        var sessions: [String] = []
        for (i, name) in names.enumerated() {
            let unit = names[(i + 7) % names.count]
            let session = names[(i + 13) % names.count]
            let trainee = Trainee(name: name, unit: unit)
            trainees.append(trainee)
            sessions.append(session)
            let course = CourseRef(id: names[(i + 3) % names.count], version: 1, digest: "sha256:x")
            try store.save(AttendanceRecord(id: "att-\(i)", createdAt: time, trainee: trainee, session: session))
            try store.save(
                AttemptRecord(
                    id: "att\u{0}/../\(i)\n", createdAt: time, trainee: trainee, session: session, course: course, mode: .exam, startedAt: time,
                    finishedAt: time,
                    items: [AttemptItem(question: "q/../\u{0}", type: .fill, shown: [], raw: name, response: .text(name), points: 1, max: 1)],
                    passPercent: 60))
            try store.saveProgress(
                ProgressRecord(
                    id: "p\(i)", createdAt: time, trainee: trainee, session: session, course: course, kind: .quiz, mode: .exam, startedAt: time,
                    position: 0, items: [.init(question: "q", type: .fill, shown: [], raw: name, response: .text(name))]),
                name: "sample")
            let revision = AuditRevision(
                id: "rev-\(i)", createdAt: time, checklist: ChecklistRef(id: names[(i + 5) % names.count], version: 1), unit: unit, session: session,
                by: trainee, previous: nil,
                entries: [AuditEntry(item: "i", status: .fail, note: name, evidence: name, rectification: Rectification(action: name, owner: name, deadline: LocalDate(parsing: "2020-08-01")!))])
            try store.save(revision)
        }
        return Written(store: store, trainees: trainees, sessions: sessions)
    }

    /// Every component is one safe name: no `..`, `.`, slash, NUL, control character, and short enough.
    static func checkPath(_ path: String, root: String) {
        #expect(path.hasPrefix(root + "/"), "outside the results folder: \(path.debugDescription)")
        let relative = path.dropFirst(root.count + 1)
        for component in relative.split(separator: "/", omittingEmptySubsequences: false) {
            #expect(!component.isEmpty && component != "." && component != "..", "\(path.debugDescription)")
            #expect(component.utf8.count <= 255, "component too long: \(component.utf8.count) bytes")
            #expect(!component.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control character in \(path.debugDescription)")
        }
    }

    static func checkReadBack(_ written: Written) throws {
        let store = written.store
        let attendance = store.attendance().records
        #expect(attendance.count == awkward.count, "one sign-in per name")
        #expect(Set(attendance.map(\.record.trainee)) == Set(written.trainees), "names and units come back exactly")
        #expect(Set(attendance.map(\.record.session)) == Set(written.sessions))
        #expect(attendance.allSatisfy { $0.integrity == .verified })
        let attempts = store.attempts().records
        #expect(attempts.count == awkward.count)
        #expect(Set(attempts.map(\.record.trainee)) == Set(written.trainees))
        #expect(attempts.allSatisfy { $0.record.items[0].raw == $0.record.trainee.name && $0.integrity == .verified })
        for trainee in written.trainees {
            // Each trainee's autosave is their own: no two names share a progress file.
            let names = store.progressNames(trainee: trainee)
            #expect(names == ["sample"], "\(trainee.name.debugDescription): \(names)")
            if let name = names.first {
                let progress = try #require(store.loadProgress(trainee: trainee, name: name)).get()
                #expect(progress.trainee == trainee)
            }
        }
        var revisions = 0
        for (i, trainee) in written.trainees.enumerated() {
            let checklist = awkward[(i + 5) % awkward.count]
            let found = store.audits(checklist: checklist, unit: trainee.unit).records.map(\.record).filter { $0.id == "rev-\(i)" }
            #expect(found.count == 1, "revision \(i)")
            if let revision = found.first {
                revisions += 1
                #expect(revision.by == trainee && revision.unit == trainee.unit)
                #expect(revision.entries[0].rectification?.owner == trainee.name)
            }
        }
        #expect(revisions == awkward.count)
    }

    @Test func awkwardNamesAreStoredFaithfullyAndNeverBecomePaths() throws {
        let fs = MemoryFileSystem()
        let written = try Self.writeEverything(ResultStore(root: "/results", fileSystem: fs))
        for path in fs.allFiles.keys { Self.checkPath(path, root: "/results") }
        try Self.checkReadBack(written)
        // The JSON is standard JSON: another parser reads the same names, NUL and newlines included.
        // (Foundation's parser drops U+FEFF inside strings; the bytes are checked for it instead.)
        var seen: Set<String> = []
        for (path, bytes) in fs.allFiles where path.contains("/attendance/") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let trainee = try #require(object["trainee"] as? [String: String])
            seen.insert((trainee["name"] ?? "?").replacingOccurrences(of: "\u{FEFF}", with: ""))
            if trainee["name"] == "bom" { #expect(bytes.starts(with: []) && String(decoding: bytes, as: UTF8.self).contains("\u{FEFF}bom")) }
        }
        #expect(seen == Set(Self.awkward.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }))
    }

    @Test func awkwardNamesOnARealDiskStayInsideTheResultsFolder() throws {
        var template = Array((NSTemporaryDirectory() + "/gongkai-names-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let base = String(cString: try #require(made))
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = base + "/box/Results"
        let written = try Self.writeEverything(ResultStore(root: root, fileSystem: LocalFileSystem()))
        // Nothing next to the results folder, where ../ would have led.
        #expect(try FileManager.default.contentsOfDirectory(atPath: base) == ["box"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/box") == ["Results"])
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &d) && !d.boolValue }
        #expect(files.count == Self.awkward.count * 4)
        for file in files {
            Self.checkPath(root + "/" + file, root: root)
            #expect(!file.hasSuffix(".tmp"), "a temporary file was left: \(file)")
        }
        try Self.checkReadBack(written)
    }

    @Test func distinctNamesNeverShareAKey() {
        var names = Self.awkward
        // Names that differ only after the cut, or only in what escaping could blur.
        let long = String(repeating: "公", count: 40)
        names += [long + "甲", long + "乙", "a.b", "a%2Eb", "a b", "a%20b", "a+b", "a%2Bb", "x+y", "x%2By"]
        var keys: [String: String] = [:]
        for unit in ["xiquan", "a+b", "x"] {
            for name in names {
                let key = Trainee(name: name, unit: unit).key
                if let other = keys[key] {
                    Issue.record("\(name.debugDescription)@\(unit) and \(other.debugDescription) share the key \(key)")
                }
                keys[key] = "\(name)@\(unit)"
                #expect(key.utf8.count <= 2 * 96 + 1)
            }
        }
    }
}
