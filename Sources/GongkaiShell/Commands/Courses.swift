import GongkaiCore

extension Shell {
    /// `courses`: every module with its status and best score for the signed-in trainee.
    func listCourses() {
        guard !library.courses.isEmpty || !library.invalidFiles.isEmpty else {
            say(t(ShellText.noCourses))
            return
        }
        let required = Set(user?.session?.courses ?? [])
        var rows: [[String]] = []
        // The trainee's own attempts, read once for every course.
        let own = user.map { Dictionary(grouping: store.checkedAttempts(of: $0.trainee), by: \.record.course.id) } ?? [:]
        for course in library.courses {
            var status = "-"
            var best = "-"
            var count = "0"
            var read = "-"
            if let user {
                let lessons = course.lessons.count
                read = lessons == 0 ? "-" : "\(store.loadStudy(trainee: user.trainee, course: course.id)?.readCount(in: course) ?? 0)/\(lessons)"
                let checked = (own[course.id] ?? []).filter { $0.record.kind == .quiz }
                count = course.quiz.maxAttempts > 0 ? "\(checked.count)/\(course.quiz.maxAttempts)" : "\(checked.count)"
                // Every attempt uses one of the allowed tries; only records that pass their digest show a result,
                // and only the attempts that count (`counted_attempts`, oldest first) give the best score and pass.
                let taken = checked.map(\.record)
                let counted = course.quiz.countedAttempts > 0 ? Array(taken.prefix(course.quiz.countedAttempts)) : taken
                let verified = Set(checked.filter { $0.integrity == .verified }.map(\.record.id))
                let attempts = counted.filter { verified.contains($0.id) }
                if let top = attempts.max(by: { $0.score.percent < $1.score.percent }) {
                    best = top.score.percentText
                    status = attempts.contains(where: \.passed) ? style.good(t(ShellText.statusPassed)) : style.bad(t(ShellText.statusFailed))
                } else {
                    status = t(ShellText.statusNotStarted)
                }
                if case .success? = store.loadProgress(trainee: user.trainee, name: course.id) {
                    status = style.warn(t(ShellText.statusInProgress))
                }
            }
            let title = required.contains(course.id) ? "\(course.title) \(style.accent(t(ShellText.requiredMark)))" : course.title
            rows.append([course.id, title, "\(course.drawCount)/\(course.questions.count)", read, status, best, count])
        }
        for invalid in library.invalidFiles where invalid.kind == .course {
            rows.append([invalid.id ?? PathJoin.fileName(of: invalid.file), style.bad(t(ShellText.statusInvalid)), "-", "-", "-", "-"])
        }
        out.write(
            TerminalTable.render(
                headers: [
                    t(ShellText.colID), t(ShellText.colCourse), t(ShellText.colQuestions), t(TraineeText.colLessonsRead), t(ShellText.colStatus),
                    t(ShellText.colBest), t(ShellText.colAttempts),
                ],
                rows: rows, width: width, style: style))
        if user == nil { say(t(ShellText.loginToSeeStatus), style.dim) }
    }

    /// `history [COURSE]`: the trainee's finished attempts, newest last.
    func history(_ args: [String]) {
        guard let user = requireLogin() else { return }
        var courseFilter = args.first
        if let id = courseFilter, library.course(id: id) == nil, !store.fileSystem.isDirectory(PathJoin.join(store.root, "attempts", PathEscaping.component(id))) {
            // A course that still exists is named as anywhere else; a removed one only by its id.
            guard let course = course(args, command: "history") else { return }
            courseFilter = course.id
        }
        let attempts = store.checkedAttempts(of: user.trainee, course: courseFilter)
        guard !attempts.isEmpty else {
            say(t(ShellText.noHistory))
            return
        }
        let rows = attempts.map { loaded -> [String] in
            let a = loaded.record
            let title = library.course(id: a.course.id)?.title ?? a.course.id
            let result =
                loaded.integrity != .verified
                ? style.bad(t(HardeningText.recordAltered))
                : a.kind == .review ? t(ShellText.kindReview) : (a.passed ? style.good(t(ShellText.statusPassed)) : style.bad(t(ShellText.statusFailed)))
            return [
                a.finishedAt.shortDescription, title,
                a.score.pointsText,
                a.score.percentText, result,
            ]
        }
        out.write(
            TerminalTable.render(
                headers: [t(ShellText.colTime), t(ShellText.colCourse), t(ShellText.colScore), t(ShellText.colPercent), t(ShellText.colResult)],
                rows: rows, width: width, style: style))
    }

    func course(_ args: [String], command: String) -> Course? {
        guard let id = args.first else {
            say(t(ShellText.needCourseID(command: command)), style.warn)
            out.line("  " + library.courses.map(\.id).joined(separator: "  "))
            return nil
        }
        switch library.lookupCourse(id) {
        case .found(let course): return course
        case .ambiguous(let candidates):
            let names = candidates.map { t(TraineeText.courseCandidate(title: $0.title, id: $0.id)) }.joined(separator: t(ReportText.listSeparator))
            say(t(TraineeText.ambiguousCourse(id, candidates: names)), style.warn)
            return nil
        case .none: break
        }
        if let problems = library.problems(forCourse: id) {
            // Not the diagnostics themselves: "answer letter F is out of range" tells a trainee part of the key.
            say(t(ShellText.courseInvalid(id, count: problems.count)), style.bad)
            return nil
        }
        say(t(ShellText.unknownCourse(id, suggestion: Suggestion.closestName(to: id, in: library.courses.map(\.id)))), style.bad)
        return nil
    }
}

enum TerminalTable {
    static func render(headers: [String], rows: [[String]], width: Int, style: Style) -> String {
        TextTable.render(headers: headers, rows: rows, width: width, header: style.bold)
    }
}
