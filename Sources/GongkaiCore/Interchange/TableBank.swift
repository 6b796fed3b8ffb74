import Foundation

/// Rows of the template (xlsx sheets, CSV) into drafts: the header row names the columns, in any order.
public enum TableBank {
    public struct Row: Sendable {
        public var number: Int
        public var cells: [String]
        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    public static func drafts(file: String, sheet: String?, sheetType: String?, rows: [Row]) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        var problems: [BankProblem] = []
        // The header row is the first with a 题干 column (a title row may come before it).
        guard let headerIndex = rows.firstIndex(where: { row in row.cells.contains { BankVocabulary.header($0) == .column(.prompt) } }) else {
            if rows.allSatisfy({ $0.cells.allSatisfy { $0.trimmingSpaces.isEmpty } }) { return ([], []) }
            return ([], [BankProblem(BankPlace(file: file, sheet: sheet, number: rows.first?.number ?? 0), .error, .noHeaderRow)])
        }
        let headerRow = rows[headerIndex]
        var headers: [Int: BankVocabulary.Header] = [:]
        var seen: [BankVocabulary.Header: String] = [:]
        for (column, raw) in headerRow.cells.enumerated() where !raw.trimmingSpaces.isEmpty {
            guard let header = BankVocabulary.header(raw) else {
                problems.append(BankProblem(BankPlace(file: file, sheet: sheet, number: headerRow.number), .warning, .unknownColumn(raw.trimmingSpaces)))
                continue
            }
            if header != .ignored, seen[header] != nil {
                problems.append(BankProblem(BankPlace(file: file, sheet: sheet, number: headerRow.number), .error, .duplicateColumn(raw.trimmingSpaces)))
                continue
            }
            seen[header] = raw
            headers[column] = header
        }
        var drafts: [QuestionDraft] = []
        for row in rows[(headerIndex + 1)...] {
            if row.cells.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            var draft = QuestionDraft(place: BankPlace(file: file, sheet: sheet, number: row.number))
            var options: [Int: String] = [:]
            for (column, value) in row.cells.enumerated() {
                guard let header = headers[column] else {
                    // Data under a column without a known header would be lost: say so.
                    if !value.trimmingSpaces.isEmpty, headerRow.cells.indices.contains(column) == false || headerRow.cells[column].trimmingSpaces.isEmpty {
                        problems.append(BankProblem(draft.place, .warning, .unknownColumn(columnName(column))))
                    }
                    continue
                }
                switch header {
                case .ignored: break
                case .option(let index): options[index] = value
                case .column(let c):
                    switch c {
                    case .id: draft.id = value
                    case .type: draft.typeText = value
                    case .prompt: draft.prompt = value
                    case .answer: draft.answer = value
                    case .explanation: draft.explanation = value
                    case .source: draft.source = value
                    case .points: draft.points = value
                    case .tags: draft.tags = value.split(whereSeparator: { "，,、;；".contains($0) }).map { String($0).trimmingSpaces }
                    case .tolerance: draft.tolerance = value
                    case .feedback:
                        let parsed = BankAssembler.parseFeedback(value)
                        draft.feedback = parsed.feedback
                        draft.feedbackProblems = parsed.problems
                    case .reasons: draft.reasons = BankAssembler.parseReasons(value)
                    }
                }
            }
            if draft.typeText.trimmingSpaces.isEmpty, let sheetType { draft.typeText = sheetType }
            let last = options.keys.max() ?? -1
            let texts = last < 0 ? [] : (0...last).map { options[$0] ?? "" }
            if BankVocabulary.type(named: draft.typeText) == .redact {
                draft.lines = texts
            } else {
                draft.options = texts
            }
            drafts.append(draft)
        }
        return (drafts, problems)
    }

    /// Spreadsheet column name: 0 → A, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
