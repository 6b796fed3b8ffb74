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
            note(consider(loaded, library: library), path: loaded.path, into: &plan, removed: &removed)
        }
        finish(&plan)
        return plan
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

    /// What one effective attempt gives under the current keys.
    struct Considered: Sendable {
        /// Its content no longer matches its digest.
        var refused = false
        /// Its course is not in the course folder.
        var unknownCourse: String?
        /// Its course, and those of its questions that are no longer in it, in the attempt's order.
        var course = ""
        var removed: [String] = []
        var change: Change?
    }

    /// Adds one attempt's outcome to `plan` (`removed`: the course/question pairs noted so far).
    static func note(_ considered: Considered, path: String, into plan: inout Plan, removed: inout Set<String>) {
        if considered.refused { plan.refused.append(path) }
        if let course = considered.unknownCourse, !plan.unknownCourses.contains(course) { plan.unknownCourses.append(course) }
        for question in considered.removed where removed.insert("\(considered.course)/\(question)").inserted {
            plan.removedQuestions.append((considered.course, question))
        }
        if let change = considered.change { plan.changes.append(change) }
    }

    /// One effective attempt: refused, of an unknown course, unchanged, or a change.
    static func consider(_ loaded: Loaded<AttemptRecord>, library: CourseLibrary) -> Considered {
        let record = loaded.record
        var considered = Considered(course: record.course.id)
        guard loaded.integrity == .verified else {
            considered.refused = true
            return considered
        }
        guard let course = library.course(id: record.course.id) else {
            considered.unknownCourse = record.course.id
            return considered
        }
        // Graded against this exact key already: nothing can change.
        if record.course.digest == course.digest { return considered }
        let items = record.items.map { item -> AttemptItem in
            guard let authored = course.question(id: item.question) else {
                considered.removed.append(item.question)
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
            considered.change = change
        }
        return considered
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
