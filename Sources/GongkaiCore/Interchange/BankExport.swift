import Foundation

/// `gongkai export`: a course out, in one of the editing formats.
public enum BankExport {
    public struct Output: Sendable {
        public var bytes: [UInt8]
        public var exported: Int
        /// Questions the format cannot hold: reported, never silently dropped.
        public var skipped: [Question]
    }

    public static func render(_ course: Course, format: BankFormat) throws -> Output {
        switch format {
        case .xlsx:
            var held = course
            held.questions = course.questions.filter { format.holds($0.type) }
            return Output(bytes: try XLSXWriter.render(held), exported: held.questions.count, skipped: course.questions.filter { !format.holds($0.type) })
        case .docx:
            let out = try DOCXWriter.render(course)
            return Output(bytes: out.bytes, exported: course.questions.count - out.skipped.count, skipped: out.skipped)
        case .gift:
            let out = GIFTFormat.render(course)
            return Output(bytes: Array(out.text.utf8), exported: course.questions.count - out.skipped.count, skipped: out.skipped)
        case .moodleXML:
            let out = MoodleXMLFormat.render(course)
            return Output(bytes: Array(out.text.utf8), exported: course.questions.count - out.skipped.count, skipped: out.skipped)
        case .csv:
            let held = course.questions.filter { format.holds($0.type) }
            let optionCount = course.questions.map { $0.type == .redact ? $0.lines.count : $0.options.count }.max() ?? 4
            let fullHeader = XLSXWriter.header(optionCount: optionCount)
            var text = "\u{FEFF}" + fullHeader.map(csvCell).joined(separator: ",") + "\r\n"
            for q in held { text += XLSXWriter.row(q, optionCount: optionCount).map(csvCell).joined(separator: ",") + "\r\n" }
            return Output(bytes: Array(text.utf8), exported: held.count, skipped: course.questions.filter { !format.holds($0.type) })
        case .txt:
            let kept = course.questions.filter { format.holds($0.type) }
            let text = TextBankParser.render(kept).joined(separator: "\n")
            return Output(bytes: Array(text.utf8), exported: kept.count, skipped: course.questions.filter { !format.holds($0.type) })
        }
    }

    static func csvCell(_ s: String) -> String {
        s.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
