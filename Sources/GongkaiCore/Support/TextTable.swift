/// Aligned text columns for a terminal: CJK characters count as two columns,
/// colour codes count as none, and the widest columns shrink until the table fits.
public enum TextTable {
    public static func render(
        headers: [String], rows: [[String]], width: Int, numeric: Set<Int> = [], header: (String) -> String = { $0 }
    ) -> String {
        let columns = headers.count
        guard columns > 0 else { return "" }
        func visible(_ s: String) -> Int { DisplayWidth.of(stripANSI(s)) }
        var widths = (0..<columns).map { c in ([headers[c]] + rows.map { c < $0.count ? $0[c] : "" }).map(visible).max() ?? 0 }
        let gap = 2
        let budget = max(width - 1, columns * 4)
        while widths.reduce(0, +) + gap * (columns - 1) > budget,
            let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4
        {
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            // A cell wider than its column wraps onto further lines rather than losing text.
            let wrapped = (0..<columns).map { c -> [String] in
                let cell = c < cells.count ? cells[c] : ""
                guard visible(cell) > widths[c] else { return [cell] }
                return TextWrapper.wrap(stripANSI(cell), width: max(widths[c], 4)).flatMap { piece in
                    DisplayWidth.of(piece) > widths[c] ? [DisplayWidth.truncate(piece, to: widths[c])] : [piece]
                }
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { row in
                (0..<columns).map { c -> String in
                    let piece = row < wrapped[c].count ? wrapped[c][row] : ""
                    let padding = String(repeating: " ", count: max(0, widths[c] - visible(piece)))
                    if numeric.contains(c) { return padding + piece }
                    return c == columns - 1 ? piece : piece + padding
                }.joined(separator: String(repeating: " ", count: gap)).trailingSpacesRemoved
            }.joined(separator: "\n")
        }
        var text = header(line(headers)) + "\n"
        text += String(repeating: "─", count: min(budget, widths.reduce(0, +) + gap * (columns - 1))) + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }

    public static func stripANSI(_ s: String) -> String {
        guard s.contains("\u{1B}") else { return s }
        return TextNormalization.sanitizeLine(s)
    }
}
