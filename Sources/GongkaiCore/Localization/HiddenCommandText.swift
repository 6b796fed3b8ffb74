/// What the hidden test-data commands (`bench-generate`, `demo-generate`) say: like every
/// other command, in the language of `--lang`.
public enum HiddenCommandText: CatalogueMessage, Equatable {
    case benchAbstract, demoAbstract
    case resultsOption, attemptsOption, unitsOption, seedOption, todayOption
    case noValidCourses(String)
    case noRosterSession
    case cannotWrite(String)
    case benchWritten(records: Int, people: Int, units: Int, folder: String)
    case demoWritten(attempts: Int, units: Int, folder: String)

    public func text(in l: Language) -> String {
        switch self {
        case .benchAbstract: return l.pick("生成用于性能测试的模拟答题记录。", "Generate synthetic attempt records for benchmarks.")
        case .demoAbstract: return l.pick("按花名册生成一个演示用的培训日。", "Generate a demonstration training day from the roster.")
        case .resultsOption: return l.pick("要填充的结果文件夹。", "Results folder to fill.")
        case .attemptsOption: return l.pick("答题记录条数。", "Number of attempt records.")
        case .unitsOption: return l.pick("单位个数。", "Number of units.")
        case .seedOption: return l.pick("随机种子。", "Random seed.")
        case .todayOption: return l.pick("查看结果的日期（YYYY-MM-DD）。", "The day the office looks at the results (YYYY-MM-DD).")
        case .noValidCourses(let path): return l.pick("\(path) 下没有有效的课程", "no valid courses under \(path)")
        case .noRosterSession: return l.pick("花名册中没有培训场次", "no roster with a session")
        case .cannotWrite(let path): return l.pick("无法写入 \(path)", "cannot write \(path)")
        case .benchWritten(let records, let people, let units, let folder):
            return l.pick("已在 \(folder) 写入 \(records) 条答题记录（\(people) 人，\(units) 个单位）", "wrote \(records) attempt records for \(people) people in \(units) units under \(folder)")
        case .demoWritten(let attempts, let units, let folder):
            return l.pick("已在 \(folder) 生成演示培训日：\(attempts) 条答题记录，\(units) 个单位", "wrote a demonstration training day: \(attempts) attempts for \(units) units under \(folder)")
        }
    }
}
