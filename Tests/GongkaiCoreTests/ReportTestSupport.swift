import Foundation
import Testing

@testable import GongkaiCore

/// A small county for the report tests, and a way to fill a results folder with
/// records made the way the tool makes them: a `QuizRun` drawn by `QuizDrawer`,
/// answers typed through `ResponseParser`, `run.submit`, `AttendanceRecord`,
/// `AuditDraft.revision`, all written by `ResultStore`.
enum ReportWorld {
    static func at(_ text: String) -> Timestamp {
        guard let t = Timestamp(parsing: text) else { fatalError("bad timestamp \(text)") }
        return t
    }

    static func day(_ text: String) -> LocalDate {
        guard let d = LocalDate(parsing: text) else { fatalError("bad date \(text)") }
        return d
    }

    /// "Now" for every report in the world: 2020-07-20 10:00 Beijing time.
    static let now = at("2020-07-20T10:00:00+08:00")
    static let today = day("2020-07-20")

    static func single(_ id: String, key: Int = 2, prompt: String? = nil) -> Question {
        Question(
            id: id, type: .single, points: 1, prompt: prompt ?? "\(id) 题干",
            options: ["甲", "乙", "丙", "丁"].map { AnswerOption("选项\($0)") }, answer: .single(key), source: "条例")
    }

    /// Four single-choice questions (key C), 1 point each, pass 75 %, shuffled.
    static let basics = Course(
        id: "basics", title: "政府信息公开基础", version: 1,
        quiz: QuizSettings(passPercent: 75, shuffleQuestions: true, shuffleOptions: true),
        questions: [single("b1"), single("b2"), single("b3"), single("b4")])

    /// A true-false and a single-choice question, pass 100 %.
    static let secrecy = Course(
        id: "secrecy", title: "保密审查", version: 1,
        quiz: QuizSettings(passPercent: 100, shuffleQuestions: true, shuffleOptions: true),
        questions: [
            Question(id: "s-tf", type: .truefalse, points: 1, prompt: "先审查后公开。", answer: .trueFalse(true), source: "条例第十七条"),
            single("s-single", key: 1),
        ])

    static let checklist = Checklist(
        id: "col", title: "专栏自查表", version: 1,
        items: [
            ChecklistItem(id: "site", text: "网站访问畅通"),
            ChecklistItem(id: "updates", text: "栏目按时更新"),
            ChecklistItem(id: "review", text: "发布前有保密审查记录"),
        ])

    /// Version 2 of the checklist adds an item nobody has answered yet.
    static var checklistV2: Checklist {
        var c = checklist
        c.version = 2
        c.items.append(ChecklistItem(id: "new-item", text: "新增：依申请公开台账完整"))
        return c
    }

    static let session = TrainingSession(
        id: "s1", title: "政务公开业务培训", date: day("2020-07-08"), courses: ["basics", "secrecy"], checklist: "col")
    static let earlierSession = TrainingSession(
        id: "s0", title: "上半年培训", date: day("2020-06-01"), courses: ["basics"], checklist: nil)

    static let units = [
        RosterUnit(id: "xiquan", name: "喜泉镇", kind: .township, expected: 2),
        RosterUnit(id: "luyang", name: "芦阳镇", kind: .township, expected: 2),
        RosterUnit(id: "caizheng", name: "财政局", kind: .department, expected: 1),
        RosterUnit(id: "jiaoyu", name: "教育局", kind: .department, expected: 1),
        RosterUnit(id: "wenlv", name: "文旅局", kind: .department, expected: 0),
    ]

    static func library(
        courses: [Course] = [basics, secrecy], checklists: [Checklist] = [checklist], units: [RosterUnit] = units,
        sessions: [TrainingSession] = [earlierSession, session]
    ) -> CourseLibrary {
        var library = CourseLibrary()
        library.courses = courses
        library.checklists = checklists
        library.roster = Roster(units: units, sessions: sessions)
        return library
    }

    /// Loads what a report of `kind` reads and builds it, as `gongkai report` does.
    static func build(
        _ kind: Report.Kind, fileSystem: FileSystem, roots: [String] = ["/results"], library: CourseLibrary = library(),
        filter: ReportFilter = ReportFilter(), now: Timestamp = now, language: Language = .zh, useCache: Bool = false
    ) -> Report {
        let records = RecordSet.load(roots: roots, fileSystem: fileSystem, needs: ReportBuilder.needs(kind), useCache: useCache)
        let context = ReportContext(library: library, records: records, filter: filter, now: now, language: language)
        return ReportBuilder.build(kind, context)
    }

    /// The JSON as `report --format json` writes it (a streamed report makes its people as they are written).
    static func json(_ report: Report) -> String { String(decoding: ReportRenderer.render(report, format: .json, language: .zh), as: UTF8.self) }
}

/// What a trainee types for one question.
enum Typed {
    /// The right answer, typed as letters of the shown order.
    case right
    /// This original option (0-based in the course file), typed as its shown letter.
    case option(Int)
    /// These original options (multiple choice).
    case options([Int])
    /// Literally this text.
    case text(String)
    case skip
}

/// Writes records into one results folder through the real APIs.
final class RecordMaker: @unchecked Sendable {
    let store: ResultStore
    private var counter = 0
    private var generator: SeededGenerator

    init(fileSystem: FileSystem, root: String = "/results", seed: UInt64 = 20200708) {
        store = ResultStore(root: root, fileSystem: fileSystem)
        generator = SeededGenerator(seed: seed)
    }

    func nextID(_ time: Timestamp, _ tag: String) -> String {
        counter += 1
        return "\(time.compactUTC)-\(tag)\(String(format: "%05d", counter))"
    }

    @discardableResult
    func signIn(_ name: String, unit: String, session: String = "s1", at time: Timestamp) throws -> AttendanceRecord {
        let record = AttendanceRecord(id: nextID(time, "att"), createdAt: time, trainee: Trainee(name: name, unit: unit), session: session)
        try store.save(record)
        return record
    }

    /// The letters to type for `typed` on a question shown in `shown` order.
    static func input(_ typed: Typed, question: Question, shown: [Int]) -> String? {
        func letters(_ originals: [Int]) -> String {
            originals.map { original in OptionLetter.letter(shown.firstIndex(of: original)!) }.joined()
        }
        switch typed {
        case .skip: return nil
        case .text(let text): return text
        case .option(let original): return letters([original])
        case .options(let originals): return letters(originals)
        case .right:
            switch question.answer {
            case .single(let key): return letters([key])
            case .multiple(let key): return letters(key)
            case .order(let key): return letters(key)
            case .trueFalse(let b): return b ? "对" : "错"
            case .fill(let accepted): return accepted[0]
            case .numeric(let value, _): return JSONWriter.formatNumber(value)
            case .redact(let reasons): return reasons.keys.sorted().map(String.init).joined(separator: ",")
            case .deadline(let scenario): return scenario.resolvedAnswer?.description
            }
        }
    }

    /// Takes a quiz: draws with the seeded generator, types every answer, submits, saves.
    @discardableResult
    func takeQuiz(
        _ course: Course, name: String, unit: String, session: String? = "s1", kind: AttemptKind = .quiz,
        answers: [String: Typed] = [:], otherwise: Typed = .right, finishedAt: Timestamp
    ) throws -> AttemptRecord {
        let plan = QuizDrawer.draw(course, using: &generator)
        let started = Timestamp(seconds: finishedAt.seconds - 600, offset: finishedAt.offset)
        var run = QuizRun(
            id: nextID(started, "run"), course: course, trainee: Trainee(name: name, unit: unit), session: session, kind: kind,
            startedAt: started, plan: plan)
        while let item = run.current {
            let typed = answers[item.question.id] ?? otherwise
            guard let raw = Self.input(typed, question: item.question, shown: item.shown) else {
                run.skip()
                continue
            }
            let response = try ResponseParser.parse(raw, question: item.question, shown: item.shown).get()
            run.answer(raw: raw, response: response)
        }
        let record = run.submit(id: nextID(finishedAt, "att"), at: finishedAt)
        try store.save(record)
        return record
    }

    /// Fills a self-audit as the shell does (a draft, then a saved revision).
    @discardableResult
    func audit(
        unit: String, by name: String, checklist: Checklist = ReportWorld.checklist, session: String? = "s1",
        previous: AuditRevision? = nil, entries: [AuditEntry], at time: Timestamp
    ) throws -> AuditRevision {
        let draft = AuditDraft(
            id: nextID(time, "draft"), createdAt: time, checklist: ChecklistRef(id: checklist.id, version: checklist.version),
            unit: unit, session: session, by: Trainee(name: name, unit: unit), previous: previous?.id,
            position: entries.count, entries: entries)
        try store.saveDraft(draft)
        let revision = draft.revision(id: nextID(time, "aud"), at: time)
        try store.save(revision)
        return revision
    }
}

/// The standard scenario (see each report test for the figures it implies).
///
/// Session s1 (2020-07-08), courses basics (pass 75 %) and secrecy (pass 100 %), checklist col.
/// - 喜泉镇 (expects 2): 张三 (signs in twice) and 李四; both pass both; audit answered,
///   one rectification due today → complete.
/// - 芦阳镇 (expects 2): only 王五; passes basics (75 %), fails secrecy (50 %); no audit;
///   a review attempt and an s0 attempt that must not count for s1.
/// - 财政局 (expects 1): 赵六 and 钱七 (more than expected); 钱七 fails basics then passes,
///   never tries secrecy; second audit revision leaves `review` unanswered, `updates` overdue.
/// - 教育局 (expects 1): nobody; no audit.
/// - 文旅局 (expects 0): nobody; audit answered, a failed item already rectified → complete.
enum StandardScenario {
    static func make(_ fs: MemoryFileSystem = MemoryFileSystem(), root: String = "/results") throws -> MemoryFileSystem {
        let maker = RecordMaker(fileSystem: fs, root: root)
        let w = ReportWorld.self
        let basics = w.basics, secrecy = w.secrecy
        // Attendance.
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T08:50:00+08:00"))
        try maker.signIn("李四", unit: "xiquan", at: w.at("2020-07-08T08:52:00+08:00"))
        try maker.signIn("张三", unit: "xiquan", at: w.at("2020-07-08T13:55:00+08:00"))  // again after lunch
        try maker.signIn("王五", unit: "luyang", at: w.at("2020-07-08T08:55:00+08:00"))
        try maker.signIn("赵六", unit: "caizheng", at: w.at("2020-07-08T08:56:00+08:00"))
        try maker.signIn("钱七", unit: "caizheng", at: w.at("2020-07-08T08:57:00+08:00"))
        try maker.signIn("王五", unit: "luyang", session: "s0", at: w.at("2020-06-01T09:00:00+08:00"))

        // Quizzes in s1.
        try maker.takeQuiz(basics, name: "张三", unit: "xiquan", answers: ["b4": .option(0)], finishedAt: w.at("2020-07-08T10:00:00+08:00"))
        try maker.takeQuiz(basics, name: "张三", unit: "xiquan", finishedAt: w.at("2020-07-08T10:30:00+08:00"))
        try maker.takeQuiz(basics, name: "李四", unit: "xiquan", finishedAt: w.at("2020-07-08T10:05:00+08:00"))
        try maker.takeQuiz(basics, name: "王五", unit: "luyang", answers: ["b2": .skip], finishedAt: w.at("2020-07-08T10:06:00+08:00"))
        try maker.takeQuiz(basics, name: "赵六", unit: "caizheng", finishedAt: w.at("2020-07-08T10:07:00+08:00"))
        try maker.takeQuiz(
            basics, name: "钱七", unit: "caizheng", answers: ["b1": .option(1), "b3": .option(3)], finishedAt: w.at("2020-07-08T10:08:00+08:00"))
        try maker.takeQuiz(basics, name: "钱七", unit: "caizheng", answers: ["b1": .option(1)], finishedAt: w.at("2020-07-08T11:08:00+08:00"))
        try maker.takeQuiz(secrecy, name: "张三", unit: "xiquan", finishedAt: w.at("2020-07-08T11:00:00+08:00"))
        try maker.takeQuiz(secrecy, name: "李四", unit: "xiquan", finishedAt: w.at("2020-07-08T11:01:00+08:00"))
        try maker.takeQuiz(secrecy, name: "王五", unit: "luyang", answers: ["s-tf": .text("错")], finishedAt: w.at("2020-07-08T11:02:00+08:00"))
        try maker.takeQuiz(secrecy, name: "赵六", unit: "caizheng", finishedAt: w.at("2020-07-08T11:03:00+08:00"))
        // Drilling mistakes never counts for passing.
        try maker.takeQuiz(secrecy, name: "王五", unit: "luyang", kind: .review, finishedAt: w.at("2020-07-08T15:00:00+08:00"))
        // An earlier session: 王五 scored nothing.
        try maker.takeQuiz(
            basics, name: "王五", unit: "luyang", session: "s0", otherwise: .option(0), finishedAt: w.at("2020-06-01T10:00:00+08:00"))

        // Self-audits (checklist col v1).
        try maker.audit(
            unit: "xiquan", by: "李四",
            entries: [
                AuditEntry(item: "site", status: .pass, evidence: "截图"),
                AuditEntry(
                    item: "updates", status: .fail, note: "财政栏目未更新",
                    rectification: Rectification(action: "补发财政信息", owner: "王主任", deadline: w.today)),
                AuditEntry(item: "review", status: .pass),
            ], at: w.at("2020-07-10T09:00:00+08:00"))
        let first = try maker.audit(
            unit: "caizheng", by: "赵六",
            entries: [
                AuditEntry(item: "site", status: .pass), AuditEntry(item: "updates", status: .pass),
                AuditEntry(item: "review", status: .pass),
            ], at: w.at("2020-07-09T09:00:00+08:00"))
        try maker.audit(
            unit: "caizheng", by: "钱七", previous: first,
            entries: [
                AuditEntry(item: "site", status: .pass),
                AuditEntry(
                    item: "updates", status: .fail,
                    rectification: Rectification(action: "补录更新", owner: "钱七", deadline: w.day("2020-07-19"))),
                AuditEntry(item: "review", status: nil),
            ], at: w.at("2020-07-12T09:00:00+08:00"))
        try maker.audit(
            unit: "wenlv", by: "孙八",
            entries: [
                AuditEntry(
                    item: "site", status: .fail,
                    rectification: Rectification(
                        action: "修复链接", owner: "孙八", deadline: w.day("2020-07-15"),
                        done: Rectification.Done(date: w.day("2020-07-14"), evidence: "整改截图"))),
                AuditEntry(item: "updates", status: .pass), AuditEntry(item: "review", status: .notApplicable),
            ], at: w.at("2020-07-11T09:00:00+08:00"))
        return fs
    }
}

/// `Unit` alone is ambiguous next to Foundation's.
typealias RosterUnit = GongkaiCore.Unit

// MARK: JSON helpers

extension Array where Element == JSONValue {
    /// The element of an array of objects whose `key` is `value`.
    func element(_ key: String, _ value: String) -> JSONValue? {
        first { $0[key]?.stringValue == value }
    }
}

extension JSONValue {
    /// `value["a", "b"]`: nested object access.
    subscript(path: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    var elements: [JSONValue] { arrayValue ?? [] }

    /// The element of an array of objects whose `key` is `value`.
    func element(_ key: String, _ value: String) -> JSONValue? {
        elements.first { $0[key]?.stringValue == value }
    }
}

/// Display-width checks for the text renderers.
enum Layout {
    static func width(_ line: Substring) -> Int { DisplayWidth.of(line) }

    /// Lines of `text` from the line after `heading` up to the next blank line.
    static func block(after heading: String, in text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == heading }) else { return [] }
        var out: [Substring] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            out.append(line)
        }
        return out
    }

    /// Display columns at which `|` occurs in `line`, outside `\|` escapes.
    static func pipeColumns(_ line: Substring) -> [Int] {
        var columns: [Int] = []
        var column = 0
        var previous: Character?
        for character in line {
            if character == "|", previous != "\\" { columns.append(column) }
            column += DisplayWidth.of(character)
            previous = character
        }
        return columns
    }
}
