/// How a fill-in answer is compared with the accepted answers: as people write it.
/// On top of `TextNormalization.answerKey`, Chinese numerals become digits
/// (三十一 → 31, 二〇二〇 → 2020), leading zeros go (03 → 3), and 号 after
/// “N月N” becomes 日, so `三月三十一号`, `03月31日` and `3月31日` compare equal.
/// Both the typed answer and every accepted answer go through the same folding.
public enum FillAnswerKey {
    public static func key(_ text: String) -> String {
        let folded = TextNormalization.fold(text)
        let digits = stripLeadingZeros(chineseNumeralsToDigits(folded))
        return TextNormalization.answerKey(dayMarkToRi(digits))
    }

    static let numeralDigits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let numeralUnits: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    /// Replaces each run of Chinese numeral characters with its value in digits.
    static func chineseNumeralsToDigits(_ text: String) -> String {
        var result = ""
        var run: [Character] = []
        func flush() {
            guard !run.isEmpty else { return }
            if let value = numeralValue(run) { result += value } else { result += String(run) }
            run = []
        }
        for character in text {
            if numeralDigits[character] != nil || numeralUnits[character] != nil {
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// 三十一 → "31", 十五 → "15", 一百零五 → "105", 二〇二〇 → "2020" (no units: digit by digit).
    /// A run that is not a well-formed number (e.g. 十十) is left as written.
    static func numeralValue(_ run: [Character]) -> String? {
        if !run.contains(where: { numeralUnits[$0] != nil }) {
            return run.map { String(numeralDigits[$0]!) }.joined()
        }
        var total = 0
        var pending: Int? = nil
        var lastUnit = Int.max
        for character in run {
            if let digit = numeralDigits[character] {
                if digit == 0 { pending = nil; continue }
                guard pending == nil else { return nil }
                pending = digit
            } else if let unit = numeralUnits[character] {
                guard unit < lastUnit else { return nil }
                total += (pending ?? 1) * unit
                pending = nil
                lastUnit = unit
            }
        }
        return String(total + (pending ?? 0))
    }

    /// "03" → "3", "000" → "0"; digits after a decimal point are kept as written.
    static func stripLeadingZeros(_ text: String) -> String {
        var result = ""
        var previous: Character? = nil
        var inRun = false
        var keepRun = false
        var run = ""
        func flush() {
            guard inRun else { return }
            if keepRun {
                result += run
            } else {
                let trimmed = run.drop { $0 == "0" }
                result += trimmed.isEmpty ? "0" : String(trimmed)
            }
            run = ""
            inRun = false
        }
        for character in text {
            if character.isASCII && character.isNumber {
                if !inRun {
                    inRun = true
                    keepRun = previous == "."
                }
                run.append(character)
            } else {
                flush()
                result.append(character)
            }
            previous = character
        }
        flush()
        return result
    }

    /// 号 becomes 日 only where it closes a date: digits, 月, digits, 号 (文号 such as 109号 stay).
    static func dayMarkToRi(_ text: String) -> String {
        let characters = Array(text)
        var result = characters
        for index in characters.indices where characters[index] == "号" {
            var cursor = index - 1
            var dayDigits = 0
            while cursor >= 0, characters[cursor].isASCII, characters[cursor].isNumber { dayDigits += 1; cursor -= 1 }
            guard dayDigits > 0, cursor >= 0, characters[cursor] == "月" else { continue }
            cursor -= 1
            guard cursor >= 0, characters[cursor].isASCII, characters[cursor].isNumber else { continue }
            result[index] = "日"
        }
        return String(result)
    }
}
