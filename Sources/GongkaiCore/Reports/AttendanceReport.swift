/// Who came: per unit, expected and signed-in attendees; county totals.
public enum AttendanceReport {
    public static func build(_ ctx: ReportContext) -> Report {
        let t = ctx.t
        let session = ctx.session
        var report = ctx.header(.attendance, session: session)
        guard let session else {
            report.notes.insert(t(ReportText.noSession), at: 0)
            report.json = ctx.envelope(.attendance, session: nil, ["units": [], "totals": .null])
            return report
        }
        let records = ctx.attendance(session: session.id)
        var rows: [[Report.Cell]] = []
        var unitsJSON: [JSONValue] = []
        var bars: [Report.BarChart.Bar] = []
        var totalExpected = 0, totalSigned = 0, totalMissing = 0, unitsFull = 0
        for entry in Self.tally(ctx, records: records) {
            let unit = entry.unit, mine = entry.attendees, missing = entry.missing
            totalExpected += unit.expected
            totalSigned += mine.count
            totalMissing += missing
            if missing == 0 { unitsFull += 1 }
            rows.append([
                Report.Cell(unit.name), Report.Cell(t(ReportText.unitKind(unit.kind))), .number(unit.expected),
                .number(mine.count, missing == 0 ? .good : .bad), .number(missing, missing == 0 ? .muted : .bad),
                Report.Cell(mine.map(\.trainee.name).joined(separator: t(ReportText.listSeparator))),
            ])
            unitsJSON.append([
                "id": .string(unit.id), "name": .string(unit.name), "kind": .string(unit.kind.rawValue),
                "expected": .int(unit.expected), "signedIn": .int(mine.count), "missing": .int(missing),
                "attendees": .array(mine.map { ["name": .string($0.trainee.name), "signedInAt": .string($0.createdAt.description)] }),
            ])
            let rate = unit.expected > 0 ? min(100, Double(mine.count) / Double(unit.expected) * 100) : (mine.isEmpty ? 0 : 100)
            bars.append(.init(label: unit.name, value: rate, note: "\(mine.count)/\(unit.expected)", tone: missing == 0 ? .good : .bad))
        }
        report.figures = [
            Report.Figure(t(ReportText.figUnits), "\(ctx.units.count)"),
            Report.Figure(t(ReportText.figExpected), "\(totalExpected)"),
            Report.Figure(t(ReportText.figSignedIn), "\(totalSigned)", totalMissing == 0 ? .good : .plain),
            Report.Figure(t(ReportText.figMissing), "\(totalMissing)", totalMissing == 0 ? .good : .bad),
            Report.Figure(t(ReportText.figUnitsFull), "\(unitsFull)/\(ctx.units.count)"),
        ]
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionByUnit),
                columns: [
                    .init(t(ReportText.colUnit)), .init(t(ReportText.colKind)), .init(t(ReportText.colExpected), numeric: true),
                    .init(t(ReportText.colSignedIn), numeric: true), .init(t(ReportText.colMissing), numeric: true),
                    .init(t(ReportText.colAttendees)),
                ],
                rows: rows + [[
                    Report.Cell(t(ReportText.total)), Report.Cell(""), .number(totalExpected), .number(totalSigned),
                    .number(totalMissing), Report.Cell(""),
                ]], signatures: PrintPageText.officeSignatures(t), name: "units")
        ]
        report.charts = [Report.BarChart(title: t(ReportText.chartAttendance), bars: bars)]
        report.json = ctx.envelope(
            .attendance, session: session,
            [
                "units": .array(unitsJSON),
                "totals": [
                    "units": .int(ctx.units.count), "expected": .int(totalExpected), "signedIn": .int(totalSigned),
                    "missing": .int(totalMissing), "unitsFull": .int(unitsFull),
                ],
            ])
        return report
    }
}

/// One unit's sign-ins for a session: each person once, at their first sign-in.
public struct UnitAttendance: Sendable {
    public var unit: Unit
    /// In the order they signed in.
    public var attendees: [AttendanceRecord]
    public var signedIn: Int { attendees.count }
    public var missing: Int { max(0, unit.expected - attendees.count) }
}

extension AttendanceReport {
    /// Who came, unit by unit: the one count behind the attendance report and the 签到表.
    static func tally(_ ctx: ReportContext, records: [AttendanceRecord]) -> [UnitAttendance] {
        ctx.units.map { unit in
            var seen: Set<String> = []
            let mine = records.filter { $0.trainee.unit == unit.id }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                .filter { seen.insert($0.trainee.name).inserted }
            return UnitAttendance(unit: unit, attendees: mine)
        }
    }
}
