import Foundation

/// Workbooks from Excel or WPS: every sheet is read with the template's header row; a sheet
/// named after a type (单选题, 判断题 …) gives that type to rows without a 题型.
public enum XLSXReader {
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [TableBank.Row]
    }

    public static func sheets(_ bytes: [UInt8]) throws -> [Sheet] {
        let package = try ZipPackage(bytes: bytes)
        guard let workbook = try package.xml("xl/workbook.xml") else { throw XMLTreeError(line: 0, reason: "xl/workbook.xml missing") }
        var targets: [String: String] = [:]
        if let rels = try package.xml("xl/_rels/workbook.xml.rels") {
            for rel in rels.all("Relationship") {
                if let id = rel.attribute("Id"), let target = rel.attribute("Target") { targets[id] = target }
            }
        }
        var shared: [String] = []
        if let strings = try package.xml("xl/sharedStrings.xml") {
            // Rich text runs (WPS writes them for mixed fonts) are joined; phonetic runs (rPh) are not text.
            shared = strings.all("si").map(stringItem)
        }
        var sheets: [Sheet] = []
        for (index, sheet) in (workbook.child("sheets")?.all("sheet") ?? []).enumerated() {
            let name = sheet.attribute("name") ?? "Sheet\(index + 1)"
            // WPS writes absolute targets (/xl/worksheets/sheet1.xml), Excel relative ones.
            var path = sheet.attribute("id").flatMap { targets[$0] } ?? "worksheets/sheet\(index + 1).xml"
            path = path.hasPrefix("/") ? String(path.dropFirst()) : "xl/" + path
            guard let xml = try package.xml(path) else { continue }
            sheets.append(Sheet(name: name, rows: rows(xml, shared: shared)))
        }
        return sheets
    }

    static func stringItem(_ si: XMLElement) -> String {
        if let t = si.child("t") { return unescape(t.text) }
        return unescape(si.all("r").compactMap { $0.child("t")?.text }.joined())
    }

    /// OOXML writes characters XML cannot hold as `_xHHHH_` (Excel: a carriage return is `_x000D_`);
    /// line ends inside a cell become `\n`.
    static func unescape(_ text: String) -> String {
        var result = text
        if text.contains("_x") {
            let regex = try! NSRegularExpression(pattern: "_x([0-9A-Fa-f]{4})_")
            let ns = text as NSString
            var out = ""
            var last = 0
            for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                let code = UInt32(ns.substring(with: m.range(at: 1)), radix: 16) ?? 0
                out += Unicode.Scalar(code).map { String(Character($0)) } ?? ""
                last = m.range.location + m.range.length
            }
            result = out + ns.substring(from: last)
        }
        return result.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    static func rows(_ sheet: XMLElement, shared: [String]) -> [TableBank.Row] {
        var rows: [TableBank.Row] = []
        for (index, row) in (sheet.child("sheetData")?.all("row") ?? []).enumerated() {
            let number = row.attribute("r").flatMap(Int.init) ?? (rows.last.map { $0.number + 1 } ?? index + 1)
            var cells: [String] = []
            for cell in row.all("c") {
                let column = cell.attribute("r").flatMap(columnIndex) ?? cells.count
                while cells.count < column { cells.append("") }
                let value = cellValue(cell, shared: shared)
                if column < cells.count { cells[column] = value } else { cells.append(value) }
            }
            rows.append(TableBank.Row(number: number, cells: cells))
        }
        return rows
    }

    static func cellValue(_ cell: XMLElement, shared: [String]) -> String {
        let raw = cell.child("v")?.text ?? ""
        switch cell.attribute("t") {
        case "s": return Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
        case "inlineStr": return cell.child("is").map(stringItem) ?? ""
        case "b": return raw == "1" ? "TRUE" : "FALSE"
        case "str", "e": return raw
        default:
            // Numbers are stored as binary floating point: 0.1 arrives as 0.1000000000000000055…
            if let value = Double(raw) { return JSONWriter.formatNumber(value) }
            return raw
        }
    }

    /// `C12` → 2.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var any = false
        for c in reference.uppercased().unicodeScalars {
            guard c.value >= 65 && c.value <= 90 else { break }
            index = index * 26 + Int(c.value - 64)
            any = true
        }
        return any ? index - 1 : nil
    }

    public static func drafts(file: String, bytes: [UInt8]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        let sheets: [Sheet]
        do {
            sheets = try self.sheets(bytes)
        } catch {
            return ([], [BankProblem(BankPlace(file: file, number: 0), .error, .cannotOpen(format: "xlsx", reason: describe(error)))])
        }
        var drafts: [QuestionDraft] = []
        var problems: [BankProblem] = []
        let named = sheets.count > 1
        for sheet in sheets {
            let type = BankVocabulary.type(named: sheet.name) != nil ? sheet.name : nil
            let read = TableBank.drafts(file: file, sheet: named ? sheet.name : nil, sheetType: type, rows: sheet.rows)
            drafts += read.drafts
            // Beside sheets of questions, a sheet of instructions (填写说明) is normal: say it was skipped.
            problems += read.problems.map { problem in
                guard named, problem.message == .noHeaderRow else { return problem }
                return BankProblem(problem.place, .warning, .sheetSkipped)
            }
        }
        return (drafts, problems)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? XMLTreeError { return "XML line \(e.line): \(e.reason)" }
        return "\(error)"
    }
}
