/// Turns what someone typed after `--session`, `--unit` and `--course` into the ids the
/// reports filter on, or says why it cannot: a filter that matches nothing is an error,
/// never an empty report.
public enum ReportFilterProblem: Error, Sendable, Equatable {
    case unknownSession(String, suggestion: String?, known: [String])
    case noSessionOnDate(String, known: [String])
    case sessionsOnDate(String, ids: [String])
    case unknownUnit(String, suggestion: String?, candidates: [String])
    case unknownCourse(String, suggestion: String?, candidates: [String])
    case ambiguousCourse(String, ids: [String])

    public var message: ReportCommandText {
        switch self {
        case .unknownSession(let t, let s, let k): return .unknownSession(t, suggestion: s, known: k)
        case .noSessionOnDate(let d, let k): return .noSessionOnDate(d, known: k)
        case .sessionsOnDate(let d, let ids): return .sessionsOnDate(d, ids: ids)
        case .unknownUnit(let t, let s, let c): return .unknownUnit(t, suggestion: s, candidates: c)
        case .unknownCourse(let t, let s, let c): return .unknownCourse(t, suggestion: s, candidates: c)
        case .ambiguousCourse(let t, let ids): return .ambiguousCourse(t, ids: ids)
        }
    }
}

extension ReportFilter {
    /// The filter with each given session, unit and course replaced by its id.
    /// A session may be given by id or by the date it was held (if only one was);
    /// a unit by id, name, alias or a part of one name (as the shell takes it), or a
    /// unit seen only in the records; a course by id, title, a prefix of either, or
    /// an id seen only in the records.
    public func resolved(library: CourseLibrary, records: RecordSet) -> Result<ReportFilter, ReportFilterProblem> {
        var out = self
        let roster = library.roster ?? Roster()
        if let given = session {
            let text = Self.trim(given)
            if let found = roster.session(id: text) {
                out.session = found.id
            } else if let date = LocalDate(parsing: text) {
                let held = roster.sessions.filter { $0.date == date }
                switch held.count {
                case 1: out.session = held[0].id
                case 0: return .failure(.noSessionOnDate(date.description, known: Self.sessionLabels(roster)))
                default: return .failure(.sessionsOnDate(date.description, ids: held.map(\.id)))
                }
            } else if let folded = roster.sessions.first(where: { TextNormalization.fold($0.id) == TextNormalization.fold(text) || $0.title == text }) {
                out.session = folded.id
            } else {
                let suggestion = Self.closest(text, in: roster.sessions.map(\.id))
                return .failure(.unknownSession(text, suggestion: suggestion, known: Self.sessionLabels(roster)))
            }
        }
        if let given = unit {
            let text = Self.trim(given)
            if let found = roster.findUnit(text) {
                out.unit = found.id
            } else {
                let matches = roster.unitsMatching(text)
                if matches.count == 1 {
                    out.unit = matches[0].id
                } else if Self.recordUnits(records).contains(text) {
                    out.unit = text
                } else {
                    let names = roster.units.map(\.id) + roster.units.map(\.name) + roster.units.flatMap(\.aliases)
                    let suggestion = matches.isEmpty ? Self.closest(text, in: names + Self.recordUnits(records).sorted()) : nil
                    return .failure(.unknownUnit(text, suggestion: suggestion, candidates: matches.map { "\($0.name)（\($0.id)）" }))
                }
            }
        }
        if let given = course {
            let text = Self.trim(given)
            switch library.lookupCourse(text) {
            case .found(let found): out.course = found.id
            case .ambiguous(let courses): return .failure(.ambiguousCourse(text, ids: courses.map(\.id)))
            case .none:
                if records.attemptCourses.contains(text) || records.attempts.contains(where: { $0.course == text }) {
                    out.course = text
                } else {
                    let suggestion = Self.closest(text, in: library.courses.map(\.id) + library.courses.map(\.title))
                    return .failure(.unknownCourse(text, suggestion: suggestion, candidates: []))
                }
            }
        }
        return .success(out)
    }

    static func trim(_ text: String) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    static func sessionLabels(_ roster: Roster) -> [String] {
        roster.sessions.map { "\($0.id)（\($0.date)）" }
    }

    static func recordUnits(_ records: RecordSet) -> Set<String> {
        var units = Set(records.attendance.map(\.trainee.unit))
        for attempt in records.attempts { units.insert(attempt.trainee.unit) }
        for audit in records.audits { units.insert(audit.unit) }
        units.formUnion(records.attemptUnits)
        return units
    }

    /// The candidate within two edits, and not a short word turned into another one.
    static func closest(_ text: String, in candidates: [String]) -> String? { Suggestion.closestName(to: text, in: candidates) }
}

extension ReportFormat {
    /// The extension of a file name, lowercased, without the dot ("" when there is none).
    public static func fileExtension(of path: String) -> String {
        let name = PathJoin.fileName(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// Why `--out path` cannot be written, if it cannot: an extension gongkai does not
    /// write (`.xls`, `.pdf`), or no extension and no `--format`. Never a silent table.
    /// With `--format` given, any other name is fine (`--out report.pipe`, `/dev/stdout`),
    /// except one that names an office document the format is not, or a text file for a workbook.
    public static func outProblem(_ path: String, format: ReportFormat?) -> ReportCommandText? {
        let ext = fileExtension(of: path)
        let documents: Set<String> = ["xlsx", "xls", "xlsm", "et", "ods", "pdf", "docx", "doc", "wps", "odt"]
        if let format {
            if format == .xlsx { return ["csv", "json", "html", "htm", "md", "txt"].contains(ext) ? .unsupportedOut(path: path, extension: ext) : nil }
            return documents.contains(ext) ? .unsupportedOut(path: path, extension: ext) : nil
        }
        if ext.isEmpty { return .unsupportedOut(path: path, extension: "") }
        return ReportFormat(fileExtension: path) == nil ? .unsupportedOut(path: path, extension: ext) : nil
    }
}
