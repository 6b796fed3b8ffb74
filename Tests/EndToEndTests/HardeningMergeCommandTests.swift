import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Several `--results` folders (copies from several PCs) through the real binary (issue 13):
/// copies that disagree in any field are a conflict, and a seal holds for every copy read.
@Suite("Hardening: several results folders")
struct HardeningMergeCommandTests {
    /// A copy of the results folder in which the first attempt differs only in what was typed:
    /// the same figures, so a comparison of summaries saw no difference.
    private func copyDifferingInRaw(_ cli: ReportCLI) throws -> (copy: String, path: String, id: String) {
        let copy = cli.box.work + "/copy"
        try FileManager.default.copyItem(atPath: cli.results, toPath: copy)
        try? FileManager.default.removeItem(atPath: copy + "/.cache")
        let file = cli.attemptFiles.first!
        let relative = String(file.dropFirst(cli.results.count))
        var record = try RecordCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: file))), as: AttemptRecord.self).0
        record.items[0].raw = (record.items[0].raw ?? "") + " "
        try Data(RecordCodec.encode(record)).write(to: URL(fileURLWithPath: copy + relative))
        return (copy, copy + relative, record.id)
    }

    @Test func copiesThatDifferOnlyInWhatWasTypedAreAConflictColdAndWarm() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let (copy, path, _) = try copyDifferingInRaw(cli)
        // Twice: the second run is served by each folder's summary cache.
        for run in 0..<2 {
            let report = try cli.report(["scores", "--format", "json", "--lang", "en"], results: [cli.results, copy])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stderr.contains("conflict") && report.stderr.contains(path), "run \(run): \(report.stderr)")
            let json = try cli.json(report)
            #expect(ReportCLI.people(json).count == 3, "each id counted once")
            #expect(json["conflictingRecords"] as? [String] == [path], "run \(run): the report itself says so")
            let table = try cli.report(["scores", "--lang", "en"], results: [cli.results, copy])
            #expect(table.stdout.contains("1 record conflicts between results folders"), "\(table.stdout)")
            let strict = try cli.report(["scores", "--strict", "--lang", "en"], results: [cli.results, copy])
            #expect(strict.status == 1)
        }
        // The same folder given twice is no conflict.
        let same = try cli.report(["scores", "--strict", "--lang", "en"], results: [cli.results, cli.results])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(!same.stderr.contains("conflict"))
    }

    @Test func aSealIsCheckedInEveryResultsFolderGiven() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let key = cli.box.root + "/office.key", seal = cli.box.root + "/seal.json"
        let made = try cli.box.run(["seal", "--results", cli.results, "--key", key, "--out", seal, "--lang", "en"])
        #expect(made.status == 0, "\(made.stderr)")
        let copy = cli.box.work + "/copy"
        try FileManager.default.copyItem(atPath: cli.results, toPath: copy)
        let intact = try cli.report(["scores", "--strict", "--seal", seal, "--seal-key", key, "--lang", "en"], results: [cli.results, copy])
        #expect(intact.status == 0, "\(intact.stderr)")
        // The forger edits the second copy only: a failed attempt becomes a pass, digest recomputed.
        let file = cli.attemptFiles.first!
        let forged = copy + String(file.dropFirst(cli.results.count))
        var record = try RecordCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: forged))), as: AttemptRecord.self).0
        record.passed.toggle()
        try Data(RecordCodec.encode(record)).write(to: URL(fileURLWithPath: forged))
        let refused = try cli.report(["scores", "--seal", seal, "--seal-key", key, "--lang", "en"], results: [cli.results, copy])
        #expect(refused.status == 1 && refused.stdout.isEmpty, "\(refused.stderr)")
        #expect(refused.stderr.contains("changed: " + forged), "\(refused.stderr)")
        // The order of the folders does not matter.
        let reversed = try cli.report(["scores", "--seal", seal, "--lang", "en"], results: [copy, cli.results])
        #expect(reversed.status == 1, "\(reversed.stderr)")
        let verify = try cli.box.run(["verify", "--results", cli.results, "--results", copy, "--seal", seal, "--key", key, "--lang", "en"])
        #expect(verify.status == 1 && verify.stderr.contains("changed: " + forged), "\(verify.stderr)")
        let verifyFirst = try cli.box.run(["verify", "--results", cli.results, "--seal", seal, "--key", key, "--lang", "en"])
        #expect(verifyFirst.status == 0, "the first folder alone is as sealed: \(verifyFirst.stderr)")
        // A folder that is not there is an error, not a copy with every record removed.
        let missing = try cli.report(["scores", "--seal", seal, "--lang", "en"], results: [cli.results, cli.box.work + "/nowhere"])
        #expect(missing.status == 1 && missing.stderr.contains("does not exist"), "\(missing.stderr)")
    }

    /// Two `regrade` runs at once, and a regrade of a copy on another PC, once wrote a superseding
    /// record per run (272 → 298 attempts): the same regrade is now the same record, counted once.
    @Test func regradesAtOnceAndOnACopyAreOneRecordEachWhenMerged() throws {
        let cli = try ReportCLI(k2Key: "B")
        try cli.takeQuiz("张三", unit: "xiquan", at: "2020-07-08T10:00:00+08:00")
        try cli.takeQuiz("李四", unit: "xiquan", wrong: ["b2": 1], at: "2020-07-08T10:01:00+08:00")
        try cli.takeQuiz("赵六", unit: "caizheng", wrong: ["b1": 0], at: "2020-07-08T10:02:00+08:00")
        try cli.takeQuiz("钱七", unit: "caizheng", wrong: ["b2": 0], at: "2020-07-08T10:03:00+08:00")
        let copy = cli.box.work + "/copy"
        try FileManager.default.copyItem(atPath: cli.results, toPath: copy)
        try cli.writeCourse(k2Key: "C", version: 2)
        let runs = LockedRuns()
        let arguments = ["regrade", "--courses", cli.courses, "--results", cli.results]
        let environment = cli.box.environment(), work = cli.box.work
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            runs.add(Result { try PipeRun.run(E2E.binary, arguments: arguments, input: "", environment: environment, directory: work) })
        }
        for run in runs.all {
            let result = try run.get()
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(cli.attemptFiles.count == 4 + 3, "three changes, one superseding record each: \(cli.attemptFiles)")
        let other = try cli.box.run(["regrade", "--courses", cli.courses, "--results", copy])
        #expect(other.status == 0, "\(other.stderr)")
        let merged = try cli.report(["scores", "--strict", "--format", "json", "--lang", "en"], results: [cli.results, copy])
        #expect(merged.status == 0, "\(merged.stderr)")
        let json = try cli.json(merged)
        #expect((json["totals"] as? [String: Any])?["attempts"] as? Int == 4, "each attempt once, with its newest grading")
        #expect(json["duplicateRecords"] as? Int == 7, "every record of the copy, regrades included, is the same record")
        #expect((json["conflictingRecords"] as? [String])?.isEmpty == true)
        #expect(ReportCLI.person(json, "张三")?["best"] as? Double == 100)
        let again = try cli.regrade()
        #expect(again.status == 0 && again.stdout.contains("没有需要重新评分"), "nothing left: \(again.stdout)")
    }
}

final class LockedRuns: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Result<PipeRun.Result, any Error>] = []
    func add(_ run: Result<PipeRun.Result, any Error>) { lock.withLock { runs.append(run) } }
    var all: [Result<PipeRun.Result, any Error>] { lock.withLock { runs } }
}
