/// What is said about the report cache (`Results/.cache/`): only when it was there and could not be used.
public enum CacheText: CatalogueMessage {
    case notUsed(CacheProblem)

    public func text(in l: Language) -> String {
        switch self {
        case .notUsed(let cache):
            switch cache.problem {
            case .damaged:
                return l.pick("提示：报表缓存 \(cache.path) 已损坏，本次未使用，将重新生成（可随时删除）。",
                    "note: the report cache \(cache.path) is damaged; not used this time, it is rebuilt (safe to delete).")
            case .unreadable(let error):
                return l.pick("提示：报表缓存 \(cache.path) 无法使用（\(FileProblemMessage(error).text(in: l))），本次不用缓存。",
                    "note: the report cache \(cache.path) cannot be used (\(FileProblemMessage(error).text(in: l))); this report runs without it.")
            }
        }
    }
}
