import Foundation

/// Word documents: the paragraphs of `word/document.xml`, read as the text layout.
public enum DOCXReader {
    public static func paragraphs(_ bytes: [UInt8]) throws -> [String] {
        let package = try ZipPackage(bytes: bytes)
        guard let document = try package.xml("word/document.xml") else { throw XMLTreeError(line: 0, reason: "word/document.xml missing") }
        var numbering = WordNumbering(numbering: try package.xml("word/numbering.xml"), styles: try package.xml("word/styles.xml"))
        var paragraphs: [String] = []
        for p in document.descendants("p") {
            var text = ""
            collect(p, into: &text)
            // Word's automatic numbering (1. 2. 3. or A. B. C.) is not in the text: write it in, as a reader sees it.
            text = numbering.label(for: p).map { $0 + text } ?? text
            // A line break inside a paragraph (Shift+Enter) separates lines like a new paragraph.
            paragraphs += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return paragraphs
    }

    static func collect(_ element: XMLElement, into text: inout String) {
        for child in element.children {
            switch child.localName {
            case "t": text += child.text
            case "tab": text += "\t"
            case "br", "cr": text += "\n"
            case "p": continue  // nested paragraphs (text boxes) are read on their own
            default: collect(child, into: &text)
            }
        }
    }

    public static func drafts(file: String, bytes: [UInt8]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        do {
            return TextBankParser.drafts(file: file, lines: try paragraphs(bytes))
        } catch {
            return ([], [BankProblem(BankPlace(file: file, number: 0), .error, .cannotOpen(format: "docx", reason: XLSXReader.describe(error)))])
        }
    }
}
