import Foundation
import Testing

/// The command line contract: exit codes 0 ok, 1 user or data error, 2 usage error.
@Suite("Command line")
struct CommandLineTests {
    @Test("validate on the fixtures: exit 0 and a one-line summary on stdout")
    func validateFixtures() throws {
        let box = Sandbox()
        let run = try box.run(["validate", "--courses", E2E.fixtures])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdoutLines.count == 1, "stdout: \(run.stdout)")
        let summary = run.stdoutLines.first ?? ""
        #expect(summary.contains("1 门课程（7 道题）"), "\(summary)")
        #expect(summary.contains("1 张自查表"), "\(summary)")
        #expect(summary.contains("1 份花名册"), "\(summary)")
        #expect(summary.contains("没有错误"), "\(summary)")
        #expect(!run.stderr.contains("error:"), "stderr: \(run.stderr)")

        // Paths given as arguments work the same way.
        let byPath = try box.run(["validate", E2E.fixtures])
        #expect(byPath.status == 0, "stderr: \(byPath.stderr)")
        #expect(byPath.stdoutLines.count == 1)
    }

    @Test("validate reports every error as file:line:column and exits 1")
    func validateTwoErrors() throws {
        let box = Sandbox()
        let folder = box.work + "/bad-courses"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/bad.yaml"
        // Line 5: a misspelt key. Line 8: an unknown question type (column 11).
        try """
            id: bad
            title: 坏课程
            version: 1
            summary: 两处错误
            titel: 拼错的键
            questions:
              - id: q1
                type: singel
                prompt: 题目
                options: [甲, 乙]
                answer: A
                explanation: 说明
                source: 条例第一条
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try box.run(["validate", file])
        #expect(run.status == 1, "stdout: \(run.stdout) stderr: \(run.stderr)")
        let errors = run.stderrLines.filter { $0.contains(": error: ") }
        #expect(errors.count == 2, "stderr: \(run.stderr)")
        #expect(errors.contains { $0.hasPrefix("\(file):5:1: error: ") && $0.contains("titel") }, "stderr: \(run.stderr)")
        #expect(errors.contains { $0.hasPrefix("\(file):8:11: error: ") && $0.contains("singel") }, "stderr: \(run.stderr)")
        for line in errors {
            let parts = line.split(separator: ":", maxSplits: 3)
            #expect(parts.count == 4 && Int(parts[1]) != nil && Int(parts[2]) != nil, "not file:line:column: \(line)")
        }
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)")
    }

    @Test("an unknown option is a usage error: exit 2")
    func bogusOption() throws {
        let run = try Sandbox().run(["--bogus"])
        #expect(run.status == 2, "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(run.stderr.contains("--bogus"), "stderr: \(run.stderr)")
    }

    @Test("a bad report kind and a bad --lang are usage errors: exit 2")
    func badValues() throws {
        let box = Sandbox()
        let kind = try box.run(["report", "nonsense", "--courses", E2E.fixtures, "--results", box.results])
        #expect(kind.status == 2, "stderr: \(kind.stderr)")
        let lang = try box.run(["validate", "--lang", "fr", "--courses", E2E.fixtures])
        #expect(lang.status == 2, "stderr: \(lang.stderr)")
    }

    @Test("--help and --version exit 0")
    func helpAndVersion() throws {
        let box = Sandbox()
        let help = try box.run(["--help"])
        #expect(help.status == 0, "stderr: \(help.stderr)")
        #expect(help.stdout.contains("validate"), "\(help.stdout)")
        #expect(help.stdout.contains("report"), "\(help.stdout)")
        let version = try box.run(["--version"])
        #expect(version.status == 0, "stderr: \(version.stderr)")
        let text = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!text.isEmpty && text.first!.isNumber && text.contains("."), "version: \(version.stdout)")
    }

    @Test("options before the command's name work as after it; --help after --lang shows the top-level help")
    func optionsBeforeTheCommand() throws {
        let box = Sandbox()
        let validate = try box.run(["--lang", "en", "validate", "--courses", E2E.fixtures])
        #expect(validate.status == 0, "stderr: \(validate.stderr)")
        #expect(validate.stdout == "Checked 1 course (7 questions), 1 checklist, 1 roster: no errors.\n", "\(validate.stdout)")
        let courses = try box.run(["--courses", E2E.fixtures, "--lang=en", "validate"])
        #expect(courses.status == 0, "stderr: \(courses.stderr)")
        #expect(courses.stdout == validate.stdout)
        let help = try box.run(["--lang", "en", "--help"])
        #expect(help.status == 0, "stderr: \(help.stderr)")
        #expect(help.stdout.contains("Government information-disclosure training"), "\(help.stdout)")
        #expect(help.stdout.contains("SUBCOMMANDS") && help.stdout.contains("report"), "\(help.stdout)")
        let reportHelp = try box.run(["--lang", "en", "report", "--help"])
        #expect(reportHelp.stdout.contains("Compile attendance, scores"), "\(reportHelp.stdout)")
        // An option the command does not take is still refused, in ArgumentParser's words.
        let seed = try box.run(["--seed", "3", "validate", E2E.fixtures])
        #expect(seed.status == 2)
        #expect(seed.stderr.contains("--seed"), "\(seed.stderr)")
    }

    @Test("--generate-completion-script bash prints a completion script")
    func completionScript() throws {
        let run = try Sandbox().run(["--generate-completion-script", "bash"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.hasPrefix("#!/bin/bash"), "\(run.stdout.prefix(200))")
        #expect(run.stdout.contains("complete ") && run.stdout.contains("_gongkai gongkai"), "\(run.stdout.suffix(400))")
        #expect(run.stdout.contains("gongkai"))
        #expect(run.stdout.contains("validate"))
    }
}
