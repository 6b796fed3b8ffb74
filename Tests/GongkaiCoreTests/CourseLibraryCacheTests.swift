import Foundation
import Testing

@testable import GongkaiCore

/// The snapshot of a clean course library: it must give exactly what parsing
/// gives, and never anything once a file, the program or the snapshot changes.
@Suite("Course library cache")
struct CourseLibraryCacheTests {
    static let cachePath = "/cache/gongkai/courses.bin"

    /// The bundled `Courses/` folder copied into memory under `/c`.
    static func bundledCourses() throws -> MemoryFileSystem {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Courses").path
        let fs = MemoryFileSystem()
        let local = LocalFileSystem()
        for file in local.walk(root).files where CourseLibrary.isYAML(file) {
            fs.put(try local.readFile(file, limit: 1 << 24), at: "/c" + file.dropFirst(root.count))
        }
        return fs
    }

    static func cache(_ fs: FileSystem, stamp: String = "build 1") -> CourseLibraryCache {
        CourseLibraryCache(path: cachePath, programStamp: stamp, fileSystem: fs)
    }

    /// Everything a caller can see of a library, for comparison.
    struct Visible: Equatable {
        var courses: [Course]
        var checklists: [Checklist]
        var roster: Roster?
        var diagnostics: [String]
        var invalid: [CourseLibrary.InvalidFile]
        var counts: [CourseLibrary.FileKind: Int]
        var files: [String: String]
        var calendar: HolidayCalendar?

        init(_ l: CourseLibrary) {
            calendar = l.calendar
            courses = l.courses
            checklists = l.checklists
            roster = l.roster
            diagnostics = l.diagnostics.map { "\($0.file):\($0.line):\($0.column) \($0.message)" }
            invalid = l.invalidFiles
            counts = l.fileCounts
            files = l.courseFiles
        }
    }

    @Test func bundledCoursesComeBackIdenticalFromTheSnapshot() throws {
        let fs = try Self.bundledCourses()
        let parsed = CourseLibrary.load(paths: ["/c"], fileSystem: fs)
        #expect(parsed.courses.count >= 3 && parsed.roster != nil && parsed.diagnostics.isEmpty)
        let first = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(fs.allFiles[Self.cachePath] != nil, "a clean library is stored")
        // The snapshot itself (not a fresh parse) gives the same library.
        let cache = Self.cache(fs)
        let contents = try fs.walk("/c").files.filter(CourseLibrary.isYAML).map { ($0, try fs.readFile($0, limit: 1 << 24)) }
        let fromSnapshot = try #require(cache.load(key: cache.key(for: contents.map { (file: $0.0, bytes: $0.1) })))
        #expect(Visible(fromSnapshot) == Visible(parsed))
        #expect(Visible(first) == Visible(parsed))
        #expect(Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: cache)) == Visible(parsed))
    }

    @Test func everyFieldOfEveryModelSurvivesEncoding() throws {
        var course = TestSupport.everyTypeCourse()
        course.summary = "摘要"
        course.lessons = [Lesson(title: "一", body: "正文\n第二行"), Lesson(title: "", body: "")]
        course.quiz = QuizSettings(
            passPercent: 72.5, draw: 3, shuffleQuestions: true, shuffleOptions: true, mode: .practice, maxAttempts: 4,
            multipleScoring: .allOrNothing)
        course.questions[0].options[1].feedback = "这是干扰项"
        course.questions[0].tags = ["期限", "答复"]
        course.questions[0].explanation = "因为……"
        course.questions[4].answer = .numeric(value: 20.5, tolerance: 0.25)
        course.digest = "abc"
        var library = CourseLibrary()
        library.courses = [course, TestSupport.everyTypeCourse(scoring: .allOrNothing)]
        library.checklists = [
            Checklist(
                id: "k", title: "自查", version: 3,
                items: [
                    ChecklistItem(id: "a", text: "甲", guidance: "看", source: "条例", evidence: .required),
                    ChecklistItem(id: "b", text: "乙", evidence: .none),
                ])
        ]
        library.roster = Roster(
            units: [Unit(id: "u", name: "单位", kind: .township, expected: 5), Unit(id: "v", name: "乙", kind: .other, expected: 0)],
            sessions: [
                TrainingSession(id: "s", title: "培训", date: LocalDate(year: 2020, month: 7, day: 8)!, courses: ["sample"], checklist: "k"),
                TrainingSession(id: "t", title: "", date: LocalDate(year: 2024, month: 2, day: 29)!, courses: []),
            ])
        library.fileCounts = [.course: 2, .checklist: 1]
        library.courseFiles = ["sample": "/c/sample.yaml"]
        var writer = ByteWriter()
        LibraryCoding.encode(library, into: &writer)
        let decoded = try writer.bytes.withUnsafeBufferPointer { buffer in
            var reader = ByteReader(buffer)
            let value = try LibraryCoding.decode(&reader)
            #expect(reader.index == buffer.count)
            return value
        }
        #expect(Visible(decoded) == Visible(library))
        // No roster is not an empty roster.
        library.roster = nil
        var second = ByteWriter()
        LibraryCoding.encode(library, into: &second)
        let noRoster = try second.bytes.withUnsafeBufferPointer { buffer in
            var reader = ByteReader(buffer)
            return try LibraryCoding.decode(&reader)
        }
        #expect(noRoster.roster == nil)
    }

    @Test func aChangedAddedRemovedOrRenamedFileIsParsedAgain() throws {
        let fs = try Self.bundledCourses()
        _ = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        let courseFile = try #require(fs.walk("/c").files.first { $0.hasSuffix("request-handling.yaml") })
        let original = try fs.readText(courseFile)

        // An answer key changed in place, same length: only the content checksum can tell.
        let keyChanged = original.replacingOccurrences(of: "    answer: C\n", with: "    answer: B\n", options: [], range: original.range(of: "    answer: C\n"))
        #expect(keyChanged.utf8.count == original.utf8.count && keyChanged != original)
        fs.put(keyChanged, at: courseFile)
        let afterKeyChange = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        let fresh = CourseLibrary.load(paths: ["/c"], fileSystem: fs)
        #expect(Visible(afterKeyChange) == Visible(fresh))
        let before = CourseLibrary.load(sources: [(file: courseFile, text: original)]).courses.first?.questions.map(\.answer)
        #expect(afterKeyChange.course(id: "request-handling")?.questions.map(\.answer) != before, "the new key is used")

        // A changed title is seen.
        let changed = original.replacingOccurrences(of: "title: ", with: "title: 改", options: [], range: original.range(of: "title: "))
        fs.put(changed, at: courseFile)
        let afterChange = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(afterChange.course(id: "request-handling")?.title.hasPrefix("改") == true)
        #expect(Visible(afterChange) == Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs)))

        // A broken file is reported, not hidden by an older snapshot.
        fs.put(original + "\nbogus_key: 1\n", at: courseFile)
        let broken = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(broken.errorCount > 0)
        #expect(broken.course(id: "request-handling") == nil)

        // Restored: back to the original, and the same as a fresh parse.
        fs.put(original, at: courseFile)
        let restored = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(Visible(restored) == Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs)))

        // Removed and renamed files.
        try fs.remove(courseFile)
        let removed = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(removed.course(id: "request-handling") == nil)
        fs.put(original, at: "/c/zz-copy.yaml")
        let renamed = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(Visible(renamed) == Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs)))
        #expect(renamed.errorCount > 0, "the id no longer matches the file name")
    }

    @Test func aLibraryWithProblemsIsNeverStored() throws {
        let fs = try Self.bundledCourses()
        fs.put("id: broken\ntitle: [\n", at: "/c/broken.yaml")
        let library = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        #expect(library.errorCount > 0)
        #expect(fs.allFiles[Self.cachePath] == nil)
    }

    @Test func anotherBuildDoesNotTrustTheSnapshot() throws {
        let fs = try Self.bundledCourses()
        _ = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs, stamp: "build 1"))
        let files = try fs.walk("/c").files.filter(CourseLibrary.isYAML).map { (file: $0, bytes: try fs.readFile($0, limit: 1 << 24)) }
        let old = Self.cache(fs, stamp: "build 1")
        let new = Self.cache(fs, stamp: "build 2")
        #expect(old.load(key: old.key(for: files)) != nil)
        #expect(new.load(key: new.key(for: files)) == nil)
    }

    @Test func damagedSnapshotsAreIgnored() throws {
        let fs = try Self.bundledCourses()
        let reference = Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs))
        _ = CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))
        let stored = try #require(fs.allFiles[Self.cachePath])
        var generator = SeededGenerator(seed: 11)
        var damaged: [[UInt8]] = [[], Array(stored.prefix(8)), stored + [0], Array("not a cache".utf8)]
        for _ in 0..<40 { damaged.append(Array(stored.prefix(Int(generator.next() % UInt64(stored.count))))) }
        for _ in 0..<40 {
            var copy = stored
            let index = Int(generator.next() % UInt64(copy.count))
            copy[index] ^= UInt8(1) << UInt8(generator.next() % 8)
            damaged.append(copy)
        }
        for (index, bytes) in damaged.enumerated() {
            fs.put(bytes, at: Self.cachePath)
            #expect(Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))) == reference, "damage #\(index)")
        }
        // A folder where the snapshot should be: still loads.
        try fs.remove(Self.cachePath)
        try fs.createDirectories(Self.cachePath)
        #expect(Visible(CourseLibrary.load(paths: ["/c"], fileSystem: fs, cache: Self.cache(fs))) == reference)
    }
}
