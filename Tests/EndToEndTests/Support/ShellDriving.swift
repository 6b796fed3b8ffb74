/// Steps shared by the terminal sessions.
extension PseudoTerminal {
    static let topPrompt = "gongkai> "

    /// Waits for the banner and the first prompt.
    func expectBanner() throws {
        try expect("政务公开业务培训")
        try expect(Self.topPrompt)
    }

    /// `login NAME --unit ID --session ID`, then waits for the signed-in prompt.
    func login(_ name: String, unit: String, unitName: String, session: String = "2020-07-08-training") throws {
        try line("login \(name) --unit \(unit) --session \(session)")
        try expect("欢迎，\(name)（\(unitName)）。")
        try expect("\(name)@\(unitName)> ")
    }

    /// Waits for the answer prompt and returns the question shown above it.
    func nextQuestion() throws -> ShownQuestion {
        let segment = try expect("答案> ")
        guard let question = QuizScreen.current(in: segment) else {
            throw failure("no question header before the answer prompt")
        }
        return question
    }

    /// Answers the question on screen correctly; returns it and what was typed.
    func answerCorrectly() throws -> (question: ShownQuestion, typed: String) {
        let question = try nextQuestion()
        let typed = try SampleCourse.correctAnswer(to: question)
        try line(typed)
        return (question, typed)
    }
}
