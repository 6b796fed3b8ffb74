/// The digest of what grading depends on: quiz settings and questions.
/// Lesson text and titles may change without invalidating stored attempts.
enum CourseDigest {
    static func compute(_ course: Course) -> String {
        let quiz: JSONValue = [
            "passPercent": .number(course.quiz.passPercent),
            "multipleScoring": .string(course.quiz.multipleScoring.rawValue),
        ]
        let questions = course.questions.map { q -> JSONValue in
            [
                "id": .string(q.id), "type": .string(q.type.rawValue), "points": .number(q.points),
                "options": .array(q.options.map { .string($0.text) }), "lines": .array(q.lines.map(JSONValue.string)),
                "answer": AnswerKeyCoding.json(q.answer),
            ]
        }
        return SHA256Digest.hex(JSONWriter.bytes(["quiz": quiz, "questions": .array(questions)]))
    }
}

enum AnswerKeyCoding {
    static func json(_ key: AnswerKey) -> JSONValue {
        switch key {
        case .single(let i): return .string(OptionLetter.letter(i))
        case .multiple(let s): return .string(OptionLetter.letters(s))
        case .trueFalse(let b): return .bool(b)
        case .fill(let accepted): return .array(accepted.map(JSONValue.string))
        case .numeric(let value, let tolerance): return ["value": .number(value), "tolerance": .number(tolerance)]
        case .order(let o): return .string(OptionLetter.letters(o))
        case .redact(let reasons):
            return .object(Dictionary(uniqueKeysWithValues: reasons.map { (String($0.key), JSONValue.string($0.value)) }))
        case .deadline(let scenario):
            // The calendar is part of the key: a corrected holiday changes the answers.
            return ["scenario": DeadlineScenarioCoding.json(scenario), "calendar": DeadlineScenarioCoding.calendarJSON(scenario.calendar)]
        }
    }
}
