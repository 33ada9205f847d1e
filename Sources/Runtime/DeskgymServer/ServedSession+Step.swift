import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import DeskgymTasks
import DeskgymTrajectory
import Foundation

extension ServedSession {
    /// Carries out one step through the session's ``StepEngine`` (its rules: a refused text or
    /// action counts as a step, says why and observes; DONE or FAIL ends the episode and runs the
    /// evaluator, whose score is the reward). A desktop that broke ends the session: the answer has
    /// `info.environment_error`, no observation, and `done`.
    func step(_ input: StepInput) async throws(APIError) -> StepPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        guard var engine, !engine.isDone else {
            throw APIError(
                status: 409, code: "episode_done",
                message: "session '\(id)' finished its episode at step \(steps); reset it to start another")
        }
        let image = input.image ?? self.image
        let content: StepAnswer.Content
        switch input.source {
        case .actions(let given):
            content = .actions(given)
        case .text(let text, let override):
            let reader = override.map { $0.grammar(screen: screenSize, image: observationSize) } ?? grammar
            // Marks resolve when the observation answered had them (or the session draws them).
            let marked = observationType == .som || !markCentres.isEmpty
            content = .text(text, grammar: marked ? markedGrammar(reader, centres: markCentres) : reader)
        }
        let outcome = await engine.step(StepAnswer(content, modelMilliseconds: input.modelMilliseconds ?? 0, extra: input.extra))
        self.engine = engine
        var record = outcome.record
        var info = StepPayload.Info(grammar: record.grammar ?? Computer13Grammar.name)
        info.actions = record.actions.map { Computer13Action($0).json }
        info.envMilliseconds = record.environmentMilliseconds ?? 0
        info.error = outcome.problem
        if case .environmentError(let message) = outcome.end {
            info.environmentError = message + " (the session was stopped)"
            record.error = outcome.problem ?? info.environmentError
            record.reward = 0
            records?.record(record, screenshot: nil, evaluation: nil, logger: logger)
            await end(reason: "environment error: \(message)")
            return StepPayload(observation: nil, reward: 0, done: true, info: info)
        }
        guard let observation = outcome.observation else {
            // Cancelled before anything was carried out: the engine has ended the episode, so the
            // session ends too rather than answer every later step with `episode_done`.
            records?.record(record, screenshot: nil, evaluation: nil, logger: logger)
            await end(reason: "the step request was cancelled before it ran")
            throw APIError(status: 503, code: "cancelled", message: "the step was cancelled before it ran; the session ended")
        }
        info.settleMilliseconds = observation.settleMilliseconds
        info.settleUnsettled = observation.unsettled.isEmpty ? nil : observation.unsettled
        var reward = 0.0
        var verdict: TaskEvaluation?
        if outcome.end != nil {
            verdict = await evaluation(desktop: desktop)
            let evaluation = verdict.map(EvaluationPayload.init)
            info.evaluation = evaluation
            reward = evaluation?.error == nil ? evaluation?.score ?? 0 : 0
        }
        record.reward = reward
        // Captured at the observation size: the answer and the records show the same image.
        let observed = await payload(observation, step: steps, image: image, desktop: desktop, type: input.observationType)
        records?.record(
            record, screenshot: observation.screenshot.png, accessibilityXML: observed.accessibilityTree, evaluation: verdict,
            logger: logger)
        return StepPayload(
            observation: observed,
            reward: reward,
            done: outcome.end != nil, info: info)
    }

    /// Runs the task's evaluator now, on the desktop as it is; nil without a task.
    func evaluation(desktop: DesktopSession) async -> TaskEvaluation? {
        guard let task else { return nil }
        let engine = self.engine ?? StepEngine(session: desktop)
        return await engine.evaluate(task.task, with: evaluator, context: context(desktop)).evaluation
    }

    /// `POST /sessions/{id}/evaluate`: the verdict on the desktop as it is now.
    func evaluateNow() async throws(APIError) -> EvaluationPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        guard let evaluation = await evaluation(desktop: desktop).map(EvaluationPayload.init) else {
            throw APIError(status: 409, code: "no_task", message: "session '\(id)' runs no task, so there is nothing to evaluate")
        }
        return evaluation
    }

    /// `GET /sessions/{id}/observation`: the screen as it is, without acting.
    func observe(image override: ImageMode?, type: ObservationType? = nil) async throws(APIError) -> ObservationPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        do {
            try await desktop.checkHealth()
            let observation = try desktop.desktop.observe(cursor: false, scaledTo: observationSize)
            return await payload(observation, step: steps, image: override ?? image, desktop: desktop, type: type)
        } catch {
            throw await environmentFailure("observation", error)
        }
    }

    /// `POST /sessions/{id}/reset`: releases the desktop, takes a fresh one (for `config`, or the
    /// session's), runs the setup of `task` (or the session's task) and observes.
    func reset(task newTask: ServedTask?, config newConfig: VMConfig?) async throws(APIError) -> (ObservationPayload, String?) {
        try await enter()
        defer { leave() }
        let old = try requireDesktop()
        records?.endEpisode(reason: "reset after \(steps) steps", logger: logger)
        desktop = nil
        await factory.release(old, logger: logger)
        if let newTask { task = newTask }
        if var newConfig {
            if let screenOverride { newConfig.screen = screenOverride }
            config = newConfig
        }
        return (try await startDesktop(phase: "reset"), task?.task.instruction)
    }
}
