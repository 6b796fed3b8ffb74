import Foundation
import GongkaiCore
import Testing

/// Every report kind's JSON, made by the built binary on generated and edge-case data,
/// validated against `docs/schema/<kind>.schema.json` by Python's `jsonschema`
/// (`make test` installs it), and the schemas shown to reject what they must.
@Suite("JSON Schemas of the reports")
struct SchemaTests {
    static let schemaDirectory = E2E.packageRoot + "/docs/schema"
    static let validator = E2E.packageRoot + "/Tests/Schema/validate.py"

    /// Runs the validator on `files`; its status and report.
    static func validate(_ files: [String], in directory: String) throws -> PipeRun.Result {
        try PipeRun.run(
            "/usr/bin/env", arguments: ["python3", validator, schemaDirectory] + files, input: "",
            environment: ProcessInfo.processInfo.environment, directory: directory, timeout: 120)
    }

    /// Arguments a kind cannot do without (whose transcript: 喜泉镇, on every roster below; one person by
    /// name is asked for separately, where the records have 张三 — elsewhere that is rightly exit 1).
    static let needs: [String: [String]] = ["transcript": ["--unit", "xiquan"]]

    /// Collects each report's JSON as a file of its own.
    final class Outputs {
        let folder: String
        var files: [String] = []
        var documents: [(kind: Report.Kind, label: String, object: [String: Any])] = []

        init(_ box: Sandbox) throws {
            folder = box.root + "/json"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }

        /// `gongkai report KIND --format json ARGS` for every kind; each must succeed.
        func all(
            _ label: String, courses: String, results: String, box: Sandbox, _ extra: [String] = [], kinds: [Report.Kind] = Report.Kind.allCases
        ) throws {
            for kind in kinds {
                let needed = SchemaTests.needs[kind.rawValue] ?? []
                // A filter the kind needs is not varied.
                if extra.contains(where: { $0.hasPrefix("--") && needed.contains($0) }) { continue }
                // Certificates cover every module of a session: they refuse --course (exit 2).
                if kind == .certificates, extra.contains("--course") { continue }
                let run = try box.run(["report", kind.rawValue, "--format", "json", "--courses", courses, "--results", results] + needed + extra)
                #expect(run.status == 0, "\(label) \(kind) \(extra): \(run.stderr)")
                guard run.status == 0 else { continue }
                let path = folder + "/\(label)-\(kind.rawValue)-\(files.count).json"
                try Data(run.stdoutBytes).write(to: URL(fileURLWithPath: path))
                files.append(path)
                let object = try JSONSerialization.jsonObject(with: Data(run.stdoutBytes)) as? [String: Any]
                documents.append((kind, "\(label) \(extra)", try #require(object, "\(label) \(kind): not a JSON object")))
            }
        }
    }

    @Test("every kind has a schema, and every report of every kind validates: generated, empty and edge-case data")
    func everyReportValidates() throws {
        for kind in Report.Kind.allCases {
            #expect(
                FileManager.default.fileExists(atPath: Self.schemaDirectory + "/\(kind.rawValue).schema.json"),
                "docs/schema/\(kind.rawValue).schema.json is missing")
        }
        let cli = try ReportCLI()
        let out = try Outputs(cli.box)
        // Nothing recorded yet.
        try out.all("empty", courses: cli.courses, results: cli.results, box: cli.box)
        try out.all("empty-paper", courses: cli.courses, results: cli.results, box: cli.box, ["--unit", "caizheng"])
        // The standard world, with a closed rectification, a late one and a second revision.
        try cli.standard()
        try cli.takeQuiz("赵六", unit: "caizheng", at: "2020-07-08T10:30:00+08:00")
        let first = cli.at("2020-07-09T09:00:00+08:00")
        let opened = RectificationEvent(kind: .opened, at: first, by: "赵六")
        let revision = AuditRevision(
            id: cli.nextID(first), createdAt: first, checklist: ChecklistRef(id: "col", version: 1), unit: "caizheng", session: "s1",
            by: Trainee(name: "赵六", unit: "caizheng"), previous: nil,
            entries: [
                AuditEntry(
                    item: "site", status: .fail, note: "首页链接失效",
                    rectification: Rectification(
                        action: "修复链接", owner: "赵六", deadline: LocalDate(parsing: "2020-07-20")!,
                        done: .init(date: LocalDate(parsing: "2020-07-25")!, evidence: "截图", by: "赵六"),
                        history: [opened, RectificationEvent(kind: .closed, at: cli.at("2020-07-25T09:00:00+08:00"), by: "赵六")]),
                    changedBy: "赵六", changedAt: first),
                AuditEntry(item: "updates", status: .fail, rectification: Rectification(action: "补发", owner: "钱七", deadline: nil, history: [opened])),
            ])
        try cli.store.save(revision)
        for extra in [[], ["--session", "s1"], ["--session", "s0"], ["--unit", "xiquan"], ["--unit", "caizheng"], ["--course", "basics"],
            ["--as-of", "2100-01-01"], ["--since", "2020-07-09", "--until", "2020-07-31"], ["--lang", "en"]]
        {
            try out.all("standard", courses: cli.courses, results: cli.results, box: cli.box, extra)
        }
        // One person by name (the kinds that take --person).
        try out.all("standard-person", courses: cli.courses, results: cli.results, box: cli.box, ["--person", "张三"], kinds: [.transcript, .certificates])
        // Records that cannot be read or were altered: counted in the envelope.
        let month = cli.results + "/attempts/basics/2020-07"
        try Data("{\"schema\": \"gongkai.attempt/1\", \"id\": ".utf8).write(to: URL(fileURLWithPath: month + "/broken.json"))
        let victim = try #require(cli.attemptFiles.first { !$0.hasSuffix("broken.json") })
        let text = try String(contentsOfFile: victim, encoding: .utf8)
        try text.replacingOccurrences(of: "\"passed\" : false", with: "\"passed\" : true")
            .replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true")
            .replacingOccurrences(of: "\"raw\" : \"", with: "\"raw\" : \"x")
            .replacingOccurrences(of: "\"raw\": \"", with: "\"raw\": \"x")
            .write(toFile: victim, atomically: true, encoding: .utf8)
        try out.all("damaged", courses: cli.courses, results: cli.results, box: cli.box)
        try out.all("merged", courses: cli.courses, results: cli.results, box: cli.box, ["--results", cli.results])

        // No roster and no checklist: no session, no checklist.
        let bare = try ReportCLI()
        try bare.standard()
        try FileManager.default.removeItem(atPath: bare.courses + "/roster.yaml")
        try FileManager.default.removeItem(atPath: bare.courses + "/checklists/col.yaml")
        try out.all("bare", courses: bare.courses, results: bare.results, box: bare.box)

        // The bundled courses with a generated training day, and generated load for units not on the roster.
        let courses = E2E.packageRoot + "/Courses"
        let demo = cli.box.root + "/demo"
        let generated = try cli.box.run(["demo-generate", "--courses", courses, "--results", demo, "--seed", "3"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let roster = try #require(CourseLibrary.load(paths: [courses], fileSystem: LocalFileSystem()).roster)
        for extra in [[], ["--unit", roster.units[0].id], ["--as-of", "2030-01-01"], ["--lang", "en"]] {
            try out.all("demo", courses: courses, results: demo, box: cli.box, extra)
        }
        let bench = cli.box.root + "/bench"
        let load = try cli.box.run(["bench-generate", "--courses", courses, "--results", bench, "--attempts", "300", "--units", "3"])
        #expect(load.status == 0, "\(load.stderr)")
        try out.all("bench", courses: courses, results: bench, box: cli.box)

        let run = try Self.validate(out.files, in: cli.box.work)
        #expect(run.status == 0, "schema validation (run make test for jsonschema):\n\(run.stdout.suffix(6000))\n\(run.stderr.suffix(2000))")
        #expect(run.stdout.contains("\(out.files.count) documents, 0 problems"), "\(run.stdout.suffix(500))")

        // The data reached the edge cases the schemas describe.
        func some(_ kind: Report.Kind, _ test: ([String: Any]) -> Bool) -> Bool { out.documents.contains { $0.kind == kind && test($0.object) } }
        #expect(some(.audits) { $0["unit"] != nil }, "an audits paper (--unit)")
        #expect(some(.audits) { $0["units"] != nil && $0["checklist"] is NSNull }, "audits without a checklist")
        #expect(some(.audits) { ($0["revision"] as Any) is NSNull && $0["unit"] != nil }, "a paper with no revision")
        #expect(some(.notices) { (($0["notices"] as? [Any]) ?? []).count > 0 }, "a notice")
        #expect(some(.attendance) { $0["session"] is NSNull && $0["totals"] is NSNull }, "attendance without a session")
        #expect(some(.items) { (($0["questions"] as? [[String: Any]]) ?? []).contains { $0["facility"] is NSNull } }, "a question never answered")
        #expect(some(.scores) { (($0["people"] as? [[String: Any]]) ?? []).contains { $0["attemptsToPass"] is NSNull } }, "someone who never passed")
        #expect(some(.completion) { ($0["skippedRecords"] as? Int ?? 0) > 0 && (($0["tamperedRecords"] as? [Any]) ?? []).count > 0 }, "damaged records")
        for kind in Report.Kind.allCases {
            #expect(out.documents.contains { $0.kind == kind }, "\(kind) produced no JSON")
        }
    }

    @Test("record files validate: attempts (every question type, a regrade), sign-ins, audit revisions, an autosave, a self-audit draft")
    func recordsValidate() throws {
        let cli = try ReportCLI()
        try cli.standard()
        // An attempt half done, one answer flagged: its autosave.
        let course = try #require(cli.library.course(id: "basics"))
        let started = cli.at("2020-07-08T11:00:00+08:00")
        var generator = SeededGenerator(seed: 2)
        var run = QuizRun(
            id: cli.nextID(started), course: course, trainee: Trainee(name: "孙八", unit: "xiquan"), session: nil, startedAt: started,
            plan: QuizDrawer.draw(course, using: &generator))
        let item = try #require(run.current)
        run.answer(raw: "a", response: try ResponseParser.parse("a", question: item.question, shown: item.shown).get())
        _ = run.toggleFlag()
        try cli.store.saveProgress(run.progress(at: started), name: "basics")
        // A self-audit draft with an item edit under way.
        let contact = Trainee(name: "李四", unit: "xiquan")
        try cli.store.saveDraft(
            AuditDraft(
                id: cli.nextID(started), createdAt: started, checklist: ChecklistRef(id: "col", version: 1), unit: "xiquan", session: "s1",
                by: contact, previous: nil, position: 1,
                entries: [AuditEntry(item: "site", status: .pass, changedBy: "李四", changedAt: started), AuditEntry(item: "updates")],
                editing: ItemEdit(
                    index: 1, entry: AuditEntry(item: "updates", status: .fail, note: "未按时更新"), by: "李四", asked: [.status, .note],
                    requested: .fail)))
        // A regrade writes superseding records.
        try cli.writeCourse(k2Key: "A", version: 2)
        #expect(try cli.regrade().status == 0)
        // The bundled courses (every question type, deadline questions with drawn dates) on a generated day.
        let demo = cli.box.root + "/demo"
        let generated = try cli.box.run(["demo-generate", "--courses", E2E.packageRoot + "/Courses", "--results", demo, "--seed", "5"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let fixtures = cli.box.root + "/fixtures"
        let bench = try cli.box.run(["bench-generate", "--courses", E2E.fixtures, "--results", fixtures, "--attempts", "40", "--units", "2"])
        #expect(bench.status == 0, "\(bench.stderr)")

        var files: [String] = []
        var schemas: Set<String> = []
        for root in [cli.results, demo, fixtures] {
            for relative in Sandbox.files(under: root) where relative.hasSuffix(".json") && !relative.hasPrefix(".") && !relative.contains("/.") {
                let object = try Sandbox.json(at: root + "/" + relative)
                guard let schema = object["schema"] as? String else { continue }
                // Study positions have no schema of their own yet.
                guard schema != "gongkai.study/1" else { continue }
                schemas.insert(schema)
                files.append(root + "/" + relative)
            }
        }
        #expect(schemas == ["gongkai.attempt/1", "gongkai.attendance/1", "gongkai.audit/1", "gongkai.progress/1", "gongkai.audit-draft/1"], "\(schemas)")
        let result = try Self.validate(files, in: cli.box.work)
        #expect(result.status == 0, "\(result.stdout.suffix(6000))\n\(result.stderr.suffix(2000))")
        #expect(result.stdout.contains("\(files.count) documents, 0 problems"), "\(result.stdout.suffix(300))")
        #expect(files.count > 100, "\(files.count) records")
    }

    @Test("the schemas refuse a list where a count belongs, a missing member, an unknown member and a wrong null")
    func schemasRejectWrongShapes() throws {
        let cli = try ReportCLI()
        try cli.standard()
        let folder = cli.box.root + "/bad"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func object(_ kind: String, _ extra: [String] = []) throws -> [String: Any] {
            try cli.json(try cli.report([kind, "--format", "json"] + extra))
        }
        var cases: [(String, [String: Any])] = []
        var audits = try object("audits")
        var units = try #require(audits["units"] as? [[String: Any]])
        units[0]["unanswered"] = []  // the list the first version had
        audits["units"] = units
        cases.append(("unanswered-list", audits))
        var completion = try object("completion")
        completion.removeValue(forKey: "totals")
        cases.append(("missing-totals", completion))
        var attendance = try object("attendance")
        attendance["extra"] = 1
        cases.append(("unknown-member", attendance))
        var scores = try object("scores")
        var people = try #require(scores["people"] as? [[String: Any]])
        people[0]["best"] = NSNull()
        scores["people"] = people
        cases.append(("null-best", scores))
        var paper = try object("audits", ["--unit", "xiquan"])
        paper["schema"] = "gongkai.report.audits/1"
        cases.append(("old-version", paper))
        var items = try object("items")
        items["schema"] = "gongkai.report.nosuchkind/1"
        cases.append(("no-schema", items))

        let good = folder + "/good.json"
        try Data(try cli.report(["notices", "--format", "json"]).stdoutBytes).write(to: URL(fileURLWithPath: good))
        #expect(try Self.validate([good], in: cli.box.work).status == 0, "the unaltered report is valid")
        for (name, document) in cases {
            let path = folder + "/\(name).json"
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
            let run = try Self.validate([path], in: cli.box.work)
            #expect(run.status == 1, "\(name) was accepted: \(run.stdout)")
            #expect(run.stdout.contains(path), "\(name): \(run.stdout)")
        }
    }
}
