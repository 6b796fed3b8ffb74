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
