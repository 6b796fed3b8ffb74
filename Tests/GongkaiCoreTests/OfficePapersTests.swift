import Foundation
import Testing

@testable import GongkaiCore

/// The office papers: the 签到表, the 培训合格证明 with their verification codes, and transcripts.
@Suite("Office papers")
struct OfficePapersTests {
    let fs: MemoryFileSystem

    init() throws { fs = try StandardScenario.make() }

    func build(_ kind: Report.Kind, _ filter: ReportFilter = ReportFilter(), language: Language = .zh) -> Report {
        ReportWorld.build(kind, fileSystem: fs, filter: filter, language: language)
    }

    func text(_ report: Report, _ format: ReportFormat) -> String {
        String(decoding: ReportRenderer.render(report, format: format, language: .zh), as: UTF8.self)
    }

    // MARK: Verification codes

    @Test func aCodeIsTwelveCrockfordSymbolsGroupedAndDependsOnIdAndDigest() {
        let code = CertificateCode.derive(attempt: "a1", digest: "sha256:00")
        #expect(code.range(of: "^GK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", options: .regularExpression) != nil, "\(code)")
        #expect(CertificateCode.derive(attempt: "a1", digest: "sha256:00") == code)
        #expect(CertificateCode.derive(attempt: "a2", digest: "sha256:00") != code)
        #expect(CertificateCode.derive(attempt: "a1", digest: "sha256:01") != code)
    }

    @Test func aCodeIsReadAsPeopleTypeIt() throws {
        let code = CertificateCode.derive(attempt: "20200708T020000Z-x", digest: "sha256:abc")
        #expect(CertificateCode.parse(code) == code)
        let body = String(code.dropFirst(3)).replacingOccurrences(of: "-", with: "")
        #expect(CertificateCode.parse(body.lowercased()) == code, "no prefix, no dashes, lower case")
        #expect(CertificateCode.parse("gk " + body) == code)
        #expect(CertificateCode.parse(code.applyingTransform(.fullwidthToHalfwidth, reverse: true)!) == code, "full-width")
        // O for 0 and I or L for 1.
        let zeroOne = "GK-0000-1111-0101"
        #expect(CertificateCode.parse("gk-oooo-iiii-OlOL") == zeroOne)
        #expect(CertificateCode.parse("GK-UUUU-0000-0000") == nil, "U is not in Crockford's alphabet")
        #expect(CertificateCode.parse("GK-0000-0000-000") == nil, "too short")
        #expect(CertificateCode.parse("GK-0000-0000-00000") == nil, "too long")
        #expect(CertificateCode.parse("hello") == nil)
        #expect(CertificateCode.parse("GK-0000-0000-00!0") == nil)
    }

    // MARK: Certificates

    @Test func certificatesGoToExactlyThePairsScoresCountsAsPassed() throws {
        let certificates = build(.certificates)
        let scores = build(.scores)
        let passed = Set(
            (scores.json["people"]?.arrayValue ?? []).filter { $0["passed"] == .bool(true) }
                .map { "\($0["unit"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")/\($0["course"]?.stringValue ?? "")" })
        let issued = (certificates.json["certificates"]?.arrayValue ?? []).map {
            "\($0["trainee", "unit"]?.stringValue ?? "")/\($0["trainee", "name"]?.stringValue ?? "")/\($0["course", "id"]?.stringValue ?? "")"
        }
        #expect(!passed.isEmpty)
        #expect(Set(issued) == passed)
        #expect(issued.count == passed.count, "one certificate per person and module")
        // 王五 failed secrecy: no certificate for it; 钱七 passed basics at the second attempt.
        #expect(!issued.contains("luyang/王五/secrecy"))
        #expect(issued.contains("caizheng/钱七/basics"))
        // One certificate section a page, each with the seal and the code.
        #expect(certificates.sections.count == passed.count)
        #expect(certificates.sections.dropFirst().allSatisfy { $0.newPage })
        #expect(!certificates.sections[0].newPage)
        #expect(certificates.sections.allSatisfy { $0.signatures.contains("发证单位（盖章）：") })
    }

    @Test func theCertificateShowsTheBestPassingScoreAsStoredAndTheFirstPassDate() throws {
        let report = build(.certificates, ReportFilter(trainee: "张三"))
        #expect(report.subtitle.hasSuffix("学员：张三"), "\(report.subtitle)")
        let certificates = report.json["certificates"]?.arrayValue ?? []
        let basics = try #require(certificates.first { $0["course", "id"]?.stringValue == "basics" })
        // 张三's basics: 75 % at 10:00, 100 % at 10:30: the certificate rests on the 100 % attempt.
        #expect(basics["attempt", "percent"] == .number(100))
        #expect(basics["passedOn"]?.stringValue == "2020-07-08")
        let html = text(report, .html)
        #expect(html.contains("100%"))
        #expect(html.contains(basics["code"]?.stringValue ?? "missing"))
        #expect(html.contains("<section class=\"page certificate\">"), "one certificate a page")
        #expect(html.contains("@page { size: A4"))
    }

    @Test func everyIssuedCodeLeadsBackToItsAttemptAndATamperedRecordIsFound() throws {
        let report = build(.certificates)
        let ledger = CertificateLedger.scan(roots: ["/results"], fileSystem: fs)
        let certificates = report.json["certificates"]?.arrayValue ?? []
        #expect(!certificates.isEmpty)
        for certificate in certificates {
            let code = try #require(certificate["code"]?.stringValue)
            guard case .found(let entry, let problem) = ledger.verify(code: code) else {
                Issue.record("code \(code) not found")
                continue
            }
            #expect(problem == nil)
            #expect(entry.attempt.id == certificate["attempt", "id"]?.stringValue)
            #expect(entry.attempt.trainee.name == certificate["trainee", "name"]?.stringValue)
        }
        #expect(ledger.verify(code: "GK-0000-0000-0000").isUnknown)

        // Edited by hand, digest kept: the code still finds the record, which no longer matches.
        let first = try #require(certificates.first)
        let code = try #require(first["code"]?.stringValue)
        guard case .found(let entry, _) = ledger.verify(code: code) else { throw CancellationError() }
        let original = String(decoding: try fs.readFile(entry.seal.path, limit: 1 << 20), as: UTF8.self)
        let name = entry.attempt.trainee.name
        fs.put(original.replacingOccurrences(of: "\"name\": \"\(name)\"", with: "\"name\": \"\(name)甲\""), at: entry.seal.path)
        #expect(String(decoding: try fs.readFile(entry.seal.path, limit: 1 << 20), as: UTF8.self) != original, "the edit took")
        guard case .found(_, let problem) = CertificateLedger.scan(roots: ["/results"], fileSystem: fs).verify(code: code) else {
            Issue.record("the edited record should still carry its code")
            return
        }
        #expect(problem == .tampered)
        // And a report issues no certificate from it.
        let again = build(.certificates)
        #expect(!(again.json["certificates"]?.arrayValue ?? []).contains { $0["code"]?.stringValue == code })
        #expect((again.json["withheld"]?.arrayValue ?? []).count == 1)
        #expect(again.notes.contains { $0.contains("未出具证明") })

        // Edited and re-digested: another digest, so the printed code finds nothing.
        let (record, _) = try RecordCodec.decode(Array(original.utf8), as: AttemptRecord.self)
        var changed = record
        changed.score.percent = 99
        fs.put(RecordCodec.encode(changed), at: entry.seal.path)
        #expect(CertificateLedger.scan(roots: ["/results"], fileSystem: fs).verify(code: code).isUnknown)
    }

    @Test func aFailedOrReviewAttemptIsNoCertificate() throws {
        let ledger = CertificateLedger.scan(roots: ["/results"], fileSystem: fs)
        let failed = try #require(ledger.entries.first { !$0.attempt.passed && $0.attempt.kind == .quiz })
        guard case .found(_, let problem) = ledger.verify(code: try #require(failed.code)) else { throw CancellationError() }
        #expect(problem == .notPassed)
        let review = try #require(ledger.entries.first { $0.attempt.kind == .review })
        guard case .found(_, let reviewProblem) = ledger.verify(code: try #require(review.code)) else { throw CancellationError() }
        #expect(reviewProblem == .notAQuiz)
    }

    @Test func certificatesFollowTheFilters() {
        let unit = build(.certificates, ReportFilter(unit: "xiquan"))
        let units = Set((unit.json["certificates"]?.arrayValue ?? []).compactMap { $0["trainee", "unit"]?.stringValue })
        #expect(units == ["xiquan"])
        let course = build(.certificates, ReportFilter(course: "secrecy"))
        let courses = Set((course.json["certificates"]?.arrayValue ?? []).compactMap { $0["course", "id"]?.stringValue })
        #expect(courses == ["secrecy"])
        let csv = text(build(.certificates), .csv)
        #expect(csv.contains("序号,验证码,姓名,单位,课程,合格日期,成绩,测验记录编号"), "\(csv.prefix(200))")
    }

    // MARK: Sign-in sheet

    @Test func theSignInSheetCountsAsAttendanceDoes() throws {
        let filter = ReportFilter(session: "s1")
        let sheet = build(.signin, filter)
        let attendance = build(.attendance, filter)
        #expect(sheet.json["totals", "signedIn"] == attendance.json["totals", "signedIn"])
        #expect(sheet.json["totals", "expected"] == attendance.json["totals", "expected"])
        let sheetUnits = sheet.json["units"]?.arrayValue ?? []
        for unit in attendance.json["units"]?.arrayValue ?? [] {
            let id = unit["id"]?.stringValue ?? ""
            let mine = try #require(sheetUnits.element("id", id))
            #expect(mine["signedIn"] == unit["signedIn"], "\(id)")
            let rows = mine["rows"]?.arrayValue ?? []
            let expected = unit["expected"]?.intValue ?? 0, signed = unit["signedIn"]?.intValue ?? 0
            #expect(rows.count == max(expected, signed), "one row per expected attendee (more when more came): \(id)")
            #expect(rows.filter { $0["name"] != .null }.count == signed)
        }
        // 张三 signed in twice: one row. 财政局 expects 1 and two came: both are on the sheet.
        let xiquan = try #require(sheetUnits.element("id", "xiquan"))
        #expect((xiquan["rows"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["张三", "李四"])
        let signed = attendance.json["totals", "signedIn"]?.intValue ?? -1
        let expected = attendance.json["totals", "expected"]?.intValue ?? -1
        let md = text(sheet, .md)
        #expect(md.contains("实到 \(signed) 人 / 应到 \(expected) 人"), "\(md)")
        #expect(md.contains("签到负责人（签字）："))
        #expect(md.contains("| 08:50 "), "the time of the first sign-in")
        let csv = text(sheet, .csv)
        #expect(csv.contains("序号,单位,姓名,职务,签到时间,本人签字"))
        // In CSV every row names its unit; printed, only a unit's first row does.
        #expect(csv.components(separatedBy: ",喜泉镇,").count - 1 == 2)
        #expect(sheet.sections[0].rows.filter { $0[1].text == "喜泉镇" }.count == 1)
    }

    @Test func theSignInSheetIsInEnglishWithLangEn() {
        let sheet = build(.signin, ReportFilter(session: "s1"), language: .en)
        #expect(sheet.title == "Sign-in sheet")
        let md = text(sheet, .md)
        #expect(md.contains("Signature"))
        #expect(md.contains("Present "))
        #expect(!md.contains("签到表"))
    }

    // MARK: Transcripts

    @Test func aTranscriptHoldsEveryModuleAttemptAndSignIn() throws {
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: ReportBuilder.needs(.transcript))
        let filter = try ReportFilter(trainee: "张 三").resolvedTrainee(records: records).get()
        #expect(filter.trainee == "张三")
        let report = build(.transcript, filter)
        let people = report.json["people"]?.arrayValue ?? []
        #expect(people.count == 1)
        let person = try #require(people.first)
        #expect(person["name"]?.stringValue == "张三")
        let courses = person["courses"]?.arrayValue ?? []
        #expect(courses.compactMap { $0["id"]?.stringValue } == ["basics", "secrecy"])
        let basics = try #require(courses.element("id", "basics"))
        #expect(basics["attemptCount"]?.intValue == 2)
        #expect((basics["attempts"]?.arrayValue ?? []).compactMap { $0["percent"]?.numberValue } == [75, 100])
        #expect(basics["best"] == .number(100))
        #expect(basics["passed"] == .bool(true))
        #expect(basics["lessonsRead"] == .null, "no study progress was kept")
        // Signed in twice for s1: one sign-in.
        #expect((person["signIns"]?.arrayValue ?? []).compactMap { $0["session"]?.stringValue } == ["s1"])
        let md = text(report, .md)
        #expect(md.contains("张三（喜泉镇）"))
        #expect(md.contains("政府信息公开基础"))
    }

    @Test func aTranscriptShowsLessonsReadWhenKnown() throws {
        let store = ResultStore(root: "/results", fileSystem: fs)
        try store.saveStudy(
            StudyProgress(id: "p1", createdAt: ReportWorld.now, trainee: Trainee(name: "李四", unit: "xiquan"), course: "basics", read: ["原则"]))
        var basics = ReportWorld.basics
        basics.lessons = [Lesson(title: "原则", body: "以公开为常态"), Lesson(title: "例外", body: "不公开为例外")]
        let report = ReportWorld.build(
            .transcript, fileSystem: fs, library: ReportWorld.library(courses: [basics, ReportWorld.secrecy]), filter: ReportFilter(trainee: "李四"))
        let courses = report.json["people"]?.arrayValue?.first?["courses"]?.arrayValue ?? []
        #expect(courses.element("id", "basics")?["lessonsRead"] == JSONValue.int(1))
        #expect(courses.element("id", "basics")?["lessons"] == JSONValue.int(2))
        #expect(text(report, .table).contains("1/2"))
    }

    @Test func aUnitsTranscriptsAreEveryoneOfTheUnitOnePageEach() {
        let report = build(.transcript, ReportFilter(unit: "caizheng"))
        let names = (report.json["people"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(Set(names) == ["赵六", "钱七"])
        #expect(report.sections.filter(\.newPage).count == names.count - 1)
    }

    @Test func anUnknownTraineeIsAnErrorWithTheClosestName() throws {
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: ReportBuilder.needs(.transcript))
        switch ReportFilter(trainee: "张三丰").resolvedTrainee(records: records) {
        case .success: Issue.record("张三丰 is nobody in the records")
        case .failure(let problem):
            #expect(problem.suggestion == "张三")
            #expect(problem.message.text(in: .zh).contains("您是不是要找“张三”"))
        }
        // Within a unit, only that unit's people count.
        if case .success = ReportFilter(unit: "luyang", trainee: "张三").resolvedTrainee(records: records) {
            Issue.record("张三 is not of 芦阳镇")
        }
    }
}

extension CertificateLedger.Verification {
    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }
}
