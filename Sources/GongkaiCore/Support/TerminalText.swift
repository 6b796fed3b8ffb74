/// Text from records, course files and the file system, made safe to print on a terminal:
/// the one sanitising function used at every output boundary (tables, warnings, the shell).
/// Control characters, escape sequences, C1 controls and bidirectional overrides are shown
/// as visible `\u{…}` escapes, so a name can neither drive the terminal nor hide its own text;
/// an overlong line is cut with a marker.
public enum TerminalText {
    /// Longest field (a name, a path) shown in a table cell.
    public static let fieldLimit = 200
    /// Longest line printed at once; longer ones are cut with a marker.
    public static let lineLimit = 4000

    /// `keepingColour`: the colour codes gongkai itself writes (`ESC [ digits ; … m`) stay.
    public static func clean(_ text: String, keepingColour: Bool = false) -> String {
        guard needsCleaning(text) else { return text }
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        var lineLength = 0
        var cut = 0
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == "\n" {
                if cut > 0 { out.append(contentsOf: marker(cut).unicodeScalars) }
                cut = 0
                lineLength = 0
                out.append(scalar)
                continue
            }
            if scalar == "\u{1B}", keepingColour, let length = colourCode(scalars) {
                out.append(scalar)
                out.append(contentsOf: scalars.prefix(length))
                scalars = scalars.dropFirst(length)
                continue
            }
            if lineLength >= lineLimit {
                cut += 1
                continue
            }
            if isUnsafe(scalar) {
                let shown = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                out.append(contentsOf: shown.unicodeScalars)
                lineLength += shown.count
            } else {
                out.append(scalar)
                lineLength += 1
            }
        }
        if cut > 0 { out.append(contentsOf: marker(cut).unicodeScalars) }
        return String(out)
    }

    /// One field: cleaned (line breaks shown too) and cut to `limit` characters with a marker.
    public static func field(_ text: String, limit: Int = fieldLimit) -> String {
        let total = text.count
        var value = total > limit ? String(text.prefix(limit)) : text
        if value.contains(where: { $0 == "\n" || $0 == "\r\n" }) {
            value = value.replacingOccurrences(of: "\r\n", with: "\\u{D}\\u{A}").replacingOccurrences(of: "\n", with: "\\u{A}")
        }
        value = clean(value)
        return total > limit ? value + marker(total - limit) : value
    }

    /// A table cell: cleaned, keeping gongkai's own colour codes; a long plain cell is cut.
    public static func cell(_ text: String) -> String {
        guard text.utf8.count > fieldLimit || needsCleaning(text) else { return text }
        if text.utf8.contains(0x1B) { return clean(text, keepingColour: true) }
        return field(text)
    }

    static func marker(_ count: Int) -> String { "…[+\(count)]" }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Bidirectional marks, embeddings, overrides and isolates; the Arabic letter mark.
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }

    /// Whether anything needs doing: one pass over the bytes, no allocation.
    static func needsCleaning(_ text: String) -> Bool {
        var run = 0
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A: run = 0
            case 0x09: run += 1
            case 0x00...0x1F, 0x7F: return true
            default:
                // C1 controls are C2 80–9F; bidi controls E2 80 8E/8F/AA–AE, E2 81 A6–A9; U+061C is D8 9C.
                if previous == 0xC2, (0x80...0x9F).contains(byte) { return true }
                if beforePrevious == 0xE2, previous == 0x80, byte == 0x8E || byte == 0x8F || (0xAA...0xAE).contains(byte) { return true }
                if beforePrevious == 0xE2, previous == 0x81, (0xA6...0xA9).contains(byte) { return true }
                if previous == 0xD8, byte == 0x9C { return true }
                if byte & 0xC0 != 0x80 { run += 1 }
            }
            if run > lineLimit { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// Length of a colour code after ESC (`[` digits and `;` then `m`), or nil.
    static func colourCode(_ rest: ArraySlice<Unicode.Scalar>) -> Int? {
        guard rest.first == "[" else { return nil }
        var length = 1
        for scalar in rest.dropFirst() {
            length += 1
            if scalar == "m" { return length }
            guard (scalar >= "0" && scalar <= "9") || scalar == ";", length < 32 else { return nil }
        }
        return nil
    }
}
