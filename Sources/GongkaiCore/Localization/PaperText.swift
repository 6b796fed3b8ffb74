/// The office papers: the 签到表, the 培训合格证明 and transcripts, and `gongkai verify CODE`.
public enum PaperText: CatalogueMessage {
    case title(Report.Kind)
    case colNumber, colUnit, colName, colPosition, colSignedAt, colSignature
    case colField, colValue, colCourse, colSession, colPassedOn, colScore, colIssuer, colCode, colAttempt
    case colLessonsRead, colLessons, colAttempts, colBest, colPassed, colFinishedAt, colNote, colDate
    case signinSection, signinTotalsSection
    case signinSession(String), signinDate(String), signinPlace(String?)
    case signinTotals(signed: Int, expected: Int)
    case signChecker, signDate, signIssuer, signKeeper
    case blankLine
    case certificateTitle, registerSection
    case certificateSessionBody(name: String, unit: String, training: String, modules: Int, date: String)
    case certificateSession(title: String, date: String)
    case certificateModule(String)
    case certificateModuleResult(score: String, date: String)
    case certificateModuleScore(String)
    case noCertificateSession
    case courseNotForCertificates
    case certificateVerify(String)
    case figCertificates, figWithheld, figPeople, figAttempts
    case noCertificates, noPeople
    case withheldCertificate(name: String, unit: String, attempts: String)
    case transcriptPerson(name: String, unit: String)
    case sectionCourses, sectionAttempts, sectionSignIns
    case selfStudy, notCounted
    case filterTrainee(String)
    case unknownTrainee(String, suggestion: String?)
    // The command line.
    case traineeOption, codeArgument
    case transcriptNeedsWho
    case traineeOnlyFor(String)
    case verifyNeedsCodeOrSeal, verifyCodeAndSeal
    case malformedCode(String)
    case unknownCode(String, records: Int)
    case verifyHeading(String)
    case verifyWho(name: String, unit: String)
    case verifySession(title: String, id: String, date: String)
    case verifyModule(title: String, id: String, version: Int, score: String, passedOn: String, record: String)
    case verifyPassedOn(String)
    case verifyHolds
    case verifyTampered(String)
    case verifySuperseded(attempt: String, by: String)
    case verifyNotAllPassed(String)

    public func text(in l: Language) -> String {
        switch self {
        case .title(let kind):
            switch kind {
            case .signin: return l.pick("培训签到表", "Sign-in sheet")
            case .certificates: return l.pick("培训合格证明", "Certificates of completion")
            case .transcript: return l.pick("个人学习记录", "Training transcript")
            default: return ReportText.title(kind).text(in: l)
            }
        case .colNumber: return l.pick("序号", "No.")
        case .colUnit: return l.pick("单位", "Unit")
        case .colName: return l.pick("姓名", "Name")
        case .colPosition: return l.pick("职务", "Position")
        case .colSignedAt: return l.pick("签到时间", "Signed in at")
        case .colSignature: return l.pick("本人签字", "Signature")
        case .colField: return l.pick("项目", "Item")
        case .colValue: return l.pick("内容", "Details")
        case .colCourse: return l.pick("课程", "Module")
        case .colSession: return l.pick("培训场次", "Session")
        case .colPassedOn: return l.pick("合格日期", "Passed on")
        case .colScore: return l.pick("成绩", "Score")
        case .colIssuer: return l.pick("发证单位", "Issued by")
        case .colCode: return l.pick("验证码", "Verification code")
        case .colAttempt: return l.pick("测验记录编号", "Attempt record")
        case .colLessonsRead: return l.pick("已读课时", "Lessons read")
        case .colLessons: return l.pick("课时数", "Lessons")
        case .colAttempts: return l.pick("测验次数", "Attempts")
        case .colBest: return l.pick("最高分", "Best")
        case .colPassed: return l.pick("是否合格", "Passed")
        case .colFinishedAt: return l.pick("交卷时间", "Finished")
        case .colNote: return l.pick("备注", "Note")
        case .colDate: return l.pick("日期", "Date")
        case .signinSection: return l.pick("签到表", "Sign-in sheet")
        case .signinTotalsSection: return l.pick("合计", "Totals")
        case .signinSession(let s): return l.pick("培训名称：\(s)", "Training: \(s)")
        case .signinDate(let d): return l.pick("培训日期：\(d)", "Date: \(d)")
        case .signinPlace(let place): return l.pick("培训地点：\(place ?? "＿＿＿＿＿＿＿＿＿＿＿＿")", "Place: \(place ?? "____________________")")
        case .signinTotals(let signed, let expected): return l.pick("实到 \(signed) 人 / 应到 \(expected) 人", "Present \(signed) / expected \(expected)")
        case .signChecker: return l.pick("签到负责人（签字）：", "Checked by (signature):")
        case .signDate: return l.pick("日期：", "Date:")
        case .signIssuer: return l.pick("发证单位（盖章）：", "Issuing office (seal):")
        case .signKeeper: return l.pick("经办人（签字）：", "Prepared by (signature):")
        case .blankLine: return "＿＿＿＿＿＿＿＿＿＿＿＿"
        case .certificateTitle: return l.pick("培训合格证明", "Certificate of completion")
        case .registerSection: return l.pick("发证登记", "Certificates issued")
        case .certificateSessionBody(let name, let unit, let training, let modules, let date):
            return l.pick(
                "兹证明 \(unit) \(name) 同志参加“\(training)”，\(modules) 门必修课程测验全部合格，合格日期 \(date)。特此证明。",
                "This certifies that \(name) of \(unit) took part in “\(training)” and passed all \(modules) required module\(modules == 1 ? "" : "s") by \(date).")
        case .certificateSession(let title, let date): return l.pick("\(title)（\(date)）", "\(title) (\(date))")
        case .certificateModule(let title): return l.pick("《\(title)》", "“\(title)”")
        case .certificateModuleResult(let score, let date): return l.pick("成绩 \(score)，\(date) 合格", "score \(score), passed on \(date)")
        case .certificateModuleScore(let title): return l.pick("《\(title)》成绩", "Score: \(title)")
        case .noCertificateSession:
            return l.pick("花名册中没有培训场次：证明按场次出具，未生成证明。", "The roster has no training session: certificates are issued per session, so none was made.")
        case .courseNotForCertificates:
            return l.pick(
                "--course 不用于 certificates：每人每场次一份证明，包含该场次全部必修课程",
                "--course is not for certificates: one certificate per person and session covers every required module of the session")
        case .certificateVerify(let code):
            return l.pick("验证码 \(code)：可用 gongkai verify \(code) 核对原始记录。", "Verification code \(code): check it against the records with gongkai verify \(code).")
        case .figCertificates: return l.pick("证明", "Certificates")
        case .figWithheld: return l.pick("记录存疑未发", "Withheld (record in doubt)")
        case .figPeople: return l.pick("人数", "People")
        case .figAttempts: return l.pick("测验次数", "Attempts")
        case .noCertificates: return l.pick("没有符合条件的合格记录，未生成证明。", "No passing records match; no certificate was made.")
        case .noPeople: return l.pick("没有符合条件的学员记录。", "No trainee's records match.")
        case .withheldCertificate(let name, let unit, let attempts):
            return l.pick(
                "\(unit) \(name) 的合格记录（\(attempts)）与其摘要不符或没有摘要，未出具证明。",
                "\(name) of \(unit): passing record(s) \(attempts) have no digest or no longer match it: no certificate was made.")
        case .transcriptPerson(let name, let unit): return l.pick("\(name)（\(unit)）", "\(name) (\(unit))")
        case .sectionCourses: return l.pick("课程", "Modules")
        case .sectionAttempts: return l.pick("测验记录", "Quiz attempts")
        case .sectionSignIns: return l.pick("签到", "Sign-ins")
        case .selfStudy: return l.pick("自学", "self-study")
        case .notCounted: return l.pick("超出计分次数，不计成绩", "past the counted attempts; not scored")
        case .filterTrainee(let name): return l.pick("学员：\(name)", "trainee: \(name)")
        case .unknownTrainee(let name, let suggestion):
            return l.pick("记录中没有学员“\(name)”", "No trainee '\(name)' in the records") + ReportCommandText.didYouMean(suggestion, l)
        case .traineeOption: return l.pick("学员姓名（transcript、certificates；空格不计）。", "A trainee's name (transcript, certificates; spaces ignored).")
        case .codeArgument: return l.pick("培训合格证明上的验证码（GK-XXXX-XXXX-XXXX）。", "The verification code on a certificate (GK-XXXX-XXXX-XXXX).")
        case .transcriptNeedsWho: return l.pick("report transcript 需要 --trainee 姓名 或 --unit 单位", "report transcript needs --trainee NAME or --unit UNIT")
        case .traineeOnlyFor(let kind):
            return l.pick("--trainee 只用于 transcript 和 certificates，不用于 \(kind)", "--trainee is for transcript and certificates, not \(kind)")
        case .verifyNeedsCodeOrSeal: return l.pick("verify 需要一个验证码，或 --seal 封存文件", "verify needs a certificate code or --seal FILE")
        case .verifyCodeAndSeal: return l.pick("验证码和 --seal 不能同时使用", "Give either a certificate code or --seal, not both")
        case .malformedCode(let text):
            return l.pick(
                "“\(text)”不是验证码：应为 GK- 加 12 位字母数字（如 GK-7K3M-Q9TB-X2W4），不含 U",
                "'\(text)' is not a verification code: GK- and 12 letters or digits (like GK-7K3M-Q9TB-X2W4), no U")
        case .unknownCode(let code, let records):
            return l.pick(
                "没有与验证码 \(code) 对应的培训合格证明（已查 \(records) 条测验记录及花名册全部场次）：证明不是由这些记录出具的，或记录已被改动后重新计算摘要",
                "No certificate has the code \(code) (\(records) quiz records and every session of the roster checked): it was not issued from these records, or a record was changed and re-digested")
        case .verifyHeading(let code): return l.pick("验证码 \(code)", "Verification code \(code)")
        case .verifyWho(let name, let unit): return l.pick("姓名：\(name)（\(unit)）", "Name: \(name) (\(unit))")
        case .verifySession(let title, let id, let date): return l.pick("培训场次：\(title)（\(id)，\(date)）", "Session: \(title) (\(id), \(date))")
        case .verifyModule(let title, let id, let version, let score, let passedOn, let record):
            return l.pick(
                "课程：\(title)（\(id)，第 \(version) 版）成绩 \(score)，\(passedOn) 合格，记录 \(record)",
                "Module: \(title) (\(id), version \(version)) score \(score), passed on \(passedOn), record \(record)")
        case .verifyPassedOn(let date): return l.pick("合格日期：\(date)", "Passed on: \(date)")
        case .verifyHolds: return l.pick("各条记录与其摘要一致，全部必修课程合格：证明有效。", "Every record matches its digest and every required module is passed: the certificate is valid.")
        case .verifyTampered(let path):
            return l.pick("记录已被改动，内容与摘要不符：证明不能作准（\(path)）", "The record was changed and no longer matches its digest: the certificate cannot be trusted (\(path))")
        case .verifySuperseded(let attempt, let by):
            return l.pick(
                "测验记录 \(attempt) 已重新评分（新记录 \(by)），证明不再作准，请按新成绩重新出具",
                "Attempt \(attempt) was regraded (new record \(by)): the certificate no longer holds; issue it again from the new scores")
        case .verifyNotAllPassed(let missing):
            return l.pick("该学员已不再是全部必修课程合格（未合格：\(missing)），证明不再作准", "The person no longer passed every required module (not passed: \(missing)): the certificate no longer holds")
        }
    }
}
