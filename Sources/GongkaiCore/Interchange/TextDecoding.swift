import Foundation

#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// Text files from Windows offices: UTF-8 with or without a BOM, or GBK / GB18030 (what
/// WPS and Chinese Excel save as "ANSI" / "CSV (逗号分隔)"). Foundation decodes GB18030
/// (a superset of GBK) on every platform through CoreFoundation's encoding tables.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8, utf8BOM = "utf8-bom", gb18030 }

    static let gb18030 = String.Encoding(
        rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// The text and how it was encoded; nil when it is neither valid UTF-8 nor GB18030.
    public static func detect(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { return nil }
            return (text, .utf8BOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: Data(bytes), encoding: gb18030) { return (text, .gb18030) }
        return nil
    }

    public static func decode(_ bytes: [UInt8]) -> String? { detect(bytes)?.text }

    public static func encodeGB18030(_ text: String) -> [UInt8]? { text.data(using: gb18030).map { [UInt8]($0) } }

    /// Lines without their CR / LF.
    public static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
    }
}

/// RFC 4180 CSV as Excel and WPS write it (comma, or tab / semicolon when the first line has more of them).
public enum CSVReader {
    /// Records with their number, which is the row Excel and WPS show (a cell may hold line breaks).
    public static func records(_ text: String) -> [(line: Int, cells: [String])] {
        let firstLine = text.prefix { $0 != "\n" }
        let separator: Character = [",", "\t", ";"].max { a, b in firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count } ?? ","
        var records: [(Int, [String])] = []
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var chars = Array(text)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        cell.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    cell.append(c == "\r\n" ? "\n" : c)
                }
            } else if c == "\"" && cell.isEmpty {
                inQuotes = true
            } else if c == separator {
                cells.append(cell)
                cell = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                cells.append(cell)
                records.append((records.count + 1, cells))
                cells = []
                cell = ""
            } else {
                cell.append(c)
            }
            i += 1
        }
        return records
    }

    public static func drafts(file: String, bytes: [UInt8]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        guard let text = TextDecoding.decode(bytes) else { return ([], [BankProblem(BankPlace(file: file, number: 0), .error, .notEncoded)]) }
        let rows = records(text).map { TableBank.Row(number: $0.line, cells: $0.cells) }
        return TableBank.drafts(file: file, sheet: nil, sheetType: nil, rows: rows)
    }
}

/// Rows of the template (xlsx sheets, CSV) into drafts: the header row names the columns, in any order.
public enum TableBank {
    public struct Row: Sendable {
        public var number: Int
        public var cells: [String]
        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    public static func drafts(file: String, sheet: String?, sheetType: String?, rows: [Row]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        var problems: [BankProblem] = []
        // The header row is the first with a 题干 column (a title row may come before it).
        guard let headerIndex = rows.firstIndex(where: { row in row.cells.contains { BankVocabulary.header($0) == .column(.prompt) } }) else {
            if rows.allSatisfy({ $0.cells.allSatisfy { $0.trimmingSpaces.isEmpty } }) { return ([], []) }
            return ([], [BankProblem(BankPlace(file: file, sheet: sheet, number: rows.first?.number ?? 0), .error, .noHeaderRow)])
        }
        let headerRow = rows[headerIndex]
        var headers: [Int: BankVocabulary.Header] = [:]
        var seen: [BankVocabulary.Header: String] = [:]
        for (column, raw) in headerRow.cells.enumerated() where !raw.trimmingSpaces.isEmpty {
            guard let header = BankVocabulary.header(raw) else {
                problems.append(BankProblem(BankPlace(file: file, sheet: sheet, number: headerRow.number), .warning, .unknownColumn(raw.trimmingSpaces)))
                continue
            }
            if header != .ignored, seen[header] != nil {
                problems.append(BankProblem(BankPlace(file: file, sheet: sheet, number: headerRow.number), .error, .duplicateColumn(raw.trimmingSpaces)))
                continue
            }
            seen[header] = raw
            headers[column] = header
        }
        var drafts: [QuestionDraft] = []
        for row in rows[(headerIndex + 1)...] {
            if row.cells.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            var draft = QuestionDraft(place: BankPlace(file: file, sheet: sheet, number: row.number))
            var options: [Int: String] = [:]
            for (column, value) in row.cells.enumerated() {
                guard let header = headers[column] else {
                    // Data under a column without a known header would be lost: say so.
                    if !value.trimmingSpaces.isEmpty, headerRow.cells.indices.contains(column) == false || headerRow.cells[column].trimmingSpaces.isEmpty {
                        problems.append(BankProblem(draft.place, .warning, .unknownColumn(columnName(column))))
                    }
                    continue
                }
                switch header {
                case .ignored: break
                case .option(let index): options[index] = value
                case .column(let c):
                    switch c {
                    case .id: draft.id = value
                    case .type: draft.typeText = value
                    case .prompt: draft.prompt = value
                    case .answer: draft.answer = value
                    case .explanation: draft.explanation = value
                    case .source: draft.source = value
                    case .points: draft.points = value
                    case .tags: draft.tags = value.split(whereSeparator: { "，,、;；".contains($0) }).map { String($0).trimmingSpaces }
                    case .tolerance: draft.tolerance = value
                    case .feedback:
                        let parsed = BankAssembler.parseFeedback(value)
                        draft.feedback = parsed.feedback
                        draft.feedbackProblems = parsed.problems
                    case .reasons: draft.reasons = BankAssembler.parseReasons(value)
                    }
                }
            }
            if draft.typeText.trimmingSpaces.isEmpty, let sheetType { draft.typeText = sheetType }
            let last = options.keys.max() ?? -1
            let texts = last < 0 ? [] : (0...last).map { options[$0] ?? "" }
            if BankVocabulary.type(named: draft.typeText) == .redact {
                draft.lines = texts
            } else {
                draft.options = texts
            }
            drafts.append(draft)
        }
        return (drafts, problems)
    }

    /// Spreadsheet column name: 0 → A, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
