import Foundation

/// The usual 题库 text layout, from .txt files and Word paragraphs:
///
///     一、单选题
///     1. 题干……
///     A. 选项  B. 选项          (one per line, or several on a line; also A、 and （A）)
///     【答案】C
///     【解析】……
///     【依据】条例第三十三条
///
/// Also `答案：C`; optional 【编号】【分值】【标签】【误差】【选项反馈】【题型】.
public enum TextBankParser {
    enum Field: String, CaseIterable {
        case answer, explanation, source, id, points, tags, tolerance, feedback, type
    }

    static let fieldNames: [(String, Field)] = [
        ("正确答案", .answer), ("参考答案", .answer), ("标准答案", .answer), ("答案", .answer),
        ("答案解析", .explanation), ("试题解析", .explanation), ("解析", .explanation),
        ("法律依据", .source), ("依据", .source), ("出处", .source), ("来源", .source),
        ("编号", .id), ("分值", .points), ("标签", .tags), ("知识点", .tags), ("误差", .tolerance),
        ("选项反馈", .feedback), ("题型", .type),
    ]

    /// A line that starts a field: `【答案】C`, `答案：C`, `[答案] C`.
    static func fieldStart(_ line: String) -> (Field, String)? {
        for (name, field) in fieldNames {
            for (open, close) in [("【", "】"), ("[", "]"), ("［", "］")] where line.hasPrefix(open + name + close) {
                return (field, String(line.dropFirst(open.count + name.count + close.count)).trimmingSpaces)
            }
            for colon in ["：", ":"] where line.hasPrefix(name + colon) {
                return (field, String(line.dropFirst(name.count + colon.count)).trimmingSpaces)
            }
        }
        return nil
    }

    /// `一、单选题（每题1分）`, `第二部分 多选题`, `判断题` → the type's name.
    static func heading(_ line: String) -> String? {
        var text = line.trimmingSpaces
        let numerals = "一二三四五六七八九十"
        if let first = text.first, numerals.contains(first) {
            text = String(text.drop { numerals.contains($0) })
            guard let mark = text.first, "、.．".contains(mark) else { return nil }
            text = String(text.dropFirst())
        } else if text.hasPrefix("第"), let part = text.firstIndex(where: { "部分".contains($0) }) {
            text = String(text[part...].dropFirst(2))
        }
        if let paren = text.firstIndex(where: { "（(：:".contains($0) }) { text = String(text[..<paren]) }
        text = text.trimmingSpaces
        return BankVocabulary.type(named: text) != nil ? text : nil
    }

    static let questionStart = try! NSRegularExpression(pattern: #"^(?:(\d{1,4})\s*[.、．)）]|[（(](\d{1,4})[）)]|第(\d{1,4})题[.、．:：]?)\s*(.*)$"#)
    static let optionStart = try! NSRegularExpression(pattern: #"^(?:[（(]([A-La-lＡ-Ｌ])[）)]|([A-La-lＡ-Ｌ])\s*[.、．:：])\s*(.*)$"#)
    /// Further options on the same line: `A.公正  B.公平  C.合法`.
    static let inlineOption = try! NSRegularExpression(pattern: #"\s+(?:[（(]([A-L])[）)]|([A-L])\s*[.、．])\s*"#)

    static func match(_ regex: NSRegularExpression, _ text: String) -> [String?]? {
        let range = NSRange(text.startIndex..., in: text)
        guard let m = regex.firstMatch(in: text, range: range) else { return nil }
        return (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: text).map { String(text[$0]) } }
    }

    /// `……的期限是（ C ）。` or `……（√）`: the answer written in the stem's brackets, when there is no 【答案】.
    /// The brackets stay, emptied, so the stem still shows where the answer goes.
    static let answerBrackets = try! NSRegularExpression(pattern: #"[（(]\s*([A-La-lＡ-Ｌ]{1,12}|[√×✓✗✔✘对错])\s*[）)]"#)

    static func answerInStem(_ prompt: String) -> (String, String)? {
        let matches = answerBrackets.matches(in: prompt, range: NSRange(prompt.startIndex..., in: prompt))
        guard matches.count == 1, let m = matches.first, let whole = Range(m.range, in: prompt), let inner = Range(m.range(at: 1), in: prompt) else { return nil }
        return (prompt.replacingCharacters(in: whole, with: "（　）"), String(prompt[inner]))
    }

    /// Options on one line, split where the next letter starts.
    static func splitOptions(_ first: String, letter: Int) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var current = letter
        var rest = first
        while let m = inlineOption.firstMatch(in: rest, range: NSRange(rest.startIndex..., in: rest)),
            let whole = Range(m.range, in: rest)
        {
            let letterText = (Range(m.range(at: 1), in: rest) ?? Range(m.range(at: 2), in: rest)).map { String(rest[$0]) } ?? ""
            guard let next = letterText.first.flatMap(OptionLetter.index(of:)), next == current + 1 else { break }
            result.append((current, String(rest[..<whole.lowerBound])))
            rest = String(rest[whole.upperBound...])
            current = next
        }
        result.append((current, rest))
        return result
    }

    public static func drafts(file: String, lines: [String], lineNumbers: [Int]? = nil) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        var drafts: [QuestionDraft] = []
        var problems: [BankProblem] = []
        var sectionType = ""
        var current: QuestionDraft?
        var field: Field?
        var feedbackText = ""
        var inOptions = false

        func finish() {
            guard var draft = current else { return }
            if !feedbackText.isEmpty {
                let parsed = BankAssembler.parseFeedback(feedbackText)
                draft.feedback = parsed.feedback
                draft.feedbackProblems = parsed.problems
            }
            if draft.typeText.isEmpty { draft.typeText = sectionType }
            if draft.answer.isEmpty, let (stem, answer) = answerInStem(draft.prompt) {
                draft.prompt = stem
                draft.answer = answer
            }
            drafts.append(draft)
            current = nil
            field = nil
            feedbackText = ""
            inOptions = false
        }

        for (index, raw) in lines.enumerated() {
            let number = lineNumbers?[index] ?? index + 1
            let line = raw.trimmingSpaces
            if line.isEmpty {
                // Paragraphs of an explanation stay apart; trailing blank lines are trimmed later.
                if field == .explanation { current?.explanation += "\n" }
                continue
            }
            if let name = heading(line) {
                finish()
                sectionType = name
                continue
            }
            if let parts = match(questionStart, line) {
                finish()
                current = QuestionDraft(place: BankPlace(file: file, number: number))
                current?.prompt = parts[3] ?? ""
                continue
            }
            guard current != nil else {
                problems.append(BankProblem(BankPlace(file: file, number: number), .warning, .textOutsideQuestion(String(line.prefix(40)))))
                continue
            }
            if let (f, value) = fieldStart(line) {
                field = f
                inOptions = false
                switch f {
                case .answer: current?.answer = value
                case .explanation: current?.explanation = value
                case .source: current?.source = value
                case .id: current?.id = value
                case .points: current?.points = value
                case .tags: current?.tags = value.split(whereSeparator: { "，,、;；".contains($0) }).map { String($0).trimmingSpaces }
                case .tolerance: current?.tolerance = value
                case .feedback: feedbackText = value
                case .type: current?.typeText = value
                }
                continue
            }
            if field == nil || inOptions, let parts = match(optionStart, line),
                let letter = (parts[0] ?? parts[1]).flatMap({ $0.precomposedStringWithCompatibilityMapping.uppercased().first }).flatMap(OptionLetter.index(of:)),
                letter == current?.options.count
            {
                inOptions = true
                for (index, text) in splitOptions(parts[2] ?? "", letter: letter) where index == current?.options.count {
                    current?.options.append(text.trimmingSpaces)
                }
                continue
            }
            // A continuation of whatever came last.
            switch field {
            case .explanation: current?.explanation += "\n" + line
            case .source: current?.source += " " + line
            case .feedback: feedbackText += "\n" + line
            case .answer, .id, .points, .tags, .tolerance, .type:
                problems.append(BankProblem(BankPlace(file: file, number: number), .error, .textOutsideQuestion(String(line.prefix(40)))))
            case nil:
                if inOptions, let last = current?.options.indices.last {
                    current?.options[last] += line
                } else {
                    let separator = current?.prompt.isEmpty == true ? "" : "\n"
                    current?.prompt += separator + line
                }
            }
        }
        finish()
        return (drafts, problems)
    }

    /// The same layout, written: `docx` export and the proofreading text.
    public static func render(_ questions: [Question]) -> [String] {
        var lines: [String] = []
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var section = 0
        for type in QuestionType.allCases {
            let group = questions.filter { $0.type == type }
            guard !group.isEmpty else { continue }
            lines.append("\(numerals[min(section, 9)])、\(BankVocabulary.heading(type))")
            section += 1
            for (n, q) in group.enumerated() {
                let promptLines = q.prompt.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                lines.append("\(n + 1). " + (promptLines.first ?? ""))
                lines += promptLines.dropFirst()
                for (i, option) in q.options.enumerated() { lines.append("\(OptionLetter.letter(i)). \(option.text)") }
                lines.append("【答案】" + answerText(q))
                if case .numeric(_, let tolerance) = q.answer, tolerance != 0 { lines.append("【误差】" + JSONWriter.formatNumber(tolerance)) }
                if !q.explanation.isEmpty { lines.append("【解析】" + q.explanation) }
                if !q.source.isEmpty { lines.append("【依据】" + q.source) }
                let feedback = q.options.enumerated().compactMap { i, o in o.feedback.map { "\(OptionLetter.letter(i))：\($0)" } }
                if !feedback.isEmpty {
                    lines.append("【选项反馈】" + feedback[0])
                    lines += feedback.dropFirst()
                }
                if q.points != 1 { lines.append("【分值】" + JSONWriter.formatNumber(q.points)) }
                if !q.tags.isEmpty { lines.append("【标签】" + q.tags.joined(separator: "，")) }
                lines.append("【编号】" + q.id)
                lines.append("")
            }
        }
        return lines
    }

    /// The answer as the templates write it (one cell, one line).
    public static func answerText(_ q: Question) -> String {
        switch q.answer {
        case .single(let i): return OptionLetter.letter(i)
        case .multiple(let l), .order(let l): return OptionLetter.letters(l)
        case .trueFalse(let b): return b ? "对" : "错"
        case .fill(let accepted): return accepted.joined(separator: "；")
        case .numeric(let value, _): return JSONWriter.formatNumber(value)
        case .redact(let reasons): return reasons.keys.sorted().map(String.init).joined(separator: ",")
        // Never exported (no bank format holds a scenario); the target names what is asked.
        case .deadline(let scenario): return scenario.target.rawValue
        }
    }
}
