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
            case .partlyDamaged:
                return l.pick("提示：报表缓存 \(cache.path) 有一部分已损坏（可能是写入中断），其余部分已使用，损坏部分将被重写。",
                    "note: part of the report cache \(cache.path) is damaged (an interrupted write?); the rest was used and it is rewritten.")
            case .otherVersion:
                return l.pick("提示：报表缓存 \(cache.path) 由其他版本的 gongkai 写入，本次未使用，将重新生成。",
                    "note: the report cache \(cache.path) was written by another version of gongkai; not used this time, it is rebuilt.")
            case .notWritten(let error):
                return l.pick("提示：报表缓存 \(cache.path) 无法写入（\(FileProblemMessage(error).text(in: l))），下次报表会重新读取新增的记录。",
                    "note: the report cache \(cache.path) cannot be written (\(FileProblemMessage(error).text(in: l))); the next report reads the new records again.")
            case .unreadable(let error):
                return l.pick("提示：报表缓存 \(cache.path) 无法使用（\(FileProblemMessage(error).text(in: l))），本次不用缓存。",
                    "note: the report cache \(cache.path) cannot be used (\(FileProblemMessage(error).text(in: l))); this report runs without it.")
            }
        }
    }
}
