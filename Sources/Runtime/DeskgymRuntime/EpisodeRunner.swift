import DeskgymActions
import DeskgymCore
import DeskgymSandbox
import DeskgymTasks
import DeskgymX11
import Foundation
import Logging

/// Runs one task end to end: a session from the task's vm-config, its setup steps, the agent's
/// steps with an observation after each, the evaluator, and the trajectory folder:
/// `trajectory.jsonl` (one line a step), `step-NNNN.png` (the observation after each step, 0 the
/// first), and `result.json`.
public struct EpisodeRunner: Sendable {
    /// The outcome of one episode.
    public struct Result: Sendable {
        public var taskID: String
        public var score: Double
        public var evaluation: TaskEvaluation?
        public var steps: Int
        public var folder: URL
        /// Set when the environment failed (setup, a crashed app or X server, the evaluator's
        /// postconfig or getters): the score then says nothing about the agent.
        public var environmentError: String?
    }

    public var taskFile: URL
    public var agent: EpisodeAgent
    public var output: URL
    /// Where `deskgym.vm_config` names are looked up (`<name>.yaml`).
    public var vmConfigsFolder: URL
    public var maxSteps: Int
    public var evaluator: TaskEvaluator

    public init(taskFile: URL, agent: EpisodeAgent, output: URL, vmConfigsFolder: URL, maxSteps: Int = 15,
                evaluator: TaskEvaluator) {
        self.taskFile = taskFile
        self.agent = agent
        self.output = output
        self.vmConfigsFolder = vmConfigsFolder
        self.maxSteps = maxSteps
        self.evaluator = evaluator
    }

    public func run(logger: Logger) async throws(EpisodeError) -> Result {
        let task: OSWorldTask
        do {
            task = try OSWorldTask.load(from: taskFile)
        } catch {
            throw EpisodeError(task: nil, kind: .badInput, message: "\(error)")
        }
        let answers = try agent.answers(for: task, source: taskFile.path)
        let config = try vmConfig(for: task)
        do {
            try FileManager.default.createDirectory(at: output.appendingPathComponent("cache"), withIntermediateDirectories: true)
        } catch {
            throw EpisodeError(task: task.id, kind: .badInput, message: "cannot create \(output.path): \(error)")
        }
        let recorder = TrajectoryRecorder(folder: output)
        let pages = try await startPageServer(for: task, logger: logger)
        let session: DesktopSession
        do {
            session = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await pages?.stop()
            return finish(task: task, score: 0, evaluation: nil, steps: 0, environmentError: "session start: \(error)", recorder: recorder)
        }
        let result = await drive(task, answers: answers, session: session, pagesURL: pages?.baseURL, recorder: recorder,
                                 logger: logger)
        await session.stop()
        await pages?.stop()
        return result
    }

    private func drive(_ task: OSWorldTask, answers: [(grammar: String, text: String)], session: DesktopSession,
                       pagesURL: URL?, recorder: TrajectoryRecorder, logger: Logger) async -> Result {
        let context = TaskContext(session: session, cacheFolder: output.appendingPathComponent("cache"),
                                  taskFolder: taskFile.deletingLastPathComponent(), pagesURL: pagesURL, logger: logger)
        let policy = SettlePolicy(quiet: session.config.settle.quiet, cap: session.config.settle.maximum)
        do {
            try await SetupRunner.run(task.config, phase: "config", context: context)
            try session.checkHealth()
            try await session.desktop.perform([], settle: policy)
            try recorder.record(step: 0, text: nil, grammar: nil, actions: [], observation: try session.desktop.observe(),
                                environmentMilliseconds: 0, error: nil)
        } catch {
            return finish(task: task, score: 0, evaluation: nil, steps: 0, environmentError: "setup: \(error)", recorder: recorder)
        }
        var lastAction: Action?
        var steps = 0
        for (grammarName, text) in answers.prefix(maxSteps) {
            steps += 1
            let clock = ContinuousClock()
            let started = clock.now
            let actions: [Action]
            do {
                actions = try ActionGrammars.named(grammarName).parse(text)
            } catch {
                // An answer the grammar refuses is the agent's failure, not the environment's.
                try? recorder.record(step: steps, text: text, grammar: grammarName, actions: [], observation: nil,
                                     environmentMilliseconds: 0, error: "\(error)")
                continue
            }
            lastAction = actions.last
            do {
                let acting = actions.filter { !$0.isTerminal }
                let observation = try await session.desktop.step(acting, settle: policy)
                try session.checkHealth()
                try recorder.record(step: steps, text: text, grammar: grammarName, actions: actions, observation: observation,
                                    environmentMilliseconds: (clock.now - started).milliseconds, error: nil)
            } catch let error as ActionError {
                try? recorder.record(step: steps, text: text, grammar: grammarName, actions: actions, observation: nil,
                                     environmentMilliseconds: (clock.now - started).milliseconds, error: "\(error)")
            } catch {
                return finish(task: task, score: 0, evaluation: nil, steps: steps, environmentError: "step \(steps): \(error)",
                              recorder: recorder)
            }
            if lastAction?.isTerminal == true { break }
        }
        let evaluation = await evaluator.evaluate(task, lastAction: lastAction, context: context)
        return finish(task: task, score: evaluation.score, evaluation: evaluation, steps: steps,
                      environmentError: evaluation.error.map { "evaluation: \($0)" }, recorder: recorder)
    }

    private func finish(task: OSWorldTask, score: Double, evaluation: TaskEvaluation?, steps: Int, environmentError: String?,
                        recorder: TrajectoryRecorder) -> Result {
        let result = Result(taskID: task.id, score: score, evaluation: evaluation, steps: steps, folder: output,
                            environmentError: environmentError)
        try? recorder.writeResult(result, instruction: task.instruction, agent: agent)
        return result
    }

    /// The task's vm-config: `deskgym.vm_config` as a name in ``vmConfigsFolder`` or a path
    /// relative to the task file; the default config when the task names none.
    private func vmConfig(for task: OSWorldTask) throws(EpisodeError) -> VMConfig {
        let name = task.deskgym?.vmConfig ?? "default"
        let url: URL
        if name.contains("/") || name.hasSuffix(".yaml") {
            url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : taskFile.deletingLastPathComponent().appendingPathComponent(name)
        } else {
            url = vmConfigsFolder.appendingPathComponent("\(name).yaml")
        }
        do {
            return try VMConfig.load(from: url)
        } catch {
            throw EpisodeError(task: task.id, kind: .badInput, message: "deskgym.vm_config: \(error)")
        }
    }
}

extension Duration {
    /// Milliseconds as a Double.
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
