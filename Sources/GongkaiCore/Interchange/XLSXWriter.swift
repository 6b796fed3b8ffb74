import Foundation

/// Excel workbooks, written: `workbook` makes one from sheets of typed cells; the question-bank
/// template (one sheet, the template's columns, one row per question) and the report workbooks
/// (`XLSXReportRenderer`) are both made by it.
public enum XLSXWriter {
    public static func header(optionCount: Int) -> [String] {
        let optionColumns = (0..<max(optionCount, 4)).map { "选项" + OptionLetter.letter($0) }
        typealias C = BankVocabulary.Column
        return [C.id, C.type, C.prompt].map(\.rawValue) + optionColumns
            + [C.answer, C.explanation, C.source, C.points, C.tags, C.tolerance, C.feedback, C.reasons].map(\.rawValue)
    }

    /// The cells of one question's row, in the order of `header`.
    public static func row(_ q: Question, optionCount: Int) -> [String] {
        let texts = q.type == .redact ? q.lines : q.options.map(\.text)
        var options = texts + Array(repeating: "", count: max(max(optionCount, 4) - texts.count, 0))
        options = Array(options.prefix(max(optionCount, 4)))
        var tolerance = ""
        if case .numeric(_, let t) = q.answer { tolerance = JSONWriter.formatNumber(t) }
        var reasons = ""
        if case .redact(let r) = q.answer { reasons = r.keys.sorted().map { "\($0)：\(r[$0] ?? "")" }.joined(separator: "\n") }
        let feedback = q.options.enumerated().compactMap { i, o in o.feedback.map { "\(OptionLetter.letter(i))：\($0)" } }.joined(separator: "\n")
        return [q.id, BankVocabulary.heading(q.type), q.prompt] + options
            + [TextBankParser.answerText(q), q.explanation, q.source, JSONWriter.formatNumber(q.points), q.tags.joined(separator: "，"), tolerance, feedback, reasons]
    }

    public static func render(_ course: Course) throws -> [UInt8] {
        let optionCount = course.questions.map { $0.type == .redact ? $0.lines.count : $0.options.count }.max() ?? 4
        let header = header(optionCount: optionCount)
        let pointsColumn = header.firstIndex(of: BankVocabulary.Column.points.rawValue) ?? -1
        let rows = course.questions.map { q in
            row(q, optionCount: optionCount).enumerated().map { c, value -> Cell in
                if value.isEmpty { return .empty }
                return c == pointsColumn ? .number(value) : .text(value)
            }
        }
        let widths = header.map { h -> Double in h == "题干" || h == "解析" ? 50 : (h.hasPrefix("选项") && h.count == 3 ? 18 : 12) }
        return try workbook([Sheet(name: course.title, fallbackName: "题库", header: header, rows: rows, widths: widths)])
    }
}

// MARK: Workbooks

extension XLSXWriter {
    /// A cell of a sheet. Text is written inline and styled as text (`@`), so an id like
    /// `0012` or `3/3` stays as written; numbers are written as numbers.
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        /// A number, as decimal text (`12`, `0.67`).
        case number(String)
        /// A fraction (`0.867`) shown as a percentage with this many decimals (`86.7%`).
        case percent(String, decimals: Int)
        /// A day: days since 1970-01-01.
        case date(daysSinceEpoch: Int)
        /// A local date and time: seconds since 1970-01-01T00:00 on the local clock; shown to the minute.
        case dateTime(localSeconds: Int64)
    }

    public struct Sheet: Sendable {
        public var name: String
        /// The name when `name` has nothing usable left.
        public var fallbackName: String
        public var header: [String]
        public var rows: [[Cell]]
        /// Column widths in characters (a CJK character counts two).
        public var widths: [Double]

        public init(name: String, fallbackName: String, header: [String], rows: [[Cell]], widths: [Double]) {
            self.name = name
            self.fallbackName = fallbackName
            self.header = header
            self.rows = rows
            self.widths = widths
        }
    }

    /// Most rows a sheet holds (Excel's limit, the header included).
    public static let maxRows = 1_048_576
    /// Most characters a cell holds (Excel's limit).
    static let maxCellLength = 32767
    /// Most decimals a percentage format is given (`Percentage` keeps at most six).
    static let maxPercentDecimals = 6

    /// Sheet names as Excel accepts them: no `[]:*?/\`, not starting or ending with an
    /// apostrophe, at most 31 characters, not `History`, and unique (case-insensitive): a clash gets ` (2)`.
    public static func sheetNames(_ sheets: [(name: String, fallback: String)]) -> [String] {
        var used: Set<String> = []
        return sheets.map { wanted in
            func clean(_ text: String) -> String {
                var name = String(text.unicodeScalars.filter { !"[]:*?/\\".unicodeScalars.contains($0) && $0.value >= 0x20 }.map(Character.init))
                name = name.trimmingCharacters(in: .whitespaces)
                while name.hasPrefix("'") { name.removeFirst() }
                return name
            }
            var base = clean(wanted.name)
            if base.isEmpty || base.lowercased() == "history" { base = clean(wanted.fallback) }
            if base.isEmpty { base = "Sheet" }
            func fit(_ text: String, suffix: String) -> String {
                var head = text
                while head.utf16.count + suffix.utf16.count > 31 { head.removeLast() }
                while head.hasSuffix("'") { head.removeLast() }
                return head + suffix
            }
            var name = fit(base, suffix: "")
            var n = 2
            while used.contains(name.lowercased()) {
                name = fit(base, suffix: " (\(n))")
                n += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    /// A workbook: one worksheet per sheet, each with a bold frozen header row, set column widths,
    /// text as text, numbers as numbers, percentages and dates with their formats.
    public static func workbook(_ sheets: [Sheet]) throws -> [UInt8] {
        var entries = packageParts(names: sheetNames(sheets.map { ($0.name, $0.fallbackName) }))
        for (index, sheet) in sheets.enumerated() {
            entries.append((worksheetPath(index), worksheet(sheet, selected: index == 0)))
        }
        return try ZipPackage.make(entries)
    }

    /// The parts of a workbook before its worksheets, for sheets of these (`sheetNames`) names in order.
    static func packageParts(names: [String]) -> [(path: String, content: [UInt8])] {
        var entries: [(path: String, content: [UInt8])] = []
        var overrides = ""
        var sheetList = ""
        var relations = ""
        for index in names.indices {
            let n = index + 1
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            sheetList += "<sheet name=\"\(XMLEscape.text(names[index]))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>"
            relations += "<Relationship Id=\"rId\(n)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        entries.append(("[Content_Types].xml", Array((declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\(overrides)<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """).utf8)))
        entries.append(("_rels/.rels", Array((declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """).utf8)))
        entries.append(("xl/workbook.xml", Array((declaration + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>\(sheetList)</sheets></workbook>
            """).utf8)))
        entries.append(("xl/_rels/workbook.xml.rels", Array((declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relations)<Relationship Id="rId\(names.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """).utf8)))
        entries.append(("xl/styles.xml", Array((declaration + styles).utf8)))
        return entries
    }

    /// Where the sheet at `index` (from 0) lives in the package.
    static func worksheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// Style indexes into `cellXfs` of `styles`.
    enum Style {
        static let header = 1
        static let text = 2
        static let number = 3
        static let date = 4
        static let dateTime = 5
        /// `0%`, `0.0%`, … `0.000000%`: this plus the decimals.
        static let percent = 6
    }

    static let styles: String = {
        let percentFormats = (0...maxPercentDecimals).map { d in
            "<numFmt numFmtId=\"\(166 + d)\" formatCode=\"0\(d == 0 ? "" : "." + String(repeating: "0", count: d))%\"/>"
        }.joined()
        let percentStyles = (0...maxPercentDecimals).map { d in
            "<xf numFmtId=\"\(166 + d)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"
        }.joined()
        let count = 6 + maxPercentDecimals + 1
        return """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="\(2 + maxPercentDecimals + 1)"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/>\(percentFormats)</numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="\(count)"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\(percentStyles)</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """
    }()

    /// One worksheet's XML, written byte by byte: a province's scores sheet has hundreds of thousands of cells.
    static func worksheet(_ sheet: Sheet, selected: Bool) -> [UInt8] {
        let columnCount = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var out = worksheetHead(columnCount: columnCount, rowCount: sheet.rows.count, widths: sheet.widths, selected: selected)
        out.reserveCapacity(out.count + 48 * (sheet.rows.count + 1) * max(1, sheet.header.count))
        var letters = ColumnLetters()
        appendRow(1, sheet.header.map { .text($0) }, header: true, letters: &letters, to: &out)
        for (index, cells) in sheet.rows.enumerated() { appendRow(index + 2, cells, header: false, letters: &letters, to: &out) }
        out += worksheetTail
        return out
    }

    /// A worksheet's XML up to its first row: what a sheet of `rowCount` rows (and a header) of at most
    /// `columnCount` cells gives before them. `worksheet` is this, the rows (`appendRow`) and `worksheetTail`,
    /// so a sheet too long to hold can be written in the same bytes a row at a time.
    static func worksheetHead(columnCount: Int, rowCount: Int, widths: [Double], selected: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        put("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        put("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        put("<dimension ref=\"A1:\(TableBank.columnName(max(columnCount, 1) - 1))\(rowCount + 1)\"/>")
        put("<sheetViews><sheetView \(selected ? "tabSelected=\"1\" " : "")workbookViewId=\"0\">")
        put("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>")
        put("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !widths.isEmpty {
            put("<cols>")
            for (index, width) in widths.enumerated() {
                put("<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(JSONWriter.formatNumber(width))\" customWidth=\"1\"/>")
            }
            put("</cols>")
        }
        put("<sheetData>")
        return out
    }

    /// A worksheet's XML after its last row.
    static let worksheetTail: [UInt8] = Array(
        ("</sheetData>"
            + "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"landscape\"/>"
            + "</worksheet>").utf8)

    /// Column names (`A`, `B`, … `AA`) as bytes, made as far as a row needs them.
    struct ColumnLetters {
        private var names: [[UInt8]] = []

        mutating func callAsFunction(_ column: Int) -> [UInt8] {
            while names.count <= column { names.append(Array(TableBank.columnName(names.count).utf8)) }
            return names[column]
        }
    }

    /// One row (`number` from 1) of a worksheet: its cells with their styles, text inline.
    static func appendRow(_ number: Int, _ cells: [Cell], header: Bool, letters: inout ColumnLetters, to out: inout [UInt8]) {
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        let r = Array(String(number).utf8)
        put("<row r=\"")
        out.append(contentsOf: r)
        put("\">")
        for (column, cell) in cells.enumerated() {
            func open(_ style: Int, _ type: String?) {
                put("<c r=\"")
                out.append(contentsOf: letters(column))
                out.append(contentsOf: r)
                put("\" s=\"\(style)\"")
                if let type { put(" t=\"\(type)\"") }
                put(">")
            }
            switch cell {
            case .empty: continue
            case .text(let text):
                open(header ? Style.header : Style.text, "inlineStr")
                let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true
                put(space ? "<is><t xml:space=\"preserve\">" : "<is><t>")
                appendEscaped(text, to: &out)
                put("</t></is></c>")
            case .number(let value):
                open(Style.number, nil)
                put("<v>\(value)</v></c>")
            case .percent(let value, let decimals):
                open(Style.percent + min(max(decimals, 0), maxPercentDecimals), nil)
                put("<v>\(value)</v></c>")
            case .date(let days):
                open(Style.date, nil)
                put("<v>\(days + excelEpochOffset)</v></c>")
            case .dateTime(let seconds):
                open(Style.dateTime, nil)
                put("<v>\(serial(localSeconds: seconds))</v></c>")
            }
        }
        put("</row>")
    }

    /// Days from Excel's day 0 (1899-12-30) to 1970-01-01.
    static let excelEpochOffset = 25569

    /// A local moment as an Excel serial: days, and the time of day as a fraction of one.
    static func serial(localSeconds: Int64) -> String {
        let days = localSeconds >= 0 ? localSeconds / 86400 : (localSeconds - 86399) / 86400
        let second = localSeconds - days * 86400
        let whole = days + Int64(excelEpochOffset)
        guard second > 0 else { return String(whole) }
        return JSONWriter.formatNumber(Double(whole) + Double(second) / 86400)
    }

    /// Text for an XML text node: `&<>` escaped, characters XML 1.0 cannot hold dropped
    /// (control characters but tab and line feed, U+FFFE, U+FFFF), cut at Excel's cell limit.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var units = 0
        for scalar in text.unicodeScalars {
            units += scalar.utf16.count
            if units > maxCellLength { break }
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "\r": continue
            default:
                if scalar.value < 0x20, scalar != "\n", scalar != "\t" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.append(contentsOf: String(scalar).utf8)
            }
        }
    }
}
