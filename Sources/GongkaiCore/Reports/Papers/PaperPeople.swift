/// People as the papers name them: a unit and a name compared as the shell compares
/// names (`TextNormalization.personName`: `王 小明` is `王小明`).
public struct PaperPerson: Sendable, Hashable, Comparable {
    public var unit: String
    /// The name made comparable.
    public var key: String

    public init(unit: String, name: String) {
        self.unit = unit
        key = TextNormalization.personName(name)
    }

    public init(_ trainee: Trainee) { self.init(unit: trainee.unit, name: trainee.name) }

    public static func < (a: PaperPerson, b: PaperPerson) -> Bool { (a.unit, a.key) < (b.unit, b.key) }
}

/// `--trainee NAME` that matches nobody in the records.
public struct PaperTraineeProblem: Error, Sendable, Equatable {
    public var name: String
    public var suggestion: String?

    public var message: PaperText { .unknownTrainee(name, suggestion: suggestion) }
}

extension ReportFilter {
    /// Whether a trainee is the one `--trainee` names (always, when none is named).
    func includesTrainee(_ trainee: Trainee) -> Bool {
        guard let wanted = self.trainee else { return true }
        return TextNormalization.personName(trainee.name) == TextNormalization.personName(wanted)
    }

    /// The filter with `--trainee` checked against the names in the records (within
    /// `--unit`, when one is given, already resolved to its id): a name nobody has is an
    /// error with the closest name, never an empty paper.
    public func resolvedTrainee(records: RecordSet) -> Result<ReportFilter, PaperTraineeProblem> {
        guard let given = trainee else { return .success(self) }
        let wanted = TextNormalization.personName(given)
        var names: [String] = []
        var seen: Set<String> = []
        func consider(_ t: Trainee) {
            guard unit == nil || t.unit == unit else { return }
            let key = TextNormalization.personName(t.name)
            if seen.insert(key).inserted { names.append(key) }
        }
        for record in records.attendance { consider(record.trainee) }
        for attempt in records.attempts { consider(attempt.trainee) }
        guard !wanted.isEmpty, seen.contains(wanted) else {
            return .failure(PaperTraineeProblem(name: Self.trim(given), suggestion: Suggestion.closestName(to: wanted, in: names.sorted())))
        }
        var out = self
        out.trainee = wanted
        return .success(out)
    }
}

/// Reads the `study.<course>` progress files under `Results/progress/<trainee>/`: lessons read, for transcripts.
/// A progress file is an autosave, not a record: one that cannot be read leaves "lessons read" unknown.
enum StudyLedger {
    static func load(roots: [String], fileSystem: FileSystem) -> [StudyProgress] {
        var out: [StudyProgress] = []
        let scanner = RecordScanner(fileSystem: fileSystem)
        // Named as `ResultStore.progressPath` names them: `study%2E<course>.json`.
        let prefix = PathEscaping.component(StudyProgress.name(course: ""))
        for root in roots {
            let found = fileSystem.survey(PathJoin.join(root, "progress"))
            for path in found.files.sorted() where PathJoin.fileName(of: path).hasPrefix(prefix) && path.hasSuffix(".json") {
                if case .success(let loaded) = scanner.read(StudyProgress.self, path: path) { out.append(loaded.record) }
            }
        }
        return out
    }
}
