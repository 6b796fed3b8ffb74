import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai verify CODE`: rebuilds the 培训合格证明 of every session of the roster from the
/// records (`CertificatesReport.verify`, the function the report uses) and says whose
/// certificate the code is: who, unit, session, each module with its score, and whether it
/// still holds. Exit 0 when it does; 1 for an unknown code, a record changed since, a
/// regraded attempt, or a person who no longer passed every module; a malformed code is
/// refused before (exit 2).
enum CertificateVerification {
    static func run(code text: String, roots: [String], courses: String, language l: Language) -> Int32 {
        let t = Catalogue(l)
        guard let code = CertificateCode.parse(text) else {
            writeStandardError(TerminalText.clean(t(PaperText.malformedCode(text))) + "\n")
            return 2
        }
        let fs = LocalFileSystem()
        if let missing = roots.first(where: { !fs.isDirectory($0) }) {
            writeStandardError(TerminalText.clean(t(ReportCommandText.missingResults(missing))) + "\n")
            return 1
        }
        let ledger = CertificateLedger.scan(roots: roots, fileSystem: fs)
        let records = RecordSet.load(roots: roots, fileSystem: fs, needs: [.attempts, .attendance])
        for skipped in records.skipped {
            writeStandardError(TerminalText.clean(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem))))) + "\n")
        }
        let library = CourseLibrary.load(paths: [courses], fileSystem: fs)
        switch CertificatesReport.verify(code: code, library: library, records: records, ledger: ledger, now: SystemClock().now()) {
        case .unknown:
            writeStandardError(TerminalText.clean(t(PaperText.unknownCode(code, records: ledger.entries.count))) + "\n")
            return 1
        case .found(let c, let problem):
            var lines = [
                t(PaperText.verifyHeading(code)), t(PaperText.verifyWho(name: c.trainee.name, unit: c.unitName)),
                t(PaperText.verifySession(title: c.session.title, id: c.session.id, date: c.session.date.description)),
            ]
            for m in c.modules {
                lines.append(
                    t(
                        PaperText.verifyModule(
                            title: library.course(id: m.course)?.title ?? m.course, id: m.course, version: m.attempt.courseVersion,
                            score: Percentage.text(m.attempt.percent), passedOn: m.passedOn.description, record: m.attempt.id)))
            }
            lines.append(t(PaperText.verifyPassedOn(c.passedOn.description)))
            guard let problem else {
                lines.append(t(PaperText.verifyHolds))
                writeStandardOutput(TerminalText.clean(lines.joined(separator: "\n")) + "\n")
                return 0
            }
            writeStandardOutput(TerminalText.clean(lines.joined(separator: "\n")) + "\n")
            let message: PaperText
            switch problem {
            case .tampered(_, let path): message = .verifyTampered(path)
            case .superseded(let attempt, let newer): message = .verifySuperseded(attempt: attempt, by: newer)
            case .notAllPassed(let missing): message = .verifyNotAllPassed(missing.map { library.course(id: $0)?.title ?? $0 }.joined(separator: "、"))
            }
            writeStandardError(TerminalText.clean(t(message)) + "\n")
            return 1
        }
    }
}
