import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// The shell's `deadline` dialogue on the project's own calendar.
@Suite struct DeadlineShellTests {
    static let projectCalendar: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.deletingLastPathComponent().appendingPathComponent("Courses/calendar.yaml").path
    }()

    static let library = CourseLibrary.load(paths: [ShellHarness.fixtures, projectCalendar], fileSystem: LocalFileSystem())

    @Test func asksOnlyWhatItNeedsAndShowsTheCount() {
        let h = ShellHarness(library: Self.library)
        let out = h.run(["deadline", "2", "2025年9月26日", "n", "n", "n", "n", "quit"])
        #expect(out.contains("签收日期"))
        #expect(!out.contains("发出补正告知的日期"), "no supplement: not asked for its dates")
        #expect(out.contains("收到申请之日：2025-09-26（星期五）"))
        #expect(out.contains("答复期限：2025-10-30（星期四）"))
        #expect(out.contains("2025-09-28（星期日）  第 1 个工作日  调休上班（国庆节，国办发明电〔2024〕12号）"))
        #expect(out.contains("2025-10-01（星期三） — 2025-10-08（星期三）  国庆节、中秋节放假（国办发明电〔2024〕12号），不计"))
        #expect(!out.contains("警告"))
    }

    @Test func badInputIsExplainedAndAskedAgain() {
        let h = ShellHarness(library: Self.library)
        let out = h.run([
            "期限", "9", "邮寄", "2025-02-30", "2025-03-03",
            "y", "2025-03-01", "2025-03-05", "2025-03-04", "2025-03-14",
            "y", "1", "2025-03-17", "2025-03-21", "y", "2", "2025-03-20", "2025-03-24", "2025-03-25", "n",
            "n", "y", "quit",
        ])
        #expect(out.contains("请输入 1–5"))
        #expect(out.contains("日期 '2025-02-30' 无效"))
        #expect(out.contains("补正告知日期 2025-03-01 早于收到申请之日 2025-03-03"))
        #expect(out.contains("收到补正的日期 2025-03-04 早于补正告知日期 2025-03-05"))
        #expect(out.contains("重叠"))
        // Reply from 3/14; 3/17–21 and 3/24–25 not counted; 清明 4/4–6 off: the 20th working day is 4/23.
        #expect(out.contains("答复期限：2025-04-23（星期三）"))
        #expect(out.contains("已批准"))
    }

    @Test func aYearOutsideTheCalendarIsALoudWarning() {
        let h = ShellHarness(library: Self.library)
        let out = h.run(["deadline", "1", "2027-03-01", "n", "n", "n", "n", "quit"])
        #expect(out.contains("⚠ 警告：2027 年不在节假日日历内"))
        #expect(out.contains("答复期限：2027-03-29（星期一）"))
    }

    @Test func endOfInputCancelsCleanly() {
        let h = ShellHarness(library: Self.library)
        let out = h.run([.line("deadline"), .line("1"), .endOfInput])
        #expect(out.contains("已取消期限计算"))
    }
}
