import ArgumentParser
import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai push --lrs URL`: the statements `export xapi` would write, sent to an LRS.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: xapiHelp(.pushAbstract), discussion: xapiHelp(.pushDiscussion))

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: XAPISelection

    @Option(name: .long, help: ArgumentHelp(xapiHelp(.lrsOption), valueName: "URL"))
    var lrs: String

    @Option(name: .long, help: ArgumentHelp(xapiHelp(.batchOption), valueName: "N"))
    var batch: Int?

    func validate() throws {
        if let batch, !(1...1000).contains(batch) { throw ValidationError(XAPIText.badBatchSize(String(batch)).text(in: helpLanguage)) }
    }

    func run() throws {
        let language = try global.language()
        let t = Catalogue(language)
        let endpoint: LRSEndpoint
        switch LRSEndpoint.parse(lrs) {
        case .success(let e): endpoint = e
        case .failure(.credentialsInURL):
            writeStandardError(t(XAPIText.credentialsInURL) + "\n")
            throw ExitCode(1)
        case .failure(.notHTTP):
            writeStandardError(t(XAPIText.badLRSURL(lrs)) + "\n")
            throw ExitCode(1)
        }
        let credentials: LRSCredentials
        switch LRSCredentials.resolve(environment: global.environment, fileSystem: LocalFileSystem()) {
        case .success(let c): credentials = c
        case .failure(.missing):
            writeStandardError(t(XAPIText.noCredentials) + "\n")
            throw ExitCode(1)
        case .failure(.unreadableFile(let path, let error)):
            writeStandardError(t(XAPIText.unreadableCredentials(path: path, reason: t(FileProblemMessage(error)))) + "\n")
            throw ExitCode(1)
        case .failure(.malformedFile(let path)):
            writeStandardError(t(XAPIText.malformedCredentials(path: path)) + "\n")
            throw ExitCode(1)
        }
        guard let export = selection.export(global: global, language: language) else { throw ExitCode(1) }
        var pusher = LRSPusher(endpoint: endpoint, credentials: credentials, transport: URLSessionTransport(timeout: 30))
        pusher.batchSize = batch ?? 100
        let total = export.statements.count
        let terminal = isatty(STDERR_FILENO) != 0
        let showProgress = total > pusher.batchSize
        let (outcome, error) = pusher.push(
            export.statements, sleep: { usleep(useconds_t($0 * 1_000_000)) },
            progress: { done, total in
                guard showProgress else { return }
                let line = t(XAPIText.progress(done: done, total: total))
                writeStandardError(terminal ? "\r" + line + (done == total ? "\n" : "") : line + "\n")
            })
        if let error {
            if terminal && showProgress && outcome.confirmed > 0 { writeStandardError("\n") }
            let message: XAPIText
            switch error {
            case .unauthorized(let status, let m): message = .unauthorized(status: status, message: m)
            case .rejected(let status, let m): message = .rejected(status: status, message: m)
            case .conflict(let m): message = .conflict(message: m)
            case .unreachable(let reason, let attempts): message = .unreachable(url: endpoint.statementsURL, reason: reason, attempts: attempts)
            case .unexpected(let status, let m): message = .unexpected(status: status, message: m)
            }
            writeStandardError(t(message) + "\n")
            writeStandardError(t(XAPIText.confirmedBeforeError(confirmed: outcome.confirmed, total: total)) + "\n")
            throw ExitCode(1)
        }
        writeStandardOutput(
            t(XAPIText.pushed(confirmed: outcome.confirmed, stored: outcome.stored, held: outcome.alreadyHeld, batches: outcome.batches, url: endpoint.statementsURL))
                + "\n")
    }
}
