import Foundation
import Testing

@testable import GongkaiCore

/// Reports made while the attempts stream past (`StreamedReport`) give the JSON and CSV of
/// the array path (`RecordSet.load` + `ReportBuilder.build`): regraded attempts, copies in
/// a second folder (the same and with other content), tampered and undigested records,
/// filters, both languages.
@Suite("Streamed reports")
struct StreamedReportTests {
    static let library = ProvinceScaleTests.library()

    /// `ProvinceScaleTests.world` (copies of every seventh record in `/copy`), with regrades, a conflicting
    /// copy, a tampered and an undigested record. `lateRegrades`: replacements whose files sort after the
    /// attempt they replace (as `regrade` names them), else before it.
    static func world(seed: UInt64, lateRegrades: Bool) throws -> MemoryFileSystem {
        let fs = try ProvinceScaleTests.world(count: 300, seed: seed)
        // Sign-ins, so that completion reads attempts: most of the 40 people at s1, some at s0.
        let signer = RecordMaker(fileSystem: fs, seed: seed &+ 3)
        let units = ["xiquan", "luyang", "caizheng", "extra-unit"]
        for person in 0..<40 {
            if person % 3 != 0 { try signer.signIn("学员\(person)", unit: units[person % units.count], session: "s1", at: ReportWorld.at("2020-07-08T09:00:00+08:00")) }
            if person % 5 == 0 { try signer.signIn("学员\(person)", unit: units[person % units.count], session: "s0", at: ReportWorld.at("2020-06-01T09:00:00+08:00")) }
        }
        let store = ResultStore(root: "/results", fileSystem: fs)
        var generator = SeededGenerator(seed: seed &+ 7)
        let files = fs.allFiles.keys.filter { $0.hasPrefix("/results/attempts/") }.sorted()
        var regraded: [AttemptRecord] = []
        for path in files where generator.below(9) == 0 {
            let (record, _) = try RecordCodec.decode(try fs.readFile(path, limit: 1 << 20), as: AttemptRecord.self)
            var replacement = record
            replacement.id = lateRegrades ? record.id + "-r" : "0-regrade-" + record.id
            replacement.supersedes = record.id
            replacement.score.percent = Double(generator.below(101))
            replacement.passed = replacement.score.percent >= 60
            if !replacement.items.isEmpty { replacement.items[0].points = replacement.items[0].max - replacement.items[0].points }
            // In a folder of its own that sorts after (or before) the attempt's: another stretch of the stream.
            try store.save(replacement, to: Self.folder(of: replacement, late: lateRegrades))
            regraded.append(replacement)
        }
        // A regrade of a regrade, and a regrade copied into the second folder.
        if var twice = regraded.first {
            twice.supersedes = twice.id
            twice.id = lateRegrades ? twice.id + "-r" : "0-" + twice.id
            twice.score.percent = 100
            twice.passed = true
            try store.save(twice, to: Self.folder(of: twice, late: lateRegrades))
        }
        if let copied = regraded.last { try ResultStore(root: "/copy", fileSystem: fs).save(copied) }
        let rest = files.filter { !regraded.map(\.supersedes).contains(String($0.split(separator: "/").last!.dropLast(5))) }
        func edit(_ path: String, _ change: (String) -> String) {
            fs.put(change(String(decoding: fs.allFiles[path]!, as: UTF8.self)), at: path)
        }
        // A copy in the second folder with other content (a conflict), one tampered, one without a digest.
        let conflicting = rest[3]
        fs.put(fs.allFiles[conflicting]!, at: "/copy" + conflicting.dropFirst("/results".count))
        edit("/copy" + conflicting.dropFirst("/results".count)) { $0.replacingOccurrences(of: "\"name\": \"学员", with: "\"name\": \"学员冲突") }
        edit(rest[10]) { $0.replacingOccurrences(of: "\"name\": \"学员", with: "\"name\": \"学员改") }
        edit(rest[20]) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  \"digest\": ") }.joined(separator: "\n")
        }
        return fs
    }

    static func folder(of record: AttemptRecord, late: Bool) -> String {
        "/results/attempts/\(record.course.id)/\(late ? "2099-12" : "0000-01")/\(record.id).json"
    }

    /// As `gongkai report` makes it: streamed when `StreamedReport.plan` allows, else from the array.
    static func streamed(
        _ kind: Report.Kind, _ fs: FileSystem, roots: [String], filter: ReportFilter, language: Language
    ) throws -> (Report, RecordSet, streamed: Bool) {
        guard let plan = StreamedReport.plan(kind, library: library, filter: filter) else {
            let records = RecordSet.load(roots: roots, fileSystem: fs, needs: ReportBuilder.needs(kind))
            let resolved = try filter.resolved(library: library, records: records).get()
            let context = ReportContext(library: library, records: records, filter: resolved, now: ReportWorld.now, language: language)
            return (ReportBuilder.build(kind, context), records, false)
        }
        let (records, aggregate) = StreamedReport.load(kind, roots: roots, fileSystem: fs, library: library, filter: plan, useCache: false, now: ReportWorld.now, group: 1)
        let resolved = try filter.resolved(library: library, records: records).get()
        #expect(resolved == plan, "resolving with the streamed records changes nothing")
        let context = ReportContext(library: library, records: records, filter: resolved, now: ReportWorld.now, language: language)
        return (try StreamedReport.build(context, aggregate), records, true)
    }

    /// The array path: every summary held.
    static func array(_ kind: Report.Kind, _ fs: FileSystem, roots: [String], filter: ReportFilter, language: Language) throws -> (Report, RecordSet) {
        let records = RecordSet.load(roots: roots, fileSystem: fs, needs: ReportBuilder.needs(kind))
        let resolved = try filter.resolved(library: library, records: records).get()
        let context = ReportContext(library: library, records: records, filter: resolved, now: ReportWorld.now, language: language)
        return (ReportBuilder.build(kind, context), records)
    }

    static let filters = [
        ReportFilter(), ReportFilter(course: "province"), ReportFilter(unit: "xiquan"), ReportFilter(session: "s0"),
        ReportFilter(since: ReportWorld.day("2020-07-05"), until: ReportWorld.day("2020-07-20")),
        // Known only from the records: the array path resolves it.
        ReportFilter(unit: "extra-unit"),
    ]

    static func csv(_ report: Report, _ language: Language) -> String {
        String(decoding: ReportRenderer.render(report, format: .csv, language: language), as: UTF8.self)
    }

    @Test(arguments: [Report.Kind.items, .scores, .completion], [false, true])
    func streamedReportsEqualTheArrayPath(kind: Report.Kind, lateRegrades: Bool) throws {
        let fs = try Self.world(seed: lateRegrades ? 17 : 21, lateRegrades: lateRegrades)
        var streamedCount = 0
        for roots in [["/results"], ["/results", "/copy"]] {
            for filter in Self.filters {
                for language in [Language.zh, .en] {
                    let (streamed, records, wasStreamed) = try Self.streamed(kind, fs, roots: roots, filter: filter, language: language)
                    let (reference, referenceRecords) = try Self.array(kind, fs, roots: roots, filter: filter, language: language)
                    let label = "\(roots) \(filter) \(language)"
                    #expect(ReportWorld.json(streamed) == ReportWorld.json(reference), "\(label)")
                    #expect(Self.csv(streamed, language) == Self.csv(reference, language), "\(label)")
                    #expect(records.skipped == referenceRecords.skipped && records.conflicts == referenceRecords.conflicts, "\(label)")
                    #expect(records.tampered == referenceRecords.tampered && records.undigested == referenceRecords.undigested, "\(label)")
                    #expect(records.duplicates == referenceRecords.duplicates, "\(label)")
                    if kind == .completion {
                        let attendees = reference.json["units"]?.arrayValue?.flatMap { $0["attendees"]?.arrayValue ?? [] } ?? []
                        let passed = attendees.reduce(0) { $0 + ($1["passed"]?.arrayValue?.count ?? 0) }
                        #expect(filter.course != nil || filter.since != nil || passed > 0, "some attendees passed: \(label)")
                    } else {
                        #expect((reference.json["totals", "attempts"]?.intValue ?? 0) > 0, "the filter keeps some attempts: \(label)")
                    }
                    if wasStreamed {
                        streamedCount += 1
                        #expect(records.attempts.isEmpty, "no summary is held")
                        #expect(records.streamedAttempts == referenceRecords.attempts.count, "\(label)")
                        // Replacements read after what they replace take a second pass; read before, one. So does
                        // a conflicting copy (the id table cannot tell it from two ids with one hash: `SeenIDs`).
                        #expect(records.streamPasses == (lateRegrades || !referenceRecords.conflicts.isEmpty ? 2 : 1), "\(label)")
                    }
                }
            }
        }
        #expect(streamedCount == 2 * 5 * 2, "every filter but the record-only unit streams")
        // The data set has what it should: regrades, a conflict, a tampered and an undigested record.
        let (_, all) = try Self.array(.items, fs, roots: ["/results", "/copy"], filter: ReportFilter(), language: .zh)
        #expect(all.conflicts.count == 1, "\(all.conflicts)")
        #expect(all.tampered.count == 2, "the edited record and the conflicting copy: \(all.tampered)")
        #expect(all.undigested.count == 1, "\(all.undigested)")
        #expect(all.duplicates > all.conflicts.count)
        #expect(all.attempts.contains { $0.supersedes != nil })
    }

    /// Attempts in any order (a pass read after later attempts, equal finishing times): the cells summed
    /// a batch at a time give the array path's people, attempts until passing included.
    /// The streamed reports through the summary cache: cold (the cache is written as the records
    /// are read), then warm, when every summary — and for `report items` every item — must come
    /// from the cache (a record read would count as parsed); both equal the array path without a cache.
    @Test(arguments: [Report.Kind.items, .scores, .completion])
    func streamedReportsServedFromTheCacheEqualTheArrayPath(kind: Report.Kind) throws {
        let fs = try Self.world(seed: 29, lateRegrades: true)
        let roots = ["/results", "/copy"]
        let filter = ReportFilter()
        let (expected, expectedRecords) = try Self.array(kind, fs, roots: roots, filter: filter, language: .zh)
        let plan = try #require(StreamedReport.plan(kind, library: Self.library, filter: filter))
        func run() throws -> (Report, RecordSet) {
            let (records, aggregate) = StreamedReport.load(
                kind, roots: roots, fileSystem: fs, library: Self.library, filter: plan, useCache: true, now: ReportWorld.now, group: 1)
            let context = ReportContext(library: Self.library, records: records, filter: plan, now: ReportWorld.now, language: .zh)
            return (try StreamedReport.build(context, aggregate), records)
        }
        #expect(fs.allFiles.keys.allSatisfy { !$0.contains("/.cache/") })
        let (cold, _) = try run()
        #expect(fs.allFiles.keys.contains { $0.hasSuffix("/.cache/" + SummaryCache.fileName) }, "the cold run wrote a cache")
        #expect(Self.csv(cold, .zh) == Self.csv(expected, .zh))
        let (warm, warmRecords) = try run()
        #expect(warmRecords.parsedRecords == 0, "every attempt, with its items, from the cache")
        #expect(warmRecords.cachedRecords > 0 && warmRecords.cacheProblems.isEmpty)
        #expect(warmRecords.skipped.map(\.path) == expectedRecords.skipped.map(\.path))
        #expect(Self.csv(warm, .zh) == Self.csv(expected, .zh))
        #expect(ReportWorld.json(warm) == ReportWorld.json(expected))
    }

    @Test func scoreCellsDoNotDependOnTheOrderTheAttemptsArrive() throws {
        var generator = SeededGenerator(seed: 33)
        var attempts = ProvinceScaleTests.synthetic(900, seed: 4).enumerated().map { index, attempt in
            var attempt = attempt
            attempt.trainee = Trainee(name: "学员\(index % 40)", unit: "u\(index % 3)")
            attempt.course = ["c", "province", "basics"][index % 3]
            // Few distinct times, so that ties happen; passes scattered.
            attempt.finishedAt = Timestamp(seconds: 1_600_000_000 + Int64(generator.below(30)) * 60, offset: 28800)
            attempt.percent = Double(generator.below(101))
            attempt.passed = attempt.percent >= 70
            return attempt
        }
        for round in 0..<4 {
            attempts.shuffle(using: &generator)
            var records = RecordSet()
            records.attempts = attempts
            let context = ReportContext(library: Self.library, records: records, filter: ReportFilter(), now: ReportWorld.now, language: .en)
            let reference = ScoresReport.build(context)
            var aggregate = ScoresReport.Aggregate(library: Self.library, policy: .init(limit: 1 + round * 17))
            var start = 0
            while start < attempts.count {
                let end = min(start + 1 + generator.below(60), attempts.count)
                aggregate.add(Array(attempts[start..<end]), counts: { context.counts($0, session: nil) })
                start = end
            }
            let streamed = try ScoresReport.build(context, aggregate: aggregate)
            #expect(ReportWorld.json(streamed) == ReportWorld.json(reference), "round \(round)")
            #expect(Self.csv(streamed, .en) == Self.csv(reference, .en), "round \(round)")
            let toPass = reference.json["people"]?.arrayValue?.compactMap { $0["attemptsToPass"]?.intValue } ?? []
            #expect(toPass.contains { $0 > 1 }, "some people needed several attempts")
        }
    }
}
