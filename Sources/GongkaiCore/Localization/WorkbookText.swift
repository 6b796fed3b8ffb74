/// Wording of report workbooks (`--format xlsx`) and of choosing one table (`--table`).
public enum WorkbookText: CatalogueMessage {
    case summarySheet
    /// Help for `report --table NAME`.
    case tableOption
    case colItem, colValue
    case rowReport, rowScope, rowGenerated, rowJudgedOn, rowNote
    /// `--format xlsx` with no `--out`, on a terminal.
    case binaryToTerminal
    /// `--table` with a format other than csv.
    case tableNeedsCSV(String)
    /// `--table NAME` names no table of the report.
    case unknownTable(String, kind: String, tables: [(name: String, title: String)])

    public func text(in l: Language) -> String {
        switch self {
        case .summarySheet: return l.pick("概况", "Summary")
        case .tableOption:
            return l.pick(
                "CSV 写该表格而不是主表格（如 units、people、courses、rectifications；写错时列出可用的表格）。",
                "CSV holds this table instead of the main one (e.g. units, people, courses, rectifications; a wrong name lists the tables).")
        case .colItem: return l.pick("项目", "Item")
        case .colValue: return l.pick("内容", "Value")
        case .rowReport: return l.pick("报表", "Report")
        case .rowScope: return l.pick("范围", "Scope")
        case .rowGenerated: return l.pick("生成时间", "Generated")
        case .rowJudgedOn: return l.pick("判断日期", "Judged as of")
        case .rowNote: return l.pick("说明", "Note")
        case .binaryToTerminal:
            return l.pick(
                "xlsx 工作簿是二进制文件，不能显示在终端上。请用 --out 文件名.xlsx 写入文件，或把输出重定向到文件。",
                "An xlsx workbook is binary and is not shown on a terminal. Write it with --out FILE.xlsx, or redirect the output to a file.")
        case .tableNeedsCSV(let format):
            return l.pick(
                "--table 只用于 csv（xlsx 每个表格一个工作表），不能与 --format \(format) 同用",
                "--table is for csv only (xlsx has a sheet for every table); it cannot be used with --format \(format)")
        case .unknownTable(let name, let kind, let tables):
            let list = tables.map { l.pick("\($0.name)（\($0.title)）", "\($0.name) (\($0.title))") }.joined(separator: l.pick("、", ", "))
            return tables.isEmpty
                ? l.pick("\(kind) 报表没有表格“\(name)”：该报表没有表格", "The \(kind) report has no table '\(name)': it has no tables")
                : l.pick("\(kind) 报表没有表格“\(name)”。可用：\(list)", "The \(kind) report has no table '\(name)'. Tables: \(list)")
        }
    }
}
