import Foundation

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
        var shaped = Shaped(table)
        var rows: [[XLSXWriter.Cell]] = []
        rows.reserveCapacity(table.rows.count)
        for row in table.rows { rows.append(shaped.cells(row)) }
        return XLSXWriter.Sheet(name: table.title, fallbackName: table.name ?? "Sheet", header: shaped.header, rows: rows, widths: shaped.widths)
    }

    /// A table's header and its rows as workbook cells, one at a time in order, with the widths
    /// its columns need (from the header and the first rows).
    struct Shaped {
        let columns: [Report.Column]
        let header: [String]
        private var measured: [Double]
        private var index = 0
        /// Widths from the first rows: enough to size a column, cheap at province scale.
        static let sampled = 2000

        init(_ table: Report.Section) {
            columns = table.columns
            var header: [String] = []
            for column in table.columns { header += column.csvTitles ?? [column.title] }
            self.header = header
            measured = header.map { Double(DisplayWidth.of($0)) }
        }

        /// Room for the filter button and a margin; long text wraps instead of widening past 60.
        var widths: [Double] { measured.map { min(max($0 + 2, 6), 60) } }

        /// The next row's cells.
        mutating func cells(_ row: [Report.Cell]) -> [XLSXWriter.Cell] {
            defer { index += 1 }
            var cells: [XLSXWriter.Cell] = []
            cells.reserveCapacity(header.count)
            for (c, cell) in row.enumerated() {
                let split = c < columns.count ? columns[c].csvTitles?.count : nil
                if let split {
                    for part in XLSXReportRenderer.parts(cell, count: split) {
                        if index < Self.sampled, cells.count < measured.count {
                            measured[cells.count] = max(measured[cells.count], Double(DisplayWidth.of(XLSXReportRenderer.shown(part))))
                        }
                        cells.append(part)
                    }
                } else {
                    if index < Self.sampled, cells.count < measured.count {
                        measured[cells.count] = max(measured[cells.count], Double(DisplayWidth.of(cell.text)))
                    }
                    cells.append(XLSXReportRenderer.cell(cell, numeric: c < columns.count && columns[c].numeric))
                }
            }
            return cells
        }
    }

    /// `render`'s bytes, handed on `chunk` at a time, without holding a table that makes its rows as
    /// they are written (`Report.RowSource`, a province's people) or the workbook: each such table's
    /// rows are written once, as worksheet XML, to a scratch file without a name (in `scratchDirectory`,
    /// else `$TMPDIR`, else `/tmp`), which then gives each of its sheets, between the head and tail
    /// `worksheet` writes, to a zip made in a second scratch file (`ZipPackage.FileWriter`), read out last.
    public static func write(
        _ report: Report, language: Language, rowsPerSheet: Int = XLSXWriter.maxRows - 1, scratchDirectory: String? = nil,
        chunk: Int = 1 << 20, to emit: ([UInt8]) throws -> Void
    ) throws {
        /// A sheet of a made table: its rows' XML in the scratch file.
        struct Spooled {
            var header: [String]
            var widths: [Double]
            var start: Int64
            var length: Int64 = 0
            var rows = 0
            var columns: Int
        }
        enum Content {
            case held(XLSXWriter.Sheet)
            case spooled(Spooled)
        }
        var sheets: [(name: String, fallback: String, content: Content)] = []
        var spool: ScratchFile?
        for table in report.tables {
            let fallback = table.name ?? "Sheet"
            guard table.source != nil else {
                let whole = sheet(table)
                guard whole.rows.count > rowsPerSheet, rowsPerSheet > 0 else {
                    sheets.append((table.title, fallback, .held(whole)))
                    continue
                }
                for start in stride(from: 0, to: whole.rows.count, by: rowsPerSheet) {
                    var part = whole
                    part.rows = Array(whole.rows[start..<min(start + rowsPerSheet, whole.rows.count)])
                    sheets.append((table.title, fallback, .held(part)))
                }
                continue
            }
            let file = try spool ?? ScratchFile(directory: scratchDirectory, purpose: "sheet")
            spool = file
            var shaped = Shaped(table)
            var parts = [Spooled(header: shaped.header, widths: [], start: file.size, columns: shaped.header.count)]
            var buffer: [UInt8] = []
            var letters = XLSXWriter.ColumnLetters()
            func flush() throws {
                try file.append(buffer)
                parts[parts.count - 1].length += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
            try table.forEachRow { row in
                if rowsPerSheet > 0, parts[parts.count - 1].rows == rowsPerSheet {
                    try flush()
                    parts.append(Spooled(header: shaped.header, widths: [], start: file.size, columns: shaped.header.count))
                }
                let cells = shaped.cells(row)
                let part = parts.count - 1
                XLSXWriter.appendRow(parts[part].rows + 2, cells, header: false, letters: &letters, to: &buffer)
                parts[part].rows += 1
                parts[part].columns = max(parts[part].columns, cells.count)
                if buffer.count >= chunk { try flush() }
            }
            try flush()
            for var part in parts {
                part.widths = shaped.widths
                sheets.append((table.title, fallback, .spooled(part)))
            }
        }
        let summary = summary(report, language: language)
        sheets.append((summary.name, summary.fallbackName, .held(summary)))

        let zip = try ZipPackage.FileWriter(directory: scratchDirectory)
        for entry in XLSXWriter.packageParts(names: XLSXWriter.sheetNames(sheets.map { ($0.name, $0.fallback) })) {
            try zip.add(entry.path, entry.content)
        }
        for (index, sheet) in sheets.enumerated() {
            switch sheet.content {
            case .held(let held):
                try zip.add(XLSXWriter.worksheetPath(index), XLSXWriter.worksheet(held, selected: index == 0))
            case .spooled(let part):
                guard let spool else { continue }
                var head = XLSXWriter.worksheetHead(columnCount: part.columns, rowCount: part.rows, widths: part.widths, selected: index == 0)
                var letters = XLSXWriter.ColumnLetters()
                XLSXWriter.appendRow(1, part.header.map { .text($0) }, header: true, letters: &letters, to: &head)
                let tail = XLSXWriter.worksheetTail
                let headCount = Int64(head.count), bodyEnd = Int64(head.count) + part.length
                // The rows are read from the scratch file a stretch at a time as the zip asks for them, in order.
                var window: [UInt8] = []
                var windowStart: Int64 = 0
                try zip.add(XLSXWriter.worksheetPath(index), size: bodyEnd + Int64(tail.count)) { position, count in
                    var out = Data(capacity: count)
                    var at = position
                    let end = position + Int64(count)
                    while at < end {
                        if at < headCount {
                            let upTo = min(end, headCount)
                            out.append(contentsOf: head[Int(at)..<Int(upTo)])
                            at = upTo
                        } else if at < bodyEnd {
                            let offset = at - headCount
                            if offset < windowStart || offset >= windowStart + Int64(window.count) {
                                windowStart = offset
                                window = try spool.read(at: part.start + offset, count: Int(min(Int64(max(chunk, 1)), part.length - offset)))
                            }
                            let from = Int(offset - windowStart)
                            let take = min(window.count - from, Int(min(end, bodyEnd) - at))
                            out.append(contentsOf: window[from..<from + take])
                            at += Int64(take)
                        } else {
                            let from = Int(at - bodyEnd)
                            let take = min(tail.count - from, Int(end - at))
                            out.append(contentsOf: tail[from..<from + take])
                            at += Int64(take)
                        }
                    }
                    return out
                }
            }
        }
        try zip.copy(chunk: chunk, to: emit)
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
