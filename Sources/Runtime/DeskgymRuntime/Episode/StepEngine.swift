import DeskgymActions
import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTasks
import DeskgymTrajectory
import Foundation
import Logging

/// The one step engine: `deskgym run` and `eval` (``EpisodeRunner``, replays included), the
/// server's sessions and any other front end carry out an episode's steps here, so that a step
/// means the same everywhere: read → check → carry out → settle → health → observe → record.
///
/// One rule for each case:
/// - **Refused answer** (the grammar cannot read the text): the step counts, nothing is carried
///   out, ``StepOutcome/problem`` says why, and the screen is observed again (it may have changed
///   on its own), so every step that did not break the desktop has an observation.
/// - **Refused action** (an action fails its checks: a point off the screen, a bad count or
///   time-out): every action of the step is checked before the first is carried out, so nothing of
///   the step is carried out; as for a refused answer, the step counts, says why and observes.
/// - **DONE / FAIL**: the actions before it are carried out and observed (DONE and FAIL themselves
///   never are); the episode ends with ``StepOutcome/End/terminal`` and the caller evaluates with
///   ``lastAction``.
/// - **Environment error** (carrying out, the health check or the capture fails): the step is
///   recorded with the error and no observation; the episode ends with
///   ``StepOutcome/End/environmentError(_:)`` and the caller stops the session.
/// - **Deadline** (``DesktopSession/defaultStepDeadline``, ten minutes; only shell commands can
///   take that long): the actions carried out before it stay carried out and are recorded as
///   executed, the rest are not; the step counts, ``StepOutcome/problem`` says so, and the screen
///   is observed.
/// - **Max steps**: the step that reaches ``maxSteps`` ends the episode with
///   ``StepOutcome/End/maxSteps``; the caller evaluates.
/// - **Cancellation**: a step asked for after its task was cancelled carries out nothing and ends
///   the episode with ``StepOutcome/End/interrupted``; a step under way finishes (input is never
///   half-sent).
///
/// After the episode ended, further steps are refused by the caller (``isDone``).
public struct StepEngine: Sendable {
    /// The desktop the steps act on.
    public let session: DesktopSession
    /// How long to wait for the screen to settle after each step.
    public let settle: SettlePolicy
    /// The steps the episode allows; nil: no limit (a served session without one).
    public let maxSteps: Int?
    /// The size observations are captured at for the agent (the captured pixels scaled once, before
    /// the PNG encode); nil: the screen's size.
    public let observationSize: Size?
    /// The longest one step may take (``DesktopSession/defaultStepDeadline`` unless given).
    public let stepDeadline: Duration
    /// Steps taken, refused ones included.
    public private(set) var steps = 0
    /// The last action of the last step carried out, for the evaluator (FAIL decides the score).
    public private(set) var lastAction: Action?
    /// Why the episode ended; nil while it runs.
    public private(set) var end: StepOutcome.End?

    /// An engine for a new episode on `session`, with the session's settle policy unless given.
    public init(
        session: DesktopSession, settle: SettlePolicy? = nil, maxSteps: Int? = nil, observationSize: Size? = nil,
        stepDeadline: Duration = DesktopSession.defaultStepDeadline
    ) {
        self.session = session
        self.stepDeadline = stepDeadline
        self.settle = settle ?? session.config.settle.policy
        self.maxSteps = maxSteps
        self.observationSize = observationSize
    }

    /// Whether the episode has ended (DONE or FAIL, max steps, an environment error, an interruption).
    public var isDone: Bool { end != nil }

    /// The file name of the screenshot recorded after step `index`.
    public static func screenshotName(_ index: Int) -> String {
        String(format: "step-%04d.png", index)
    }

    /// Runs the task's setup steps, checks the desktop's health, waits for the screen to settle and
    /// observes: the observation before the first step (step 0), with its record.
    ///
    /// - Parameter settled: the desktop was handed over settled (a warm pool's); without setup
    ///   steps, the wait is skipped.
    public func begin(
        setup: [SetupStep], context: TaskContext, settled: Bool = false,
        logger: Logger
    ) async throws -> (observation: Observation, record: TrajectoryLine) {
        if !setup.isEmpty {
            try await SetupRunner.run(setup, phase: "config", context: context)
        }
        try await session.checkHealth()
        var settleMilliseconds = 0.0
        var unsettled: [String] = []
        if !settled || !setup.isEmpty {
            if let outcome = try await session.performAndSettle([], policy: settle) {
                settleMilliseconds = outcome.waited.milliseconds
                unsettled = outcome.unsettled
                logger.debug(
                    "first observation settled",
                    metadata: [
                        "waited": "\(outcome.waited)", "events": "\(outcome.damageEvents)", "hit_cap": "\(outcome.hitCap)",
                    ])
            }
        }
        var observation = try session.desktop.observe(cursor: false, scaledTo: observationSize)
        observation.settleMilliseconds = settleMilliseconds
        observation.unsettled = unsettled
        var record = TrajectoryLine(step: 0, environmentMilliseconds: 0)
        Self.attach(observation, to: &record)
        return (observation, record)
    }

    /// Carries out one step under the rules above.
    public mutating func step(_ answer: StepAnswer) async -> StepOutcome {
        steps += 1
        var record = TrajectoryLine(
            step: steps, actionText: answer.text, grammar: answer.grammarName,
            coordinates: answer.coordinates?.rawValue, thought: answer.thought, executed: [],
            environmentMilliseconds: 0, modelMilliseconds: answer.modelMilliseconds,
            usage: answer.usage.map(TrajectoryLine.Usage.init), requests: answer.requests.map(TrajectoryLine.Request.init),
            extra: answer.extra)
        if Task.isCancelled {
            let reason = "interrupted after \(steps - 1) steps"
            record.error = reason
            end = .interrupted
            return StepOutcome(record: record, observation: nil, problem: nil, end: .interrupted)
        }
        var problem: String?
        var actions: [Action] = []
        switch answer.content {
        case .actions(let given):
            actions = given
        case .text(let text, let grammar):
            do {
                actions = try grammar.parse(text)
            } catch {
                problem = "the answer could not be read: \(error)"
            }
        }
        record.actions = actions
        let clock = ContinuousClock()
        let started = clock.now
        do {
            var observation: Observation
            if problem == nil {
                do {
                    observation = try await session.step(
                        actions, settle: settle, deadline: stepDeadline, scaledTo: observationSize)
                    lastAction = actions.last
                    record.executed = actions.filter { !$0.isTerminal }
                } catch let error as ActionError {
                    problem = "an action was refused: \(error)"
                    observation = try session.desktop.observe(cursor: false, scaledTo: observationSize)
                } catch let error as StepDeadlineError {
                    // Carried out in part: the record says which actions ran.
                    problem = "\(error)"
                    observation = error.observation
                    let executed = Array(actions.filter { !$0.isTerminal }.prefix(error.carriedOut))
                    record.executed = executed
                    lastAction = executed.last
                }
            } else {
                observation = try session.desktop.observe(cursor: false, scaledTo: observationSize)
            }
            try await session.checkHealth()
            record.environmentMilliseconds = (clock.now - started).milliseconds
            record.error = problem
            Self.attach(observation, to: &record)
            if problem == nil, actions.last?.isTerminal == true {
                end = .terminal
            } else if let maxSteps, steps >= maxSteps {
                end = .maxSteps
            }
            record.done = end != nil
            return StepOutcome(record: record, observation: observation, problem: problem, end: end)
        } catch {
            let message = "step \(steps): \(await Self.cause(of: error, on: session))"
            record.environmentMilliseconds = (clock.now - started).milliseconds
            record.error = problem ?? message
            record.done = true
            end = .environmentError(message)
            return StepOutcome(record: record, observation: nil, problem: problem, end: end)
        }
    }

    /// Waits for the session's programs to go idle, then runs the task's evaluator on the desktop as
    /// it is, with ``lastAction``.
    public func evaluate(
        _ task: OSWorldTask, with evaluator: TaskEvaluator,
        context: TaskContext
    ) async -> (
        evaluation: TaskEvaluation, idleWaitMilliseconds: Double,
        evaluationMilliseconds: Double
    ) {
        let idle = await context.waitForIdleSession(taskID: task.id)
        let clock = ContinuousClock()
        let started = clock.now
        let evaluation = await evaluator.evaluate(task, lastAction: lastAction, context: context)
        return (evaluation, idle?.waited.milliseconds ?? 0, (clock.now - started).milliseconds)
    }

    /// Fills the observation's part of a record: its screenshot name, settle time, windows and
    /// what the step's commands printed.
    static func attach(_ observation: Observation, to record: inout TrajectoryLine) {
        record.screenshot = screenshotName(record.step)
        record.settleMilliseconds = observation.settleMilliseconds
        record.unsettled = observation.unsettled.isEmpty ? nil : observation.unsettled
        record.windows = observation.windows.map(TrajectoryLine.Window.init)
        record.commands = observation.commands
    }

    /// The most telling description of a desktop failure: the health check names the process that
    /// died, its pid and signal, where the X error only says the connection is gone. Xvfb may take a
    /// moment to be reapable after its clients see it go, hence a few tries.
    public static func cause(of error: any Error, on session: DesktopSession?) async -> String {
        guard let session else { return "\(error)" }
        for _ in 0..<20 {
            do {
                try await session.checkHealth()
            } catch {
                return "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return "\(error)"
    }
}
