/// Reports made while the attempts stream past (`RecordSet.streamAttempts`), keeping only
/// what the report needs: `report items` keeps per-question tallies (`ItemsReport.Aggregate`).
/// The figures, JSON and CSV are those of the array path (`ReportBuilder.build` over
/// `RecordSet.load`), which stays for every other report and for the cases below.
///
/// A report streams only when everything it must know before the first attempt passes is
/// known without the attempts:
/// - the filter resolves against the course library and roster alone (a unit or course
///   known only from the records, or a misspelt one, needs every attempt: the array path
///   resolves it and says what is wrong as it always did);
/// - no module limits `counted_attempts` (which attempts count then depends on all of a
///   person's attempts at the module: `AttemptPolicy.uncounted`).
public enum StreamedReport {
    public enum Aggregate: Sendable {
        case items(ItemsReport.Aggregate)
        case scores(ScoresReport.Aggregate)
    }

    /// Whether `kind` can be streamed at all.
    public static func supports(_ kind: Report.Kind) -> Bool { kind == .items || kind == .scores }

    /// The filter to stream `kind` with, resolved; nil when the report must hold the attempts.
    public static func plan(_ kind: Report.Kind, library: CourseLibrary, filter: ReportFilter) -> ReportFilter? {
        guard supports(kind), !library.courses.contains(where: { $0.quiz.countedAttempts > 0 }) else { return nil }
        guard case .success(let resolved) = filter.resolved(library: library, records: RecordSet()) else { return nil }
        return resolved
    }

    /// The records of `roots` for `kind` with the attempts streamed into the report's aggregate:
    /// the set's lists (skipped, tampered, conflicts…) are those `RecordSet.load` gives, its
    /// `attempts` empty. `filter` as `plan` resolved it.
    public static func load(
        _ kind: Report.Kind, roots: [String], fileSystem: FileSystem, library: CourseLibrary, filter: ReportFilter, useCache: Bool,
        group: Int = AttemptLoader.streamGroup
    ) -> (RecordSet, Aggregate) {
        // Which attempts count needs only the filter here (see `plan`): the units a filter
        // resolved without the records names are roster units, so no record adds to them.
        let judge = ReportContext(library: library, records: RecordSet(), filter: filter, now: Timestamp(seconds: 0, offset: 0), language: .zh)
        let session = filter.session
        let counts: @Sendable (AttemptSummary) -> Bool = { judge.counts($0, session: session) }
        var set = RecordSet()
        let others = ReportBuilder.needs(kind).subtracting([.attempts, .items, .itemStream])
        switch kind {
        case .scores:
            var aggregate = ScoresReport.Aggregate()
            set.streamAttempts(
                roots: roots, fileSystem: fileSystem, withItems: false, useCache: useCache, group: group, consumer: &aggregate,
                reset: { ScoresReport.Aggregate() }, consume: { $0.add($1, counts: counts) })
            set.absorbOthers(RecordSet.load(roots: roots, fileSystem: fileSystem, needs: others))
            return (set, .scores(aggregate))
        default:
            var aggregate = ItemsReport.Aggregate()
            // Items are not in the summary cache: every record is read for them, once.
            set.streamAttempts(
                roots: roots, fileSystem: fileSystem, withItems: true, useCache: false, group: group, consumer: &aggregate, reset: { ItemsReport.Aggregate() },
                consume: { $0.add($1, counts: counts) })
            set.absorbOthers(RecordSet.load(roots: roots, fileSystem: fileSystem, needs: others))
            return (set, .items(aggregate))
        }
    }

    /// The report from the aggregate; `context.records` is the set `load` gave.
    public static func build(_ context: ReportContext, _ aggregate: Aggregate) -> Report {
        switch aggregate {
        case .items(let items): return ItemsReport.build(context, aggregate: items)
        case .scores(let scores): return ScoresReport.build(context, aggregate: scores)
        }
    }
}

extension RecordSet {
    /// Adds what `other` read besides attempts (after the attempts' lists, in `load`'s order).
    mutating func absorbOthers(_ other: RecordSet) {
        attendance = other.attendance
        audits = other.audits
        attemptSeals = other.attemptSeals
        study = other.study
        skipped += other.skipped
        tampered += other.tampered
        undigested += other.undigested
        duplicates += other.duplicates
        conflicts += other.conflicts
    }
}
