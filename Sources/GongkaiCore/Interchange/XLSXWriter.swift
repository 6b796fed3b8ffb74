import Foundation

/// The xlsx template, written: one sheet, the columns of the template, one row per question.
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
        var rows = "<row r=\"1\">" + header.enumerated().map { cell($0, 1, $1, style: 1) }.joined() + "</row>"
        for (n, q) in course.questions.enumerated() {
            let r = n + 2
            rows += "<row r=\"\(r)\">"
            for (c, value) in row(q, optionCount: optionCount).enumerated() where !value.isEmpty {
                rows += c == pointsColumn ? "<c r=\"\(TableBank.columnName(c))\(r)\"><v>\(value)</v></c>" : cell(c, r, value, style: 2)
            }
            rows += "</row>"
        }
        let widths = header.enumerated().map { i, h -> String in
            let w = h == "题干" || h == "解析" ? 50 : (h.hasPrefix("选项") && h.count == 3 ? 18 : 12)
            return "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
        }.joined()
        let sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>\(widths)</cols><sheetData>\(rows)</sheetData></worksheet>
            """
        let sheetName = XMLEscape.text(String(course.title.filter { !"[]:*?/\\".contains($0) }.prefix(31)))
        return try ZipPackage.make([
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\(sheetName.isEmpty ? "题库" : sheetName)" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """),
            ("xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs></styleSheet>
                """),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
    }

    static func cell(_ column: Int, _ row: Int, _ text: String, style: Int) -> String {
        let space = text.first?.isWhitespace == true || text.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
        return "<c r=\"\(TableBank.columnName(column))\(row)\" s=\"\(style)\" t=\"inlineStr\"><is><t\(space)>\(XMLEscape.text(text))</t></is></c>"
    }
}
