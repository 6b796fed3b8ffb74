/// What gongkai says when the machine, not the data, is at fault, or when copies disagree.
public enum HardeningText: CatalogueMessage, Equatable {
    /// A record or folder the machine failed to read: the report is not produced.
    case readFailed(path: String, reason: String)
    case readFailedSummary(Int)
    /// Two results folders hold one record id with different content.
    case conflictWarning(record: String)
    case conflictNote(Int)
    /// The readline history path holds something other than a regular file.
    case historySkipped(path: String)
    /// `resume` of an autosave whose attempt is already recorded.
    case alreadyRecorded
    /// `--seed` with a value that is not a non-negative integer (`-1` looked like an option to the parser).
    case badSeedOption(String)
    /// A record whose digest fails (or is missing), where a result would be shown.
    case recordAltered
    /// Start-up found no course to teach or report on.
    case noCourses(path: String)
    /// The limit of open files is below what the program needs to run at all.
    case openFileLimit(limit: Int, needed: Int)
    /// The process ran out of memory under a memory limit (ulimit -v or -d).
    case outOfMemory

    public func text(in l: Language) -> String {
        switch self {
        case .readFailed(let path, let reason): return l.pick("错误：读取 \(path) 失败：\(reason)", "error: could not read \(path): \(reason)")
        case .readFailedSummary(let n):
            return l.pick(
                "有 \(n) 个文件或文件夹因系统原因无法读取，报表不完整，未生成。",
                "\(n) \(n == 1 ? "file or folder" : "files or folders") could not be read (a fault of the machine, not of the records); the report would be incomplete and was not produced.")
        case .conflictWarning(let path):
            return l.pick("警告：\(path) 与另一份结果中同一编号的记录内容不同（冲突，仅采用先读到的一份）", "warning: \(path) has the same id as a record in another results folder but different content (conflict; the first one read is used)")
        case .openFileLimit(let limit, let needed):
            return l.pick(
                "错误：打开文件数上限（ulimit -n）为 \(limit)，gongkai 至少需要 \(needed)；请提高上限后重试。",
                "error: the limit of open files (ulimit -n) is \(limit); gongkai needs at least \(needed) (too many open files otherwise). Raise it and try again.")
        case .outOfMemory:
            return l.pick(
                "错误：内存不足（受 ulimit -v 或 -d 限制），gongkai 已停止（记录均为整体写入，不会留下半个文件）。请提高内存上限后重试。",
                "error: out of memory under the memory limit (ulimit -v or -d); gongkai stopped (records are written whole, so none is left half-written). Raise the limit and try again.")
        case .noCourses(let path):
            return l.pick(
                "错误：没有从 \(path) 载入任何课程。请用 --courses 指定课程文件夹，或运行 gongkai validate 检查课程文件。",
                "error: no courses were loaded from \(path). Give the course folder with --courses, or check the course files with gongkai validate.")
        case .recordAltered: return l.pick("记录已被改动，不计入", "record altered; not counted")
        case .badSeedOption(let v): return l.pick("错误：--seed 应为非负整数，而不是“\(v)”", "error: --seed must be a non-negative integer, not '\(v)'")
        case .alreadyRecorded:
            return l.pick("这次答题已经提交并保存过（程序在提交后中断）；以下是已保存的成绩，自动保存已删除。", "this attempt was already submitted and recorded (the program stopped just after); here is the recorded result, and the autosave is removed.")
        case .historySkipped(let path):
            return l.pick("警告：\(path) 不是普通文件（管道、设备或符号链接），本次不读写命令历史", "warning: \(path) is not a regular file (a FIFO, device or symlink); command history is not used this time")
        case .conflictNote(let n): return l.pick("\(n) 条记录在不同结果文件夹中内容冲突", "\(n) \(n == 1 ? "record conflicts" : "records conflict") between results folders")
        }
    }
}
