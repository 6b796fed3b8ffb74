import ArgumentParser
import GongkaiCore

/// `gongkai export …`: a course's bank (the default) and, from another branch, `export xapi`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: interchangeHelp(.exportAbstract),
        subcommands: [ExportCourse.self],
        defaultSubcommand: ExportCourse.self)
}
