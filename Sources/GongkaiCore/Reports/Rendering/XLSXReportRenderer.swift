/// A report as an Excel workbook (`--format xlsx`): one sheet per table (`Report.tables`), then a
/// summary sheet with the title, scope, time of generation, judging day, figures and notes.
/// Each cell keeps its type (`Report.Cell.Value`); what it shows is what every other view shows.
public enum XLSXReportRenderer {
    /// A table longer than a sheet holds (`rowsPerSheet`, Excel's limit) goes on in sheets of its own
    /// with the same header, named `title (2)`, `title (3)`, ….
    public static func render(_ report: Report, language: Language, rowsPerSheet: Int = XLSXWriter.maxRows - 1) throws -> [UInt8] {
        var sheets: [XLSXWriter.Sheet] = []
        for table in report.tables {
            let whole = sheet(table)
            guard whole.rows.count > rowsPerSheet, rowsPerSheet > 0 else {
                sheets.append(whole)
                continue
            }
            for start in stride(from: 0, to: whole.rows.count, by: rowsPerSheet) {
                var part = whole
                part.rows = Array(whole.rows[start..<min(start + rowsPerSheet, whole.rows.count)])
                sheets.append(part)
            }
        }
        sheets.append(summary(report, language: language))
        return try XLSXWriter.workbook(sheets)
    }

    /// One table as a sheet: a ratio column splits into two numeric columns, as in CSV.
    static func sheet(_ table: Report.Section) -> XLSXWriter.Sheet {
        var header: [String] = []
        for column in table.columns { header += column.csvTitles ?? [column.title] }
        var widths = header.map { Double(DisplayWidth.of($0)) }
        // Widths from the first rows: enough to size a column, cheap at province scale.
        let sampled = 2000
        var rows: [[XLSXWriter.Cell]] = []
        rows.reserveCapacity(table.rows.count)
        for (index, row) in table.rows.enumerated() {
            var cells: [XLSXWriter.Cell] = []
            cells.reserveCapacity(header.count)
            for (c, cell) in row.enumerated() {
                let split = c < table.columns.count ? table.columns[c].csvTitles?.count : nil
                if let split {
                    let parts = parts(cell, count: split)
                    for part in parts {
                        if index < sampled, cells.count < widths.count {
                            widths[cells.count] = max(widths[cells.count], Double(DisplayWidth.of(shown(part))))
                        }
                        cells.append(part)
                    }
                } else {
                    if index < sampled, cells.count < widths.count {
                        widths[cells.count] = max(widths[cells.count], Double(DisplayWidth.of(cell.text)))
                    }
                    cells.append(self.cell(cell, numeric: c < table.columns.count && table.columns[c].numeric))
                }
            }
            rows.append(cells)
        }
        // Room for the filter button and a margin; long text wraps instead of widening past 60.
        widths = widths.map { min(max($0 + 2, 6), 60) }
        return XLSXWriter.Sheet(name: table.title, fallbackName: table.name ?? "Sheet", header: header, rows: rows, widths: widths)
    }

    /// A cell as the workbook holds it. Plain text in a numeric column that is a figure
    /// (`12`, `86.7%`, `—`) is written as one: a report kind that does not type its cells still gives numbers.
    static func cell(_ cell: Report.Cell, numeric: Bool = false) -> XLSXWriter.Cell {
        switch cell.value {
        case .text where numeric:
            let text = cell.text
            if text.isEmpty || text == "—" { return .empty }
            if let first = text.unicodeScalars.first, first == "-" || ("0"..."9").contains(first) {
                if text.allSatisfy({ "0123456789.-eE+".contains($0) }), let n = Double(text), n.isFinite { return .number(JSONWriter.formatNumber(n)) }
                if text.hasSuffix("%"), let p = Double(text.dropLast()), p.isFinite { return percent(p) }
            }
            return .text(text)
        case .text, .ratio: return cell.text.isEmpty ? .empty : .text(cell.text)
        case .missing: return .empty
        case .number(let n): return n.isFinite ? .number(JSONWriter.formatNumber(n)) : .empty
        case .percent(let p): return percent(p)
        case .date(let d): return .date(daysSinceEpoch: d.daysSinceEpoch)
        case .time(let t): return .dateTime(localSeconds: t.seconds + Int64(t.offset))
        }
    }

    /// A split column's cells: a ratio's two numbers, else the cell's CSV values (numbers when they are).
    static func parts(_ cell: Report.Cell, count: Int) -> [XLSXWriter.Cell] {
        var parts: [XLSXWriter.Cell]
        if case .ratio(let part, let whole) = cell.value {
            parts = [.number(String(part)), .number(String(whole))]
        } else {
            parts = (cell.csv ?? [cell.text]).map { value in
                if value.isEmpty { return .empty }
                return Double(value).map { _ in .number(value) } ?? .text(value)
            }
        }
        parts = Array(parts.prefix(count))
        while parts.count < count { parts.append(.empty) }
        return parts
    }

    /// A percentage (86.7 = 86.7 %) as the fraction a spreadsheet holds (0.867), written from the same
    /// decimal text every view shows, with a format of as many decimals: it shows `86.7%`, `80%`, `79.96%`.
    static func percent(_ p: Double) -> XLSXWriter.Cell {
        guard p.isFinite else { return .empty }
        let text = Percentage.number(p)
        guard let shifted = shiftedTwoPlaces(text) else { return .percent(JSONWriter.formatNumber(p / 100), decimals: 1) }
        let decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        return .percent(shifted, decimals: decimals)
    }

    /// `86.7` → `0.867`, `100` → `1`, `-5` → `-0.05`: the decimal point moved two places left, exactly.
    static func shiftedTwoPlaces(_ text: String) -> String? {
        var digits = text
        var sign = ""
        if digits.hasPrefix("-") {
            sign = "-"
            digits.removeFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), digits.filter({ $0 == "." }).count <= 1 else { return nil }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        var whole = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while whole.count < 3 { whole = "0" + whole }
        fraction = String(whole.suffix(2)) + fraction
        whole = String(whole.dropLast(2))
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole == "0", fraction.isEmpty { return "0" }
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// What a workbook cell shows, for its column's width.
    static func shown(_ cell: XLSXWriter.Cell) -> String {
        switch cell {
        case .empty: return ""
        case .text(let text), .number(let text): return text
        case .percent(let text, _): return text + "%"
        case .date: return "2020-01-01"
        case .dateTime: return "2020-01-01 00:00"
        }
    }

    /// The last sheet: what the report is, when it was made, its figures and notes.
    static func summary(_ report: Report, language: Language) -> XLSXWriter.Sheet {
        let t = Catalogue(language)
        var rows: [[XLSXWriter.Cell]] = [
            [.text(t(WorkbookText.rowReport)), .text(report.title)],
            [.text(t(WorkbookText.rowScope)), .text(report.subtitle)],
            [.text(t(WorkbookText.rowGenerated)), .dateTime(localSeconds: report.generatedAt.seconds + Int64(report.generatedAt.offset))],
        ]
        if let judged = report.judgedOn { rows.append([.text(t(WorkbookText.rowJudgedOn)), .date(daysSinceEpoch: judged.daysSinceEpoch)]) }
        // A figure that is a count or a percentage is one; a ratio (`3/5`) stays text.
        for figure in report.figures { rows.append([.text(figure.label), cell(Report.Cell(figure.value), numeric: true)]) }
        for note in report.notes { rows.append([.text(t(WorkbookText.rowNote)), .text(note)]) }
        let labels = rows.map { row -> Int in if case .text(let label) = row[0] { return DisplayWidth.of(label) } else { return 0 } }
        let values = rows.map { row -> Int in
            if case .text(let value) = row[1] { return DisplayWidth.of(value) }
            return DisplayWidth.of(shown(row[1]))
        }
        return XLSXWriter.Sheet(
            name: t(WorkbookText.summarySheet), fallbackName: "Summary",
            header: [t(WorkbookText.colItem), t(WorkbookText.colValue)], rows: rows,
            widths: [Double(min(max((labels.max() ?? 0) + 2, 8), 30)), Double(min(max((values.max() ?? 0) + 2, 12), 80))])
    }
}
