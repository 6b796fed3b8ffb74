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

    /// What a streamed `report scores` keeps (`StreamedReport`): one cell per (person, course), never a
    /// value per attempt, except the finishing times of a cell's attempts up to its first pass
    /// (all of them while it has none), which `attemptsToPass` counts: a pass read later may be earlier.
    public struct Aggregate: Sendable {
        struct Person: Hashable, Sendable { var unit: String, name: String }
        struct Cell: Sendable {
            var best: Double
            var attempts: Int
            var passed: Bool
            var firstPassed: Bool
            var last: Timestamp
            var first: Timestamp
            var firstPass: Timestamp?
            /// Finishing times of the attempts up to the first pass (all while none passed).
            var upToPass: [Timestamp]
        }

        var people = OrdinalTable<Person>()
        var courseIDs: [String] = []
        /// By person ordinal × `courseStride` + course ordinal.
        var cells: [Int: Cell] = [:]
        var attemptCount = 0
        static let courseStride = 1 << 20

        public init() {}

        /// Adds a batch of summaries in the stream's order, those `counts` keeps, exactly as `build` sums the array.
        public mutating func add(_ batch: [AttemptSummary], counts: @Sendable @escaping (AttemptSummary) -> Bool) {
            let hashes: [Int?] = ParallelMap.map(Array(batch.indices), chunk: 2048) { index -> Int? in
                let a = batch[index]
                return counts(a) ? Person(unit: a.trainee.unit, name: a.trainee.name).hashValue : nil
            }
            for index in batch.indices {
                guard let hash = hashes[index] else { continue }
                let a = batch[index]
                let p = people.ordinal(of: Person(unit: a.trainee.unit, name: a.trainee.name), hash: hash)
                let c: Int
                if let known = courseIDs.firstIndex(of: a.course) {
                    c = known
                } else {
                    c = courseIDs.count
                    courseIDs.append(a.course)
                }
                attemptCount += 1
                let t = a.finishedAt, passed = a.passed
                let key = p * Self.courseStride + c
                guard var cell = cells[key] else {
                    cells[key] = Cell(
                        best: a.percent, attempts: 1, passed: passed, firstPassed: passed, last: t, first: t, firstPass: passed ? t : nil, upToPass: [t])
                    continue
                }
                cell.best = max(cell.best, a.percent)
                cell.attempts += 1
                cell.passed = cell.passed || passed
                cell.last = max(cell.last, t)
                if t < cell.first { (cell.first, cell.firstPassed) = (t, passed) }
                if let firstPass = cell.firstPass, t > firstPass {
                    // After the first pass: it never counts towards it.
                } else {
                    cell.upToPass.append(t)
                    if passed, cell.firstPass.map({ t < $0 }) ?? true {
                        cell.firstPass = t
                        cell.upToPass.removeAll { $0 > t }
                    }
                }
                cells[key] = cell
            }
        }
    }

    /// The report from a streamed aggregate (`ctx.records` then holds no attempts).
    public static func build(_ ctx: ReportContext, aggregate: Aggregate) -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.scores, session: session)
        if let id = ctx.filter.session, session == nil { report.notes.insert(t(ReportText.unknownSession(id)), at: 0) }
        let people = aggregate.people.keys
        let courseIDs = aggregate.courseIDs
        return render(ctx, report: report, session: session, people: people.map { ($0.unit, $0.name) }, courseIDs: courseIDs, attemptCount: aggregate.attemptCount) {
            person, course in
            guard let c = aggregate.cells[person * Aggregate.courseStride + course] else { return nil }
            return PersonCourse(
                unit: people[person].unit, name: people[person].name, course: courseIDs[course], best: c.best, attempts: c.attempts, passed: c.passed,
                last: c.last, first: c.first, firstPassed: c.firstPassed, firstPass: c.firstPass, attemptsToPass: c.firstPass == nil ? nil : c.upToPass.count)
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
        let table = cells
        return render(ctx, report: report, session: session, people: people.map { ($0.unit, $0.name) }, courseIDs: courseIDs, attemptCount: picks.count) {
            table[$0 * courseCount + $1]
        }
    }

    /// The report from people (unit, name), courses and the cell of each (person, course) that has one.
    static func render(
        _ ctx: ReportContext, report: Report, session: TrainingSession?, people: [(unit: String, name: String)], courseIDs: [String], attemptCount: Int,
        cell: (Int, Int) -> PersonCourse?
    ) -> Report {
        let t = ctx.t
        var report = report
        let units = ctx.units
        let unitName = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let unitOrder = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rank = people.map { unitOrder[$0.unit] ?? Int.max }
        let personOrder = people.indices.sorted { x, y in
            if rank[x] != rank[y] { return rank[x] < rank[y] }
            if people[x].unit != people[y].unit { return people[x].unit < people[y].unit }
            return people[x].name < people[y].name
        }
        let courseOrder = ctx.library.courses.map(\.id)
        let courseRank = courseIDs.indices.sorted {
            (courseOrder.firstIndex(of: courseIDs[$0]) ?? Int.max, courseIDs[$0]) < (courseOrder.firstIndex(of: courseIDs[$1]) ?? Int.max, courseIDs[$1])
        }
        let courses = courseRank.map { courseIDs[$0] }
        var sorted: [PersonCourse] = []
        sorted.reserveCapacity(attemptCount)
        for person in personOrder {
            for (slot, course) in courseRank.enumerated() {
                if var cell = cell(person, course) {
                    cell.courseSlot = slot
                    sorted.append(cell)
                }
            }
        }

        // Formatting tens of thousands of rows is independent work: both cores.
        let yes = t(ReportText.yes)
        let no = t(ReportText.no)
        let titles = Dictionary(courses.map { ($0, ctx.courseTitle($0)) }, uniquingKeysWith: { a, _ in a })
        let personRows = !ctx.wantsTables ? [] : ParallelMap.map(sorted, chunk: 4096) { p -> [Report.Cell] in
            [
                Report.Cell(unitName[p.unit] ?? p.unit), Report.Cell(p.name), Report.Cell(titles[p.course] ?? p.course),
                .percent(p.best), .number(p.attempts),
                Report.Cell(p.passed ? yes : no, p.passed ? .good : .bad),
                .time(p.last, .muted),
            ]
        }
        // Per unit and per module, in one pass: `sorted` holds each unit's people together.
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
        for p in sorted {
            if p.unit != currentUnit {
                if let unit = currentUnit { unitTallies[unit] = current }
                currentUnit = p.unit
                current = [Tally](repeating: Tally(), count: courses.count)
            }
            current[p.courseSlot].add(p)
            courseTallies[p.courseSlot].add(p)
        }
        if let unit = currentUnit { unitTallies[unit] = current }

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
        let passedPairs = sorted.filter(\.passed).count
        report.figures = [
            Report.Figure(t(ReportText.figPeople), "\(people.count)"),
            Report.Figure(t(ReportText.figAttempts), "\(attemptCount)"),
            Report.Figure(t(ReportText.figMeanBest), Percentage.text(Percentage.mean(sorted.map(\.best)))),
            Report.Figure(t(ReportText.figPassRate), Percentage.text(Percentage.rate(passedPairs, of: sorted.count))),
        ]
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionPeople),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colName)), .init(t(ReportText.colCourse)),
                    .init(t(ReportText.colBest), numeric: true), .init(t(ReportText.colAttempts), numeric: true),
                    .init(t(ReportText.colPassed)), .init(t(ReportText.colLast)),
                ], rows: personRows, name: "people"),
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
        guard ctx.wantsJSON else { return report }
        report.json = ctx.envelope(
            .scores, session: session,
            [
                "people": .array(
                    sorted.map {
                        [
                            "unit": .string($0.unit), "name": .string($0.name), "course": .string($0.course),
                            "best": .number($0.best), "attempts": .int($0.attempts), "passed": .bool($0.passed),
                            "lastAttemptAt": .string($0.last.description), "passedFirstAttempt": .bool($0.firstPassed),
                            "attemptsToPass": $0.attemptsToPass.map(JSONValue.int) ?? .null,
                        ]
                    }),
                "units": .array(unitJSON), "courses": .array(courseJSON),
                "totals": ["attempts": .int(attemptCount), "personCourses": .int(sorted.count), "passed": .int(passedPairs)],
            ])
        return report
    }
}
