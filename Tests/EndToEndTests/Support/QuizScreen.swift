/// One question as the shell printed it.
struct ShownQuestion: Equatable, CustomStringConvertible {
    var number: Int
    var total: Int
    /// The type as named in the header (单选题, 多选题, …).
    var typeName: String
    /// The prompt with all whitespace removed (it may be wrapped over several lines).
    var prompt: String
    /// Option letters and texts in the order shown (empty for fill, numeric, true/false, redact).
    var options: [(letter: String, text: String)]
    /// The "（已作答：…；直接回车保留）" line, if shown.
    var previousAnswer: String?

    static func == (a: ShownQuestion, b: ShownQuestion) -> Bool {
        a.number == b.number && a.total == b.total && a.typeName == b.typeName && a.prompt == b.prompt
            && a.options.map(\.letter) == b.options.map(\.letter) && a.options.map(\.text) == b.options.map(\.text)
            && a.previousAnswer == b.previousAnswer
    }

    var description: String {
        "\(number)/\(total) \(typeName) \(prompt) " + options.map { "\($0.letter).\($0.text)" }.joined(separator: " ")
    }

    func letter(of text: String) -> String? { options.first { $0.text == text }?.letter }
}

/// Reads questions off the shell's screen: a header `第 N/M 题 · 类型 · P 分`,
/// the wrapped prompt, options `  A. text` (or numbered redaction lines), a hint.
enum QuizScreen {
    /// Every question block in `text`, in order.
    static func questions(in text: String) -> [ShownQuestion] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [ShownQuestion] = []
        var index = 0
        while index < lines.count {
            guard let header = header(lines[index]) else {
                index += 1
                continue
            }
            var question = ShownQuestion(number: header.number, total: header.total, typeName: header.type, prompt: "", options: [])
            index += 1
            var inPrompt = true
            while index < lines.count, self.header(lines[index]) == nil {
                let line = lines[index]
                if line.contains("答案> ") { break }
                if let option = option(line) {
                    question.options.append(option)
                    inPrompt = false
                } else if isRedactLine(line) || line.hasPrefix("(") || line.hasPrefix("（") {
                    inPrompt = false
                    if let start = line.range(of: "（已作答："), let end = line.range(of: "；直接回车保留）") {
                        question.previousAnswer = String(line[start.upperBound..<end.lowerBound])
                    }
                } else if inPrompt {
                    question.prompt += line.filter { !$0.isWhitespace }
                }
                index += 1
            }
            result.append(question)
        }
        return result
    }

    /// The last question in `text` (the one being asked).
    static func current(in text: String) -> ShownQuestion? { questions(in: text).last }

    static func header(_ line: String) -> (number: Int, total: Int, type: String)? {
        guard let start = line.range(of: "第 "), let mid = line.range(of: " 题 · ", range: start.upperBound..<line.endIndex) else {
            return nil
        }
        let fraction = line[start.upperBound..<mid.lowerBound].split(separator: "/")
        guard fraction.count == 2, let number = Int(fraction[0]), let total = Int(fraction[1]) else { return nil }
        let rest = line[mid.upperBound...]
        guard let typeEnd = rest.range(of: " · ") else { return nil }
        return (number, total, String(rest[..<typeEnd.lowerBound]))
    }

    /// `  A. text`
    static func option(_ line: String) -> (letter: String, text: String)? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.count >= 3, let letter = trimmed.first, ("A"..."L").contains(letter),
            trimmed.dropFirst().hasPrefix(". ")
        else { return nil }
        let text = trimmed.dropFirst(3)
        return (String(letter), String(text).trimmingTrailingSpaces)
    }

    /// ` 2 │ text`
    static func isRedactLine(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && trimmed.dropFirst(digits.count).hasPrefix(" │")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// The text with every whitespace character removed (to compare wrapped text).
    var withoutWhitespace: String { filter { !$0.isWhitespace } }
}

/// The answer key of `Tests/Fixtures/Courses/sample.yaml`, by option TEXT (never
/// by letter: options are shuffled), and the many ways the contract lets a
/// trainee type an answer.
enum SampleCourse {
    static let questionCount = 7
    static let maxPoints = 8

    /// Question ids by the type named in the header (one question of each type).
    static let idByType: [String: String] = [
        "单选题": "s-deadline", "多选题": "s-principles", "判断题": "s-no-fee", "填空题": "s-office",
        "数值题": "s-proactive-days", "排序题": "s-steps", "区分处理题": "s-redact",
    ]

    static let singleCorrect = "20个工作日"
    /// Options of the multiple-choice question in file order; the correct ones.
    static let multipleInFileOrder = ["公正", "公平", "保密优先", "便民"]
    static let multipleCorrect: Set<String> = ["公正", "公平", "便民"]
    static let orderCorrect = ["受理", "审查", "处理", "答复"]

    /// A correct answer typed the way a trainee might: a full-width letter for the
    /// single choice, separated lower-case letters for multiple choice, 对 for
    /// true/false, Chinese for the fill-in, a number with its unit, order letters, line numbers.
    static func correctAnswer(to q: ShownQuestion) throws -> String {
        func letter(_ text: String) throws -> String {
            guard let letter = q.letter(of: text) else {
                throw DriveFailure(description: "option \(text) not shown in \(q)")
            }
            return letter
        }
        switch q.typeName {
        case "单选题":
            let ascii = try letter(singleCorrect).unicodeScalars.first!.value
            return String(Character(Unicode.Scalar(ascii - 0x41 + 0xFF21)!))  // Ｃ
        case "多选题":
            return try q.options.filter { multipleCorrect.contains($0.text) }.map { try letter($0.text).lowercased() }
                .joined(separator: " ")  // "a c d"
        case "判断题": return "对"
        case "填空题": return "办公厅"
        case "数值题": return "20个工作日"
        case "排序题": return try orderCorrect.map(letter).joined()
        case "区分处理题": return "2 4"
        default: throw DriveFailure(description: "unknown question type in \(q)")
        }
    }

    /// How the shell shows an answer already given ("已作答：…"): options in the
    /// letters the trainee saw, listed in the file's order of the options.
    static func shownAnswer(_ typed: String, for q: ShownQuestion) -> String {
        switch q.typeName {
        case "单选题":
            return String(typed.unicodeScalars.map { $0.value >= 0xFF21 ? Character(Unicode.Scalar($0.value - 0xFF21 + 0x41)!) : Character($0) })
                .uppercased()
        case "多选题":
            let chosen = Set(typed.uppercased().filter { $0.isLetter }.map(String.init))
            return multipleInFileOrder.compactMap { q.letter(of: $0) }.filter { chosen.contains($0) }.joined()
        case "排序题": return typed.uppercased()
        case "判断题": return "对"
        case "填空题": return typed
        case "数值题": return "20"
        case "区分处理题": return "2, 4"
        default: return typed
        }
    }
}
