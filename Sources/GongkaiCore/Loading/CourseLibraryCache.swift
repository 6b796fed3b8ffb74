/// A snapshot of a course library that loaded without a single diagnostic, so
/// that the next start-up does not parse the same YAML again (on an old office
/// PC parsing is most of the start-up time).
///
/// The key is the exact content of every file (path, length and a 64-bit
/// checksum of its bytes, in load order) plus a stamp of the program that
/// checked them: a changed, added, removed or renamed file, or a new build of
/// gongkai, misses the cache and the files are parsed and validated again. A
/// library with any diagnostic is never stored. The file can be deleted at any
/// time; a damaged one is ignored.
///
/// The checksum notices damage, not forgery: whoever can write the user's cache
/// folder can equally change the user's courses or the program itself. Like the
/// course files it is made from, the snapshot holds the answer keys.
public struct CourseLibraryCache: Sendable {
    /// Where the snapshot lives (e.g. `$XDG_CACHE_HOME/gongkai/courses-<hash>.bin`).
    public var path: String
    /// Identifies the build that parsed the files; a different build never trusts the snapshot.
    public var programStamp: String
    public var fileSystem: FileSystem

    public init(path: String, programStamp: String, fileSystem: FileSystem) {
        self.path = path
        self.programStamp = programStamp
        self.fileSystem = fileSystem
    }

    /// Bump when the encoding or the models change.
    static let magic = Array("GKLIB005".utf8)
    static let sizeLimit = 64 << 20

    /// The key of a set of sources: program stamp, then per file its path, length and checksum.
    func key(for sources: [(file: String, bytes: [UInt8])]) -> [UInt8] {
        var writer = ByteWriter()
        writer.string(programStamp)
        writer.u32(UInt32(sources.count))
        for source in sources {
            writer.string(source.file)
            writer.u64(UInt64(source.bytes.count))
            writer.u64(FastChecksum.of(source.bytes[...]))
        }
        return writer.bytes
    }

    /// The stored library for exactly these sources, or nil.
    func load(key: [UInt8]) -> CourseLibrary? {
        guard let bytes = try? fileSystem.readFile(path, limit: Self.sizeLimit),
            let bodyStart = ChecksummedFile.bodyStart(of: bytes, magic: Self.magic)
        else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> CourseLibrary? in
            var reader = ByteReader(buffer)
            reader.index = bodyStart
            do throws(ByteReader.Failure) {
                let storedKeyLength = Int(try reader.u32())
                guard try reader.take(storedKeyLength).elementsEqual(key) else { return nil }
                let library = try LibraryCoding.decode(&reader)
                return reader.index == buffer.count ? library : nil
            } catch {
                return nil
            }
        }
    }

    /// Stores a library that loaded cleanly; anything else is not stored. Failures are ignored:
    /// the cache is an optimisation, never a requirement.
    func store(_ library: CourseLibrary, key: [UInt8]) {
        guard library.diagnostics.isEmpty, library.invalidFiles.isEmpty else { return }
        var writer = ChecksummedFile.writer(magic: Self.magic)
        writer.u32(UInt32(key.count))
        writer.bytes.append(contentsOf: key)
        LibraryCoding.encode(library, into: &writer)
        // Larger than `load` would read: keeping it would only cost a write at every start.
        guard writer.bytes.count <= Self.sizeLimit else { return }
        ChecksummedFile.seal(&writer.bytes, magic: Self.magic)
        try? fileSystem.createDirectories(PathJoin.directory(of: path))
        // The snapshot lives outside Results/: whatever stands at its path is never destroyed.
        try? fileSystem.writeOutput(writer.bytes, to: path)
    }
}

/// The binary form of a clean library: every field of every model, in declaration order.
/// Text is decoded without a second UTF-8 check: it was valid when written and the
/// whole snapshot is checksummed.
enum LibraryCoding {
    static func encode(_ library: CourseLibrary, into w: inout ByteWriter) {
        w.u32(UInt32(library.courses.count))
        for course in library.courses { encode(course, into: &w) }
        w.u32(UInt32(library.checklists.count))
        for checklist in library.checklists { encode(checklist, into: &w) }
        if let roster = library.roster {
            w.u8(1)
            encode(roster, into: &w)
        } else {
            w.u8(0)
        }
        if let calendar = library.calendar {
            w.u8(1)
            encode(calendar, into: &w)
        } else {
            w.u8(0)
        }
        let kinds: [CourseLibrary.FileKind] = [.course, .checklist, .roster, .calendar]
        for kind in kinds { w.i64(Int64(library.fileCounts[kind] ?? -1)) }
        let files = library.courseFiles.sorted { $0.key < $1.key }
        w.u32(UInt32(files.count))
        for (id, file) in files {
            w.string(id)
            w.string(file)
        }
    }

    static func decode(_ r: inout ByteReader) throws(ByteReader.Failure) -> CourseLibrary {
        var library = CourseLibrary()
        library.courses = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in try course(&r) }
        library.checklists = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in try checklist(&r) }
        library.roster = try r.u8() == 1 ? try roster(&r) : nil
        library.calendar = try r.u8() == 1 ? try calendar(&r) : nil
        library.attachCalendarToDeadlineQuestions()
        let kinds: [CourseLibrary.FileKind] = [.course, .checklist, .roster, .calendar]
        for kind in kinds {
            let count = try r.i64()
            if count >= 0 { library.fileCounts[kind] = Int(count) }
        }
        let pairs = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in (try r.text(), try r.text()) }
        for (id, file) in pairs { library.courseFiles[id] = file }
        return library
    }

    static func array<T>(_ r: inout ByteReader, _ element: (inout ByteReader) throws(ByteReader.Failure) -> T) throws(ByteReader.Failure) -> [T] {
        let count = Int(try r.u32())
        // Every element takes at least one byte: a larger count is damage, not a reason to allocate.
        guard count <= r.buffer.count - r.index else { throw ByteReader.Failure() }
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&r)) }
        return result
    }

    static func strings(_ r: inout ByteReader) throws(ByteReader.Failure) -> [String] {
        try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in try r.text() }
    }

    static func ints(_ r: inout ByteReader) throws(ByteReader.Failure) -> [Int] {
        try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in Int(try r.i64()) }
    }

    static func encode(_ strings: [String], into w: inout ByteWriter) {
        w.u32(UInt32(strings.count))
        for s in strings { w.string(s) }
    }

    static func encode(_ ints: [Int], into w: inout ByteWriter) {
        w.u32(UInt32(ints.count))
        for i in ints { w.i64(Int64(i)) }
    }

    static func raw<T: RawRepresentable<String>>(_ r: inout ByteReader, as: T.Type) throws(ByteReader.Failure) -> T {
        guard let value = T(rawValue: try r.text()) else { throw ByteReader.Failure() }
        return value
    }

    // MARK: Course

    static func encode(_ c: Course, into w: inout ByteWriter) {
        w.string(c.id)
        w.string(c.title)
        w.i64(Int64(c.version))
        w.string(c.summary)
        w.f64(c.quiz.passPercent)
        w.i64(Int64(c.quiz.draw ?? -1))
        w.u8(c.quiz.shuffleQuestions ? 1 : 0)
        w.u8(c.quiz.shuffleOptions ? 1 : 0)
        w.string(c.quiz.mode.rawValue)
        w.i64(Int64(c.quiz.maxAttempts))
        w.string(c.quiz.multipleScoring.rawValue)
        w.i64(Int64(c.quiz.countedAttempts))
        w.i64(Int64(c.quiz.retakeWaitMinutes))
        w.u32(UInt32(c.lessons.count))
        for lesson in c.lessons {
            w.string(lesson.title)
            w.string(lesson.body)
        }
        w.u32(UInt32(c.questions.count))
        for q in c.questions { encode(q, into: &w) }
        w.string(c.digest)
    }

    static func course(_ r: inout ByteReader) throws(ByteReader.Failure) -> Course {
        let id = try r.text()
        let title = try r.text()
        let version = Int(try r.i64())
        let summary = try r.text()
        let passPercent = try r.f64()
        let draw = Int(try r.i64())
        let shuffleQuestions = try r.u8() == 1
        let shuffleOptions = try r.u8() == 1
        let mode = try raw(&r, as: QuizSettings.Mode.self)
        let maxAttempts = Int(try r.i64())
        let multipleScoring = try raw(&r, as: QuizSettings.MultipleScoring.self)
        let countedAttempts = Int(try r.i64())
        let retakeWaitMinutes = Int(try r.i64())
        let lessons = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in
            Lesson(title: try r.text(), body: try r.text())
        }
        let questions = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in try question(&r) }
        let digest = try r.text()
        return Course(
            id: id, title: title, version: version, summary: summary,
            quiz: QuizSettings(
                passPercent: passPercent, draw: draw < 0 ? nil : draw, shuffleQuestions: shuffleQuestions,
                shuffleOptions: shuffleOptions, mode: mode, maxAttempts: maxAttempts, multipleScoring: multipleScoring,
                countedAttempts: countedAttempts, retakeWaitMinutes: retakeWaitMinutes),
            lessons: lessons, questions: questions, digest: digest)
    }

    static func encode(_ q: Question, into w: inout ByteWriter) {
        w.string(q.id)
        w.string(q.type.rawValue)
        w.f64(q.points)
        w.string(q.prompt)
        w.u32(UInt32(q.options.count))
        for option in q.options {
            w.string(option.text)
            w.optionalString(option.feedback)
        }
        encode(q.lines, into: &w)
        switch q.answer {
        case .single(let index):
            w.u8(0)
            w.i64(Int64(index))
        case .multiple(let indices):
            w.u8(1)
            encode(indices, into: &w)
        case .trueFalse(let value):
            w.u8(2)
            w.u8(value ? 1 : 0)
        case .fill(let accepted):
            w.u8(3)
            encode(accepted, into: &w)
        case .numeric(let value, let tolerance):
            w.u8(4)
            w.f64(value)
            w.f64(tolerance)
        case .order(let indices):
            w.u8(5)
            encode(indices, into: &w)
        case .redact(let reasons):
            w.u8(6)
            let sorted = reasons.sorted { $0.key < $1.key }
            w.u32(UInt32(sorted.count))
            for (line, reason) in sorted {
                w.i64(Int64(line))
                w.string(reason)
            }
        case .deadline(let scenario):
            w.u8(7)
            DeadlineScenarioCoding.encode(scenario, into: &w)
        }
        w.string(q.explanation)
        w.string(q.source)
        encode(q.tags, into: &w)
    }

    static func question(_ r: inout ByteReader) throws(ByteReader.Failure) -> Question {
        let id = try r.text()
        let type = try raw(&r, as: QuestionType.self)
        let points = try r.f64()
        let prompt = try r.text()
        let options = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in
            AnswerOption(try r.text(), feedback: try r.optionalString())
        }
        let lines = try strings(&r)
        let answer: AnswerKey
        switch try r.u8() {
        case 0: answer = .single(Int(try r.i64()))
        case 1: answer = .multiple(try ints(&r))
        case 2: answer = .trueFalse(try r.u8() == 1)
        case 3: answer = .fill(try strings(&r))
        case 4: answer = .numeric(value: try r.f64(), tolerance: try r.f64())
        case 5: answer = .order(try ints(&r))
        case 6:
            let pairs = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in (Int(try r.i64()), try r.text()) }
            var reasons: [Int: String] = [:]
            for (line, reason) in pairs { reasons[line] = reason }
            guard reasons.count == pairs.count else { throw ByteReader.Failure() }
            answer = .redact(reasons)
        case 7: answer = .deadline(try DeadlineScenarioCoding.decode(&r))
        default: throw ByteReader.Failure()
        }
        return Question(
            id: id, type: type, points: points, prompt: prompt, options: options, lines: lines, answer: answer,
            explanation: try r.text(), source: try r.text(), tags: try strings(&r))
    }

    // MARK: Checklist and roster

    static func encode(_ c: Checklist, into w: inout ByteWriter) {
        w.string(c.id)
        w.string(c.title)
        w.i64(Int64(c.version))
        w.u32(UInt32(c.items.count))
        for item in c.items {
            w.string(item.id)
            w.string(item.text)
            w.string(item.guidance)
            w.string(item.source)
            w.string(item.evidence.rawValue)
        }
    }

    static func checklist(_ r: inout ByteReader) throws(ByteReader.Failure) -> Checklist {
        let id = try r.text()
        let title = try r.text()
        let version = Int(try r.i64())
        let items = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in
            ChecklistItem(
                id: try r.text(), text: try r.text(), guidance: try r.text(), source: try r.text(),
                evidence: try raw(&r, as: ChecklistItem.Evidence.self))
        }
        return Checklist(id: id, title: title, version: version, items: items)
    }

    static func encode(_ roster: Roster, into w: inout ByteWriter) {
        w.u32(UInt32(roster.units.count))
        for unit in roster.units {
            w.string(unit.id)
            w.string(unit.name)
            w.string(unit.kind.rawValue)
            w.i64(Int64(unit.expected))
            encode(unit.aliases, into: &w)
            encode(unit.contacts, into: &w)
        }
        w.u32(UInt32(roster.sessions.count))
        for session in roster.sessions {
            w.string(session.id)
            w.string(session.title)
            w.string(session.date.description)
            encode(session.courses, into: &w)
            w.optionalString(session.checklist)
            w.optionalString(session.place)
        }
        w.optionalString(roster.xapiHomePage)
        w.optionalString(roster.office)
    }

    static func roster(_ r: inout ByteReader) throws(ByteReader.Failure) -> Roster {
        let units = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in
            Unit(
                id: try r.text(), name: try r.text(), kind: try raw(&r, as: Unit.Kind.self), expected: Int(try r.i64()),
                aliases: try strings(&r), contacts: try strings(&r))
        }
        let sessions = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) -> TrainingSession in
            let id = try r.text()
            let title = try r.text()
            guard let date = LocalDate(parsing: try r.text()) else { throw ByteReader.Failure() }
            return TrainingSession(
                id: id, title: title, date: date, courses: try strings(&r), checklist: try r.optionalString(), place: try r.optionalString())
        }
        var roster = Roster(units: units, sessions: sessions, xapiHomePage: try r.optionalString())
        roster.office = try r.optionalString()
        return roster
    }

    // MARK: Holiday calendar

    static func encode(_ calendar: HolidayCalendar, into w: inout ByteWriter) {
        w.u32(UInt32(calendar.arrangements.count))
        for a in calendar.arrangements {
            w.i64(Int64(a.year))
            w.string(a.notice)
            w.u32(UInt32(a.holidays.count))
            for h in a.holidays {
                w.string(h.name)
                w.i64(Int64(h.from.daysSinceEpoch))
                w.i64(Int64(h.to.daysSinceEpoch))
                w.string(h.notice)
            }
            w.u32(UInt32(a.workingDays.count))
            for d in a.workingDays {
                w.i64(Int64(d.date.daysSinceEpoch))
                w.string(d.name)
                w.string(d.notice)
            }
        }
    }

    static func calendar(_ r: inout ByteReader) throws(ByteReader.Failure) -> HolidayCalendar {
        let arrangements = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) -> HolidayCalendar.Arrangement in
            let year = Int(try r.i64())
            let notice = try r.text()
            let holidays = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) -> HolidayCalendar.HolidayPeriod in
                let name = try r.text()
                let from = Int(try r.i64())
                let to = Int(try r.i64())
                // A holiday spans days, not years: anything else is damage.
                guard from <= to, to - from < 400, abs(from) < 3_000_000 else { throw ByteReader.Failure() }
                return HolidayCalendar.HolidayPeriod(
                    name: name, from: LocalDate(daysSinceEpoch: from), to: LocalDate(daysSinceEpoch: to), notice: try r.text())
            }
            let days = try array(&r) { (r: inout ByteReader) throws(ByteReader.Failure) in
                HolidayCalendar.AdjustedWorkingDay(
                    date: LocalDate(daysSinceEpoch: Int(try r.i64())), name: try r.text(), notice: try r.text())
            }
            return HolidayCalendar.Arrangement(year: year, notice: notice, holidays: holidays, workingDays: days)
        }
        return HolidayCalendar(arrangements: arrangements)
    }
}
