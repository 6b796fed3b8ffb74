/// Wording of `gongkai report`'s honest command line: unsupported files, filters that
/// match nothing, missing results folders, the judging date of `--as-of`, split CSV columns.
public enum ReportCommandText: CatalogueMessage, Equatable {
    /// `--out` names a file whose extension gongkai cannot write.
    case unsupportedOut(path: String, extension: String)
    case unknownSession(String, suggestion: String?, known: [String])
    case noSessionOnDate(String, known: [String])
    case sessionsOnDate(String, ids: [String])
    case unknownUnit(String, suggestion: String?, candidates: [String])
    case unknownCourse(String, suggestion: String?, candidates: [String])
    case ambiguousCourse(String, ids: [String])
    case missingResults(String)
    case judgedOn(String)
    case colPassedAllCount
    case colAttendeesCount

    static let formats = "table (.txt)、csv (.csv)、json (.json)、html (.html/.htm)、md (.md)、xlsx (.xlsx)"
    static let formatsEn = "table (.txt), csv (.csv), json (.json), html (.html, .htm), md (.md), xlsx (.xlsx)"

    public func text(in l: Language) -> String {
        switch self {
        case .unsupportedOut(let path, let ext):
            let shown = ext.isEmpty ? l.pick("无扩展名", "no extension") : "." + ext
            let xlsx = ["xls", "xlsm", "et", "ods"].contains(ext.lowercased())
                ? l.pick("Excel 和 WPS 表格请写 .xlsx 工作簿。", " For Excel and WPS, write an .xlsx workbook.")
                : ""
            return l.pick(
                "无法写入“\(path)”：不支持的文件类型（\(shown)）。支持的格式：\(Self.formats)。\(xlsx)也可用 --format 指定格式。",
                "Cannot write '\(path)': unsupported file type (\(shown)). Supported formats: \(Self.formatsEn).\(xlsx) Or choose one with --format.")
        case .unknownSession(let text, let suggestion, let known):
            return l.pick("花名册中没有培训场次“\(text)”", "The roster has no training session '\(text)'")
                + Self.didYouMean(suggestion, l) + Self.knownList(known, l)
        case .noSessionOnDate(let date, let known):
            return l.pick("花名册中没有在 \(date) 举办的培训场次", "The roster has no training session held on \(date)") + Self.knownList(known, l)
        case .sessionsOnDate(let date, let ids):
            return l.pick(
                "\(date) 有多个培训场次：\(ids.joined(separator: "、"))。请用 --session 给出场次编号。",
                "Several training sessions were held on \(date): \(ids.joined(separator: ", ")). Give the session id with --session.")
        case .unknownUnit(let text, let suggestion, let candidates):
            return l.pick("没有单位“\(text)”（可用编号、名称或简称）", "No unit '\(text)' (give its id, name or alias)")
                + Self.didYouMean(suggestion, l) + Self.candidates(candidates, l)
        case .unknownCourse(let text, let suggestion, let candidates):
            return l.pick("没有课程“\(text)”（可用编号、标题或其开头）", "No course '\(text)' (give its id, title or the start of either)")
                + Self.didYouMean(suggestion, l) + Self.candidates(candidates, l)
        case .ambiguousCourse(let text, let ids):
            return l.pick("“\(text)”对应多门课程：\(ids.joined(separator: "、"))。请给出课程编号。", "'\(text)' matches several courses: \(ids.joined(separator: ", ")). Give the course id.")
        case .missingResults(let path):
            return l.pick("结果文件夹“\(path)”不存在（请检查 --results）", "The results folder '\(path)' does not exist (check --results)")
        case .judgedOn(let date):
            return l.pick("判断日期：\(date)（逾期与否按此日判断）", "Judged as of: \(date) (overdue status as on this day)")
        case .colPassedAllCount: return l.pick("全部通过人数", "Passed all")
        case .colAttendeesCount: return l.pick("参训人数", "Attendees")
        }
    }

    static func didYouMean(_ suggestion: String?, _ l: Language) -> String {
        guard let suggestion else { return "" }
        return l.pick("。您是不是要找“\(suggestion)”？", ". Did you mean '\(suggestion)'?")
    }

    static func knownList(_ known: [String], _ l: Language) -> String {
        guard !known.isEmpty else { return "" }
        let shown = known.prefix(12).joined(separator: l.pick("、", ", ")) + (known.count > 12 ? l.pick("等", ", …") : "")
        return l.pick("。花名册中的场次：\(shown)", ". Sessions in the roster: \(shown)")
    }

    static func candidates(_ candidates: [String], _ l: Language) -> String {
        guard !candidates.isEmpty else { return "" }
        return l.pick("。可能是：\(candidates.prefix(8).joined(separator: "、"))", ". Perhaps: \(candidates.prefix(8).joined(separator: ", "))")
    }
}
