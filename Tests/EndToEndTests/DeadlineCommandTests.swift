import Foundation
import GongkaiCore
import Testing

/// `gongkai deadline` as a user runs it, on the project's own calendar.
@Suite struct DeadlineCommandTests {
    static let courses = E2E.packageRoot + "/Courses"

    @Test func textShowsEachDateWithItsRuleAndTheCount() throws {
        let box = Sandbox()
        let run = try box.run(["deadline", "--courses", Self.courses, "--received", "2025年9月26日", "--method", "邮寄"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("收到申请之日：2025-09-26（星期五）"))
        #expect(run.stdout.contains("条例第三十一条第二项"))
        #expect(run.stdout.contains("告知补正的最后一日：2025-10-13（星期一）"))
        #expect(run.stdout.contains("答复期限：2025-10-30（星期四）"))
        #expect(run.stdout.contains("《民法典》第二百零一条"))
        #expect(run.stdout.contains("2025-10-11（星期六）  第 6 个工作日  调休上班（国庆节，国办发明电〔2024〕12号）"))
        #expect(run.stderr.isEmpty)
    }

    @Test func validateNamesTheCalendarsYears() throws {
        let run = try Sandbox().run(["validate", "--courses", Self.courses])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("节假日日历：2019—2026 年（8 年的放假安排）"))
    }

    @Test func jsonForOtherPrograms() throws {
        let box = Sandbox()
        let run = try box.run([
            "deadline", "--courses", Self.courses, "--received", "2025-03-03", "--method", "in-person",
            "--third-party", "2025-03-10..2025-03-21", "--extension-approved", "--format", "json", "--lang", "en",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let value = try JSONParser.parse(run.stdout)
        #expect(value["reply"]?["date"]?.stringValue == "2025-04-15")
        #expect(value["finalDeadline"]?.stringValue == value["extended"]?["date"]?.stringValue)
        #expect(value["uncoveredYears"]?.arrayValue?.isEmpty == true)
        let skipped = value["reply"]?["days"]?.arrayValue?.filter { $0["skipped"]?.stringValue == "third-party" }
        #expect(skipped?.count == 10)
    }

    @Test func aYearOutsideTheCalendarWarnsLoudly() throws {
        let box = Sandbox()
        let run = try box.run(["deadline", "--courses", Self.courses, "--received", "2027-03-01", "--method", "post"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("⚠ 警告：2027 年不在节假日日历内"))
        #expect(run.stdout.hasPrefix("⚠ 警告：2027 年不在节假日日历内"))
    }

    @Test(arguments: [
        (["--received", "2025-02-30", "--method", "post"], Int32(2), "日期 '2025-02-30' 无效"),
        (["--received", "2025-03-03", "--method", "pigeon"], Int32(2), "提交方式 'pigeon' 无效"),
        (["--received", "2025-03-03", "--method", "post", "--supplement-requested", "2025-03-01"], Int32(1), "早于收到申请之日"),
        (["--received", "2025-03-03", "--method", "post", "--third-party", "2025-03-10..2025-03-20", "--other-agency", "2025-03-15..2025-03-25"], Int32(1), "重叠"),
        (["--received", "2025-03-03", "--method", "post", "--fee-paid", "2025-03-10"], Int32(2), "须同时给出"),
    ])
    func badInputIsOneClearSentence(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let box = Sandbox()
        let run = try box.run(["deadline", "--courses", Self.courses] + arguments)
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
