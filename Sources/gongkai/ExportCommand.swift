import ArgumentParser

/// `gongkai export …`: records and courses in other formats.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: xapiHelp(.exportAbstract), subcommands: [ExportXAPI.self])
}
