import GongkaiCore

extension Shell {
    /// `unit [ID] [--session ID]`: a unit's standing for a session (attendance, modules, self-audit).
    func unitStanding(_ args: [String]) {
        guard let roster = library.roster else {
            say(t(ShellText.noRoster), style.bad)
            return
        }
        var unitText = user?.trainee.unit
        var sessionID = user?.session?.id
        var index = 0
        while index < args.count {
            if args[index] == "--session" {
                guard index + 1 < args.count else {
                    say(t(ShellText.optionNeedsValue("--session")), style.bad)
                    return
                }
                sessionID = args[index + 1]
                index += 2
            } else if args[index].hasPrefix("--") {
                say(t(ShellText.unknownOption(args[index])), style.bad)
                return
            } else {
                unitText = args[index]
                index += 1
            }
        }
        guard let unitText else {
            say(t(ShellText.loginFirst))
            return
        }
        guard let unit = roster.findUnit(unitText) else {
            say(t(AuditText.unknownUnit(unitText)), style.bad)
            return
        }
        if case .refused(let refusal) = ShellAccess.unitView(unit.id, by: user?.trainee, roster: roster) {
            say(t(TraineeText.refused(refusal)), style.warn)
            return
        }
        let session: TrainingSession
        if let sessionID {
            guard let named = roster.session(id: sessionID) else {
                say(t(ShellText.unknownSession(sessionID)), style.bad)
                return
            }
            session = named
        } else if let fallback = roster.defaultSession(today: clock.today()) {
            session = fallback
        } else {
            say(t(AuditText.noSession))
            return
        }
        // The same rule as `report completion`, over this unit's own records.
        let records = RecordSet.unit(unit.id, session: session.id, checklist: session.checklist, store: store)
        let context = ReportContext(
            library: library, records: records, filter: ReportFilter(session: session.id, unit: unit.id), now: now(), language: language)
        guard let standing = CompletionReport.standings(context, session: session).first else { return }
        render(standing, checklist: session.checklist.flatMap(library.checklist(id:)))
        if let checklist = session.checklist {
            let fork = UnitStanding.fork(records.audits, unit: unit.id, checklist: checklist)
            if !fork.isEmpty { say(t(AuditPaperText.forkNote(unit.name, fork)), style.warn) }
        }
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
                    let best = Percentage.text(attendee.best[course] ?? nil)
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
                    let line = t(AuditText.openItem(item: DisplayWidth.truncate(title, to: 30), action: open.rectification.action, owner: open.rectification.owner, deadline: open.rectification.deadlineText))
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
