/// Which units are done for a session, and exactly why the others are not.
public enum CompletionReport {
    /// `attempts`: the session's counted attempts when they were streamed (`Aggregate.attempts`), else
    /// those of `ctx.records`.
    public static func standings(_ ctx: ReportContext, session: TrainingSession, attempts streamed: [AttemptSummary]? = nil) -> [UnitStanding] {
        let checklist = session.checklist.flatMap { ctx.library.checklist(id: $0) }
        let revisions = checklist.map { ctx.audits(checklist: $0.id) } ?? []
        let attendance = ctx.attendance(session: session.id)
        let attempts = streamed ?? ctx.quizAttempts(session: session.id)
        let byUnit = Dictionary(grouping: attempts, by: \.trainee.unit)
        return ctx.units.map { unit in
            UnitStanding(
                unit: unit, session: session, attendance: attendance.filter { $0.trainee.unit == unit.id },
                attempts: byUnit[unit.id] ?? [],
                latestAudit: checklist.flatMap { UnitStanding.latest(revisions, unit: unit.id, checklist: $0.id) },
                checklist: checklist, today: ctx.today)
        }
    }

    /// What a streamed `report completion` keeps (`StreamedReport`): for each person who signed in to the
    /// session, per required module, the best percentage and whether any attempt passed (all that
    /// `UnitStanding` reads of the attempts), with one of the attempts to carry them.
    public struct Aggregate: Sendable {
        struct Key: Hashable, Sendable {
            var unit: String
            var name: String
            var course: String
        }

        struct Person: Hashable, Sendable {
            var unit: String
            var name: String
        }

        let session: String?
        let courses: Set<String>
        let attendees: Set<Person>
        var cells: [Key: AttemptSummary] = [:]
        var order: [Key] = []

        /// `session`: the one reported on (nil: no attempt is needed); `attendance`: its sign-ins (any filter).
        public init(session: TrainingSession?, attendance: [AttendanceRecord]) {
            self.session = session?.id
            courses = Set(session?.courses ?? [])
            attendees = Set(attendance.filter { $0.session == session?.id }.map { Person(unit: $0.trainee.unit, name: $0.trainee.name) })
        }

        /// Adds a batch of summaries; `counts` as `ReportContext.counts` with the session reported on.
        public mutating func add(_ batch: [AttemptSummary], counts: (AttemptSummary) -> Bool) {
            guard let session, !attendees.isEmpty else { return }
            for a in batch where a.session == session && courses.contains(a.course) {
                guard attendees.contains(Person(unit: a.trainee.unit, name: a.trainee.name)), counts(a) else { continue }
                let key = Key(unit: a.trainee.unit, name: a.trainee.name, course: a.course)
                if var kept = cells[key] {
                    kept.percent = max(kept.percent, a.percent)
                    kept.passed = kept.passed || a.passed
                    cells[key] = kept
                } else {
                    var first = a
                    first.items = []
                    cells[key] = first
                    order.append(key)
                }
            }
        }

        /// One attempt per person and module, with the best percentage and whether any passed.
        var attempts: [AttemptSummary] { order.map { cells[$0]! } }
    }

    /// The report from a streamed aggregate (`ctx.records` then holds no attempts).
    public static func build(_ ctx: ReportContext, aggregate: Aggregate) -> Report {
        build(ctx, attempts: ctx.session?.id == aggregate.session ? aggregate.attempts : nil)
    }

    public static func build(_ ctx: ReportContext) -> Report { build(ctx, attempts: nil) }

    static func build(_ ctx: ReportContext, attempts streamed: [AttemptSummary]?) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.completion, session: session)
        guard let session else {
            report.notes.insert(t(ReportText.noSession), at: 0)
            report.json = ctx.envelope(.completion, session: nil, ["units": [], "totals": .null])
            return report
        }
        let checklist = session.checklist.flatMap { ctx.library.checklist(id: $0) }
        let standings = standings(ctx, session: session, attempts: streamed)
        if let checklist {
            // Two revisions from one state: the office is told, not left to the clock.
            let revisions = ctx.audits(checklist: checklist.id)
            for unit in ctx.units {
                let fork = UnitStanding.fork(revisions, unit: unit.id, checklist: checklist.id)
                if !fork.isEmpty { report.notes.append(t(AuditPaperText.forkNote(unit.name, fork))) }
            }
        }
        let courseTitles = Dictionary(ctx.library.courses.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let itemTitles = Dictionary((checklist?.items ?? []).map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        var rows: [[Report.Cell]] = []
        var passBars: [Report.BarChart.Bar] = []
        var progressBars: [Report.BarChart.Bar] = []
        var unitsJSON: [JSONValue] = []
        for s in standings {
            let passedAll = s.attendees.filter { a in s.session.courses.allSatisfy(a.passed.contains) }.count
            let auditCell: Report.Cell
            if let audit = s.audit {
                if audit.revision == nil {
                    auditCell = Report.Cell(t(ReportText.auditMissing), .bad)
                } else if !audit.unanswered.isEmpty {
                    auditCell = Report.Cell(t(ReportText.auditIncomplete(audit.unanswered.count)), .warn)
                } else {
                    auditCell = Report.Cell(t(ReportText.auditDone), .good)
                }
            } else {
                auditCell = Report.Cell(session.checklist == nil ? "—" : t(ReportText.auditMissing), session.checklist == nil ? .muted : .bad)
            }
            let overdue = s.audit?.overdue.count ?? 0
            let reasons = s.reasons.map { t(AuditText.reason($0, courseTitles: courseTitles, itemTitles: itemTitles)) }
            rows.append([
                Report.Cell(s.unit.name), Report.Cell.ratio(s.attendees.count, of: s.unit.expected, s.attendees.count >= s.unit.expected ? .good : .bad),
                Report.Cell.ratio(passedAll, of: s.attendees.count, passedAll == s.attendees.count && !s.attendees.isEmpty ? .good : .bad),
                auditCell, .number(overdue, overdue == 0 ? .muted : .bad),
                Report.Cell(s.isComplete ? t(ReportText.complete) : t(ReportText.incomplete), s.isComplete ? .good : .bad),
                Report.Cell(reasons.joined(separator: t(ReportText.reasonSeparator))),
            ])
            let base = max(s.unit.expected, s.attendees.count)
            let rate = base > 0 ? Double(passedAll) / Double(base) * 100 : 0
            passBars.append(.init(label: s.unit.name, value: rate, note: "\(passedAll)/\(base)", tone: rate >= 100 ? .good : (rate >= 60 ? .warn : .bad)))
            let progress = Self.progress(s)
            progressBars.append(.init(
                label: s.unit.name, value: progress.percent, note: s.isComplete ? t(ReportText.complete) : "\(progress.met)/\(progress.of)",
                tone: s.isComplete ? .good : (progress.percent >= 50 ? .warn : .bad)))
            unitsJSON.append(unitJSON(s, reasons: reasons))
        }
        let complete = standings.filter(\.isComplete).count
        report.figures = [
            Report.Figure(t(ReportText.figUnits), "\(standings.count)"),
            Report.Figure(t(ReportText.figComplete), "\(complete)", complete == standings.count ? .good : .plain),
            Report.Figure(t(ReportText.figIncomplete), "\(standings.count - complete)", complete == standings.count ? .good : .bad),
            Report.Figure(t(ReportText.figCompletionRate), Percentage.text(Percentage.rate(complete, of: standings.count))),
        ]
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionByUnit),
                columns: [
                    .init(t(ReportText.colUnit)),
                    .init(t(ReportText.colSignedIn), numeric: true, csvTitles: [t(ReportText.colSignedIn), t(ReportText.colExpected)]),
                    .init(t(ReportText.colPassedAll), numeric: true, csvTitles: [t(ReportCommandText.colPassedAllCount), t(ReportCommandText.colAttendeesCount)]),
                    .init(t(ReportText.colAudit)),
                    .init(t(ReportText.colOverdue), numeric: true), .init(t(ReportText.colStatus)), .init(t(ReportText.colReasons)),
                ], rows: rows, signatures: PrintPageText.officeSignatures(t), name: "units")
        ]
        report.charts = [
            Report.BarChart(title: t(ReportText.chartCompletion), bars: progressBars),
            Report.BarChart(title: t(ReportText.chartPassRateAll), bars: passBars),
        ]
        report.json = ctx.envelope(
            .completion, session: session,
            [
                "units": .array(unitsJSON),
                "totals": ["units": .int(standings.count), "complete": .int(complete), "incomplete": .int(standings.count - complete)],
            ])
        return report
    }

    /// How many of the completion requirements a unit meets: enough attendees,
    /// each attendee passed everything, the self-audit answered, nothing overdue
    /// (the last two only when the session requires a self-audit).
    static func progress(_ s: UnitStanding) -> (met: Int, of: Int, percent: Double) {
        var met = 0
        var of = 2
        if s.attendees.count >= s.unit.expected { met += 1 }
        if !s.attendees.isEmpty || s.unit.expected == 0,
            s.attendees.allSatisfy({ a in s.session.courses.allSatisfy(a.passed.contains) })
        {
            met += 1
        }
        if s.session.checklist != nil {
            of += 2
            if !s.reasons.contains(where: { if case .auditMissing = $0 { return true }; if case .auditUnanswered = $0 { return true }; return false }) {
                met += 1
            }
            if !s.reasons.contains(where: { if case .rectificationOverdue = $0 { return true }; return false }) { met += 1 }
        }
        return (met, of, Double(met) / Double(of) * 100)
    }

    static func unitJSON(_ s: UnitStanding, reasons: [String]) -> JSONValue {
        var audit: JSONValue = .null
        if let a = s.audit {
            let status = a.revision == nil ? "missing" : (a.unanswered.isEmpty ? "answered" : "incomplete")
            audit = [
                "status": .string(status), "latestRevision": .optional(a.revision?.id),
                "latestAt": .optional(a.revision?.createdAt.description), "unanswered": .int(a.unanswered.count),
                "unansweredItems": .array(a.unanswered.map(JSONValue.string)),
                "openRectifications": .int(a.open.count), "overdue": .int(a.overdue.count),
                "overdueItems": .array(
                    a.overdue.map {
                        ["item": .string($0.item), "deadline": .optional($0.rectification.deadline?.description), "owner": .string($0.rectification.owner)]
                    }),
            ]
        }
        return [
            "id": .string(s.unit.id), "name": .string(s.unit.name), "complete": .bool(s.isComplete),
            "expected": .int(s.unit.expected), "signedIn": .int(s.attendees.count),
            "attendees": .array(
                s.attendees.map { a in
                    [
                        "name": .string(a.name), "passed": .array(s.session.courses.filter(a.passed.contains).map(JSONValue.string)),
                        "notPassed": .array(s.session.courses.filter { !a.passed.contains($0) }.map(JSONValue.string)),
                    ]
                }),
            "audit": audit,
            "reasons": .array(zip(s.reasons, reasons).map { ["code": .string(code($0.0)), "message": .string($0.1)] }),
        ]
    }

    static func code(_ reason: IncompleteReason) -> String {
        switch reason {
        case .tooFewAttendees: return "tooFewAttendees"
        case .notPassed: return "notPassed"
        case .auditMissing: return "auditMissing"
        case .auditUnanswered: return "auditUnanswered"
        case .rectificationOverdue: return "rectificationOverdue"
        }
    }
}

/// Per unit: the latest self-audit, its counts and what is still open.
public enum AuditsReport {
    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.audits, session: session)
        guard let checklist = ctx.checklist(for: session) else {
            report.notes.insert(t(ReportText.noChecklist), at: 0)
            report.json = ctx.envelope(.audits, session: session, ["checklist": .null, "units": [], "totals": .null])
            return report
        }
        if let wanted = ctx.filter.unit, ctx.units.isEmpty { report.notes.insert(t(AuditPaperText.noSuchUnit(wanted)), at: 0) }
        // One unit asked for: the paper it files (every item, as written).
        if ctx.filter.unit != nil, ctx.units.count == 1 {
            return AuditPaperReport.build(ctx, unit: ctx.units[0], checklist: checklist, session: session)
        }
        let revisions = ctx.audits(checklist: checklist.id)
        var rows: [[Report.Cell]] = []
        var openRows: [[Report.Cell]] = []
        var rectificationRows: [[Report.Cell]] = []
        var closedOnTime = 0, closedLate = 0, forks = 0
        var bars: [Report.BarChart.Bar] = []
        var unitsJSON: [JSONValue] = []
        var totalOpen = 0, totalOverdue = 0, submitted = 0
        for unit in ctx.units {
            let latest = UnitStanding.latest(revisions, unit: unit.id, checklist: checklist.id)
            let standing = AuditStanding(latest: latest, checklist: checklist, today: ctx.today)
            if latest != nil { submitted += 1 }
            let fork = UnitStanding.fork(revisions, unit: unit.id, checklist: checklist.id)
            if !fork.isEmpty {
                forks += 1
                report.notes.insert(t(AuditPaperText.forkNote(unit.name, fork)), at: 0)
            }
            let rectifications = RectificationRow.rows(latest, checklist: checklist, today: ctx.today)
            rectificationRows += rectifications.map { $0.cells(unit: unit, checklist: checklist, t: t) }
            closedOnTime += rectifications.filter { $0.state == .closedOnTime }.count
            closedLate += rectifications.filter { $0.state == .closedLate }.count
            totalOpen += standing.open.count
            totalOverdue += standing.overdue.count
            rows.append([
                Report.Cell(unit.name), latest.map { .time($0.createdAt) } ?? Report.Cell(t(ReportText.auditMissing), .bad),
                Report.Cell(latest?.by.name ?? ""), .number(standing.passCount), .number(standing.failCount, standing.failCount > 0 ? .warn : .plain),
                .number(standing.notApplicableCount), .number(latest == nil ? 0 : standing.unanswered.count, latest != nil && !standing.unanswered.isEmpty ? .warn : .plain),
                .number(standing.open.count, standing.open.isEmpty ? .muted : .warn), .number(standing.overdue.count, standing.overdue.isEmpty ? .muted : .bad),
            ])
            for open in standing.open {
                openRows.append([
                    Report.Cell(unit.name), Report.Cell(checklist.item(id: open.item)?.text ?? open.item), Report.Cell(open.rectification.action),
                    Report.Cell(open.rectification.owner), .date(open.rectification.deadline),
                    Report.Cell(open.overdue ? t(ReportText.overdue) : t(ReportText.notYetDue), open.overdue ? .bad : .warn),
                ])
            }
            if latest != nil {
                let answered = standing.passCount + standing.failCount
                let rate = answered > 0 ? Double(standing.passCount) / Double(answered) * 100 : 100
                bars.append(.init(label: unit.name, value: rate, note: "\(standing.passCount)/\(answered)", tone: standing.overdue.isEmpty ? (standing.open.isEmpty ? .good : .warn) : .bad))
            }
            unitsJSON.append([
                "id": .string(unit.id), "name": .string(unit.name), "latestRevision": .optional(latest?.id),
                "latestAt": .optional(latest?.createdAt.description), "by": .optional(latest?.by.name),
                "checklistVersion": latest.map { .int($0.checklist.version) } ?? .null,
                "pass": .int(standing.passCount), "fail": .int(standing.failCount), "notApplicable": .int(standing.notApplicableCount),
                "unanswered": .int(latest == nil ? 0 : standing.unanswered.count),
                "unansweredItems": .array((latest == nil ? [] : standing.unanswered).map(JSONValue.string)),
                "open": .int(standing.open.count), "overdue": .int(standing.overdue.count),
                "rectifications": .array(rectifications.map(\.json)),
                "fork": .array(fork.map { .string($0.id) }),
                "openItems": .array(
                    standing.open.map {
                        [
                            "item": .string($0.item), "action": .string($0.rectification.action), "owner": .string($0.rectification.owner),
                            "deadline": .optional($0.rectification.deadline?.description), "overdue": .bool($0.overdue),
                        ]
                    }),
            ])
        }
        report.figures = [
            Report.Figure(t(ReportText.figSubmitted), "\(submitted)/\(ctx.units.count)", submitted == ctx.units.count ? .good : .warn),
            Report.Figure(t(ReportText.figOpen), "\(totalOpen)", totalOpen == 0 ? .good : .warn),
            Report.Figure(t(ReportText.figOverdue), "\(totalOverdue)", totalOverdue == 0 ? .good : .bad),
            Report.Figure(t(AuditPaperText.figClosedOnTime), "\(closedOnTime)", .good),
            Report.Figure(t(AuditPaperText.figClosedLate), "\(closedLate)", closedLate == 0 ? .plain : .warn),
        ]
        report.csv = Report.Section(title: t(AuditPaperText.sectionRectifications), columns: RectificationRow.columns(t), rows: rectificationRows, name: "rectifications")
        report.subtitle += " · " + t(ReportText.checklistLine(checklist.title, version: checklist.version))
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionByUnit),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colLatest)), .init(t(ReportText.colBy)),
                    .init(t(ReportText.colPass), numeric: true), .init(t(ReportText.colFail), numeric: true),
                    .init(t(ReportText.colNA), numeric: true), .init(t(ReportText.colUnanswered), numeric: true),
                    .init(t(ReportText.colOpen), numeric: true), .init(t(ReportText.colOverdue), numeric: true),
                ], rows: rows, name: "units"),
            Report.Section(
                title: t(ReportText.sectionOpen),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colItem)), .init(t(ReportText.colAction)),
                    .init(t(ReportText.colOwner)), .init(t(ReportText.colDeadline)), .init(t(ReportText.colStatus)),
                ], rows: openRows, signatures: PrintPageText.officeSignatures(t), name: "open"),
        ]
        report.charts = [Report.BarChart(title: t(ReportText.chartCompliance), bars: bars)]
        report.json = ctx.envelope(
            .audits, session: session,
            [
                "checklist": ["id": .string(checklist.id), "version": .int(checklist.version), "title": .string(checklist.title)],
                "units": .array(unitsJSON),
                "totals": [
                    "units": .int(ctx.units.count), "submitted": .int(submitted), "open": .int(totalOpen), "overdue": .int(totalOverdue),
                    "closedOnTime": .int(closedOnTime), "closedLate": .int(closedLate), "forks": .int(forks),
                ],
            ])
        return report
    }
}
