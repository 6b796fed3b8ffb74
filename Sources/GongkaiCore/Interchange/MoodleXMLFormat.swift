import Foundation

/// Moodle XML question banks: multichoice, truefalse, shortanswer, numerical and ordering.
/// 依据 travels as the last line of the general feedback (`依据：…`), the id as `idnumber`.
public enum MoodleXMLFormat {
    static let sourcePrefix = "依据："
    /// Moodle's question types for the ones gongkai holds in Moodle XML (ordering is a standard plugin since Moodle 4.4).
    static let moodleType: [QuestionType: String] = [
        .single: "multichoice", .multiple: "multichoice", .truefalse: "truefalse", .fill: "shortanswer", .numeric: "numerical", .order: "ordering",
    ]

    // MARK: Reading

    public static func drafts(file: String, bytes: [UInt8]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        let root: XMLElement
        do {
            root = try XMLElement.parse(Data(bytes))
        } catch {
            let line = (error as? XMLTreeError)?.line ?? 0
            return ([], [BankProblem(BankPlace(file: file, number: line), .error, .cannotOpen(format: "Moodle XML", reason: XLSXReader.describe(error)))])
        }
        var drafts: [QuestionDraft] = []
        var problems: [BankProblem] = []
        for q in root.all("question") {
            let kind = q.attribute("type") ?? ""
            if kind == "category" { continue }
            let place = BankPlace(file: file, number: q.line)
            var draft = QuestionDraft(place: place)
            let name = text(q.child("name"))
            let idnumber = text(q.child("idnumber"))
            draft.id = Slug.isValid(idnumber) ? idnumber : (Slug.isValid(name) ? name : "")
            draft.prompt = text(q.child("questiontext"))
            var feedback = text(q.child("generalfeedback"))
            var feedbackLines = feedback.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let last = feedbackLines.last, last.hasPrefix(sourcePrefix) {
                draft.source = String(last.dropFirst(sourcePrefix.count))
                feedbackLines.removeLast()
                while feedbackLines.last?.trimmingSpaces.isEmpty == true { feedbackLines.removeLast() }
                feedback = feedbackLines.joined(separator: "\n")
            }
            draft.explanation = feedback
            if let grade = q.child("defaultgrade")?.text.trimmingSpaces, let g = Double(grade), g != 1 { draft.points = JSONWriter.formatNumber(g) }
            draft.tags = q.child("tags")?.all("tag").map { text($0) }.filter { !$0.isEmpty } ?? []
            let answers = q.all("answer")
            switch kind {
            case "multichoice":
                let single = (q.child("single")?.text.trimmingSpaces ?? "true") != "false"
                draft.typeText = single ? "single" : "multiple"
                draft.options = answers.map { text($0) }
                for (i, a) in answers.enumerated() {
                    let f = text(a.child("feedback"))
                    if !f.isEmpty { draft.feedback[i] = f }
                }
                draft.answer = OptionLetter.letters(answers.indices.filter { fraction(answers[$0]) > 0 })
            case "truefalse":
                draft.typeText = "truefalse"
                if let right = answers.first(where: { fraction($0) > 0 }) { draft.answer = text(right) }
            case "shortanswer":
                draft.typeText = "fill"
                draft.answerList = answers.filter { fraction($0) > 0 }.map { text($0) }
            case "numerical":
                draft.typeText = "numeric"
                if let right = answers.first(where: { fraction($0) > 0 }) {
                    draft.answer = text(right)
                    draft.tolerance = right.child("tolerance")?.text.trimmingSpaces ?? ""
                }
            case "ordering":
                // Answers are listed in the right order; `gongkai:position` keeps the order the options had in the course.
                draft.typeText = "order"
                let positions = answers.enumerated().map { i, a in (Int(a.attribute("position") ?? "") ?? i, text(a), text(a.child("feedback"))) }
                let shown = positions.sorted { $0.0 < $1.0 }
                draft.options = shown.map(\.1)
                for (i, option) in shown.enumerated() where !option.2.isEmpty { draft.feedback[i] = option.2 }
                draft.answer = OptionLetter.letters(positions.map { p in shown.firstIndex { $0.0 == p.0 } ?? 0 })
            default:
                problems.append(BankProblem(place, .error, .typeNotImportable(type: kind, format: "Moodle XML")))
                continue
            }
            drafts.append(draft)
        }
        return (drafts, problems)
    }

    static func fraction(_ answer: XMLElement) -> Double { Double(answer.attribute("fraction") ?? "0") ?? 0 }

    /// The text of `<x><text>…</text></x>` (or of `<x>` itself), HTML reduced to plain text.
    static func text(_ element: XMLElement?) -> String {
        guard let element else { return "" }
        let raw = element.child("text")?.text ?? element.text
        let format = element.attribute("format") ?? "html"
        let plain = format == "plain_text" || format == "markdown" ? raw : htmlToText(raw)
        return plain.trimmingSpaces
    }

    static func htmlToText(_ html: String) -> String {
        guard html.contains("<") || html.contains("&") else { return html }
        var text = html
        for tag in ["<br>", "<br/>", "<br />", "</p>", "</div>", "</li>"] { text = text.replacingOccurrences(of: tag, with: "\n", options: .caseInsensitive) }
        var out = ""
        var inTag = false
        for c in text {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        for (entity, c) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: c)
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }.joined(separator: "\n").trimmingTrailingNewlines
    }

    // MARK: Writing

    public static func render(_ course: Course) -> (text: String, skipped: [Question]) {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        out += "  <question type=\"category\">\n    <category><text>$course$/top/\(XMLEscape.text(course.title))</text></category>\n  </question>\n"
        var skipped: [Question] = []
        for q in course.questions {
            guard BankFormat.moodleXML.holds(q.type) else {
                skipped.append(q)
                continue
            }
            guard let kind = moodleType[q.type] else { continue }
            out += "  <question type=\"\(kind)\">\n"
            out += "    <name>\(plain(q.id))</name>\n"
            out += "    <questiontext format=\"plain_text\">\(plain(q.prompt))</questiontext>\n"
            var general = q.explanation
            if !q.source.isEmpty { general += (general.isEmpty ? "" : "\n") + sourcePrefix + q.source }
            out += "    <generalfeedback format=\"plain_text\">\(plain(general))</generalfeedback>\n"
            out += "    <defaultgrade>\(JSONWriter.formatNumber(q.points))</defaultgrade>\n"
            out += "    <penalty>0</penalty>\n    <hidden>0</hidden>\n"
            out += "    <idnumber>\(XMLEscape.text(q.id))</idnumber>\n"
            func answer(_ fraction: String, _ text: String, feedback: String? = nil, extra: String = "", attributes: String = "") -> String {
                "    <answer fraction=\"\(fraction)\" format=\"plain_text\"\(attributes)>\n      <text>\(XMLEscape.text(text))</text>\n"
                    + "      <feedback format=\"plain_text\">\(plain(feedback ?? ""))</feedback>\n\(extra)    </answer>\n"
            }
            switch q.answer {
            case .single(let right):
                out += "    <single>true</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n"
                for (i, o) in q.options.enumerated() { out += answer(i == right ? "100" : "0", o.text, feedback: o.feedback) }
            case .multiple(let right):
                out += "    <single>false</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n"
                let wrong = q.options.count - right.count
                for (i, o) in q.options.enumerated() {
                    let f = right.contains(i) ? GIFTFormat.weight(100 / Double(max(right.count, 1))) : "-" + GIFTFormat.weight(100 / Double(max(wrong, 1)))
                    out += answer(f, o.text, feedback: o.feedback)
                }
            case .trueFalse(let b):
                out += answer(b ? "100" : "0", "true") + answer(b ? "0" : "100", "false")
            case .fill(let accepted):
                out += "    <usecase>0</usecase>\n"
                for a in accepted { out += answer("100", a) }
            case .numeric(let value, let tolerance):
                out += answer("100", JSONWriter.formatNumber(value), extra: "      <tolerance>\(JSONWriter.formatNumber(tolerance))</tolerance>\n")
            case .order(let sequence):
                out += "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <gradingtype>ABSOLUTE_POSITION</gradingtype>\n"
                for i in sequence { out += answer("\(sequence.firstIndex(of: i)! + 1)", q.options[i].text, feedback: q.options[i].feedback, attributes: " position=\"\(i)\"") }
            default: break  // not held: skipped above
            }
            if !q.tags.isEmpty {
                out += "    <tags>\n" + q.tags.map { "      <tag>\(plain($0))</tag>\n" }.joined() + "    </tags>\n"
            }
            out += "  </question>\n"
        }
        out += "</quiz>\n"
        return (out, skipped)
    }

    static func plain(_ text: String) -> String { "<text>\(XMLEscape.text(text))</text>" }
}
