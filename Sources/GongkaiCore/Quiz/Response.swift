/// A trainee's parsed answer. Option indices refer to the course file's order,
/// not the shuffled order shown, so responses compare across attempts.
public enum Response: Sendable, Equatable {
    case options([Int])
    case truth(Bool)
    case text(String)
    case number(Double)
    case lines([Int])

    /// How the answer reads in the file's terms: "AC", "对", "20", "2, 5".
    public func display(_ language: Language) -> String {
        switch self {
        case .options(let indices): return OptionLetter.letters(indices)
        case .truth(let b): return ShellText.truth(b).text(in: language)
        case .text(let s): return s
        case .number(let n): return JSONWriter.formatNumber(n)
        case .lines(let l): return l.isEmpty ? ShellText.noLines.text(in: language) : l.map(String.init).joined(separator: ", ")
        }
    }

    /// The same answer in the letters the trainee saw (for options).
    /// The response in the letters the trainee saw: sorted (`AC`, never `CA`) except
    /// for an ordering question, whose order is the answer.
    public func displayShown(_ shown: [Int], _ language: Language, type: QuestionType? = nil) -> String {
        if case .options = self {
            return shownOptions(shown, type: type).map { OptionLetter.letter($0.position) }.joined()
        }
        return display(language)
    }

    /// The chosen options as (position shown, original index): by shown position
    /// for choice questions, in the order given for an ordering question.
    public func shownOptions(_ shown: [Int], type: QuestionType?) -> [(position: Int, original: Int)] {
        guard case .options(let indices) = self else { return [] }
        let pairs = indices.map { original in (position: shown.firstIndex(of: original) ?? original, original: original) }
        return type == .order ? pairs : pairs.sorted { $0.position < $1.position }
    }
}

extension AnswerKey {
    /// The key as a response, for showing "the correct answer was …".
    public var asResponse: Response {
        switch self {
        case .single(let i): return .options([i])
        case .multiple(let s): return .options(s)
        case .trueFalse(let b): return .truth(b)
        case .fill(let accepted): return .text(accepted.first ?? "")
        case .numeric(let value, _): return .number(value)
        case .order(let o): return .options(o)
        case .redact(let reasons): return .lines(reasons.keys.sorted())
        case .deadline(let scenario): return .text(scenario.resolvedAnswer?.description ?? "")
        }
    }
}
