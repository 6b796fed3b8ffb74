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

    static func part(_ course: String, _ attempt: String, _ digest: String) -> CertificateCode.Part {
        CertificateCode.Part(course: course, attempt: attempt, digest: digest)
    }

    @Test func aCodeIsTwelveCrockfordSymbolsGroupedAndDependsOnSessionIdsAndDigests() {
        let parts = [Self.part("basics", "a1", "sha256:00"), Self.part("secrecy", "a2", "sha256:01")]
        let code = CertificateCode.derive(session: "s1", parts: parts)
        #expect(code.range(of: "^GK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", options: .regularExpression) != nil, "\(code)")
        #expect(CertificateCode.derive(session: "s1", parts: parts.reversed()) == code, "modules are sorted by course id")
        #expect(CertificateCode.derive(session: "s0", parts: parts) != code)
        #expect(CertificateCode.derive(session: "s1", parts: [Self.part("basics", "a3", "sha256:00"), parts[1]]) != code)
        #expect(CertificateCode.derive(session: "s1", parts: [Self.part("basics", "a1", "sha256:02"), parts[1]]) != code)
        #expect(CertificateCode.derive(session: "s1", parts: [parts[0]]) != code)
    }

    @Test func aCodeIsReadAsPeopleTypeIt() throws {
        let code = CertificateCode.derive(session: "s1", parts: [Self.part("basics", "20200708T020000Z-x", "sha256:abc")])
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

    func verify(_ code: String) -> CertificatesReport.Verification {
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .attendance])
        let ledger = CertificateLedger.scan(roots: ["/results"], fileSystem: fs)
        return CertificatesReport.verify(code: code, library: ReportWorld.library(), records: records, ledger: ledger, now: ReportWorld.now)
    }

    @Test func oneCertificatePerPersonWhoPassedEveryRequiredModuleAsCompletionCountsThem() throws {
        let certificates = build(.certificates, ReportFilter(session: "s1"))
        let issued = (certificates.json["certificates"]?.arrayValue ?? []).map {
            "\($0["trainee", "unit"]?.stringValue ?? "")/\($0["trainee", "name"]?.stringValue ?? "")"
        }
        // 王五 failed secrecy, 钱七 never tried it: the three who passed both.
        #expect(issued == ["xiquan/张三", "xiquan/李四", "caizheng/赵六"])
        // Per unit, as many as completion counts under 全部通过.
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .attendance, .audits])
        let ctx = ReportContext(library: ReportWorld.library(), records: records, filter: ReportFilter(session: "s1"), now: ReportWorld.now, language: .zh)
        let session = try #require(ctx.session)
        for standing in CompletionReport.standings(ctx, session: session) {
            let passedAll = standing.attendees.filter { a in session.courses.allSatisfy(a.passed.contains) }.count
            #expect(issued.filter { $0.hasPrefix(standing.unit.id + "/") }.count == passedAll, "\(standing.unit.id)")
        }
        for certificate in certificates.json["certificates"]?.arrayValue ?? [] {
            #expect(certificate["session", "id"]?.stringValue == "s1")
            #expect(certificate["modules"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["basics", "secrecy"])
        }
        // One certificate section a page, each with the seal and the code.
        #expect(certificates.sections.count == 3)
        #expect(certificates.sections.dropFirst().allSatisfy { $0.newPage })
        #expect(!certificates.sections[0].newPage)
        #expect(certificates.sections.allSatisfy { $0.signatures.contains("发证单位（盖章）：") })
    }

    @Test func theCertificateShowsEachModulesBestPassingScoreAndTheDayTheLastWasFirstPassed() throws {
        let report = build(.certificates, ReportFilter(session: "s1", trainee: "张三"))
        #expect(report.subtitle.hasSuffix("学员：张三"), "\(report.subtitle)")
        let certificate = try #require(report.json["certificates"]?.arrayValue?.first)
        #expect(report.json["certificates"]?.arrayValue?.count == 1)
        let basics = try #require(certificate["modules"]?.arrayValue?.first { $0["id"]?.stringValue == "basics" })
        // 张三's basics: 75 % at 10:00, 100 % at 10:30: the certificate rests on the 100 % attempt.
        #expect(basics["attempt", "percent"] == .number(100))
        #expect(certificate["passedOn"]?.stringValue == "2020-07-08")
        #expect(certificate["session", "title"]?.stringValue != nil)
        let html = text(report, .html)
        #expect(html.contains("100%"))
        #expect(html.contains("《政府信息公开基础》") || html.contains("《"), "module rows")
        #expect(html.contains(certificate["code"]?.stringValue ?? "missing"))
        #expect(html.contains("<section class=\"certificate\">") || html.contains("<section class=\"page certificate\">"))
        #expect(html.contains("@page { size: A4"))
        // The code is the session's and the modules' records'.
        let parts = try (certificate["modules"]?.arrayValue ?? []).map {
            CertificateCode.Part(
                course: try #require($0["id"]?.stringValue), attempt: try #require($0["attempt", "id"]?.stringValue),
                digest: try #require($0["attempt", "digest"]?.stringValue))
        }
        #expect(CertificateCode.derive(session: "s1", parts: parts) == certificate["code"]?.stringValue)
    }

    @Test func everyIssuedCodeVerifiesAndATamperedRecordIsFound() throws {
        let report = build(.certificates, ReportFilter(session: "s1"))
        let certificates = report.json["certificates"]?.arrayValue ?? []
        #expect(!certificates.isEmpty)
        for certificate in certificates {
            let code = try #require(certificate["code"]?.stringValue)
            guard case .found(let found, let problem) = verify(code) else {
                Issue.record("code \(code) not found")
                continue
            }
            #expect(problem == nil)
            #expect(found.trainee.name == certificate["trainee", "name"]?.stringValue)
            #expect(found.modules.map(\.attempt.id) == certificate["modules"]?.arrayValue?.compactMap { $0["attempt", "id"]?.stringValue })
        }
        #expect(verify("GK-0000-0000-0000").isUnknown)

        // Edited by hand, digest kept: the code still finds the certificate, whose record no longer matches.
        let first = try #require(certificates.first)
        let code = try #require(first["code"]?.stringValue)
        let id = try #require(first["modules"]?.arrayValue?.first?["attempt", "id"]?.stringValue)
        let path = try #require(CertificateLedger.scan(roots: ["/results"], fileSystem: fs).seals[id]?.path)
        let original = String(decoding: try fs.readFile(path, limit: 1 << 20), as: UTF8.self)
        fs.put(original.replacingOccurrences(of: "\"percent\": 100", with: "\"percent\": 99"), at: path)
        #expect(String(decoding: try fs.readFile(path, limit: 1 << 20), as: UTF8.self) != original, "the edit took")
        guard case .found(_, let problem) = verify(code) else {
            Issue.record("the edited record should still lead to its certificate")
            return
        }
        #expect(problem == .tampered(attempt: id, path: path))
        // And a report issues no certificate from it.
        let again = build(.certificates, ReportFilter(session: "s1"))
        #expect(!(again.json["certificates"]?.arrayValue ?? []).contains { $0["code"]?.stringValue == code })
        #expect((again.json["withheld"]?.arrayValue ?? []).count == 1)
        #expect(again.notes.contains { $0.contains("未出具证明") })

        // Edited and re-digested: another digest, so the printed code finds nothing.
        let (record, _) = try RecordCodec.decode(Array(original.utf8), as: AttemptRecord.self)
        var changed = record
        changed.score.percent = 99
        fs.put(RecordCodec.encode(changed), at: path)
        #expect(verify(code).isUnknown)
    }

    @Test func aCodeWhoseHolderNoLongerPassedEverythingIsSaidSo() throws {
        let report = build(.certificates, ReportFilter(session: "s1", trainee: "李四"))
        let code = try #require(report.json["certificates"]?.arrayValue?.first?["code"]?.stringValue)
        // The roster now requires a third module of s1 that 李四 never took.
        var library = ReportWorld.library()
        var roster = try #require(library.roster)
        let index = try #require(roster.sessions.firstIndex { $0.id == "s1" })
        roster.sessions[index].courses.append("extra")
        library.roster = roster
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: [.attempts, .attendance])
        let ledger = CertificateLedger.scan(roots: ["/results"], fileSystem: fs)
        guard case .found(let c, let problem) = CertificatesReport.verify(code: code, library: library, records: records, ledger: ledger, now: ReportWorld.now) else {
            Issue.record("the old code should be explained")
            return
        }
        #expect(c.trainee.name == "李四")
        #expect(problem == .notAllPassed(missing: ["extra"]))
    }

    @Test func aRecordWithoutADigestWithholdsTheCertificate() throws {
        let before = build(.certificates, ReportFilter(session: "s1", trainee: "赵六"))
        let id = try #require(before.json["certificates"]?.arrayValue?.first?["modules"]?.arrayValue?.last?["attempt", "id"]?.stringValue)
        let path = try #require(CertificateLedger.scan(roots: ["/results"], fileSystem: fs).seals[id]?.path)
        guard case .object(var object) = try RecordCodec.parse(try fs.readFile(path, limit: 1 << 20)).0 else { throw CancellationError() }
        #expect(object.removeValue(forKey: "digest") != nil)
        fs.put(JSONWriter.string(.object(object), style: .pretty), at: path)
        let after = build(.certificates, ReportFilter(session: "s1", trainee: "赵六"))
        #expect(after.json["certificates"]?.arrayValue?.isEmpty == true)
        let withheld = try #require(after.json["withheld"]?.arrayValue?.first)
        #expect(withheld["attempts"]?.arrayValue == [.string(id)])
        #expect(withheld["name"]?.stringValue == "赵六")
    }

    @Test func aCodeRestingOnARegradedAttemptIsSaidSo() throws {
        let report = build(.certificates, ReportFilter(session: "s1", trainee: "李四"))
        let certificate = try #require(report.json["certificates"]?.arrayValue?.first)
        let code = try #require(certificate["code"]?.stringValue)
        let id = try #require(certificate["modules"]?.arrayValue?.first { $0["id"]?.stringValue == "secrecy" }?["attempt", "id"]?.stringValue)
        let path = try #require(CertificateLedger.scan(roots: ["/results"], fileSystem: fs).seals[id]?.path)
        // A regrade writes a new record that replaces the attempt: now failed.
        let (record, _) = try RecordCodec.decode(try fs.readFile(path, limit: 1 << 20), as: AttemptRecord.self)
        var regraded = record
        regraded.id = record.id + "-r"
        regraded.supersedes = record.id
        regraded.score.percent = 50
        regraded.passed = false
        try ResultStore(root: "/results", fileSystem: fs).save(regraded)
        guard case .found(let c, let problem) = verify(code) else {
            Issue.record("the code of the certificate before the regrade should be explained")
            return
        }
        #expect(c.trainee.name == "李四")
        #expect(problem == .superseded(attempt: id, by: regraded.id))
        // And the report no longer issues one to 李四.
        #expect(build(.certificates, ReportFilter(session: "s1", trainee: "李四")).json["certificates"]?.arrayValue?.isEmpty == true)
    }

    @Test func certificatesFollowTheFilters() {
        let unit = build(.certificates, ReportFilter(session: "s1", unit: "xiquan"))
        let units = Set((unit.json["certificates"]?.arrayValue ?? []).compactMap { $0["trainee", "unit"]?.stringValue })
        #expect(units == ["xiquan"])
        let csv = text(build(.certificates, ReportFilter(session: "s1")), .csv)
        #expect(csv.contains("序号,验证码,姓名,单位,培训场次,合格日期,《政府信息公开基础》成绩"), "\(csv.prefix(300))")
        // No session in the roster: no certificates, and a note that says why.
        var library = ReportWorld.library()
        library.roster?.sessions = []
        let records = RecordSet.load(roots: ["/results"], fileSystem: fs, needs: ReportBuilder.needs(.certificates))
        let none = ReportBuilder.build(.certificates, ReportContext(library: library, records: records, filter: ReportFilter(), now: ReportWorld.now, language: .zh))
        #expect(none.json["certificates"]?.arrayValue?.isEmpty == true)
        #expect(none.notes.contains { $0.contains("花名册中没有培训场次") })
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

extension CertificatesReport.Verification {
    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }
}
