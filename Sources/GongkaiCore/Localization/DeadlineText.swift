/// Wording of the deadline calculator (`gongkai deadline`, shell `deadline`, deadline drills).
public indirect enum DeadlineText: CatalogueMessage, Equatable {
    case receipt
    case supplementBy
    case reply
    case extended
    case feePayBy
    case receiptRule(ApplicationMethod)
    case supplementRule
    case supplementLate
    case replyRule(afterSupplement: Bool)
    case extendedRule(approved: Bool)
    case excludedRule
    case feeRule
    case convention
    case countHeading(DeadlineText, start: LocalDate, days: Int)
    case dayCounted(Int)
    case dayWeekend
    case dayHoliday(name: String, notice: String)
    case dayExcluded(ExcludedPeriod.Kind)
    case adjusted(name: String, notice: String)
    case uncoveredWarning(years: [Int], covered: [Int])
    case noCalendar
    case weekday(Int)
    case method(ApplicationMethod)
    case problem(DeadlineProblem)
    case invalidDate(String)
    case badMethod(String)
    case badPeriod(String)
    case methodLine(ApplicationMethod)
    case replyPendingSupplement
    case supplementAsked(requested: String, arrived: String?)
    case printExample(target: DeadlineScenario.Target, received: LocalDate, answer: LocalDate?)

    public func text(in l: Language) -> String {
        switch self {
        case .receipt: return l.pick("收到申请之日", "Date of receipt")
        case .supplementBy: return l.pick("告知补正的最后一日", "Last day to ask for a supplement")
        case .reply: return l.pick("答复期限", "Reply deadline")
        case .extended: return l.pick("延长后的答复期限", "Extended reply deadline")
        case .feePayBy: return l.pick("缴费期限", "Fee payment deadline")
        case .receiptRule(let m):
            switch m {
            case .inPerson: return l.pick("当面提交申请的，以提交之日为收到申请之日（条例第三十一条第一项）", "in person: the day it is handed in (Art. 31(1))")
            case .post: return l.pick("以邮寄方式提交申请的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）", "by post: the day the agency signs for it (Art. 31(2))")
            case .unsignedMail:
                return l.pick("以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日（条例第三十一条第二项）", "unsigned mail: the day the office confirms it with the applicant (Art. 31(2))")
            case .online, .fax:
                return l.pick("通过互联网渠道或者政府信息公开工作机构的传真提交申请的，以双方确认之日为收到申请之日（条例第三十一条第三项）", "internet or fax: the day both sides confirm it (Art. 31(3))")
            }
        case .supplementRule:
            return l.pick("申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知申请人补正（条例第三十条）", "an unclear request: ask once for a supplement within 7 working days of receipt (Art. 30)")
        case .supplementLate:
            return l.pick("注意：补正告知晚于法定的 7 个工作日", "Note: the supplement was asked for after the 7 working days")
        case .replyRule(let after):
            return after
                ? l.pick("答复期限自收到补正的申请之日起计算（条例第三十条），20 个工作日（条例第三十三条第二款）", "counted from the arrival of the supplement (Art. 30): 20 working days (Art. 33(2))")
                : l.pick("不能当场答复的，自收到申请之日起 20 个工作日内答复（条例第三十三条第二款）", "not answered on the spot: within 20 working days of receipt (Art. 33(2))")
        case .extendedRule(let approved):
            let tail = approved ? l.pick("已批准", "approved") : l.pick("未批准延长时不适用", "applies only if approved")
            return l.pick("经政府信息公开工作机构负责人同意并告知申请人，可延长不超过 20 个工作日（条例第三十三条第二款）——\(tail)", "with the approval of the head of the disclosure office and notice to the applicant, up to 20 more working days (Art. 33(2)) — \(tail)")
        case .excludedRule:
            return l.pick("征求第三方和其他机关意见所需时间不计算在答复期限内（条例第三十三条第三款，第三十二条、第三十四条）", "time spent consulting third parties and other agencies is not counted (Art. 33(3), Arts. 32 and 34)")
        case .feeRule:
            return l.pick("发出收费通知至申请人缴费期间不计算在答复期限内；申请人应在收到收费通知次日起 20 个工作日内缴费，这里按发出通知之日计算，通知晚到的相应顺延（国办函〔2020〕109号）", "from the fee notice to payment is not counted; the applicant pays within 20 working days of receiving the notice, counted here from the day it was sent — later if it arrived later (国办函〔2020〕109号)")
        case .convention:
            return l.pick(
                "计算方法：收到申请的当日不计入，自下一日起算（《民法典》第二百零一条）；只计工作日，周六、周日和法定节假日不计，国务院办公厅安排调休上班的周六、周日计入；期限届满之日为最后一个工作日。",
                "Counting: the day of receipt is not counted, counting starts the next day (Civil Code Art. 201); only working days count — Saturdays, Sundays and public holidays are skipped, Saturdays and Sundays worked under the State Council's arrangement count; the period ends on its last working day.")
        case .countHeading(let what, let start, let days):
            return l.pick("逐日核对 · \(what.text(in: l))：自 \(start) 次日起数 \(days) 个工作日", "Day by day · \(what.text(in: l)): \(days) working days after \(start)")
        case .dayCounted(let n): return l.pick("第 \(n) 个工作日", "working day \(n)")
        case .dayWeekend: return l.pick("周末，不计", "weekend, not counted")
        case .dayHoliday(let name, let notice): return l.pick("\(name)放假（\(notice)），不计", "\(name) holiday (\(notice)), not counted")
        case .dayExcluded(let kind):
            switch kind {
            case .thirdParty: return l.pick("征求第三方意见期间，不计", "consulting a third party, not counted")
            case .otherAgency: return l.pick("征求其他机关意见期间，不计", "consulting another agency, not counted")
            case .fee: return l.pick("收费通知至缴费期间，不计", "between fee notice and payment, not counted")
            }
        case .adjusted(let name, let notice): return l.pick("调休上班（\(name)，\(notice)）", "worked weekend day (\(name), \(notice))")
        case .uncoveredWarning(let years, let covered):
            let y = years.map(String.init).joined(separator: "、")
            let c = covered.isEmpty ? l.pick("无", "none") : "\(covered.first!)–\(covered.last!)"
            return l.pick(
                "⚠ 警告：\(y) 年不在节假日日历内（calendar.yaml 覆盖 \(c) 年）。这些年份的日期只按周六、周日休息计算，没有计入法定节假日和调休，结果可能错误！请按国务院办公厅当年的放假通知补充日历后再用。",
                "⚠ WARNING: \(y) is outside the holiday calendar (calendar.yaml covers \(c)). Those dates are counted on weekends alone, without public holidays or worked weekends, and the result may be wrong! Add that year's State Council arrangement to the calendar first.")
        case .noCalendar:
            return l.pick("⚠ 警告：找不到节假日日历（Courses/calendar.yaml），只按周六、周日休息计算！", "⚠ WARNING: no holiday calendar (Courses/calendar.yaml); counting on weekends alone!")
        case .weekday(let n):
            let zh = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
            let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            return l.pick(zh[(n - 1) % 7], en[(n - 1) % 7])
        case .method(let m):
            switch m {
            case .inPerson: return l.pick("当面提交", "in person")
            case .post: return l.pick("邮寄（签收）", "by post (signed for)")
            case .unsignedMail: return l.pick("平信（无需签收）", "unsigned mail")
            case .online: return l.pick("互联网", "internet")
            case .fax: return l.pick("传真", "fax")
            }
        case .problem(let p): return Self.problem(p, l)
        case .invalidDate(let v): return l.pick("日期 '\(v)' 无效，请按 YYYY-MM-DD 输入（如 2025-10-09）", "'\(v)' is not a valid date; type YYYY-MM-DD (e.g. 2025-10-09)")
        case .badMethod(let v):
            return l.pick("提交方式 '\(v)' 无效，可用：in-person（当面）、post（邮寄）、mail（平信）、online（网络）、fax（传真）", "'\(v)' is not a method; use in-person, post, mail, online or fax")
        case .printExample(let target, let received, let answer):
            let a = answer?.description ?? "?"
            return l.pick("\(target.rawValue)（每次作答重新抽取日期；例如收到申请之日为 \(received) 时，答案为 \(a)）", "\(target.rawValue) (dates drawn per attempt; e.g. received \(received) gives \(a))")
        case .replyPendingSupplement:
            return l.pick("注意：补正尚未收到。收到补正后，答复期限自收到补正之日起重新计算（条例第三十条）；上面的日期只是按原收到之日计算的参考。", "Note: the supplement has not arrived. Once it does, the reply period runs from that day (Art. 30); the date above counts from the original receipt, for reference only.")
        case .methodLine(let m): return l.pick("提交方式：", "Method: ") + DeadlineText.method(m).text(in: l)
        case .supplementAsked(let requested, let arrived):
            let tail = arrived.map { l.pick("，\($0) 收到补正", "; supplement arrived \($0)") } ?? l.pick("，尚未收到补正", "; no supplement yet")
            return l.pick("已于 \(requested) 告知补正", "supplement asked for on \(requested)") + tail
        case .badPeriod(let v): return l.pick("期间 '\(v)' 无效，应为 开始日期..结束日期（如 2025-03-10..2025-03-21）", "'\(v)' is not a period; write FROM..TO (e.g. 2025-03-10..2025-03-21)")
        }
    }

    static func problem(_ p: DeadlineProblem, _ l: Language) -> String {
        func kind(_ k: ExcludedPeriod.Kind) -> String {
            switch k {
            case .thirdParty: return l.pick("征求第三方意见", "third-party consultation")
            case .otherAgency: return l.pick("征求其他机关意见", "other-agency consultation")
            case .fee: return l.pick("收费通知至缴费", "fee notice to payment")
            }
        }
        switch p {
        case .supplementReceivedWithoutRequest:
            return l.pick("填了收到补正的日期，却没有补正告知的日期", "a supplement arrived, but no request for it was given")
        case .supplementRequestBeforeReceipt(let r, let received):
            return l.pick("补正告知日期 \(r) 早于收到申请之日 \(received)", "the supplement was asked for (\(r)) before the application was received (\(received))")
        case .supplementBeforeRequest(let a, let r):
            return l.pick("收到补正的日期 \(a) 早于补正告知日期 \(r)", "the supplement arrived (\(a)) before it was asked for (\(r))")
        case .periodReversed(let p):
            return l.pick("\(kind(p.kind))期间的结束日 \(p.to) 早于开始日 \(p.from)", "the \(kind(p.kind)) ends (\(p.to)) before it starts (\(p.from))")
        case .periodBeforeStart(let p, let start):
            return l.pick("\(kind(p.kind))期间从 \(p.from) 开始，早于答复期限的起算日 \(start)", "the \(kind(p.kind)) starts (\(p.from)) before the reply period does (\(start))")
        case .periodsOverlap(let a, let b):
            return l.pick("\(kind(a.kind))期间（\(a.from)—\(a.to)）与\(kind(b.kind))期间（\(b.from)—\(b.to)）重叠", "the \(kind(a.kind)) (\(a.from)–\(a.to)) overlaps the \(kind(b.kind)) (\(b.from)–\(b.to))")
        case .periodTooLong(let p):
            return l.pick("\(kind(p.kind))期间 \(p.from)—\(p.to) 超过一年，请检查日期", "the \(kind(p.kind)) \(p.from)–\(p.to) is longer than a year; check the dates")
        case .dateOutOfRange(let d):
            return l.pick("日期 \(d) 超出可计算的范围（\(DeadlineCalculator.years.lowerBound)—\(DeadlineCalculator.years.upperBound) 年），请检查是否输错", "\(d) is outside the years the calculator accepts (\(DeadlineCalculator.years.lowerBound)–\(DeadlineCalculator.years.upperBound)); check for a typo")
        }
    }
}

/// Help of `gongkai deadline`.
public enum DeadlineHelp: CatalogueMessage {
    case abstract, discussion, received, method, supplementRequested, supplementReceived, thirdParty, otherAgency, feeNotice
    case feePaid, extensionFlag, format, badFormat(String), feePaidWithoutNotice, calendarInvalid

    public func text(in l: Language) -> String {
        switch self {
        case .abstract: return l.pick("按节假日日历计算依申请公开的工作日期限", "working-day deadlines of a disclosure request, on the holiday calendar")
        case .discussion:
            return l.pick(
                "例：gongkai deadline --received 2025-09-26 --method post --third-party 2025-10-09..2025-10-20\n收到申请的当日不计入，自下一日起算；期限届满日为最后一个工作日。节假日和调休取自 Courses/calendar.yaml。",
                "Example: gongkai deadline --received 2025-09-26 --method post --third-party 2025-10-09..2025-10-20\nThe day of receipt is not counted; a period ends on its last working day. Holidays and worked weekends come from Courses/calendar.yaml.")
        case .received: return l.pick("收到申请之日：当面提交日、邮寄签收日、平信确认日、网络或传真确认日", "the date that counts as receipt: handed in, signed for, confirmed")
        case .method: return l.pick("提交方式：in-person（当面）| post（邮寄）| mail（平信）| online（网络）| fax（传真）", "how it came in: in-person | post | mail | online | fax")
        case .supplementRequested: return l.pick("发出补正告知的日期", "the day a supplement was asked for")
        case .supplementReceived: return l.pick("收到补正的日期（答复期限自此重新计算）", "the day the supplement arrived (the reply period restarts)")
        case .thirdParty: return l.pick("征求第三方意见的期间 FROM..TO（可重复）", "a third-party consultation FROM..TO (repeatable)")
        case .otherAgency: return l.pick("征求其他机关意见的期间 FROM..TO（可重复）", "an other-agency consultation FROM..TO (repeatable)")
        case .feeNotice: return l.pick("发出收费通知的日期", "the day the fee notice was sent")
        case .feePaid: return l.pick("申请人缴费的日期", "the day the applicant paid")
        case .extensionFlag: return l.pick("延长答复期限已经批准", "an extension was approved")
        case .format: return l.pick("输出格式：text（默认）| json", "output: text (default) | json")
        case .badFormat(let v): return l.pick("格式 '\(v)' 无效，可用：text、json", "'\(v)' is not a format; use text or json")
        case .feePaidWithoutNotice: return l.pick("--fee-notice（收费通知日期）和 --fee-paid（缴费日期）须同时给出", "--fee-notice and --fee-paid go together")
        case .calendarInvalid: return l.pick("节假日日历有错误，请先改正（gongkai validate）", "the holiday calendar has errors; fix them first (gongkai validate)")
        }
    }
}

/// The questions of the shell's `deadline` dialogue.
public enum DeadlinePrompt: CatalogueMessage {
    case intro, method, badMethodChoice, dateFor(ApplicationMethod), supplementAsked, supplementRequestedDate
    case supplementArrivedDate, consulted, consultationKind, badKindChoice, consultationFrom, consultationTo, anotherConsultation
    case feeNotice, feeNoticeDate, feePaidDate, extensionApproved, cancelled, dateAgain, help

    public func text(in l: Language) -> String {
        switch self {
        case .intro: return l.pick("计算依申请公开的答复期限（随时可输入 quit 取消）。", "Working-day deadlines of a request (type quit to cancel).")
        case .method: return l.pick("申请是怎样提交的？1 当面  2 邮寄（签收）  3 平信（无需签收）  4 互联网  5 传真：", "How did it come in? 1 in person  2 post  3 unsigned mail  4 internet  5 fax: ")
        case .badMethodChoice: return l.pick("请输入 1–5，或“当面”“邮寄”“平信”“网络”“传真”。", "Type 1–5, or in-person, post, mail, online, fax.")
        case .dateFor(let m):
            switch m {
            case .inPerson: return l.pick("提交日期（YYYY-MM-DD）：", "Date handed in (YYYY-MM-DD): ")
            case .post: return l.pick("签收日期（YYYY-MM-DD）：", "Date signed for (YYYY-MM-DD): ")
            case .unsignedMail: return l.pick("与申请人确认的日期（YYYY-MM-DD）：", "Date confirmed with the applicant (YYYY-MM-DD): ")
            case .online, .fax: return l.pick("双方确认的日期（YYYY-MM-DD）：", "Date both sides confirmed (YYYY-MM-DD): ")
            }
        case .supplementAsked: return l.pick("是否已告知申请人补正？", "Was a supplement asked for?")
        case .supplementRequestedDate: return l.pick("发出补正告知的日期：", "Date the supplement was asked for: ")
        case .supplementArrivedDate: return l.pick("收到补正的日期（还没收到请直接回车）：", "Date the supplement arrived (Enter if not yet): ")
        case .consulted: return l.pick("是否征求了第三方或其他机关的意见？", "Were a third party or another agency consulted?")
        case .consultationKind: return l.pick("征求谁的意见？1 第三方  2 其他机关：", "Who was consulted? 1 third party  2 other agency: ")
        case .badKindChoice: return l.pick("请输入 1 或 2。", "Type 1 or 2.")
        case .consultationFrom: return l.pick("发出征求意见的日期：", "Date the consultation began: ")
        case .consultationTo: return l.pick("收到意见（或期满）的日期：", "Date the answer came (or the time ran out): ")
        case .anotherConsultation: return l.pick("还有其他征求意见的期间吗？", "Another consultation?")
        case .feeNotice: return l.pick("是否发出了收费通知？", "Was a fee notice sent?")
        case .feeNoticeDate: return l.pick("发出收费通知的日期：", "Date of the fee notice: ")
        case .feePaidDate: return l.pick("申请人缴费的日期：", "Date the applicant paid: ")
        case .extensionApproved: return l.pick("延长答复期限是否已获批准？", "Was an extension approved?")
        case .cancelled: return l.pick("已取消期限计算。", "Deadline calculation cancelled.")
        case .dateAgain: return l.pick("请重新输入。", "Please type it again.")
        case .help: return l.pick("计算答复期限：按节假日日历逐日数工作日", "working-day deadlines of a request, on the holiday calendar")
        }
    }
}
