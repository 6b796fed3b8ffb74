import ArgumentParser
import GongkaiCore

func deadlineHelp(_ text: DeadlineHelp) -> String { text.text(in: helpLanguage) }

/// `gongkai deadline --received DATE --method M ...`: working-day deadlines of one request.
struct DeadlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline", abstract: deadlineHelp(.abstract), discussion: deadlineHelp(.discussion))

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp(deadlineHelp(.received), valueName: "YYYY-MM-DD"))
    var received: String

    @Option(name: .long, help: ArgumentHelp(deadlineHelp(.method), valueName: "METHOD"), completion: .list(ApplicationMethod.allCases.map(\.rawValue)))
    var method: String

    @Option(name: .customLong("supplement-requested"), help: ArgumentHelp(deadlineHelp(.supplementRequested), valueName: "YYYY-MM-DD"))
    var supplementRequested: String?

    @Option(name: .customLong("supplement-received"), help: ArgumentHelp(deadlineHelp(.supplementReceived), valueName: "YYYY-MM-DD"))
    var supplementReceived: String?

    @Option(name: .customLong("third-party"), help: ArgumentHelp(deadlineHelp(.thirdParty), valueName: "FROM..TO"))
    var thirdParty: [String] = []

    @Option(name: .customLong("other-agency"), help: ArgumentHelp(deadlineHelp(.otherAgency), valueName: "FROM..TO"))
    var otherAgency: [String] = []

    @Option(name: .customLong("fee-notice"), help: ArgumentHelp(deadlineHelp(.feeNotice), valueName: "YYYY-MM-DD"))
    var feeNotice: String?

    @Option(name: .customLong("fee-paid"), help: ArgumentHelp(deadlineHelp(.feePaid), valueName: "YYYY-MM-DD"))
    var feePaid: String?

    @Flag(name: .long, help: ArgumentHelp(deadlineHelp(.extensionFlag)))
    var extensionApproved = false

    @Option(name: .long, help: ArgumentHelp(deadlineHelp(.format), valueName: "text|json"), completion: .list(["text", "json"]))
    var format: String = "text"

    /// Malformed arguments are usage errors (exit 2), reported with this command's usage.
    func validate() throws {
        _ = try caseFromArguments(Catalogue(try global.language()))
    }

    func caseFromArguments(_ t: Catalogue) throws -> DeadlineCase {
        func date(_ text: String) throws -> LocalDate {
            guard let date = DateInput.parse(text) else { throw ValidationError(t(DeadlineText.invalidDate(text))) }
            return date
        }
        guard format == "text" || format == "json" else { throw ValidationError(t(DeadlineHelp.badFormat(format))) }
        guard let method = ApplicationMethod(typed: self.method) else { throw ValidationError(t(DeadlineText.badMethod(self.method))) }
        var input = DeadlineCase(method: method, received: try date(received), extensionApproved: extensionApproved)
        input.supplementRequested = try supplementRequested.map(date)
        input.supplementReceived = try supplementReceived.map(date)
        for (kind, values) in [(ExcludedPeriod.Kind.thirdParty, thirdParty), (.otherAgency, otherAgency)] {
            for value in values {
                guard let period = ExcludedPeriod(kind: kind, typed: value) else { throw ValidationError(t(DeadlineText.badPeriod(value))) }
                input.excluded.append(period)
            }
        }
        switch (feeNotice, feePaid) {
        case (let notice?, let paid?): input.excluded.append(ExcludedPeriod(kind: .fee, from: try date(notice), to: try date(paid)))
        case (nil, nil): break
        default: throw ValidationError(t(DeadlineHelp.feePaidWithoutNotice))
        }
        return input
    }

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let input = try caseFromArguments(t)
        func fail(_ message: String) -> ExitCode {
            writeStandardError(message + "\n")
            return ExitCode(1)
        }
        let (calendar, problems) = DeadlineCalendarLoader.load(coursesPath: global.coursesPath(), fileSystem: LocalFileSystem())
        if !problems.isEmpty {
            for diagnostic in problems { writeStandardError(diagnostic.rendered(language) + "\n") }
            throw fail(t(DeadlineHelp.calendarInvalid))
        }
        let result: DeadlineResult
        do {
            result = try DeadlineCalculator.compute(input, calendar: calendar ?? .weekendsOnly)
        } catch {
            throw fail(t(DeadlineText.problem(error)))
        }
        // The warning goes to standard error as well, where a script's log keeps it.
        for warning in DeadlineReport.warnings(result, calendar: calendar, language) { writeStandardError(warning + "\n") }
        if format == "json" {
            writeStandardOutput(JSONWriter.string(DeadlineReport.json(result, calendar: calendar, language), style: .pretty) + "\n")
        } else {
            writeStandardOutput(DeadlineReport.text(result, calendar: calendar, language))
        }
    }
}
