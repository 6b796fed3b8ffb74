import Foundation
import GongkaiCore
import Testing

@testable import GongkaiShell

/// `quiz` on the real modules: a retake draws none of the questions of the previous attempt.
@Suite struct RetakeDrawTests {
    static let realLibrary: CourseLibrary = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        var library = CourseLibrary.load(paths: [url.deletingLastPathComponent().appendingPathComponent("Courses").path], fileSystem: LocalFileSystem())
        // Deadline drills draw their dates from the same generator: leave them out so the plan can be predicted.
        for index in library.courses.indices { library.courses[index].questions.removeAll { $0.type == .deadline } }
        return library
    }()

    @Test func aSecondQuizWithTheSameSeedAvoidsTheFirstAttemptsQuestions() throws {
        let h = ShellHarness(library: Self.realLibrary)
        let course = try #require(Self.realLibrary.course(id: "request-handling"))
        let login = ["login 张三 --unit xiquan", ""]
        let first = h.firstPlan(course)
        h.run(login + ["quiz request-handling"] + first.map { correctAnswer(course.question(id: $0.questionID)!, shown: $0.shown) } + ["y", "quit"])
        #expect(h.attempts().count == 1)
        // A new shell starts from the same seed: without avoidance it would draw the very same questions.
        var generator = SeededGenerator(seed: h.seed)
        let second = QuizDrawer.draw(course, avoiding: Set(first.map(\.questionID)), using: &generator)
        #expect(Set(second.map(\.questionID)).isDisjoint(with: first.map(\.questionID)))
        h.run(login + ["quiz request-handling"] + second.map { correctAnswer(course.question(id: $0.questionID)!, shown: $0.shown) } + ["y", "quit"])
        let attempts = h.attempts().sorted { $0.id < $1.id }
        #expect(attempts.count == 2)
        let drawn = try #require(attempts.last).items.map(\.question)
        #expect(drawn == second.map(\.questionID))
        #expect(Set(drawn).isDisjoint(with: first.map(\.questionID)))
        #expect(attempts.allSatisfy { $0.score.percent == 100 })
    }
}
