import GongkaiCore

extension Shell {
    /// `unit [ID]`: a unit's standing for the session (attendance, modules, self-audit).
    func unitStanding(_ args: [String]) {
        guard let roster = library.roster else {
            say(t(ShellText.noRoster), style.bad)
            return
        }
        let unitText = args.first ?? user?.trainee.unit
        guard let unitText else {
            say(t(ShellText.loginFirst))
            return
        }
        guard let unit = roster.findUnit(unitText) else {
            say(t(AuditText.unknownUnit(unitText)), style.bad)
            return
        }
        var sessionID = user?.session?.id
        if let index = args.firstIndex(of: "--session"), index + 1 < args.count { sessionID = args[index + 1] }
        guard let session = sessionID.flatMap(roster.session(id:)) ?? roster.sessions.last else {
            say(t(AuditText.noSession))
            return
        }
        let checklist = session.checklist.flatMap(library.checklist(id:))
        let revisions = checklist.map { store.audits(checklist: $0.id, unit: unit.id).records.map(\.record) } ?? []
        let standing = UnitStanding(
            unit: unit, session: session, attendance: store.attendance(session: session.id).records.map(\.record),
            attempts: store.attempts().records.map { AttemptSummary($0.record) },
            latestAudit: checklist.flatMap { UnitStanding.latest(revisions, unit: unit.id, checklist: $0.id) },
            checklist: checklist, today: clock.today())
        render(standing, checklist: checklist)
    }

    func render(_ standing: UnitStanding, checklist: Checklist?) {
        let session = standing.session
        out.line()
        out.line(rule(t(AuditText.unitTitle(unit: standing.unit.name, id: standing.unit.id, session: session.title, date: session.date.description))))
        let attendanceLine = t(AuditText.attendance(expected: standing.unit.expected, signedIn: standing.attendees.count))
        say(attendanceLine, standing.attendees.count >= standing.unit.expected ? style.good : style.bad)
        if !standing.attendees.isEmpty {
            say(t(AuditText.modulesHeader))
            let titles = session.courses.map { id in library.course(id: id)?.title ?? id }
            let rows = standing.attendees.map { attendee -> [String] in
                [attendee.name] + session.courses.map { course -> String in
                    let best = (attendee.best[course] ?? nil).map { "\(JSONWriter.formatNumber($0))%" } ?? "—"
                    return attendee.passed.contains(course) ? style.good("✓ \(best)") : (best == "—" ? style.dim(best) : style.bad("✗ \(best)"))
                }
            }
            out.write(TerminalTable.render(headers: [t(AuditText.colName)] + titles, rows: rows, width: width, style: style))
        }
        if let audit = standing.audit {
            if let revision = audit.revision {
                say(t(AuditText.auditLatest(
                    date: revision.createdAt.shortDescription, by: revision.by.name, pass: audit.passCount, fail: audit.failCount,
                    na: audit.notApplicableCount, unanswered: audit.unanswered.count)))
            } else {
                say(t(AuditText.auditNone), style.bad)
            }
            if !audit.open.isEmpty {
                say(t(AuditText.openHeader))
                for open in audit.open {
                    let title = checklist?.item(id: open.item)?.text ?? open.item
                    let line = t(AuditText.openItem(item: DisplayWidth.truncate(title, to: 30), action: open.rectification.action, owner: open.rectification.owner, deadline: open.rectification.deadline.description))
                    out.line(wrap("  " + line + (open.overdue ? t(AuditText.overdueMark) : ""), indent: "    ").replacingFirstIndent())
                }
            }
        } else if session.checklist == nil {
            say(t(AuditText.auditNotRequired), style.dim)
        }
        if standing.isComplete {
            say(t(AuditText.complete), { style.good(style.bold($0)) })
        } else {
            say(t(AuditText.incomplete), { style.bad(style.bold($0)) })
            let courseTitles = Dictionary(uniqueKeysWithValues: library.courses.map { ($0.id, $0.title) })
            let itemTitles = Dictionary(uniqueKeysWithValues: (checklist?.items ?? []).map { ($0.id, $0.text) })
            for reason in standing.reasons {
                out.line(wrap("  · " + t(AuditText.reason(reason, courseTitles: courseTitles, itemTitles: itemTitles)), indent: "    ").replacingFirstIndent())
            }
        }
    }
}
