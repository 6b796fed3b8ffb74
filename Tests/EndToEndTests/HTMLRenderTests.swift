import Foundation
import Testing
import GongkaiTestKit

#if canImport(Glibc)
import Glibc
#endif

/// The printable HTML report as written by `gongkai report --format html`.
@Suite("HTML report")
struct HTMLRenderTests {
    /// The first Chromium found on PATH, if any.
    static var chromium: String? { Printing.chromium }

    static func tagProblems(_ html: String) -> [String] { HTMLCheck.tagProblems(html) }

    @Test("--format html: well-formed, self-contained, A4, with figures, table and an inline SVG chart")
    func htmlFromTheCommandLine() throws {
        let cli = try ReportCLI()
        try cli.standard()
        for kind in ["attendance", "scores", "completion", "audits", "items"] {
            let run = try cli.report([kind, "--format", "html"])
            #expect(run.status == 0, "\(kind): \(run.stderr)")
            let html = run.stdout
            #expect(Self.tagProblems(html) == [], "\(kind)")
            let lower = html.lowercased().replacingOccurrences(of: "url(#", with: "")  // a pattern within the page
            for needle in ["<script", "<link", "src=", "url(", "@import"] { #expect(!lower.contains(needle), "\(kind): \(needle)") }
            let rest = lower.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!rest.contains("http:") && !rest.contains("https:"), "\(kind): no external references")
            #expect(html.contains("@page") && html.contains("size: A4"), "\(kind): A4 print CSS")
            #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), "\(kind): inline chart")
            #expect(html.contains("政务公开业务培训") || kind == "scores" || kind == "items", "\(kind): the session")
            #expect(html.contains("class=\"figure\""), "\(kind): summary figures")
            #expect(html.contains("<table class=\"wrap\">"), "\(kind): a table")
        }
        let attendance = try cli.report(["attendance", "--format", "html"]).stdout
        #expect(attendance.contains("<h1>培训签到情况</h1>"))
        #expect(attendance.contains("<td>喜泉镇</td>") && attendance.contains("<td>财政局</td>"))
        #expect(attendance.contains("<td>张三、李四</td>"))
    }

    @Test(
        "headless Chromium renders the report to a non-empty PNG",
        .enabled(if: HTMLRenderTests.chromium != nil, "Chromium not installed"),
        .timeLimit(.minutes(2)))
    func chromiumScreenshot() throws {
        let chromium = try #require(Self.chromium)
        let cli = try ReportCLI()
        try cli.standard()
        let html = cli.box.work + "/completion.html"
        let written = try cli.report(["completion", "--out", html])
        #expect(written.status == 0, "\(written.stderr)")
        let png = cli.box.work + "/completion.png"
        let profile = cli.box.work + "/chromium-profile"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile)", "--screenshot=\(png)", "--window-size=1240,1754", "file://\(html)",
        ]
        var environment = cli.box.environment()
        environment["HOME"] = cli.box.home
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("Chromium did not finish within 90 s")
            return
        }
        #expect(process.terminationStatus == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(data.count > 1000, "a real picture, \(data.count) bytes")
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
    }
}
