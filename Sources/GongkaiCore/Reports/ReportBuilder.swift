public enum ReportBuilder {
    /// What each kind reads, so a report never loads more than it needs.
    public static func needs(_ kind: Report.Kind) -> RecordSet.Needs {
        switch kind {
        case .attendance: return [.attendance]
        case .scores: return [.attempts]
        case .completion: return [.attendance, .attempts, .audits]
        case .audits: return [.audits]
        case .items: return [.attempts, .itemStream]
        case .notices: return [.audits]
        case .signin: return [.attendance]
        case .certificates: return [.attempts, .attendance, .seals]
        case .transcript: return [.attempts, .attendance, .study]
        }
    }

    public static func build(_ kind: Report.Kind, _ context: ReportContext) -> Report {
        switch kind {
        case .attendance: return AttendanceReport.build(context)
        case .scores: return ScoresReport.build(context)
        case .completion: return CompletionReport.build(context)
        case .audits: return AuditsReport.build(context)
        case .items: return ItemsReport.build(context)
        case .notices: return NoticesReport.build(context)
        case .signin: return SignInSheet.build(context)
        case .certificates: return CertificatesReport.build(context)
        case .transcript: return TranscriptReport.build(context)
        }
    }
}
