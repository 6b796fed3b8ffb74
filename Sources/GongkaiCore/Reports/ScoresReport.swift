/// Who passed: per person per module, per unit per module, per module.
public enum ScoresReport {
    struct PersonCourse {
        var unit: String
        var name: String
        var course: String
        var best: Double
        var attempts: Int
        var passed: Bool
        var last: Timestamp
    }

    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.scores, session: session)
        if let id = ctx.filter.session, session == nil { report.notes.insert(t(ReportText.unknownSession(id)), at: 0) }
        let all = ctx.records.attempts
        let units = ctx.units
        let unitName = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let unitOrder = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Group without sorting the attempts: people get ordinals (sorted by unit
        // and name), courses get ordinals, and each (person, course)
        // cell accumulates in place. At province scale this is a few hundred
        // thousand hash lookups instead of a sort that copies records around.
        struct Person: Hashable { var unit: String, name: String }
        var personIndex: [Person: Int] = [:]
        var people: [Person] = []
        var courseIndex: [String: Int] = [:]
        var courseIDs: [String] = []
        var picks: [(person: Int, course: Int, attempt: Int)] = []
        picks.reserveCapacity(all.count)
        all.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where ctx.counts(buffer[index], session: ctx.filter.session) {
                let person = Person(unit: buffer[index].trainee.unit, name: buffer[index].trainee.name)
                let p: Int
                if let known = personIndex[person] {
                    p = known
                } else {
                    p = people.count
                    personIndex[person] = p
                    people.append(person)
                }
                let c: Int
                if let known = courseIndex[buffer[index].course] {
                    c = known
                } else {
                    c = courseIDs.count
                    courseIndex[buffer[index].course] = c
                    courseIDs.append(buffer[index].course)
                }
                picks.append((p, c, index))
            }
        }
        let rank = people.map { unitOrder[$0.unit] ?? Int.max }
        let personOrder = people.indices.sorted { x, y in
            if rank[x] != rank[y] { return rank[x] < rank[y] }
            if people[x].unit != people[y].unit { return people[x].unit < people[y].unit }
            return people[x].name < people[y].name
        }
        let courseCount = courseIDs.count
        var cells = [PersonCourse?](repeating: nil, count: people.count * courseCount)
        for pick in picks {
            let a = all[pick.attempt]
            let slot = pick.person * courseCount + pick.course
            if var p = cells[slot] {
                p.best = max(p.best, a.percent)
                p.attempts += 1
                p.passed = p.passed || a.passed
                p.last = max(p.last, a.finishedAt)
                cells[slot] = p
            } else {
                cells[slot] = PersonCourse(unit: a.trainee.unit, name: a.trainee.name, course: a.course, best: a.percent, attempts: 1, passed: a.passed, last: a.finishedAt)
            }
        }
        let courseRank = courseIDs.indices.sorted { courseIDs[$0] < courseIDs[$1] }
        var sorted: [PersonCourse] = []
        sorted.reserveCapacity(picks.count)
        for person in personOrder {
            for course in courseRank {
                if let cell = cells[person * courseCount + course] { sorted.append(cell) }
            }
        }
        let attemptCount = picks.count
        let courseOrder = ctx.library.courses.map(\.id)
        let courses = Array(Set(sorted.map(\.course))).sorted {
            (courseOrder.firstIndex(of: $0) ?? Int.max, $0) < (courseOrder.firstIndex(of: $1) ?? Int.max, $1)
        }

        let personRows = !ctx.wantsTables ? [] : sorted.map { p -> [Report.Cell] in
            [
                Report.Cell(unitName[p.unit] ?? p.unit), Report.Cell(p.name), Report.Cell(ctx.courseTitle(p.course)),
                Report.Cell(Percent.text(p.best)), Report.Cell("\(p.attempts)"),
                Report.Cell(p.passed ? t(ReportText.yes) : t(ReportText.no), p.passed ? .good : .bad),
                Report.Cell(p.last.shortDescription, .muted),
            ]
        }
        // Per unit per module.
        var unitRows: [[Report.Cell]] = []
        var unitJSON: [JSONValue] = []
        var bars: [Report.BarChart.Bar] = []
        let byUnit = Dictionary(grouping: sorted, by: \.unit)
        for unit in units {
            let mine = byUnit[unit.id] ?? []
            var coursesJSON: [JSONValue] = []
            for course in courses {
                let group = mine.filter { $0.course == course }
                guard !group.isEmpty else { continue }
                let mean = group.map(\.best).reduce(0, +) / Double(group.count)
                let passed = group.filter(\.passed).count
                unitRows.append([
                    Report.Cell(unit.name), Report.Cell(ctx.courseTitle(course)), Report.Cell("\(group.count)"),
                    Report.Cell(Percent.text(mean)), Report.Cell(Percent.text(Percent.share(passed, of: group.count)), passed == group.count ? .good : .warn),
                ])
                coursesJSON.append([
                    "course": .string(course), "participants": .int(group.count), "meanBest": .number(Percent.rounded(mean)),
                    "passRate": .number(Percent.rounded(Percent.share(passed, of: group.count) ?? 0)), "passed": .int(passed),
                ])
            }
            if !mine.isEmpty {
                let passed = mine.filter(\.passed).count
                let rate = Percent.share(passed, of: mine.count) ?? 0
                bars.append(.init(label: unit.name, value: rate, note: Percent.text(rate), tone: rate >= 100 ? .good : (rate >= 60 ? .warn : .bad)))
                unitJSON.append(["unit": .string(unit.id), "name": .string(unit.name), "courses": .array(coursesJSON)])
            }
        }
        // Per module overall.
        var courseRows: [[Report.Cell]] = []
        var courseJSON: [JSONValue] = []
        let byCourse = Dictionary(grouping: sorted, by: \.course)
        var attemptsPerCourse: [String: Int] = [:]
        for group in sorted { attemptsPerCourse[group.course, default: 0] += group.attempts }
        for course in courses {
            let group = byCourse[course] ?? []
            let count = attemptsPerCourse[course] ?? 0
            let mean = group.map(\.best).reduce(0, +) / Double(max(group.count, 1))
            let passed = group.filter(\.passed).count
            courseRows.append([
                Report.Cell(ctx.courseTitle(course)), Report.Cell("\(group.count)"), Report.Cell("\(count)"),
                Report.Cell(Percent.text(mean)), Report.Cell(Percent.text(Percent.share(passed, of: group.count))),
            ])
            courseJSON.append([
                "course": .string(course), "title": .string(ctx.courseTitle(course)), "participants": .int(group.count),
                "attempts": .int(count), "meanBest": .number(Percent.rounded(mean)),
                "passRate": .number(Percent.rounded(Percent.share(passed, of: group.count) ?? 0)), "passed": .int(passed),
            ])
        }
        let passedPairs = sorted.filter(\.passed).count
        report.figures = [
            Report.Figure(t(ReportText.figPeople), "\(Set(sorted.map { "\($0.unit)\u{0}\($0.name)" }).count)"),
            Report.Figure(t(ReportText.figAttempts), "\(attemptCount)"),
            Report.Figure(t(ReportText.figMeanBest), Percent.text(sorted.isEmpty ? nil : sorted.map(\.best).reduce(0, +) / Double(sorted.count))),
            Report.Figure(t(ReportText.figPassRate), Percent.text(Percent.share(passedPairs, of: sorted.count))),
        ]
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionPeople),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colName)), .init(t(ReportText.colCourse)),
                    .init(t(ReportText.colBest), numeric: true), .init(t(ReportText.colAttempts), numeric: true),
                    .init(t(ReportText.colPassed)), .init(t(ReportText.colLast)),
                ], rows: personRows),
            Report.Section(
                title: t(ReportText.sectionUnits),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colCourse)), .init(t(ReportText.colParticipants), numeric: true),
                    .init(t(ReportText.colMeanBest), numeric: true), .init(t(ReportText.colPassRate), numeric: true),
                ], rows: unitRows),
            Report.Section(
                title: t(ReportText.sectionCourses),
                columns: [
                    .init(t(ReportText.colCourse)), .init(t(ReportText.colParticipants), numeric: true),
                    .init(t(ReportText.colAttempts), numeric: true), .init(t(ReportText.colMeanBest), numeric: true),
                    .init(t(ReportText.colPassRate), numeric: true),
                ], rows: courseRows),
        ]
        report.charts = [Report.BarChart(title: t(ReportText.chartPassRate), bars: bars)]
        guard ctx.wantsJSON else { return report }
        report.json = ctx.envelope(
            .scores, session: session,
            [
                "people": .array(
                    sorted.map {
                        [
                            "unit": .string($0.unit), "name": .string($0.name), "course": .string($0.course),
                            "best": .number($0.best), "attempts": .int($0.attempts), "passed": .bool($0.passed),
                            "lastAttemptAt": .string($0.last.description),
                        ]
                    }),
                "units": .array(unitJSON), "courses": .array(courseJSON),
                "totals": ["attempts": .int(attemptCount), "personCourses": .int(sorted.count), "passed": .int(passedPairs)],
            ])
        return report
    }
}
