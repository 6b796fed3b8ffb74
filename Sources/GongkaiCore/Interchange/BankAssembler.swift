import Crypto
import Foundation

/// Turns drafts from any bank file into questions: every check of an imported
/// question is made here, once, whatever the format.
public enum BankAssembler {
    public struct Result: Sendable {
        public var questions: [Question] = []
        /// Where each question came from, by id.
        public var places: [String: BankPlace] = [:]
        public var problems: [BankProblem] = []
    }

    public static func assemble(_ drafts: [QuestionDraft]) -> Result {
        var result = Result()
        var firstByID: [String: BankPlace] = [:]
        var firstByContent: [String: BankPlace] = [:]
        for draft in drafts {
            var problems: [BankProblem] = []
            let question = question(from: draft, problems: &problems)
            if let question {
                let content = contentKey(question)
                if let first = firstByContent[content] {
                    problems.append(BankProblem(draft.place, .error, .duplicateQuestion(first: first.description)))
                } else if let first = firstByID[question.id] {
                    problems.append(BankProblem(draft.place, .error, .duplicateID(question.id, first: first.description)))
                }
            }
            result.problems += problems
            guard let question, problems.errorCount == 0 else { continue }
            firstByContent[contentKey(question)] = draft.place
            firstByID[question.id] = draft.place
            result.places[question.id] = draft.place
            result.questions.append(question)
        }
        return result
    }

    /// The id of a question with no 编号: from its text, so the same file always gives the same ids.
    public static func stableID(prompt: String, options: [String]) -> String {
        let text = ([prompt] + options).map { TextNormalization.fold($0) }.joined(separator: "\u{1F}")
        let digest = SHA256.hash(data: Data(text.utf8))
        return "q-" + digest.prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    static func contentKey(_ q: Question) -> String {
        ([q.type.rawValue, q.prompt] + q.options.map(\.text) + q.lines).map { TextNormalization.fold($0) }.joined(separator: "\u{1F}")
    }

    static func question(from draft: QuestionDraft, problems: inout [BankProblem]) -> Question? {
        let place = draft.place
        func error(_ message: ImportMessage) { problems.append(BankProblem(place, .error, message)) }
        let prompt = draft.prompt.trimmingTrailingNewlines.trimmingSpaces
        if prompt.isEmpty { error(.emptyPrompt) }

        // Options: trailing empty cells are not options; an empty one before a filled one is a mistake.
        var optionTexts = draft.options.map(\.trimmingSpaces)
        while optionTexts.last?.isEmpty == true { optionTexts.removeLast() }
        for (index, text) in optionTexts.enumerated() {
            if text.isEmpty {
                error(.emptyOption(letter: OptionLetter.letter(index)))
            } else if let first = optionTexts.prefix(index).firstIndex(of: text) {
                error(.duplicateOption(letter: OptionLetter.letter(index), first: OptionLetter.letter(first)))
            }
        }
        let answerText = draft.answer.trimmingSpaces
        let lines = draft.lines.map(\.trimmingSpaces).filter { !$0.isEmpty }

        var type: QuestionType?
        if !draft.typeText.trimmingSpaces.isEmpty {
            type = BankVocabulary.type(named: draft.typeText)
            if type == nil { error(.unknownType(draft.typeText.trimmingSpaces)) }
        } else {
            type = inferType(options: optionTexts, answer: answerText, lines: lines, answerList: draft.answerList)
            if type == nil, !prompt.isEmpty { error(.typeMissing) }
        }
        if answerText.isEmpty, (draft.answerList ?? []).isEmpty, type != .redact { error(.answerMissing) }

        var points = 1.0
        if !draft.points.trimmingSpaces.isEmpty {
            if let p = Double(draft.points.trimmingSpaces), p > 0, p.isFinite { points = p } else {
                error(.badNumber(column: BankVocabulary.Column.points.rawValue, value: draft.points))
            }
        }
        var id = draft.id.trimmingSpaces
        if !id.isEmpty, !Slug.isValid(id) {
            error(.badID(id))
            id = ""
        }
        if id.isEmpty { id = stableID(prompt: prompt, options: optionTexts + lines) }
        for text in draft.feedbackProblems { error(.badFeedback(text)) }

        guard let type else { return nil }
        var answer: AnswerKey?
        if type.usesOptions {
            if optionTexts.count < 2 { error(.tooFewOptions(count: optionTexts.count)) }
            if optionTexts.count > OptionLetter.maximumCount { error(.tooManyOptions(count: optionTexts.count)) }
        } else if type != .redact, !optionTexts.isEmpty {
            // A true/false question written with 对 / 错 as options A and B is common: read the answer letter.
            if type == .truefalse, let tf = trueFalseFromOptions(optionTexts, answer: answerText) {
                answer = .trueFalse(tf)
            } else {
                error(.optionsNotAllowed(type: type.rawValue))
                return nil
            }
        }
        if answerText.isEmpty, (draft.answerList ?? []).isEmpty, type != .redact { return nil }
        if answer == nil {
            answer = readAnswer(type: type, text: answerText, list: draft.answerList, options: optionTexts.count, lines: lines, draft: draft, error: error)
        }
        guard problems.errorCount == 0, let answer, !prompt.isEmpty else { return nil }

        let options: [AnswerOption] = type.usesOptions
            ? optionTexts.enumerated().map { AnswerOption($1, feedback: draft.feedback[$0].map(\.trimmingTrailingNewlines)) } : []
        for letter in draft.feedback.keys where type.usesOptions && letter >= options.count {
            error(.answerLetterWithoutOption(letter: OptionLetter.letter(letter), count: options.count))
        }
        let source = draft.source.trimmingSpaces
        if source.isEmpty { problems.append(BankProblem(place, .warning, .unsourced)) }
        guard problems.errorCount == 0 else { return nil }
        return Question(
            id: id, type: type, points: points, prompt: prompt, options: options, lines: type == .redact ? lines : [],
            answer: answer, explanation: draft.explanation.trimmingTrailingNewlines.trimmingSpaces, source: source,
            tags: draft.tags.map(\.trimmingSpaces).filter { !$0.isEmpty })
    }

    /// With no 题型: letters with options → single / multiple; 对/错 → truefalse; a number → numeric; text → fill.
    static func inferType(options: [String], answer: String, lines: [String], answerList: [String]?) -> QuestionType? {
        if !lines.isEmpty { return .redact }
        if answerList != nil { return .fill }
        if !options.isEmpty {
            guard let letters = letters(answer) else { return trueFalse(answer) != nil ? .truefalse : nil }
            return letters.count == 1 ? .single : .multiple
        }
        if answer.isEmpty { return nil }
        if trueFalse(answer) != nil { return .truefalse }
        if Double(answer) != nil { return .numeric }
        return .fill
    }

    static func readAnswer(
        type: QuestionType, text: String, list: [String]?, options: Int, lines: [String], draft: QuestionDraft,
        error: (ImportMessage) -> Void
    ) -> AnswerKey? {
        switch type {
        case .single, .multiple, .order:
            guard let letters = letters(text) else {
                if trueFalse(text) != nil || Double(text) != nil {
                    error(.typeDoesNotFitAnswer(type: type.rawValue, answer: text))
                } else {
                    error(.answerNotALetter(text))
                }
                return nil
            }
            var ok = true
            for index in letters where index >= options {
                error(.answerLetterWithoutOption(letter: OptionLetter.letter(index), count: options))
                ok = false
            }
            guard ok else { return nil }
            switch type {
            case .single:
                guard letters.count == 1 else {
                    error(.typeDoesNotFitAnswer(type: type.rawValue, answer: text))
                    return nil
                }
                return .single(letters[0])
            case .multiple:
                return .multiple(Array(Set(letters)).sorted())
            default:
                guard letters.count == options, Set(letters).count == options else {
                    error(.orderIncomplete(expected: options))
                    return nil
                }
                return .order(letters)
            }
        case .deadline:
            // A drill's scenario (date ranges, periods) has no column in any bank format: written in the course file.
            error(.typeNotImportable(type: BankVocabulary.heading(.deadline), format: "题库"))
            return nil
        case .truefalse:
            guard let value = trueFalse(text) else {
                if letters(text) != nil { error(.typeDoesNotFitAnswer(type: type.rawValue, answer: text)) } else { error(.answerNotTrueFalse(text)) }
                return nil
            }
            return .trueFalse(value)
        case .fill:
            let accepted = (list ?? splitFill(text)).map(\.trimmingSpaces).filter { !$0.isEmpty }
            guard !accepted.isEmpty else {
                error(.answerMissing)
                return nil
            }
            return .fill(accepted)
        case .numeric:
            guard let value = Double(text.trimmingSpaces.precomposedStringWithCompatibilityMapping), value.isFinite else {
                error(.answerNotANumber(text))
                return nil
            }
            var tolerance = 0.0
            let toleranceText = draft.tolerance.trimmingSpaces
            if !toleranceText.isEmpty {
                guard let t = Double(toleranceText), t >= 0, t.isFinite else {
                    error(.badNumber(column: BankVocabulary.Column.tolerance.rawValue, value: toleranceText))
                    return nil
                }
                tolerance = t
            }
            return .numeric(value: value, tolerance: tolerance)
        case .redact:
            if lines.isEmpty {
                error(.answerMissing)
                return nil
            }
            var numbers: [Int] = []
            for part in text.split(whereSeparator: { InputVocabulary.separators.contains($0) }) {
                guard let n = Int(String(part).precomposedStringWithCompatibilityMapping) else {
                    error(.answerNotANumber(String(part)))
                    return nil
                }
                guard (1...lines.count).contains(n) else {
                    error(.redactLineOutOfRange(line: n, count: lines.count))
                    return nil
                }
                if !numbers.contains(n) { numbers.append(n) }
            }
            var reasons: [Int: String] = [:]
            for n in numbers {
                guard let reason = draft.reasons[n]?.trimmingSpaces, !reason.isEmpty else {
                    error(.redactMissingReason(line: n))
                    return nil
                }
                reasons[n] = reason
            }
            return .redact(reasons)
        }
    }

    /// `C`, `ACD`, `A,C`, `a、c`, `ＡＣ` → 0-based indices; nil when anything else is there.
    static func letters(_ text: String) -> [Int]? {
        let folded = text.precomposedStringWithCompatibilityMapping.uppercased()
        var indices: [Int] = []
        for character in folded where !InputVocabulary.separators.contains(character) && !character.isWhitespace {
            guard let index = OptionLetter.index(of: character) else { return nil }
            indices.append(index)
        }
        return indices.isEmpty ? nil : indices
    }

    static func trueFalse(_ text: String) -> Bool? {
        var word = TextNormalization.fold(text)
        while let last = word.last, InputVocabulary.truthTrailing.contains(last) { word.removeLast() }
        if InputVocabulary.truthTrue.contains(word) { return true }
        if InputVocabulary.truthFalse.contains(word) { return false }
        return nil
    }

    static func trueFalseFromOptions(_ options: [String], answer: String) -> Bool? {
        guard options.count == 2, let letters = letters(answer), letters.count == 1, letters[0] < 2,
            let first = trueFalse(options[0]), let second = trueFalse(options[1]), first != second
        else { return nil }
        return letters[0] == 0 ? first : second
    }

    /// Fill-in answers written in one cell: `办公厅；国务院办公厅` (also `;`, `|`, `｜`).
    public static func splitFill(_ text: String) -> [String] {
        text.split(whereSeparator: { "；;|｜".contains($0) }).map { String($0) }
    }

    /// Option feedback written as lines `C：text` (also `C:`, `C.`, `C、`).
    public static func parseFeedback(_ text: String) -> (feedback: [Int: String], problems: [String]) {
        var feedback: [Int: String] = [:]
        var problems: [String] = []
        var current: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            let chars = Array(trimmed)
            if chars.count >= 2, let index = OptionLetter.index(of: Character(String(chars[0]).uppercased())),
                "：:.、．".contains(chars[1])
            {
                feedback[index] = String(chars.dropFirst(2)).trimmingSpaces
                current = index
            } else if let current {
                feedback[current, default: ""] += "\n" + trimmed
            } else {
                problems.append(trimmed)
            }
        }
        return (feedback, problems)
    }

    /// Reasons written as lines `2：text`.
    public static func parseReasons(_ text: String) -> [Int: String] {
        var reasons: [Int: String] = [:]
        for line in text.split(separator: "\n").map({ String($0).trimmingSpaces }) {
            guard let colon = line.firstIndex(where: { "：:".contains($0) }), let n = Int(line[..<colon].trimmingSpaces) else { continue }
            reasons[n] = String(line[line.index(after: colon)...]).trimmingSpaces
        }
        return reasons
    }
}
