/// The 签到表 of a training session: per unit, the people already signed in (with the
/// time) and blank rows up to the unit's expected number, to sign on paper. Its counts
/// are the attendance report's (`AttendanceReport.tally`).
public enum SignInSheet {
    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.signin, session: session)
        guard let session else {
            report.notes.insert(t(ReportText.noSession), at: 0)
            report.json = ctx.envelope(.signin, session: nil, ["place": .null, "units": [], "totals": .null])
            return report
        }
        let tallies = AttendanceReport.tally(ctx, records: ctx.attendance(session: session.id))
        var printed: [[Report.Cell]] = []
        var flat: [[Report.Cell]] = []
        var unitsJSON: [JSONValue] = []
        var number = 0
        for tally in tallies {
            var rowsJSON: [JSONValue] = []
            let count = max(tally.unit.expected, tally.signedIn)
            for index in 0..<count {
                number += 1
                let attendee = index < tally.attendees.count ? tally.attendees[index] : nil
                let time = attendee.map { signedTime($0.createdAt, on: session.date) } ?? ""
                let row = [
                    Report.Cell.number(number), Report.Cell(tally.unit.name), Report.Cell(attendee?.trainee.name ?? ""), Report.Cell(""),
                    Report.Cell(time), Report.Cell(""),
                ]
                // The data (CSV, workbook): every row names its unit; the moment of signing in is a time.
                var data = row
                data[4] = attendee.map { Report.Cell.time($0.createdAt) } ?? Report.Cell("")
                flat.append(data)
                var shown = row
                if index > 0 { shown[1] = Report.Cell("") }
                printed.append(shown)
                rowsJSON.append([
                    "number": .int(number), "name": .optional(attendee?.trainee.name), "position": .null,
                    "signedInAt": .optional(attendee?.createdAt.description),
                ])
            }
            unitsJSON.append([
                "id": .string(tally.unit.id), "name": .string(tally.unit.name), "expected": .int(tally.unit.expected),
                "signedIn": .int(tally.signedIn), "rows": .array(rowsJSON),
            ])
        }
        let expected = tallies.reduce(0) { $0 + $1.unit.expected }
        let signed = tallies.reduce(0) { $0 + $1.signedIn }
        report.figures = [
            Report.Figure(t(ReportText.figUnits), "\(tallies.count)"),
            Report.Figure(t(ReportText.figExpected), "\(expected)"),
            Report.Figure(t(ReportText.figSignedIn), "\(signed)", signed >= expected ? .good : .plain),
        ]
        let columns: [Report.Column] = [
            .init(t(PaperText.colNumber), numeric: true), .init(t(PaperText.colUnit)), .init(t(PaperText.colName)),
            .init(t(PaperText.colPosition), minWidth: 10), .init(t(PaperText.colSignedAt)), .init(t(PaperText.colSignature), minWidth: 18),
        ]
        report.sections = [
            Report.Section(
                title: t(PaperText.signinSection),
                columns: columns, rows: printed,
                paragraphs: [
                    t(PaperText.signinSession(session.title)), t(PaperText.signinDate(session.date.description)), t(PaperText.signinPlace(session.place)),
                ],
                wraps: true, paper: "signin", exported: false),
            Report.Section(
                title: t(PaperText.signinTotalsSection), columns: [], rows: [],
                paragraphs: [t(PaperText.signinTotals(signed: signed, expected: expected))],
                signatures: [t(PaperText.signChecker), t(PaperText.signDate)], paper: "signin-totals"),
        ]
        report.csv = Report.Section(title: t(PaperText.signinSection), columns: columns, rows: flat, name: "signin")
        report.json = ctx.envelope(
            .signin, session: session,
            [
                "place": .optional(session.place), "units": .array(unitsJSON),
                "totals": ["units": .int(tallies.count), "expected": .int(expected), "signedIn": .int(signed)],
            ])
        return report
    }

    /// `08:50` on the day of the session, else the date and time.
    static func signedTime(_ time: Timestamp, on day: LocalDate) -> String {
        let short = time.shortDescription
        guard time.localDate == day, let space = short.lastIndex(of: " ") else { return short }
        return String(short[short.index(after: space)...])
    }
}
