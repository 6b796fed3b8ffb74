import ArgumentParser
import GongkaiCore

/// `gongkai export …`: a course's bank (the default: `export COURSE --format …`) and records as xAPI (`export xapi`).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: interchangeHelp(.exportAbstract),
        subcommands: [ExportCourse.self, ExportXAPI.self],
        defaultSubcommand: ExportCourse.self)
}
