import Testing

@testable import gongkai

/// The plain start-up skips ArgumentParser's command tree. It must agree with
/// ArgumentParser wherever it answers, and leave everything else to it.
@Suite("Quick start-up parse")
struct QuickStartParseTests {
    /// What ArgumentParser makes of the same arguments, as shell options.
    static func viaArgumentParser(_ arguments: [String]) throws -> ShellOptions? {
        guard let shell = try Gongkai.parseAsRoot(arguments) as? ShellCommandLine else { return nil }
        return ShellOptions(
            courses: shell.global.coursesPath(), results: shell.results, language: try shell.global.language(), seed: shell.seed)
    }

    static let environment = ProcessEnvironment.current

    @Test(arguments: [
        [],
        ["--courses", "Courses", "--results", "Results"],
        ["--courses", "/srv/课程", "--results", "/tmp/结果 目录", "--lang", "en", "--seed", "42"],
        ["--lang", "EN"],
        ["--seed", "007"],
        ["--courses=Courses", "--results=R", "--lang=zh"],
        ["--results", "../x", "--courses", "a b"],
        ["--seed=+5", "--courses=a=b", "--lang=EN"],
    ])
    func agreesWithArgumentParser(_ arguments: [String]) throws {
        let quick = try #require(ShellOptions.quickParse(arguments, environment: Self.environment), "the plain start-up takes the quick path")
        #expect(try Self.viaArgumentParser(arguments) == quick)
    }

    @Test(arguments: [
        ["--seed", "abc"],
        ["--seed", "-1"],
        ["--lang", "fr"],
        ["validate"],
        ["shell"],
        ["report", "scores"],
        ["--courses"],
        ["--courses", "validate"],
        ["--courses", "a", "--courses", "b"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--results", ""],
        ["--results", "--lang"],
        ["--unknown", "x"],
        ["--generate-completion-script", "bash"],
        ["--courses=", "x"],
    ])
    func leavesEverythingElseToArgumentParser(_ arguments: [String]) {
        #expect(ShellOptions.quickParse(arguments, environment: Self.environment) == nil)
    }

    @Test func honoursTheEnvironmentLikeArgumentParser() throws {
        var environment = Self.environment
        environment["GONGKAI_LANG"] = "en"
        environment["GONGKAI_COURSES"] = "/srv/courses"
        let quick = try #require(ShellOptions.quickParse([], environment: environment))
        #expect(quick.language == .en)
        #expect(quick.courses == "/srv/courses")
        environment["GONGKAI_SEED"] = "not a number"
        #expect(ShellOptions.quickParse([], environment: environment) == nil, "a bad GONGKAI_SEED gets ArgumentParser's message")
        #expect(ShellOptions.quickParse(["--seed", "5"], environment: environment)?.seed == 5)
        environment["GONGKAI_LANG"] = "xx"
        #expect(ShellOptions.quickParse([], environment: environment) == nil)
    }
}

/// Options written before the command's name (`gongkai --lang en report scores`).
@Suite("Options before the command")
struct LeadingOptionsTests {
    @Test(arguments: [
        (["--lang", "en", "report", "scores"], ["report", "--lang", "en", "scores"]),
        (["--lang=en", "--courses", "C", "validate", "x"], ["validate", "--lang=en", "--courses", "C", "x"]),
        (["--results", "R", "report", "scores", "--format", "csv"], ["report", "--results", "R", "scores", "--format", "csv"]),
        (["--lang", "en", "--help"], ["--help"]),
        (["--lang", "en", "-h"], ["--help"]),
        (["--lang", "en", "help", "report"], ["help", "report"]),
        (["--lang", "en", "shell", "--seed", "3"], ["shell", "--lang", "en", "--seed", "3"]),
        // Nothing to move, or nothing to move it behind: left as written.
        (["report", "--lang", "en", "scores"], ["report", "--lang", "en", "scores"]),
        (["--lang", "en"], ["--lang", "en"]),
        (["--courses", "validate"], ["--courses", "validate"]),
        (["--lang", "en", "--help", "report"], ["--lang", "en", "--help", "report"]),
        (["--lang", "en", "nonsense"], ["--lang", "en", "nonsense"]),
        (["--unknown", "x", "validate"], ["--unknown", "x", "validate"]),
        ([], []),
    ])
    func reorder(_ arguments: [String], _ expected: [String]) {
        #expect(LeadingOptions.reorder(arguments) == expected)
    }

    @Test func argumentParserReadsTheMovedOptionsAsTheCommands() throws {
        let command = try Gongkai.parseAsRoot(LeadingOptions.reorder(["--lang", "en", "--courses", "/srv/课程", "validate"]))
        let validate = try #require(command as? ValidateCommand)
        #expect(try validate.global.language() == .en)
        #expect(validate.global.coursesPath() == "/srv/课程")
    }
}
