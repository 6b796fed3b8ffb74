import Foundation
import Testing

@testable import GongkaiCore

/// `report scores --format xlsx` of a spilled report (`XLSXReportRenderer.write`): the people table's
/// rows go as worksheet XML to a scratch file and the zip to another, so neither the table nor the
/// workbook is held. With the spill bound forced tiny, the people table split into several sheets
/// and the output handed on in small stretches, every part of the package — and the package — is
/// the one the whole-in-memory path (`XLSXReportRenderer.render` of the array path's report) writes.
@Suite("Scores workbook in bounded memory")
struct ScoresWorkbookSpillTests {
    /// The parts of a package, by path, in the order it holds them.
    static func parts(_ bytes: [UInt8]) throws -> [(path: String, data: Data)] {
        let package = try ZipPackage(bytes: bytes)
        return try package.archive.map { entry in (entry.path, try #require(package.data(entry.path), "\(entry.path)")) }
    }

    @Test func spilledWorkbooksEqualTheWholeOnes() throws {
        let fs = try StreamedReportTests.world(seed: 61, lateRegrades: true)
        let folder = try ScoresSpillTests.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var split = 0
        for filter in StreamedReportTests.filters {
            for language in [Language.zh, .en] {
                let reference = try ScoresSpillTests.reference(fs, roots: ["/results"], filter: filter, language: language, format: .xlsx)
                let people = try #require(reference.tables.first).rows.count
                for limit in [3, Int.max] {
                    guard let (report, runs) = try ScoresSpillTests.streamed(
                        fs, roots: ["/results"], filter: filter, language: language, spill: .init(limit: limit, directory: folder), format: .xlsx)
                    else { continue }
                    #expect(report.tables.first?.source != nil, "the people table is made as it is written")
                    if limit == 3 { #expect(runs > 1) }
                    for rowsPerSheet in [7, 16, XLSXWriter.maxRows - 1] {
                        let label = "\(filter) \(language) limit \(limit) rows \(rowsPerSheet)"
                        let expected = try XLSXReportRenderer.render(reference, language: language, rowsPerSheet: rowsPerSheet)
                        var stretches: [[UInt8]] = []
                        try XLSXReportRenderer.write(report, language: language, rowsPerSheet: rowsPerSheet, scratchDirectory: folder, chunk: 97) {
                            stretches.append($0)
                        }
                        let bytes = stretches.flatMap { $0 }
                        #expect(stretches.count > 1, "handed on in stretches: \(label)")
                        let want = try Self.parts(expected), got = try Self.parts(bytes)
                        #expect(got.map(\.path) == want.map(\.path), "\(label)")
                        for (a, b) in zip(want, got) {
                            #expect(a.data == b.data, "\(a.path): \(label)")
                        }
                        let sheets = want.filter { $0.path.hasPrefix("xl/worksheets/") }.count
                        // Each table on as many sheets as it fills, then the summary.
                        #expect(sheets == reference.tables.reduce(1) { $0 + max(1, ($1.rows.count + rowsPerSheet - 1) / rowsPerSheet) }, "\(label)")
                        if people > rowsPerSheet { split += 1 }
                        #expect(bytes == expected, "the same package: \(label)")
                    }
                }
            }
        }
        #expect(split >= 10, "the people table went on in further sheets")
        // Both scratch files have no name: nothing is left in their folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// What `ReportRenderer.write` gives for a report that makes its rows: the workbook, through the
    /// scratch files, the same as for the report that holds them; and openpyxl reads it, table split and all.
    @Test func aSpilledWorkbookReadsBackWithOpenpyxl() throws {
        let fs = try StreamedReportTests.world(seed: 67, lateRegrades: false)
        let reference = try ScoresSpillTests.reference(fs, roots: ["/results"], filter: ReportFilter(), language: .zh, format: .xlsx)
        let (report, _) = try #require(
            try ScoresSpillTests.streamed(fs, roots: ["/results"], filter: ReportFilter(), language: .zh, spill: .init(limit: 4), format: .xlsx))
        var viaRenderer: [UInt8] = []
        try ReportRenderer.write(report, format: .xlsx, language: .zh, chunk: 1000) { viaRenderer += $0 }
        #expect(viaRenderer == ReportRenderer.render(reference, format: .xlsx, language: .zh))

        var bytes: [UInt8] = []
        try XLSXReportRenderer.write(report, language: .zh, rowsPerSheet: 10) { bytes += $0 }
        let sheets = try ReportWorkbookTests.read(bytes)
        let people = try #require(reference.tables.first)
        let count = (people.rows.count + 9) / 10
        #expect(count >= 3)
        #expect(sheets.count == reference.tables.reduce(1) { $0 + max(1, ($1.rows.count + 9) / 10) })
        #expect(sheets.prefix(count).allSatisfy { $0.rows.first?.map(\.text) == people.columns.map { Optional($0.title) } && $0.freeze == "A2" })
        let rows = sheets.prefix(count).flatMap { $0.rows.dropFirst() }
        #expect(rows.count == people.rows.count)
        var typed = 0
        for (read, row) in zip(rows, people.rows) {
            #expect(read[1].text == row[1].text && read[1].kind == "text")
            // The best score a percentage, the attempts a number: as the whole workbook has them.
            if case .percent(let p) = row[3].value { #expect(read[3].kind == "number" && abs((read[3].number ?? -1) * 100 - p) < 1e-9) }
            if case .number(let n) = row[4].value {
                #expect(read[4].kind == "number" && read[4].number == n)
                typed += 1
            }
        }
        #expect(typed == rows.count)
    }
}
