/// Who passed: per person per module, per unit per module, per module.
public enum ScoresReport {
    struct PersonCourse: Sendable {
        var unit: String
        var name: String
        var course: String
        /// Position of the course in the report's course order.
        var courseSlot: Int = 0
        var best: Double
        var attempts: Int
        var passed: Bool
        var last: Timestamp
        /// The first attempt (finished earliest): when, and whether it passed.
        var first: Timestamp
        var firstPassed: Bool
        /// The first passing attempt, and how many attempts it took (1 = at the first).
        var firstPass: Timestamp?
        var attemptsToPass: Int? = nil
    }

    /// The report from a streamed aggregate (`ctx.records` then holds no attempts): the people table and
    /// its JSON are made row by row as a renderer writes them (`RowSource`), from the cells merged again.
    public static func build(_ ctx: ReportContext, aggregate: Aggregate) throws -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.scores, session: session)
        if let id = ctx.filter.session, session == nil { report.notes.insert(t(ReportText.unknownSession(id)), at: 0) }
        let library = ctx.library
        return try render(ctx, report: report, session: session, courseIDs: aggregate.courseIDs, materialize: false) { body in
            try aggregate.forEachCell(library: library, body)
        }
    }

    /// The report from the summaries held in `ctx.records.attempts` (the array path).
    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.scores, session: session)
        if let id = ctx.filter.session, session == nil { report.notes.insert(t(ReportText.unknownSession(id)), at: 0) }
        let all = ctx.records.attempts

        // Group without sorting the attempts: people get ordinals (sorted by unit
        // and name), courses get ordinals, and each (person, course)
        // cell accumulates in place. At province scale this is a few hundred
        // thousand hash lookups instead of a sort that copies records around.
        struct Person: Hashable, Sendable { var unit: String, name: String }
        // Filtering and hashing on both cores; the single-threaded pass below then
        // looks people up by a precomputed Int and compares names only on a hit.
        let sessionFilter = ctx.filter.session
        let hashes: [Int?] = ParallelMap.map(Array(all.indices), chunk: 8192) { index -> Int? in
            let a = all[index]
            return ctx.counts(a, session: sessionFilter) ? Person(unit: a.trainee.unit, name: a.trainee.name).hashValue : nil
        }
        var peopleTable = OrdinalTable<Person>()
        var courseIDs: [String] = []
        var picks: [(person: Int, course: Int, attempt: Int)] = []
        picks.reserveCapacity(all.count)
        all.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                guard let hash = hashes[index] else { continue }
                let p = peopleTable.ordinal(of: Person(unit: buffer[index].trainee.unit, name: buffer[index].trainee.name), hash: hash)
                // A handful of modules: a linear search beats hashing the id.
                let course = buffer[index].course
                let c: Int
                if let known = courseIDs.firstIndex(of: course) {
                    c = known
                } else {
                    c = courseIDs.count
                    courseIDs.append(course)
                }
                picks.append((p, c, index))
            }
        }
        let people = peopleTable.keys
        let courseCount = courseIDs.count
        var cells = [PersonCourse?](repeating: nil, count: people.count * courseCount)
        all.withUnsafeBufferPointer { all in
            // Fields are read in place: copying a whole summary would retain every string in it.
            for pick in picks {
                let slot = pick.person * courseCount + pick.course
                let finished = all[pick.attempt].finishedAt
                let passed = all[pick.attempt].passed
                if cells[slot] != nil {
                    cells[slot]!.best = max(cells[slot]!.best, all[pick.attempt].percent)
                    cells[slot]!.attempts += 1
                    cells[slot]!.passed = cells[slot]!.passed || passed
                    cells[slot]!.last = max(cells[slot]!.last, finished)
                    if finished < cells[slot]!.first { (cells[slot]!.first, cells[slot]!.firstPassed) = (finished, passed) }
                    if passed, cells[slot]!.firstPass.map({ finished < $0 }) ?? true { cells[slot]!.firstPass = finished }
                } else {
                    cells[slot] = PersonCourse(
                        unit: all[pick.attempt].trainee.unit, name: all[pick.attempt].trainee.name, course: all[pick.attempt].course,
                        best: all[pick.attempt].percent, attempts: 1, passed: passed, last: finished, first: finished,
                        firstPassed: passed, firstPass: passed ? finished : nil)
                }
            }
            // Attempts until passing: those finished up to and including the first pass.
            for pick in picks {
                let slot = pick.person * courseCount + pick.course
                guard let firstPass = cells[slot]?.firstPass, all[pick.attempt].finishedAt <= firstPass else { continue }
                cells[slot]!.attemptsToPass = (cells[slot]!.attemptsToPass ?? 0) + 1
            }
        }
        // In the report's order: people by unit (roster order, then id) and name, modules in library order.
        let order = CellOrder(library: ctx.library)
        let rank = people.map { order.unit($0.unit) }
        let personOrder = people.indices.sorted { x, y in
            if rank[x] != rank[y] { return rank[x] < rank[y] }
            if people[x].unit != people[y].unit { return people[x].unit < people[y].unit }
            return people[x].name < people[y].name
        }
        let courseRank = courseIDs.indices.sorted { (order.course(courseIDs[$0]), courseIDs[$0]) < (order.course(courseIDs[$1]), courseIDs[$1]) }
        var sorted: [PersonCourse] = []
        sorted.reserveCapacity(picks.count)
        for person in personOrder {
            for course in courseRank {
                if let cell = cells[person * courseCount + course] { sorted.append(cell) }
            }
        }
        cells = []
        let table = sorted
        // Held already: the report holds its rows as every other report does (`materialize`).
        return (try? render(ctx, report: report, session: session, courseIDs: courseIDs, materialize: true) { body in
            for cell in table { try body(cell) }
        }) ?? report
    }

    /// The report from every (person, course) cell, given in the report's order by `cells` (as often as
    /// asked: once here for the figures and tallies, then again for each rendering of the people table).
    /// `materialize`: the people rows and JSON are made here and held, else made as they are written.
    static func render(
        _ ctx: ReportContext, report: Report, session: TrainingSession?, courseIDs: [String], materialize: Bool,
        cells: @escaping @Sendable (_ body: (PersonCourse) throws -> Void) throws -> Void
    ) throws -> Report {
        let t = ctx.t
        var report = report
        let units = ctx.units
        let unitName = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let order = CellOrder(library: ctx.library)
        let courses = courseIDs.sorted { (order.course($0), $0) < (order.course($1), $1) }
        let courseSlot = Dictionary(courses.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })

        // Per unit and per module, in one pass: the cells come with each unit's people together.
        struct Tally {
            var participants = 0
            var bestSum = 0.0
            var passed = 0
            var attempts = 0
            var passedFirst = 0
            var attemptsToPassSum = 0

            mutating func add(_ p: PersonCourse) {
                participants += 1
                bestSum += p.best
                passed += p.passed ? 1 : 0
                attempts += p.attempts
                passedFirst += p.firstPassed ? 1 : 0
                attemptsToPassSum += p.attemptsToPass ?? 0
            }

            /// Share who passed at their first attempt, beside `passRate` (passed at their best).
            var firstPassRate: Double? { Percentage.rate(passedFirst, of: participants) }
            /// Mean attempts until passing, among those who passed; two decimals.
            var meanAttemptsToPass: Double? { passed > 0 ? Percentage.rounded(Double(attemptsToPassSum) / Double(passed), decimals: 2) : nil }

            /// Mean of the best percentages, rounded by the one rule (`Percentage`).
            var mean: Double? { participants > 0 ? Percentage.rounded(bestSum / Double(participants)) : nil }
            var passRate: Double? { Percentage.rate(passed, of: participants) }
        }
        var unitTallies: [String: [Tally]] = [:]
        var courseTallies = [Tally](repeating: Tally(), count: courses.count)
        var currentUnit: String?
        var current = [Tally](repeating: Tally(), count: courses.count)
        var lastPerson: (unit: String, name: String)?
        var peopleCount = 0, pairCount = 0, attemptCount = 0, passedPairs = 0
        var bestSum = 0.0
        try cells { p in
            if p.unit != currentUnit {
                if let unit = currentUnit { unitTallies[unit] = current }
                currentUnit = p.unit
                current = [Tally](repeating: Tally(), count: courses.count)
            }
            let slot = courseSlot[p.course] ?? 0
            current[slot].add(p)
            courseTallies[slot].add(p)
            if lastPerson.map({ $0.unit != p.unit || $0.name != p.name }) ?? true {
                peopleCount += 1
                lastPerson = (p.unit, p.name)
            }
            pairCount += 1
            attemptCount += p.attempts
            passedPairs += p.passed ? 1 : 0
            bestSum += p.best
        }
        if let unit = currentUnit { unitTallies[unit] = current }

        let yes = t(ReportText.yes)
        let no = t(ReportText.no)
        let titles = Dictionary(courses.map { ($0, ctx.courseTitle($0)) }, uniquingKeysWith: { a, _ in a })
        @Sendable func personRow(_ p: PersonCourse) -> [Report.Cell] {
            [
                Report.Cell(unitName[p.unit] ?? p.unit), Report.Cell(p.name), Report.Cell(titles[p.course] ?? p.course),
                .percent(p.best), .number(p.attempts),
                Report.Cell(p.passed ? yes : no, p.passed ? .good : .bad),
                .time(p.last, .muted),
            ]
        }
        @Sendable func personJSON(_ p: PersonCourse) -> JSONValue {
            [
                "unit": .string(p.unit), "name": .string(p.name), "course": .string(p.course),
                "best": .number(p.best), "attempts": .int(p.attempts), "passed": .bool(p.passed),
                "lastAttemptAt": .string(p.last.description), "passedFirstAttempt": .bool(p.firstPassed),
                "attemptsToPass": p.attemptsToPass.map(JSONValue.int) ?? .null,
            ]
        }

        var unitRows: [[Report.Cell]] = []
        var unitJSON: [JSONValue] = []
        var bars: [Report.BarChart.Bar] = []
        for unit in units {
            guard let tallies = unitTallies[unit.id] else { continue }
            var coursesJSON: [JSONValue] = []
            for (slot, course) in courses.enumerated() where tallies[slot].participants > 0 {
                let tally = tallies[slot]
                unitRows.append([
                    Report.Cell(unit.name), Report.Cell(ctx.courseTitle(course)), .number(tally.participants),
                    .percent(tally.mean), .percent(tally.passRate, tally.passed == tally.participants ? .good : .warn),
                    .percent(tally.firstPassRate), .number(tally.meanAttemptsToPass),
                ])
                coursesJSON.append([
                    "course": .string(course), "participants": .int(tally.participants), "meanBest": .number(tally.mean ?? 0),
                    "passRate": .number(tally.passRate ?? 0), "passed": .int(tally.passed),
                    "firstAttemptPassRate": .number(tally.firstPassRate ?? 0), "passedFirstAttempt": .int(tally.passedFirst),
                    "meanAttemptsToPass": tally.meanAttemptsToPass.map(JSONValue.number) ?? .null,
                ])
            }
            let participants = tallies.reduce(0) { $0 + $1.participants }
            let passed = tallies.reduce(0) { $0 + $1.passed }
            let rate = Percentage.rate(passed, of: participants) ?? 0
            bars.append(.init(label: unit.name, value: rate, note: Percentage.text(rate), tone: rate >= 100 ? .good : (rate >= 60 ? .warn : .bad)))
            unitJSON.append(["unit": .string(unit.id), "name": .string(unit.name), "courses": .array(coursesJSON)])
        }
        var courseRows: [[Report.Cell]] = []
        var courseJSON: [JSONValue] = []
        for (slot, course) in courses.enumerated() {
            let tally = courseTallies[slot]
            courseRows.append([
                Report.Cell(ctx.courseTitle(course)), .number(tally.participants), .number(tally.attempts),
                .percent(tally.mean), .percent(tally.passRate),
                .percent(tally.firstPassRate), .number(tally.meanAttemptsToPass),
            ])
            courseJSON.append([
                "course": .string(course), "title": .string(ctx.courseTitle(course)), "participants": .int(tally.participants),
                "attempts": .int(tally.attempts), "meanBest": .number(tally.mean ?? 0),
                "passRate": .number(tally.passRate ?? 0), "passed": .int(tally.passed),
                "firstAttemptPassRate": .number(tally.firstPassRate ?? 0), "passedFirstAttempt": .int(tally.passedFirst),
                "meanAttemptsToPass": tally.meanAttemptsToPass.map(JSONValue.number) ?? .null,
            ])
        }
        report.figures = [
            Report.Figure(t(ReportText.figPeople), "\(peopleCount)"),
            Report.Figure(t(ReportText.figAttempts), "\(attemptCount)"),
            Report.Figure(t(ReportText.figMeanBest), Percentage.text(pairCount > 0 ? Percentage.rounded(bestSum / Double(pairCount)) : nil)),
            Report.Figure(t(ReportText.figPassRate), Percentage.text(Percentage.rate(passedPairs, of: pairCount))),
        ]
        // Formatting a province's rows is independent work: a stretch at a time, on both cores.
        let rows = Report.RowSource(count: ctx.wantsTables ? pairCount : 0) { body in
            guard ctx.wantsTables else { return }
            try Self.inStretches(cells, make: personRow, body)
        }
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionPeople),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colName)), .init(t(ReportText.colCourse)),
                    .init(t(ReportText.colBest), numeric: true), .init(t(ReportText.colAttempts), numeric: true),
                    .init(t(ReportText.colPassed)), .init(t(ReportText.colLast)),
                ], rows: [], name: "people", source: rows),
            Report.Section(
                title: t(ReportText.sectionUnits),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colCourse)), .init(t(ReportText.colParticipants), numeric: true),
                    .init(t(ReportText.colMeanBest), numeric: true), .init(t(ReportText.colPassRate), numeric: true),
                    .init(t(TraineeText.colFirstPassRate), numeric: true), .init(t(TraineeText.colAttemptsToPass), numeric: true),
                ], rows: unitRows, name: "units"),
            Report.Section(
                title: t(ReportText.sectionCourses),
                columns: [
                    .init(t(ReportText.colCourse)), .init(t(ReportText.colParticipants), numeric: true),
                    .init(t(ReportText.colAttempts), numeric: true), .init(t(ReportText.colMeanBest), numeric: true),
                    .init(t(ReportText.colPassRate), numeric: true), .init(t(TraineeText.colFirstPassRate), numeric: true),
                    .init(t(TraineeText.colAttemptsToPass), numeric: true),
                ], rows: courseRows, name: "courses"),
        ]
        report.charts = [Report.BarChart(title: t(ReportText.chartPassRate), bars: bars)]
        if ctx.wantsJSON {
            report.json = ctx.envelope(
                .scores, session: session,
                [
                    "people": .array([]),
                    "units": .array(unitJSON), "courses": .array(courseJSON),
                    "totals": ["attempts": .int(attemptCount), "personCourses": .int(pairCount), "passed": .int(passedPairs)],
                ])
            report.jsonStream = Report.JSONStream(key: "people", count: pairCount) { body in
                try Self.inStretches(cells, make: personJSON, body)
            }
        }
        return materialize ? try report.materialized() : report
    }

    /// `make` of every cell, in order, a stretch of cells at a time on every core.
    static func inStretches<Made: Sendable>(
        _ cells: (_ body: (PersonCourse) throws -> Void) throws -> Void, make: @escaping @Sendable (PersonCourse) -> Made, _ body: (Made) throws -> Void
    ) throws {
        var stretch: [PersonCourse] = []
        stretch.reserveCapacity(4096)
        try withoutActuallyEscaping(body) { body in
            func flush() throws {
                for made in ParallelMap.map(stretch, chunk: 1024, make) { try body(made) }
                stretch.removeAll(keepingCapacity: true)
            }
            try cells { cell in
                stretch.append(cell)
                if stretch.count == 4096 { try flush() }
            }
            try flush()
        }
    }
}
