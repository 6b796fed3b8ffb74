import GongkaiCore

extension Shell {
    /// `login [NAME] [--unit ID] [--session ID]`: asks for what is missing,
    /// checks that records can be written, and signs in once per session.
    func login(_ args: [String]) {
        var name: String?
        var unitText: String?
        var sessionText: String?
        var index = 0
        var nameParts: [String] = []
        while index < args.count {
            let arg = args[index]
            if arg == "--unit" || arg == "--session" {
                guard index + 1 < args.count else {
                    say(t(ShellText.optionNeedsValue(arg)), style.bad)
                    return
                }
                if arg == "--unit" { unitText = args[index + 1] } else { sessionText = args[index + 1] }
                index += 2
            } else if arg.hasPrefix("--") {
                say(t(ShellText.unknownOption(arg)), style.bad)
                return
            } else {
                nameParts.append(arg)
                index += 1
            }
        }
        if !nameParts.isEmpty { name = nameParts.joined(separator: " ") }

        // A roster with errors must be fixed first: signing in against no roster would
        // file a whole training day under free-text units and no session.
        if library.invalidFiles.contains(where: { $0.kind == .roster }) {
            say(t(ShellText.rosterInvalid), style.bad)
            return
        }

        // Records must be writable before anyone answers a question.
        do {
            try store.prepare()
        } catch {
            say(t(ShellText.resultsNotWritable(path: store.root, reason: error)), style.bad)
            return
        }

        guard let typedName = name.map({ $0.trimmingCharacters() }).flatMap({ $0.isEmpty ? nil : $0 }) ?? askName() else { return }
        // `王 小明` and `王小明` are one person (see `TextNormalization.personName`).
        let traineeName = TextNormalization.personName(typedName)
        guard let unit = resolveUnit(unitText) else { return }
        guard let session = resolveSession(sessionText) else { return }

        let trainee = Trainee(name: traineeName, unit: unit.id)
        user = SignedIn(trainee: trainee, unitName: unit.name, session: session.value)
        say(t(ShellText.welcome(name: traineeName, unit: unit.name)), style.good)
        if let session = session.value {
            signIn(trainee, session: session)
        } else if library.roster?.sessions.isEmpty == false {
            say(t(AuditEditText.selfStudy))
        }
        for checklist in library.checklists {
            if case .success(let draft)? = store.loadDraft(unit: unit.id, checklist: checklist.id) {
                say(
                    t(AuditEditText.unitDraftPending(checklist: checklist.id, answered: draft.answeredCount, total: checklist.items.count, by: draft.by.name)),
                    style.warn)
            }
        }
        let pending = store.progressNames(trainee: trainee)
        for name in pending {
            if let course = library.course(id: name), case .success(let progress)? = store.loadProgress(trainee: trainee, name: name) {
                say(t(ShellText.unfinishedQuiz(course: course.title, id: course.id, answered: progress.answeredCount, total: progress.items.count)), style.warn)
            } else if name.hasPrefix("audit.") {
                say(t(ShellText.unfinishedAudit(checklist: String(name.dropFirst(6)))), style.warn)
            }
        }
    }

    private func askName() -> String? {
        while true {
            switch ask(t(ShellText.askName)) {
            case .endOfInput, .interrupt:
                say(t(ShellText.loginCancelled))
                return nil
            case .line(let text):
                let name = text.trimmingCharacters()
                if name.isEmpty { say(t(ShellText.nameEmpty)); continue }
                if name.count > 500 { say(t(ShellText.nameTooLong(limit: 500))); continue }
                return name
            }
        }
    }

    private func resolveUnit(_ given: String?) -> Unit? {
        guard let roster = library.roster, !roster.units.isEmpty else {
            // Without a roster any unit name is accepted as typed.
            var text = given
            while text?.trimmingCharacters().isEmpty ?? true {
                switch ask(t(ShellText.askUnitFree)) {
                case .endOfInput, .interrupt:
                    say(t(ShellText.loginCancelled))
                    return nil
                case .line(let line): text = line
                }
            }
            let value = text!.trimmingCharacters()
            return Unit(id: value, name: value)
        }
        var candidate = given
        while true {
            if let text = candidate?.trimmingCharacters(), !text.isEmpty {
                if let unit = roster.findUnit(text) { return unit }
                if InputVocabulary.listAll.contains(TextNormalization.fold(text)) {
                    listUnits(roster)
                } else {
                    let matches = roster.unitsMatching(text)
                    if matches.count == 1 { return matches[0] }
                    say(t(ShellText.unknownUnit(text)), style.bad)
                    if !matches.isEmpty {
                        say(t(ShellText.didYouMeanUnits(matches.prefix(8).map { t(ShellText.unitLabel(name: $0.name, id: $0.id)) }.joined(separator: t(ReportText.listSeparator)))))
                    }
                }
            }
            switch ask(t(ShellText.askUnit), completer: unitCompleter()) {
            case .endOfInput, .interrupt:
                say(t(ShellText.loginCancelled))
                return nil
            case .line(let line): candidate = line
            }
        }
    }

    private func listUnits(_ roster: Roster) {
        for kind in Unit.Kind.allCases {
            let units = roster.units.filter { $0.kind == kind }
            guard !units.isEmpty else { continue }
            say(t(ShellText.unitKind(kind.rawValue)), style.bold)
            // Whole labels a line: a unit's name is never split across lines.
            for line in TextTable.pack(units.map { t(ShellText.unitLabel(name: $0.name, id: $0.id)) }, width: width - 1, indent: "  ") {
                out.line(line)
            }
        }
    }

    /// The session to sign in for: the given one, else today's, else the most recent.
    private func resolveSession(_ given: String?) -> (value: TrainingSession?, ok: Bool)? {
        guard let roster = library.roster, !roster.sessions.isEmpty else { return (nil, true) }
        guard let suggested = roster.defaultSession(today: clock.today()) else { return (nil, true) }
        var candidate = given
        let completer: Completer = { _, _ in roster.sessions.map(\.id) + ["none"] }
        while true {
            if let text = candidate?.trimmingCharacters() {
                if text.isEmpty { return (suggested, true) }
                if InputVocabulary.noSession.contains(TextNormalization.fold(text)) { return (nil, true) }
                if let session = roster.session(id: text) { return (session, true) }
                say(t(ShellText.unknownSession(text)), style.bad)
                for session in roster.sessions {
                    out.line("  \(session.id)  " + t(ShellText.sessionLabel(title: session.title, date: session.date.description)))
                }
            }
            switch ask(t(ShellText.askSession(defaultID: suggested.id, title: suggested.title)), completer: completer) {
            case .endOfInput, .interrupt:
                say(t(ShellText.loginCancelled))
                return nil
            case .line(let line): candidate = line
            }
        }
    }

    /// One attendance record per person per session.
    private func signIn(_ trainee: Trainee, session: TrainingSession) {
        let time = now()
        let record = AttendanceRecord(id: ids.makeID(at: time), createdAt: time, trainee: trainee, session: session.id)
        do {
            if try store.signIn(record) == .alreadySignedIn {
                say(t(ShellText.alreadySignedIn(session: session.title, date: session.date.description)))
                return
            }
            say(t(ShellText.signedIn(session: session.title, date: session.date.description)), style.good)
        } catch {
            say(t(ShellText.signInFailed(reason: error)), style.bad)
            unsaved.append(PendingRecord(describe: t(ShellText.pendingAttendance(session: session.id))) { store throws(FileSystemError) in
                try store.save(record)
            })
        }
    }

    func whoami() {
        guard let user else {
            say(t(ShellText.notLoggedIn))
            return
        }
        say(t(ShellText.whoami(name: user.trainee.name, unit: user.unitName, unitID: user.trainee.unit, session: user.session.map { t(ShellText.sessionLabel(title: $0.title, date: $0.id)) })))
    }

    func logout() {
        guard user != nil else {
            say(t(ShellText.notLoggedIn))
            return
        }
        user = nil
        say(t(ShellText.loggedOut))
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
