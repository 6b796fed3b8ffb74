/// A self-audit checklist, `Courses/checklists/<id>.yaml`.
public struct Checklist: Sendable, Equatable {
    public var id: String
    public var title: String
    public var version: Int
    public var items: [ChecklistItem]

    public init(id: String, title: String, version: Int, items: [ChecklistItem]) {
        self.id = id
        self.title = title
        self.version = version
        self.items = items
    }

    public func item(id: String) -> ChecklistItem? { items.first { $0.id == id } }
}

public struct ChecklistItem: Sendable, Equatable {
    public enum Evidence: String, Sendable, CaseIterable {
        case required
        case optional
        case none
    }

    public var id: String
    public var text: String
    public var guidance: String
    public var source: String
    public var evidence: Evidence

    public init(id: String, text: String, guidance: String = "", source: String = "", evidence: Evidence = .optional) {
        self.id = id
        self.text = text
        self.guidance = guidance
        self.source = source
        self.evidence = evidence
    }
}
