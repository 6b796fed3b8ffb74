import GongkaiCore

extension Shell {
    /// `study COURSE`: the lessons, a page at a time, wrapped to the terminal.
    func study(_ args: [String]) {
        guard let course = course(args, command: "study") else { return }
        guard !course.lessons.isEmpty else {
            say(t(ShellText.noLessons(course.title)))
            return
        }
        let pages = paginate(course)
        var index = 0
        // Signed in: lessons read and a bookmark are kept, and `study` reopens where the trainee left off.
        var progress = user.map { user in
            store.loadStudy(trainee: user.trainee, course: course.id)
                ?? StudyProgress(id: ids.makeID(at: now()), createdAt: now(), trainee: user.trainee, course: course.id)
        }
        if let progress, progress.lesson > 0 || progress.line > 0,
            let saved = pages.lastIndex(where: { $0.lesson == progress.lesson && $0.startLine <= progress.line })
        {
            index = saved
            say(t(TraineeText.studyResumed(page: pages[saved].number, of: pages.count)), style.dim)
        }
        while true {
            let page = pages[index]
            out.line()
            out.line(rule("\(course.title) · \(t(ShellText.pageOf(page.number, pages.count)))"))
            say(page.title, style.bold)
            out.line(page.text)
            if var current = progress {
                if page.endsLesson { current.markRead(course.lessons[page.lesson]) }
                // Finished: the next `study` starts from the beginning again.
                (current.lesson, current.line) = index == pages.count - 1 ? (0, 0) : (page.lesson, page.startLine)
                current.createdAt = now()
                try? store.saveStudy(current)
                progress = current
            }
            if index == pages.count - 1 {
                out.line()
                say(t(ShellText.studyFinished(id: course.id)), style.good)
                return
            }
            switch ask(t(ShellText.pagerPrompt)) {
            case .endOfInput, .interrupt:
                return
            case .line(let input):
                let word = TextNormalization.fold(input)
                if InputVocabulary.nextPage.contains(word) {
                    index += 1
                } else if InputVocabulary.previousPage.contains(word) {
                    index = max(0, index - 1)
                } else if InputVocabulary.closePager.contains(word) {
                    return
                } else if let n = Int(word), (1...pages.count).contains(n) {
                    index = n - 1
                } else {
                    say(t(ShellText.pagerHelp(pages.count)))
                }
            }
        }
    }

    struct Page {
        var number: Int
        var title: String
        var text: String
        /// Which lesson, from which of its wrapped lines, and whether the lesson ends here.
        var lesson = 0
        var startLine = 0
        var endsLesson = true
    }

    /// One page per lesson; a lesson taller than the screen is split.
    func paginate(_ course: Course) -> [Page] {
        let height = max(8, terminal.rows() - 6)
        var pages: [Page] = []
        for (index, lesson) in course.lessons.enumerated() {
            let lines = TextWrapper.wrap(lesson.body, width: width - 1)
            var start = 0
            var part = 1
            repeat {
                let chunk = lines[start..<min(lines.count, start + height)]
                let title = lines.count > height
                    ? t(ShellText.lessonPart(number: index + 1, title: lesson.title, part: part)) : "\(index + 1). \(lesson.title)"
                pages.append(
                    Page(
                        number: pages.count + 1, title: title, text: chunk.joined(separator: "\n"), lesson: index, startLine: start,
                        endsLesson: start + height >= lines.count))
                start += height
                part += 1
            } while start < lines.count
        }
        return pages
    }
}
