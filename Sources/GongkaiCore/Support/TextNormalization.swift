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

    /// A person's or unit's name as typed, made comparable: NFKC (full-width
    /// letters and spaces folded), trimmed, runs of spaces made one, and spaces
    /// between two Chinese characters dropped, so `王 小明` and `王小明` are one
    /// person while `John  Smith` keeps one space. Case is kept.
    public static func personName(_ text: String) -> String {
        let compatible = text.precomposedStringWithCompatibilityMapping
        var result: [Character] = []
        var pendingSpace = false
        for character in compatible {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace, let last = result.last, !(isCJK(last) && isCJK(character)) { result.append(" ") }
            pendingSpace = false
            result.append(character)
        }
        return String(result)
    }

    /// Han ideographs (and the iteration mark 〇), where a space is never part of a name.
    static func isCJK(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
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
