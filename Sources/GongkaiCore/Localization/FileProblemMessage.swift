/// A file-system error in the user's words.
public struct FileProblemMessage: CatalogueMessage, Equatable {
    public let error: FileSystemError

    public init(_ error: FileSystemError) { self.error = error }

    public func text(in l: Language) -> String {
        switch error {
        case .notFound(let p): return l.pick("找不到 \(p)", "\(p) does not exist")
        case .permissionDenied(let p): return l.pick("没有访问 \(p) 的权限", "no permission to access \(p)")
        case .readOnly(let p): return l.pick("\(p) 所在磁盘为只读", "\(p) is on a read-only disk")
        case .noSpace(let p): return l.pick("磁盘已满，无法写入 \(p)", "the disk is full; cannot write \(p)")
        case .exists(let p): return l.pick("\(p) 已存在", "\(p) already exists")
        case .tooLarge(let p, let size): return l.pick("\(p) 过大（\(size) 字节）", "\(p) is too large (\(size) bytes)")
        case .notRegularFile(let p): return l.pick("\(p) 不是普通文件（可能是目录或符号链接）", "\(p) is not a regular file (a folder or a symlink?)")
        case .notADirectory(let p): return l.pick("\(p) 是一个文件，但这里需要一个文件夹", "\(p) is a file where a folder is needed")
        case .notUTF8(let p): return l.pick("\(p) 不是 UTF-8 文本", "\(p) is not UTF-8 text")
        case .io(let p, let code): return l.pick("读写 \(p) 出错（错误码 \(code)）", "I/O error on \(p) (errno \(code))")
        case .symlink(let p):
            return l.pick("\(p) 是符号链接，为安全起见不写入；请直接给出目标文件的路径", "\(p) is a symbolic link; not written through for safety (give the target's path)")
        case .specialFile(let p):
            return l.pick("\(p) 是管道或设备等特殊文件，已跳过", "\(p) is a FIFO, device or other special file; skipped")
        case .tooManyOpenFiles(let p):
            return l.pick("打开的文件过多，无法读取 \(p)（请提高 ulimit -n）", "too many open files; cannot open \(p) (raise ulimit -n)")
        case .noReader(let p): return l.pick("管道 \(p) 没有读取端，未写入", "the FIFO \(p) has no reader; nothing written")
        }
    }
}

/// Why a stored record was skipped, in the user's words.
public struct RecordProblemMessage: CatalogueMessage, Equatable {
    public let problem: RecordProblem

    public init(_ problem: RecordProblem) { self.problem = problem }

    public func text(in l: Language) -> String {
        switch problem {
        case .notJSON(let reason): return l.pick("不是有效的 JSON（\(reason)）", "not valid JSON (\(reason))")
        case .unknownSchema(let schema):
            return l.pick("未知的记录类型 \(schema ?? "（缺少 schema）")", "unknown record schema \(schema ?? "(no schema)")")
        case .field(let path, let expected): return l.pick("字段 \(path) 应为\(Self.chinese(expected))", "field \(path) must be \(expected)")
        case .tooLarge(let size): return l.pick("文件过大（\(size) 字节），未读取", "file too large (\(size) bytes), not read")
        case .symlink: return l.pick("是符号链接，出于安全不跟随", "is a symbolic link; not followed")
        case .unreadable(let error): return l.pick("无法读取（\(FileProblemMessage(error).text(in: l))）", "cannot be read (\(FileProblemMessage(error).text(in: l)))")
        case .tampered: return l.pick("内容与摘要不符，可能被手工修改过", "no longer matches its digest (edited by hand?)")
        }
    }

    /// The field kinds named by `JSONFields`, in Chinese.
    static func chinese(_ expected: String) -> String {
        let names = [
            "string": "文本", "string or null": "文本或 null", "number": "数字", "integer": "整数", "boolean": "true 或 false",
            "object": "对象", "array": "数组", "array of integers": "整数数组", "ISO 8601 time": "ISO 8601 时间",
            "date YYYY-MM-DD": "日期 YYYY-MM-DD", "exam or practice": "exam 或 practice", "quiz or review": "quiz 或 review",
            "question type": "题型", "option letters": "选项字母", "line numbers": "行号", "a response": "作答内容",
            "pass, fail or na": "pass、fail 或 na", "points between 0 and max": "0 到满分之间的分数",
            "a percent from 0 to 100": "0 到 100 之间的百分数",
        ]
        if let name = names[expected] { return name }
        if expected.hasPrefix("a "), expected.hasSuffix(" response") { return "作答内容" }
        return expected
    }
}
