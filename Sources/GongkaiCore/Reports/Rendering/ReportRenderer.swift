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
        switch format {
        case .table: return Array(TableReportRenderer.render(report, language: language, width: width, color: color).utf8)
        case .csv: return CSVReportRenderer.render(report)
        case .json: return JSONWriter.bytes(report.json, style: .pretty)
        case .md: return Array(MarkdownReportRenderer.render(report, language: language).utf8)
        case .html: return Array(HTMLReportRenderer.render(report, language: language).utf8)
        // Zipping in memory does not fail in practice; `ReportRun` calls the throwing form itself.
        case .xlsx: return (try? XLSXReportRenderer.render(report, language: language)) ?? []
        }
    }

    /// Whether the format is bytes for a file, not text for a terminal.
    public static func isBinary(_ format: ReportFormat) -> Bool { format == .xlsx }
}

/// The terminal form: title, figures, each section as an aligned table, notes.
enum TableReportRenderer {
    static func render(_ report: Report, language: Language, width: Int, color: Bool) -> String {
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
            if section.rows.isEmpty {
                if section.columns.isEmpty { out += signatureLines(section.signatures); continue }
                out += "—\n" + signatureLines(section.signatures)
                continue
            }
            let numeric = Set(section.columns.indices.filter { section.columns[$0].numeric })
            out += TextTable.render(
                headers: section.columns.map(\.title), rows: section.rows.map { $0.map { paint($0.text, $0.tone) } }, width: width,
                numeric: numeric, header: bold)
            out += signatureLines(section.signatures)
        }
        if !report.notes.isEmpty {
            out += "\n" + report.notes.map { "· " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
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
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard let section = table ?? report.mainTable else { return out }
        // Written byte by byte: a province's scores report has hundreds of thousands of cells.
        out.reserveCapacity(64 * (section.rows.count + 1))
        var first = true
        func separate() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }
        for column in section.columns {
            for title in column.csvTitles ?? [column.title] {
                separate()
                append(title, neutralizing: false, to: &out)
            }
        }
        out.append(contentsOf: [0x0D, 0x0A])
        for row in section.rows {
            first = true
            for (index, cell) in row.enumerated() {
                let column = index < section.columns.count ? section.columns[index] : nil
                if let split = column?.csvTitles {
                    // A ratio is two numbers: `3/4` as one cell turns into a date in Excel and WPS.
                    let values = cell.csv ?? [cell.text]
                    for part in 0..<split.count {
                        separate()
                        append(part < values.count ? values[part] : "", neutralizing: true, to: &out)
                    }
                } else {
                    separate()
                    // Typed figures are written as they are; text (ids, names) is kept from becoming a formula, a date or a number.
                    let text: Bool
                    if case .text = cell.value { text = !(column?.numeric ?? false) } else { text = false }
                    append(cell.text, neutralizing: text, to: &out)
                }
            }
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
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
            guard !section.rows.isEmpty else {
                out += (section.columns.isEmpty ? "" : "—\n\n") + signatures
                continue
            }
            defer { out += signatures }
            // Padded to display width (CJK counts two), so the source reads as a table too.
            let header = section.columns.map { escape($0.title) }
            let body = section.rows.map { row in section.columns.indices.map { $0 < row.count ? escape(row[$0].text) : "" } }
            let widths = section.columns.indices.map { c in max(3, ([header[c]] + body.map { $0[c] }).map(DisplayWidth.of).max() ?? 3) }
            func line(_ cells: [String]) -> String {
                "| " + cells.enumerated().map { c, cell in
                    DisplayWidth.pad(cell, to: widths[c], alignRight: section.columns[c].numeric)
                }.joined(separator: " | ") + " |\n"
            }
            out += line(header)
            out += "|" + section.columns.indices.map { c in
                " " + String(repeating: "-", count: widths[c] - (section.columns[c].numeric ? 1 : 0)) + (section.columns[c].numeric ? ":" : "") + " |"
            }.joined() + "\n"
            for row in body { out += line(row) }
            out += "\n"
        }
        if !report.notes.isEmpty {
            out += "## \(t(ReportText.notesHeading))\n\n" + report.notes.map { "- " + escape($0) }.joined(separator: "\n") + "\n"
        }
        return out
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
