/// A problem found in a course, checklist or roster file, rendered like a
/// compiler diagnostic so that editors can jump to it.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: ValidationMessage

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: ValidationMessage) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `file:line:column: error: message`. The severity word stays English for editors.
    public func rendered(_ language: Language) -> String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message.text(in: language))"
    }

    public var description: String { rendered(.en) }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, so output is stable.
    public var sortedByLocation: [Diagnostic] {
        sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }
}
