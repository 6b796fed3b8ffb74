/// One 培训合格证明 per person and session, for exactly the people `report completion`
/// counts under 全部通过: the session's attendees who passed every required module
/// (`CompletionReport.standings`, `UnitStanding.attendees`). Each module rests on the
/// person's best passing counted attempt: its stored percentage is the score printed, and
/// the session id with every module's record id and digest give the verification code
/// (`CertificateCode`). A certificate one of whose records has no digest, or no longer
/// matches it, is withheld.
public enum CertificatesReport {
    /// One certificate, before it is laid out.
    public struct Certificate: Sendable, Equatable {
        public struct Module: Sendable, Equatable {
            public var course: String
            /// The best passing attempt (on a tie, the earlier one).
            public var attempt: AttemptSummary
            /// Its record's stored digest and whether the content still matches it (nil: not read).
            public var seal: AttemptSeal?
            /// The day of the first passing attempt.
            public var passedOn: LocalDate

            /// Whether the record can be vouched for: it has a digest that still holds.
            public var sound: Bool { seal?.integrity == .verified && seal?.digest != nil }
        }

        public var trainee: Trainee
        public var unitName: String
        public var session: TrainingSession
        /// In the session's order of courses.
        public var modules: [Module]
        /// The day the last required module was first passed.
        public var passedOn: LocalDate
        /// Nil when a module's record has no digest at all.
        public var code: String?
        /// Required modules not passed (only for would-be certificates, see `certificates(_:session:partial:)`).
        public var missing: [String] = []

        /// Every record it rests on has a digest that still holds.
        public var sound: Bool { code != nil && modules.allSatisfy(\.sound) }
    }

    /// The certificates of a session, in roster order of units, then sign-in order of names:
    /// one per attendee counted under 全部通过 (sound or not). With `partial`, instead, the
    /// would-be certificates of the attendees who passed some required modules but not all,
    /// resting on those they passed (what `gongkai verify` explains an old code with).
    public static func certificates(_ ctx: ReportContext, session: TrainingSession, partial: Bool = false) -> [Certificate] {
        struct Person: Hashable { var unit: String, name: String }
        var passing: [Person: [AttemptSummary]] = [:]
        for attempt in ctx.quizAttempts(session: session.id).effective where attempt.passed {
            passing[Person(unit: attempt.trainee.unit, name: attempt.trainee.name), default: []].append(attempt)
        }
        var out: [Certificate] = []
        for standing in CompletionReport.standings(ctx, session: session) {
            for attendee in standing.attendees {
                let missing = session.courses.filter { !attendee.passed.contains($0) }
                if partial ? (missing.isEmpty || missing.count == session.courses.count) : !missing.isEmpty { continue }
                let trainee = Trainee(name: attendee.name, unit: standing.unit.id)
                guard ctx.filter.includesTrainee(trainee) else { continue }
                let mine = passing[Person(unit: trainee.unit, name: trainee.name)] ?? []
                var modules: [Certificate.Module] = []
                for course in session.courses where attendee.passed.contains(course) {
                    let passes = mine.filter { $0.course == course }
                    guard let best = passes.max(by: { ($0.percent, $1.finishedAt, $1.id) < ($1.percent, $0.finishedAt, $0.id) }),
                        let first = passes.min(by: { ($0.finishedAt, $0.id) < ($1.finishedAt, $1.id) })
                    else { continue }
                    modules.append(Certificate.Module(course: course, attempt: best, seal: ctx.records.attemptSeals[best.id], passedOn: first.finishedAt.localDate))
                }
                guard let passedOn = modules.map(\.passedOn).max() else { continue }
                var parts: [CertificateCode.Part] = []
                for module in modules {
                    guard let digest = module.seal?.digest else { break }
                    parts.append(CertificateCode.Part(course: module.course, attempt: module.attempt.id, digest: digest))
                }
                let code = parts.count == modules.count ? CertificateCode.derive(session: session.id, parts: parts) : nil
                out.append(
                    Certificate(
                        trainee: trainee, unitName: standing.unit.name, session: session, modules: modules, passedOn: passedOn, code: code,
                        missing: missing))
            }
        }
        return out
    }

    /// What `gongkai verify CODE` finds.
    public enum Verification: Sendable, Equatable {
        /// No certificate the records support, or once supported, has this code.
        case unknown
        /// The certificate with this code, and what no longer holds (nil: nothing).
        case found(Certificate, problem: Problem?)
    }

    public enum Problem: Sendable, Equatable {
        /// A record it rests on was edited after it was written: its content no longer matches its digest.
        case tampered(attempt: String, path: String)
        /// A regrade replaced an attempt it rests on with another record.
        case superseded(attempt: String, by: String)
        /// The person no longer passed every required module of the session.
        case notAllPassed(missing: [String])
    }

    /// Rebuilds the certificates of every session of the roster from the records, with the
    /// function the report uses, and finds the one with this code (in its printed form, see
    /// `CertificateCode.parse`): among those the records support now (sound or not), then
    /// those they supported before any regrade, then the would-be certificates of people
    /// who no longer passed every required module. `records` are the effective attempts and
    /// the attendance; the seals and the attempts before regrades come from `ledger`.
    public static func verify(code: String, library: CourseLibrary, records: RecordSet, ledger: CertificateLedger, now: Timestamp) -> Verification {
        var records = records
        records.attemptSeals = ledger.seals
        let sessions = library.roster?.sessions ?? []
        func context(_ records: RecordSet, _ session: TrainingSession) -> ReportContext {
            ReportContext(library: library, records: records, filter: ReportFilter(session: session.id), now: now, language: .zh)
        }
        for session in sessions {
            for certificate in certificates(context(records, session), session: session) where certificate.code == code {
                if let bad = certificate.modules.first(where: { !$0.sound }) {
                    return .found(certificate, problem: .tampered(attempt: bad.attempt.id, path: bad.seal?.path ?? bad.attempt.id))
                }
                return .found(certificate, problem: nil)
            }
        }
        var before = records
        before.attempts = ledger.beforeRegrades
        for session in sessions {
            for certificate in certificates(context(before, session), session: session) where certificate.code == code {
                if let old = certificate.modules.first(where: { ledger.superseded[$0.attempt.id] != nil }) {
                    return .found(certificate, problem: .superseded(attempt: old.attempt.id, by: ledger.superseded[old.attempt.id]!))
                }
            }
        }
        for view in [records, before] {
            for session in sessions {
                for certificate in certificates(context(view, session), session: session, partial: true) where certificate.code == code {
                    return .found(certificate, problem: .notAllPassed(missing: certificate.missing))
                }
            }
        }
        return .unknown
    }

    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.certificates, session: session)
        if let trainee = ctx.filter.trainee { report.subtitle += " · " + t(PaperText.filterTrainee(trainee)) }
        guard let session else {
            report.notes.insert(t(PaperText.noCertificateSession), at: 0)
            report.sections = [Report.Section(title: t(PaperText.certificateTitle), columns: [], rows: [], paragraphs: [t(PaperText.noCertificateSession)])]
            report.figures = [Report.Figure(t(PaperText.figCertificates), "0", .muted)]
            report.csv = Report.Section(title: t(PaperText.registerSection), columns: registerColumns(t, session: nil, ctx), rows: [], name: "register")
            report.json = ctx.envelope(
                .certificates, session: nil, ["certificates": [], "withheld": [], "totals": ["certificates": .int(0), "withheld": .int(0)]])
            return report
        }
        let all = certificates(ctx, session: session)
        let issued = all.filter(\.sound)
        let withheld = all.filter { !$0.sound }
        let blank = t(PaperText.blankLine)
        let sessionText = t(PaperText.certificateSession(title: session.title, date: session.date.description))
        var sections: [Report.Section] = []
        var register: [[Report.Cell]] = []
        var json: [JSONValue] = []
        for (index, c) in issued.enumerated() {
            let code = c.code ?? ""
            var rows: [[Report.Cell]] = [
                [Report.Cell(t(PaperText.colName)), Report.Cell(c.trainee.name)],
                [Report.Cell(t(PaperText.colUnit)), Report.Cell(c.unitName)],
                [Report.Cell(t(PaperText.colSession)), Report.Cell(sessionText)],
            ]
            for module in c.modules {
                rows.append([
                    Report.Cell(t(PaperText.certificateModule(ctx.courseTitle(module.course)))),
                    Report.Cell(t(PaperText.certificateModuleResult(score: Percentage.text(module.attempt.percent), date: module.passedOn.description))),
                ])
            }
            rows += [
                [Report.Cell(t(PaperText.colPassedOn)), .date(c.passedOn)],
                [Report.Cell(t(PaperText.colIssuer)), Report.Cell(ctx.roster.office ?? blank)],
                [Report.Cell(t(PaperText.colCode)), Report.Cell(code)],
            ]
            sections.append(
                Report.Section(
                    title: t(PaperText.certificateTitle),
                    columns: [.init(t(PaperText.colField)), .init(t(PaperText.colValue))],
                    rows: rows,
                    paragraphs: [
                        t(
                            PaperText.certificateSessionBody(
                                name: c.trainee.name, unit: c.unitName, training: session.title, modules: c.modules.count, date: c.passedOn.description)),
                        t(PaperText.certificateVerify(code)),
                    ],
                    signatures: [t(PaperText.signIssuer), t(PaperText.signDate)],
                    newPage: index > 0, wraps: true, name: "certificate-\(index + 1)", paper: "certificate", exported: false))
            var row: [Report.Cell] = [
                .number(index + 1), Report.Cell(code), Report.Cell(c.trainee.name), Report.Cell(c.unitName), Report.Cell(session.title), .date(c.passedOn),
            ]
            for course in session.courses {
                if let module = c.modules.first(where: { $0.course == course }) { row.append(.percent(module.attempt.percent)) } else { row.append(Report.Cell("—")) }
            }
            register.append(row)
            json.append([
                "code": .string(code),
                "trainee": ["name": .string(c.trainee.name), "unit": .string(c.trainee.unit), "unitName": .string(c.unitName)],
                "session": ["id": .string(session.id), "title": .string(session.title), "date": .string(session.date.description)],
                "passedOn": .string(c.passedOn.description),
                "modules": .array(
                    c.modules.map { m in
                        [
                            "id": .string(m.course), "title": .string(ctx.courseTitle(m.course)), "version": .int(m.attempt.courseVersion),
                            "attempt": [
                                "id": .string(m.attempt.id), "finishedAt": .string(m.attempt.finishedAt.description),
                                "percent": .number(m.attempt.percent), "digest": .string(m.seal?.digest ?? ""),
                            ],
                        ]
                    }),
                "issuer": .optional(ctx.roster.office),
            ])
        }
        report.figures = [Report.Figure(t(PaperText.figCertificates), "\(issued.count)", issued.isEmpty ? .muted : .good)]
        if !withheld.isEmpty { report.figures.append(Report.Figure(t(PaperText.figWithheld), "\(withheld.count)", .bad)) }
        if issued.isEmpty {
            sections = [Report.Section(title: t(PaperText.certificateTitle), columns: [], rows: [], paragraphs: [t(PaperText.noCertificates)])]
        }
        report.sections = sections
        report.csv = Report.Section(title: t(PaperText.registerSection), columns: registerColumns(t, session: session, ctx), rows: register, name: "register")
        for c in withheld.reversed() {
            let doubtful = c.modules.filter { !$0.sound }.map(\.attempt.id)
            report.notes.insert(t(PaperText.withheldCertificate(name: c.trainee.name, unit: c.unitName, attempts: doubtful.joined(separator: ", "))), at: 0)
        }
        report.json = ctx.envelope(
            .certificates, session: session,
            [
                "certificates": .array(json),
                "withheld": .array(
                    withheld.map { c in
                        [
                            "name": .string(c.trainee.name), "unit": .string(c.trainee.unit), "session": .string(session.id),
                            "attempts": .array(c.modules.filter { !$0.sound }.map { .string($0.attempt.id) }),
                        ]
                    }),
                "totals": ["certificates": .int(issued.count), "withheld": .int(withheld.count)],
            ])
        return report
    }

    /// The register's columns: 序号, 验证码, 姓名, 单位, 培训场次, 合格日期, then one score column per required module.
    static func registerColumns(_ t: Catalogue, session: TrainingSession?, _ ctx: ReportContext) -> [Report.Column] {
        [
            .init(t(PaperText.colNumber), numeric: true), .init(t(PaperText.colCode)), .init(t(PaperText.colName)), .init(t(PaperText.colUnit)),
            .init(t(PaperText.colSession)), .init(t(PaperText.colPassedOn)),
        ] + (session?.courses ?? []).map { Report.Column(t(PaperText.certificateModuleScore(ctx.courseTitle($0))), numeric: true) }
    }
}
