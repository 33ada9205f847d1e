import DeskgymAccessibilityTree
import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymImage
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTasks
import DeskgymTrajectory
import DeskgymX11
import Foundation
import Logging

/// Runs one task end to end: a session from the task's vm-config, its setup steps, the agent's
/// steps with an observation after each, the evaluator, and the trajectory folder:
/// `trajectory.jsonl` (one line a step), `step-NNNN.png` (the observation after each step, 0 the
/// first), and `result.json`.
public struct EpisodeRunner: Sendable {
    public var taskFile: URL
    public var agent: any Agent
    public var output: URL
    /// Where `deskgym.vm_config` names are looked up (`<name>.yaml`).
    public var vmConfigsFolder: URL
    public var maxSteps: Int
    public var evaluator: TaskEvaluator
    /// Called after each step is written to the trajectory (the eval runner stores it).
    public var onStep: (@Sendable (TrajectoryLine) async -> Void)?
    /// What each observation carries besides the screen: with the tree, the agent gets OSWorld's
    /// linearized table and the trajectory keeps the XML per step (`step-NNNN.a11y.xml.gz`); with
    /// `som`, the agent sees the screenshot with OSWorld's numbered boxes and the marks table, and
    /// its answer may name a mark (`tag_N`, `"mark": N`). The trajectory keeps the plain screenshot.
    public var observationType: ObservationType = .screenshot

    public init(
        taskFile: URL, agent: any Agent, output: URL, vmConfigsFolder: URL, maxSteps: Int = 15,
        evaluator: TaskEvaluator, onStep: (@Sendable (TrajectoryLine) async -> Void)? = nil
    ) {
        self.taskFile = taskFile
        self.agent = agent
        self.output = output
        self.vmConfigsFolder = vmConfigsFolder
        self.maxSteps = maxSteps
        self.evaluator = evaluator
        self.onStep = onStep
    }

    /// Runs the episode. Throws only for bad input (the task file, its vm-config, an agent that
    /// cannot work on the task); whatever the environment does wrong is in the result.
    public func run(logger: Logger) async throws(EpisodeError) -> EpisodeResult {
        let clock = ContinuousClock()
        let started = clock.now
        let task: OSWorldTask
        do {
            task = try OSWorldTask.load(from: taskFile)
        } catch {
            throw EpisodeError(task: nil, kind: .badInput, message: "\(error)")
        }
        let config = try vmConfig(for: task)
        do {
            try FileManager.default.createDirectory(at: output.appendingPathComponent("cache"), withIntermediateDirectories: true)
        } catch {
            throw EpisodeError(task: task.id, kind: .badInput, message: "cannot create \(output.path): \(error)")
        }
        let episode: any AgentEpisode
        do {
            episode = try await agent.startEpisode(agentTask(task, screen: config.screen.size))
        } catch {
            if error.kind == .badInput { throw EpisodeError(task: task.id, kind: .badInput, message: "\(error)") }
            var result = EpisodeResult(taskID: task.id, agent: agent.name, folder: output)
            result.environmentError = "agent: \(error)"
            result.errorPhase = .agent
            return finish(result, task: task, recorder: TrajectoryRecorder(folder: output), started: started)
        }
        let recorder = TrajectoryRecorder(folder: output)
        var result = EpisodeResult(taskID: task.id, agent: agent.name, folder: output)
        let pages = try await startPageServer(for: task, logger: logger)
        let resetStarted = ContinuousClock.now
        let session: DesktopSession
        do {
            session = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await pages?.stop()
            result.environmentError = "session start: \(error)"
            result.errorPhase = .setup
            return finish(result, task: task, recorder: recorder, started: started)
        }
        await drive(
            task, episode: episode, session: session, pagesURL: pages?.baseURL, recorder: recorder,
            resetStarted: resetStarted, result: &result, logger: logger)
        await session.stop()
        await pages?.stop()
        return finish(result, task: task, recorder: recorder, started: started)
    }

    /// Drives the episode through the ``StepEngine``: setup and the first observation, the agent's
    /// steps until DONE/FAIL, max steps, an environment error or cancellation, then the evaluator.
    private func drive(
        _ task: OSWorldTask, episode: any AgentEpisode, session: DesktopSession, pagesURL: URL?,
        recorder: TrajectoryRecorder, resetStarted: ContinuousClock.Instant, result: inout EpisodeResult,
        logger: Logger
    ) async {
        let clock = ContinuousClock()
        let context = TaskContext(
            session: session, cacheFolder: output.appendingPathComponent("cache"),
            taskFolder: taskFile.deletingLastPathComponent(), pagesURL: pagesURL, logger: logger)
        var engine = StepEngine(session: session, maxSteps: maxSteps)
        var observation: Observation
        var tree = ObservedTree()
        do {
            let first = try await engine.begin(setup: task.config, context: context, logger: logger)
            observation = first.observation
            result.resetMilliseconds = (clock.now - resetStarted).milliseconds
            tree = await readTree(session, observation: observation)
            try await record(first.record, png: observation.screenshot.png, tree: tree, recorder: recorder)
        } catch {
            result.environmentError = "setup: \(error)"
            result.errorPhase = .setup
            return
        }
        var problem: String?
        while !engine.isDone {
            if Task.isCancelled {
                result.environmentError = "interrupted after \(result.steps) steps"
                result.errorPhase = .interrupted
                return
            }
            let index = engine.steps + 1
            let turn: AgentTurn
            do {
                guard
                    let answer = try await episode.next(
                        AgentObservation(
                            step: index, screenshot: tree.markedScreenshot ?? observation.screenshot,
                            windows: observation.windows,
                            previousProblem: problem,
                            commands: observation.commands, accessibilityTree: tree.table, accessibilityNote: tree.note))
                else { break }
                turn = answer
            } catch {
                result.environmentError = "agent at step \(index): \(error)"
                result.errorPhase = .agent
                try? await record(
                    TrajectoryLine(step: index, requests: error.requests.map(TrajectoryLine.Request.init), error: "\(error)"), png: nil,
                    recorder: recorder)
                return
            }
            // Marks name places on the observation the agent answered.
            let grammar = tree.markCentres.map { markedGrammar(episode.grammar, centres: $0) } ?? episode.grammar
            let outcome = await engine.step(
                StepAnswer(
                    .text(turn.text, grammar: grammar), thought: turn.thought,
                    modelMilliseconds: turn.modelMilliseconds, usage: turn.usage,
                    requests: turn.requests))
            result.steps = engine.steps
            result.modelMilliseconds += turn.modelMilliseconds
            result.environmentMilliseconds += outcome.record.environmentMilliseconds ?? 0
            if let next = outcome.observation {
                tree = await readTree(session, observation: next)
            } else {
                tree = ObservedTree()
            }
            try? await record(outcome.record, png: outcome.observation?.screenshot.png, tree: tree, recorder: recorder)
            problem = outcome.problem
            switch outcome.end {
            case .environmentError(let message):
                result.environmentError = message
                result.errorPhase = .step
                return
            case .interrupted:
                result.environmentError = "interrupted after \(result.steps - 1) steps"
                result.errorPhase = .interrupted
                return
            case .terminal, .maxSteps, nil:
                break
            }
            if let next = outcome.observation { observation = next }
        }
        let verdict = await engine.evaluate(task, with: evaluator, context: context)
        result.idleWaitMilliseconds = verdict.idleWaitMilliseconds
        result.evaluationMilliseconds = verdict.evaluationMilliseconds
        result.evaluation = verdict.evaluation
        result.score = verdict.evaluation.score
        if let error = verdict.evaluation.error {
            result.environmentError = "evaluation: \(error)"
            result.errorPhase = .evaluation
        }
    }

    private func record(_ step: TrajectoryLine, png: Data?, tree: ObservedTree = ObservedTree(), recorder: TrajectoryRecorder) async throws
    {
        try recorder.record(step, png: png, accessibilityXML: tree.xml)
        await onStep?(step)
    }

    /// An observation's tree: its XML for the trajectory, its table for the agent, and why it is
    /// incomplete or missing.
    struct ObservedTree: Sendable {
        var xml: String?
        /// What the agent reads: the linearized tree, or with `som` the marks table.
        var table: String?
        var note: String?
        /// With `som`: the screenshot with the marks drawn, and where each mark's centre is.
        var markedScreenshot: Screenshot?
        var markCentres: [Int: Point]?
    }

    /// The desktop's tree when the observation type reads one, and for `som` the marks of
    /// `observation`. A tree that cannot be read is not an environment error (the desktop still
    /// works): the agent is told why.
    private func readTree(_ session: DesktopSession, observation: Observation) async -> ObservedTree {
        guard observationType.readsTree else { return ObservedTree() }
        let tree: AccessibilityTree
        do {
            tree = try await session.accessibilityTree()
        } catch {
            return ObservedTree(note: "no accessibility tree: \(error)")
        }
        var observed = ObservedTree(
            xml: tree.osworldXML(), table: tree.linearized(),
            note: tree.truncated ? "the tree is incomplete: \(tree.truncation ?? "a cap was reached")" : nil)
        guard observationType == .som else { return observed }
        do {
            let marks = SetOfMarks(tree: tree, screenshot: try PNGDecoder.decode(observation.screenshot.png))
            let png = try marks.image.pngData()
            observed.table = marks.table
            observed.markedScreenshot = Screenshot(png: png, size: observation.screenshot.size)
            observed.markCentres = Dictionary(marks.marks.map { ($0.number, $0.box.center) }) { first, _ in first }
        } catch {
            observed.note = "set-of-marks: \(error)"
        }
        return observed
    }

    private func finish(
        _ result: EpisodeResult, task: OSWorldTask, recorder: TrajectoryRecorder,
        started: ContinuousClock.Instant
    ) -> EpisodeResult {
        var result = result
        result.wallMilliseconds = (ContinuousClock.now - started).milliseconds
        if result.environmentError != nil { result.score = 0 }
        try? recorder.writeResult(result, instruction: task.instruction)
        return result
    }

    private func agentTask(_ task: OSWorldTask, screen: Size) -> AgentTask {
        let solution = task.deskgym?.referenceSolution.map {
            ScriptedAnswers(grammar: $0.grammar.rawValue, texts: $0.stepTexts)
        }
        return AgentTask(
            id: task.id, instruction: task.instruction, screen: screen, referenceSolution: solution, observationType: observationType)
    }

    /// The task's vm-config: `deskgym.vm_config` as a name in ``vmConfigsFolder`` or a path
    /// relative to the task file; the default config when the task names none.
    private func vmConfig(for task: OSWorldTask) throws(EpisodeError) -> VMConfig {
        let url = DeskgymExtension.vmConfigFile(
            task.deskgym?.vmConfig ?? "default", vmConfigsFolder: vmConfigsFolder,
            taskFolder: taskFile.deletingLastPathComponent())
        do {
            return try VMConfig.load(from: url)
        } catch {
            throw EpisodeError(task: task.id, kind: .badInput, message: "deskgym.vm_config: \(error)")
        }
    }
}
