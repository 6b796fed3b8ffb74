/// Moodle's GIFT text format. gongkai writes the id and tags as Moodle does (`// [id:…] [tag:…]`,
/// Moodle 3.7+), and 依据 and 分值 as comments that Moodle ignores.
///
///     // [id:s-deadline] [tag:deadline]
///     // 依据：条例第三十三条
///     ::s-deadline::不能当场答复的……？{~10个工作日 =20个工作日#对 ####解析}
public enum GIFTFormat {
    // MARK: Reading

    public static func drafts(file: String, text: String) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        var drafts: [QuestionDraft] = []
        var problems: [BankProblem] = []
        var block: [String] = []
        var comments: [String] = []
        var startLine = 0
        let lines = TextDecoding.lines(text)

        func flush() {
            defer {
                block = []
                comments = []
            }
            guard !block.isEmpty else { return }
            let place = BankPlace(file: file, number: startLine)
            let joined = block.joined(separator: "\n")
            if joined.hasPrefix("$CATEGORY:") { return }
            switch question(joined, comments: comments, place: place) {
            case .success(let draft): drafts.append(draft)
            case .failure(let message): problems.append(BankProblem(place, .error, message))
            }
        }

        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty {
                // A blank line ends a question, unless its answer block is still open.
                if !block.isEmpty, !openBrace(block.joined(separator: "\n")) { flush() }
                continue
            }
            if trimmed.hasPrefix("//") {
                if block.isEmpty {
                    comments.append(String(trimmed.dropFirst(2)).trimmingSpaces)
                    if startLine == 0 || comments.count == 1 { startLine = index + 1 }
                }
                continue
            }
            if block.isEmpty, comments.isEmpty { startLine = index + 1 }
            block.append(line)
        }
        flush()
        return (drafts, problems)
    }

    /// Whether an unescaped `{` is still open.
    static func openBrace(_ text: String) -> Bool {
        var depth = 0
        var escaped = false
        for c in text {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
        }
        return depth > 0
    }


    static func question(_ text: String, comments: [String], place: BankPlace) -> Result<QuestionDraft, ImportMessage> {
        var draft = QuestionDraft(place: place)
        for comment in comments {
            var rest = Substring(comment)
            while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
                let item = rest[rest.index(after: open)..<close]
                if item.hasPrefix("id:") { draft.id = String(item.dropFirst(3)).trimmingSpaces }
                if item.hasPrefix("tag:") { draft.tags.append(String(item.dropFirst(4)).trimmingSpaces) }
                rest = rest[rest.index(after: close)...]
            }
            for (name, apply) in [("依据", { (d: inout QuestionDraft, v: String) in d.source = v }), ("分值", { d, v in d.points = v })] {
                for colon in ["：", ":"] where comment.hasPrefix(name + colon) { apply(&draft, unescapeComment(String(comment.dropFirst(name.count + 1)))) }
            }
        }
        var body = Substring(text)
        // ::title::
        if body.hasPrefix("::"), let end = body.dropFirst(2).range(of: "::") {
            let title = unescape(String(body[body.index(body.startIndex, offsetBy: 2)..<end.lowerBound])).trimmingSpaces
            if draft.id.isEmpty, Slug.isValid(title) { draft.id = title }
            body = body[end.upperBound...]
        }
        if body.hasPrefix("[") , let close = body.firstIndex(of: "]") { body = body[body.index(after: close)...] }  // [html], [plain]
        guard let open = unescapedIndex(of: "{", in: body), let close = unescapedIndex(of: "}", in: body[open...]) else {
            return .failure(.unreadableQuestion(String(text.prefix(40))))
        }
        let before = unescape(String(body[..<open])).trimmingSpaces
        let after = unescape(String(body[body.index(after: close)...])).trimmingSpaces
        draft.prompt = after.isEmpty ? before : before + "____" + after
        var answers = String(body[body.index(after: open)..<close])
        // General feedback: ####text
        if let range = unescapedRange(of: "####", in: answers) {
            draft.explanation = unescape(String(answers[range.upperBound...])).trimmingSpaces
            answers = String(answers[..<range.lowerBound])
        }
        let trimmed = answers.trimmingSpaces
        if ["T", "TRUE", "F", "FALSE"].contains(where: { trimmed.uppercased().hasPrefix($0) && (trimmed.count == $0.count || trimmed.dropFirst($0.count).first == "#") }) {
            draft.typeText = "truefalse"
            draft.answer = trimmed.uppercased().hasPrefix("T") ? "true" : "false"
            return .success(draft)
        }
        if trimmed.hasPrefix("#") {
            draft.typeText = "numeric"
            let spec = String(trimmed.dropFirst()).split(separator: "#").first.map(String.init)?.trimmingSpaces ?? ""
            if let colon = spec.firstIndex(of: ":") {
                draft.answer = String(spec[..<colon])
                draft.tolerance = String(spec[spec.index(after: colon)...])
            } else if let dots = spec.range(of: "..") , let low = Double(spec[..<dots.lowerBound]), let high = Double(spec[dots.upperBound...]) {
                draft.answer = JSONWriter.formatNumber((low + high) / 2)
                draft.tolerance = JSONWriter.formatNumber((high - low) / 2)
            } else {
                draft.answer = spec
            }
            return .success(draft)
        }
        if trimmed.isEmpty { return .failure(.typeNotImportable(type: "essay", format: "GIFT")) }
        if trimmed.contains("->") { return .failure(.typeNotImportable(type: "matching", format: "GIFT")) }
        // Choices: =right ~wrong ~%50%partly-right, each with #feedback.
        var choices: [(mark: Character, weight: Double?, text: String, feedback: String?)] = []
        var current = ""
        var mark: Character?
        var escaped = false
        func finishChoice() {
            guard let m = mark else { return }
            var text = current
            var weight: Double?
            if text.hasPrefix("%"), let end = text.dropFirst().firstIndex(of: "%") {
                weight = Double(text[text.index(after: text.startIndex)..<end])
                text = String(text[text.index(after: end)...])
            }
            var feedback: String?
            if let hash = unescapedIndex(of: "#", in: Substring(text)) {
                feedback = unescape(String(text[text.index(after: hash)...])).trimmingSpaces
                text = String(text[..<hash])
            }
            choices.append((m, weight, unescape(text).trimmingSpaces, feedback))
        }
        for c in answers {
            if escaped { current.append("\\"); current.append(c); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "=" || c == "~" {
                finishChoice()
                mark = c
                current = ""
                continue
            }
            current.append(c)
        }
        finishChoice()
        guard !choices.isEmpty else { return .failure(.unreadableQuestion(String(text.prefix(40)))) }
        if choices.allSatisfy({ $0.mark == "=" }) {
            draft.typeText = "fill"
            draft.answerList = choices.map(\.text)
            return .success(draft)
        }
        draft.options = choices.map(\.text)
        for (i, choice) in choices.enumerated() { if let f = choice.feedback, !f.isEmpty { draft.feedback[i] = f } }
        let right = choices.enumerated().filter { $0.element.mark == "=" || ($0.element.weight ?? 0) > 0 }.map(\.offset)
        draft.typeText = choices.contains { $0.weight != nil } ? "multiple" : "single"
        draft.answer = OptionLetter.letters(right)
        return .success(draft)
    }

    static func unescapedIndex(of target: Character, in text: Substring) -> String.Index? {
        var escaped = false
        for i in text.indices {
            let c = text[i]
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == target { return i }
        }
        return nil
    }

    static func unescapedRange(of target: String, in text: String) -> Range<String.Index>? {
        var search = text.startIndex
        while let range = text.range(of: target, range: search..<text.endIndex) {
            let backslashes = text[..<range.lowerBound].reversed().prefix { $0 == "\\" }.count
            if backslashes % 2 == 0 { return range }
            search = range.upperBound
        }
        return nil
    }

    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                out.append(c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func unescapeComment(_ text: String) -> String { unescape(text.trimmingSpaces) }

    // MARK: Writing

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\", "~", "=", "#", "{", "}", ":": out.append("\\"); out.append(c)
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// The questions GIFT can hold, and the ones it cannot (order, redact).
    public static func render(_ course: Course) -> (text: String, skipped: [Question]) {
        var out = "// \(course.title)（\(course.id) 第 \(course.version) 版），由 gongkai 导出\n\n$CATEGORY: \(course.title)\n\n"
        var skipped: [Question] = []
        for q in course.questions {
            guard BankFormat.gift.holds(q.type) else {
                skipped.append(q)
                continue
            }
            out += "// [id:\(q.id)]" + q.tags.map { " [tag:\($0)]" }.joined() + "\n"
            if !q.source.isEmpty { out += "// 依据：\(q.source.replacingOccurrences(of: "\n", with: " "))\n" }
            if q.points != 1 { out += "// 分值：\(JSONWriter.formatNumber(q.points))\n" }
            var body = "::\(escape(q.id))::\(escape(q.prompt)){"
            func option(_ i: Int, _ mark: String) -> String {
                let o = q.options[i]
                return " \(mark)\(escape(o.text))" + (o.feedback.map { "#" + escape($0) } ?? "")
            }
            switch q.answer {
            case .single(let right):
                body += q.options.indices.map { option($0, $0 == right ? "=" : "~") }.joined()
            case .multiple(let right):
                let share = 100.0 / Double(max(right.count, 1))
                let wrongCount = q.options.count - right.count
                body += q.options.indices.map { i in
                    right.contains(i) ? option(i, "~%\(GIFTFormat.weight(share))%") : option(i, "~%-\(GIFTFormat.weight(wrongCount > 0 ? 100.0 / Double(wrongCount) : 100))%")
                }.joined()
            case .trueFalse(let b): body += b ? "T" : "F"
            case .fill(let accepted): body += accepted.map { " =" + escape($0) }.joined()
            case .numeric(let value, let tolerance): body += "#\(JSONWriter.formatNumber(value)):\(JSONWriter.formatNumber(tolerance))"
            default: break  // not held: skipped above
            }
            if !q.explanation.isEmpty { body += " ####" + escape(q.explanation) }
            body += " }\n\n"
            out += body
        }
        return (out, skipped)
    }

    /// Moodle accepts only its own list of percentages (33.33333, 12.5 …): five decimals as it writes them.
    static func weight(_ value: Double) -> String {
        let rounded = (value * 100_000).rounded() / 100_000
        return JSONWriter.formatNumber(rounded)
    }
}

extension ImportMessage: Error {}
