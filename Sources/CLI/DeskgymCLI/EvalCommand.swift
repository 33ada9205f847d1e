import ArgumentParser
import DeskgymAgents
import DeskgymCore
import DeskgymEval
import DeskgymRuntime
import Foundation
import Synchronization

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a task suite with an agent on several sessions at once; resumable; stores results in SQLite.",
        discussion: """
            A rerun with the same --out skips the tasks that finished; Ctrl-C stops the running episodes and \
            leaves them to the next run. Environment errors (setup, crashed apps, the endpoint) are tried once more \
            and reported apart from the agent's score.
            """)

    @Argument(help: "Task files or folders of task files (searched recursively).")
    var tasks: [String] = ["tasks"]
    @OptionGroup var agentOptions: AgentOptions
    @Option(help: "The run folder: deskgym.sqlite, one trajectory folder per task, report/.")
    var out: String?
    @Option(help: "Episodes run at once, each on its own desktop session.")
    var parallel = 1
    @Option(help: "The most agent steps per episode.")
    var maxSteps = 15
    @OptionGroup var vmConfigs: VMConfigsOption
    @Flag(help: "Write the HTML report (runs/NAME/report/index.html) at the end.")
    var report = false
    @Option(
        help: "Exit with status 1 when the mean score is below this or any task ended in an environment error (for CI and the main job).")
    var failBelow: Double?

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1, got \(parallel)") }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1, got \(maxSteps)") }
    }

    func run() async throws {
        let logger = makeLogger(level: .warning)
        let agent = try agentOptions.makeAgent(logger: logger)
        let suite: [EvalTaskFile]
        do {
            suite = try EvalSuite.discover(tasks.map { URL(fileURLWithPath: $0) })
        } catch {
            throw ValidationError("\(error)")
        }
        let name =
            out.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "eval-\(agentOptions.agent.replacingOccurrences(of: "/", with: "_"))"
        let folder = URL(fileURLWithPath: out ?? "runs/\(name)")
        var options = ["max_steps": "\(maxSteps)"]
        if agentOptions.baseURL != nil {
            options["history"] = "\(agentOptions.history)"
            options["coordinates"] = agentOptions.coordinates
        }
        let observationType = try agentOptions.parsedObservationType()
        if observationType != .screenshot { options["observation_type"] = observationType.rawValue }
        var configured = EvalRunner(
            tasks: suite, agent: agent,
            configuration: RunConfiguration(
                name: name, agent: agent.name,
                grammar: agentOptions.baseURL == nil ? nil : agentOptions.grammar,
                model: agentOptions.model, options: options),
            output: folder, parallel: parallel, maxSteps: maxSteps,
            vmConfigsFolder: vmConfigs.folder, evaluator: MetricBridge.evaluator)
        configured.observationType = observationType
        let runner = configured
        emit("run \(name): \(suite.count) tasks, agent \(agent.name), \(parallel) at once, into \(folder.path)")
        let terminal = isatty(STDERR_FILENO) == 1
        let summary = Summary()
        let clock = ContinuousClock()
        let started = clock.now
        let interrupted = try await SignalWaiter.cancellingOnSignal {
            let result = try await runner.run(
                logger: logger,
                plan: { toRun, finished in
                    if finished > 0 { emit("resuming: \(finished) tasks already finished, \(toRun) to run") }
                }
            ) { progress in
                summary.set(progress)
                let line = progress.line
                FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
            }
            summary.set(result)
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if let result = summary.value {
            emit(result.table())
        } else if interrupted, let store = try? RunStore(path: EvalRunner.storeURL(in: folder), create: false, logger: logger),
            let run = try? await store.run(named: name), let result = try? await store.summary(of: run)
        {
            // The store as the interruption left it: what finished, and what the next run resumes.
            emit(result.table())
        }
        if let progress = summary.lastProgress {
            emit(
                String(
                    format:
                        "wall %.1f s for %d episodes at --parallel %d; environment overhead per episode (wall minus model time): median %.0f ms",
                    (clock.now - started).seconds, progress.done, parallel, progress.medianOverheadMilliseconds))
        }
        if report {
            let page = try await ReportWriter(logger: logger).write(runFolder: folder, runName: name)
            emit("report: \(page.path)")
        }
        if interrupted { throw ExitCode(130) }
        if let failBelow, let total = summary.value?.total {
            if (total.meanScore ?? 0) < failBelow || total.environmentErrors > 0 || total.unfinished > 0 {
                emit(
                    "mean score \(total.meanScore.map { String(format: "%.3f", $0) } ?? "none") with \(total.environmentErrors) environment errors and \(total.unfinished) unfinished: below \(failBelow)"
                )
                throw ExitCode(1)
            }
        }
    }
}

/// The summary, handed out of the cancellable task.
private final class Summary: Sendable {
    private let state = Mutex<(value: RunSummary?, lastProgress: EvalProgress?)>((nil, nil))

    var value: RunSummary? { state.withLock { $0.value } }
    var lastProgress: EvalProgress? { state.withLock { $0.lastProgress } }
    func set(_ summary: RunSummary) { state.withLock { $0.value = summary } }
    /// Keeps the latest report: workers call this from their own tasks, in any order.
    func set(_ progress: EvalProgress) {
        state.withLock { state in
            if progress.done > (state.lastProgress?.done ?? 0) { state.lastProgress = progress }
        }
    }
}
