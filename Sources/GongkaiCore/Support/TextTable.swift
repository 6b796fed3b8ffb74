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
        if widths.reduce(0, +) + gap * (columns - 1) > budget {
            // Shrink the widest columns, but never below the longest id, date or
            // number in them: those must not split. If that cannot fit, one record a block.
            let floors = (0..<columns).map { c in
                rows.reduce(unbreakableWidth(stripANSI(headers[c]))) { widest, row in
                    c < row.count ? max(widest, unbreakableWidth(stripANSI(row[c]))) : widest
                }
            }
            while widths.reduce(0, +) + gap * (columns - 1) > budget,
                let widest = widths.indices.filter({ widths[$0] > max(floors[$0], 4) }).max(by: { widths[$0] < widths[$1] })
            {
                widths[widest] -= 1
            }
            if widths.reduce(0, +) + gap * (columns - 1) > budget {
                return blocks(headers: headers, rows: rows, width: width, header: header)
            }
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

    /// The widest run of narrow characters (an id, a date, a number, a Latin word)
    /// in `text`: a column narrower than this would split one. A wide character needs 2.
    public static func unbreakableWidth(_ text: String) -> Int {
        var widest = 0
        var run = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if character == " " || w != 1 {
                widest = max(widest, run, w)
                run = 0
            } else {
                run += 1
            }
        }
        return max(widest, run)
    }

    /// Items laid out a line at a time, two spaces apart, none split across lines
    /// (an item wider than the line has a line of its own).
    public static func pack(_ items: [String], width: Int, indent: String = "") -> [String] {
        var lines: [String] = []
        var line = indent
        var lineWidth = DisplayWidth.of(indent)
        for item in items {
            let w = DisplayWidth.of(item)
            let separator = line == indent ? 0 : 2
            if line != indent, lineWidth + separator + w > width {
                lines.append(line)
                line = indent
                lineWidth = DisplayWidth.of(indent)
            }
            if line != indent {
                line += "  "
                lineWidth += 2
            }
            line += item
            lineWidth += w
        }
        if line != indent { lines.append(line) }
        return lines
    }

    /// One record a block, `label  value` per line, for a window too narrow for the columns.
    static func blocks(headers: [String], rows: [[String]], width: Int, header: (String) -> String) -> String {
        let labels = headers.map(stripANSI)
        let labelWidth = min(labels.map(DisplayWidth.of).max() ?? 0, max(width / 3, 4))
        let indent = String(repeating: " ", count: labelWidth + 2)
        var text = ""
        for (index, row) in rows.enumerated() {
            if index > 0 { text += "\n" }
            for (c, label) in labels.enumerated() {
                let value = c < row.count ? row[c] : ""
                let shownLabel = DisplayWidth.of(label) > labelWidth ? DisplayWidth.truncate(label, to: labelWidth) : label
                let head = header(shownLabel) + String(repeating: " ", count: max(0, labelWidth - DisplayWidth.of(shownLabel))) + "  "
                if DisplayWidth.of(stripANSI(value)) + labelWidth + 2 <= width - 1 {
                    text += (head + value).trailingSpacesRemoved + "\n"
                    continue
                }
                let pieces = TextWrapper.wrap(stripANSI(value), width: max(width - 1, labelWidth + 6), indent: indent)
                for (n, piece) in pieces.enumerated() {
                    text += (n == 0 ? head + piece.dropFirst(indent.count) : piece).trailingSpacesRemoved + "\n"
                }
            }
        }
        return text
    }

    public static func stripANSI(_ s: String) -> String {
        // The bytes, not `contains("\u{1B}")`: with Foundation in the module that is NSString's, and slow.
        guard s.utf8.contains(0x1B) else { return s }
        return TextNormalization.sanitizeLine(s)
    }
}
