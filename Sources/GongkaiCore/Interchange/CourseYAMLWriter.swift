import Yams

/// Writes a `Course` as a course file in the format of `Courses/*.yaml` (DESIGN.md),
/// such that `CourseLibrary` reads back the same course.
public enum CourseYAMLWriter {
    public static func render(_ course: Course) -> String {
        var pairs: [(Node, Node)] = [
            (key("id"), plain(course.id)),
            (key("title"), text(course.title)),
            (key("version"), plain(String(course.version))),
        ]
        if !course.summary.isEmpty { pairs.append((key("summary"), text(course.summary))) }
        var quiz: [(Node, Node)] = [(key("pass_percent"), plain(JSONWriter.formatNumber(course.quiz.passPercent)))]
        if let draw = course.quiz.draw { quiz.append((key("draw"), plain(String(draw)))) }
        quiz += [
            (key("shuffle_questions"), plain(String(course.quiz.shuffleQuestions))),
            (key("shuffle_options"), plain(String(course.quiz.shuffleOptions))),
            (key("mode"), plain(course.quiz.mode.rawValue)),
            (key("max_attempts"), plain(String(course.quiz.maxAttempts))),
            (key("multiple_scoring"), plain(course.quiz.multipleScoring.rawValue)),
        ]
        pairs.append((key("quiz"), .mapping(Node.Mapping(quiz))))
        if !course.lessons.isEmpty {
            pairs.append((key("lessons"), .sequence(Node.Sequence(course.lessons.map {
                .mapping(Node.Mapping([(key("title"), text($0.title)), (key("body"), block($0.body))]))
            }))))
        }
        pairs.append((key("questions"), .sequence(Node.Sequence(course.questions.map(question)))))
        let root = Node.mapping(Node.Mapping(pairs))
        // Serialising a tree of plain strings cannot fail; an empty result would be refused by validate.
        return (try? Yams.serialize(node: root, indent: 2, width: -1, allowUnicode: true)) ?? ""
    }

    static func question(_ q: Question) -> Node {
        var pairs: [(Node, Node)] = [(key("id"), plain(q.id)), (key("type"), plain(q.type.rawValue))]
        if q.points != 1 { pairs.append((key("points"), plain(JSONWriter.formatNumber(q.points)))) }
        pairs.append((key("prompt"), text(q.prompt)))
        if q.type.usesOptions {
            pairs.append((key("options"), .sequence(Node.Sequence(q.options.map { option -> Node in
                guard let feedback = option.feedback else { return text(option.text) }
                return .mapping(Node.Mapping([(key("text"), text(option.text)), (key("feedback"), text(feedback))]))
            }))))
        }
        if q.type == .redact { pairs.append((key("lines"), .sequence(Node.Sequence(q.lines.map(text))))) }
        switch q.answer {
        case .single(let i): pairs.append((key("answer"), plain(OptionLetter.letter(i))))
        case .multiple(let l), .order(let l): pairs.append((key("answer"), plain(OptionLetter.letters(l))))
        case .trueFalse(let b): pairs.append((key("answer"), plain(String(b))))
        case .fill(let accepted): pairs.append((key("answer"), .sequence(Node.Sequence(accepted.map(text)))))
        case .numeric(let value, let tolerance):
            pairs.append((key("answer"), plain(JSONWriter.formatNumber(value))))
            pairs.append((key("tolerance"), plain(JSONWriter.formatNumber(tolerance))))
        case .redact(let reasons):
            let lines = reasons.keys.sorted()
            pairs.append((key("answer"), .sequence(Node.Sequence(lines.map { plain(String($0)) }, .implicit, .flow))))
            pairs.append((key("reasons"), .mapping(Node.Mapping(lines.map { (plain(String($0)), text(reasons[$0] ?? "")) }))))
        case .deadline(let scenario):
            pairs.append((key("scenario"), Self.scenario(scenario)))
            pairs.append((key("answer"), plain(scenario.target.rawValue)))
        }
        if !q.explanation.isEmpty { pairs.append((key("explanation"), text(q.explanation))) }
        if !q.source.isEmpty { pairs.append((key("source"), text(q.source))) }
        if !q.tags.isEmpty { pairs.append((key("tags"), .sequence(Node.Sequence(q.tags.map(text), .implicit, .flow)))) }
        return .mapping(Node.Mapping(pairs))
    }

    /// A `deadline` drill's `scenario:` as `DeadlineScenarioParser` reads it.
    static func scenario(_ s: DeadlineScenario) -> Node {
        func range(_ r: DeadlineScenario.DayRange) -> Node {
            .sequence(Node.Sequence([plain(String(r.lower)), plain(String(r.upper))], .implicit, .flow))
        }
        var pairs: [(Node, Node)] = [
            (key("method"), plain(s.method.rawValue)),
            (key("received"), .sequence(Node.Sequence([plain(s.receivedFrom.description), plain(s.receivedTo.description)], .implicit, .flow))),
        ]
        if let r = s.supplementRequested { pairs.append((key("supplement_requested"), range(r))) }
        if let r = s.supplementReceived { pairs.append((key("supplement_received"), range(r))) }
        let consultations = s.periods.filter { $0.kind != .fee }
        if !consultations.isEmpty {
            pairs.append((key("consultations"), .sequence(Node.Sequence(consultations.map { c in
                .mapping(Node.Mapping([(key("kind"), plain(c.kind.rawValue)), (key("after"), range(c.after)), (key("length"), range(c.length))]))
            }))))
        }
        if let fee = s.periods.first(where: { $0.kind == .fee }) {
            pairs.append((key("fee"), .mapping(Node.Mapping([(key("after"), range(fee.after)), (key("length"), range(fee.length))]))))
        }
        if s.extensionApproved { pairs.append((key("extension"), plain("true"))) }
        return .mapping(Node.Mapping(pairs))
    }

    static func key(_ s: String) -> Node { .scalar(Node.Scalar(s)) }
    static func plain(_ s: String) -> Node { .scalar(Node.Scalar(s)) }

    /// Text, quoted where a plain scalar would read back as something else (null, or changed spaces).
    static func text(_ s: String) -> Node {
        if s.contains("\n") { return block(s) }
        // gongkai reads every value as text, but other YAML tools would read 0, 1.5 or yes as numbers and booleans.
        let nullLike = ["", "~", "null", "Null", "NULL"].contains(s) || Double(s) != nil
            || ["true", "false", "yes", "no", "on", "off", "y", "n"].contains(s.lowercased())
        let edgeSpaces = s.first?.isWhitespace == true || s.last?.isWhitespace == true
        return .scalar(Node.Scalar(s, .implicit, nullLike || edgeSpaces ? .doubleQuoted : .any))
    }

    static func block(_ s: String) -> Node {
        let safe = !s.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.last == " " || $0.last == "\t" }
            && s.first?.isWhitespace != true
        return .scalar(Node.Scalar(s, .implicit, safe ? .literal : .doubleQuoted))
    }
}
