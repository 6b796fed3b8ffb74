import Foundation

/// Word's list numbering: which paragraphs are numbered, and the number each one shows.
struct WordNumbering {
    /// numId → abstractNumId.
    var abstractOf: [String: String] = [:]
    /// abstractNumId → level → (format, start).
    var levels: [String: [Int: (format: String, start: Int)]] = [:]
    /// styleId → numId of a numbered paragraph style (List Number …).
    var styleNumbers: [String: (numId: String, level: Int)] = [:]
    var counters: [String: [Int: Int]] = [:]
    var lastList: String?

    init(numbering: XMLElement?, styles: XMLElement?) {
        for abstract in numbering?.all("abstractNum") ?? [] {
            guard let id = abstract.attribute("abstractNumId") else { continue }
            for level in abstract.all("lvl") {
                let ilvl = Int(level.attribute("ilvl") ?? "0") ?? 0
                let format = level.child("numFmt")?.attribute("val") ?? "decimal"
                let start = Int(level.child("start")?.attribute("val") ?? "1") ?? 1
                levels[id, default: [:]][ilvl] = (format, start)
            }
        }
        for num in numbering?.all("num") ?? [] {
            if let id = num.attribute("numId"), let abstract = num.child("abstractNumId")?.attribute("val") { abstractOf[id] = abstract }
        }
        for style in styles?.all("style") ?? [] {
            guard let id = style.attribute("styleId"), let numPr = style.child("pPr")?.child("numPr"),
                let numId = numPr.child("numId")?.attribute("val")
            else { continue }
            styleNumbers[id] = (numId, Int(numPr.child("ilvl")?.attribute("val") ?? "0") ?? 0)
        }
    }

    /// `3. ` or `B. ` for a numbered paragraph; nil for others and for bullets.
    mutating func label(for paragraph: XMLElement) -> String? {
        let pPr = paragraph.child("pPr")
        var numId: String?
        var level = 0
        if let numPr = pPr?.child("numPr") {
            numId = numPr.child("numId")?.attribute("val")
            level = Int(numPr.child("ilvl")?.attribute("val") ?? "0") ?? 0
        } else if let style = pPr?.child("pStyle")?.attribute("val"), let numbered = styleNumbers[style] {
            numId = numbered.numId
            level = numbered.level
        }
        guard let numId, numId != "0", let abstract = abstractOf[numId], let definition = levels[abstract]?[level] else {
            lastList = nil
            return nil
        }
        let isLetter = definition.format == "upperLetter" || definition.format == "lowerLetter"
        // A list of option letters starts again after each question; numbered questions run on.
        if isLetter, lastList != abstract + ":\(level)" { counters[abstract]?[level] = nil }
        lastList = abstract + ":\(level)"
        let n = (counters[abstract]?[level] ?? definition.start - 1) + 1
        counters[abstract, default: [:]][level] = n
        for deeper in (counters[abstract] ?? [:]).keys where deeper > level { counters[abstract]?[deeper] = nil }
        switch definition.format {
        case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified":
            // 一、二、… number the sections (一、单选题), as written by hand.
            let numerals = Array("一二三四五六七八九十")
            return n <= numerals.count ? "\(numerals[n - 1])、" : "\(n). "
        case "decimal", "decimalZero", "decimalEnclosedCircle":
            return "\(n). "
        case "upperLetter", "lowerLetter":
            return OptionLetter.letter(n - 1) + ". "
        default:
            return nil
        }
    }
}
