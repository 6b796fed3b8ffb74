/// One 培训合格证明 per person and module passed, by the rules of `report scores`
/// (counted quiz attempts; passed when one of them passed). Each certificate rests on
/// the person's best passing attempt: its stored percentage is the score printed, and its
/// record id and digest give the verification code (`CertificateCode`). A record whose
/// digest no longer holds gets no certificate.
public enum CertificatesReport {
    /// One certificate, before it is laid out.
    public struct Certificate: Sendable, Equatable {
        public var trainee: Trainee
        public var course: String
        /// The attempt the certificate rests on (the best passing one) and its code.
        public var attempt: AttemptSummary
        public var code: String
        public var digest: String
        /// The first passing attempt's day.
        public var passedOn: LocalDate
    }

    /// The certificates the records support, in roster order of units, then name, then module;
    /// and the passing attempts that could not carry one (their record cannot be trusted).
    public static func certificates(_ ctx: ReportContext) -> (issued: [Certificate], withheld: [AttemptSummary]) {
        struct Key: Hashable { var person: PaperPerson, course: String }
        var groups: [Key: [AttemptSummary]] = [:]
        for attempt in ctx.records.attempts where attempt.passed && ctx.counts(attempt, session: ctx.filter.session) {
            guard ctx.filter.includesTrainee(attempt.trainee) else { continue }
            groups[Key(person: PaperPerson(attempt.trainee), course: attempt.course), default: []].append(attempt)
        }
        let unitRank = Dictionary(ctx.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let courseOrder = ctx.library.courses.map(\.id)
        let keys = groups.keys.sorted {
            let a = (unitRank[$0.person.unit] ?? Int.max, $0.person.unit, $0.person.key, courseOrder.firstIndex(of: $0.course) ?? Int.max, $0.course)
            let b = (unitRank[$1.person.unit] ?? Int.max, $1.person.unit, $1.person.key, courseOrder.firstIndex(of: $1.course) ?? Int.max, $1.course)
            return a < b
        }
        var issued: [Certificate] = []
        var withheld: [AttemptSummary] = []
        for key in keys {
            let passing = groups[key]!
            // The best score; on a tie, the earlier attempt.
            let best = passing.max { ($0.percent, $1.finishedAt, $1.id) < ($1.percent, $0.finishedAt, $0.id) }!
            let first = passing.min { ($0.finishedAt, $0.id) < ($1.finishedAt, $1.id) }!
            guard let seal = ctx.records.attemptSeals[best.id], let code = seal.code(attempt: best.id), let digest = seal.digest else {
                withheld.append(best)
                continue
            }
            issued.append(
                Certificate(trainee: best.trainee, course: best.course, attempt: best, code: code, digest: digest, passedOn: first.finishedAt.localDate))
        }
        return (issued, withheld)
    }

    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        var report = ctx.header(.certificates, session: session)
        if let trainee = ctx.filter.trainee { report.subtitle += " · " + t(PaperText.filterTrainee(trainee)) }
        let (issued, withheld) = certificates(ctx)
        let unitName = Dictionary(ctx.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func unit(_ id: String) -> String { unitName[id] ?? ctx.roster.unit(id: id)?.name ?? id }
        let blank = t(PaperText.blankLine)
        var sections: [Report.Section] = []
        var register: [[Report.Cell]] = []
        var json: [JSONValue] = []
        for (index, c) in issued.enumerated() {
            let title = ctx.courseTitle(c.course)
            let score = Percentage.text(c.attempt.percent)
            let sessionTitle = c.attempt.session.flatMap { ctx.roster.session(id: $0)?.title }
            sections.append(
                Report.Section(
                    title: t(PaperText.certificateTitle),
                    columns: [.init(t(PaperText.colField)), .init(t(PaperText.colValue))],
                    rows: [
                        [Report.Cell(t(PaperText.colName)), Report.Cell(c.trainee.name)],
                        [Report.Cell(t(PaperText.colUnit)), Report.Cell(unit(c.trainee.unit))],
                        [Report.Cell(t(PaperText.colCourse)), Report.Cell(title)],
                        [Report.Cell(t(PaperText.colSession)), Report.Cell(sessionTitle ?? c.attempt.session ?? "—")],
                        [Report.Cell(t(PaperText.colPassedOn)), .date(c.passedOn)],
                        [Report.Cell(t(PaperText.colScore)), .percent(c.attempt.percent)],
                        [Report.Cell(t(PaperText.colIssuer)), Report.Cell(ctx.roster.office ?? blank)],
                        [Report.Cell(t(PaperText.colCode)), Report.Cell(c.code)],
                    ],
                    paragraphs: [
                        t(
                            PaperText.certificateBody(
                                name: c.trainee.name, unit: unit(c.trainee.unit), training: sessionTitle, course: title, date: c.passedOn.description,
                                score: score)),
                        t(PaperText.certificateVerify(c.code)),
                    ],
                    signatures: [t(PaperText.signIssuer), t(PaperText.signDate)],
                    newPage: index > 0, wraps: true, name: "certificate-\(index + 1)", paper: "certificate", exported: false))
            register.append([
                .number(index + 1), Report.Cell(c.code), Report.Cell(c.trainee.name), Report.Cell(unit(c.trainee.unit)), Report.Cell(title),
                .date(c.passedOn), .percent(c.attempt.percent), Report.Cell(c.attempt.id),
            ])
            json.append([
                "code": .string(c.code),
                "trainee": ["name": .string(c.trainee.name), "unit": .string(c.trainee.unit), "unitName": .string(unit(c.trainee.unit))],
                "course": ["id": .string(c.course), "title": .string(title), "version": .int(c.attempt.courseVersion)],
                "session": .optional(c.attempt.session),
                "passedOn": .string(c.passedOn.description),
                "attempt": [
                    "id": .string(c.attempt.id), "finishedAt": .string(c.attempt.finishedAt.description),
                    "percent": .number(c.attempt.percent), "digest": .string(c.digest),
                ],
                "issuer": .optional(ctx.roster.office),
            ])
        }
        let registerColumns: [Report.Column] = [
            .init(t(PaperText.colNumber), numeric: true), .init(t(PaperText.colCode)), .init(t(PaperText.colName)), .init(t(PaperText.colUnit)),
            .init(t(PaperText.colCourse)), .init(t(PaperText.colPassedOn)), .init(t(PaperText.colScore), numeric: true),
            .init(t(PaperText.colAttempt)),
        ]
        report.figures = [Report.Figure(t(PaperText.figCertificates), "\(issued.count)", issued.isEmpty ? .muted : .good)]
        if !withheld.isEmpty { report.figures.append(Report.Figure(t(PaperText.figWithheld), "\(withheld.count)", .bad)) }
        if issued.isEmpty {
            sections = [Report.Section(title: t(PaperText.certificateTitle), columns: [], rows: [], paragraphs: [t(PaperText.noCertificates)])]
        }
        report.sections = sections
        report.csv = Report.Section(title: t(PaperText.registerSection), columns: registerColumns, rows: register, name: "register")
        for attempt in withheld {
            report.notes.insert(t(PaperText.withheld(name: attempt.trainee.name, course: ctx.courseTitle(attempt.course), attempt: attempt.id)), at: 0)
        }
        report.json = ctx.envelope(
            .certificates, session: session,
            [
                "certificates": .array(json),
                "withheld": .array(withheld.map { ["attempt": .string($0.id), "name": .string($0.trainee.name), "unit": .string($0.trainee.unit), "course": .string($0.course)] }),
                "totals": ["certificates": .int(issued.count), "withheld": .int(withheld.count)],
            ])
        return report
    }
}
