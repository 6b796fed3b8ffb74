/// Per person (`--trainee`, or everyone of `--unit`): every module with lessons read, attempts
/// and the best score; the quiz attempts one by one; the sessions they signed in to.
/// Best and passed follow `report scores` (counted quiz attempts only).
public enum TranscriptReport {
    public struct CourseLine: Sendable, Equatable {
        public var course: String
        public var attempts: [AttemptSummary]
        /// Attempts past the module's `counted_attempts`: shown, never scored.
        public var uncounted: Set<String>
        public var lessonsRead: Int?
        public var lessons: Int?
        public var best: Double? {
            attempts.filter { !uncounted.contains($0.id) }.map(\.percent).max()
        }
        public var passed: Bool { attempts.contains { $0.passed && !uncounted.contains($0.id) } }
        public var passedOn: LocalDate? {
            attempts.filter { $0.passed && !uncounted.contains($0.id) }.map(\.finishedAt).min()?.localDate
        }
    }

    public struct Person: Sendable, Equatable {
        public var name: String
        public var unit: String
        public var courses: [CourseLine]
        public var signIns: [AttendanceRecord]
    }

    /// The people the filter names, each with their modules and sign-ins.
    public static func people(_ ctx: ReportContext) -> [Person] {
        let allowed = Set(ctx.units.map(\.id))
        func wanted(_ t: Trainee) -> Bool {
            (ctx.filter.unit == nil || allowed.contains(t.unit)) && ctx.filter.includesTrainee(t)
        }
        var names: [PaperPerson: String] = [:]
        var attempts: [PaperPerson: [AttemptSummary]] = [:]
        var signIns: [PaperPerson: [AttendanceRecord]] = [:]
        for attempt in ctx.records.attempts where attempt.kind == .quiz && wanted(attempt.trainee) {
            if let session = ctx.filter.session, attempt.session != session { continue }
            if let course = ctx.filter.course, attempt.course != course { continue }
            guard ctx.filter.includes(attempt.finishedAt.localDate) else { continue }
            let person = PaperPerson(attempt.trainee)
            if names[person] == nil { names[person] = attempt.trainee.name }
            attempts[person, default: []].append(attempt)
        }
        for record in ctx.records.attendance where wanted(record.trainee) {
            if let session = ctx.filter.session, record.session != session { continue }
            guard ctx.filter.includes(record.createdAt.localDate) else { continue }
            let person = PaperPerson(record.trainee)
            if names[person] == nil { names[person] = record.trainee.name }
            signIns[person, default: []].append(record)
        }
        var study: [PaperPerson: [String: StudyProgress]] = [:]
        for progress in ctx.records.study { study[PaperPerson(progress.trainee), default: [:]][progress.course] = progress }
        let unitRank = Dictionary(ctx.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let people = names.keys.sorted { (unitRank[$0.unit] ?? Int.max, $0) < (unitRank[$1.unit] ?? Int.max, $1) }
        let libraryCourses = ctx.library.courses.map(\.id).filter { ctx.filter.course == nil || $0 == ctx.filter.course }
        return people.map { person in
            let mine = attempts[person] ?? []
            let extra = Set(mine.map(\.course)).subtracting(libraryCourses).sorted()
            let lines = (libraryCourses + extra).map { id -> CourseLine in
                let these = mine.filter { $0.course == id }.sorted { ($0.finishedAt, $0.id) < ($1.finishedAt, $1.id) }
                let course = ctx.library.course(id: id)
                let progress = study[person]?[id]
                return CourseLine(
                    course: id, attempts: these, uncounted: Set(these.map(\.id)).intersection(ctx.uncounted),
                    lessonsRead: course.flatMap { c in progress.map { $0.readCount(in: c) } }, lessons: course?.lessons.count)
            }
            var seen: Set<String> = []
            let signed = (signIns[person] ?? []).sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }.filter { seen.insert($0.session).inserted }
            return Person(name: names[person]!, unit: person.unit, courses: lines, signIns: signed)
        }
    }

    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.transcript, session: session)
        if let trainee = ctx.filter.trainee { report.subtitle += " · " + t(PaperText.filterTrainee(trainee)) }
        let people = people(ctx)
        func unitName(_ id: String) -> String { ctx.roster.unit(id: id)?.name ?? id }
        let yes = t(ReportText.yes), no = t(ReportText.no)
        var sections: [Report.Section] = []
        var flat: [[Report.Cell]] = []
        var json: [JSONValue] = []
        var attemptCount = 0
        for (index, person) in people.enumerated() {
            let heading = t(PaperText.transcriptPerson(name: person.name, unit: unitName(person.unit)))
            var courseRows: [[Report.Cell]] = []
            var attemptRows: [[Report.Cell]] = []
            var coursesJSON: [JSONValue] = []
            for line in person.courses {
                let title = ctx.courseTitle(line.course)
                let read = line.lessonsRead.map { Report.Cell.ratio($0, of: line.lessons ?? 0) } ?? Report.Cell("—", csv: ["", ""], value: .missing)
                courseRows.append([
                    Report.Cell(title), read, .number(line.attempts.count),
                    .percent(line.best),
                    Report.Cell(line.attempts.isEmpty ? "—" : (line.passed ? yes : no), line.attempts.isEmpty ? .muted : (line.passed ? .good : .bad)),
                    .date(line.passedOn),
                ])
                for attempt in line.attempts {
                    attemptCount += 1
                    let counted = !line.uncounted.contains(attempt.id)
                    let sessionTitle = attempt.session.map { ctx.roster.session(id: $0)?.title ?? $0 } ?? t(PaperText.selfStudy)
                    let cells = [
                        Report.Cell(title), .time(attempt.finishedAt), Report.Cell(sessionTitle),
                        .percent(attempt.percent), Report.Cell(attempt.passed ? yes : no, attempt.passed ? .good : .bad),
                        Report.Cell(counted ? "" : t(PaperText.notCounted), .muted),
                    ]
                    attemptRows.append(cells)
                    flat.append([Report.Cell(unitName(person.unit)), Report.Cell(person.name)] + cells)
                }
                coursesJSON.append([
                    "id": .string(line.course), "title": .string(title),
                    "lessonsRead": line.lessonsRead.map { .int($0) } ?? .null, "lessons": line.lessons.map { .int($0) } ?? .null,
                    "attempts": .array(line.attempts.map { a in
                        [
                            "id": .string(a.id), "finishedAt": .string(a.finishedAt.description), "session": .optional(a.session),
                            "percent": .number(a.percent), "passed": .bool(a.passed), "counted": .bool(!line.uncounted.contains(a.id)),
                        ]
                    }),
                    "attemptCount": .int(line.attempts.count), "best": .optional(line.best), "passed": .bool(line.passed),
                    "passedOn": .optional(line.passedOn?.description),
                ])
            }
            let signRows = person.signIns.map { record -> [Report.Cell] in
                let s = ctx.roster.session(id: record.session)
                return [Report.Cell(s?.title ?? record.session), .date(s?.date), .time(record.createdAt)]
            }
            sections.append(
                Report.Section(
                    title: heading + " · " + t(PaperText.sectionCourses),
                    columns: [
                        .init(t(PaperText.colCourse)),
                        .init(t(PaperText.colLessonsRead), numeric: true, csvTitles: [t(PaperText.colLessonsRead), t(PaperText.colLessons)]),
                        .init(t(PaperText.colAttempts), numeric: true), .init(t(PaperText.colBest), numeric: true), .init(t(PaperText.colPassed)),
                        .init(t(PaperText.colPassedOn)),
                    ],
                    rows: courseRows, newPage: index > 0, wraps: true, name: "courses-\(index + 1)", paper: "transcript"))
            sections.append(
                Report.Section(
                    title: heading + " · " + t(PaperText.sectionAttempts), columns: attemptColumns(t), rows: attemptRows, wraps: true,
                    name: "attempts-\(index + 1)", paper: "transcript"))
            sections.append(
                Report.Section(
                    title: heading + " · " + t(PaperText.sectionSignIns),
                    columns: [.init(t(PaperText.colSession)), .init(t(PaperText.colDate)), .init(t(PaperText.colSignedAt))], rows: signRows,
                    signatures: [t(PaperText.signKeeper), t(PaperText.signDate)], wraps: true, name: "signins-\(index + 1)", paper: "transcript"))
            json.append([
                "name": .string(person.name), "unit": .string(person.unit), "unitName": .string(unitName(person.unit)),
                "courses": .array(coursesJSON),
                "signIns": .array(person.signIns.map { ["session": .string($0.session), "signedInAt": .string($0.createdAt.description)] }),
            ])
        }
        report.figures = [Report.Figure(t(PaperText.figPeople), "\(people.count)"), Report.Figure(t(PaperText.figAttempts), "\(attemptCount)")]
        if people.isEmpty {
            sections = [Report.Section(title: t(PaperText.sectionCourses), columns: [], rows: [], paragraphs: [t(PaperText.noPeople)])]
        }
        report.sections = sections
        report.csv = Report.Section(
            title: t(PaperText.sectionAttempts), columns: [.init(t(PaperText.colUnit)), .init(t(PaperText.colName))] + attemptColumns(t), rows: flat,
            name: "attempts")
        report.json = ctx.envelope(.transcript, session: session, ["people": .array(json), "totals": ["people": .int(people.count), "attempts": .int(attemptCount)]])
        return report
    }

    static func attemptColumns(_ t: Catalogue) -> [Report.Column] {
        [
            .init(t(PaperText.colCourse)), .init(t(PaperText.colFinishedAt)), .init(t(PaperText.colSession)), .init(t(PaperText.colScore), numeric: true),
            .init(t(PaperText.colPassed)), .init(t(PaperText.colNote)),
        ]
    }
}
