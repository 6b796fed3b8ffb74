/// One self-contained, printable HTML page (A4): no external files, fonts or
/// scripts; charts are inline SVG, so it can be mailed or printed as it is.
public enum HTMLReportRenderer {
    public static func render(_ report: Report, language: Language) -> String {
        let t = Catalogue(language)
        let judged = report.judgedOn.map { "\n<p class=\"sub\">\(escape(t(ReportCommandText.judgedOn($0.description))))</p>" } ?? ""
        var html = """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="gongkai \(GongkaiVersion.current)">
            <title>\(escape(report.title)) · \(escape(report.subtitle))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <header>
            <h1>\(escape(report.title))</h1>
            <p class="sub">\(escape(report.subtitle))</p>
            <p class="sub">\(escape(t(ReportText.generatedAt(report.generatedAt.shortDescription))))</p>\(judged)
            </header>

            """
        if !report.figures.isEmpty {
            html += "<section class=\"figures\">\n"
            for figure in report.figures {
                html += "<div class=\"figure\"><div class=\"v \(tone(figure.tone))\">\(escape(figure.value))</div><div class=\"l\">\(escape(figure.label))</div></div>\n"
            }
            html += "</section>\n"
        }
        for chart in report.charts where !chart.bars.isEmpty {
            html += "<section class=\"chart\">\n<h2>\(escape(chart.title))</h2>\n\(svg(chart))\n</section>\n"
        }
        for section in report.sections {
            let sectionClasses = (section.newPage ? ["page"] : []) + (section.paper.map { [$0] } ?? [])
            html += "<section\(sectionClasses.isEmpty ? "" : " class=\"\(sectionClasses.joined(separator: " "))\"")>\n<h2>\(escape(section.title))</h2>\n"
            for paragraph in section.paragraphs { html += "<p class=\"para\">\(escape(paragraph))</p>\n" }
            let signatures =
                section.signatures.isEmpty
                ? "" : "<div class=\"sign\">" + section.signatures.map { "<span>\(escape($0))<i></i></span>" }.joined() + "</div>\n"
            guard !section.rows.isEmpty else {
                html += (section.columns.isEmpty ? "" : "<p class=\"muted\">—</p>\n") + signatures + "</section>\n"
                continue
            }
            let tableClasses = (section.wraps ? ["wrap"] : []) + (section.paper.map { [$0] } ?? [])
            html += (tableClasses.isEmpty ? "<table>\n" : "<table class=\"\(tableClasses.joined(separator: " "))\">\n")
                + (section.wraps ? columnGroup(section) : "") + "<thead><tr>"
            for column in section.columns { html += "<th\(column.numeric ? " class=\"num\"" : "")>\(escape(column.title))</th>" }
            html += "</tr></thead>\n<tbody>\n"
            for row in section.rows {
                html += "<tr>"
                for (index, cell) in row.enumerated() {
                    var classes: [String] = []
                    if index < section.columns.count, section.columns[index].numeric { classes.append("num") }
                    if cell.tone != .plain { classes.append(tone(cell.tone)) }
                    let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    html += "<td\(attribute)>\(escape(cell.text))</td>"
                }
                html += "</tr>\n"
            }
            html += "</tbody>\n</table>\n" + signatures + "</section>\n"
        }
        if !report.notes.isEmpty {
            html += "<section class=\"notes\">\n<h2>\(escape(t(ReportText.notesHeading)))</h2>\n<ul>\n"
            for note in report.notes { html += "<li>\(escape(note))</li>\n" }
            html += "</ul>\n</section>\n"
        }
        html += "<footer>gongkai \(GongkaiVersion.current) · \(escape(report.generatedAt.description))</footer>\n</body>\n</html>\n"
        return html
    }

    /// Widths for a table laid out to the page (`table-layout: fixed`). Short columns (a
    /// result, a date, a name) get their whole width, so they never break mid-word; the long
    /// ones share the rest by their length, within bounds. About 100 half-width characters
    /// (digits of a common sans-serif at the tables' 9 pt) fit across A4's 190 mm.
    static func columnGroup(_ section: Report.Section) -> String {
        let budget = 100.0
        let natural = section.columns.indices.map { c -> Double in
            let widths = [DisplayWidth.of(section.columns[c].title), section.columns[c].minWidth ?? 0]
                + section.rows.map { c < $0.count ? DisplayWidth.of($0[c].text) : 0 }
            return Double(widths.max() ?? 4)
        }
        let isShort = natural.map { $0 <= 12 }
        let shortTotal = zip(natural, isShort).filter(\.1).map { $0.0 + 3 }.reduce(0, +)
        let longWeights = zip(natural, isShort).map { $0.1 ? 0 : min(max($0.0, 8), 36) }
        let longTotal = longWeights.reduce(0, +)
        let percents: [Double]
        if longTotal > 0, shortTotal <= budget * 0.8 {
            let rest = 100 - shortTotal / budget * 100
            percents = natural.indices.map { isShort[$0] ? (natural[$0] + 3) / budget * 100 : rest * longWeights[$0] / longTotal }
        } else {
            let capped = natural.map { min(max($0, 4), 36) }
            let total = capped.reduce(0, +)
            percents = capped.map { $0 / total * 100 }
        }
        return "<colgroup>" + percents.map { "<col style=\"width:\(fmt($0))%\">" }.joined() + "</colgroup>\n"
    }

    static func tone(_ tone: Report.Tone) -> String {
        switch tone {
        case .plain: return "plain"
        case .good: return "good"
        case .bad: return "bad"
        case .warn: return "warn"
        case .muted: return "muted"
        }
    }

    static func fill(_ tone: Report.Tone) -> String {
        switch tone {
        case .plain: return "#3b6fb6"
        case .good: return "#2f855a"
        case .bad: return "#c53030"
        case .warn: return "#c27c0e"
        case .muted: return "#9aa5b1"
        }
    }

    /// Horizontal bars, 0–100 %, one row per bar, gridlines at 0/50/100.
    static func svg(_ chart: Report.BarChart) -> String {
        let rowHeight = 18.0
        let labelWidth = 150.0
        let barWidth = 420.0
        let width = labelWidth + barWidth + 90
        let top = 16.0
        let height = top + Double(chart.bars.count) * rowHeight + 6
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"100%\" role=\"img\" aria-label=\"\(escape(chart.title))\">\n"
        for mark in [0.0, 50, 100] {
            let x = labelWidth + barWidth * mark / 100
            svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top - 4))\" x2=\"\(fmt(x))\" y2=\"\(fmt(height - 4))\" stroke=\"#d9e2ec\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(fmt(x))\" y=\"10\" font-size=\"9\" text-anchor=\"middle\" fill=\"#7b8794\">\(Int(mark))%</text>\n"
        }
        for (index, bar) in chart.bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let value = min(max(bar.value, 0), 100)
            let w = max(barWidth * value / 100, value > 0 ? 1.5 : 0)
            svg += "<text x=\"\(fmt(labelWidth - 6))\" y=\"\(fmt(y + 12.5))\" font-size=\"10\" text-anchor=\"end\" fill=\"#1f2933\">\(escape(DisplayWidth.truncate(bar.label, to: 22)))</text>"
            svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(w))\" height=\"\(fmt(rowHeight - 6))\" rx=\"2\" fill=\"\(fill(bar.tone))\"/>"
            svg += "<text x=\"\(fmt(labelWidth + w + 4))\" y=\"\(fmt(y + 12.5))\" font-size=\"9.5\" fill=\"#3e4c59\">\(escape(bar.note))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    static func fmt(_ value: Double) -> String { JSONWriter.formatNumber((value * 10).rounded() / 10) }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 0x20 && c != "\n" && c != "\t" { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let stylesheet = """
        @page { size: A4; margin: 14mm 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei", "WenQuanYi Micro Hei", sans-serif;
          color: #1f2933; margin: 0 auto; padding: 12px; max-width: 190mm; font-size: 10.5pt; line-height: 1.5; background: #fff; }
        header { border-bottom: 3px solid #b91c1c; padding-bottom: 6px; margin-bottom: 10px; }
        h1 { font-size: 18pt; margin: 0 0 2px; letter-spacing: 0.05em; }
        h2 { font-size: 12pt; margin: 16px 0 6px; border-left: 4px solid #b91c1c; padding-left: 6px; }
        .sub { color: #52606d; margin: 0; }
        .figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
        .figure { flex: 1 1 30mm; border: 1px solid #d9e2ec; border-radius: 4px; padding: 6px 10px; background: #f8fafc; }
        .figure .v { font-size: 17pt; font-weight: 700; line-height: 1.2; }
        .figure .l { color: #52606d; font-size: 9pt; }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        th, td { border: 1px solid #d9e2ec; padding: 3px 5px; text-align: left; vertical-align: top; white-space: nowrap; }
        th:last-child, td:last-child { white-space: normal; }
        th { background: #eef2f7; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .good { color: #17803d; } .bad { color: #b91c1c; } .warn { color: #b45309; } .muted { color: #7b8794; }
        .chart svg { max-width: 100%; height: auto; }
        .chart, .figures { page-break-inside: avoid; break-inside: avoid; }
        .notes li { color: #52606d; font-size: 9pt; }
        table.wrap { table-layout: fixed; }
        table.wrap th, table.wrap td { white-space: normal; overflow-wrap: anywhere; word-break: break-word; }
        .page { break-before: page; page-break-before: always; }
        .para { margin: 4px 0 8px; text-indent: 2em; }
        .sign { display: flex; flex-wrap: wrap; gap: 10mm; margin: 14mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        .sign span { white-space: nowrap; }
        .sign i { display: inline-block; width: 32mm; border-bottom: 1px solid #1f2933; margin-left: 2mm; }
        footer { margin-top: 16px; color: #9aa5b1; font-size: 8pt; text-align: right; }
        table.signin td { height: 9mm; vertical-align: middle; }
        section.certificate h2 { font-size: 20pt; text-align: center; border-left: none; padding-left: 0; letter-spacing: 0.4em; margin: 12mm 0 8mm; }
        section.certificate .para { font-size: 13pt; line-height: 2; }
        table.certificate { font-size: 11pt; }
        table.certificate td { padding: 5px 8px; }
                @media print { body { padding: 0; } a { color: inherit; text-decoration: none; } }
        """
}

public enum GongkaiVersion {
    public static let current = "1.0.0"
}
