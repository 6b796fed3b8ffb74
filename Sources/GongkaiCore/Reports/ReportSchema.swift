extension Report.Kind {
    /// The version of this kind's JSON shape; raised when a member changes type or meaning
    /// (`docs/schema/<kind>.schema.json` describes the current one).
    public var schemaVersion: Int {
        switch self {
        // 2: `unanswered`, `open` and `overdue` are counts; the lists are `unansweredItems`, `openItems`, `overdueItems`.
        case .audits, .completion: return 2
        // 2: one certificate per person and session (`modules`, `session`), not per module.
        case .certificates: return 2
        default: return 1
        }
    }

    /// `gongkai.report.<kind>/<version>`: the `schema` member of the report's JSON.
    public var schemaID: String { "gongkai.report.\(rawValue)/\(schemaVersion)" }
}
