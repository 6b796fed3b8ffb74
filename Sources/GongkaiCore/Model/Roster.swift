/// Units and training sessions, `Courses/roster.yaml`. The office edits it for its own county.
public struct Roster: Sendable, Equatable {
    public var units: [Unit]
    public var sessions: [TrainingSession]
    /// `xapi: {home_page: …}`: the county's web address, under which its people are
    /// xAPI accounts and its courses activities; nil means `XAPIVocabulary.defaultHomePage`.
    public var xapiHomePage: String?
    /// `office:`: who issues the certificates (培训合格证明); nil leaves a line to fill in.
    public var office: String?

    public init(units: [Unit] = [], sessions: [TrainingSession] = [], xapiHomePage: String? = nil) {
        self.units = units
        self.sessions = sessions
        self.xapiHomePage = xapiHomePage
    }

    public func unit(id: String) -> Unit? { units.first { $0.id == id } }

    /// The session people mean when they name none: today's, else the most recent one held, else the next one.
    public func defaultSession(today: LocalDate) -> TrainingSession? {
        sessions.first { $0.date == today } ?? sessions.filter { $0.date <= today }.max { $0.date < $1.date }
            ?? sessions.min { $0.date < $1.date }
    }
    public func session(id: String) -> TrainingSession? { sessions.first { $0.id == id } }

    /// Finds a unit by id, by its Chinese name or by one of its `aliases` (卫健局),
    /// as people type them (full-width letters and stray spaces are forgiven).
    public func findUnit(_ text: String) -> Unit? {
        let needle = TextNormalization.personName(text)
        let folded = TextNormalization.fold(needle)
        return units.first { $0.id == needle } ?? units.first { $0.name == needle }
            ?? units.first { $0.aliases.contains(needle) }
            ?? units.first { $0.id.lowercased() == folded }
            ?? units.first { TextNormalization.fold($0.name) == folded || $0.aliases.contains { TextNormalization.fold($0) == folded } }
    }

    /// Units whose id starts with, or whose name or an alias contains, `text`: for "did you mean".
    public func unitsMatching(_ text: String) -> [Unit] {
        let needle = TextNormalization.personName(text)
        guard !needle.isEmpty else { return [] }
        let lower = needle.lowercased()
        return units.filter { unit in
            unit.id.hasPrefix(lower) || unit.name.contains(needle) || unit.aliases.contains { $0.contains(needle) }
        }
    }

    /// Whether `name` is listed as a contact (联络员) of the unit `unit`.
    public func isContact(_ name: String, of unit: String) -> Bool {
        let wanted = TextNormalization.personName(name)
        return self.unit(id: unit)?.contacts.contains { TextNormalization.personName($0) == wanted } ?? false
    }
}

public struct Unit: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case township
        case department
        case other
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// How many staff the unit is expected to send to each session.
    public var expected: Int
    /// Other names people use for the unit (卫健局 for 卫生健康局), accepted wherever a unit is.
    public var aliases: [String]
    /// The unit's contacts (联络员): they see the unit's attendance, completion and self-audit in the shell.
    public var contacts: [String]

    public init(id: String, name: String, kind: Kind = .department, expected: Int = 1, aliases: [String] = [], contacts: [String] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.expected = expected
        self.aliases = aliases
        self.contacts = contacts
    }
}

public struct TrainingSession: Sendable, Equatable {
    public var id: String
    public var title: String
    public var date: LocalDate
    public var courses: [String]
    public var checklist: String?
    /// `place:`: where the session is held, for the 签到表; nil leaves a line to fill in.
    public var place: String?

    public init(id: String, title: String, date: LocalDate, courses: [String], checklist: String? = nil, place: String? = nil) {
        self.id = id
        self.title = title
        self.date = date
        self.courses = courses
        self.checklist = checklist
        self.place = place
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
