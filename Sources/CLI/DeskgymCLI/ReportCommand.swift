import ArgumentParser
import DeskgymEval
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a static HTML report of an eval run, or compare two runs task by task.")

    @Argument(help: "A run folder (runs/NAME), or two to compare.")
    var runs: [String]
    @Option(help: "With two runs: where the comparison page goes (default: the first run's report folder).")
    var out: String?

    func validate() throws {
        guard (1...2).contains(runs.count) else {
            throw ValidationError("give one run folder to report on, or two to compare (got \(runs.count))")
        }
    }

    func run() async throws {
        let writer = ReportWriter(logger: makeLogger(level: .warning))
        let folders = runs.map { URL(fileURLWithPath: $0) }
        if folders.count == 1 {
            let page = try await writer.write(runFolder: folders[0])
            emit("report: \(page.path)")
        } else {
            let comparison = try await writer.compare(folders[0], folders[1], output: out.map { URL(fileURLWithPath: $0) })
            emit("comparison: \(comparison.page.path)")
        }
    }
}
