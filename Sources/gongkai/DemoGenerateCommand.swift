import ArgumentParser
import GongkaiCore

/// `gongkai demo-generate`: a plausible training day for the roster's units
/// (sign-ins, attempts, self-audits), for demonstrations and screenshots (hidden).
struct DemoGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-generate", abstract: HiddenCommandText.demoAbstract.text(in: helpLanguage), shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.resultsOption.text(in: helpLanguage)))
    var results: String

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.seedOption.text(in: helpLanguage)))
    var seed: UInt64 = 7

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.todayOption.text(in: helpLanguage)))
    var today = "2020-08-10"

    func run() throws {
        let library = CourseLibrary.load(paths: [global.coursesPath()], fileSystem: LocalFileSystem())
        guard let roster = library.roster, let session = roster.sessions.first else { throw ValidationError(HiddenCommandText.noRosterSession.text(in: try global.language())) }
        let store = ResultStore(root: results, fileSystem: LocalFileSystem())
        try store.prepare()
        var g = SeededGenerator(seed: seed)
        let ids = RandomRecordIDs()
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石")
        let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彬鹏辉斌宇浩凯健俊帆旭宁龙林欣博文晨阳")
        let base = Timestamp(parsing: "\(session.date)T09:00:00+08:00")!
        var attempts = 0
        for (unitIndex, unit) in roster.units.enumerated() {
            // Most units send everyone; a few are short of people.
            let present = max(0, unit.expected - (g.below(6) == 0 ? 1 : 0))
            for person in 0..<present {
                let name = String(surnames[g.below(surnames.count)]) + String(given[g.below(given.count)])
                    + (g.below(2) == 0 ? String(given[g.below(given.count)]) : "")
                let trainee = Trainee(name: name, unit: unit.id)
                let signIn = Timestamp(seconds: base.seconds + Int64(unitIndex * 20 + person * 3), offset: base.offset)
                try store.save(AttendanceRecord(id: ids.makeID(at: signIn), createdAt: signIn, trainee: trainee, session: session.id))
                let ability = 0.74 + Double(g.below(27)) / 100
                for (courseIndex, courseID) in session.courses.enumerated() {
                    guard let course = library.course(id: courseID) else { continue }
                    var tries = 0
                    var passed = false
                    while !passed && tries < 3 {
                        tries += 1
                        let start = Timestamp(seconds: signIn.seconds + Int64(3600 * (courseIndex + 1) + tries * 1800), offset: base.offset)
                        var run = QuizRun(
                            id: "demo", course: course, trainee: trainee, session: session.id, startedAt: start,
                            plan: QuizDrawer.draw(course, using: &g))
                        while let item = run.current {
                            let right = Double(g.below(1000)) / 1000 < ability + Double(tries - 1) * 0.08
                            let raw = right ? BenchGenerateCommand.correct(item.question, shown: item.shown) : BenchGenerateCommand.wrong(item.question, shown: item.shown, &g)
                            if case .success(let response) = ResponseParser.parse(raw, question: item.question, shown: item.shown) {
                                run.answer(raw: raw, response: response)
                            } else {
                                run.skip()
                            }
                        }
                        let end = Timestamp(seconds: start.seconds + 900, offset: base.offset)
                        let record = run.submit(id: ids.makeID(at: end), at: end)
                        try store.save(record)
                        attempts += 1
                        passed = record.passed
                    }
                }
            }
            // Self-audits: most units file one; some leave items open, a few are overdue.
            guard let checklistID = session.checklist, let checklist = library.checklist(id: checklistID), g.below(8) != 0 else { continue }
            let contact = Trainee(name: "联络员\(unitIndex + 1)", unit: unit.id)
            let when = Timestamp(seconds: base.seconds + Int64(86400 * (3 + g.below(10))), offset: base.offset)
            let todayDate = LocalDate(parsing: today)!
            let entries = checklist.items.enumerated().map { index, item -> AuditEntry in
                let roll = g.below(20)
                if roll == 0 && index > 3 && unitIndex % 5 == 0 { return AuditEntry(item: item.id) }
                if roll < 2 {
                    let due = todayDate.adding(days: g.below(4) == 0 ? -5 : 15)
                    return AuditEntry(
                        item: item.id, status: .fail, note: "自查发现问题", evidence: "",
                        rectification: Rectification(action: "按要求整改：\(item.text.prefix(12))", owner: "联络员\(unitIndex + 1)", deadline: due))
                }
                if roll == 3 { return AuditEntry(item: item.id, status: .notApplicable) }
                return AuditEntry(item: item.id, status: .pass, evidence: item.evidence == .required ? "http://www.jingtai.gov.cn/xxgk/\(unit.id)/\(item.id)" : "")
            }
            try store.save(
                AuditRevision(
                    id: ids.makeID(at: when), createdAt: when, checklist: ChecklistRef(id: checklist.id, version: checklist.version),
                    unit: unit.id, session: session.id, by: contact, previous: nil, entries: entries))
        }
        print(HiddenCommandText.demoWritten(attempts: attempts, units: roster.units.count, folder: results).text(in: try global.language()))
    }
}
