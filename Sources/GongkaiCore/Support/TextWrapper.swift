/// Wraps text to a column width, counting CJK characters as two columns.
/// Chinese may break between any two characters, except that closing
/// punctuation never starts a line; Latin words break at spaces.
public enum TextWrapper {
    static var noLineStart: Set<Character> { InputVocabulary.noLineStart }

    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let width = max(width, DisplayWidth.of(indent) + 4)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: wrapParagraph(String(paragraph), width: width, indent: indent))
        }
        return lines
    }

    private static func wrapParagraph(_ paragraph: String, width: Int, indent: String) -> [String] {
        if paragraph.isEmpty { return [""] }
        let indentWidth = DisplayWidth.of(indent)
        var lines: [String] = []
        var line = indent
        var lineWidth = indentWidth
        for token in tokens(paragraph) {
            let tokenWidth = DisplayWidth.of(token)
            let fits = lineWidth + tokenWidth <= width
            let isSpace = token.allSatisfy { $0 == " " }
            if fits {
                line += token
                lineWidth += tokenWidth
                continue
            }
            if isSpace {
                lines.append(line)
                line = indent
                lineWidth = indentWidth
                continue
            }
            if let first = token.first, noLineStart.contains(first), token.count == 1, lineWidth > indentWidth {
                // Closing punctuation may not start a line: carry the character before
                // it (and any punctuation run it ends) down with it.
                var carried = ""
                var body = Substring(line.dropFirst(indent.count))
                while let last = body.last {
                    carried = String(last) + carried
                    body = body.dropLast()
                    if !noLineStart.contains(last) {
                        // A date or number before the punctuation goes down whole, never split.
                        if DisplayWidth.of(last) == 1, last != " " {
                            while let previous = body.last, DisplayWidth.of(previous) == 1, previous != " " {
                                carried = String(previous) + carried
                                body = body.dropLast()
                            }
                        }
                        break
                    }
                }
                if !body.isEmpty {
                    lines.append(indent + String(body).trailingSpacesRemoved)
                    line = indent + carried + token
                    lineWidth = DisplayWidth.of(line)
                    continue
                }
            }
            if lineWidth > indentWidth {
                lines.append(line.trailingSpacesRemoved)
                line = indent
                lineWidth = indentWidth
            }
            // A token longer than a whole line is broken by characters.
            for character in token {
                let w = DisplayWidth.of(character)
                if lineWidth + w > width, lineWidth > indentWidth {
                    lines.append(line)
                    line = indent
                    lineWidth = indentWidth
                }
                line.append(character)
                lineWidth += w
            }
        }
        lines.append(line.trailingSpacesRemoved)
        return lines
    }

    /// Splits into break units: each wide character alone, runs of narrow
    /// non-space characters together, runs of spaces together.
    private static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        enum Kind { case narrow, space, none }
        var kind = Kind.none
        for character in text {
            if character == " " {
                if kind != .space, !current.isEmpty { result.append(current); current = "" }
                current.append(character)
                kind = .space
            } else if DisplayWidth.of(character) >= 2 || noLineStart.contains(character) && kind != .narrow {
                if !current.isEmpty { result.append(current); current = "" }
                result.append(String(character))
                kind = .none
            } else {
                if kind != .narrow, !current.isEmpty { result.append(current); current = "" }
                current.append(character)
                kind = .narrow
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}

extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
