import Foundation
import Testing

@testable import GongkaiCore

/// A large `report scores` spills its (person, module) cells to a scratch file as sorted runs and
/// writes its people table a row at a time (`ScoresReport.Aggregate`, `Report.RowSource`). With the
/// spill bound forced tiny and the output handed on in small stretches, every format gives the bytes
/// of the array path (every summary held, the report built whole) — filters, both languages.
@Suite("Scores in bounded memory")
struct ScoresSpillTests {
    static let library = StreamedReportTests.library

    /// A fresh, empty folder for scratch files.
    static func scratchFolder() throws -> String {
        let path = NSTemporaryDirectory() + "gongkai-spill-test-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func streamed(
        _ fs: FileSystem, roots: [String], filter: ReportFilter, language: Language, spill: ScoresReport.SpillPolicy, format: ReportFormat
    ) throws -> (Report, runs: Int)? {
        guard let plan = StreamedReport.plan(.scores, library: library, filter: filter) else { return nil }
        let (records, aggregate) = StreamedReport.load(
            .scores, roots: roots, fileSystem: fs, library: library, filter: plan, useCache: false, now: ReportWorld.now, group: 1, spill: spill)
        guard case .scores(let scores) = aggregate else { return nil }
        #expect(scores.spillProblem == nil)
        let context = ReportContext(
            library: library, records: records, filter: plan, now: ReportWorld.now, language: language, wantsJSON: format == .json,
            wantsTables: format != .json)
        return (try StreamedReport.build(context, aggregate), scores.runCount)
    }

    static func reference(_ fs: FileSystem, roots: [String], filter: ReportFilter, language: Language, format: ReportFormat) throws -> Report {
        let records = RecordSet.load(roots: roots, fileSystem: fs, needs: ReportBuilder.needs(.scores))
        let resolved = try filter.resolved(library: library, records: records).get()
        let context = ReportContext(
            library: library, records: records, filter: resolved, now: ReportWorld.now, language: language, wantsJSON: format == .json,
            wantsTables: format != .json)
        return ReportBuilder.build(.scores, context)
    }

    /// The bytes `write` hands on in stretches of about `chunk` bytes, joined; each stretch but the last ends a line.
    static func written(_ report: Report, _ format: ReportFormat, _ language: Language, width: Int, color: Bool, chunk: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var stretches: [[UInt8]] = []
        try ReportRenderer.write(report, format: format, language: language, width: width, color: color, chunk: chunk) { stretches.append($0) }
        for (index, stretch) in stretches.enumerated() {
            if index < stretches.count - 1, format != .xlsx { #expect(stretch.last == 0x0A, "a stretch ends at a line break") }
            out += stretch
        }
        return out
    }

    @Test(arguments: ReportFormat.allCases)
    func spilledAndStreamedScoresEqualTheArrayPath(format: ReportFormat) throws {
        let fs = try StreamedReportTests.world(seed: 41, lateRegrades: true)
        let folder = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var spilled = 0
        for roots in [["/results"], ["/results", "/copy"]] {
            for filter in StreamedReportTests.filters {
                for language in [Language.zh, .en] {
                    let reference = try Self.reference(fs, roots: roots, filter: filter, language: language, format: format)
                    let label = "\(format) \(roots) \(filter) \(language)"
                    // Wide, and narrow enough that columns shrink or rows become blocks.
                    let layouts = format == .table ? [(120, false), (100, true), (44, false), (20, false)] : [(120, false)]
                    let expected = layouts.map { ReportRenderer.render(reference, format: format, language: language, width: $0.0, color: $0.1) }
                    for limit in [2, 7, Int.max] {
                        guard let (report, runs) = try Self.streamed(
                            fs, roots: roots, filter: filter, language: language, spill: .init(limit: limit, directory: folder), format: format)
                        else { continue }
                        if limit == 2 {
                            #expect(runs > 1, "the cells went to several runs: \(label)")
                            spilled += 1
                        }
                        if limit == Int.max { #expect(runs == 0) }
                        for ((width, color), expected) in zip(layouts, expected) {
                            #expect(expected.count > 200, "\(label)")
                            let bytes = try Self.written(report, format, language, width: width, color: color, chunk: 97)
                            #expect(bytes == expected, "\(label) width \(width) limit \(limit)")
                        }
                        // Rendered again from the same report: the runs are read again, alike.
                        #expect(ReportRenderer.render(report, format: format, language: language, width: 120) == expected[0], "\(label)")
                    }
                }
            }
        }
        #expect(spilled >= 2 * 5 * 2, "every filter that streams spilled")
        // The scratch file has no name: nothing is left in its folder, during or after.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// `--table units` and `--table people` of a spilled report, as CSV.
    @Test func namedTablesOfASpilledReport() throws {
        let fs = try StreamedReportTests.world(seed: 43, lateRegrades: false)
        let reference = try Self.reference(fs, roots: ["/results"], filter: ReportFilter(), language: .zh, format: .csv)
        let (report, runs) = try #require(
            try Self.streamed(fs, roots: ["/results"], filter: ReportFilter(), language: .zh, spill: .init(limit: 5), format: .csv))
        #expect(runs > 1)
        for name in ["people", "units", "courses"] {
            let expected = CSVReportRenderer.render(reference, table: reference.table(named: name))
            var bytes: [UInt8] = []
            try ReportRenderer.write(report, format: .csv, language: .zh, table: report.table(named: name), chunk: 50) { bytes += $0 }
            #expect(bytes == expected, "\(name)")
            #expect(bytes.count > 100)
        }
        let materialized = try report.materialized()
        #expect(materialized.sections[0].rows.count == reference.sections[0].rows.count)
        #expect(materialized.sections[0].rows == reference.sections[0].rows)
    }

    /// Pieces of one cell read in several runs combine as one pass over every attempt would
    /// (ties of finishing time, a pass read after later attempts, attempts until passing).
    @Test func cellPiecesCombineInReadingOrder() throws {
        var generator = SeededGenerator(seed: 47)
        for round in 0..<30 {
            let times = (0..<(1 + generator.below(9))).map { _ in Timestamp(seconds: 1_600_000_000 + Int64(generator.below(6)) * 60, offset: 28800 + 3600 * generator.below(2)) }
            let attempts = times.map { t -> AttemptSummary in
                var a = ProvinceScaleTests.synthetic(1, seed: UInt64(round))[0]
                a.finishedAt = t
                a.percent = Double(generator.below(101))
                a.passed = a.percent >= 60
                return a
            }
            var whole = ScoresReport.Aggregate.Cell(attempts[0])
            for a in attempts.dropFirst() { whole.add(a) }
            let cut = 1 + generator.below(max(1, attempts.count - 1))
            guard cut < attempts.count else { continue }
            var left = ScoresReport.Aggregate.Cell(attempts[0])
            for a in attempts[1..<cut] { left.add(a) }
            var right = ScoresReport.Aggregate.Cell(attempts[cut])
            for a in attempts[(cut + 1)...] { right.add(a) }
            left.absorb(right)
            #expect(left.best == whole.best && left.attempts == whole.attempts && left.passed == whole.passed, "round \(round)")
            #expect(left.first == whole.first && left.first.offset == whole.first.offset && left.firstPassed == whole.firstPassed, "round \(round)")
            #expect(left.last == whole.last && left.last.offset == whole.last.offset && left.firstPass == whole.firstPass, "round \(round)")
            #expect(left.firstPass == nil || left.upToPass.count == whole.upToPass.count, "round \(round)")
            // Through the codec a run uses, too.
            var bytes: [UInt8] = []
            SpillCodec.write(.init(unit: 3, course: 2, name: "学员 \(round)"), left, into: &bytes)
            var position = 0
            let back = try #require(SpillCodec.read(bytes, at: &position))
            #expect(position == bytes.count && back.key.name == "学员 \(round)" && back.key.unit == 3 && back.key.course == 2)
            #expect(back.value.upToPass == left.upToPass && back.value.best == left.best && back.value.firstPass == left.firstPass)
            var short = 0
            #expect(SpillCodec.read(Array(bytes.prefix(bytes.count - 3)), at: &short) == nil, "a cut cell is not read")
        }
    }

    /// A scratch folder that cannot be written: the cells stay in memory, the report is the same, and why is said.
    @Test func aScratchFileThatCannotBeMadeKeepsTheCellsInMemory() throws {
        let fs = try StreamedReportTests.world(seed: 53, lateRegrades: false)
        let reference = try Self.reference(fs, roots: ["/results"], filter: ReportFilter(), language: .en, format: .csv)
        let plan = try #require(StreamedReport.plan(.scores, library: Self.library, filter: ReportFilter()))
        let (records, aggregate) = StreamedReport.load(
            .scores, roots: ["/results"], fileSystem: fs, library: Self.library, filter: plan, useCache: false, now: ReportWorld.now, group: 1,
            spill: .init(limit: 3, directory: "/nonexistent-gongkai-folder/deeper"))
        let problem = try #require(aggregate.spillProblem)
        #expect(problem.contains("/nonexistent-gongkai-folder/deeper"))
        #expect(ScoresSpillText.spillFailed(problem).text(in: .en).contains("holding them in memory"))
        let context = ReportContext(library: Self.library, records: records, filter: plan, now: ReportWorld.now, language: .en)
        let report = try StreamedReport.build(context, aggregate)
        #expect(ReportRenderer.render(report, format: .csv, language: .en) == ReportRenderer.render(reference, format: .csv, language: .en))
    }
}
