import DeskgymAgents
import DeskgymRuntime
import Foundation
import Logging

/// Reset to first observation, and evaluation time, of real bundled tasks: each task is run
/// `repetitions` times with the agent that answers DONE at once, so that the episode is all
/// environment: session start, setup steps, settle and capture of the first observation, the
/// checker, session stop.
public struct ResetBenchmark: Sendable {
    public var tasks: [URL]
    public var repetitions: Int
    public var vmConfigsFolder: URL

    public init(tasks: [URL], repetitions: Int, vmConfigsFolder: URL) {
        self.tasks = tasks
        self.repetitions = repetitions
        self.vmConfigsFolder = vmConfigsFolder
    }

    public func run(logger: Logger, print: (String) -> Void) async throws {
        print(
            "reset = session start + setup steps + settle + first capture; idle = waiting for the session's programs "
                + "to go idle before evaluating; eval = postconfig + getters + metrics")
        print(
            "task".padding(toLength: 44, withPad: " ", startingAt: 0)
                + "  reset p50   reset p90   idle p50    eval p50    eval p90    wall p50")
        for task in tasks {
            var resets = Sample()
            var evaluations = Sample()
            var idleWaits = Sample()
            var walls = Sample()
            for _ in 0..<repetitions {
                let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-reset-\(UUID())")
                defer { try? FileManager.default.removeItem(at: output) }
                let runner = EpisodeRunner(
                    taskFile: task, agent: ScriptedAgent(.none), output: output, vmConfigsFolder: vmConfigsFolder,
                    evaluator: MetricBridge.evaluator)
                let result = try await runner.run(logger: logger)
                if let error = result.environmentError {
                    throw BenchmarkError(benchmark: "reset", message: "\(task.path): \(error)")
                }
                resets.milliseconds.append(result.resetMilliseconds)
                evaluations.milliseconds.append(result.evaluationMilliseconds)
                idleWaits.milliseconds.append(result.idleWaitMilliseconds)
                walls.milliseconds.append(result.wallMilliseconds)
            }
            let name = task.deletingPathExtension().pathComponents.suffix(2).joined(separator: "/")
            print(
                name.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + [resets.median, resets.p90, idleWaits.median, evaluations.median, evaluations.p90, walls.median]
                    .map { String(format: "%8.1f ms", $0).padding(toLength: 12, withPad: " ", startingAt: 0) }.joined())
        }
    }
}
