/// Where a question came from in an imported file: a spreadsheet row or a text line.
public struct BankPlace: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// The worksheet, when a workbook has more than one.
    public var sheet: String?
    /// Row (tables) or line / paragraph (text); 0 = the file as a whole.
    public var number: Int

    public init(file: String, sheet: String? = nil, number: Int) {
        self.file = file
        self.sheet = sheet
        self.number = number
    }

    /// `file:row`, `file:sheet!row` or `file`.
    public var description: String {
        guard number > 0 else { return file }
        if let sheet { return "\(file):\(sheet)!\(number)" }
        return "\(file):\(number)"
    }
}

/// A problem found in an imported file: an error keeps the question out, a warning does not.
public struct BankProblem: Sendable, Equatable {
    public var place: BankPlace
    public var severity: Diagnostic.Severity
    public var message: ImportMessage

    public init(_ place: BankPlace, _ severity: Diagnostic.Severity = .error, _ message: ImportMessage) {
        self.place = place
        self.severity = severity
        self.message = message
    }

    /// `file:row: error: message`, like `validate`.
    public func rendered(_ language: Language) -> String {
        "\(place): \(severity.rawValue): \(message.text(in: language))"
    }
}

extension Array where Element == BankProblem {
    public var errorCount: Int { filter { $0.severity == .error }.count }
    public var warningCount: Int { filter { $0.severity == .warning }.count }
}
