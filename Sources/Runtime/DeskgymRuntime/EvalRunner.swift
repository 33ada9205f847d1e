import DeskgymAgents
import DeskgymEval
import DeskgymTasks
import Foundation
import Logging

/// Runs a suite of tasks with one agent on several sessions at once, into a run folder that a
/// rerun resumes: `runs/NAME/deskgym.sqlite` and one trajectory folder per task,
/// `runs/NAME/<domain>/<task id>/`.
///
/// Tasks that finished are skipped on a rerun. An episode the environment broke (a session or setup
/// step that failed, a crashed app, an endpoint that kept failing, a checker that could not run) is
/// tried once more; if it fails again it stays an environment error, apart from the agent's score.
/// Cancelling the run (Ctrl-C) stops every running episode between steps, stops their sessions, and
/// leaves them to the next run.
public struct EvalRunner: Sendable {
    public var tasks: [EvalTaskFile]
    public var agent: any Agent
    public var configuration: RunConfiguration
    public var output: URL
    public var parallel: Int
    public var maxSteps: Int
    public var vmConfigsFolder: URL
    /// Attempts per task when the environment fails (OSWorld-style suites see flaky setups).
    public var attempts: Int
    public var evaluator: TaskEvaluator
    /// What each episode's observations carry (``EpisodeRunner/observationType``).
    public var observationType: ObservationType = .screenshot

    public init(
        tasks: [EvalTaskFile], agent: any Agent, configuration: RunConfiguration, output: URL, parallel: Int,
        maxSteps: Int, vmConfigsFolder: URL, attempts: Int = 2, evaluator: TaskEvaluator
    ) {
        self.tasks = tasks
        self.agent = agent
        self.configuration = configuration
        self.output = output
        self.parallel = parallel
        self.maxSteps = maxSteps
        self.vmConfigsFolder = vmConfigsFolder
        self.attempts = attempts
        self.evaluator = evaluator
    }

    /// The store of a run folder.
    public static func storeURL(in folder: URL) -> URL { folder.appendingPathComponent("deskgym.sqlite") }

    /// Runs every task not finished yet; returns the run's summary (all its tasks, this run's and
    /// earlier ones'). `plan` is told how many tasks will run and how many an earlier run
    /// finished; `progress` is called after every episode.
    public func run(
        logger: Logger, plan: @Sendable (_ toRun: Int, _ alreadyFinished: Int) -> Void = { _, _ in },
        progress: @escaping @Sendable (EvalProgress) -> Void
    ) async throws -> RunSummary {
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw EpisodeError(task: nil, kind: .badInput, message: "cannot create the run folder \(output.path): \(error)")
        }
        let store = try RunStore(path: Self.storeURL(in: output), logger: logger)
        let run = try await store.startRun(configuration)
        let pending = try await store.pendingTasks(tasks.map(\.task), in: run)
        plan(pending.count, tasks.count - pending.count)
        let files = Dictionary(tasks.map { ($0.task, $0.url) }, uniquingKeysWith: { first, _ in first })
        let tracker = EvalProgressTracker(total: pending.count, skipped: tasks.count - pending.count)
        let queue = WorkQueue(pending)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<Swift.max(1, Swift.min(parallel, pending.count)) {
                group.addTask {
                    while !Task.isCancelled, let task = await queue.next() {
                        guard let file = files[task] else { continue }
                        let outcome = try await runEpisode(task, file: file, store: store, run: run, logger: logger)
                        if let outcome { progress(await tracker.finished(task, outcome: outcome)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        if !Task.isCancelled { try await store.finishRun(run) }
        return try await store.summary(of: run)
    }

    /// Runs `task` up to ``attempts`` times while the environment fails; nil when interrupted.
    private func runEpisode(
        _ task: EvalTask, file: URL, store: RunStore, run: RunRecord,
        logger: Logger
    ) async throws -> EpisodeResult? {
        var result: EpisodeResult?
        for _ in 0..<Swift.max(1, attempts) {
            let folder = output.appendingPathComponent(task.domain).appendingPathComponent(task.id)
            try? FileManager.default.removeItem(at: folder)
            let attempt = try await store.markRunning(task, in: run, folder: folder)
            let episodeLogger = {
                var tagged = logger; tagged[metadataKey: "task"] = "\(task.domain)/\(task.id)"; return tagged
            }()
            var runner = EpisodeRunner(
                taskFile: file, agent: agent, output: folder, vmConfigsFolder: vmConfigsFolder,
                maxSteps: maxSteps, evaluator: evaluator
            ) { step in
                do {
                    try await store.recordStep(TrajectoryFile.record(step), for: attempt)
                } catch {
                    episodeLogger.warning("step not stored", metadata: ["error": "\(error)"])
                }
            }
            runner.observationType = observationType
            let outcome: EpisodeResult
            do {
                outcome = try await runner.run(logger: episodeLogger)
            } catch {
                // A task file or agent that cannot work at all: record it and go on with the others.
                var failed = EpisodeResult(taskID: task.id, agent: agent.name, folder: folder)
                failed.environmentError = "\(error)"
                try await store.finishEpisode(
                    attempt,
                    outcome: EpisodeOutcome(
                        failed, instruction: task.instruction,
                        errorKind: "bad_input"))
                return failed
            }
            // An episode cut short by the cancellation (between steps, or a session start or setup
            // step that the cancellation broke) stays `running` in the store, for the next run.
            if outcome.errorPhase == .interrupted || Task.isCancelled { return nil }
            try await store.finishEpisode(
                attempt,
                outcome: EpisodeOutcome(
                    outcome, instruction: task.instruction,
                    errorKind: outcome.errorPhase?.rawValue))
            result = outcome
            if outcome.environmentError == nil || Task.isCancelled { break }
            logger.warning(
                "environment error; trying the task again",
                metadata: ["task": "\(task.domain)/\(task.id)", "error": "\(outcome.environmentError ?? "")"])
        }
        return result
    }
}

/// A task file of a suite, with the key the run store knows it by.
public struct EvalTaskFile: Sendable, Hashable {
    public var url: URL
    public var task: EvalTask

    public init(url: URL, task: EvalTask) {
        self.url = url
        self.task = task
    }
}

/// Hands tasks to the workers one at a time.
private actor WorkQueue {
    private var tasks: [EvalTask]
    init(_ tasks: [EvalTask]) { self.tasks = tasks.reversed() }
    func next() -> EvalTask? { tasks.popLast() }
}

extension EpisodeOutcome {
    init(_ result: EpisodeResult, instruction: String?, errorKind: String?) {
        self.init(
            taskID: result.taskID, instruction: instruction, score: result.score, steps: result.steps, agent: result.agent,
            environmentError: result.environmentError, errorKind: result.environmentError == nil ? nil : errorKind,
            metrics: result.evaluation?.metrics.map { MetricVerdict(name: $0.name, score: $0.score, reason: $0.reason) } ?? [],
            decidedBy: result.evaluation?.decidedBy)
    }
}
