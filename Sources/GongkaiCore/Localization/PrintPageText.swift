/// What printed papers carry besides the report: page numbers, chart legends, signature lines.
public enum PrintPageText: CatalogueMessage {
    /// The text around `counter(page)` / `counter(pages)` in the page footer.
    case pageBefore, pageMiddle, pageAfter
    case legendMet, legendPartly, legendNotMet, legendValues
    case signTabulator, signReviewer, signDate

    public func text(in l: Language) -> String {
        switch self {
        case .pageBefore: return l.pick("第 ", "Page ")
        case .pageMiddle: return l.pick(" 页 共 ", " of ")
        case .pageAfter: return l.pick(" 页", "")
        case .legendMet: return l.pick("实心：达标", "solid: met")
        case .legendPartly: return l.pick("斜线：部分达标", "hatched: partly met")
        case .legendNotMet: return l.pick("网格：未达标", "cross-hatched: not met")
        case .legendValues: return l.pick("条形右侧为数值", "values printed right of each bar")
        case .signTabulator: return l.pick("制表人（签字）：", "Prepared by (signature): ")
        case .signReviewer: return l.pick("审核人（签字）：", "Checked by (signature): ")
        case .signDate: return l.pick("日期：", "Date: ")
        }
    }

    /// The signature lines of a paper handed to leadership (attendance, completion, audits).
    public static func officeSignatures(_ t: Catalogue) -> [String] {
        [t(PrintPageText.signTabulator), t(PrintPageText.signReviewer), t(PrintPageText.signDate)]
    }
}
