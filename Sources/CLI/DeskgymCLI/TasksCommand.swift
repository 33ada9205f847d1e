import ArgumentParser
import DeskgymTaskModel
import DeskgymTasks
import Foundation

struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "Work with task files (OSWorld's JSON format).",
        subcommands: [TasksCheckCommand.self, TasksFetchCommand.self])
}

struct TasksCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load every task file in a folder and say which can run here and, if not, what is missing.")

    @Argument(help: "A folder of task files (searched recursively), e.g. ../shared/osworld/examples or tasks.")
    var folder: String
    @Flag(help: "Also list each file's unknown fields and every name the tasks use.")
    var verbose = false
    @Option(help: "How many of the most-blocking missing names to list per kind.")
    var top = 10

    func run() async throws {
        let report = try CorpusReport.build(folder: URL(fileURLWithPath: folder), support: .deskgym)
        emit(report.render(verbose: verbose, top: top))
        if report.summary.failed > 0 { throw ExitCode(1) }
    }
}
