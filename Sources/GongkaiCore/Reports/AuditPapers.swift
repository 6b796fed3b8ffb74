/// Where a rectification stands; the one rule every view of it uses.
public enum RectificationState: String, Sendable, Equatable {
    case open, overdue, closedOnTime, closedLate
}

/// One rectification in a unit's latest self-audit, with its state as of a day.
public struct RectificationRow: Sendable, Equatable {
    public var unit: String
    public var item: String
    public var rectification: Rectification
    public var state: RectificationState
    /// Open: days past the deadline; done late: days after it; otherwise 0.
    public var daysOverdue: Int

    public init(unit: String, item: String, rectification: Rectification, today: LocalDate) {
        self.unit = unit
        self.item = item
        self.rectification = rectification
        let deadline = rectification.deadline
        if let done = rectification.done {
            let late = deadline.map { done.date.daysSinceEpoch - $0.daysSinceEpoch } ?? 0
            state = late > 0 ? .closedLate : .closedOnTime
            daysOverdue = max(0, late)
        } else {
            let late = deadline.map { today.daysSinceEpoch - $0.daysSinceEpoch } ?? 0
            state = late > 0 ? .overdue : .open
            daysOverdue = max(0, late)
        }
    }

    public var isOpen: Bool { state == .open || state == .overdue }

    /// Every rectification (open or done) in a revision, in checklist order.
    public static func rows(_ revision: AuditRevision?, checklist: Checklist, today: LocalDate) -> [RectificationRow] {
        guard let revision else { return [] }
        return checklist.items.compactMap { item in
            guard let entry = revision.entry(for: item.id), entry.status != nil, let r = entry.rectification else { return nil }
            return RectificationRow(unit: revision.unit, item: item.id, rectification: r, today: today)
        }
    }
}

extension RectificationRow {
    func cells(unit: Unit, checklist: Checklist, t: Catalogue) -> [Report.Cell] {
        let tone: Report.Tone
        switch state {
        case .open: tone = .warn
        case .overdue, .closedLate: tone = .bad
        case .closedOnTime: tone = .good
        }
        return [
            Report.Cell(unit.id), Report.Cell(unit.name), Report.Cell(checklist.item(id: item)?.text ?? item), Report.Cell(rectification.action),
            Report.Cell(rectification.owner), .date(rectification.deadline), Report.Cell(t(AuditPaperText.state(state)), tone),
            .number(daysOverdue, daysOverdue > 0 ? .bad : .plain), .date(rectification.done?.date, missing: ""),
        ]
    }

    static func columns(_ t: Catalogue) -> [Report.Column] {
        [
            .init(t(AuditPaperText.colUnitID)), .init(t(AuditPaperText.colUnitName)), .init(t(AuditPaperText.colItem)),
            .init(t(AuditPaperText.colAction)), .init(t(AuditPaperText.colOwner)), .init(t(AuditPaperText.colDeadline)),
            .init(t(ReportText.colStatus)), .init(t(AuditPaperText.colDaysOverdue), numeric: true), .init(t(AuditPaperText.colDoneDate)),
        ]
    }

    var json: JSONValue {
        [
            "unit": .string(unit), "item": .string(item), "action": .string(rectification.action), "owner": .string(rectification.owner),
            "deadline": .optional(rectification.deadline?.description), "state": .string(state.rawValue), "daysOverdue": .int(daysOverdue),
            "done": rectification.done.map { ["date": .string($0.date.description), "evidence": .string($0.evidence), "by": .string($0.by)] } ?? .null,
            "history": .array(
                rectification.history.map { ["event": .string($0.kind.rawValue), "at": .string($0.at.description), "by": .string($0.by)] }),
        ]
    }
}

/// `report audits --unit ID`: one unit's self-audit as the paper it files.
public enum AuditPaperReport {
    static func build(_ ctx: ReportContext, unit: Unit, checklist: Checklist, session: TrainingSession?) -> Report {
        let t = ctx.t
        var report = ctx.header(.audits, session: session)
        let revisions = ctx.audits(checklist: checklist.id)
        let latest = UnitStanding.latest(revisions, unit: unit.id, checklist: checklist.id)
        let standing = AuditStanding(latest: latest, checklist: checklist, today: ctx.today)
        let rectifications = RectificationRow.rows(latest, checklist: checklist, today: ctx.today)
        let fork = UnitStanding.fork(revisions, unit: unit.id, checklist: checklist.id)
        if !fork.isEmpty { report.notes.insert(t(AuditPaperText.forkNote(unit.name, fork)), at: 0) }
        report.title = checklist.title
        if let latest {
            report.subtitle = t(AuditPaperText.paperSubtitle(
                unit: unit.name, id: unit.id, version: latest.checklist.version, by: latest.by.name, date: latest.createdAt.shortDescription))
            if latest.checklist.version != checklist.version {
                report.notes.insert(t(AuditPaperText.paperVersionDiffers(used: latest.checklist.version, current: checklist.version)), at: 0)
            }
        } else {
            report.subtitle = "\(unit.name)（\(unit.id)）· " + t(ReportText.checklistLine(checklist.title, version: checklist.version))
            report.notes.insert(t(AuditPaperText.paperNoRevision(unit.name)), at: 0)
        }
        report.figures = [
            Report.Figure(t(ReportText.colPass), "\(standing.passCount)", .good),
            Report.Figure(t(ReportText.colFail), "\(standing.failCount)", standing.failCount > 0 ? .warn : .plain),
            Report.Figure(t(ReportText.colNA), "\(standing.notApplicableCount)"),
            Report.Figure(t(ReportText.colUnanswered), "\(latest == nil ? checklist.items.count : standing.unanswered.count)",
                standing.isAnswered ? .plain : .warn),
            Report.Figure(t(ReportText.figOpen), "\(standing.open.count)", standing.open.isEmpty ? .good : .warn),
            Report.Figure(t(ReportText.figOverdue), "\(standing.overdue.count)", standing.overdue.isEmpty ? .good : .bad),
        ]
        var rows: [[Report.Cell]] = []
        var events: [[Report.Cell]] = []
        for (index, item) in checklist.items.enumerated() {
            let entry = latest?.entry(for: item.id) ?? AuditEntry(item: item.id)
            let status = entry.status.map { AuditText.status($0).text(in: ctx.language) } ?? t(AuditText.unanswered)
            let tone: Report.Tone = entry.status == .fail ? .bad : entry.status == nil ? .warn : .plain
            let plan = entry.rectification
            let row = plan.map { RectificationRow(unit: unit.id, item: item.id, rectification: $0, today: ctx.today) }
            var done = ""
            if let d = plan?.done {
                done = t(AuditPaperText.doneCell(date: d.date.description, evidence: d.evidence, by: d.by))
                if row?.state == .closedLate { done += " · " + t(AuditPaperText.state(.closedLate)) }
            } else if let row {
                done = row.state == .overdue ? t(AuditPaperText.lateBy(row.daysOverdue)) : t(AuditPaperText.state(.open))
            }
            rows.append([
                .number(index + 1), Report.Cell(item.text), Report.Cell(status, tone), Report.Cell(entry.note), Report.Cell(entry.evidence),
                Report.Cell(plan?.action ?? ""), Report.Cell(plan?.owner ?? ""), plan.map { .date($0.deadline) } ?? Report.Cell(""),
                Report.Cell(done, row?.state == .overdue || row?.state == .closedLate ? .bad : .plain), Report.Cell(entry.changedBy ?? latest?.by.name ?? ""),
            ])
            for event in plan?.history ?? [] {
                events.append([
                    Report.Cell("\(index + 1). \(item.text)"), .time(event.at),
                    Report.Cell(AuditEditText.eventWhat(event, rectification: plan!).text(in: ctx.language)), Report.Cell(event.by),
                ])
            }
        }
        let signatures = [t(AuditPaperText.signFiller), t(AuditPaperText.signHead), t(AuditPaperText.signDate)]
        report.sections = [
            Report.Section(
                title: t(AuditPaperText.sectionItems),
                columns: [
                    .init(t(AuditPaperText.colNumber), numeric: true), .init(t(AuditPaperText.colItem)), .init(t(AuditPaperText.colResult)),
                    .init(t(AuditPaperText.colNote)), .init(t(AuditPaperText.colEvidence)), .init(t(AuditPaperText.colAction)),
                    .init(t(AuditPaperText.colOwner)), .init(t(AuditPaperText.colDeadline)), .init(t(AuditPaperText.colDone)),
                    .init(t(AuditPaperText.colChangedBy)),
                ], rows: rows, signatures: events.isEmpty ? signatures : [], wraps: true, name: "items")
        ]
        if !events.isEmpty {
            report.sections.append(
                Report.Section(
                    title: t(AuditPaperText.sectionEvents),
                    columns: [.init(t(AuditPaperText.colItem)), .init(t(AuditPaperText.colTime)), .init(t(AuditPaperText.colEvent)), .init(t(AuditPaperText.colPerson))],
                    rows: events, signatures: signatures, wraps: true, name: "events"))
        }
        report.json = ctx.envelope(
            .audits, session: session,
            [
                "checklist": ["id": .string(checklist.id), "version": .int(checklist.version), "title": .string(checklist.title)],
                "unit": ["id": .string(unit.id), "name": .string(unit.name)],
                "revision": latest.map { r in
                    [
                        "id": .string(r.id), "createdAt": .string(r.createdAt.description), "by": .string(r.by.name),
                        "checklistVersion": .int(r.checklist.version), "previous": .optional(r.previous),
                    ]
                } ?? .null,
                "fork": .array(fork.map { .string($0.id) }),
                "items": .array(
                    checklist.items.map { item in
                        let entry = latest?.entry(for: item.id) ?? AuditEntry(item: item.id)
                        return [
                            "item": .string(item.id), "text": .string(item.text), "status": .optional(entry.status?.rawValue),
                            "note": .string(entry.note), "evidence": .string(entry.evidence), "changedBy": .optional(entry.changedBy),
                            "rectification": entry.rectification.map { RectificationRow(unit: unit.id, item: item.id, rectification: $0, today: ctx.today).json } ?? .null,
                        ]
                    }),
                "totals": [
                    "pass": .int(standing.passCount), "fail": .int(standing.failCount), "notApplicable": .int(standing.notApplicableCount),
                    "unanswered": .int(latest == nil ? checklist.items.count : standing.unanswered.count),
                    "open": .int(standing.open.count), "overdue": .int(standing.overdue.count),
                    "closedOnTime": .int(rectifications.filter { $0.state == .closedOnTime }.count),
                    "closedLate": .int(rectifications.filter { $0.state == .closedLate }.count),
                ],
            ])
        return report
    }
}

/// `report notices`: one 整改通知 page for each unit with open or overdue rectifications.
public enum NoticesReport {
    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.notices, session: session)
        guard let checklist = ctx.checklist(for: session) else {
            report.notes.insert(t(ReportText.noChecklist), at: 0)
            report.json = ctx.envelope(.notices, session: session, ["checklist": .null, "notices": [], "totals": .null])
            return report
        }
        let revisions = ctx.audits(checklist: checklist.id)
        var csvRows: [[Report.Cell]] = []
        var noticesJSON: [JSONValue] = []
        var totalOpen = 0, totalOverdue = 0
        for unit in ctx.units {
            guard let latest = UnitStanding.latest(revisions, unit: unit.id, checklist: checklist.id) else { continue }
            let open = RectificationRow.rows(latest, checklist: checklist, today: ctx.today).filter(\.isOpen)
            guard !open.isEmpty else { continue }
            let overdue = open.filter { $0.state == .overdue }.count
            totalOpen += open.count
            totalOverdue += overdue
            csvRows += open.map { $0.cells(unit: unit, checklist: checklist, t: t) }
            let rows = open.enumerated().map { index, row -> [Report.Cell] in
                [
                    .number(index + 1), Report.Cell(checklist.item(id: row.item)?.text ?? row.item), Report.Cell(row.rectification.action),
                    Report.Cell(row.rectification.owner), .date(row.rectification.deadline),
                    Report.Cell(row.state == .overdue ? t(AuditPaperText.lateBy(row.daysOverdue)) : t(AuditPaperText.state(.open)), row.state == .overdue ? .bad : .warn),
                ]
            }
            report.sections.append(
                Report.Section(
                    title: t(AuditPaperText.noticeTitle(unit.name)),
                    columns: [
                        .init(t(AuditPaperText.colNumber), numeric: true), .init(t(AuditPaperText.colItem)), .init(t(AuditPaperText.colAction)),
                        .init(t(AuditPaperText.colOwner)), .init(t(AuditPaperText.colDeadline)), .init(t(ReportText.colStatus)),
                    ], rows: rows,
                    paragraphs: [
                        t(AuditPaperText.noticeTo(unit.name)),
                        t(AuditPaperText.noticeBody(
                            date: latest.createdAt.localDate.description, checklist: checklist.title, version: latest.checklist.version,
                            by: latest.by.name, open: open.count, overdue: overdue)),
                        t(AuditPaperText.noticeAsk),
                    ],
                    signatures: [t(AuditPaperText.signOffice), t(AuditPaperText.signDate)], newPage: !report.sections.isEmpty, wraps: true,
                    name: "notice-" + unit.id))
            noticesJSON.append([
                "unit": ["id": .string(unit.id), "name": .string(unit.name)], "revision": .string(latest.id),
                "rectifications": .array(open.map(\.json)),
            ])
        }
        if let wanted = ctx.filter.unit, ctx.units.isEmpty {
            report.notes.insert(t(AuditPaperText.noSuchUnit(wanted)), at: 0)
        } else if report.sections.isEmpty {
            report.notes.insert(t(AuditPaperText.noNotices), at: 0)
        }
        report.figures = [
            Report.Figure(t(AuditPaperText.figNotices), "\(noticesJSON.count)", noticesJSON.isEmpty ? .good : .warn),
            Report.Figure(t(ReportText.figOpen), "\(totalOpen)", totalOpen == 0 ? .good : .warn),
            Report.Figure(t(ReportText.figOverdue), "\(totalOverdue)", totalOverdue == 0 ? .good : .bad),
        ]
        report.csv = Report.Section(title: t(AuditPaperText.sectionRectifications), columns: RectificationRow.columns(t), rows: csvRows, name: "rectifications")
        report.json = ctx.envelope(
            .notices, session: session,
            [
                "checklist": ["id": .string(checklist.id), "version": .int(checklist.version), "title": .string(checklist.title)],
                "notices": .array(noticesJSON), "totals": ["units": .int(noticesJSON.count), "open": .int(totalOpen), "overdue": .int(totalOverdue)],
            ])
        return report
    }
}

extension AuditPaperText {
    public static func forkNote(_ unit: String, _ heads: [AuditRevision]) -> AuditPaperText {
        .fork(unit: unit, heads: heads.map { ($0.id, $0.by.name, $0.createdAt.shortDescription) })
    }
}
