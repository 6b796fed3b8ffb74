import Foundation

/// One self-contained, printable HTML page (A4): no external files, fonts or
/// scripts; charts are inline SVG, so it can be mailed or printed as it is. The page
/// rules (page numbers, tables fitted to the width, signature lines) are `PrintStyle`'s.
public enum HTMLReportRenderer {
    public static func render(_ report: Report, language: Language) -> String {
        let sink = ByteSink(chunk: Int.max, emit: { _ in })
        // Rows held in memory: nothing here throws.
        try? write(report, language: language, into: sink)
        return String(decoding: sink.buffer, as: UTF8.self)
    }

    /// `render` into `sink` a row at a time: each table's columns are measured in a first pass over its rows.
    static func write(_ report: Report, language: Language, into sink: ByteSink) throws {
        let t = Catalogue(language)
        let measures = try report.sections.map { try Measure($0) }
        let orientation = orientation(report, measures)
        let judged = report.judgedOn.map { "\n<p class=\"sub\">\(escape(t(ReportCommandText.judgedOn($0.description))))</p>" } ?? ""
        // The page around the body, cut where the body goes (the last mark: the head comes first).
        let mark = "\u{1}body\u{1}"
        let page = PrintStyle.document(title: "\(report.title) · \(report.subtitle)", language: language, body: mark, orientation: orientation)
        let cut = page.range(of: mark, options: .backwards)!
        sink.add(String(page[..<cut.lowerBound]))
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
        for (section, measure) in zip(report.sections, measures) {
            let sectionClasses = (section.newPage ? ["page"] : []) + (section.paper.map { [$0] } ?? [])
            html += "<section\(sectionClasses.isEmpty ? "" : " class=\"\(sectionClasses.joined(separator: " "))\"")>\n<h2>\(escape(section.title))</h2>\n"
            for paragraph in section.paragraphs { html += "<p class=\"para\">\(escape(paragraph))</p>\n" }
            let signatures = PrintStyle.signatures(section.signatures)
            guard section.rowCount > 0 else {
                html += (section.columns.isEmpty ? "" : "<p class=\"muted\">—</p>\n") + signatures + "</section>\n"
                continue
            }
            let tableClasses = ["wrap"] + (section.paper.map { [$0] } ?? [])
            html += "<table class=\"\(tableClasses.joined(separator: " "))\">\n\(columnGroup(section, measure, orientation: orientation))<thead><tr>"
            for column in section.columns { html += "<th\(column.numeric ? " class=\"num\"" : "")>\(escape(column.title))</th>" }
            html += "</tr></thead>\n<tbody>\n"
            sink.add(html)
            html = ""
            try section.forEachRow { row in
                var line = "<tr>"
                for (index, cell) in row.enumerated() {
                    var classes: [String] = []
                    if index < section.columns.count, section.columns[index].numeric { classes.append("num") }
                    if cell.tone != .plain { classes.append(tone(cell.tone)) }
                    let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                    line += "<td\(attribute)>\(breakable(cell.text))</td>"
                }
                sink.add(line + "</tr>\n")
                try sink.rowEnd()
            }
            html += "</tbody>\n</table>\n" + signatures + "</section>\n"
        }
        if !report.notes.isEmpty {
            html += "<section class=\"notes\">\n<h2>\(escape(t(ReportText.notesHeading)))</h2>\n<ul>\n"
            for note in report.notes { html += "<li>\(escape(note))</li>\n" }
            html += "</ul>\n</section>\n"
        }
        html += "<footer>gongkai \(GongkaiVersion.current) · \(escape(report.generatedAt.description))</footer>\n"
        sink.add(html)
        sink.add(String(page[cut.upperBound...]))
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

    /// Each column's widest text (with its padding, each text counted up to 160) and whether it is
    /// short: a count, a date or a name keeps its whole width; long text shares what is left.
    /// `widest`: each column's widest text, uncounted, for a table no layout fits. One pass over the rows.
    struct Measure {
        var natural: [Double]
        var isShort: [Bool]
        var widest: [Double]

        init(_ section: Report.Section) throws {
            var natural = section.columns.map { max(printWidth($0.title), Double($0.minWidth ?? 0)) }
            var widest = section.columns.map { printWidth($0.title) }
            let count = section.columns.count
            try section.forEachRow { row in
                for c in 0..<min(count, row.count) {
                    let width = printWidth(row[c].text)
                    natural[c] = max(natural[c], min(width, 160))
                    widest[c] = max(widest[c], width)
                }
            }
            let padded = natural.map { $0 + cellPadding }
            self.natural = padded
            self.isShort = section.columns.indices.map { padded[$0] <= 17 || section.columns[$0].numeric }
            self.widest = widest
        }

        /// The columns' titles alone (rows that could not be made).
        static func empty(_ section: Report.Section) -> Measure {
            var empty = section
            empty.rows = []
            empty.source = nil
            return try! Measure(empty)
        }
    }

    static func measure(_ section: Report.Section) -> (natural: [Double], isShort: [Bool]) {
        let measure = (try? Measure(section)) ?? Measure.empty(section)
        return (measure.natural, measure.isShort)
    }

    /// What each long column gets on average, in half-width units (nil when all is short
    /// or everything fits as it is).
    static func longShare(_ measure: Measure, _ orientation: PrintStyle.Orientation) -> Double? {
        let (natural, isShort) = (measure.natural, measure.isShort)
        guard natural.reduce(0, +) > budget(orientation) else { return nil }
        let long = isShort.filter { !$0 }.count
        guard long > 0 else { return nil }
        return (budget(orientation) - natural.indices.filter { isShort[$0] }.map { natural[$0] }.reduce(0, +)) / Double(long)
    }

    /// Column widths in half-width units, or nil when the section cannot be laid out
    /// without squeezing its long columns below eight CJK characters.
    static func widths(_ section: Report.Section, _ measure: Measure, _ orientation: PrintStyle.Orientation) -> [Double]? {
        let budget = budget(orientation)
        let (natural, isShort) = (measure.natural, measure.isShort)
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
        orientation(report, report.sections.map { (try? Measure($0)) ?? Measure.empty($0) })
    }

    static func orientation(_ report: Report, _ measures: [Measure]) -> PrintStyle.Orientation {
        let cramped = zip(report.sections, measures).contains { section, measure in
            guard section.rowCount > 0 else { return false }
            return widths(section, measure, .portrait) == nil || (longShare(measure, .portrait) ?? .infinity) < 22
        }
        return cramped ? .landscape : .portrait
    }

    /// Widths for a table laid out to the page (`table-layout: fixed`), as percentages.
    static func columnGroup(_ section: Report.Section, _ measure: Measure, orientation: PrintStyle.Orientation = .portrait) -> String {
        let units = widths(section, measure, orientation) ?? section.columns.indices.map { c -> Double in
            // Too many long columns even so: each by its length, within bounds.
            min(max(measure.widest[c], 4), 36)
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
