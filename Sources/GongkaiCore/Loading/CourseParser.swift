import Yams

/// Turns the YAML of a course file into a `Course`, reporting every problem it
/// finds (not just the first) with its line and column.
enum CourseParser {
    static let courseKeys = ["id", "title", "version", "summary", "quiz", "lessons", "questions"]
    static let quizKeys = [
        "pass_percent", "draw", "shuffle_questions", "shuffle_options", "mode", "max_attempts", "multiple_scoring", "counted_attempts", "retake_wait_minutes",
    ]
    static let lessonKeys = ["title", "body"]
    static let questionKeys = [
        "id", "type", "points", "prompt", "options", "answer", "tolerance", "lines", "reasons", "explanation", "source",
        "tags", "scenario",
    ]
    static let optionKeys = ["text", "feedback"]

    static func parse(_ root: Node, expectedID: String?, sink: DiagnosticSink) -> Course? {
        guard let map = MappingReader(root, context: "course", allowed: courseKeys, sink: sink) else { return nil }
        let id = map.slug("id")
        if let id, let expectedID, id != expectedID {
            sink.error(map.markOf("id"), .idDoesNotMatchFileName(id: id, expected: expectedID))
        }
        let title = map.string("title", required: true)
        let version = map.int("version", required: true)
        if let version, version < 1 { sink.error(map.markOf("version"), .notPositive(key: "version")) }
        let summary = map.string("summary", allowEmpty: true) ?? ""
        let quiz = map.node("quiz").flatMap { parseQuiz($0, sink: sink) } ?? QuizSettings()

        var lessons: [Lesson] = []
        for node in map.sequence("lessons") ?? [] {
            guard let lesson = MappingReader(node, context: "lessons", allowed: lessonKeys, sink: sink) else { continue }
            if let title = lesson.string("title", required: true), let body = lesson.string("body", required: true) {
                lessons.append(Lesson(title: title.trimmingSpaces, body: body.trimmingTrailingNewlines))
            }
        }

        var questions: [Question] = []
        var seenIDs: [String: Int] = [:]
        let questionNodes = map.sequence("questions", required: true) ?? []
        if map.has("questions"), questionNodes.isEmpty { sink.error(map.markOf("questions"), .noQuestions) }
        var allParsed = true
        for node in questionNodes {
            // Ids are checked before the rest, so a broken question still claims its id.
            if let id = node.mapping?["id"]?.scalarString, Slug.isValid(id) {
                if let first = seenIDs[id] {
                    sink.error(node.mark, .duplicateID(.question, id: id, firstLine: first))
                    allParsed = false
                } else {
                    seenIDs[id] = node.mark?.line ?? 0
                }
            }
            guard let question = parseQuestion(node, sink: sink) else {
                allParsed = false
                continue
            }
            questions.append(question)
        }
        if let draw = quiz.draw, draw > questionNodes.count, !questionNodes.isEmpty {
            sink.error(
                (map.node("quiz").flatMap { MappingReaderMarks.valueMark($0, key: "draw") }) ?? map.markOf("quiz"),
                .drawLargerThanPool(draw: draw, pool: questionNodes.count))
        }
        guard let id, let title, let version, version >= 1, allParsed, !questions.isEmpty else { return nil }
        return Course(
            id: id, title: title.trimmingSpaces, version: version, summary: summary.trimmingTrailingNewlines, quiz: quiz,
            lessons: lessons, questions: questions)
    }

    static func parseQuiz(_ node: Node, sink: DiagnosticSink) -> QuizSettings? {
        guard let map = MappingReader(node, context: "quiz", allowed: quizKeys, sink: sink) else { return nil }
        var quiz = QuizSettings()
        if let pass = map.number("pass_percent") {
            if pass < 0 || pass > 100 {
                sink.error(map.markOf("pass_percent"), .outOfRange(key: "pass_percent", value: JSONWriter.formatNumber(pass), range: "0–100"))
            } else {
                quiz.passPercent = pass
            }
        }
        if let draw = map.int("draw") {
            if draw < 1 { sink.error(map.markOf("draw"), .notPositive(key: "draw")) } else { quiz.draw = draw }
        }
        quiz.shuffleQuestions = map.bool("shuffle_questions") ?? quiz.shuffleQuestions
        quiz.shuffleOptions = map.bool("shuffle_options") ?? quiz.shuffleOptions
        quiz.mode = map.enumValue("mode", as: QuizSettings.Mode.self) ?? quiz.mode
        if let max = map.int("max_attempts") {
            if max < 0 { sink.error(map.markOf("max_attempts"), .negative(key: "max_attempts")) } else { quiz.maxAttempts = max }
        }
        quiz.multipleScoring = map.enumValue("multiple_scoring", as: QuizSettings.MultipleScoring.self) ?? quiz.multipleScoring
        if let counted = map.int("counted_attempts") {
            if counted < 0 { sink.error(map.markOf("counted_attempts"), .negative(key: "counted_attempts")) } else { quiz.countedAttempts = counted }
        }
        if let wait = map.int("retake_wait_minutes") {
            if wait < 0 { sink.error(map.markOf("retake_wait_minutes"), .negative(key: "retake_wait_minutes")) } else { quiz.retakeWaitMinutes = wait }
        }
        return quiz
    }

    static func parseQuestion(_ node: Node, sink: DiagnosticSink) -> Question? {
        let before = sink.errorCount
        guard let map = MappingReader(node, context: "questions", allowed: questionKeys, sink: sink) else { return nil }
        let id = map.slug("id")
        let type = map.has("type") ? map.enumValue("type", as: QuestionType.self) : nil
        if !map.has("type") { sink.error(map.mark, .missingKey("type")) }
        var points = 1.0
        if let p = map.number("points") {
            if p <= 0 { sink.error(map.markOf("points"), .notPositive(key: "points")) } else { points = p }
        }
        let prompt = map.string("prompt", required: true)
        let explanation = map.string("explanation") ?? ""
        if !map.has("explanation") { sink.warning(map.mark, .missingKey("explanation")) }
        // A question with no source is kept but flagged, so an imported bank shows what still needs one.
        let source = map.string("source", allowEmpty: true)
        if source?.trimmingSpaces.isEmpty ?? true { sink.warning(map.has("source") ? map.keyMark("source") : map.mark, .unsourced) }
        let tags = map.stringList("tags") ?? []
        let options = parseOptions(map, type: type, sink: sink)
        let lines = map.stringList("lines") ?? []
        if let type, type != .redact, map.has("lines") { sink.error(map.keyMark("lines"), .linesOnlyForRedact) }
        if let type, type != .redact, map.has("reasons") { sink.error(map.keyMark("reasons"), .reasonsOnlyForRedact) }
        if let type, type != .numeric, map.has("tolerance") { sink.error(map.keyMark("tolerance"), .toleranceOnlyForNumeric) }
        var answer: AnswerKey?
        if let type, type != .deadline, map.has("scenario") {
            sink.error(map.keyMark("scenario"), .deadline(.scenarioKeyOnlyForDeadline("scenario")))
        }
        if type == .deadline {
            answer = DeadlineScenarioParser.parse(map, prompt: prompt, sink: sink)
        } else if let type {
            if let answerNode = map.node("answer"), !answerNode.isNull {
                answer = AnswerKeyParser.parse(answerNode, type: type, options: options, lines: lines, map: map, sink: sink)
            } else {
                sink.error(map.keyMark("answer"), map.has("answer") ? .emptyValue(key: "answer") : .missingKey("answer"))
            }
        }
        let after = sink.errorCount
        guard after == before, let id, let type, let prompt, let answer else { return nil }
        return Question(
            id: id, type: type, points: points, prompt: prompt.trimmingTrailingNewlines,
            options: options ?? [], lines: lines, answer: answer, explanation: explanation.trimmingTrailingNewlines,
            source: (source ?? "").trimmingSpaces, tags: tags)
    }

    /// Options, checked against the type: present, 2–12, none empty or repeated.
    static func parseOptions(_ map: MappingReader, type: QuestionType?, sink: DiagnosticSink) -> [AnswerOption]? {
        guard let type else { return nil }
        guard type.usesOptions else {
            if map.has("options") { sink.error(map.keyMark("options"), .optionsNotAllowed(type: type.rawValue)) }
            return nil
        }
        guard let nodes = map.sequence("options", required: true) else { return nil }
        var options: [AnswerOption] = []
        var firstIndexByText: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            var option: AnswerOption?
            switch node {
            case .scalar(let scalar):
                option = AnswerOption(scalar.string.trimmingSpaces)
            case .mapping:
                if let m = MappingReader(node, context: "options", allowed: optionKeys, sink: sink),
                    let text = m.string("text", required: true)
                {
                    option = AnswerOption(text.trimmingSpaces, feedback: m.string("feedback")?.trimmingTrailingNewlines)
                }
            default:
                sink.error(node.mark, .wrongType(key: "options", expected: .string))
            }
            guard let option else { continue }
            if option.text.isEmpty {
                sink.error(node.mark, .emptyOption(number: index + 1))
            } else if let first = firstIndexByText[option.text] {
                sink.error(node.mark, .duplicateOption(text: option.text, first: OptionLetter.letter(first)))
            } else {
                firstIndexByText[option.text] = index
            }
            options.append(option)
        }
        if options.count > OptionLetter.maximumCount {
            sink.error(map.markOf("options"), .tooManyOptions(count: options.count))
        } else if options.count < 2 {
            sink.error(map.markOf("options"), .tooFewOptions(type: type.rawValue, minimum: 2))
        }
        return options
    }
}

enum MappingReaderMarks {
    static func valueMark(_ node: Node, key: String) -> Mark? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.first { $0.key.scalarString == key }?.value.mark
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var s = Substring(self)
        while let last = s.last, last.isNewline || last == " " { s.removeLast() }
        return String(s)
    }
}
