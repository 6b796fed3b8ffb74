import Foundation

/// `gongkai import`: bank files in, a course out (merged into the existing one, if any).
public enum BankImport {
    public struct Outcome: Sendable {
        public var course: Course?
        public var imported: [Question]
        public var places: [String: BankPlace]
        /// Existing questions replaced by an imported one with the same id, and kept unchanged.
        public var replaced: Int
        public var kept: Int
        public var problems: [BankProblem]
        /// The course file's text, when there are no errors.
        public var yaml: String?
    }

    /// Reads one file of any supported format into drafts.
    public static func drafts(file: String, bytes: [UInt8], format: BankFormat) -> (drafts: [QuestionDraft], problems: [BankProblem]) {
        switch format {
        case .xlsx: return XLSXReader.drafts(file: file, bytes: bytes)
        case .csv: return CSVReader.drafts(file: file, bytes: bytes)
        case .docx: return DOCXReader.drafts(file: file, bytes: bytes)
        case .txt:
            guard let text = TextDecoding.decode(bytes) else { return ([], [BankProblem(BankPlace(file: file, number: 0), .error, .notEncoded)]) }
            return TextBankParser.drafts(file: file, lines: TextDecoding.lines(text))
        case .gift:
            guard let text = TextDecoding.decode(bytes) else { return ([], [BankProblem(BankPlace(file: file, number: 0), .error, .notEncoded)]) }
            return GIFTFormat.drafts(file: file, text: text)
        case .moodleXML: return MoodleXMLFormat.drafts(file: file, bytes: bytes)
        }
    }

    /// Everything `import` decides: reads every file, checks every question, merges into `existing`.
    /// `files` are (name shown in messages, format, content).
    public static func run(
        files: [(name: String, format: BankFormat, bytes: [UInt8])], courseID: String, title: String, existing: Course?
    ) -> Outcome {
        var drafts: [QuestionDraft] = []
        var problems: [BankProblem] = []
        for file in files {
            let read = self.drafts(file: file.name, bytes: file.bytes, format: file.format)
            problems += read.problems
            if read.drafts.isEmpty, read.problems.errorCount == 0 {
                problems.append(BankProblem(BankPlace(file: file.name, number: 0), .error, .noQuestions))
            }
            drafts += read.drafts
        }
        let assembled = BankAssembler.assemble(drafts)
        problems += assembled.problems
        problems.sort { ($0.place.file, $0.place.sheet ?? "", $0.place.number) < ($1.place.file, $1.place.sheet ?? "", $1.place.number) }
        let merged = merge(assembled.questions, into: existing, courseID: courseID, title: title)
        var yaml: String?
        if problems.errorCount == 0, !assembled.questions.isEmpty {
            yaml = faithfulYAML(merged.course)
            if yaml == nil { problems.append(BankProblem(BankPlace(file: courseID + ".yaml", number: 0), .error, .cannotWriteFaithfully)) }
        }
        return Outcome(
            course: merged.course, imported: assembled.questions, places: assembled.places, replaced: merged.replaced,
            kept: merged.kept, problems: problems, yaml: yaml)
    }

    /// The course file, only if reading it back gives exactly this course: a field the writer
    /// does not know (a question type added later) stops the import instead of being lost.
    public static func faithfulYAML(_ course: Course) -> String? {
        let yaml = CourseYAMLWriter.render(course)
        // Deadline drills are read back against the calendar they were loaded with.
        let calendar = course.questions.lazy.compactMap { q -> HolidayCalendar? in
            if case .deadline(let scenario) = q.answer { return scenario.calendar }
            return nil
        }.first
        let back = CourseLibrary.load(sources: [(course.id + ".yaml", yaml)], calendar: calendar)
        guard back.errorCount == 0, back.courses.count == 1, back.courses[0] == course else { return nil }
        return yaml
    }

    /// Imported questions replace the existing ones with the same id and are added after the rest;
    /// lessons and quiz settings stay; the version goes up when the questions change.
    public static func merge(_ imported: [Question], into existing: Course?, courseID: String, title: String)
        -> (course: Course, replaced: Int, kept: Int)
    {
        guard let existing else {
            return (Course(id: courseID, title: title, version: 1, questions: imported), 0, 0)
        }
        let importedByID = Dictionary(imported.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var questions: [Question] = []
        var replaced = 0
        var kept = 0
        var placed: Set<String> = []
        for question in existing.questions {
            if let new = importedByID[question.id] {
                questions.append(new)
                placed.insert(question.id)
                replaced += 1
            } else {
                questions.append(question)
                kept += 1
            }
        }
        questions += imported.filter { !placed.contains($0.id) }
        var course = existing
        course.questions = questions
        if questions != existing.questions { course.version += 1 }
        course.digest = CourseDigest.compute(course)
        return (course, replaced, kept)
    }
}
