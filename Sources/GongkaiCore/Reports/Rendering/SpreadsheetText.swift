/// Text a spreadsheet would not keep as written when it opens a CSV: Excel, WPS and
/// LibreOffice read `3/3`, `1-2`, `2026-12`, `10:30` and `jan-5` as dates or times,
/// `0012`, `1.10` and `1e5` as other numbers, `TRUE` as a truth value, `(12)` as -12.
enum SpreadsheetText {
    static let words: Set<String> = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "am", "pm",
    ]

    static func wouldConvert(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { all -> Bool in
            // Names and titles in Chinese are never read as anything else: the common case, decided at once.
            var start = 0, end = all.count
            while start < end, all[start] == 0x20 { start += 1 }
            while end > start, all[end - 1] == 0x20 { end -= 1 }
            guard start < end else { return false }
            let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            let string = String(decoding: bytes, as: UTF8.self)
            let lower = string.lowercased()
            if lower == "true" || lower == "false" { return true }
            let first = bytes[0]
            if (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "."), let number = Double(string) {
                // A number a spreadsheet would show otherwise: leading zeros, trailing zeros, exponents, too many digits.
                return JSONWriter.formatNumber(number) != string
            }
            if first == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")"), Double(String(string.dropFirst().dropLast())) != nil { return true }
            // Dates and times: numbers (and month names) joined by / - : . , or spaces.
            var tokens: [Substring] = []
            var separators: [Character] = []
            var current = ""[...]
            var index = string.startIndex
            var tokenStart = index
            while index < string.endIndex {
                let c = string[index]
                if "/-:., ".contains(c) {
                    current = string[tokenStart..<index]
                    if !current.isEmpty { tokens.append(current) }
                    separators.append(c)
                    tokenStart = string.index(after: index)
                } else if !(c.isASCII && (c.isLetter || c.isNumber)) {
                    return false
                }
                index = string.index(after: index)
            }
            current = string[tokenStart...]
            if !current.isEmpty { tokens.append(current) }
            guard tokens.count >= 2 else { return false }
            var digits = 0
            for token in tokens {
                if token.allSatisfy(\.isNumber) {
                    digits += 1
                } else if !words.contains(token.lowercased()) {
                    return false
                }
            }
            guard digits > 0 else { return false }
            let dots = separators.filter { $0 == "." }.count
            let words = tokens.count - digits
            return separators.contains { "/-:".contains($0) } || dots >= 2 || words > 0 || separators.allSatisfy { $0 == "," }
        }
    }
}
