/// Everything `gongkai export xapi` and `gongkai push` say.
public enum XAPIText: CatalogueMessage {
    case exported(statements: Int, attempts: Int, signIns: Int, audits: Int, path: String?)
    case nothingToExport
    case unknownSession(String)
    case badLRSURL(String)
    case credentialsInURL
    case noCredentials
    case unreadableCredentials(path: String, reason: String)
    case malformedCredentials(path: String)
    case progress(done: Int, total: Int)
    case pushed(confirmed: Int, stored: Int, held: Int, batches: Int, url: String)
    case unauthorized(status: Int, message: String)
    case rejected(status: Int, message: String)
    case conflict(message: String)
    case unreachable(url: String, reason: String, attempts: Int)
    case unexpected(status: Int, message: String)
    case confirmedBeforeError(confirmed: Int, total: Int)
    case badBatchSize(String)
    case rosterInvalid(String)
    case defaultHomePage(String)

    public func text(in l: Language) -> String {
        switch self {
        case .exported(let n, let a, let s, let u, let path):
            let whereTo = path.map { l.pick("，已写入 \($0)", "; wrote \($0)") } ?? ""
            return l.pick(
                "导出 \(n) 条 xAPI 语句：\(a) 份测验、\(s) 次签到、\(u) 次自查修订\(whereTo)",
                "Exported \(counted(n, "xAPI statement")): \(counted(a, "attempt")), \(counted(s, "sign-in")), \(counted(u, "self-audit revision"))\(whereTo)")
        case .nothingToExport:
            return l.pick("没有符合条件的记录，未导出任何语句", "no records match: nothing exported")
        case .unknownSession(let id):
            return l.pick("名册中没有培训场次 '\(id)'，记录中也没有", "no training session '\(id)' in the roster or the records")
        case .badLRSURL(let url):
            return l.pick(
                "--lrs '\(url)' 不是 http:// 或 https:// 开头的 LRS 地址（如 https://lrs.example.gov.cn/xAPI/）",
                "--lrs '\(url)' is not an http:// or https:// LRS address (e.g. https://lrs.example.gov.cn/xAPI/)")
        case .credentialsInURL:
            return l.pick(
                "LRS 地址中不能写用户名和密码：请用环境变量 GONGKAI_LRS_USER 和 GONGKAI_LRS_PASSWORD，或 GONGKAI_LRS_CREDENTIALS 指定的文件",
                "the LRS address must not hold a user name or password: use GONGKAI_LRS_USER and GONGKAI_LRS_PASSWORD, or a file named by GONGKAI_LRS_CREDENTIALS")
        case .noCredentials:
            return l.pick(
                "没有 LRS 账号：请设置环境变量 GONGKAI_LRS_USER 和 GONGKAI_LRS_PASSWORD，或让 GONGKAI_LRS_CREDENTIALS 指向首行为 用户名:密码 的文件",
                "no LRS credentials: set GONGKAI_LRS_USER and GONGKAI_LRS_PASSWORD, or point GONGKAI_LRS_CREDENTIALS at a file whose first line is USER:PASSWORD")
        case .unreadableCredentials(let path, let reason):
            return l.pick("无法读取 LRS 账号文件 \(path)：\(reason)", "cannot read the LRS credentials file \(path): \(reason)")
        case .malformedCredentials(let path):
            return l.pick("LRS 账号文件 \(path) 的第一行应为 用户名:密码", "the first line of the LRS credentials file \(path) must be USER:PASSWORD")
        case .progress(let done, let total):
            return l.pick("已发送 \(done)/\(total) 条语句", "sent \(done)/\(total) statements")
        case .pushed(let confirmed, let stored, let held, let batches, let url):
            return l.pick(
                "LRS \(url) 已确认 \(confirmed) 条语句（分 \(batches) 批）：新存入 \(stored) 条，原已存在 \(held) 条",
                "The LRS at \(url) confirmed \(counted(confirmed, "statement")) in \(counted(batches, "batch", "batches")): \(stored) stored now, \(held) it already had")
        case .unauthorized(let status, let message):
            return l.pick(
                "LRS 拒绝了账号（HTTP \(status)）：用户名或密码不对，或该账号无权写入语句\(Self.quoted(message, l))",
                "the LRS refused the credentials (HTTP \(status)): wrong user or password, or no right to write statements\(Self.quoted(message, l))")
        case .rejected(let status, let message):
            return l.pick("LRS 拒收语句（HTTP \(status)）：\(message)", "the LRS rejected the statements (HTTP \(status)): \(message)")
        case .conflict(let message):
            return l.pick(
                "LRS 中已有编号相同但内容不同的语句（HTTP 409）：\(message)",
                "the LRS already holds different statements under the same ids (HTTP 409): \(message)")
        case .unreachable(let url, let reason, let attempts):
            return l.pick(
                "无法连接 LRS \(url)（试了 \(attempts) 次）：\(reason)",
                "cannot reach the LRS at \(url) (\(counted(attempts, "try", "tries"))): \(reason)")
        case .unexpected(let status, let message):
            return l.pick("LRS 返回了意外的 HTTP \(status)\(Self.quoted(message, l))", "the LRS answered with an unexpected HTTP \(status)\(Self.quoted(message, l))")
        case .confirmedBeforeError(let confirmed, let total):
            return l.pick(
                "此前 LRS 已确认 \(confirmed)/\(total) 条；记录都还在，问题解决后再次运行 push 即可，已发送的不会重复",
                "The LRS had confirmed \(confirmed)/\(total) statements before this; every record is still here: run push again once fixed, nothing is sent twice")
        case .rosterInvalid(let file):
            return l.pick(
                "名册 \(file) 有错误：xAPI 账号所属的网址（xapi.home_page）取自名册，请先改正（gongkai validate）",
                "the roster \(file) has errors: xAPI accounts take their home page (xapi.home_page) from it; fix it first (gongkai validate)")
        case .defaultHomePage(let page):
            return l.pick(
                "提示：名册未设置 xapi.home_page，账号和活动使用 \(page)；多个县共用一个 LRS 时请在名册中设置本县网址",
                "note: the roster sets no xapi.home_page, so accounts and activities use \(page); set your county's address there when several counties share one LRS")
        case .badBatchSize(let value):
            return l.pick("--batch '\(value)' 应为 1 到 1000 之间的整数", "--batch '\(value)' must be a whole number from 1 to 1000")
        }
    }

    static func quoted(_ message: String, _ l: Language) -> String { message.isEmpty ? "" : l.pick("：\(message)", ": \(message)") }
}

/// Help text of `gongkai export xapi` and `gongkai push`.
public enum XAPIHelp: CatalogueMessage {
    case exportAbstract, exportXAPIAbstract, exportXAPIDiscussion, pushAbstract, pushDiscussion
    case sinceOption, sessionOption, outOption, resultsOption, lrsOption, batchOption

    public func text(in l: Language) -> String {
        switch self {
        case .exportAbstract: return l.pick("导出记录或课程。", "Export records or courses.")
        case .exportXAPIAbstract:
            return l.pick("把测验、签到和自查记录导出为 xAPI 语句（JSON Lines）。", "Export attempts, sign-ins and self-audits as xAPI statements (JSON Lines).")
        case .exportXAPIDiscussion:
            return l.pick(
                "每行一条语句；语句编号由记录编号推出，同样的记录总是得到同样的语句。对照表见 README。",
                "One statement per line; statement ids derive from record ids, so the same records always give the same statements. The mapping is in the README.")
        case .pushAbstract:
            return l.pick("把 xAPI 语句发送到学习记录库（LRS）。", "Send xAPI statements to a Learning Record Store (LRS).")
        case .pushDiscussion:
            return l.pick(
                "账号取自环境变量 GONGKAI_LRS_USER 和 GONGKAI_LRS_PASSWORD，或 GONGKAI_LRS_CREDENTIALS 指定的文件（首行 用户名:密码），不从命令行读取。重复推送、中断后再推送都不会产生重复语句。",
                "Credentials come from GONGKAI_LRS_USER and GONGKAI_LRS_PASSWORD, or the file named by GONGKAI_LRS_CREDENTIALS (first line USER:PASSWORD), never from the command line. Pushing again, or after an interruption, never duplicates a statement.")
        case .sinceOption: return l.pick("只含该日（含）以后的记录。", "Only records made on or after this day.")
        case .sessionOption: return l.pick("只含该培训场次的记录。", "Only records of this training session.")
        case .outOption: return l.pick("写入该文件（原子写入），而不是标准输出。", "Write to this file (atomically) instead of standard output.")
        case .resultsOption: return l.pick("记录目录，可多次给出（默认 ./Results，环境变量 GONGKAI_RESULTS）。", "Results folder; may be repeated (default ./Results, env GONGKAI_RESULTS).")
        case .lrsOption: return l.pick("LRS 的 xAPI 地址，如 https://lrs.example.gov.cn/xAPI/", "The LRS's xAPI endpoint, e.g. https://lrs.example.gov.cn/xAPI/")
        case .batchOption: return l.pick("每批语句数，1–1000（默认 100）。", "Statements per batch, 1–1000 (default 100).")
        }
    }
}
