/// A module's attempt policy (`quiz:` in the course file): how many attempts count
/// (`counted_attempts`: the best of the first N; later ones are practice) and how
/// long a trainee waits between attempts (`retake_wait_minutes`). One rule for the
/// shell, `report scores` and completion.
public enum AttemptPolicy {
    /// When the next attempt may start, or nil when it may start now.
    public static func nextStart(after attempts: [Timestamp], settings: QuizSettings, now: Timestamp) -> Timestamp? {
        guard settings.retakeWaitMinutes > 0, let last = attempts.max() else { return nil }
        let allowed = Timestamp(seconds: last.seconds + Int64(settings.retakeWaitMinutes) * 60, offset: now.offset)
        return allowed.seconds > now.seconds ? allowed : nil
    }

    /// Ids of quiz attempts that do not count: beyond the first `counted_attempts` of a
    /// person at a module, in the order they were finished. Empty when no module limits it.
    public static func uncounted(_ attempts: [AttemptSummary], library: CourseLibrary) -> Set<String> {
        let limits = Dictionary(
            library.courses.filter { $0.quiz.countedAttempts > 0 }.map { ($0.id, $0.quiz.countedAttempts) }, uniquingKeysWith: { a, _ in a })
        guard !limits.isEmpty else { return [] }
        struct Key: Hashable { var unit: String, name: String, course: String }
        var groups: [Key: [(finished: Timestamp, id: String)]] = [:]
        // The newest grading of each attempt; a regrade keeps the attempt's finishing time.
        for a in attempts.effective where a.kind == .quiz && limits[a.course] != nil {
            groups[Key(unit: a.trainee.unit, name: a.trainee.name, course: a.course), default: []].append((a.finishedAt, a.id))
        }
        var result: Set<String> = []
        for (key, list) in groups {
            let limit = limits[key.course]!
            for entry in list.sorted(by: { ($0.finished, $0.id) < ($1.finished, $1.id) }).dropFirst(limit) { result.insert(entry.id) }
        }
        return result
    }
}
