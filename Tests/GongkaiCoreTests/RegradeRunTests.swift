import Foundation
import Testing

@testable import GongkaiCore

/// `regrade` streamed (`Regrader.run`, issue 21) against the plan that held every summary and
/// every change (`heldPlan`, the code of `Regrader.plan(library:roots:fileSystem:)` before it
/// streamed, then `Regrader.apply`): the same listing in the same order, the same warnings, the
/// same records written, byte for byte — over regrades made before (a regrade of a regrade,
/// superseding records that sort before and after what they replace), copies with the same and
/// other content, a conflict, an edited record, an unreadable file, an unknown course, a removed
/// question and a write that fails, with batches of one file and up.
@Suite("Regrade streamed")
struct RegradeRunTests {
    typealias World = ProvinceScaleTests

    /// The course with `p1`'s key moved (as a first fix), then `p2`'s too, then `p3`'s and `p8` removed.
    static func province(version: Int, keys: [String: Int], without: Set<String> = []) -> Course {
        var questions = World.course.questions.filter { !without.contains($0.id) }
        for (index, question) in questions.enumerated() {
            if let key = keys[question.id] { questions[index] = ReportWorld.single(question.id, key: key) }
        }
        return Course(id: World.course.id, title: World.course.title, version: version, quiz: World.course.quiz, questions: questions)
    }

    static let v2 = province(version: 2, keys: ["p1": 3])
    static let v3 = province(version: 3, keys: ["p1": 3, "p2": 0])
    static let v4 = province(version: 4, keys: ["p1": 3, "p2": 0, "p3": 1], without: ["p8"])
    /// Another office's fix of the same version: a different regrading of the same attempts.
    static let v2elsewhere = province(version: 2, keys: ["p1": 0])

    static func library(_ province: Course) -> CourseLibrary { ReportWorld.library(courses: [ReportWorld.basics, province]) }

    /// Today's records of `World.world`, then regrades, copies, damage and a conflict.
    static func world() throws -> MemoryFileSystem {
        let fs = try World.world(count: 180, seed: 23)
        let store = ResultStore(root: "/results", fileSystem: fs)
        // A first fix regraded some attempts, a second fix regraded some of those again (chains).
        let first = heldPlan(library: library(v2), roots: ["/results"], fileSystem: fs).plan
        #expect(first.changes.count > 20)
        let applied = Array(first.changes.prefix(first.changes.count * 2 / 3))
        _ = Regrader.apply(Regrader.Plan(changes: applied), store: store)
        let second = heldPlan(library: library(v3), roots: ["/results"], fileSystem: fs).plan
        #expect(second.changes.contains { $0.original.supersedes != nil })
        _ = Regrader.apply(Regrader.Plan(changes: Array(second.changes.prefix(second.changes.count / 2))), store: store)
        // Two different regradings of one attempt (another PC's, merged in).
        let elsewhere = library(v2elsewhere)
        let contested = try #require(
            applied.lazy.compactMap { Regrader.consider(Loaded(record: $0.original, path: $0.path, integrity: .verified), library: elsewhere).change }.first)
        try store.save(contested.regraded)
        // Copies: the same bytes in a folder read earlier and in one read later; other bytes read first.
        let files = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/province/") }.sorted()
        for (offset, path) in files.enumerated() where offset % 11 == 3 {
            let name = PathJoin.fileName(of: path)
            fs.put(fs.allFiles[path]!, at: offset % 2 == 0 ? "/results/attempts/province/2019-12/\(name)" : "/results/attempts/zz-copies/\(name)")
        }
        // Damage to attempts that the last fix changes: an edit by hand, and other bytes in a copy read first.
        let changing = heldPlan(library: library(v4), roots: ["/results"], fileSystem: fs).plan.changes.map(\.path)
        let victim = changing[changing.count / 2]
        let text = String(decoding: fs.allFiles[victim]!, as: UTF8.self)
        let otherBytes = text.replacingOccurrences(of: "\"passPercent\": 60", with: "\"passPercent\": 61")
        #expect(otherBytes != text)
        fs.put(otherBytes, at: "/results/attempts/province/2019-11/\(PathJoin.fileName(of: victim))")
        let edited = changing[changing.count / 3]
        let editedText = String(decoding: fs.allFiles[edited]!, as: UTF8.self).replacingOccurrences(of: "学员", with: "学生")
        #expect(editedText != String(decoding: fs.allFiles[edited]!, as: UTF8.self))
        fs.put(editedText, at: edited)
        fs.put("{", at: "/results/attempts/province/2020-07/zz-broken.json")
        return fs
    }

    /// `Regrader.plan(library:roots:fileSystem:)` as it was before regrade streamed: every summary held,
    /// then the records that may change read in full, every change kept (both records).
    static func heldPlan(library: CourseLibrary, roots: [String], fileSystem: FileSystem) -> (plan: Regrader.Plan, skipped: [SkippedRecord]) {
        let loader = AttemptLoader(fileSystem: fileSystem, useCache: false)
        let loaded = loader.load(roots: roots, withItems: false, sources: true)
        var plan = Regrader.Plan()
        let summaries = loaded.summaries
        let conflicted = Regrader.noteConflicts(summaries.map { (id: $0.id, supersedes: $0.supersedes) }, into: &plan)
        let replaced = Set(summaries.compactMap(\.supersedes))
        let source = ItemSource(loader: loader, folders: loaded.folders, sources: loaded.sources)
        let scanner = RecordScanner(fileSystem: fileSystem)
        var skipped = loaded.skipped
        var removed: Set<String> = []
        for index in summaries.indices {
            let id = summaries[index].id
            guard !replaced.contains(id), !conflicted.contains(id) else { continue }
            switch scanner.read(AttemptRecord.self, path: source.path(at: index)) {
            case .success(let record) where record.record.id == id:
                Regrader.note(Regrader.consider(record, library: library), path: record.path, into: &plan, removed: &removed)
            case .success: continue
            case .failure(let problem): skipped.append(SkippedRecord(path: source.path(at: index), problem: problem))
            }
        }
        Regrader.finish(&plan)
        return (plan, skipped)
    }

    static func copy(_ fs: MemoryFileSystem) -> MemoryFileSystem {
        let copy = MemoryFileSystem()
        for (path, bytes) in fs.allFiles { copy.put(bytes, at: path) }
        return copy
    }

    /// Everything the command prints, from the reference and from the run.
    func expectSame(_ run: Regrader.Run, _ held: (plan: Regrader.Plan, skipped: [SkippedRecord]), _ label: String) {
        #expect(run.changes.lines == held.plan.changes.map(Regrader.ChangeLine.init), "\(label): the listing")
        #expect(run.changes.count == held.plan.changes.count, "\(label)")
        #expect(run.unknownCourses == held.plan.unknownCourses, "\(label)")
        #expect(run.removedQuestions.map { "\($0.course)/\($0.question)" } == held.plan.removedQuestions.map { "\($0.course)/\($0.question)" }, "\(label)")
        #expect(run.refused == held.plan.refused, "\(label)")
        #expect(run.conflicts == held.plan.conflicts, "\(label)")
        #expect(run.skipped == held.skipped, "\(label)")
    }

    @Test func theGeneratedSetHasWhatItShould() throws {
        let fs = try Self.world()
        let held = Self.heldPlan(library: Self.library(Self.v4), roots: ["/results"], fileSystem: fs)
        #expect(held.plan.changes.count > 30)
        #expect(held.plan.changes.contains { $0.original.supersedes != nil }, "a regrade regraded again")
        #expect(held.plan.conflicts.count == 1)
        #expect(held.plan.refused.count == 2, "the edited record, the copy with other bytes read first")
        #expect(held.plan.unknownCourses == ["secrecy"])
        #expect(held.plan.removedQuestions.map(\.question) == ["p8"])
        #expect(held.skipped.map { PathJoin.fileName(of: $0.path) } == ["zz-broken.json"])
        let names = held.plan.changes.map(\.regraded.id)
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: [1, 2, 7, 512])
    func aDryRunListsWhatTheHeldPlanListedAndWritesNothing(batch: Int) throws {
        let fs = try Self.world()
        let before = fs.allFiles
        for roots in [["/results"], ["/results", "/copy"], ["/copy", "/results"]] {
            for course in [Self.v2, Self.v3, Self.v4, Self.v2elsewhere, World.course] {
                let held = Self.heldPlan(library: Self.library(course), roots: roots, fileSystem: fs)
                let run = Regrader.run(library: Self.library(course), roots: roots, fileSystem: fs, batch: batch)
                expectSame(run, held, "\(roots) v\(course.version)")
                #expect(run.written == 0)
            }
        }
        #expect(fs.allFiles == before, "a dry run writes nothing")
    }

    @Test(arguments: [1, 3, 512])
    func aRealRunWritesWhatApplyWrote(batch: Int) throws {
        let world = try Self.world()
        // One superseding record's place already holds other bytes: that write fails, on both sides.
        let planned = Self.heldPlan(library: Self.library(Self.v4), roots: ["/results"], fileSystem: world)
        let blocked = try #require(planned.plan.changes.dropFirst(5).first)
        let store = ResultStore(root: "/results", fileSystem: world)
        world.put("not this record", at: store.attemptPath(blocked.regraded))
        let held = Self.heldPlan(library: Self.library(Self.v4), roots: ["/results"], fileSystem: world)
        let reference = Self.copy(world)
        let streamed = Self.copy(world)
        let applied = Regrader.apply(held.plan, store: ResultStore(root: "/results", fileSystem: reference))
        let run = Regrader.run(
            library: Self.library(Self.v4), roots: ["/results"], fileSystem: streamed, writingTo: ResultStore(root: "/results", fileSystem: streamed),
            batch: batch)
        expectSame(run, held, "real run")
        #expect(run.written == applied.written.count)
        #expect(run.written == held.plan.changes.count - 1)
        #expect(run.failed.map(\.path) == applied.failed.map { store.attemptPath($0.0) })
        #expect(run.failed.map(\.error) == applied.failed.map(\.1))
        #expect(streamed.allFiles == reference.allFiles, "the same records, byte for byte, and nothing else")
        // Afterwards nothing is left to regrade but the blocked one.
        let again = Regrader.run(library: Self.library(Self.v4), roots: ["/results"], fileSystem: streamed, batch: batch)
        #expect(again.changes.lines.map(\.id) == [blocked.original.id])
    }

    /// Issue 21: a superseding record only when the exact score or pass/fail moves; 66.6 → 66.7 is rounding.
    @Test func aScoreThatOnlyRoundsDifferentlyIsNotAChangeWhenStreamed() throws {
        let fs = MemoryFileSystem()
        let store = ResultStore(root: "/results", fileSystem: fs)
        let course = RegradeTests.course(version: 1, k2Key: 2, questions: ["k1", "k2", "k3"], passPercent: 60)
        let maker = RecordMaker(fileSystem: fs, seed: 7)
        var record = try maker.takeQuiz(
            course, name: "庚", unit: "xiquan", answers: ["k1": .option(0)], otherwise: .option(2), finishedAt: ReportWorld.at("2020-07-08T11:00:00+08:00"))
        try fs.remove(store.attemptPath(record))
        record.score = Score(storedPoints: 2, max: 3, percent: 66.6)
        try store.save(record)
        try maker.takeQuiz(course, name: "辛", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T12:00:00+08:00"))
        // k1's key moves from C to B (nobody of the two answered B) and the pass mark to 61: 辛's 3 of 3 is now
        // 2 of 3; 庚 still has 2 of 3, stored as 66.6 %, which regraded is 66.7 %, passed either way.
        let bumped = Course(
            id: course.id, title: course.title, version: 2, quiz: QuizSettings(passPercent: 61, shuffleQuestions: true, shuffleOptions: true),
            questions: [ReportWorld.single("k1", key: 1), ReportWorld.single("k2", key: 2), ReportWorld.single("k3", key: 2)])
        let before = fs.allFiles
        let dry = Regrader.run(library: ReportWorld.library(courses: [bumped]), roots: ["/results"], fileSystem: fs, batch: 1)
        #expect(dry.changes.lines.map(\.name) == ["辛"], "庚 only rounds differently")
        let run = Regrader.run(library: ReportWorld.library(courses: [bumped]), roots: ["/results"], fileSystem: fs, writingTo: store, batch: 1)
        #expect(run.changes.lines == dry.changes.lines)
        #expect(run.changes.lines.first?.from == "3/3 100%")
        #expect(run.changes.lines.first?.to == "2/3 66.7%")
        #expect(run.written == 1)
        #expect(fs.allFiles.count == before.count + 1, "one superseding record, none for 庚")
    }
}
