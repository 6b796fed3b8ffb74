import Foundation
import Testing

/// Reports over the records a real session wrote.
@Suite("Reports")
struct ReportTests {
    @Test("report completion --format json and report attendance --format csv --out FILE")
    func reportsOverASession() throws {
        let box = Sandbox()
        // An earlier flow: 张三 signs in and passes the quiz (piped session).
        let (script, _, _) = try PipeSessionTests.answerScript()
        let session = try box.run(E2E.shellArguments(results: box.results), input: script)
        #expect(session.status == 0, "stderr: \(session.stderr)")
        #expect(box.attemptFiles().count == 1)

        let json = try box.run(["report", "completion", "--format", "json", "--courses", E2E.fixtures, "--results", box.results])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let report = try #require(object, "not a JSON object: \(json.stdout.prefix(300))")
        #expect(report["schema"] as? String == "gongkai.report.completion/2")
        #expect((report["session"] as? [String: Any])?["id"] as? String == "2020-07-08-training")
        let units = report["units"] as? [[String: Any]] ?? []
        #expect(Set(units.compactMap { $0["id"] as? String }) == ["xiquan", "luyang", "caizheng"])
        let xiquan = try #require(units.first { $0["id"] as? String == "xiquan" })
        let attendees = xiquan["attendees"] as? [[String: Any]] ?? []
        #expect(attendees.count == 1)
        #expect(attendees.first?["name"] as? String == "张三")
        #expect(attendees.first?["passed"] as? [String] == ["sample"], "\(attendees)")

        let out = box.work + "/reports/attendance.csv"
        let csv = try box.run([
            "report", "attendance", "--format", "csv", "--out", out, "--courses", E2E.fixtures, "--results", box.results,
        ])
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        #expect(csv.stdout.contains(out), "\(csv.stdout)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 BOM for Excel/WPS")
        let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
        #expect(!newlines.isEmpty)
        #expect(newlines.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D }, "every line ends in CRLF")
        #expect(bytes.last == 0x0A)
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count >= 2, "\(text)")
        #expect(rows.contains { $0.contains("喜泉镇") && $0.contains("张三") }, "\(text)")
        #expect(!text.hasPrefix("\u{FEFF}"), "exactly one BOM")
    }
}
