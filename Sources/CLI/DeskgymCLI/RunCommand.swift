import ArgumentParser
import DeskgymAgents
import DeskgymRuntime
import Foundation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one task: reset a session (setup steps), run the agent's steps, evaluate, write the trajectory.")

    @Argument(help: "The task file (OSWorld JSON).")
    var task: String
    @OptionGroup var agentOptions: AgentOptions
    @Option(help: "The trajectory folder; default runs/<task id>.")
    var out: String?
    @OptionGroup var vmConfigs: VMConfigsOption
    @Option(help: "The most agent steps.")
    var maxSteps = 15

    func run() async throws {
        let taskURL = URL(fileURLWithPath: task)
        let folder = URL(fileURLWithPath: out ?? "runs/\(taskURL.deletingPathExtension().lastPathComponent)")
        let logger = makeLogger(level: .warning)
        var runner = EpisodeRunner(
            taskFile: taskURL, agent: try agentOptions.makeAgent(logger: logger), output: folder,
            vmConfigsFolder: vmConfigs.folder, maxSteps: maxSteps,
            evaluator: MetricBridge.evaluator)
        runner.observationType = try agentOptions.parsedObservationType()
        let result = try await runner.run(logger: logger)
        emit("task \(result.taskID): score \(result.score) after \(result.steps) steps; trajectory in \(result.folder.path)")
        for metric in result.evaluation?.metrics ?? [] {
            emit("  \(metric.name): \(metric.score)\(metric.reason.map { " (\($0))" } ?? "")")
        }
        if let error = result.environmentError {
            emit("environment error: \(error)")
            throw ExitCode(2)
        }
    }
}
