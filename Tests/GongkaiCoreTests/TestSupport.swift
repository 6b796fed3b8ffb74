import Foundation
import Testing

@testable import GongkaiCore

/// Shared builders for the GongkaiCore tests. Nothing here asserts; it only
/// makes courses, runs and records so that each test file stays about its area.
enum TestSupport {
    /// `Tests/Fixtures/Courses`, found relative to this source file.
    static var fixtureCourses: String {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("Courses").path
    }

    static func loadFixtureLibrary() -> CourseLibrary {
        CourseLibrary.load(paths: [fixtureCourses], fileSystem: LocalFileSystem())
    }

    static func loadCourseYAML(_ yaml: String, file: String = "demo.yaml") -> CourseLibrary {
        CourseLibrary.load(sources: [(file: file, text: yaml)])
    }

    static let fixedStart = Timestamp(parsing: "2020-07-08T09:30:00+08:00")!
    static let fixedEnd = Timestamp(parsing: "2020-07-08T09:45:10+08:00")!
    static let trainee = Trainee(name: "张三", unit: "xiquan")

    static func single(_ id: String, key: Int = 2, options: Int = 4, points: Double = 1) -> Question {
        Question(
            id: id, type: .single, points: points, prompt: "\(id)?",
            options: (0..<options).map { AnswerOption("选项\($0)") }, answer: .single(key), source: "条例")
    }

    static func multiple(_ id: String, key: [Int] = [0, 1, 3], options: Int = 4, points: Double = 1) -> Question {
        Question(
            id: id, type: .multiple, points: points, prompt: "\(id)?",
            options: (0..<options).map { AnswerOption("选项\($0)") }, answer: .multiple(key), source: "条例")
    }

    static func trueFalse(_ id: String, key: Bool = true, points: Double = 1) -> Question {
        Question(id: id, type: .truefalse, points: points, prompt: "\(id)?", answer: .trueFalse(key), source: "条例")
    }

    static func fill(_ id: String, accepted: [String] = ["办公厅", "国务院办公厅"], points: Double = 1) -> Question {
        Question(id: id, type: .fill, points: points, prompt: "\(id)?", answer: .fill(accepted), source: "条例")
    }

    static func numeric(_ id: String, value: Double = 20, tolerance: Double = 0, points: Double = 1) -> Question {
        Question(
            id: id, type: .numeric, points: points, prompt: "\(id)?", answer: .numeric(value: value, tolerance: tolerance),
            source: "条例")
    }

    static func order(_ id: String, key: [Int] = [0, 1, 2, 3], points: Double = 1) -> Question {
        Question(
            id: id, type: .order, points: points, prompt: "\(id)?", options: key.indices.map { AnswerOption("步骤\($0)") },
            answer: .order(key), source: "条例")
    }

    static func redact(_ id: String, reasons: [Int: String] = [2: "隐私", 4: "手机号"], lines: Int = 5, points: Double = 2)
        -> Question
    {
        Question(
            id: id, type: .redact, points: points, prompt: "\(id)?", lines: (1...lines).map { "第\($0)行" },
            answer: .redact(reasons), source: "条例")
    }

    /// One question of every type, 8 points in all.
    static func everyTypeCourse(passPercent: Double = 60, scoring: QuizSettings.MultipleScoring = .partial) -> Course {
        Course(
            id: "sample", title: "示例", version: 1,
            quiz: QuizSettings(passPercent: passPercent, multipleScoring: scoring),
            questions: [
                single("q-single"), multiple("q-multiple"), trueFalse("q-tf"), fill("q-fill"), numeric("q-num"),
                order("q-order"), redact("q-redact"),
            ])
    }

    static func identityPlan(_ course: Course) -> [PlannedItem] {
        course.questions.map { PlannedItem(questionID: $0.id, shown: Array($0.options.indices)) }
    }

    /// A submitted attempt with one response of every kind plus a skipped item.
    static func attemptWithEveryResponse(id: String = "20200708T014510Z-test000001") -> AttemptRecord {
        let items: [AttemptItem] = [
            AttemptItem(question: "q-single", type: .single, shown: [2, 0, 3, 1], raw: "A", response: .options([2]), points: 1, max: 1),
            AttemptItem(question: "q-multiple", type: .multiple, shown: [0, 1, 2, 3], raw: "a b", response: .options([0, 1]), points: 0.67, max: 1),
            AttemptItem(question: "q-tf", type: .truefalse, shown: [], raw: "对", response: .truth(true), points: 1, max: 1),
            AttemptItem(question: "q-fill", type: .fill, shown: [], raw: "  办公厅。", response: .text("办公厅。"), points: 1, max: 1),
            AttemptItem(question: "q-num", type: .numeric, shown: [], raw: "20.5个", response: .number(20.5), points: 0, max: 1),
            AttemptItem(question: "q-order", type: .order, shown: [3, 2, 1, 0], raw: "DCBA", response: .options([0, 1, 2, 3]), points: 1, max: 1),
            AttemptItem(question: "q-redact", type: .redact, shown: [], raw: "2-4", response: .lines([2, 3, 4]), points: 0, max: 2),
            AttemptItem(question: "q-skipped", type: .single, shown: [0, 1], raw: nil, response: nil, points: 0, max: 1),
        ]
        return AttemptRecord(
            id: id, createdAt: fixedEnd, trainee: trainee, session: "2020-07-08-training",
            course: CourseRef(id: "sample", version: 3, digest: "sha256:" + String(repeating: "ab", count: 32)),
            kind: .quiz, mode: .exam, startedAt: fixedStart, finishedAt: fixedEnd, items: items, passPercent: 60)
    }

    static func attempt(
        id: String, trainee: Trainee = trainee, course: String = "sample", points: Double = 1, supersedes: String? = nil,
        startedAt: Timestamp = fixedStart
    ) -> AttemptRecord {
        AttemptRecord(
            id: id, createdAt: fixedEnd, trainee: trainee, session: nil,
            course: CourseRef(id: course, version: 1, digest: "sha256:00"), mode: .exam, startedAt: startedAt,
            finishedAt: fixedEnd,
            items: [AttemptItem(question: "q1", type: .single, shown: [0, 1], raw: "A", response: .options([0]), points: points, max: 1)],
            passPercent: 80, supersedes: supersedes)
    }

    static func progress(id: String = "p-1", trainee: Trainee = trainee) -> ProgressRecord {
        ProgressRecord(
            id: id, createdAt: fixedEnd, trainee: trainee, session: "2020-07-08-training",
            course: CourseRef(id: "sample", version: 1, digest: "sha256:00"), kind: .quiz, mode: .exam, startedAt: fixedStart,
            position: 2,
            items: [
                .init(question: "q-single", type: .single, shown: [1, 0, 2, 3], raw: "b", response: .options([0])),
                .init(question: "q-tf", type: .truefalse, shown: [], raw: "错", response: .truth(false)),
                .init(question: "q-num", type: .numeric, shown: [], raw: nil, response: nil),
            ])
    }

    /// Re-serialises JSON with every object's keys in reverse order and extra spaces:
    /// the same document, differently formatted.
    static func reformatted(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            let keys = members.keys.sorted().reversed()
            let parts = keys.map { JSONWriter.string(.string($0)) + " :\t" + reformatted(members[$0]!) }
            return "{ " + parts.joined(separator: " ,\n ") + " }"
        case .array(let elements):
            return "[ " + elements.map(reformatted).joined(separator: " , ") + " ]"
        default:
            return JSONWriter.string(value)
        }
    }

    static func makeTempDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-coretests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
