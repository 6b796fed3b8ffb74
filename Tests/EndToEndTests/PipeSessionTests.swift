import Foundation
import Testing

/// Standard input that is not a terminal: a file of commands and answers is a
/// complete, repeatable session.
@Suite("Piped session")
struct PipeSessionTests {
    static let loginLine = "login 张三 --unit xiquan --session 2020-07-08-training\n"

    /// Learns the seeded question order by skipping through the quiz once (in a
    /// throwaway results folder), then writes the answer file for that order.
    static func answerScript(seed: Int = 7) throws -> (script: String, questions: [ShownQuestion], typed: [String]) {
        let probe = Sandbox()
        let input = loginLine + "quiz sample\n" + String(repeating: "skip\n", count: SampleCourse.questionCount) + "quit\nquit\n"
        let run = try probe.run(E2E.shellArguments(results: probe.results, seed: seed), input: input)
        guard run.status == 0 else { throw DriveFailure(description: "probe run failed: \(run.stderr)\n\(run.stdout)") }
        let questions = QuizScreen.questions(in: run.stdout)
        guard questions.count == SampleCourse.questionCount else {
            throw DriveFailure(description: "probe showed \(questions.count) questions:\n\(run.stdout)")
        }
        let typed = try questions.map(SampleCourse.correctAnswer(to:))
        let script = loginLine + "quiz sample\n" + typed.map { $0 + "\n" }.joined() + "y\n" + "quit\n"
        return (script, questions, typed)
    }

    static func canonicalJSON(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("a piped file of commands and answers completes the quiz, identically on every run")
    func repeatableQuiz() throws {
        let (script, questions, typed) = try Self.answerScript()
        var itemsByRun: [String] = []
        var shownByRun: [[ShownQuestion]] = []
        for _ in 0..<2 {
            let box = Sandbox()
            let run = try box.run(E2E.shellArguments(results: box.results), input: script)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("已签到：政务公开业务培训（2020-07-08）。"), "\(run.stdout)")
            #expect(run.stdout.contains("得分 8/8（100%）· 通过"), "\(run.stdout)")
            #expect(run.stdout.contains("再见。"))
            // Nothing but the program's own text: no terminal escapes, no echo of the input.
            #expect(!run.stdout.contains("\u{1B}"), "no escape codes on a pipe")
            #expect(!run.stdout.contains("quiz sample\n"), "input is not echoed")
            shownByRun.append(QuizScreen.questions(in: run.stdout))

            let attempts = box.attemptFiles()
            #expect(attempts.count == 1, "\(Sandbox.files(under: box.results))")
            let record = try Sandbox.json(at: try #require(attempts.first))
            #expect((record["score"] as? [String: Any])?["percent"] as? NSNumber == 100)
            #expect(record["passed"] as? Bool == true)
            let items = try #require(record["items"] as? [[String: Any]])
            #expect(items.map { $0["raw"] as? String } == typed)
            #expect(items.map { $0["question"] as? String } == questions.map { SampleCourse.idByType[$0.typeName] })
            itemsByRun.append(try Self.canonicalJSON(items))
        }
        #expect(itemsByRun.count == 2)
        #expect(itemsByRun[0] == itemsByRun[1], "same seed, same items (order, shown options, raw answers, points)")
        #expect(shownByRun[0] == shownByRun[1])
        #expect(shownByRun[0] == questions, "the probe saw the same questions")
    }

    @Test("--lang en speaks English")
    func english() throws {
        let box = Sandbox()
        let input = Self.loginLine + "quiz sample\n" + String(repeating: "skip\n", count: SampleCourse.questionCount) + "\n" + "y\n" + "quit\n"
        let run = try box.run(E2E.shellArguments(results: box.results, extra: ["--lang", "en"]), input: input)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("disclosure training"), "\(run.stdout)")
        #expect(run.stdout.contains("Welcome, 张三 (喜泉镇)."), "\(run.stdout)")
        #expect(run.stdout.contains("Question 1/7"), "\(run.stdout)")
        #expect(run.stdout.contains("Score 0/8 (0%) · not passed"), "\(run.stdout)")
        #expect(run.stdout.contains("Goodbye."))
        #expect(!run.stdout.contains("欢迎"), "\(run.stdout)")
        #expect(!run.stdout.contains("得分"), "\(run.stdout)")
        #expect(!run.stdout.contains("答案> "), "\(run.stdout)")
        #expect(box.attemptFiles().count == 1)

        // The same through the environment.
        let viaEnvironment = try box.run(["validate", "--courses", E2E.fixtures], extraEnvironment: ["GONGKAI_LANG": "en"])
        #expect(viaEnvironment.status == 0)
        #expect(viaEnvironment.stdout.contains("Checked 1 course (7 questions), 1 checklist, 1 roster: no errors."), "\(viaEnvironment.stdout)")
    }

    @Test("the feedback after an exam has no stray blank lines, in either language")
    func feedbackLayout() throws {
        // All skipped, then submitted: every question gets its explanation and source.
        let input = Self.loginLine + "quiz sample\n" + String(repeating: "skip\n", count: SampleCourse.questionCount) + "\n" + "y\n" + "quit\n"
        for (language, source) in [("zh", "依据："), ("en", "Source: ")] {
            let box = Sandbox()
            let run = try box.run(E2E.shellArguments(results: box.results, extra: ["--lang", language]), input: input)
            #expect(run.status == 0)
            let lines = run.stdout.components(separatedBy: "\n")
            let sources = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix(source) }
            #expect(sources.count == SampleCourse.questionCount, "\(language): \(run.stdout)")
            for index in sources where index > 0 {
                // The line before "依据/Source" ends the explanation; it is never empty.
                #expect(
                    !lines[index - 1].trimmingCharacters(in: .whitespaces).isEmpty,
                    "\(language): blank line before \(lines[index]) after \(lines[max(0, index - 2)])")
            }
        }
    }
}
