/// Reads what a trainee typed into a `Response`, accepting every form DESIGN.md
/// lists: letters in any case or full width, separated or not; 对/错, T/F, Y/N,
/// √/×; free text; numbers (also with a unit, or in Chinese numerals); line numbers.
public enum ResponseParser {
    /// Longer input is refused before any work is done on it.
    public static let maximumLength = 2000

    /// - Parameter shown: original option indices in the order they were shown.
    public static func parse(_ input: String, question: Question, shown: [Int]) -> Result<Response, AnswerMessage> {
        guard input.utf8.count <= maximumLength * 4, input.count <= maximumLength else {
            return .failure(.tooLong(limit: maximumLength))
        }
        let text = TextNormalization.sanitizeLine(input).trimmingSpaces
        guard !text.isEmpty else { return .failure(.empty(hint: AnswerHint(question: question))) }
        switch question.type {
        case .single, .multiple, .order:
            return parseLetters(text, question: question, shown: shown)
        case .truefalse:
            guard let truth = parseTruth(text) else { return .failure(.notTrueFalse) }
            return .success(.truth(truth))
        case .fill:
            return .success(.text(text))
        case .numeric:
            guard let number = parseNumber(text) else { return .failure(.notANumber) }
            return .success(.number(number))
        case .redact:
            return parseLines(text, count: question.lines.count)
        case .deadline:
            guard let date = DateInput.parse(text) else { return .failure(.notADate) }
            return .success(.text(date.description))
        }
    }

    static var separators: Set<Character> { InputVocabulary.separators }

    static func parseLetters(_ text: String, question: Question, shown: [Int]) -> Result<Response, AnswerMessage> {
        let count = shown.count
        let last = OptionLetter.letter(count - 1)
        var positions: [Int] = []
        for character in TextNormalization.fold(text).uppercased() where !separators.contains(character) {
            guard let index = OptionLetter.index(of: character) else {
                if character.isLetter, character.isASCII {
                    return .failure(.letterOutOfRange(letter: String(character), last: last))
                }
                return .failure(.notLetters(last: last))
            }
            guard index < count else { return .failure(.letterOutOfRange(letter: String(character), last: last)) }
            positions.append(index)
        }
        guard !positions.isEmpty else { return .failure(.notLetters(last: last)) }
        switch question.type {
        case .single:
            let distinct = Set(positions)
            guard distinct.count == 1 else { return .failure(.singleNeedsOne) }
            return .success(.options([shown[positions[0]]]))
        case .multiple:
            return .success(.options(Set(positions).map { shown[$0] }.sorted()))
        default:
            guard positions.count == count, Set(positions).count == count else {
                return .failure(.orderIncomplete(count: count, last: last))
            }
            return .success(.options(positions.map { shown[$0] }))
        }
    }


    public static func parseTruth(_ text: String) -> Bool? {
        let folded = TextNormalization.fold(text)
        let word = String(folded.filter { !InputVocabulary.truthTrailing.contains($0) })
        if InputVocabulary.truthTrue.contains(word) { return true }
        if InputVocabulary.truthFalse.contains(word) { return false }
        return nil
    }

    /// "20", "20.5", "20个工作日", "二十", "二十个工作日".
    public static func parseNumber(_ text: String) -> Double? {
        let folded = TextNormalization.fold(text).replacingOccurrences(of: ",", with: "")
        var numberPart = ""
        var rest = Substring(folded)
        if let first = rest.first, first == "-" || first == "+" {
            numberPart.append(first)
            rest = rest.dropFirst()
        }
        while let c = rest.first, c.isASCII, c.isNumber || c == "." {
            numberPart.append(c)
            rest = rest.dropFirst()
        }
        let unit = rest.trimmingSpaces
        if numberPart.contains(where: \.isNumber), let value = Double(numberPart), value.isFinite,
            unit.allSatisfy({ !$0.isNumber && !ChineseNumeral.digits.keys.contains($0) })
        {
            return value
        }
        // Chinese numerals, with an optional unit after them.
        let numeral = String(folded.prefix { ChineseNumeral.isNumeral($0) })
        let tail = folded.dropFirst(numeral.count).trimmingSpaces
        if !numeral.isEmpty, tail.allSatisfy({ !$0.isNumber }), let value = ChineseNumeral.parse(numeral) {
            return Double(value)
        }
        return nil
    }

    static func parseLines(_ text: String, count: Int) -> Result<Response, AnswerMessage> {
        let folded = TextNormalization.fold(text)
        if InputVocabulary.nothingToWithhold.contains(folded) { return .success(.lines([])) }
        var lines: Set<Int> = []
        var normalized = folded.map { separators.contains($0) ? " " : String($0) }.joined()
        for mark in InputVocabulary.rangeMarks { normalized = normalized.replacingOccurrences(of: mark, with: "-") }
        for token in normalized.split(separator: " ") {
            let bounds = token.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds.last!),
                low <= high
            else { return .failure(.notLineNumbers(count: count)) }
            for line in [low, high] where !(1...count).contains(line) {
                return .failure(.lineOutOfRange(line: line, count: count))
            }
            lines.formUnion(low...high)
        }
        guard !lines.isEmpty else { return .failure(.notLineNumbers(count: count)) }
        return .success(.lines(lines.sorted()))
    }
}

/// Chinese numerals up to 九千九百九十九, enough for days, counts and fees.
public enum ChineseNumeral {
    static var digits: [Character: Int] { InputVocabulary.numeralDigits }
    static var units: [Character: Int] { InputVocabulary.numeralUnits }

    static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || units[c] != nil }

    public static func parse(_ text: String) -> Int? {
        // Enough for days, counts and fees; longer strings of numerals are not numbers we ask for.
        guard !text.isEmpty, text.count <= 8 else { return nil }
        var total = 0
        var pending: Int?
        for c in text {
            if let d = digits[c] {
                pending = (pending ?? 0) * 10 + d
            } else if let u = units[c] {
                total += (pending ?? 1) * u
                pending = nil
            } else {
                return nil
            }
        }
        return total + (pending ?? 0)
    }
}
