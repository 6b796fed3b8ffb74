/// Aligned text columns for a terminal: CJK characters count as two columns,
/// colour codes count as none, and the widest columns shrink until the table fits.
public enum TextTable {
    public static func render(
        headers: [String], rows: [[String]], width: Int, numeric: Set<Int> = [], header: (String) -> String = { $0 }
    ) -> String {
        let columns = headers.count
        guard columns > 0 else { return "" }
        // Names and paths come from records and files: never raw onto the terminal.
        let rows = rows.map { $0.map(TerminalText.cell) }
        func visible(_ s: String) -> Int { DisplayWidth.of(stripANSI(s)) }
        // Each cell's width once: a province's report has hundreds of thousands of cells.
        let cellWidths = rows.map { row in row.map(visible) }
        var widths = (0..<columns).map { c in
            cellWidths.reduce(visible(headers[c])) { widest, row in c < row.count ? max(widest, row[c]) : widest }
        }
        let gap = 2
        let budget = max(width - 1, columns * 4)
        while widths.reduce(0, +) + gap * (columns - 1) > budget,
            let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4
        {
            widths[widest] -= 1
        }
        func line(_ cells: [String], widthsOfCells: [Int]? = nil) -> String {
            // A cell wider than its column wraps onto further lines rather than losing text.
            // Each column's pieces, with their widths.
            let wrapped = (0..<columns).map { c -> [(text: String, width: Int)] in
                let cell = c < cells.count ? cells[c] : ""
                let width = c < cells.count ? widthsOfCells?[c] ?? visible(cell) : 0
                guard width > widths[c] else { return [(cell, width)] }
                return TextWrapper.wrap(stripANSI(cell), width: max(widths[c], 4)).map { piece in
                    let text = DisplayWidth.of(piece) > widths[c] ? DisplayWidth.truncate(piece, to: widths[c]) : piece
                    return (text, DisplayWidth.of(text))
                }
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                (0..<columns).map { c -> String in
                    let (piece, width) = row < wrapped[c].count ? wrapped[c][row] : ("", 0)
                    let padding = String(repeating: " ", count: max(0, widths[c] - width))
                    if numeric.contains(c) { return padding + piece }
                    return c == columns - 1 ? piece : piece + padding
                }.joined(separator: String(repeating: " ", count: gap)).trailingSpacesRemoved
            }.joined(separator: "\n")
        }
        var text = header(line(headers)) + "\n"
        text += String(repeating: "─", count: min(budget, widths.reduce(0, +) + gap * (columns - 1))) + "\n"
        for (row, rowWidths) in zip(rows, cellWidths) { text += line(row, widthsOfCells: rowWidths) + "\n" }
        return text
    }

    public static func stripANSI(_ s: String) -> String {
        // The bytes, not `contains("\u{1B}")`: with Foundation in the module that is NSString's, and slow.
        guard s.utf8.contains(0x1B) else { return s }
        return TextNormalization.sanitizeLine(s)
    }
}
