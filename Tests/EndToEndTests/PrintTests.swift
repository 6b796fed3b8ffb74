import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every report printed to A4 by headless Chromium, read back with poppler's `pdftotext`:
/// every column header and every unit (or question) is on the page, nothing reaches past
/// the margin, no text is shrunk below 9 pt, pages are numbered, and the page count stays
/// within the bound each paper states. Run for the county's 31 units and for 120 units
/// with names up to 40 characters and a course of 200 questions.
///
/// Chromium, poppler-utils and fonts-noto-cjk come from `make print-deps` (a prerequisite of
/// `make test`); without them this suite fails and says so.
///
/// A new report kind must add its entry to `PrintTests.papers`: a kind without one fails
/// `everyKindHasAPrintCase`.
@Suite("Printing to A4", .serialized)
struct PrintTests {
    /// One generated data set (courses, records) that every paper of a scale is printed from.
    struct DataSet: Sendable {
        var name: String
        var courses: String
        var results: String
        var units: [GongkaiCore.Unit]
        var questions: Int
        /// The unit whose self-audit paper is printed (and whose certificates and transcripts).
        var paperUnit: String
        /// The training session of the records (demo-generate's: the roster's first).
        var session: String
        /// The modules of the library.
        var modules: Int
    }

    /// One printed paper: how it is asked for, what must be on it, how long it may be.
    struct Paper: Sendable {
        typealias Lines = @Sendable (Report, DataSet) -> [String]
        var name: String
        var kind: Report.Kind
        /// Options after `report KIND` (besides --courses, --results, --as-of, --out).
        var arguments: @Sendable (DataSet) -> [String]
        var filter: @Sendable (DataSet) -> ReportFilter
        /// What must print, beyond every column header: by default every unit's name.
        var mustPrint: Lines
        /// The most pages it may take.
        var maxPages: @Sendable (DataSet) -> Int

        init(
            _ name: String, _ kind: Report.Kind, arguments: @escaping @Sendable (DataSet) -> [String] = { _ in [] },
            filter: @escaping @Sendable (DataSet) -> ReportFilter = { _ in ReportFilter() }, mustPrint: Lines? = nil,
            maxPages: @escaping @Sendable (DataSet) -> Int
        ) {
            self.name = name
            self.kind = kind
            self.arguments = arguments
            self.filter = filter
            self.mustPrint = mustPrint ?? Paper.unitNames
            self.maxPages = maxPages
        }

        static let unitNames: Lines = { _, data in data.units.map { $0.name } }
        /// The second column of the main table (a question's id, a checklist item).
        static let secondColumn: Lines = { report, _ in report.sections.first.map { $0.rows.map { $0[1].text } } ?? [] }
        static let sectionTitles: Lines = { report, _ in report.sections.map { $0.title } }
    }

    /// The papers printed, with their page bounds (measured at 31 and 120 units in the README).
    static let papers: [Paper] = [
        // A table row per unit (two lines at most), one bar per unit.
        Paper("attendance", .attendance, maxPages: { data in 2 + data.units.count / 12 }),
        // Per person and course; per unit and course; per course.
        Paper("scores", .scores, maxPages: { data in 4 + data.units.count / 4 }),
        // A row per unit (reasons may take several lines), two bars per unit.
        Paper("completion", .completion, maxPages: { data in 3 + data.units.count / 8 }),
        // A row per unit, a row per open rectification, one bar per unit.
        Paper("audits", .audits, maxPages: { data in 3 + data.units.count / 5 }),
        // A row and a bar per question: every question id prints.
        Paper("items", .items, mustPrint: Paper.secondColumn, maxPages: { data in 4 + data.questions / 9 }),
        // A page per unit with open rectifications: every notice's title (with the unit's name) prints.
        Paper("notices", .notices, mustPrint: Paper.sectionTitles, maxPages: { data in 2 + data.units.count }),
        // One unit's self-audit: every item of the checklist, the unit's name.
        Paper(
            "paper", .audits, arguments: { data in ["--unit", data.paperUnit] }, filter: { data in ReportFilter(unit: data.paperUnit) },
            mustPrint: { report, data in
                Paper.secondColumn(report, data) + data.units.filter { $0.id == data.paperUnit }.map { $0.name }
            },
            maxPages: { _ in 4 }),
        // The 签到表 of the session: a row per expected person (9 mm to sign in), every person who signed in by name.
        Paper(
            "signin", .signin, arguments: { data in ["--session", data.session] }, filter: { data in ReportFilter(session: data.session) },
            mustPrint: { report, data in
                data.units.filter { $0.expected > 0 }.map(\.name) + (report.csv?.rows.map { $0[2].text }.filter { !$0.isEmpty } ?? [])
            },
            maxPages: { data in 2 + data.units.map(\.expected).reduce(0, +) / 18 }),
        // One 培训合格证明 a page for each person of a unit who passed every module of the session: every name and code prints.
        Paper(
            "certificates", .certificates, arguments: { data in ["--session", data.session, "--unit", data.paperUnit] },
            filter: { data in ReportFilter(session: data.session, unit: data.paperUnit) },
            mustPrint: { report, _ in report.csv?.rows.flatMap { [$0[1].text, $0[2].text] } ?? [] },
            maxPages: { data in 1 + (data.units.first { $0.id == data.paperUnit }?.expected ?? 0) }),
        // A unit's transcripts, a page a person: every person's name (in the headings).
        Paper(
            "transcript", .transcript, arguments: { data in ["--unit", data.paperUnit] }, filter: { data in ReportFilter(unit: data.paperUnit) },
            mustPrint: { report, _ in report.sections.filter { $0.paper == "transcript" }.map(\.title) },
            maxPages: { data in 1 + (data.units.first { $0.id == data.paperUnit }?.expected ?? 0) }),
    ]

    static let asOf = "2020-08-10"

    static func tool(_ name: String) -> String? { Printing.tool(name) }

    @Test("every report kind has a print case (a new kind must add one)")
    func everyKindHasAPrintCase() {
        let covered = Set(Self.papers.map(\.kind))
        for kind in Report.Kind.allCases where !covered.contains(kind) {
            Issue.record("report kind \(kind.rawValue) is not printed by PrintTests: add a Paper for it to PrintTests.papers")
        }
    }

    @Test(
        "every paper prints on A4: all columns and units, ≥ 9 pt, numbered pages, within its page bound (31 and 120 units)",
        .timeLimit(.minutes(10)))
    func everyPaperPrints() throws {
        let missing = ["pdftotext", "pdfinfo"].filter { Self.tool($0) == nil } + (HTMLRenderTests.chromium == nil ? ["chromium"] : [])
        guard missing.isEmpty else {
            Issue.record("not installed: \(missing.joined(separator: ", ")) — run `make print-deps`")
            return
        }
        #expect(Self.hasCJKFont(), "no Noto Sans CJK font (fonts-noto-cjk): Chinese would print as boxes — run `make print-deps`")
        let box = Sandbox()
        let county = try Self.county(box)
        let large = try Self.largeCounty(box)
        var jobs: [PrintJob] = []
        for data in [county, large] {
            for paper in Self.papers {
                jobs.append(try PrintJob(paper: paper, data: data, language: .zh, box: box))
            }
        }
        // The English page numbers and headers, once.
        jobs.append(try PrintJob(paper: Self.papers.first { $0.kind == .completion }!, data: county, language: .en, box: box))
        try PrintJob.printAll(jobs, box: box)
        var measured: [String] = []
        for job in jobs {
            measured.append("\(job.label): \(try job.check())")
        }
        print("Printed pages: " + measured.joined(separator: "; "))
    }

    static func hasCJKFont() -> Bool {
        guard let fcList = tool("fc-list") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: fcList)
        process.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return out.contains("Noto Sans CJK SC")
    }

    // MARK: Data sets

    /// The county of the shipped courses: 31 units, three modules, a generated training day.
    static func county(_ box: Sandbox) throws -> DataSet {
        let courses = E2E.packageRoot + "/Courses"
        let results = box.work + "/results-31"
        let run = try box.run(["demo-generate", "--courses", courses, "--results", results, "--today", asOf])
        try #require(run.status == 0, "demo-generate: \(run.stderr)")
        let library = CourseLibrary.load(paths: [courses], fileSystem: LocalFileSystem())
        let units = library.roster?.units ?? []
        #expect(units.count == 31)
        return DataSet(
            name: "31 units", courses: courses, results: results, units: units, questions: library.courses.map(\.questions.count).reduce(0, +), paperUnit: "xiquan",
            session: library.roster?.sessions.first?.id ?? "", modules: library.courses.count)
    }

    /// 120 units, names up to 40 characters, one course of 200 questions.
    static func largeCounty(_ box: Sandbox) throws -> DataSet {
        let courses = box.work + "/courses-120"
        let results = box.work + "/results-120"
        try FileManager.default.createDirectory(atPath: courses + "/checklists", withIntermediateDirectories: true)
        for file in ["checklists/column-self-audit.yaml", "calendar.yaml"] {
            try FileManager.default.copyItem(atPath: E2E.packageRoot + "/Courses/" + file, toPath: courses + "/" + file)
        }
        let words = "景泰县人民政府办公室政务公开与政府信息公开工作领导小组办公室综合协调和监督考核科"
        var roster = "units:\n"
        var units: [GongkaiCore.Unit] = []
        for index in 0..<120 {
            let prefix = "第\(index + 1)单位"
            // Lengths 6 to 40; every fifth unit at the full 40.
            let length = index % 5 == 0 ? 40 : 6 + (index * 7) % 35
            let name = String((prefix + words).prefix(length))
            let id = String(format: "u%03d", index + 1)
            let expected = 2 + index % 3
            roster += "  - {id: \(id), name: \(name), kind: \(index % 3 == 0 ? "township" : "department"), expected: \(expected)}\n"
            units.append(GongkaiCore.Unit(id: id, name: name, kind: index % 3 == 0 ? .township : .department, expected: expected))
        }
        #expect(units.map { $0.name.count }.max() == 40)
        roster += """
            sessions:
              - id: big-session
                title: 政务公开业务培训（全县各单位）
                date: 2020-07-08
                courses: [big]
                checklist: column-self-audit

            """
        try roster.write(toFile: courses + "/roster.yaml", atomically: true, encoding: .utf8)
        var course = """
            id: big
            title: 政府信息公开条例综合测试题库（二百题）
            version: 1
            summary: 二百道单选题
            quiz:
              pass_percent: 60
              draw: 50
            lessons:
              - title: 说明
                body: 综合测试。
            questions:

            """
        let stem = "依照政府信息公开条例的规定，行政机关对下列情形中的政府信息公开申请应当如何处理？"
        for q in 0..<200 {
            course += """
                  - id: q\(String(format: "%03d", q + 1))
                    type: single
                    prompt: 第\(q + 1)题：\(stem.prefix(10 + (q * 13) % 30))
                    options: [甲选项的内容, 乙选项的内容稍长一些, 丙, 丁选项]
                    answer: \(["A", "B", "C", "D"][q % 4])
                    explanation: 见条例。
                    source: 条例

                """
        }
        try course.write(toFile: courses + "/big.yaml", atomically: true, encoding: .utf8)
        let run = try box.run(["demo-generate", "--courses", courses, "--results", results, "--today", asOf])
        try #require(run.status == 0, "demo-generate: \(run.stderr)")
        return DataSet(name: "120 units", courses: courses, results: results, units: units, questions: 200, paperUnit: "u001", session: "big-session", modules: 1)
    }
}

/// One paper of one data set: its HTML (written by the binary), its PDF, and the report built
/// in this process for what must be on it.
struct PrintJob {
    let paper: PrintTests.Paper
    let data: PrintTests.DataSet
    let language: Language
    let html: String
    let pdf: String
    let report: Report
    var label: String { "\(paper.name) \(data.name)\(language == .en ? " (en)" : "")" }

    init(paper: PrintTests.Paper, data: PrintTests.DataSet, language: Language, box: Sandbox) throws {
        self.paper = paper
        self.data = data
        self.language = language
        let stem = "\(box.work)/\(paper.name)-\(data.units.count)-\(language.rawValue)"
        html = stem + ".html"
        pdf = stem + ".pdf"
        let run = try box.run(
            ["report", paper.kind.rawValue, "--courses", data.courses, "--results", data.results, "--as-of", PrintTests.asOf, "--lang", language.rawValue,
             "--out", html] + paper.arguments(data))
        #expect(run.status == 0, "\(paper.name) \(data.name): \(run.stderr)")
        let library = CourseLibrary.load(paths: [data.courses], fileSystem: LocalFileSystem())
        let records = RecordSet.load(roots: [data.results], fileSystem: LocalFileSystem(), needs: ReportBuilder.needs(paper.kind))
        let asOf = LocalDate(parsing: PrintTests.asOf)!
        let noon = Timestamp(parsing: "\(PrintTests.asOf)T12:00:00+08:00")!
        report = ReportBuilder.build(
            paper.kind, ReportContext(library: library, records: records, filter: paper.filter(data), now: noon, language: language, asOf: asOf))
    }

    /// Prints every job's HTML to PDF, at most two Chromium processes at a time.
    static func printAll(_ jobs: [PrintJob], box: Sandbox) throws {
        var pending = jobs.enumerated().map { $0 }
        var running: [(Process, PrintJob, Date)] = []
        while !pending.isEmpty || !running.isEmpty {
            while running.count < 2, !pending.isEmpty {
                let (index, job) = pending.removeFirst()
                let process = try Printing.chromiumProcess(
                    html: job.html, pdf: job.pdf, profile: "\(box.work)/chromium-profile-\(index)", box: box)
                try process.run()
                running.append((process, job, Date()))
            }
            usleep(50_000)
            running.removeAll { process, job, started in
                if process.isRunning {
                    guard Date().timeIntervalSince(started) > 180 else { return false }
                    process.terminate()
                    process.waitUntilExit()
                    Issue.record("\(job.label): Chromium did not finish within 180 s")
                    return true
                }
                #expect(process.terminationStatus == 0, "\(job.label): Chromium exit status")
                return true
            }
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(PrintTests.tool(tool), "\(tool) not installed"))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The page's text without white space: a name wrapped inside its cell reads whole again.
    static func squeezed(_ text: String) -> String { String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }

    /// Checks the printed PDF; returns the page count.
    func check() throws -> Int {
        guard FileManager.default.fileExists(atPath: pdf) else {
            Issue.record("\(label): no PDF printed")
            return 0
        }
        // In content order, a cell's lines follow one another.
        let text = Self.squeezed(try Self.run("pdftotext", ["-raw", pdf, "-"]))
        let boxes = try Self.run("pdftotext", ["-bbox", pdf, "-"])
        let pages = Self.pages(boxes)
        let count = pages.count
        #expect(count > 0, "\(label): pages")
        #expect(count <= paper.maxPages(data), "\(label): \(count) pages, at most \(paper.maxPages(data)) allowed")

        let headers = report.sections.filter { !$0.rows.isEmpty }.flatMap { $0.columns.map(\.title) }
        #expect(!headers.isEmpty, "\(label): a table")
        let wanted = Set(headers + paper.mustPrint(report, data))
        let missing = wanted.filter { !text.contains(Self.squeezed($0)) }.sorted()
        #expect(missing.isEmpty, "\(label): not printed: \(missing.prefix(8).joined(separator: " | "))\(missing.count > 8 ? " … (\(missing.count))" : "")")
        #expect(!paper.mustPrint(report, data).isEmpty, "\(label): something to look for")

        // Numbered: 第 1 页 共 N 页 on the first page, 第 N 页 共 N 页 on the last.
        let numbers = language == .zh ? ("第1页共\(count)页", "第\(count)页共\(count)页") : ("Page1of\(count)", "Page\(count)of\(count)")
        #expect(text.contains(numbers.0) && text.contains(numbers.1), "\(label): page numbers \(numbers)")

        // On the page, inside the side margins (a column cut off would reach past them).
        for page in pages {
            let outside = page.words.filter { $0.xMin < 20 || $0.xMax > page.width - 20 }
            #expect(outside.isEmpty, "\(label): past the margin: \(outside.prefix(3).map(\.text))")
        }
        // No shrinking: pdftotext boxes a word in Noto Sans CJK (every word with Chinese in it)
        // 2.6 times its size tall, so a word of 9 pt is 23.4 pt; Chromium shrinking a too-wide
        // page to fit would make them smaller.
        let chinese = pages.flatMap(\.words).filter { $0.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        #expect(chinese.count > 10, "\(label): Chinese words on the page")
        let smallest = chinese.map { $0.yMax - $0.yMin }.min() ?? 0
        #expect(smallest >= 9 * 2.6 * 0.97, "\(label): text at \(smallest / 2.6) pt")
        return count
    }

    struct Page {
        var width: Double
        var words: [(text: String, xMin: Double, xMax: Double, yMin: Double, yMax: Double)]
    }

    /// The pages and words of `pdftotext -bbox`.
    static func pages(_ xml: String) -> [Page] {
        var pages: [Page] = []
        for line in xml.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("<page ") {
                pages.append(Page(width: attribute("width", trimmed) ?? 0, words: []))
            } else if trimmed.hasPrefix("<word "), !pages.isEmpty,
                let xMin = attribute("xMin", trimmed), let xMax = attribute("xMax", trimmed),
                let yMin = attribute("yMin", trimmed), let yMax = attribute("yMax", trimmed)
            {
                let text = trimmed.split(separator: ">", maxSplits: 1).last.map { String($0.prefix { $0 != "<" }) } ?? ""
                pages[pages.count - 1].words.append((text, xMin, xMax, yMin, yMax))
            }
        }
        return pages
    }

    static func attribute(_ name: String, _ line: String) -> Double? {
        guard let range = line.range(of: " \(name)=\"") else { return nil }
        return Double(line[range.upperBound...].prefix { $0 != "\"" })
    }
}
