/// Rescores stored attempts against the current answer keys, from the raw
/// responses. Records are never edited: a changed score becomes a new record
/// that `supersedes` the old one, and every report reads only the newest.
public enum Regrader {
    public struct Change: Sendable {
        public var original: AttemptRecord
        public var regraded: AttemptRecord
        public var path: String

        /// The exact points or maximum moved: not a figure that only rounds differently.
        public var scoreChanged: Bool {
            abs(original.exactPoints - regraded.exactPoints) > 1e-9 || abs(original.exactMax - regraded.exactMax) > 1e-9
        }
        public var passChanged: Bool { original.passed != regraded.passed }
    }

    /// Two different regradings of one attempt (e.g. made on two PCs with different keys, then merged).
    public struct Conflict: Sendable, Equatable {
        public var attempt: String
        /// The ids of the records that each claim to supersede it.
        public var regradings: [String]
    }

    public struct Plan: Sendable {
        public var changes: [Change] = []
        /// Courses of stored attempts that are not in the course folder.
        public var unknownCourses: [String] = []
        /// (course, question) pairs answered in stored attempts but no longer in the course.
        public var removedQuestions: [(course: String, question: String)] = []
        /// Records whose content no longer matches their digest: never regraded (that would re-seal them).
        public var refused: [String] = []
        /// Attempts superseded by more than one different record; left alone until the office decides.
        public var conflicts: [Conflict] = []
    }

    /// The id of the record that applies `grading` (a course digest) to `attempt`:
    /// the same regrade made twice, at once or on two PCs, is the same record.
    /// A regrade of a regrade keeps the first attempt's id as its stem, so ids do not grow.
    public static func supersedingID(of attempt: String, grading: String) -> String {
        let stem = attempt.range(of: "-r").map { String(attempt[..<$0.lowerBound]) } ?? attempt
        return stem + "-r" + String(SHA256Digest.hex("\(attempt)\n\(grading)").dropFirst("sha256:".count).prefix(16))
    }

    /// Attempts whose exact score or pass/fail would change under the current keys.
    public static func plan(library: CourseLibrary, attempts: [Loaded<AttemptRecord>]) -> Plan {
        var plan = Plan()
        let conflicted = noteConflicts(attempts.map { (id: $0.record.id, supersedes: $0.record.supersedes) }, into: &plan)
        let effective = Set(attempts.map(\.record).effective.map(\.id))
        var removed: Set<String> = []
        for loaded in attempts where effective.contains(loaded.record.id) && !conflicted.contains(loaded.record.id) {
            consider(loaded, library: library, into: &plan, removed: &removed)
        }
        finish(&plan)
        return plan
    }

    /// The same plan, for a province: the attempts are first read as summaries (ids and what
    /// they supersede, through the summary cache when allowed), then the records that may change
    /// are read in full a stretch at a time on every core; only the changes are kept. Also gives
    /// the files that could not be read.
    public static func plan(
        library: CourseLibrary, roots: [String], fileSystem: FileSystem, useCache: Bool = false
    ) -> (plan: Plan, skipped: [SkippedRecord]) {
        let loader = AttemptLoader(fileSystem: fileSystem, useCache: useCache)
        let loaded = loader.load(roots: roots, withItems: false, sources: true)
        var plan = Plan()
        let summaries = loaded.summaries
        let conflicted = noteConflicts(summaries.map { (id: $0.id, supersedes: $0.supersedes) }, into: &plan)
        let replaced = Set(summaries.compactMap(\.supersedes))
        let source = ItemSource(loader: loader, folders: loaded.folders, sources: loaded.sources)
        let scanner = RecordScanner(fileSystem: fileSystem)
        let stretch = ItemSource.stretch
        let parts = ParallelMap.map(Array(stride(from: 0, to: summaries.count, by: stretch)), chunk: 1) { start -> (Plan, [SkippedRecord]) in
            var part = Plan()
            var removed: Set<String> = []
            var skipped: [SkippedRecord] = []
            for index in start..<min(start + stretch, summaries.count) {
                let id = summaries[index].id
                guard !replaced.contains(id), !conflicted.contains(id) else { continue }
                switch scanner.read(AttemptRecord.self, path: source.path(at: index)) {
                case .success(let record) where record.record.id == id: consider(record, library: library, into: &part, removed: &removed)
                case .success: continue  // replaced by another record since it was listed
                case .failure(let problem): skipped.append(SkippedRecord(path: source.path(at: index), problem: problem))
                }
            }
            return (part, skipped)
        }
        var skipped = loaded.skipped
        var removed: Set<String> = []
        for (part, partSkipped) in parts {
            plan.changes += part.changes
            plan.refused += part.refused
            for course in part.unknownCourses where !plan.unknownCourses.contains(course) { plan.unknownCourses.append(course) }
            for pair in part.removedQuestions where removed.insert("\(pair.course)/\(pair.question)").inserted { plan.removedQuestions.append(pair) }
            skipped += partSkipped
        }
        finish(&plan)
        return (plan, skipped)
    }

    /// Attempts claimed by more than one different regrading: listed, and the claimants returned (left alone).
    static func noteConflicts(_ records: [(id: String, supersedes: String?)], into plan: inout Plan) -> Set<String> {
        var claims: [String: Set<String>] = [:]
        for record in records {
            if let target = record.supersedes { claims[target, default: []].insert(record.id) }
        }
        var conflicted: Set<String> = []
        for (target, ids) in claims where ids.count > 1 {
            plan.conflicts.append(Conflict(attempt: target, regradings: ids.sorted()))
            conflicted.formUnion(ids)
        }
        plan.conflicts.sort { $0.attempt < $1.attempt }
        return conflicted
    }

    static func finish(_ plan: inout Plan) {
        plan.refused.sort()
        plan.changes.sort { ($0.original.course.id, $0.original.finishedAt, $0.original.id) < ($1.original.course.id, $1.original.finishedAt, $1.original.id) }
    }

    /// One effective attempt: refused, of an unknown course, unchanged, or a change.
    static func consider(_ loaded: Loaded<AttemptRecord>, library: CourseLibrary, into plan: inout Plan, removed: inout Set<String>) {
        let record = loaded.record
        guard loaded.integrity == .verified else {
            plan.refused.append(loaded.path)
            return
        }
        guard let course = library.course(id: record.course.id) else {
            if !plan.unknownCourses.contains(record.course.id) { plan.unknownCourses.append(record.course.id) }
            return
        }
        // Graded against this exact key already: nothing can change.
        if record.course.digest == course.digest { return }
        let items = record.items.map { item -> AttemptItem in
            guard let authored = course.question(id: item.question) else {
                if removed.insert("\(course.id)/\(item.question)").inserted {
                    plan.removedQuestions.append((course.id, item.question))
                }
                return AttemptItem(question: item.question, type: item.type, shown: item.shown, raw: item.raw, response: item.response, points: 0, max: 0)
            }
            // A deadline question is graded on the dates that attempt drew.
            let question = item.drawn.map(authored.resolvingDeadline) ?? authored
            let response = reparse(item, question: question)
            let grade = Grader.grade(question, response: response, scoring: course.quiz.multipleScoring)
            return AttemptItem(
                question: item.question, type: question.type, shown: item.shown, raw: item.raw, response: response,
                points: grade.points, max: grade.max, drawn: item.drawn)
        }
        // Everything in the new record follows from the old one and the grading, so two runs write the same bytes.
        let regraded = AttemptRecord(
            id: supersedingID(of: record.id, grading: course.digest), createdAt: record.createdAt, trainee: record.trainee,
            session: record.session, course: CourseRef(course), kind: record.kind, mode: record.mode, startedAt: record.startedAt,
            finishedAt: record.finishedAt, items: items, passPercent: course.quiz.passPercent, supersedes: record.id)
        let change = Change(original: record, regraded: regraded, path: loaded.path)
        if change.scoreChanged || change.passChanged {
            plan.changes.append(change)
        }
    }

    /// The raw answer read again as shown; if that no longer fits the question
    /// (its options changed), the stored response is used if it still fits.
    static func reparse(_ item: AttemptItem, question: Question) -> Response? {
        guard let raw = item.raw else { return nil }
        let shownFits = question.type.usesOptions ? item.shown.sorted() == Array(question.options.indices) : true
        if shownFits, case .success(let response) = ResponseParser.parse(raw, question: question, shown: item.shown) {
            return response
        }
        if let stored = item.response, QuizRun.fits(stored, question) { return stored }
        return nil
    }

    /// Writes one new record per change. A record already there with the same
    /// bytes (the same regrade made at the same time elsewhere) counts as written.
    public static func apply(_ plan: Plan, store: ResultStore) -> (written: [AttemptRecord], failed: [(AttemptRecord, FileSystemError)]) {
        var written: [AttemptRecord] = []
        var failed: [(AttemptRecord, FileSystemError)] = []
        for change in plan.changes {
            let record = change.regraded
            do {
                try store.save(record)
                written.append(record)
            } catch {
                if case .exists = error, store.holds(record) {
                    written.append(record)
                } else {
                    failed.append((record, error))
                }
            }
        }
        return (written, failed)
    }
}
