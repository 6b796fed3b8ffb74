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
}
