import Foundation

/// Folding used to compare free-text answers and to read option letters typed
/// on a Chinese input method: NFKC (full-width → half-width, ① → 1), case
/// folded, whitespace trimmed and collapsed.
public enum TextNormalization {
    public static func fold(_ text: String) -> String {
        let compatible = text.precomposedStringWithCompatibilityMapping.lowercased()
        var result = ""
        var pendingSpace = false
        for character in compatible {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// `fold`, then drops sentence punctuation and spaces, so that "20个工作日。"
    /// and "20 个工作日" compare equal to "20个工作日".
    public static func answerKey(_ text: String) -> String {
        String(fold(text).filter { !InputVocabulary.ignorableInAnswers.contains($0) })
    }

    /// Removes control characters and escape sequences from one line of input.
    public static func sanitizeLine(_ text: String) -> String {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar.value == 0x1B {
                // Skip a whole escape sequence: CSI (ESC [ … final), OSC (ESC ] … BEL/ST),
                // SS3 (ESC O x, application-mode keys), or ESC plus one character.
                guard let next = scalars.next() else { continue }
                switch next {
                case "[":
                    while let s = scalars.next(), !(0x40...0x7E).contains(s.value) {}
                case "]":
                    var previousWasEscape = false
                    while let s = scalars.next() {
                        if s.value == 0x07 || s.value == 0x9C || (previousWasEscape && s == "\\") { break }
                        previousWasEscape = s.value == 0x1B
                    }
                case "O":
                    _ = scalars.next()
                default:
                    break
                }
                continue
            }
            if scalar.value < 0x20 && scalar != "\t" { continue }
            if (0x7F...0x9F).contains(scalar.value) { continue }
            result.unicodeScalars.append(scalar == "\t" ? " " : scalar)
        }
        return result
    }
}
