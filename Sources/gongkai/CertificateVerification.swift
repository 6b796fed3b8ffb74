import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai verify CODE`: finds the attempt record behind a 培训合格证明's code and says who,
/// which module, when and what score, and whether the record still matches its digest.
/// Exit 0 when it does and the attempt passed; 1 for an unknown code, a changed record, an
/// attempt that did not pass or was regraded; a malformed code is refused before (exit 2).
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
        for skipped in ledger.skipped {
            writeStandardError(TerminalText.clean(t(ReportText.skippedWarning(path: skipped.path, reason: t(RecordProblemMessage(skipped.problem))))) + "\n")
        }
        switch ledger.verify(code: code) {
        case .unknown:
            writeStandardError(t(PaperText.unknownCode(code, records: ledger.entries.count)) + "\n")
            return 1
        case .found(let entry, let problem):
            // Titles and unit names when the course folder can be read; ids otherwise.
            let library = CourseLibrary.load(paths: [courses], fileSystem: fs)
            let a = entry.attempt
            let unit = library.roster?.unit(id: a.trainee.unit)?.name ?? a.trainee.unit
            let title = library.course(id: a.course)?.title ?? a.course
            var lines = [
                t(PaperText.verifyHeading(code)), t(PaperText.verifyWho(name: a.trainee.name, unit: unit)),
                t(PaperText.verifyCourse(title: title, id: a.course, version: a.courseVersion)), t(PaperText.verifyWhen(a.finishedAt.shortDescription)),
                t(PaperText.verifyScore(score: Percentage.text(a.percent), passed: a.passed)), t(PaperText.verifyRecord(id: a.id, path: entry.seal.path)),
            ]
            guard let problem else {
                lines.append(t(PaperText.verifyHolds))
                writeStandardOutput(TerminalText.clean(lines.joined(separator: "\n")) + "\n")
                return 0
            }
            writeStandardOutput(TerminalText.clean(lines.joined(separator: "\n")) + "\n")
            let message: PaperText
            switch problem {
            case .tampered: message = .verifyTampered(entry.seal.path)
            case .superseded(let newer): message = .verifySuperseded(newer)
            case .notPassed: message = .verifyNotPassed
            case .notAQuiz: message = .verifyNotAQuiz
            }
            writeStandardError(TerminalText.clean(t(message)) + "\n")
            return 1
        }
    }
}
