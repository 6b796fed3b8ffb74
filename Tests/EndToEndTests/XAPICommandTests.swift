import Foundation
import Testing

/// `gongkai export xapi` and `gongkai push`: exit codes and messages. The push itself,
/// against a real LRS, is `Tests/LRS/ralph-test.sh` (make lrs-test).
@Suite("xAPI command line")
struct XAPICommandTests {
    /// A sandbox with a generated training day on the fixtures.
    static func trainingDay() throws -> Sandbox {
        let box = Sandbox()
        let made = try box.run(["demo-generate", "--courses", E2E.fixtures, "--results", box.results, "--seed", "3"])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        return box
    }

    @Test("export xapi writes one statement per line, the same to a file and to standard output")
    func exportWritesStatements() throws {
        let box = try Self.trainingDay()
        let out = box.work + "/out/statements.jsonl"
        let toFile = try box.run(["export", "xapi", "--courses", E2E.fixtures, "--results", box.results, "--out", out, "--lang", "en"])
        #expect(toFile.status == 0, "stderr: \(toFile.stderr)")
        let summary = toFile.stdout
        #expect(summary.hasPrefix("Exported ") && summary.contains("xAPI statements") && summary.contains(out), "\(summary)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let lines = written.split(separator: "\n")
        #expect(summary.contains("Exported \(lines.count) xAPI statements"), "\(summary)")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["id"] is String && object?["verb"] != nil && object?["actor"] != nil)
        }
        let toStdout = try box.run(["export", "xapi", "--courses", E2E.fixtures, "--results", box.results])
        #expect(toStdout.status == 0)
        #expect(toStdout.stdout == written)
        #expect(toStdout.stderr.contains("导出 \(lines.count) 条 xAPI 语句"), "\(toStdout.stderr)")
        // Options before the command's name, as people write them.
        let leading = try box.run(["--lang", "en", "export", "xapi", "--courses", E2E.fixtures, "--results", box.results])
        #expect(leading.status == 0, "stderr: \(leading.stderr)")
        #expect(leading.stdout == written)
        #expect(leading.stderr.contains("Exported "))
        // The fixtures' roster names no home page: said, not silent.
        #expect(leading.stderr.contains("the roster sets no xapi.home_page, so accounts and activities use https://gongkai.invalid"), "\(leading.stderr)")
    }

    @Test("a selection that matches nothing is an error, not an empty file")
    func emptySelections() throws {
        let box = try Self.trainingDay()
        let base = ["export", "xapi", "--courses", E2E.fixtures, "--results", box.results, "--lang", "en"]
        let unknown = try box.run(base + ["--session", "no-such-session"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no training session 'no-such-session'"), "\(unknown.stderr)")
        let future = try box.run(base + ["--since", "2030-01-01", "--out", box.work + "/none.jsonl"])
        #expect(future.status == 1)
        #expect(future.stderr.contains("no records match"), "\(future.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.work + "/none.jsonl"))
        let badDate = try box.run(base + ["--since", "2020-13-01"])
        #expect(badDate.status == 2, "stderr: \(badDate.stderr)")
    }

    @Test("the home page comes from the roster; a broken roster stops the export")
    func homePageFromTheRoster() throws {
        let box = try Self.trainingDay()
        let courses = box.work + "/courses"
        try FileManager.default.copyItem(atPath: E2E.fixtures, toPath: courses)
        let roster = courses + "/roster.yaml"
        let original = try String(contentsOfFile: roster, encoding: .utf8)
        try (original + "xapi:\n  home_page: https://www.jingtai.gov.cn/gongkai\n").write(toFile: roster, atomically: true, encoding: .utf8)
        let good = try box.run(["export", "xapi", "--courses", courses, "--results", box.results, "--lang", "en"])
        #expect(good.status == 0, "stderr: \(good.stderr)")
        #expect(good.stdout.contains(#""account":{"homePage":"https://www.jingtai.gov.cn/gongkai","name":"xiquan/"#))
        #expect(!good.stdout.contains("gongkai.invalid/units") && !good.stderr.contains("sets no xapi.home_page"))
        try (original + "xapi:\n  home_page: www.jingtai.gov.cn\n").write(toFile: roster, atomically: true, encoding: .utf8)
        let broken = try box.run(["export", "xapi", "--courses", courses, "--results", box.results, "--lang", "en"])
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("roster.yaml:12:14: error: home_page 'www.jingtai.gov.cn' must be an http://"), "\(broken.stderr)")
        #expect(broken.stderr.contains("fix it first (gongkai validate)"), "\(broken.stderr)")
    }

    @Test("push refuses to start without credentials, with credentials in the URL, or with a bad URL")
    func pushRefusals() throws {
        let box = try Self.trainingDay()
        let base = ["push", "--courses", E2E.fixtures, "--results", box.results, "--lang", "en"]
        let noCredentials = try box.run(base + ["--lrs", "http://127.0.0.1:9/xAPI/"])
        #expect(noCredentials.status == 1)
        #expect(noCredentials.stderr.contains("GONGKAI_LRS_USER") && noCredentials.stderr.contains("GONGKAI_LRS_CREDENTIALS"), "\(noCredentials.stderr)")
        let inURL = try box.run(base + ["--lrs", "http://county:secret@127.0.0.1:9/xAPI/"])
        #expect(inURL.status == 1)
        #expect(inURL.stderr.contains("must not hold a user name or password"), "\(inURL.stderr)")
        let env = ["GONGKAI_LRS_USER": "county", "GONGKAI_LRS_PASSWORD": "pw"]
        let notHTTP = try box.run(base + ["--lrs", "lrs.example.gov.cn"], extraEnvironment: env)
        #expect(notHTTP.status == 1)
        #expect(notHTTP.stderr.contains("is not an http:// or https:// LRS address"), "\(notHTTP.stderr)")
        let badFile = try box.run(base + ["--lrs", "http://127.0.0.1:9/xAPI/"], extraEnvironment: ["GONGKAI_LRS_CREDENTIALS": box.work + "/missing"])
        #expect(badFile.status == 1)
        #expect(badFile.stderr.contains("cannot read the LRS credentials file"), "\(badFile.stderr)")
        let badBatch = try box.run(base + ["--lrs", "http://127.0.0.1:9/xAPI/", "--batch", "0"], extraEnvironment: env)
        #expect(badBatch.status == 2, "stderr: \(badBatch.stderr)")
        let noPassword = try box.run(["push", "--lrs", "http://127.0.0.1:9/xAPI/", "--password", "x"])
        #expect(noPassword.status == 2)
    }
}
