import Foundation

/// The formats a question bank can come in, by file extension.
public enum BankFormat: String, Sendable, CaseIterable {
    case xlsx, csv, docx, txt, gift
    case moodleXML = "moodle-xml"

    public static let exportFormats: [BankFormat] = [.xlsx, .docx, .gift, .moodleXML]

    public var fileExtension: String {
        switch self {
        case .moodleXML: return "xml"
        default: return rawValue
        }
    }

    /// Extensions `import` accepts, for messages.
    public static var supportedExtensions: String { allCases.map { "." + $0.fileExtension }.joined(separator: " ") }

    public static func forFile(_ path: String) -> BankFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return allCases.first { $0.fileExtension == ext }
    }

    /// The name used in messages: xlsx, Word, GIFT, Moodle XML …
    public var displayName: String {
        switch self {
        case .xlsx: return "xlsx"
        case .csv: return "CSV"
        case .docx: return "docx"
        case .txt: return "txt"
        case .gift: return "GIFT"
        case .moodleXML: return "Moodle XML"
        }
    }

    /// The question types the format can hold; `export` reports the others (and any type added later).
    public var heldTypes: [QuestionType] {
        switch self {
        case .xlsx, .csv: return [.single, .multiple, .truefalse, .fill, .numeric, .order, .redact]
        case .docx, .txt: return [.single, .multiple, .truefalse, .fill, .numeric, .order]
        case .gift: return [.single, .multiple, .truefalse, .fill, .numeric]
        case .moodleXML: return [.single, .multiple, .truefalse, .fill, .numeric, .order]
        }
    }

    public func holds(_ type: QuestionType) -> Bool { heldTypes.contains(type) }
}
