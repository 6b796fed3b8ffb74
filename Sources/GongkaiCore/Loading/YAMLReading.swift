import Yams

/// Collects diagnostics for one file.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Kept as diagnostics arrive: parsers compare it before and after each entry.
    private(set) var errorCount = 0

    init(file: String) { self.file = file }

    func error(_ mark: Mark?, _ message: ValidationMessage) {
        diagnostics.append(Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
        errorCount += 1
    }

    func error(line: Int, column: Int, _ message: ValidationMessage) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
        errorCount += 1
    }

    func warning(_ mark: Mark?, _ message: ValidationMessage) {
        diagnostics.append(
            Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, severity: .warning, message: message))
    }
}

/// Parses YAML text into a node tree, turning libyaml errors into diagnostics.
enum YAMLDocument {
    static func parse(_ text: String, sink: DiagnosticSink) -> Node? {
        do {
            // The basic resolver: values are read as text by the parsers, and regular-expression
            // tag resolution would cost most of the start-up time.
            guard let root = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                sink.error(nil, .emptyDocument)
                return nil
            }
            return root
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let detail = context.map { "\(problem) (\($0.text))" } ?? problem
                sink.error(mark, .yamlSyntax(problem: detail))
            case .duplicatedKeysInMapping(let duplicates, let context):
                sink.error(context.mark, .duplicateKey(duplicates.joined(separator: "', '")))
            case .reader(let problem, let offset, _, let yaml):
                let place = offset.map { YAMLDocument.position(atUTF8Offset: $0, in: yaml) } ?? (1, 1)
                sink.error(line: place.0, column: place.1, .yamlSyntax(problem: problem))
            default:
                sink.error(nil, .yamlSyntax(problem: "\(error)"))
            }
            return nil
        } catch {
            sink.error(nil, .yamlSyntax(problem: "\(error)"))
            return nil
        }
    }

    static func position(atUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var seen = 0
        for scalar in text.unicodeScalars {
            if seen >= offset { break }
            seen += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Reads a YAML mapping against a closed set of keys: unknown keys are errors
/// (with a suggestion), so that typos never pass silently.
struct MappingReader {
    let sink: DiagnosticSink
    let mark: Mark?
    private var values: [String: Node] = [:]
    private var keyMarks: [String: Mark] = [:]

    init?(_ node: Node, context: String, allowed: [String], sink: DiagnosticSink) {
        self.sink = sink
        self.mark = node.mark
        guard case .mapping(let mapping) = node else {
            sink.error(node.mark, .wrongType(key: context, expected: .mapping))
            return nil
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                sink.error(keyNode.mark, .wrongType(key: context, expected: .string))
                continue
            }
            if !allowed.contains(key.string) {
                sink.error(keyNode.mark, .unknownKey(key.string, suggestion: Suggestion.closest(to: key.string, in: allowed)))
                continue
            }
            values[key.string] = value
            if let m = keyNode.mark { keyMarks[key.string] = m }
        }
    }

    func has(_ key: String) -> Bool { values[key] != nil }

    func node(_ key: String) -> Node? { values[key] }

    /// Where the value of `key` starts, else where the mapping starts.
    func markOf(_ key: String) -> Mark? { values[key]?.mark ?? keyMarks[key] ?? mark }

    func keyMark(_ key: String) -> Mark? { keyMarks[key] ?? mark }

    func string(_ key: String, required: Bool = false, allowEmpty: Bool = false) -> String? {
        guard let node = values[key], !node.isNull else {
            if required { sink.error(keyMarks[key] ?? mark, values[key] == nil ? .missingKey(key) : .emptyValue(key: key)) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            sink.error(node.mark, .wrongType(key: key, expected: .string))
            return nil
        }
        if !allowEmpty, scalar.string.trimmingSpaces.isEmpty {
            sink.error(node.mark, .emptyValue(key: key))
            return nil
        }
        return scalar.string
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let node = values[key], !node.isNull else {
            if required { sink.error(keyMarks[key] ?? mark, .missingKey(key)) }
            return nil
        }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingSpaces) else {
            sink.error(node.mark, .wrongType(key: key, expected: .integer))
            return nil
        }
        return value
    }

    func number(_ key: String) -> Double? {
        guard let node = values[key], !node.isNull else { return nil }
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingSpaces), value.isFinite else {
            sink.error(node.mark, .wrongType(key: key, expected: .number))
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let node = values[key], !node.isNull else { return nil }
        guard case .scalar(let scalar) = node, let value = YAMLScalar.bool(scalar.string) else {
            sink.error(node.mark, .wrongType(key: key, expected: .boolean))
            return nil
        }
        return value
    }

    func sequence(_ key: String, required: Bool = false) -> [Node]? {
        guard let node = values[key], !node.isNull else {
            if required { sink.error(keyMarks[key] ?? mark, .missingKey(key)) }
            return nil
        }
        guard case .sequence(let sequence) = node else {
            sink.error(node.mark, .wrongType(key: key, expected: .list))
            return nil
        }
        return Array(sequence)
    }

    func stringList(_ key: String) -> [String]? {
        guard let nodes = sequence(key) else { return nil }
        var result: [String] = []
        for node in nodes {
            guard case .scalar(let scalar) = node else {
                sink.error(node.mark, .wrongType(key: key, expected: .string))
                continue
            }
            result.append(scalar.string)
        }
        return result
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, as type: E.Type) -> E? where E.RawValue == String {
        guard let raw = string(key) else { return nil }
        if let value = E(rawValue: raw.trimmingSpaces) { return value }
        sink.error(markOf(key), .unknownValue(key: key, value: raw, allowed: E.allCases.map(\.rawValue)))
        return nil
    }

    /// A slug id `[a-z0-9-]`.
    func slug(_ key: String, required: Bool = true) -> String? {
        guard let value = string(key, required: required) else { return nil }
        guard Slug.isValid(value) else {
            sink.error(markOf(key), .invalidSlug(key: key, value: value))
            return nil
        }
        return value
    }
}

enum YAMLScalar {
    static func bool(_ text: String) -> Bool? {
        switch text.trimmingSpaces.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}

extension Node {
    var isNull: Bool {
        if case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any {
            return scalar.string == "" || scalar.string == "~" || scalar.string == "null" || scalar.string == "Null"
                || scalar.string == "NULL"
        }
        return false
    }

    var scalarString: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }
}

public enum Slug {
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 80 && text.first != "-"
            && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

public enum Suggestion {
    /// "Did you mean": a name (a command, a course or unit id) within two edits, and not
    /// a short word turned into another one. The shell and `report` filters use it.
    public static func closestName(to text: String, in candidates: [String]) -> String? {
        let lower = text.lowercased()
        return candidates.map { ($0, distance(lower, $0.lowercased())) }
            .filter { $0.1 <= 2 && $0.1 < max(2, $0.0.count / 2 + 1) }
            .min { $0.1 < $1.1 }?.0
    }

    /// The allowed word within edit distance 2 of `word`, if any.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
