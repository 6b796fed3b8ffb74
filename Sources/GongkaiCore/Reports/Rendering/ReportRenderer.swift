/// The output formats of `report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json, html, md, xlsx

    /// A format from a file extension (`--out report.html`).
    public init?(fileExtension path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { self = .csv }
        else if lower.hasSuffix(".json") { self = .json }
        else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { self = .html }
        else if lower.hasSuffix(".md") { self = .md }
        else if lower.hasSuffix(".txt") { self = .table }
        else if lower.hasSuffix(".xlsx") { self = .xlsx }
        else { return nil }
    }
}

public enum ReportRenderer {
    public static func render(_ report: Report, format: ReportFormat, language: Language, width: Int = 100, color: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        // A report that holds its rows cannot fail here; one that makes them (`RowSource`) is written with `write`.
        try? write(report, format: format, language: language, width: width, color: color) { out += $0 }
        return out
    }

    /// Renders `report` into `emit` a stretch at a time (each ends at a line break, except the last):
    /// the bytes of `render`, without holding them or, where a table makes its rows as they are written,
    /// the table. A workbook of such a table is made through scratch files (`XLSXReportRenderer.write`);
    /// other workbooks are made whole (they are small) and handed on at once.
    /// `table`: the one table CSV holds instead of the main one (`--table`).
    public static func write(
        _ report: Report, format: ReportFormat, language: Language, width: Int = 100, color: Bool = false, table: Report.Section? = nil,
        chunk: Int = 1 << 20, to emit: ([UInt8]) throws -> Void
    ) throws {
        try withoutActuallyEscaping(emit) { emit in
            let sink = ByteSink(chunk: chunk, emit: emit)
            switch format {
            case .table: try TableReportRenderer.write(report, language: language, width: width, color: color, into: sink)
            case .csv: try CSVReportRenderer.write(report, table: table, into: sink)
            case .json:
                if let stream = report.jsonStream, case .object(let members) = report.json {
                    try JSONWriter.writePretty(members, streaming: stream, into: sink)
                } else {
                    sink.buffer = JSONWriter.bytes(report.json, style: .pretty)
                }
            case .md: try MarkdownReportRenderer.write(report, language: language, into: sink)
            case .html: try HTMLReportRenderer.write(report, language: language, into: sink)
            case .xlsx:
                if report.tables.contains(where: { $0.source != nil }) {
                    try XLSXReportRenderer.write(report, language: language, chunk: chunk, to: emit)
                } else {
                    sink.buffer = try XLSXReportRenderer.render(try report.materialized(), language: language)
                }
            }
            try sink.finish()
        }
    }

    /// Whether the format is bytes for a file, not text for a terminal.
    public static func isBinary(_ format: ReportFormat) -> Bool { format == .xlsx }
}

/// Where a renderer's bytes go: a buffer handed on, up to its last line break, whenever a row
/// ends with more than `chunk` bytes in it. Stretches end at line breaks so that whoever
/// receives them (a terminal that cleans each line) sees whole lines and whole characters.
final class ByteSink {
    var buffer: [UInt8] = []
    let chunk: Int
    let emit: ([UInt8]) throws -> Void

    init(chunk: Int, emit: @escaping ([UInt8]) throws -> Void) {
        self.chunk = chunk
        self.emit = emit
        buffer.reserveCapacity(min(chunk, 1 << 20) + 4096)
    }

    func add(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// At a row's end: hands on what is complete once the buffer is large.
    func rowEnd() throws {
        guard buffer.count >= chunk, let last = buffer.lastIndex(of: 0x0A) else { return }
        try emit(Array(buffer[...last]))
        buffer.removeSubrange(...last)
    }

    func finish() throws {
        if !buffer.isEmpty { try emit(buffer) }
        buffer = []
    }
}

/// The terminal form: title, figures, each section as an aligned table, notes.
enum TableReportRenderer {
    static func render(_ report: Report, language: Language, width: Int, color: Bool) -> String {
        let sink = ByteSink(chunk: Int.max, emit: { _ in })
        try? write(report, language: language, width: width, color: color, into: sink)
        return String(decoding: sink.buffer, as: UTF8.self)
    }

    static func write(_ report: Report, language: Language, width: Int, color: Bool, into sink: ByteSink) throws {
        let t = Catalogue(language)
        func paint(_ text: String, _ tone: Report.Tone) -> String {
            guard color else { return text }
            switch tone {
            case .plain: return text
            case .good: return "\u{1B}[32m\(text)\u{1B}[0m"
            case .bad: return "\u{1B}[31m\(text)\u{1B}[0m"
            case .warn: return "\u{1B}[33m\(text)\u{1B}[0m"
            case .muted: return "\u{1B}[2m\(text)\u{1B}[0m"
            }
        }
        let bold: (String) -> String = { color ? "\u{1B}[1m\($0)\u{1B}[0m" : $0 }
        var out = bold(report.title) + "\n" + report.subtitle + "\n" + t(ReportText.generatedAt(report.generatedAt.shortDescription)) + "\n"
        if let judged = report.judgedOn { out += t(ReportCommandText.judgedOn(judged.description)) + "\n" }
        out += "\n"
        if !report.figures.isEmpty {
            out += report.figures.map { "\($0.label) \(paint($0.value, $0.tone))" }.joined(separator: "   ") + "\n"
        }
        for section in report.sections {
            if section.newPage { out += "\n" + String(repeating: "═", count: max(10, min(width, 72))) + "\n" }
            out += "\n" + bold(section.title) + "\n"
            for paragraph in section.paragraphs {
                out += TextWrapper.wrap(paragraph, width: max(20, width - 1)).joined(separator: "\n") + "\n"
            }
            if section.rowCount == 0 {
                if section.columns.isEmpty { out += signatureLines(section.signatures); continue }
                out += "—\n" + signatureLines(section.signatures)
                continue
            }
            sink.add(out)
            out = ""
            let numeric = Set(section.columns.indices.filter { section.columns[$0].numeric })
            try TextTable.write(
                headers: section.columns.map(\.title), width: width, numeric: numeric, header: bold,
                rows: { body in try section.forEachRow { try body($0.map { paint($0.text, $0.tone) }) } }
            ) { text in
                sink.add(text)
                try sink.rowEnd()
            }
            out += signatureLines(section.signatures)
        }
        if !report.notes.isEmpty {
            out += "\n" + report.notes.map { "· " + $0 }.joined(separator: "\n") + "\n"
        }
        sink.add(out)
    }
}

extension TableReportRenderer {
    static func signatureLines(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "\n" + lines.map { $0 + "______________" }.joined(separator: "    ") + "\n"
    }
}

/// RFC 4180 CSV of the main section, or of the table `--table` names (a ratio column split into two numeric columns),
/// UTF-8 with a byte-order mark and CRLF line ends, so Excel and WPS open it with the Chinese intact.
public enum CSVReportRenderer {
    public static func render(_ report: Report, table: Report.Section? = nil) -> [UInt8] {
        let sink = ByteSink(chunk: Int.max, emit: { _ in })
        try? write(report, table: table, into: sink)
        return sink.buffer
    }

    static func write(_ report: Report, table: Report.Section?, into sink: ByteSink) throws {
        sink.buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        guard let section = table ?? report.mainTable else { return }
        // Written byte by byte: a province's scores report has millions of cells.
        var first = true
        func separate() {
            if !first { sink.buffer.append(UInt8(ascii: ",")) }
            first = false
        }
        for column in section.columns {
            for title in column.csvTitles ?? [column.title] {
                separate()
                append(title, neutralizing: false, to: &sink.buffer)
            }
        }
        sink.buffer.append(contentsOf: [0x0D, 0x0A])
        try section.forEachRow { row in
            first = true
            for (index, cell) in row.enumerated() {
                let column = index < section.columns.count ? section.columns[index] : nil
                if let split = column?.csvTitles {
                    // A ratio is two numbers: `3/4` as one cell turns into a date in Excel and WPS.
                    let values = cell.csv ?? [cell.text]
                    for part in 0..<split.count {
                        separate()
                        append(part < values.count ? values[part] : "", neutralizing: true, to: &sink.buffer)
                    }
                } else {
                    separate()
                    // Typed figures are written as they are; text (ids, names) is kept from becoming a formula, a date or a number.
                    let text: Bool
                    if case .text = cell.value { text = !(column?.numeric ?? false) } else { text = false }
                    append(cell.text, neutralizing: text, to: &sink.buffer)
                }
            }
            sink.buffer.append(contentsOf: [0x0D, 0x0A])
            try sink.rowEnd()
        }
    }
    /// One field, RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    /// A text cell that a spreadsheet would run as a formula, or read as a date or a number
    /// (`3/3`, `1-2`, `2026-12`, `0012`), gets a leading apostrophe.
    static func append(_ field: String, neutralizing: Bool, to out: inout [UInt8]) {
        var field = field
        let converted = neutralizing && SpreadsheetText.wouldConvert(field)
        field.withUTF8 { bytes in
            let first = bytes.first
            let apostrophe =
                neutralizing
                && (first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
                    || first == 0x09 || first == 0x0D || converted)
            let quoted = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
            if quoted { out.append(UInt8(ascii: "\"")) }
            if apostrophe { out.append(UInt8(ascii: "'")) }
            if quoted {
                for byte in bytes {
                    out.append(byte)
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }
}

/// Markdown: headings, a figure list, pipe tables.
enum MarkdownReportRenderer {
    static func render(_ report: Report, language: Language) -> String {
        let sink = ByteSink(chunk: Int.max, emit: { _ in })
        try? write(report, language: language, into: sink)
        return String(decoding: sink.buffer, as: UTF8.self)
    }

    /// `render` into `sink` a row at a time: each table's column widths come from a first pass over its rows.
    static func write(_ report: Report, language: Language, into sink: ByteSink) throws {
        let t = Catalogue(language)
        var out = "# \(escape(report.title))\n\n\(escape(report.subtitle))  \n\(t(ReportText.generatedAt(report.generatedAt.shortDescription)))"
        if let judged = report.judgedOn { out += "  \n" + escape(t(ReportCommandText.judgedOn(judged.description))) }
        out += "\n\n"
        if !report.figures.isEmpty {
            out += "## \(t(ReportText.summaryHeading))\n\n"
            for figure in report.figures { out += "- " + t(ReportText.figureLine(escape(figure.label), "**\(escape(figure.value))**")) + "\n" }
            out += "\n"
        }
        for section in report.sections {
            if section.newPage { out += "---\n\n" }
            out += "## \(escape(section.title))\n\n"
            for paragraph in section.paragraphs { out += escape(paragraph) + "\n\n" }
            let signatures = section.signatures.isEmpty ? "" : section.signatures.map { escape($0) + "\\_\\_\\_\\_\\_\\_\\_\\_" }.joined(separator: "　　") + "\n\n"
            guard section.rowCount > 0 else {
                out += (section.columns.isEmpty ? "" : "—\n\n") + signatures
                continue
            }
            // Padded to display width (CJK counts two), so the source reads as a table too.
            let header = section.columns.map { escape($0.title) }
            func body(_ row: [Report.Cell]) -> [String] { section.columns.indices.map { $0 < row.count ? escape(row[$0].text) : "" } }
            var widths = header.map { max(3, DisplayWidth.of($0)) }
            try section.forEachRow { row in
                for (c, text) in body(row).enumerated() { widths[c] = max(widths[c], DisplayWidth.of(text)) }
            }
            func line(_ cells: [String]) -> String {
                "| " + cells.enumerated().map { c, cell in
                    DisplayWidth.pad(cell, to: widths[c], alignRight: section.columns[c].numeric)
                }.joined(separator: " | ") + " |\n"
            }
            out += line(header)
            out += "|" + section.columns.indices.map { c in
                " " + String(repeating: "-", count: widths[c] - (section.columns[c].numeric ? 1 : 0)) + (section.columns[c].numeric ? ":" : "") + " |"
            }.joined() + "\n"
            sink.add(out)
            out = ""
            try section.forEachRow { row in
                sink.add(line(body(row)))
                try sink.rowEnd()
            }
            out += "\n" + signatures
        }
        if !report.notes.isEmpty {
            out += "## \(t(ReportText.notesHeading))\n\n" + report.notes.map { "- " + escape($0) }.joined(separator: "\n") + "\n"
        }
        sink.add(out)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r\n": out += " "
            case "*", "_", "`", "<", ">", "[", "]", "\\": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }
}
