import GongkaiCore

/// The `deadline` dialogue: asks only what the case needs, checks each answer at once
/// (the rules are `DeadlineCalculator.check`), then shows the dates and the count.
extension Shell {
    private enum Asked<T> {
        case value(T)
        case skipped
        case cancelled
    }

    func deadline(_ args: [String]) {
        let calendar = library.calendar
        say(t(DeadlinePrompt.intro))
        if calendar == nil {
            let broken = library.invalidFiles.contains { $0.kind == .calendar }
            say(broken ? t(DeadlineHelp.calendarInvalid) + " " + t(DeadlineText.noCalendar) : t(DeadlineText.noCalendar), style.bad)
        }
        guard case .value(let method) = askMethod() else { return cancelDeadline() }
        var input = DeadlineCase(method: method, received: LocalDate(year: 2000, month: 1, day: 1)!)
        guard case .value(let received) = askDate(t(DeadlinePrompt.dateFor(method)), optional: false, check: { date in
            var trial = input
            trial.received = date
            return trial
        }) else { return cancelDeadline() }
        input.received = received

        guard let asked = confirm(t(DeadlinePrompt.supplementAsked), default: false) else { return cancelDeadline() }
        if asked {
            guard case .value(let requested) = askDate(t(DeadlinePrompt.supplementRequestedDate), optional: false, check: { date in
                var trial = input
                trial.supplementRequested = date
                return trial
            }) else { return cancelDeadline() }
            input.supplementRequested = requested
            switch askDate(t(DeadlinePrompt.supplementArrivedDate), optional: true, check: { date in
                var trial = input
                trial.supplementReceived = date
                return trial
            }) {
            case .value(let arrived): input.supplementReceived = arrived
            case .skipped: break
            case .cancelled: return cancelDeadline()
            }
        }

        guard var more = confirm(t(DeadlinePrompt.consulted), default: false) else { return cancelDeadline() }
        while more {
            guard case .value(let kind) = askConsultationKind() else { return cancelDeadline() }
            guard case .value(let period) = askPeriod(kind: kind, from: t(DeadlinePrompt.consultationFrom), to: t(DeadlinePrompt.consultationTo), input: input)
            else { return cancelDeadline() }
            input.excluded.append(period)
            guard let again = confirm(t(DeadlinePrompt.anotherConsultation), default: false) else { return cancelDeadline() }
            more = again
        }

        guard let fee = confirm(t(DeadlinePrompt.feeNotice), default: false) else { return cancelDeadline() }
        if fee {
            guard case .value(let period) = askPeriod(kind: .fee, from: t(DeadlinePrompt.feeNoticeDate), to: t(DeadlinePrompt.feePaidDate), input: input)
            else { return cancelDeadline() }
            input.excluded.append(period)
        }
        guard let approved = confirm(t(DeadlinePrompt.extensionApproved), default: false) else { return cancelDeadline() }
        input.extensionApproved = approved

        do {
            let result = try DeadlineCalculator.compute(input, calendar: calendar ?? .weekendsOnly)
            out.line()
            let warnings = DeadlineReport.warnings(result, calendar: calendar, t.language)
            for warning in warnings { say(warning, style.bad) }
            for line in DeadlineReport.text(result, calendar: calendar, t.language).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                out.line(String(line))
            }
        } catch {
            // Every answer was checked as it came; this is a safety net, not a path.
            say(t(DeadlineText.problem(error)), style.bad)
        }
    }

    private func cancelDeadline() { say(t(DeadlinePrompt.cancelled), style.warn) }

    private func isQuit(_ text: String) -> Bool {
        ["quit", "exit", "q", "退出", "取消"].contains(TextNormalization.fold(text))
    }

    private func askMethod() -> Asked<ApplicationMethod> {
        let byNumber: [String: ApplicationMethod] = ["1": .inPerson, "2": .post, "3": .unsignedMail, "4": .online, "5": .fax]
        while true {
            guard case .line(let text) = ask(t(DeadlinePrompt.method)), !isQuit(text) else { return .cancelled }
            let word = TextNormalization.fold(text)
            if let method = byNumber[word] ?? ApplicationMethod(typed: word) { return .value(method) }
            say(t(DeadlinePrompt.badMethodChoice), style.bad)
        }
    }

    private func askConsultationKind() -> Asked<ExcludedPeriod.Kind> {
        while true {
            guard case .line(let text) = ask(t(DeadlinePrompt.consultationKind)), !isQuit(text) else { return .cancelled }
            switch TextNormalization.fold(text) {
            case "1", "第三方": return .value(.thirdParty)
            case "2", "其他机关", "机关": return .value(.otherAgency)
            default: say(t(DeadlinePrompt.badKindChoice), style.bad)
            }
        }
    }

    /// A date, checked with the case it would make; a bad one is explained and asked again.
    private func askDate(_ prompt: String, optional: Bool, check: (LocalDate) -> DeadlineCase) -> Asked<LocalDate> {
        while true {
            guard case .line(let text) = ask(prompt), !isQuit(text) else { return .cancelled }
            if text.allSatisfy(\.isWhitespace) {
                if optional { return .skipped }
                continue
            }
            guard let date = DateInput.parse(text) else {
                say(t(DeadlineText.invalidDate(text)), style.bad)
                continue
            }
            do throws(DeadlineProblem) {
                try DeadlineCalculator.check(check(date))
                return .value(date)
            } catch {
                say(t(DeadlineText.problem(error)) + " " + t(DeadlinePrompt.dateAgain), style.bad)
            }
        }
    }

    /// A period: its first day, then its last; a period that breaks a rule is asked again whole.
    private func askPeriod(kind: ExcludedPeriod.Kind, from: String, to: String, input: DeadlineCase) -> Asked<ExcludedPeriod> {
        while true {
            guard case .value(let start) = askDate(from, optional: false, check: { date in
                var trial = input
                trial.excluded.append(ExcludedPeriod(kind: kind, from: date, to: date))
                return trial
            }) else { return .cancelled }
            guard case .line(let text) = ask(to), !isQuit(text) else { return .cancelled }
            guard let end = DateInput.parse(text) else {
                say(t(DeadlineText.invalidDate(text)) + " " + t(DeadlinePrompt.dateAgain), style.bad)
                continue
            }
            let period = ExcludedPeriod(kind: kind, from: start, to: end)
            var trial = input
            trial.excluded.append(period)
            do throws(DeadlineProblem) {
                try DeadlineCalculator.check(trial)
                return .value(period)
            } catch {
                say(t(DeadlineText.problem(error)) + " " + t(DeadlinePrompt.dateAgain), style.bad)
            }
        }
    }
}
