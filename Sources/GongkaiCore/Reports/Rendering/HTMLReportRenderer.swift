/// One self-contained, printable HTML page (A4): no external files, fonts or
/// scripts; charts are inline SVG, so it can be mailed or printed as it is. The page
/// rules (page numbers, tables fitted to the width, signature lines) are `PrintStyle`'s.
public enum HTMLReportRenderer {
    public static func render(_ report: Report, language: Language) -> String {
        let t = Catalogue(language)
        let orientation = orientation(report)
        let judged = report.judgedOn.map { "\n<p class=\"sub\">\(escape(t(ReportCommandText.judgedOn($0.description))))</p>" } ?? ""
        var html = """
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
        let charts = report.charts.filter { !$0.bars.isEmpty }
        if !charts.isEmpty { html += patternDefinitions }
        for chart in charts {
            html += "<section class=\"chart\">\n<h2>\(escape(chart.title))</h2>\n\(legend(chart, t: t))\(svg(chart))</section>\n"
        }
        for section in report.sections {
            let sectionClasses = (section.newPage ? ["page"] : []) + (section.paper.map { [$0] } ?? [])
            html += "<section\(sectionClasses.isEmpty ? "" : " class=\"\(sectionClasses.joined(separator: " "))\"")>\n<h2>\(escape(section.title))</h2>\n"
            for paragraph in section.paragraphs { html += "<p class=\"para\">\(escape(paragraph))</p>\n" }
            let signatures = PrintStyle.signatures(section.signatures)
            guard !section.rows.isEmpty else {
                html += (section.columns.isEmpty ? "" : "<p class=\"muted\">—</p>\n") + signatures + "</section>\n"
                continue
            }
            let tableClasses = ["wrap"] + (section.paper.map { [$0] } ?? [])
            html += "<table class=\"\(tableClasses.joined(separator: " "))\">\n\(columnGroup(section, orientation: orientation))<thead><tr>"
            for column in section.columns { html += "<th\(column.numeric ? " class=\"num\"" : "")>\(escape(column.title))</th>" }
            html += "</tr></thead>\n<tbody>\n"
            for row in section.rows {
                html += "<tr>"
                for (index, cell) in row.enumerated() {
                    var classes: [String] = []
                    if index < section.columns.count, section.columns[index].numeric { classes.append("num") }
                    if cell.tone != .plain { classes.append(tone(cell.tone)) }
                    let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    html += "<td\(attribute)>\(breakable(cell.text))</td>"
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
        html += "<footer>gongkai \(GongkaiVersion.current) · \(escape(report.generatedAt.description))</footer>\n"
        return PrintStyle.document(title: "\(report.title) · \(report.subtitle)", language: language, body: html, orientation: orientation)
    }

    /// Escaped text where a link may break after each `/` (a URL in a narrow column then
    /// wraps at its parts, not at whatever letter reaches the edge).
    static func breakable(_ text: String) -> String {
        let escaped = escape(text)
        guard text.utf8.count > 16, text.contains("://") else { return escaped }
        return escaped.replacingOccurrences(of: "/", with: "/<wbr>")
    }

    // MARK: Fitting tables to the page

    /// How wide a text prints, in half-width units (a CJK character is 2; Latin letters and
    /// digits of the sans-serif run a little wider than half a CJK character).
    static func printWidth(_ text: String) -> Double {
        var total = 0.0
        for scalar in text.unicodeScalars {
            let w = DisplayWidth.of(scalar)
            total += w == 2 ? 2 : (scalar == " " ? 0.6 : Double(w) * 1.15)
        }
        return total
    }

    /// Half-width units at the tables' 9 pt across the printed width.
    static func budget(_ orientation: PrintStyle.Orientation) -> Double {
        orientation.contentWidthMM / 25.4 * 72 / 4.5 - 1
    }

    /// A cell's padding and borders, with a little slack, in the same units.
    static let cellPadding = 2.5

    /// Each column's widest text (with its padding) and whether it is short: a count, a
    /// date or a name keeps its whole width; long text shares what is left.
    static func measure(_ section: Report.Section) -> (natural: [Double], isShort: [Bool]) {
        let natural = section.columns.indices.map { c -> Double in
            var widest = max(printWidth(section.columns[c].title), Double(section.columns[c].minWidth ?? 0))
            for row in section.rows where c < row.count { widest = max(widest, min(printWidth(row[c].text), 160)) }
            return widest + cellPadding
        }
        return (natural, section.columns.indices.map { natural[$0] <= 17 || section.columns[$0].numeric })
    }

    /// What each long column gets on average, in half-width units (nil when all is short
    /// or everything fits as it is).
    static func longShare(_ section: Report.Section, _ orientation: PrintStyle.Orientation) -> Double? {
        let (natural, isShort) = measure(section)
        guard natural.reduce(0, +) > budget(orientation) else { return nil }
        let long = isShort.filter { !$0 }.count
        guard long > 0 else { return nil }
        return (budget(orientation) - natural.indices.filter { isShort[$0] }.map { natural[$0] }.reduce(0, +)) / Double(long)
    }

    /// Column widths in half-width units, or nil when the section cannot be laid out
    /// without squeezing its long columns below eight CJK characters.
    static func widths(_ section: Report.Section, _ orientation: PrintStyle.Orientation) -> [Double]? {
        let budget = budget(orientation)
        let (natural, isShort) = measure(section)
        let total = natural.reduce(0, +)
        if total <= budget { return natural.map { $0 + ($0 / total) * (budget - total) } }
        // Short columns keep their whole width; the long ones share the rest by length.
        let shortTotal = natural.indices.filter { isShort[$0] }.map { natural[$0] }.reduce(0, +)
        var rest = budget - shortTotal
        var widths = natural
        var open = natural.indices.filter { !isShort[$0] }
        let floor = { (c: Int) in max(printWidth(section.columns[c].title), 16) + cellPadding }
        guard open.map(floor).reduce(0, +) <= rest else { return nil }
        // Water-filling: each long column its share by length, none below its floor.
        while !open.isEmpty {
            let weight = open.map { min(natural[$0], 80) }.reduce(0, +)
            let below = open.filter { rest * min(natural[$0], 80) / weight < floor($0) }
            if below.isEmpty {
                for c in open { widths[c] = rest * min(natural[c], 80) / weight }
                break
            }
            for c in below {
                widths[c] = floor(c)
                rest -= floor(c)
            }
            open.removeAll { below.contains($0) }
        }
        return widths
    }

    /// Landscape when a table does not fit across a portrait page, or would leave its long
    /// columns less than eleven CJK characters each (a unit's ten-column self-audit paper,
    /// the items table), else portrait.
    static func orientation(_ report: Report) -> PrintStyle.Orientation {
        let cramped = report.sections.contains { section in
            guard !section.rows.isEmpty else { return false }
            return widths(section, .portrait) == nil || (longShare(section, .portrait) ?? .infinity) < 22
        }
        return cramped ? .landscape : .portrait
    }

    /// Widths for a table laid out to the page (`table-layout: fixed`), as percentages.
    static func columnGroup(_ section: Report.Section, orientation: PrintStyle.Orientation = .portrait) -> String {
        let units = widths(section, orientation) ?? section.columns.indices.map { c -> Double in
            // Too many long columns even so: each by its length, within bounds.
            let widest = ([section.columns[c].title] + section.rows.map { c < $0.count ? $0[c].text : "" }).map(printWidth).max() ?? 4
            return min(max(widest, 4), 36)
        }
        let total = max(units.reduce(0, +), 1)
        return "<colgroup>" + units.map { "<col style=\"width:\(fmt($0 / total * 100))%\">" }.joined() + "</colgroup>\n"
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

    /// A bar's fill: solid for met, hatched for partly met, cross-hatched for not met, so
    /// the difference survives black-and-white printing.
    static func fill(_ tone: Report.Tone) -> String {
        switch tone {
        case .plain: return "#3b6fb6"
        case .good: return "#2f855a"
        case .bad: return "url(#gk-bad)"
        case .warn: return "url(#gk-warn)"
        case .muted: return "#cbd2d9"
        }
    }

    /// The patterns the bars refer to, once per page.
    static let patternDefinitions = """
        <svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" style="position:absolute" aria-hidden="true"><defs>\
        <pattern id="gk-warn" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#fbe7c2"/><rect width="2.4" height="6" fill="#9a5b0b"/></pattern>\
        <pattern id="gk-bad" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="5" height="5" fill="#fff"/><path d="M0 2.5H5M2.5 0V5" stroke="#b91c1c" stroke-width="1.3"/></pattern>\
        </defs></svg>

        """

    /// What the fills mean, for the tones the chart uses.
    static func legend(_ chart: Report.BarChart, t: Catalogue) -> String {
        let used = Set(chart.bars.map(\.tone))
        var out = "<p class=\"legend\">"
        for (tone, text) in [(Report.Tone.good, PrintPageText.legendMet), (.warn, .legendPartly), (.bad, .legendNotMet)] where used.contains(tone) {
            out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 18 10\"><rect x=\"0.5\" y=\"0.5\" width=\"17\" height=\"9\" fill=\"\(fill(tone))\" stroke=\"#1f2933\" stroke-width=\"0.8\"/></svg>"
            out += escape(t(text))
        }
        return out + (used.isDisjoint(with: [.good, .warn, .bad]) ? "" : " · ") + escape(t(PrintPageText.legendValues)) + "</p>\n"
    }

    /// Bars per drawing: a chart longer than a page breaks between drawings, never inside a bar.
    static let barsPerDrawing = 8

    /// Horizontal bars, 0–100 %, one row per bar, gridlines at 0/50/100, the value printed
    /// beside each bar; drawn in pieces of `barsPerDrawing` bars. The drawing is 700 units
    /// wide, about its printed width in CSS pixels, so its 12.5-unit text prints at 9 pt or more.
    static func svg(_ chart: Report.BarChart) -> String {
        let rowHeight = 22.0
        let labelWidth = 250.0
        let barWidth = 330.0
        let width = 700.0
        var out = ""
        for start in stride(from: 0, to: chart.bars.count, by: barsPerDrawing) {
            let bars = chart.bars[start..<min(start + barsPerDrawing, chart.bars.count)]
            // Pieces abut: only the first carries the scale above its bars.
            let top = start == 0 ? 18.0 : 0
            let height = top + Double(bars.count) * rowHeight
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" aria-label=\"\(escape(chart.title))\">\n"
            for mark in [0.0, 50, 100] {
                let x = labelWidth + barWidth * mark / 100
                svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(max(top - 2, 0)))\" x2=\"\(fmt(x))\" y2=\"\(fmt(height))\" stroke=\"#9aa5b1\" stroke-width=\"1\"\(mark == 50 ? " stroke-dasharray=\"3 3\"" : "")/>"
                if start == 0 { svg += "<text x=\"\(fmt(x))\" y=\"12\" font-size=\"12\" text-anchor=\"middle\" fill=\"#3e4c59\">\(Int(mark))%</text>" }
                svg += "\n"
            }
            for (offset, bar) in bars.enumerated() {
                let y = top + Double(offset) * rowHeight
                let value = min(max(bar.value, 0), 100)
                let w = max(barWidth * value / 100, value > 0 ? 1.5 : 0)
                svg += "<text x=\"\(fmt(labelWidth - 6))\" y=\"\(fmt(y + 15.5))\" font-size=\"12.5\" text-anchor=\"end\" fill=\"#1f2933\">\(escape(DisplayWidth.truncate(bar.label, to: 36)))</text>"
                svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 4))\" width=\"\(fmt(w))\" height=\"\(fmt(rowHeight - 8))\" fill=\"\(fill(bar.tone))\" stroke=\"#1f2933\" stroke-width=\"0.8\"/>"
                svg += "<text x=\"\(fmt(labelWidth + w + 5))\" y=\"\(fmt(y + 15.5))\" font-size=\"12.5\" fill=\"#1f2933\">\(escape(bar.note))</text>\n"
            }
            out += svg + "</svg>\n"
        }
        return out
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
}

public enum GongkaiVersion {
    public static let current = "1.0.0"
}
