/// Aligned text columns for a terminal: CJK characters count as two columns,
/// colour codes count as none, and the widest columns shrink until the table fits.
public enum TextTable {
    public static func render(
        headers: [String], rows: [[String]], width: Int, numeric: Set<Int> = [], header: (String) -> String = { $0 }
    ) -> String {
        var text = ""
        // Rows held in memory: nothing here throws.
        try? write(headers: headers, width: width, numeric: numeric, header: header, rows: { body in for row in rows { try body(row) } }) { text += $0 }
        return text
    }

    /// `render`, for rows made as they are written (`rows` is called once for the widths, again for the
    /// lines, and once more when the widest columns must shrink): the text goes to `out` a line at a time.
    public static func write(
        headers: [String], width: Int, numeric: Set<Int> = [], header: (String) -> String = { $0 },
        rows: (_ body: ([String]) throws -> Void) throws -> Void, out: (String) throws -> Void
    ) throws {
        let columns = headers.count
        guard columns > 0 else { return }
        // Names and paths come from records and files: never raw onto the terminal.
        func visible(_ s: String) -> Int { DisplayWidth.of(stripANSI(s)) }
        var widths = headers.map(visible)
        try rows { row in
            for c in 0..<min(columns, row.count) { widths[c] = max(widths[c], visible(TerminalText.cell(row[c]))) }
        }
        let gap = 2
        let budget = max(width - 1, columns * 4)
        if widths.reduce(0, +) + gap * (columns - 1) > budget {
            // Shrink the widest columns, but never below the longest id, date or
            // number in them: those must not split. If that cannot fit, one record a block.
            var floors = headers.map { unbreakableWidth(stripANSI($0)) }
            try rows { row in
                for c in 0..<min(columns, row.count) { floors[c] = max(floors[c], unbreakableWidth(stripANSI(TerminalText.cell(row[c])))) }
            }
            while widths.reduce(0, +) + gap * (columns - 1) > budget,
                let widest = widths.indices.filter({ widths[$0] > max(floors[$0], 4) }).max(by: { widths[$0] < widths[$1] })
            {
                widths[widest] -= 1
            }
            if widths.reduce(0, +) + gap * (columns - 1) > budget {
                return try blocks(
                    headers: headers, width: width, header: header,
                    rows: { body in try withoutActuallyEscaping(body) { body in try rows { try body($0.map(TerminalText.cell)) } } }, out: out)
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
        try out(header(line(headers)) + "\n" + String(repeating: "─", count: min(budget, widths.reduce(0, +) + gap * (columns - 1))) + "\n")
        try withoutActuallyEscaping(out) { out in
            try rows { row in
                let cells = row.map(TerminalText.cell)
                try out(line(cells, widthsOfCells: cells.map(visible)) + "\n")
            }
        }
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
        var text = ""
        try? blocks(headers: headers, width: width, header: header, rows: { body in for row in rows { try body(row) } }) { text += $0 }
        return text
    }

    static func blocks(
        headers: [String], width: Int, header: (String) -> String, rows: (_ body: ([String]) throws -> Void) throws -> Void, out: (String) throws -> Void
    ) throws {
        let labels = headers.map(stripANSI)
        let labelWidth = min(labels.map(DisplayWidth.of).max() ?? 0, max(width / 3, 4))
        let indent = String(repeating: " ", count: labelWidth + 2)
        var index = 0
        try withoutActuallyEscaping(out) { out in try withoutActuallyEscaping(header) { header in try rows { row in
            var text = ""
            if index > 0 { text += "\n" }
            index += 1
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
            try out(text)
        } } }
    }

    public static func stripANSI(_ s: String) -> String {
        // The bytes, not `contains("\u{1B}")`: with Foundation in the module that is NSString's, and slow.
        guard s.utf8.contains(0x1B) else { return s }
        return TextNormalization.sanitizeLine(s)
    }
}
