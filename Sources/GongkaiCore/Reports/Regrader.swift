/// Rescores stored attempts against the current answer keys, from the raw
/// responses. Records are never edited: a changed score becomes a new record
/// that `supersedes` the old one, and every report reads only the newest.
public enum Regrader {
    public struct Change: Sendable {
        public var original: AttemptRecord
        public var regraded: AttemptRecord
        public var path: String

        public var scoreChanged: Bool { original.score != regraded.score }
        public var passChanged: Bool { original.passed != regraded.passed }
    }

    public struct Plan: Sendable {
        public var changes: [Change] = []
        /// Courses of stored attempts that are not in the course folder.
        public var unknownCourses: [String] = []
        /// (course, question) pairs answered in stored attempts but no longer in the course.
        public var removedQuestions: [(course: String, question: String)] = []
    }

    /// Attempts whose score or pass/fail would change under the current keys.
    public static func plan(library: CourseLibrary, attempts: [Loaded<AttemptRecord>]) -> Plan {
        var plan = Plan()
        let effective = Set(attempts.map(\.record).effective.map(\.id))
        var removed: Set<String> = []
        for loaded in attempts where effective.contains(loaded.record.id) {
            let record = loaded.record
            guard let course = library.course(id: record.course.id) else {
                if !plan.unknownCourses.contains(record.course.id) { plan.unknownCourses.append(record.course.id) }
                continue
            }
            // Graded against this exact key already: nothing can change.
            if record.course.digest == course.digest { continue }
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
            let regraded = AttemptRecord(
                id: record.id, createdAt: record.createdAt, trainee: record.trainee, session: record.session,
                course: CourseRef(course), kind: record.kind, mode: record.mode, startedAt: record.startedAt,
                finishedAt: record.finishedAt, items: items, passPercent: course.quiz.passPercent, supersedes: record.id)
            if regraded.score != record.score || regraded.passed != record.passed {
                plan.changes.append(Change(original: record, regraded: regraded, path: loaded.path))
            }
        }
        plan.changes.sort { ($0.original.course.id, $0.original.finishedAt, $0.original.id) < ($1.original.course.id, $1.original.finishedAt, $1.original.id) }
        return plan
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

    /// Writes one new record per change, with a fresh id, superseding the old one.
    public static func apply(_ plan: Plan, store: ResultStore, ids: RecordIDSource, now: Timestamp) -> (written: [AttemptRecord], failed: [(AttemptRecord, FileSystemError)]) {
        var written: [AttemptRecord] = []
        var failed: [(AttemptRecord, FileSystemError)] = []
        for change in plan.changes {
            var record = change.regraded
            record.id = ids.makeID(at: now)
            record.createdAt = now
            do {
                try store.save(record)
                written.append(record)
            } catch {
                failed.append((record, error))
            }
        }
        return (written, failed)
    }
}
