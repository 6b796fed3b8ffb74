import Foundation

/// The text layout as a Word document: one paragraph per line.
public enum DOCXWriter {
    public static func render(_ course: Course) throws -> (bytes: [UInt8], skipped: [Question]) {
        let kept = course.questions.filter { BankFormat.docx.holds($0.type) }
        let skipped = course.questions.filter { !BankFormat.docx.holds($0.type) }
        var body = ""
        for line in TextBankParser.render(kept) {
            let bold = TextBankParser.heading(line) != nil
            body += paragraph(line, bold: bold)
        }
        let document = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>
            """
        let bytes = try ZipPackage.make([
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """),
            ("word/document.xml", document),
        ])
        return (bytes, skipped)
    }

    static func paragraph(_ text: String, bold: Bool = false) -> String {
        // Several lines of one field (a long explanation) stay in one paragraph, joined by line breaks.
        let runs = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            "<w:t xml:space=\"preserve\">\(XMLEscape.text(String(line)))</w:t>"
        }.joined(separator: "<w:br/>")
        return "<w:p><w:r>\(bold ? "<w:rPr><w:b/></w:rPr>" : "")\(runs)</w:r></w:p>"
    }
}
