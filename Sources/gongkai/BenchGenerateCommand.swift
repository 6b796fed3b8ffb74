import ArgumentParser
import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai bench-generate`: realistic attempt records for `make bench` (hidden).
/// Records go through the real codec, so digests and layout are the product's own.
struct BenchGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-generate", abstract: HiddenCommandText.benchAbstract.text(in: helpLanguage), shouldDisplay: false)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.resultsOption.text(in: helpLanguage)))
    var results: String

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.attemptsOption.text(in: helpLanguage)))
    var attempts = 100_000

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.unitsOption.text(in: helpLanguage)))
    var units = 100

    @Option(name: .long, help: ArgumentHelp(HiddenCommandText.seedOption.text(in: helpLanguage)))
    var seed: UInt64 = 1

    func run() throws {
        let library = CourseLibrary.load(paths: [global.coursesPath()], fileSystem: LocalFileSystem())
        guard !library.courses.isEmpty else { throw ValidationError(HiddenCommandText.noValidCourses(global.coursesPath()).text(in: try global.language())) }
        var generator = SeededGenerator(seed: seed)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
        let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣博文晨阳")
        let start = Timestamp(parsing: "2020-01-06T09:00:00+08:00")!
        let fs = LocalFileSystem()
        var written = 0
        var directories: Set<String> = []
        // Each person takes each module once or twice: about 1.3 attempts per person and module.
        let people = max(1, attempts * 10 / (13 * library.courses.count))
        while written < attempts {
            let person = generator.below(people)
            let unit = "u\(pad3(person % units))"
            var nameGenerator = SeededGenerator(seed: UInt64(person) &* 2654435761)
            let name = String(surnames[nameGenerator.below(surnames.count)]) + String(given[nameGenerator.below(given.count)])
                + (nameGenerator.below(2) == 0 ? String(given[nameGenerator.below(given.count)]) : "") + "\(person)"
            let course = library.courses[generator.below(library.courses.count)]
            let ability = Double(nameGenerator.below(60) + 40) / 100
            let began = Timestamp(seconds: start.seconds + Int64(generator.below(300 * 86400)), offset: 8 * 3600)
            var run = QuizRun(
                id: "run", course: course, trainee: Trainee(name: name, unit: unit), session: "bench-session", startedAt: began,
                plan: QuizDrawer.draw(course, using: &generator))
            while let item = run.current {
                let correct = Double(generator.below(1000)) / 1000 < ability
                let raw = correct ? Self.correct(item.question, shown: item.shown) : Self.wrong(item.question, shown: item.shown, &generator)
                if case .success(let response) = ResponseParser.parse(raw, question: item.question, shown: item.shown) {
                    run.answer(raw: raw, response: response)
                } else {
                    run.skip()
                }
            }
            let finished = Timestamp(seconds: began.seconds + Int64(300 + generator.below(1200)), offset: began.offset)
            let id = "\(finished.compactUTC)-\(String(generator.next() & 0xFFFF_FFFF_FFFF, radix: 16))"
            let record = run.submit(id: id, at: finished)
            let store = ResultStore(root: results, fileSystem: fs)
            let path = store.attemptPath(record)
            let directory = PathJoin.directory(of: path)
            if directories.insert(directory).inserted { try fs.createDirectories(directory) }
            // No fsync: this is test data, and 100,000 fsyncs would take minutes.
            let bytes = RecordCodec.encode(record)
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw ValidationError(HiddenCommandText.cannotWrite(path).text(in: try global.language())) }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            written += 1
        }
        print(HiddenCommandText.benchWritten(records: written, people: min(people, written), units: units, folder: results).text(in: try global.language()))
    }

    static func correct(_ q: Question, shown: [Int]) -> String {
        func letter(_ original: Int) -> String { OptionLetter.letter(shown.firstIndex(of: original) ?? 0) }
        switch q.answer {
        case .single(let i): return letter(i)
        case .multiple(let s): return s.map(letter).joined()
        case .order(let o): return o.map(letter).joined()
        case .trueFalse(let b): return b ? "T" : "F"
        case .fill(let accepted): return accepted[0]
        case .numeric(let value, _): return JSONWriter.formatNumber(value)
        case .redact(let reasons): return reasons.isEmpty ? "none" : reasons.keys.sorted().map(String.init).joined(separator: " ")
        case .deadline(let scenario): return scenario.resolvedAnswer?.description ?? "2000-01-01"
        }
    }

    static func wrong(_ q: Question, shown: [Int], _ g: inout SeededGenerator) -> String {
        switch q.type {
        case .single: return OptionLetter.letter(g.below(max(shown.count, 1)))
        case .multiple: return OptionLetter.letter(g.below(max(shown.count, 1))) + OptionLetter.letter(g.below(max(shown.count, 1)))
        case .order: return OptionLetter.letters(Array(0..<shown.count).reversed())
        case .truefalse: return g.below(2) == 0 ? "T" : "F"
        case .fill: return "x"
        case .numeric: return String(g.below(60))
        case .redact: return String(1 + g.below(max(q.lines.count, 1)))
        case .deadline: return "2000-01-0\(1 + g.below(9))"
        }
    }

    func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
}
