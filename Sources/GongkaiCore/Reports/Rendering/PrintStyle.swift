/// The one print stylesheet every printable page of gongkai uses: A4 with margins, page
/// numbers (第 n 页 共 m 页) and the paper's title in the page footer, tables that fit the
/// page width and wrap long text inside their cells, headers repeated on every page, rows
/// never split, signature lines, bar charts that print in black and white.
///
/// A `Report` rendered by `HTMLReportRenderer` gets all of it. A paper that writes its own
/// HTML adopts it with `PrintStyle.document`:
///
///     let html = PrintStyle.document(title: title, language: language, body: body)
///     // body: <h1>…</h1>, <table class="wrap">…</table>, PrintStyle.signatures([...]), …
public enum PrintStyle {
    public enum Orientation: Sendable, Equatable {
        case portrait, landscape

        /// The width of the printed area, in millimetres (A4 less 12 mm margins either side).
        public var contentWidthMM: Double { self == .portrait ? 186 : 273 }
    }

    /// A whole self-contained HTML page around `body`.
    public static func document(
        title: String, language: Language, body: String, orientation: Orientation = .portrait, generator: Bool = true
    ) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">\(generator ? "\n<meta name=\"generator\" content=\"gongkai \(GongkaiVersion.current)\">" : "")
        <title>\(HTMLReportRenderer.escape(title))</title>
        <style>\(css(language: language, footer: title, orientation: orientation))</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// Signature lines with room to sign (`填表人（签字）：________`), kept together on one page.
    public static func signatures(_ lines: [String]) -> String {
        lines.isEmpty ? "" : "<div class=\"sign\">" + lines.map { "<span>\(HTMLReportRenderer.escape($0))<i></i></span>" }.joined() + "</div>\n"
    }

    /// The stylesheet: the page's own rules (size, footer with `footer` and the page
    /// numbers in `language`), then the shared body rules.
    public static func css(language: Language, footer: String, orientation: Orientation = .portrait) -> String {
        let t = Catalogue(language)
        let numbers = "\"\(cssString(t(PrintPageText.pageBefore)))\" counter(page) \"\(cssString(t(PrintPageText.pageMiddle)))\" counter(pages) \"\(cssString(t(PrintPageText.pageAfter)))\""
        let page = """
            @page { size: A4\(orientation == .landscape ? " landscape" : ""); margin: 14mm 12mm 16mm;
              @bottom-left { content: "\(cssString(DisplayWidth.truncate(footer, to: 60)))"; font-family: \(fonts); font-size: 9pt; color: #52606d; }
              @bottom-right { content: \(numbers); font-family: \(fonts); font-size: 9pt; color: #1f2933; }
            }
            body { max-width: \(Int(orientation.contentWidthMM))mm; }

            """
        return page + rules
    }

    /// A CSS string's contents: quotes and backslashes escaped, line breaks and markup-like
    /// characters as escapes (the stylesheet sits inside `<style>`).
    static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "<": out += "\\3c "
            case ">": out += "\\3e "
            case "&": out += "\\26 "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// The page's fonts: a CJK sans-serif wherever one is installed (the margin boxes do not inherit them).
    static let fonts = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", \"SimHei\", \"WenQuanYi Micro Hei\", sans-serif"

    static let rules = """
        * { box-sizing: border-box; }
        body { font-family: \(fonts);
          color: #1f2933; margin: 0 auto; padding: 12px; font-size: 10.5pt; line-height: 1.5; background: #fff;
          -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        header { border-bottom: 3px solid #b91c1c; padding-bottom: 6px; margin-bottom: 10px; }
        h1 { font-size: 18pt; margin: 0 0 2px; letter-spacing: 0.05em; overflow-wrap: anywhere; }
        h2 { font-size: 12pt; margin: 16px 0 6px; border-left: 4px solid #b91c1c; padding-left: 6px; break-after: avoid; page-break-after: avoid; }
        .sub { color: #52606d; margin: 0; overflow-wrap: anywhere; }
        .figures { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
        .figure { flex: 1 1 28mm; min-width: 0; border: 1px solid #9aa5b1; border-radius: 4px; padding: 6px 10px; background: #f8fafc; }
        .figure .v { font-size: 17pt; font-weight: 700; line-height: 1.2; }
        .figure .l { color: #52606d; font-size: 9pt; }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.35; }
        table.wrap { table-layout: fixed; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        th, td { border: 1px solid #9aa5b1; padding: 2px 4px; text-align: left; vertical-align: top; white-space: normal; overflow-wrap: anywhere; }
        th { background: #eef2f7; font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .good { color: #17803d; } .bad { color: #b91c1c; font-weight: 600; } .warn { color: #b45309; } .muted { color: #7b8794; }
        .chart svg { display: block; width: 100%; max-width: 186mm; height: auto; break-inside: avoid; page-break-inside: avoid; }
        .legend { font-size: 9pt; color: #3e4c59; margin: 0 0 4px; }
        .legend svg { display: inline-block; width: 18px; height: 10px; vertical-align: -1px; margin: 0 3px 0 10px; }
        .figures { page-break-inside: avoid; break-inside: avoid; }
        .notes li { color: #52606d; font-size: 9pt; }
        .page { break-before: page; page-break-before: always; }
        .para { margin: 4px 0 8px; text-indent: 2em; }
        .sign { display: flex; flex-wrap: wrap; gap: 6mm 12mm; margin: 12mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        .sign span { white-space: nowrap; }
        .sign i { display: inline-block; width: 36mm; border-bottom: 1px solid #1f2933; margin-left: 2mm; }
        footer { margin-top: 16px; color: #7b8794; font-size: 9pt; text-align: right; }
        table.signin td { height: 9mm; vertical-align: middle; }
        section.certificate h2 { font-size: 20pt; text-align: center; border-left: none; padding-left: 0; letter-spacing: 0.4em; margin: 12mm 0 8mm; }
        section.certificate .para { font-size: 13pt; line-height: 2; }
        table.certificate { font-size: 11pt; }
        table.certificate td { padding: 5px 8px; }
        @media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
        """
}
