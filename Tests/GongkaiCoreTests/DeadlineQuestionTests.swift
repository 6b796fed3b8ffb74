import Foundation
import Testing

@testable import GongkaiCore

/// The `deadline` question type: parsing, drawing, grading, records, regrade.
@Suite struct DeadlineQuestionTests {
    static let calendarText: String = (try? String(contentsOfFile: HolidayCalendarTests.calendarPath, encoding: .utf8)) ?? ""

    static func course(_ questions: String, version: Int = 1) -> String {
        """
        id: dl
        title: 期限
        version: \(version)
        quiz: {pass_percent: 50, mode: practice}
        questions:
        \(questions)
        """
    }

    static let guoqing = """
          - id: q1
            type: deadline
            prompt: "{received} 签收。答复期限？"
            scenario:
              method: post
              received: [2025-09-22, 2025-09-30]
            answer: reply
            explanation: 国庆节不计。
            source: 条例第三十三条
        """

    static func library(_ yaml: String, calendar: Bool = true) -> CourseLibrary {
        var sources = [(file: "dl.yaml", text: yaml)]
        if calendar { sources.append((file: "calendar.yaml", text: calendarText)) }
        return CourseLibrary.load(sources: sources)
    }

    static func loaded() throws -> (Course, Question, DeadlineScenario) {
        let library = Self.library(Self.course(Self.guoqing))
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics.map(\.description))")
        let course = try #require(library.course(id: "dl"))
        let q = try #require(course.questions.first)
        guard case .deadline(let scenario) = q.answer else { throw CancellationError() }
        return (course, q, scenario)
    }

    @Test func drawsAreSeededAndVaryAcrossSeeds() throws {
        let (_, _, scenario) = try Self.loaded()
        var a = SeededGenerator(seed: 5)
        var b = SeededGenerator(seed: 5)
        #expect(scenario.draw(using: &a) == scenario.draw(using: &b))
        var seen: Set<LocalDate> = []
        for seed in 0..<40 {
            var g = SeededGenerator(seed: UInt64(seed))
            let drawn = scenario.draw(using: &g)
            #expect(drawn.received >= LocalDate(parsing: "2025-09-22")! && drawn.received <= LocalDate(parsing: "2025-09-30")!)
            #expect(try HolidayCalendarTests.projectCalendar().isWorkingDay(drawn.received), "receipt on a working day")
            seen.insert(drawn.received)
        }
        #expect(seen.count >= 4, "fresh dates for different attempts")
    }

    @Test func theResolvedQuestionShowsTheDatesAndGradesTypedDates() throws {
        let (course, q, _) = try Self.loaded()
        let drawn = DeadlineCase(method: .post, received: LocalDate(parsing: "2025-09-26")!)
        let resolved = q.resolvingDeadline(drawn)
        #expect(resolved.prompt == "2025年9月26日（星期五） 签收。答复期限？")
        #expect(resolved.explanation.hasPrefix("国庆节不计。\n"))
        #expect(resolved.explanation.contains("2025-10-01（星期三） — 2025-10-08（星期三）  国庆节、中秋节放假（国办发明电〔2024〕12号），不计"))
        for typed in ["2025-10-30", "2025/10/30", "2025.10.30", "2025年10月30日", "２０２５年１０月３０日", "20251030", "2025年10月30日（星期四）"] {
            guard case .success(let response) = ResponseParser.parse(typed, question: resolved, shown: []) else {
                Issue.record("'\(typed)' not read as a date")
                continue
            }
            #expect(Grader.grade(resolved, response: response, scoring: course.quiz.multipleScoring).isCorrect, "\(typed)")
        }
        let wrong = try #require(try? ResponseParser.parse("2025-10-29", question: resolved, shown: []).get())
        #expect(Grader.grade(resolved, response: wrong, scoring: .partial).points == 0)
        // The authored question alone has no answer: nothing is correct without drawn dates.
        #expect(Grader.grade(q, response: .text("2025-10-30"), scoring: .partial).points == 0)
        #expect(ResponseParser.parse("2025-02-30", question: resolved, shown: []) == .failure(.notADate))
    }

    @Test func theRecordKeepsTheDrawnDatesAndRegradeUsesThem() throws {
        let (course, _, _) = try Self.loaded()
        var g = SeededGenerator(seed: 9)
        let plan = QuizDrawer.draw(course, using: &g)
        let drawn = try #require(plan.first?.drawn)
        var run = QuizRun(id: "a1", course: course, trainee: TestSupport.trainee, session: nil, startedAt: TestSupport.fixedStart, plan: plan)
        guard case .deadline(let s) = try #require(run.current).question.answer, let key = s.resolvedAnswer else {
            Issue.record("not resolved")
            return
        }
        run.answer(raw: key.description, response: .text(key.description))
        let record = run.submit(id: "r1", at: TestSupport.fixedEnd)
        #expect(record.items.first?.drawn == drawn)
        #expect(record.score.points == 1)
        // Written and read back: the drawn dates survive (an additive field).
        let decoded = try AttemptRecord(fields: .object(record.fields()))
        #expect(decoded.items.first?.drawn == drawn)
        let progress = run.progress(at: TestSupport.fixedEnd)
        let reread = try ProgressRecord(fields: .object(progress.fields()))
        #expect(reread.items.first?.drawn == drawn)
        let resumed = try QuizRun(resuming: reread, course: course)
        #expect(resumed.items.first?.question.prompt == run.items.first?.question.prompt)

        // A holiday added to the calendar after the attempt: regrade recomputes on the same dates.
        var calendar = try HolidayCalendarTests.projectCalendar()
        let end = key
        calendar = calendar.adding(
            holiday: .init(name: "测试", from: end.adding(days: -1), to: end, notice: "国办发明电〔2099〕1号"), year: 2099)
        var library = Self.library(Self.course(Self.guoqing))
        library.calendar = calendar
        library.attachCalendarToDeadlineQuestions()
        let plan2 = Regrader.plan(library: library, attempts: [Loaded(record: decoded, path: "x.json", integrity: .verified)])
        #expect(plan2.changes.count == 1)
        #expect(plan2.changes.first?.regraded.items.first?.drawn == drawn)
        #expect(plan2.changes.first?.regraded.score.points == 0)
    }

    @Test func validateReportsScenarioProblemsWithTheirLines() {
        let bad = """
              - id: q1
                type: deadline
                prompt: "{received} {consultation_from} {tomorrow}"
                scenario:
                  method: pigeon
                  received: [2025-09-30, 2025-09-22]
                  supplement_received: [1, 2]
                  consultations:
                    - {kind: third-party, after: [0, 2], length: [5, 3]}
                answer: someday
                source: 条例
              - id: q2
                type: single
                prompt: x
                options: [a, b]
                answer: A
                scenario: {method: post}
                source: 条例
            """
        let rendered = Self.library(Self.course(bad)).diagnostics.map(\.description)
        let expected = [
            "dl.yaml:10:15: error: 'pigeon' is not a valid 'method'; use one of: in-person, post, mail, online, fax",
            "dl.yaml:11:17: error: the range in 'received' ends before it starts",
            "dl.yaml:12:7: error: the scenario of a deadline question needs 'supplement_requested'",
            "dl.yaml:14:38: error: '0, 2' in 'after' must be a range: [YYYY-MM-DD, YYYY-MM-DD] or [min, max] days",
            "dl.yaml:14:54: error: the range in 'length' ends before it starts",
            "dl.yaml:15:13: error: 'someday' is not a deadline answer; use one of: receipt, supplement_by, reply, extended",
            "dl.yaml:22:5: error: only deadline questions take 'scenario'",
        ]
        for line in expected { #expect(rendered.contains(line), "missing: \(line)\n\(rendered.joined(separator: "\n"))") }
    }

    @Test func placeholdersMustMatchTheDrawnDates() {
        let q = """
              - id: q1
                type: deadline
                prompt: "{received} {tomorrow}"
                scenario:
                  method: post
                  received: [2025-09-22, 2025-09-30]
                  supplement_requested: [1, 2]
                answer: reply
                source: 条例
            """
        let messages = Self.library(Self.course(q)).diagnostics.map(\.message)
        #expect(messages.contains(.deadline(.scenarioUnknownPlaceholder("tomorrow", allowed: ["received", "supplement_requested"]))))
        #expect(messages.contains(.deadline(.scenarioPlaceholderMissing("supplement_requested"))))
    }

    @Test func aDeadlineQuestionNeedsTheCalendarAndMustStayInsideIt() {
        let without = Self.library(Self.course(Self.guoqing), calendar: false)
        #expect(without.course(id: "dl") == nil)
        #expect(without.diagnostics.map(\.message).contains(.deadline(.scenarioNeedsCalendar)))
        let late = Self.guoqing.replacingOccurrences(of: "[2025-09-22, 2025-09-30]", with: "[2026-12-01, 2026-12-10]")
        let outside = Self.library(Self.course(late))
        #expect(outside.course(id: "dl") == nil)
        #expect(outside.diagnostics.contains { if case .deadline(.scenarioRunsOutOfCalendar) = $0.message { true } else { false } })
    }

    @Test func theProjectScenariosDrawAnsweredCasesForManySeeds() throws {
        let library = CourseLibrary.load(
            paths: [URL(fileURLWithPath: HolidayCalendarTests.calendarPath).deletingLastPathComponent().path], fileSystem: LocalFileSystem())
        let course = try #require(library.course(id: "request-handling"))
        let deadlines = course.questions.filter { $0.type == .deadline }
        #expect(deadlines.count >= 8)
        // One contiguous block at the end of the list.
        #expect(course.questions.suffix(deadlines.count).allSatisfy { $0.type == .deadline })
        for q in deadlines {
            guard case .deadline(let scenario) = q.answer else { continue }
            for seed in 0..<25 {
                var g = SeededGenerator(seed: UInt64(seed))
                let drawn = scenario.draw(using: &g)
                let result = try #require(scenario.result(for: drawn), "\(q.id) seed \(seed)")
                #expect(result.uncoveredYears.isEmpty, "\(q.id)")
                let resolved = q.resolvingDeadline(drawn)
                #expect(!resolved.prompt.contains("{"), "\(q.id): every placeholder filled")
            }
        }
    }
}
