import Foundation
import Testing

@testable import GongkaiCore

/// Regrading after an answer key fix: the plan lists exactly the attempts whose
/// score or pass/fail changes; applying it writes new superseding records and
/// never touches the old ones; every report then uses the newest grading.
@Suite("Regrade")
struct RegradeTests {
    /// Version 1 has a wrong key on k2 (B instead of C).
    static func course(version: Int, k2Key: Int, questions: [String] = ["k1", "k2", "k3", "k4"], passPercent: Double = 75) -> Course {
        Course(
            id: "keys", title: "答案修正课程", version: version,
            quiz: QuizSettings(passPercent: passPercent, shuffleQuestions: true, shuffleOptions: true),
            questions: questions.map { ReportWorld.single($0, key: $0 == "k2" ? k2Key : 2) })
    }

    static let v1 = course(version: 1, k2Key: 1)
    static let v2 = course(version: 2, k2Key: 2)
    /// k4 removed from the course.
    static let v3 = course(version: 3, k2Key: 2, questions: ["k1", "k2", "k3"])

    /// Typed answers in the course file's options: C (2) is the truth for every question.
    static let people: [(name: String, answers: [String: Typed])] = [
        ("甲", [:]),  // v1 75 % pass → v2 100 %
        ("乙", ["k2": .option(1)]),  // v1 100 % → v2 75 %
        ("丙", ["k1": .option(0)]),  // v1 50 % fail → v2 75 % pass
        ("丁", ["k2": .option(0)]),  // 75 % under both keys: unchanged
        ("戊", ["k4": .option(3)]),  // v1 50 % fail → v2 75 % pass → v3 (k4 removed) 100 %
    ]

    let fs = MemoryFileSystem()
    let store: ResultStore
    var originals: [String: AttemptRecord] = [:]

    init() throws {
        store = ResultStore(root: "/results", fileSystem: fs)
        let maker = RecordMaker(fileSystem: fs, seed: 42)
        for (index, person) in Self.people.enumerated() {
            let record = try maker.takeQuiz(
                Self.v1, name: person.name, unit: "xiquan", answers: person.answers, otherwise: .option(2),
                finishedAt: ReportWorld.at("2020-07-08T10:0\(index):00+08:00"))
            originals[person.name] = record
        }
    }

    func makePlan(_ course: Course) -> Regrader.Plan {
        Regrader.plan(library: ReportWorld.library(courses: [course]), attempts: store.attempts().records)
    }

    func apply(_ plan: Regrader.Plan) -> [AttemptRecord] {
        let result = Regrader.apply(plan, store: store)
        #expect(result.failed.isEmpty)
        return result.written
    }

    func scores(_ course: Course) -> JSONValue {
        ReportWorld.build(.scores, fileSystem: fs, library: ReportWorld.library(courses: [course])).json
    }

    func best(_ json: JSONValue, _ name: String) -> (Double?, Int?, Bool?) {
        let p = json["people"]?.element("name", name)
        return (p?["best"]?.numberValue, p?["attempts"]?.intValue, p?["passed"]?.boolValue)
    }

    @Test func originalGradingAsStored() {
        #expect(originals["甲"]?.score.percent == 75)
        #expect(originals["乙"]?.score.percent == 100)
        #expect(originals["丙"]?.passed == false)
        #expect(originals["戊"]?.score.percent == 50)
    }

    @Test func planListsEveryChangedAttemptAndWritesNothing() {
        let before = fs.allFiles
        let plan = makePlan(Self.v2)
        let changed = Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.original.trainee.name, $0) })
        #expect(Set(changed.keys) == ["甲", "乙", "丙", "戊"], "丁 scores the same under both keys")
        #expect(changed["甲"]?.regraded.score.percent == 100)
        #expect(changed["甲"]?.scoreChanged == true)
        #expect(changed["甲"]?.passChanged == false)
        #expect(changed["乙"]?.regraded.score.percent == 75)
        #expect(changed["丙"]?.regraded.passed == true)
        #expect(changed["丙"]?.passChanged == true)
        #expect(changed["戊"]?.regraded.score.percent == 75)
        #expect(plan.removedQuestions.isEmpty)
        #expect(plan.unknownCourses.isEmpty)
        for change in plan.changes {
            #expect(change.path == store.attemptPath(change.original))
            #expect(change.regraded.supersedes == change.original.id)
            #expect(change.regraded.course.version == 2)
            #expect(change.regraded.course.digest == Self.v2.digest)
        }
        #expect(fs.allFiles == before, "planning (--dry-run) writes nothing")
    }

    @Test func applyWritesSupersedingRecordsAndLeavesOldOnesByteIdentical() throws {
        let before = fs.allFiles
        let written = apply(makePlan(Self.v2))
        #expect(written.count == 4)
        let after = fs.allFiles
        for (path, bytes) in before { #expect(after[path] == bytes, "\(path) untouched") }
        #expect(after.count == before.count + 4)
        for record in written {
            let original = try #require(originals.values.first { $0.id == record.supersedes })
            #expect(record.id != original.id)
            #expect(record.id == Regrader.supersedingID(of: original.id, grading: Self.v2.digest))
            #expect(record.createdAt == original.createdAt, "nothing in it depends on when or where regrade ran")
            #expect(record.trainee == original.trainee)
            #expect(record.session == original.session)
            #expect(record.finishedAt == original.finishedAt, "still the day it was taken")
            #expect(record.items.map(\.raw) == original.items.map(\.raw), "raw answers kept")
            #expect(record.items.map(\.shown) == original.items.map(\.shown))
            let path = store.attemptPath(record)
            let loaded = try #require(store.attempts().records.first { $0.path == path })
            #expect(loaded.record == record)
            #expect(loaded.integrity == .verified)
        }
    }

    @Test func reportsUseTheNewestGradingWithoutDoubleCounting() {
        let old = scores(Self.v2)
        #expect(old["totals", "attempts"]?.intValue == 5)
        _ = apply(makePlan(Self.v2))
        let json = scores(Self.v2)
        #expect(json["totals", "attempts"]?.intValue == 5, "a regraded attempt replaces, it does not add")
        #expect(best(json, "甲") == (100, 1, true))
        #expect(best(json, "乙") == (75, 1, true))
        #expect(best(json, "丙") == (75, 1, true))
        #expect(best(json, "丁") == (75, 1, true))
        #expect(best(json, "戊") == (75, 1, true))
        // Items, completion and the loaded attempts agree.
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .items])
        #expect(records.attempts.count == 5)
        let items = ReportWorld.build(.items, fileSystem: fs, library: ReportWorld.library(courses: [Self.v2])).json
        #expect(items["totals", "attempts"]?.intValue == 5)
        #expect(items["questions"]?.element("question", "k2")?["facility"]?.numberValue == 0.6, "甲 丙 戊 right under the fixed key")
    }

    @Test func regradingAgainChangesNothing() {
        _ = apply(makePlan(Self.v2))
        let files = fs.allFiles
        let again = makePlan(Self.v2)
        #expect(again.changes.isEmpty, "\(again.changes.map(\.original.trainee.name))")
        #expect(apply(again).isEmpty)
        #expect(fs.allFiles == files)
    }

    @Test func aRemovedQuestionStopsCounting() throws {
        _ = apply(makePlan(Self.v2))
        let plan = makePlan(Self.v3)
        #expect(plan.removedQuestions.map(\.question) == ["k4"])
        #expect(plan.removedQuestions.map(\.course) == ["keys"])
        let written = apply(plan)
        let byName = Dictionary(uniqueKeysWithValues: written.map { ($0.trainee.name, $0) })
        // 戊 missed only k4: now 3 of 3.
        let wu = try #require(byName["戊"])
        #expect(wu.score.max == 3)
        #expect(wu.score.percent == 100)
        let k4 = try #require(wu.items.first { $0.question == "k4" })
        #expect(k4.points == 0 && k4.max == 0, "kept in the record, worth nothing")
        let json = scores(Self.v3)
        #expect(json["totals", "attempts"]?.intValue == 5, "chains of regrades still count once")
        #expect(best(json, "戊") == (100, 1, true))
        #expect(best(json, "乙") == (66.7, 1, false), "乙 missed k2: 2 of 3 < 75 %")
        // The removed question no longer has answers in the item analysis.
        let items = ReportWorld.build(.items, fileSystem: fs, library: ReportWorld.library(courses: [Self.v3])).json
        #expect((items["questions"]?.element("question", "k4")?["answered"]?.intValue ?? 0) == 0)
        #expect(makePlan(Self.v3).changes.isEmpty)
    }

    @Test func aRaisedPassMarkChangesOnlyPassFail() {
        let stricter = Self.course(version: 2, k2Key: 1, passPercent: 80)
        let plan = makePlan(stricter)
        #expect(Set(plan.changes.map(\.original.trainee.name)) == ["甲", "丁"], "75 % no longer passes")
        #expect(plan.changes.allSatisfy { $0.passChanged && !$0.scoreChanged })
    }

    @Test func attemptsOfAnUnknownCourseAreReported() throws {
        let maker = RecordMaker(fileSystem: fs, seed: 1)
        try maker.takeQuiz(ReportWorld.basics, name: "己", unit: "xiquan", finishedAt: ReportWorld.at("2020-07-08T12:00:00+08:00"))
        let plan = makePlan(Self.v2)
        #expect(plan.unknownCourses == ["basics"])
        #expect(plan.changes.count == 4)
    }

    // MARK: Idempotence, merges, conflicts, damage

    /// Copies every file under /results to `root`, as a second PC's copy of the folder.
    func copyResults(to root: String) {
        for (path, bytes) in fs.allFiles where path.hasPrefix("/results/") {
            fs.put(bytes, at: root + path.dropFirst("/results".count))
        }
    }

    func plan(_ course: Course, roots: [String]) -> Regrader.Plan {
        let scanner = RecordScanner(fileSystem: fs)
        return Regrader.plan(library: ReportWorld.library(courses: [course]), attempts: scanner.scan(AttemptRecord.self, roots: roots, subdirectory: "attempts").records)
    }

    @Test func theSameRegradeOnTwoCopiesIsTheSameRecordAndMergesOnce() throws {
        copyResults(to: "/pc2")
        let first = apply(makePlan(Self.v2))
        let second = Regrader.apply(plan(Self.v2, roots: ["/pc2"]), store: ResultStore(root: "/pc2", fileSystem: fs))
        #expect(second.failed.isEmpty)
        #expect(Set(first.map(\.id)) == Set(second.written.map(\.id)), "ids follow from what is superseded and the grading")
        let files = fs.allFiles
        for record in first {
            let here = store.attemptPath(record)
            let there = "/pc2" + here.dropFirst("/results".count)
            #expect(files[here] != nil && files[here] == files[there], "byte-identical on both PCs")
        }
        let merged = RecordSet.load(roots: ["/results", "/pc2"], fileSystem: fs, needs: [.attempts])
        #expect(merged.attempts.count == 5, "the newest grading of each attempt, once")
        #expect(merged.duplicates == 5 + 4, "every file of the second copy is a duplicate, the regrades included")
        #expect(plan(Self.v2, roots: ["/results", "/pc2"]).changes.isEmpty, "nothing left to regrade after the merge")
        #expect(plan(Self.v2, roots: ["/results", "/pc2"]).conflicts.isEmpty)
    }

    @Test func twoRegradesAtOnceWriteOneRecordEach() {
        let a = makePlan(Self.v2)
        let b = makePlan(Self.v2)
        let before = fs.allFiles.count
        let first = Regrader.apply(a, store: store)
        let second = Regrader.apply(b, store: store)
        #expect(first.failed.isEmpty && second.failed.isEmpty, "the second finds its own record already there")
        #expect(first.written.count == 4 && second.written.count == 4)
        #expect(fs.allFiles.count == before + 4)
    }

    @Test func differentRegradingsOfOneAttemptAreAConflictNotAChoice() throws {
        copyResults(to: "/pc2")
        _ = apply(makePlan(Self.v2))
        // The other PC fixed a different key (k3's) and regraded its copy.
        let other = Course(
            id: "keys", title: "答案修正课程", version: 2, quiz: Self.v2.quiz,
            questions: ["k1", "k2", "k3", "k4"].map { ReportWorld.single($0, key: $0 == "k3" ? 1 : ($0 == "k2" ? 1 : 2)) })
        let otherWritten = Regrader.apply(plan(other, roots: ["/pc2"]), store: ResultStore(root: "/pc2", fileSystem: fs))
        #expect(!otherWritten.written.isEmpty)
        let merged = plan(Self.v2, roots: ["/results", "/pc2"])
        let contested = Set(merged.conflicts.map(\.attempt))
        #expect(!contested.isEmpty)
        for conflict in merged.conflicts { #expect(conflict.regradings.count == 2) }
        #expect(merged.changes.allSatisfy { !contested.contains($0.original.supersedes ?? "") }, "a contested attempt is not regraded again")
    }

    @Test func aRecordEditedByHandIsRefusedNotResealed() throws {
        let victim = try #require(originals["丁"])
        let path = store.attemptPath(victim)
        let text = String(decoding: try #require(fs.allFiles[path]), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"Percent\"", with: "\"Percent\"").replacingOccurrences(of: "丁", with: "丙")
        #expect(edited != text)
        fs.put(edited, at: path)
        let plan = makePlan(Self.v2)
        #expect(plan.refused == [path])
        #expect(!plan.changes.contains { $0.original.id == victim.id })
    }

    @Test func aScoreThatOnlyRoundsDifferentlyIsNotAChange() throws {
        // Written under the old rule (rounded down): 2 of 3 stored as 66.6 %. The keys did not change.
        let course = Self.course(version: 1, k2Key: 2, questions: ["k1", "k2", "k3"], passPercent: 60)
        let maker = RecordMaker(fileSystem: fs, seed: 7)
        var record = try maker.takeQuiz(course, name: "庚", unit: "xiquan", answers: ["k1": .option(0)], otherwise: .option(2),
            finishedAt: ReportWorld.at("2020-07-08T11:00:00+08:00"))
        #expect(record.score.percent == 66.7, "graded now: half up")
        try fs.remove(store.attemptPath(record))
        record.score = Score(storedPoints: 2, max: 3, percent: 66.6)
        try store.save(record)
        let bumped = Self.course(version: 2, k2Key: 2, questions: ["k1", "k2", "k3"], passPercent: 61)
        #expect(bumped.digest != course.digest, "a new pass mark: regrade looks at it again")
        let plan = makePlan(bumped)
        #expect(!plan.changes.contains { $0.original.trainee.name == "庚" }, "66.6 → 66.7 is rounding, not a change")
        #expect(plan.changes.allSatisfy { $0.scoreChanged || $0.passChanged })
    }
}
