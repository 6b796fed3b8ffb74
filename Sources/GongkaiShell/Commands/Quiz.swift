import GongkaiCore

extension Shell {
    enum RunOutcome {
        case submitted
        /// Left with progress saved; `resume` continues.
        case paused
        /// End of input: progress saved, the shell should exit.
        case endOfInput
        /// Another shell continued, submitted or discarded the same autosave: this run stopped,
        /// its answers kept in the rescue folder.
        case superseded
    }

    /// Where a run's autosave lives: the key of `progressVersions` and `supersededRuns`.
    func progressSlot(_ run: QuizRun) -> String {
        store.progressPath(trainee: run.trainee, name: ProgressKey(kind: run.kind, course: run.course.id).name)
    }

    /// The autosave as this shell last wrote or read it; for a run it holds no version of
    /// (none is known), the file as it stands.
    func knownVersion(_ run: QuizRun) -> ProgressVersion {
        progressVersions[progressSlot(run)]
            ?? store.progressVersion(trainee: run.trainee, key: ProgressKey(kind: run.kind, course: run.course.id)) ?? .none
    }

    /// This shell now works from the autosave as it is at `version` (a new run: `.none`).
    func adopt(_ run: QuizRun, at version: ProgressVersion) {
        let slot = progressSlot(run)
        progressVersions[slot] = version
        supersededRuns.remove(slot)
    }

    /// `quiz COURSE`: draws a new attempt (or offers to continue a saved one).
    func quiz(_ args: [String]) {
        guard let user = requireLogin(), let course = course(args, command: "quiz") else { return }
        guard offerSavedRun(.quiz(course: course.id), course: course, user: user) else { return }
        // One reading of the trainee's own attempts serves every check below.
        let own = store.attempts(of: user.trainee, course: course.id)
        if course.quiz.maxAttempts > 0 {
            let used = own.filter { $0.kind == .quiz }.count
            if used >= course.quiz.maxAttempts {
                say(t(ShellText.noAttemptsLeft(max: course.quiz.maxAttempts)), style.bad)
                return
            }
        }
        let taken = own.filter { $0.kind == .quiz }.map(\.finishedAt)
        if let next = AttemptPolicy.nextStart(after: taken, settings: course.quiz, now: now()) {
            say(t(TraineeText.retakeWait(until: next.shortDescription, minutes: course.quiz.retakeWaitMinutes)), style.warn)
            return
        }
        let time = now()
        let previous = QuizDrawer.questionsToAvoid(own, course: course.id)
        let plan = QuizDrawer.draw(course, avoiding: previous, using: &generator)
        var run = QuizRun(id: ids.makeID(at: time), course: course, trainee: user.trainee, session: user.session?.id, startedAt: time, plan: plan)
        let total = run.items.reduce(0) { $0 + $1.question.points }
        out.line()
        out.line(rule(t(ShellText.quizTitle(course.title, version: course.version))))
        say(t(ShellText.quizIntro(count: run.items.count, points: Percentage.points(total), pass: JSONWriter.formatNumber(course.quiz.passPercent), practice: course.quiz.mode == .practice)))
        say(t(ShellText.quizControls), style.dim)
        adopt(run, at: .none)
        saveProgress(run)
        finish(drive(&run), run: run)
    }

    /// When an autosave exists, offers to continue it (and does) or to discard it.
    /// Returns true when the caller should start a new run.
    private func offerSavedRun(_ key: ProgressKey, course: Course, user: SignedIn) -> Bool {
        switch store.loadProgressVersioned(trainee: user.trainee, key: key) {
        case nil:
            return true
        case (.failure(let problem), _)?:
            say(t(ShellText.progressUnreadable(RecordProblemMessage(problem))), style.bad)
        case (.success(let progress), let version)?:
            say(t(ShellText.unfinishedQuiz(course: course.title, id: course.id, answered: progress.answeredCount, total: progress.items.count)), style.warn)
            switch confirm(t(ShellText.continueSaved), default: true) {
            case nil: return false
            case true?:
                resumeProgress(progress, course: course, version: version)
                return false
            case false?:
                break
            }
        }
        guard confirm(t(ShellText.discardSaved), default: false) == true else { return false }
        try? store.removeProgress(trainee: user.trainee, key: key)
        return true
    }

    /// `resume [COURSE]`: continues a saved attempt exactly where it stopped.
    func resume(_ args: [String]) {
        guard let user = requireLogin() else { return }
        // A run whose autosave could not be written is still in memory.
        let held = heldRuns.filter { $0.value.trainee == user.trainee && (args.first == nil || $0.key.course == args.first) }
        if let (key, run) = held.first {
            heldRuns[key] = nil
            var run = run
            out.line(rule(t(ShellText.quizTitle(run.course.title, version: run.course.version))))
            say(t(ShellText.resumed(answered: run.answeredCount, total: run.items.count)), style.good)
            saveProgress(run)
            finish(drive(&run), run: run)
            return
        }
        let pending = store.pendingWork(trainee: user.trainee)
        let runs = pending.filter { $0.course.map { library.course(id: $0) != nil } ?? false }
        // `resume [review|quiz] [COURSE]`: a paused review is continued as a review.
        var rest = args
        var kind: AttemptKind?
        if let first = rest.first, let named = InputVocabulary.resumeKind(first) {
            kind = named
            rest.removeFirst()
        }
        var candidates = runs.filter { key in
            guard let kind else { return true }
            if case .review = key { return kind == .review }
            return kind == .quiz
        }
        if !rest.isEmpty {
            guard let course = course(rest, command: "resume") else { return }
            candidates = candidates.filter { $0.course == course.id }
            if candidates.isEmpty { candidates = [ProgressKey(kind: kind ?? .quiz, course: course.id)] }
        }
        let key: ProgressKey
        if candidates.count == 1 {
            key = candidates[0]
        } else if candidates.isEmpty {
            say(t(pending.isEmpty || kind != nil ? ShellText.nothingToResume : ShellText.auditDraftHint))
            return
        } else {
            let quizzes = candidates.compactMap { if case .quiz(let c) = $0 { return c } else { return nil } }
            let reviews = candidates.compactMap { if case .review(let c) = $0 { return c } else { return nil } }
            say(t(TraineeText.severalToResume(quizzes: quizzes.joined(separator: "  "), reviews: reviews.joined(separator: "  "))))
            return
        }
        guard let courseID = key.course, let course = library.course(id: courseID) else {
            say(t(ShellText.unknownCourse(key.course ?? key.name, suggestion: nil)), style.bad)
            return
        }
        switch store.loadProgressVersioned(trainee: user.trainee, key: key) {
        case nil:
            say(t(ShellText.nothingToResume))
        case (.failure(let problem), _)?:
            say(t(ShellText.progressUnreadable(RecordProblemMessage(problem))), style.bad)
            if confirm(t(ShellText.discardSaved), default: false) == true { try? store.removeProgress(trainee: user.trainee, key: key) }
        case (.success(let progress), let version)?:
            resumeProgress(progress, course: course, version: version)
        }
    }

    /// Continues an autosave read at `version`.
    func resumeProgress(_ progress: ProgressRecord, course: Course, version: ProgressVersion) {
        do {
            var run = try QuizRun(resuming: progress, course: course)
            // Died between writing the attempt and removing the autosave: the record stands, the
            // autosave goes; continuing would show a score the record does not hold.
            if let recorded = store.recordedAttempt(id: progress.id, course: course.id, trainee: progress.trainee) {
                say(t(HardeningText.alreadyRecorded), style.warn)
                let answered = ProgressRecord(
                    id: recorded.id, createdAt: recorded.createdAt, trainee: recorded.trainee, session: recorded.session,
                    course: recorded.course, kind: recorded.kind, mode: recorded.mode, startedAt: recorded.startedAt, position: 0,
                    items: recorded.items.map { .init(question: $0.question, type: $0.type, shown: $0.shown, raw: $0.raw, response: $0.response) })
                showResults(recorded, run: (try? QuizRun(resuming: answered, course: course)) ?? run)
                _ = store.removeProgress(trainee: progress.trainee, key: ProgressKey(kind: progress.kind, course: course.id), ifStill: version)
                return
            }
            adopt(run, at: version)
            out.line(rule(t(ShellText.quizTitle(course.title, version: course.version))))
            say(t(ShellText.resumed(answered: run.answeredCount, total: run.items.count)), style.good)
            say(t(ShellText.quizControls), style.dim)
            finish(drive(&run), run: run)
        } catch {
            switch error {
            case .courseChanged(let saved, let current):
                say(t(ShellText.courseChangedSinceStart(saved: saved, current: current)), style.bad)
            case .questionMissing(let id):
                say(t(ShellText.questionRemoved(id)), style.bad)
            case .damaged:
                say(t(ShellText.progressUnreadable(RecordProblemMessage(.tampered))), style.bad)
            }
            if confirm(t(ShellText.discardSaved), default: false) == true {
                try? store.removeProgress(trainee: progress.trainee, key: ProgressKey(kind: progress.kind, course: course.id))
            }
        }
    }

    /// `review [COURSE]`: drills the questions this trainee last answered wrongly, with feedback.
    func review(_ args: [String]) {
        guard let user = requireLogin() else { return }
        var courses = library.courses
        if !args.isEmpty {
            guard let course = course(args, command: "review") else { return }
            courses = [course]
        }
        var started = false
        for course in courses {
            // A review paused earlier is continued, not overwritten.
            if store.loadProgress(trainee: user.trainee, key: .review(course: course.id)) != nil {
                started = true
                guard offerSavedRun(.review(course: course.id), course: course, user: user) else { return }
            }
            let attempts = store.attempts(of: user.trainee, course: course.id)
            // The most recent answer to each question decides whether it still needs work.
            var latest: [String: AttemptItem] = [:]
            for attempt in attempts {
                for item in attempt.items where course.question(id: item.question) != nil { latest[item.question] = item }
            }
            let wrong = course.questions.filter { q in latest[q.id].map { !$0.isCorrect } ?? false }
            guard !wrong.isEmpty else { continue }
            started = true
            let time = now()
            let plan = wrong.map { question in
                // A deadline question is drilled on fresh dates.
                PlannedItem(
                    questionID: question.id, shown: QuizDrawer.shownOrder(question, course.quiz, &generator),
                    drawn: QuizDrawer.drawDeadline(question, &generator))
            }
            var run = QuizRun(id: ids.makeID(at: time), course: course, trainee: user.trainee, session: user.session?.id, kind: .review, startedAt: time, plan: plan)
            out.line(rule(t(ShellText.reviewTitle(course.title, count: wrong.count))))
            adopt(run, at: .none)
            saveProgress(run)
            let outcome = drive(&run)
            finish(outcome, run: run)
            if case .submitted = outcome { continue }
            return
        }
        if !started { say(t(ShellText.nothingToReview)) }
    }

    /// Replaces the run's autosave, unless another shell has written or removed it since this
    /// one last did: then the run is superseded (see `supersede`) and false returned.
    @discardableResult
    func saveProgress(_ run: QuizRun, quietly: Bool = false) -> Bool {
        let key = ProgressKey(kind: run.kind, course: run.course.id)
        let slot = progressSlot(run)
        guard !supersededRuns.contains(slot) else { return false }
        let progress = run.progress(at: now())
        do throws(ProgressSaveError) {
            progressVersions[slot] = try store.saveProgress(progress, key: key, expected: knownVersion(run))
            return true
        } catch {
            switch error {
            case .changedElsewhere:
                supersede(run, progress: progress)
            case .file(let problem):
                if !quietly { say(t(ShellText.progressNotSaved(reason: problem)), style.warn) }
            }
            return false
        }
    }

    /// Another shell has continued, submitted or discarded this run's autosave: this one stops
    /// writing it, and keeps its own answers in the rescue folder rather than overwrite theirs.
    func supersede(_ run: QuizRun, progress: ProgressRecord) {
        let key = ProgressKey(kind: run.kind, course: run.course.id)
        supersededRuns.insert(progressSlot(run))
        heldRuns[key] = nil
        say(t(ShellText.progressTakenOver(id: run.course.id, rescuedTo: rescueProgress(progress, key: key))), style.bad)
    }

    /// Writes an autosave into the rescue folder beside any written there before
    /// (`sample.json`, `sample-2.json`, …); returns its path, or nil if it could not be written.
    func rescueProgress(_ progress: ProgressRecord, key: ProgressKey) -> String? {
        guard let rescueFolder else { return nil }
        let rescue = ResultStore(root: rescueFolder, fileSystem: store.fileSystem)
        var name = key.name
        var number = 1
        while rescue.fileSystem.exists(rescue.progressPath(trainee: progress.trainee, name: name)) {
            number += 1
            name = "\(key.name)-\(number)"
        }
        guard (try? rescue.saveProgress(progress, name: name)) != nil else { return nil }
        return rescue.progressPath(trainee: progress.trainee, name: name)
    }

    func finish(_ outcome: RunOutcome, run: QuizRun) {
        guard outcome != .submitted else { return }
        // Superseded: already said, and nothing more may be written to the autosave.
        if outcome == .superseded || supersededRuns.contains(progressSlot(run)) {
            if outcome == .endOfInput { quitRequested = true }
            return
        }
        if outcome == .endOfInput { out.line() }
        // Only say "saved" when it is: otherwise the run stays in memory for `resume`.
        if saveProgress(run, quietly: true) {
            say(t(ShellText.paused(id: run.course.id)))
        } else if supersededRuns.contains(progressSlot(run)) {
            // Taken over just now: `supersede` has said so.
        } else {
            heldRuns[ProgressKey(kind: run.kind, course: run.course.id)] = run
            say(t(ShellText.pausedInMemory(id: run.course.id)), style.warn)
        }
        if outcome == .endOfInput { quitRequested = true }
    }

    // MARK: The question loop

    func drive(_ run: inout QuizRun) -> RunOutcome {
        var showQuestion = true
        let slot = progressSlot(run)
        while true {
            if supersededRuns.contains(slot) { return .superseded }
            if run.isAtEnd {
                if let outcome = askToSubmit(&run) { return outcome }
                showQuestion = true
                continue
            }
            guard let item = run.current else { return .paused }
            if showQuestion { present(item, number: run.position + 1, of: run.items.count) }
            showQuestion = true
            switch ask(t(ShellText.answerPrompt), kind: .answer) {
            case .endOfInput:
                saveProgress(run)
                return .endOfInput
            case .interrupt:
                switch confirm(t(ShellText.leaveQuiz), default: false) {
                case true?, nil:
                    saveProgress(run)
                    return .paused
                case false?:
                    continue
                }
            case .line(let text):
                let word = TextNormalization.fold(text)
                if InputVocabulary.skip.contains(word) {
                    run.skip()
                    saveProgress(run)
                    continue
                }
                if InputVocabulary.back.contains(word) {
                    if !run.back() { say(t(ShellText.atFirstQuestion)) }
                    saveProgress(run)
                    continue
                }
                if InputVocabulary.quit.contains(word) {
                    saveProgress(run)
                    return .paused
                }
                if InputVocabulary.answerSheet.contains(word) {
                    showQuestion = answerSheet(&run)
                    saveProgress(run)
                    continue
                }
                if InputVocabulary.flag.contains(word) {
                    let number = run.position + 1
                    say(t(run.toggleFlag() ? TraineeText.flagged(number) : TraineeText.unflagged(number)), style.dim)
                    saveProgress(run)
                    showQuestion = false
                    continue
                }
                if let number = InputVocabulary.gotoNumber(text) {
                    if (1...run.items.count).contains(number) {
                        run.go(to: number - 1)
                        saveProgress(run)
                    } else {
                        say(t(TraineeText.noSuchQuestion(number, total: run.items.count)), style.warn)
                        showQuestion = false
                    }
                    continue
                }
                if InputVocabulary.help.contains(word) {
                    say(t(AnswerHint(question: item.question)))
                    say(t(ShellText.quizControls), style.dim)
                    showQuestion = false
                    continue
                }
                if word.isEmpty && item.isAnswered || run.currentIsLocked {
                    if run.currentIsLocked, !word.isEmpty { say(t(ShellText.answerLocked), style.dim) }
                    run.skip()
                    continue
                }
                switch ResponseParser.parse(text, question: item.question, shown: item.shown) {
                case .failure(let problem):
                    say(t(problem), style.warn)
                    showQuestion = false
                case .success(let response):
                    let answered = run.position
                    run.answer(raw: text, response: response)
                    saveProgress(run)
                    if run.mode == .practice {
                        showFeedback(run.items[answered], grade: run.grade(for: run.items[answered]), number: answered + 1)
                    }
                }
            }
        }
    }

    /// At the end: offers to go back to skipped questions, then submits. Nil means "keep answering".
    private func askToSubmit(_ run: inout QuizRun) -> RunOutcome? {
        let open = run.unansweredPositions
        if !open.isEmpty {
            say(t(ShellText.unanswered(open.map { String($0 + 1) }.joined(separator: t(ReportText.listSeparator)), count: open.count)), style.warn)
            if !run.flaggedPositions.isEmpty {
                say(t(TraineeText.flaggedList(run.flaggedPositions.map { String($0 + 1) }.joined(separator: t(ReportText.listSeparator)))), style.warn)
            }
            switch ask(t(ShellText.submitOrGoBack)) {
            case .endOfInput:
                saveProgress(run)
                return (.endOfInput)
            case .interrupt:
                saveProgress(run)
                return (.paused)
            case .line(let text):
                let word = TextNormalization.fold(text)
                if let n = Int(word) ?? InputVocabulary.gotoNumber(text), (1...run.items.count).contains(n) {
                    run.go(to: n - 1)
                    return nil
                }
                if InputVocabulary.answerSheet.contains(word) || InputVocabulary.no.contains(word) {
                    answerSheet(&run)
                    return nil
                }
                if InputVocabulary.back.contains(word) {
                    run.back()
                    return nil
                }
                if InputVocabulary.quit.contains(word) {
                    saveProgress(run)
                    return (.paused)
                }
                if InputVocabulary.submit.contains(word) || InputVocabulary.yes.contains(word) {
                    guard confirm(t(ShellText.confirmSubmitWithOpen(open.count)), default: false) == true else {
                        run.go(to: open[0])
                        answerSheet(&run)
                        return nil
                    }
                    return (submit(run))
                }
                say(t(ShellText.submitOrGoBackHelp(run.items.count)))
                return nil
            }
        }
        if run.mode == .exam {
            let flagged = run.flaggedPositions.map { String($0 + 1) }.joined(separator: t(ReportText.listSeparator))
            let question = flagged.isEmpty
                ? t(ShellText.confirmSubmit(run.items.count))
                : t(TraineeText.confirmSubmitNaming(total: run.items.count, unanswered: "", flagged: flagged))
            switch confirm(question, default: true) {
            case nil:
                saveProgress(run)
                return (.paused)
            case false?:
                // "n": the answer sheet, to pick the question to check.
                if answerSheet(&run), run.isAtEnd { run.back() }
                return nil
            case true?:
                break
            }
        }
        return (submit(run))
    }

    /// Shows the answer sheet (答题卡) and asks where to go; returns whether to show the question again.
    @discardableResult
    func answerSheet(_ run: inout QuizRun) -> Bool {
        say(t(TraineeText.answerSheetTitle(answered: run.answeredCount, total: run.items.count, flagged: run.flaggedPositions.count)), style.bold)
        let cells = run.items.indices.map { index -> String in
            let item = run.items[index]
            let mark = item.flagged ? "⚑" : (item.isAnswered ? "✓" : "○")
            let number = String(index + 1)
            let cell = (index == run.position ? "▶" : " ") + String(repeating: " ", count: max(0, 3 - number.count)) + number + mark
            return cell
        }
        // As many cells a line as the window holds: a cell is 6 columns wide.
        let perLine = max(1, (width - 2) / 7)
        var line = "  "
        for (index, cell) in cells.enumerated() {
            line += cell + " "
            if (index + 1) % perLine == 0 || index == cells.count - 1 {
                out.line(line)
                line = "  "
            }
        }
        say(t(TraineeText.answerSheetLegend), style.dim)
        while true {
            switch ask(t(TraineeText.answerSheetPrompt(run.items.count))) {
            case .endOfInput, .interrupt: return true
            case .line(let text):
                let word = TextNormalization.fold(text)
                if word.isEmpty { return true }
                guard let number = Int(word) ?? InputVocabulary.gotoNumber(text), (1...run.items.count).contains(number) else {
                    say(t(TraineeText.noSuchQuestion(Int(word) ?? 0, total: run.items.count)), style.warn)
                    continue
                }
                run.go(to: number - 1)
                return true
            }
        }
    }

    func present(_ item: QuizRun.Item, number: Int, of total: Int) {
        let q = item.question
        out.line()
        out.line(rule(t(ShellText.questionHeader(number: number, total: total, type: q.type, points: Percentage.points(q.points)))))
        out.line(wrap(q.prompt))
        switch q.type {
        case .single, .multiple, .order:
            for (position, original) in item.shown.enumerated() {
                out.line(wrap("\(OptionLetter.letter(position)). \(q.options[original].text)", indent: "     ").replacingFirstIndent())
            }
        case .redact:
            let digits = String(q.lines.count).count
            for (index, line) in q.lines.enumerated() {
                let label = String(repeating: " ", count: digits - String(index + 1).count) + String(index + 1)
                out.line(wrap("\(label) │ \(line)", indent: String(repeating: " ", count: digits + 3)).replacingFirstIndent())
            }
        default:
            break
        }
        if let response = item.response {
            say(t(ShellText.previousAnswer(response.displayShown(item.shown, language, type: q.type))), style.dim)
        }
        say("(\(t(AnswerHint(question: q))))", style.dim)
    }

    /// Feedback for one answer (practice mode, and the results of an exam).
    func showFeedback(_ item: QuizRun.Item, grade: ItemGrade, number: Int?) {
        let q = item.question
        let points = "\(Percentage.points(grade.points))/\(Percentage.points(grade.max))"
        if grade.isCorrect {
            say(t(ShellText.correct(points: points)), style.good)
        } else if grade.isPartial {
            say(t(ShellText.partlyCorrect(points: points)), style.warn)
        } else {
            say(t(ShellText.incorrect(points: points)), style.bad)
        }
        if !grade.isCorrect {
            // Letters alone mean nothing once the shuffled options have scrolled away: texts beside them.
            if let response = item.response {
                say(t(ShellText.yourAnswer(response.displayShown(item.shown, language, type: q.type))), indent: "  ")
                showOptionTexts(response, question: q, shown: item.shown)
            } else {
                say(t(ShellText.yourAnswerSkipped), indent: "  ")
            }
            say(t(ShellText.correctAnswer(correctAnswerText(q, shown: item.shown))), indent: "  ")
            if q.type.usesOptions { showOptionTexts(q.answer.asResponse, question: q, shown: item.shown) }
            if case .options(let chosen)? = item.response {
                for original in chosen {
                    if let feedback = q.options[original].feedback {
                        let letter = OptionLetter.letter(item.shown.firstIndex(of: original) ?? original)
                        out.line(wrap("\(letter). \(feedback)", indent: "    ").replacingFirstIndent(with: "  "))
                    }
                }
            }
            if case .redact(let reasons) = q.answer {
                var marked: Set<Int> = []
                if case .lines(let lines)? = item.response { marked = Set(lines) }
                for line in reasons.keys.sorted() {
                    let mark = marked.contains(line) ? "✓" : "✗"
                    out.line(wrap(t(ShellText.redactReason(mark: mark, line: line, reason: reasons[line]!)), indent: "      ").replacingFirstIndent(with: "  "))
                }
                for line in marked.subtracting(reasons.keys).sorted() {
                    say(t(ShellText.redactWrongLine(line: line, text: DisplayWidth.truncate(q.lines[line - 1], to: 40))), indent: "  ")
                }
            }
        }
        if !q.explanation.isEmpty {
            out.line(wrap(t(ShellText.explanation(q.explanation)), indent: "  "))
        }
        if !q.source.isEmpty { say(t(ShellText.source(q.source)), style.dim, indent: "  ") }
        _ = number
    }

    /// `B. 7月1日（镇政府签收之日）` under an answer, one line per chosen option.
    func showOptionTexts(_ response: Response, question q: Question, shown: [Int]) {
        for (position, original) in response.shownOptions(shown, type: q.type) where q.options.indices.contains(original) {
            out.line(wrap("\(OptionLetter.letter(position)). \(q.options[original].text)", indent: "       ").replacingFirstIndent(with: "    "))
        }
    }

    func correctAnswerText(_ q: Question, shown: [Int]) -> String {
        switch q.answer {
        case .fill(let accepted): return accepted.joined(separator: " / ")
        case .numeric(let value, let tolerance):
            return tolerance > 0 ? "\(JSONWriter.formatNumber(value)) ± \(JSONWriter.formatNumber(tolerance))" : JSONWriter.formatNumber(value)
        default: return q.answer.asResponse.displayShown(shown, language, type: q.type)
        }
    }

    // MARK: Submitting

    func submit(_ run: QuizRun) -> RunOutcome {
        // The attempt keeps the run's id: submitting the same run twice (after a
        // crash, or from a copy of its autosave) finds the record already there.
        let record = run.submit(id: run.id, at: now())
        let key = ProgressKey(kind: run.kind, course: run.course.id)
        let trainee = run.trainee
        let store = self.store
        // The autosave goes only if it is still this run's: not one another shell has made since.
        let expected = progressVersions[progressSlot(run)]
        persist(record) {
            if let expected {
                store.removeProgress(trainee: trainee, key: key, ifStill: expected)
            } else {
                try? store.removeProgress(trainee: trainee, key: key)
            }
        }
        showResults(record, run: run)
        return .submitted
    }

    /// Saves an attempt; on failure keeps it in memory and offers retry or `save PATH`.
    /// `saved` runs once the record is safely written somewhere.
    func persist(_ record: AttemptRecord, saved: @escaping () -> Void) {
        while true {
            do {
                try store.save(record)
                return saved()
            } catch .exists {
                return saved()
            } catch {
                say(t(ShellText.attemptNotSaved(reason: error)), style.bad)
                switch ask(t(ShellText.retryOrSave)) {
                case .line(let text):
                    let words = CommandLineSplitter.split(text)
                    let first = words.first.map(TextNormalization.fold) ?? ""
                    if InputVocabulary.retry.contains(first) { continue }
                    if InputVocabulary.save.contains(first), words.count > 1 {
                        if writeElsewhere(record, to: words[1]) { return saved() }
                        continue
                    }
                    keepUnsaved(record, saved: saved)
                    return
                case .interrupt, .endOfInput:
                    keepUnsaved(record, saved: saved)
                    return
                }
            }
        }
    }

    func keepUnsaved(_ record: AttemptRecord, saved: @escaping () -> Void) {
        say(t(ShellText.keptInMemory), style.warn)
        unsaved.append(
            PendingRecord(describe: t(ShellText.pendingAttempt(course: record.course.id, name: record.trainee.name)), saved: saved) {
                store throws(FileSystemError) in try store.save(record)
            })
    }

    func writeElsewhere(_ record: AttemptRecord, to path: String) -> Bool {
        let other = ResultStore(root: path, fileSystem: store.fileSystem)
        do {
            try other.prepare()
            let written = try other.save(record)
            say(t(ShellText.savedElsewhere(written)), style.good)
            return true
        } catch {
            say(t(ShellText.attemptNotSaved(reason: error)), style.bad)
            return false
        }
    }

    /// `save PATH`: writes records that could not be saved into another results folder.
    func saveElsewhere(_ args: [String]) {
        guard !unsaved.isEmpty else {
            say(t(ShellText.nothingUnsaved))
            return
        }
        guard let path = args.first else {
            say(t(ShellText.saveNeedsPath), style.warn)
            return
        }
        let other = ResultStore(root: path, fileSystem: store.fileSystem)
        var remaining: [PendingRecord] = []
        for pending in unsaved {
            do {
                try other.prepare()
                try pending.write(other)
                say(t(ShellText.savedElsewhere(path + " · " + pending.describe)), style.good)
                pending.saved()
            } catch .exists {
                pending.saved()
                continue
            } catch {
                say(t(ShellText.attemptNotSaved(reason: error)), style.bad)
                remaining.append(pending)
            }
        }
        unsaved = remaining
    }

    func showResults(_ record: AttemptRecord, run: QuizRun) {
        out.line()
        out.line(rule(t(ShellText.resultsTitle)))
        let score = record.score.pointsText
        let percent = Percentage.number(record.score.percent)
        if record.kind == .review {
            say(t(ShellText.reviewScore(score: score, percent: percent)))
        } else if record.passed {
            say(t(ShellText.scorePassed(score: score, percent: percent, pass: JSONWriter.formatNumber(record.passPercent))), { style.good(style.bold($0)) })
        } else {
            say(t(ShellText.scoreFailed(score: score, percent: percent, pass: JSONWriter.formatNumber(record.passPercent))), { style.bad(style.bold($0)) })
        }
        // In practice mode each answer already had its feedback; list only what was missed.
        let missed = run.items.enumerated().filter { !run.grade(for: $0.element).isCorrect }
        if !missed.isEmpty, run.mode == .exam {
            say(t(ShellText.missedHeader(missed.count)))
            for (index, item) in missed {
                out.line()
                say("\(t(ShellText.questionNumber(index + 1))) \(item.question.prompt)", style.bold)
                showFeedback(item, grade: run.grade(for: item), number: index + 1)
            }
        } else if !missed.isEmpty {
            say(t(ShellText.missedList(missed.map { String($0.offset + 1) }.joined(separator: t(ReportText.listSeparator)))))
        }
        if !missed.isEmpty, record.kind == .quiz { say(t(ShellText.reviewHint), style.dim) }
    }
}

extension String {
    /// `TextWrapper` indents every line; the first line of a list entry starts at the margin.
    func replacingFirstIndent(with prefix: String = "  ") -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        return prefix + s
    }
}
