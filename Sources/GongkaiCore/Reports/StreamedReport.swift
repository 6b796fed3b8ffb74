/// Reports made while the attempts stream past (`RecordSet.streamAttempts`), keeping only
/// what the report needs: `report items` keeps per-question tallies (`ItemsReport.Aggregate`),
/// `report scores` one cell per person and module (`ScoresReport.Aggregate`), `report completion`
/// per signed-in person and required module the best score and whether it passed
/// (`CompletionReport.Aggregate`).
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
        case completion(CompletionReport.Aggregate)

        /// Why cells could not be written to the scratch file (they were then held), if so.
        public var spillProblem: String? {
            if case .scores(let scores) = self { return scores.spillProblem }
            return nil
        }
    }

    /// Whether `kind` can be streamed at all.
    public static func supports(_ kind: Report.Kind) -> Bool { [.items, .scores, .completion].contains(kind) }

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
        now: Timestamp = Timestamp(seconds: 0, offset: 0), group: Int = AttemptLoader.streamGroup, spill: ScoresReport.SpillPolicy = .standard
    ) -> (RecordSet, Aggregate) {
        // Which attempts count needs only the filter here (see `plan`): the units a filter
        // resolved without the records names are roster units, so no record adds to them.
        let judge = ReportContext(library: library, records: RecordSet(), filter: filter, now: now, language: .zh)
        let session = filter.session
        let counts: @Sendable (AttemptSummary) -> Bool = { judge.counts($0, session: session) }
        var set = RecordSet()
        let others = ReportBuilder.needs(kind).subtracting([.attempts, .items, .itemStream])
        switch kind {
        case .completion:
            // The session's sign-ins say whose attempts matter: read before the attempts, added after (`load`'s order).
            let read = RecordSet.load(roots: roots, fileSystem: fileSystem, needs: others)
            let reported = judge.session
            var aggregate = CompletionReport.Aggregate(session: reported, attendance: read.attendance)
            let sessionID = reported?.id
            set.streamAttempts(
                roots: roots, fileSystem: fileSystem, withItems: false, useCache: useCache, group: group, consumer: &aggregate,
                reset: { CompletionReport.Aggregate(session: reported, attendance: read.attendance) },
                consume: { aggregate, batch in aggregate.add(batch) { judge.counts($0, session: sessionID) } })
            set.absorbOthers(read)
            return (set, .completion(aggregate))
        case .scores:
            // Cells beyond `spill.limit` go to a scratch file as sorted runs (`ScoresReport.Aggregate`).
            var aggregate = ScoresReport.Aggregate(library: library, policy: spill)
            set.streamAttempts(
                roots: roots, fileSystem: fileSystem, withItems: false, useCache: useCache, group: group, consumer: &aggregate,
                reset: { ScoresReport.Aggregate(library: library, policy: spill) }, consume: { $0.add($1, counts: counts) })
            set.absorbOthers(RecordSet.load(roots: roots, fileSystem: fileSystem, needs: others))
            return (set, .scores(aggregate))
        default:
            var aggregate = ItemsReport.Aggregate()
            // Items come from the summary cache where an entry holds them; other records are read, once.
            set.streamAttempts(
                roots: roots, fileSystem: fileSystem, withItems: true, useCache: useCache, group: group, consumer: &aggregate, reset: { ItemsReport.Aggregate() },
                consume: { $0.add($1, counts: counts) })
            set.absorbOthers(RecordSet.load(roots: roots, fileSystem: fileSystem, needs: others))
            return (set, .items(aggregate))
        }
    }

    /// The report from the aggregate; `context.records` is the set `load` gave. Throws when cells
    /// written to the scratch file cannot be read back.
    public static func build(_ context: ReportContext, _ aggregate: Aggregate) throws -> Report {
        switch aggregate {
        case .items(let items): return ItemsReport.build(context, aggregate: items)
        case .scores(let scores): return try ScoresReport.build(context, aggregate: scores)
        case .completion(let completion): return CompletionReport.build(context, aggregate: completion)
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
