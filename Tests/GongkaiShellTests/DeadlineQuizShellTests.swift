import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// A deadline question taken through the shell: drawn dates in the prompt, dates typed
/// as people type them, the day-by-day count in the feedback, the dates in the record.
@Suite struct DeadlineQuizShellTests {
    static let courseYAML = """
        id: dl
        title: 期限计算
        version: 1
        quiz: {pass_percent: 50, mode: exam}
        questions:
          - id: q1
            type: deadline
            prompt: "邮寄申请于 {received} 签收。答复期限的最后一日？"
            scenario:
              method: post
              received: [2025-09-22, 2025-09-30]
            answer: reply
            explanation: 国庆节、中秋节不计。
            source: 条例第三十三条
          - id: q2
            type: deadline
            prompt: "{received} 当面提交，内容不明确。最迟哪天告知补正？"
            scenario:
              method: in-person
              received: [2025-12-24, 2025-12-31]
            answer: supplement_by
            explanation: 7 个工作日，跨年注意元旦。
            source: 条例第三十条
        """

    static func library() -> CourseLibrary {
        let calendar = (try? String(contentsOfFile: DeadlineShellTests.projectCalendar, encoding: .utf8)) ?? ""
        var library = CourseLibrary.load(sources: [(file: "dl.yaml", text: courseYAML), (file: "calendar.yaml", text: calendar)])
        library.roster = ShellHarness.fixtureLibrary.roster
        return library
    }

    /// The resolved questions of the shell's first attempt with this seed.
    static func plan(_ h: ShellHarness) -> [Question] {
        h.firstPlan(h.library.course(id: "dl")!).map { item in
            h.library.course(id: "dl")!.question(id: item.questionID)!.resolvingDeadline(item.drawn!)
        }
    }

    static func key(_ q: Question) -> LocalDate {
        guard case .deadline(let s) = q.answer, let date = s.resolvedAnswer else { return LocalDate(year: 2000, month: 1, day: 1)! }
        return date
    }

    @Test func drawnDatesArePromptedGradedExplainedAndRecorded() throws {
        let lib = Self.library()
        #expect(lib.diagnostics.isEmpty, "\(lib.diagnostics.map(\.description))")
        let h = ShellHarness(library: lib)
        let questions = Self.plan(h)
        let first = Self.key(questions[0])
        let typed = "\(first.year)年\(first.month)月\(first.day)日"
        let out = h.run(["login 张三 --unit xiquan", "", "quiz dl", "明天", "2025-02-30", typed, "2000-01-01", "y", "quit"])
        for q in questions { #expect(out.contains(q.prompt), "the prompt shows the drawn date") }
        #expect(out.contains("请输入一个存在的日期"))
        let split = try #require(out.range(of: "── 测验结果"))
        #expect(!String(out[..<split.lowerBound]).contains("第 1 个工作日"), "exam mode: no count before submission")
        let after = String(out[split.upperBound...])
        #expect(after.contains("第 20 个工作日") || after.contains("第 7 个工作日"), "the count is in the feedback")
        #expect(after.contains("正确答案：\(Self.key(questions[1]))"))
        let attempt = try #require(h.attempts().first)
        #expect(attempt.items.allSatisfy { $0.drawn != nil })
        #expect(attempt.items.map(\.drawn) == h.firstPlan(lib.course(id: "dl")!).map(\.drawn))
        #expect(attempt.score.points == 1)
        // review drills the wrong one on fresh dates, graded against them.
        let review = h.run(["login 张三 --unit xiquan", "", "review dl", "2000-01-01", "y", "quit"])
        #expect(review.contains("最迟哪天告知补正"))
        let reviewed = try #require(h.attempts().first { $0.kind == .review })
        #expect(reviewed.items.count == 1 && reviewed.items[0].drawn != nil)
        #expect(reviewed.items[0].question == "q2" && reviewed.items[0].points == 0)
    }

    @Test func aPausedAttemptResumesOnTheSameDates() throws {
        let h = ShellHarness(library: Self.library())
        let questions = Self.plan(h)
        let out1 = h.run(["login 张三 --unit xiquan", "", "quiz dl", Self.key(questions[0]).description, "quit", "y", "quit"])
        #expect(out1.contains(questions[1].prompt))
        #expect(h.files(under: "/results/progress/").count == 1)
        // A later shell with another seed: the saved dates, not new ones.
        let later = ShellHarness(library: Self.library(), fileSystem: h.fileSystem, seed: 999)
        let out2 = later.run(["login 张三 --unit xiquan", "", "resume dl", Self.key(questions[1]).description, "y", "quit"])
        #expect(out2.contains(questions[1].prompt), "\(out2)")
        let attempt = try #require(later.attempts().first)
        #expect(attempt.score.points == 2)
        #expect(attempt.items.map(\.drawn) == h.firstPlan(h.library.course(id: "dl")!).map(\.drawn))
    }

    @Test func theSameSeedDrawsTheSameDates() {
        let a = ShellHarness(library: Self.library(), seed: 11)
        let b = ShellHarness(library: Self.library(), seed: 11)
        let c = ShellHarness(library: Self.library(), seed: 12)
        #expect(Self.plan(a).map(\.prompt) == Self.plan(b).map(\.prompt))
        let outA = a.run(["login 张三 --unit xiquan", "", "quiz dl", "quit", "y", "quit"])
        let outB = b.run(["login 张三 --unit xiquan", "", "quiz dl", "quit", "y", "quit"])
        #expect(outA == outB)
        _ = c
    }
}
