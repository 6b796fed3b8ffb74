import Yams

/// Reads the `answer:` of a question according to its type.
enum AnswerKeyParser {
    static func parse(
        _ node: Node, type: QuestionType, options: [AnswerOption]?, lines: [String], map: MappingReader, sink: DiagnosticSink
    ) -> AnswerKey? {
        let optionCount = options?.count ?? 0
        switch type {
        case .single:
            guard let letters = letters(node, optionCount: optionCount, sink: sink) else { return nil }
            guard letters.count == 1 else {
                sink.error(node.mark, .answerSingleNeedsOneLetter(value: node.scalarString ?? ""))
                return nil
            }
            return .single(letters[0])
        case .multiple:
            guard let letters = letters(node, optionCount: optionCount, sink: sink) else { return nil }
            return .multiple(letters.sorted())
        case .order:
            guard let letters = letters(node, optionCount: optionCount, sink: sink) else { return nil }
            guard letters.count == optionCount else {
                sink.error(node.mark, .answerOrderIncomplete(expected: optionCount))
                return nil
            }
            return .order(letters)
        case .truefalse:
            guard let text = node.scalarString else {
                sink.error(node.mark, .wrongType(key: "answer", expected: .boolean))
                return nil
            }
            let word = TextNormalization.fold(text)
            if InputVocabulary.truthTrue.contains(word) { return .trueFalse(true) }
            if InputVocabulary.truthFalse.contains(word) { return .trueFalse(false) }
            sink.error(node.mark, .answerNotBoolean(value: text))
            return nil
        case .fill:
            var accepted: [String] = []
            switch node {
            case .scalar(let scalar): accepted = [scalar.string]
            case .sequence(let sequence):
                for element in sequence {
                    guard let text = element.scalarString else {
                        sink.error(element.mark, .wrongType(key: "answer", expected: .string))
                        return nil
                    }
                    accepted.append(text)
                }
            default:
                sink.error(node.mark, .wrongType(key: "answer", expected: .list))
                return nil
            }
            accepted = accepted.map(\.trimmingSpaces).filter { !$0.isEmpty }
            guard !accepted.isEmpty else {
                sink.error(node.mark, .answerFillEmpty)
                return nil
            }
            return .fill(accepted)
        case .numeric:
            guard let text = node.scalarString, let value = Double(text.trimmingSpaces), value.isFinite else {
                sink.error(node.mark, .answerNotANumber(value: node.scalarString ?? ""))
                return nil
            }
            let tolerance = map.number("tolerance") ?? 0
            if tolerance < 0 {
                sink.error(map.markOf("tolerance"), .negative(key: "tolerance"))
                return nil
            }
            return .numeric(value: value, tolerance: tolerance)
        case .redact:
            return redact(node, lines: lines, map: map, sink: sink)
        case .deadline:
            // Read with its scenario by DeadlineScenarioParser.
            return nil
        }
    }

    /// Letters from `"ACD"`, `"A, C"` or `[A, C, D]`, each checked against the options.
    static func letters(_ node: Node, optionCount: Int, sink: DiagnosticSink) -> [Int]? {
        var raw: [String] = []
        switch node {
        case .scalar(let scalar):
            raw = scalar.string.filter { !InputVocabulary.separators.contains($0) }.map { String($0) }
        case .sequence(let sequence):
            for element in sequence {
                guard let text = element.scalarString else {
                    sink.error(element.mark, .wrongType(key: "answer", expected: .string))
                    return nil
                }
                raw.append(contentsOf: text.filter { !InputVocabulary.separators.contains($0) }.map { String($0) })
            }
        default:
            sink.error(node.mark, .wrongType(key: "answer", expected: .string))
            return nil
        }
        guard !raw.isEmpty else {
            sink.error(node.mark, .emptyValue(key: "answer"))
            return nil
        }
        var indices: [Int] = []
        var ok = true
        for text in raw {
            let upper = text.uppercased()
            guard let character = upper.first, upper.count == 1, let index = OptionLetter.index(of: character) else {
                sink.error(node.mark, .answerNotALetter(value: node.scalarString ?? text))
                return nil
            }
            if optionCount > 0, index >= optionCount {
                sink.error(node.mark, .answerLetterOutOfRange(letter: upper, last: OptionLetter.letter(optionCount - 1)))
                ok = false
                continue
            }
            if indices.contains(index) {
                sink.error(node.mark, .answerDuplicateLetter(letter: upper))
                ok = false
                continue
            }
            indices.append(index)
        }
        return ok && optionCount > 0 ? indices : nil
    }

    static func redact(_ node: Node, lines: [String], map: MappingReader, sink: DiagnosticSink) -> AnswerKey? {
        guard !lines.isEmpty else {
            sink.error(map.has("lines") ? map.markOf("lines") : map.mark, .redactNeedsLines)
            return nil
        }
        var withheld: [Int] = []
        let elements: [Node]
        switch node {
        case .sequence(let sequence): elements = Array(sequence)
        case .scalar: elements = [node]
        default:
            sink.error(node.mark, .wrongType(key: "answer", expected: .list))
            return nil
        }
        var ok = true
        for element in elements {
            guard let text = element.scalarString, let line = Int(text.trimmingSpaces) else {
                sink.error(element.mark, .wrongType(key: "answer", expected: .integer))
                ok = false
                continue
            }
            guard (1...lines.count).contains(line) else {
                sink.error(element.mark, .redactLineOutOfRange(line: line, count: lines.count))
                ok = false
                continue
            }
            withheld.append(line)
        }
        var reasons: [Int: String] = [:]
        if let reasonsNode = map.node("reasons") {
            guard case .mapping(let mapping) = reasonsNode else {
                sink.error(reasonsNode.mark, .wrongType(key: "reasons", expected: .mapping))
                return nil
            }
            for (key, value) in mapping {
                guard let line = key.scalarString.flatMap({ Int($0.trimmingSpaces) }) else {
                    sink.error(key.mark, .wrongType(key: "reasons", expected: .integer))
                    ok = false
                    continue
                }
                guard let reason = value.scalarString, !reason.trimmingSpaces.isEmpty else {
                    sink.error(value.mark, .emptyValue(key: "reasons"))
                    ok = false
                    continue
                }
                if !withheld.contains(line) {
                    sink.error(key.mark, .redactReasonForUnmarkedLine(line: line))
                    ok = false
                }
                reasons[line] = reason.trimmingTrailingNewlines
            }
        }
        for line in withheld where reasons[line] == nil {
            sink.error(map.has("reasons") ? map.keyMark("reasons") : node.mark, .redactMissingReason(line: line))
            ok = false
        }
        return ok ? .redact(reasons) : nil
    }
}
