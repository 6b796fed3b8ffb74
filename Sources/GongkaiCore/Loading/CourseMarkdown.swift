/// A whole module as Markdown, answers included, so the office can proofread
/// the question bank before a session (`gongkai validate --print`).
public enum CourseMarkdown {
    public static func render(_ course: Course, language: Language) -> String {
        let t = Catalogue(language)
        var out = "# \(t(PrintText.courseHeading(title: course.title, id: course.id, version: course.version)))\n\n"
        if !course.summary.isEmpty { out += "\(course.summary)\n\n" }
        out += t(PrintText.settings(
            pass: JSONWriter.formatNumber(course.quiz.passPercent), draw: course.drawCount, pool: course.questions.count,
            mode: course.quiz.mode, attempts: course.quiz.maxAttempts, scoring: course.quiz.multipleScoring)) + "\n\n"
        if !course.lessons.isEmpty {
            out += "## \(t(PrintText.lessons))\n\n"
            for (index, lesson) in course.lessons.enumerated() {
                out += "### \(index + 1). \(lesson.title)\n\n\(lesson.body)\n\n"
            }
        }
        out += "## \(t(PrintText.questions(course.questions.count)))\n\n"
        for (index, q) in course.questions.enumerated() {
            out += "### \(t(PrintText.questionHeading(number: index + 1, id: q.id, type: q.type, points: JSONWriter.formatNumber(q.points))))\n\n"
            out += "\(q.prompt)\n\n"
            var correct: Set<Int> = []
            switch q.answer {
            case .single(let i): correct = [i]
            case .multiple(let s): correct = Set(s)
            default: break
            }
            for (i, option) in q.options.enumerated() {
                let mark = correct.contains(i) ? " ✅" : ""
                out += "- \(OptionLetter.letter(i)). \(option.text)\(mark)\n"
                if let feedback = option.feedback { out += "  - \(t(PrintText.feedback(feedback)))\n" }
            }
            if case .redact(let reasons) = q.answer {
                for (i, line) in q.lines.enumerated() {
                    let mark = reasons[i + 1] != nil ? " ⛔" : ""
                    out += "\(i + 1). \(line)\(mark)\n"
                }
                out += "\n"
                for line in reasons.keys.sorted() { out += "- \(t(PrintText.withhold(line: line, reason: reasons[line]!)))\n" }
            }
            if !q.options.isEmpty || !q.lines.isEmpty { out += "\n" }
            out += t(PrintText.answer(answerText(q, language))) + "\n\n"
            if !q.explanation.isEmpty { out += t(PrintText.explanation(q.explanation)) + "\n\n" }
            if !q.source.isEmpty { out += t(PrintText.source(q.source)) + "\n\n" }
            if !q.tags.isEmpty { out += t(PrintText.tags(q.tags.joined(separator: ", "))) + "\n\n" }
        }
        return out
    }

    static func answerText(_ q: Question, _ language: Language) -> String {
        switch q.answer {
        case .fill(let accepted): return accepted.joined(separator: " / ")
        case .numeric(let value, let tolerance):
            return JSONWriter.formatNumber(value) + (tolerance > 0 ? PrintText.tolerance(JSONWriter.formatNumber(tolerance)).text(in: language) : "")
        case .deadline(let scenario):
            // One draw as an example: each attempt draws its own dates.
            var generator = SeededGenerator(seed: 0)
            let drawn = scenario.draw(using: &generator)
            let answer = scenario.result(for: drawn).map { scenario.expectedDate($0) }
            return DeadlineText.printExample(target: scenario.target, received: drawn.received, answer: answer).text(in: language)
        default: return q.answer.asResponse.display(language)
        }
    }
}
