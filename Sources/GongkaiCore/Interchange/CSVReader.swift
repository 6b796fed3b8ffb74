import Foundation

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
