import DeskgymActions
import DeskgymCore
import DeskgymSandbox
import DeskgymRuntime
import DeskgymTasks
import Foundation

extension ServedSession {
    /// Carries out one step: reads the action text (a refused text counts as a step and says
    /// why), carries out the actions, settles, checks the desktop's health and observes. DONE or
    /// FAIL ends the episode and runs the evaluator; its score is the reward. A desktop that
    /// broke ends the session: the answer has `info.environment_error`, no observation, and
    /// `done`.
    func step(_ input: StepInput) async throws(APIError) -> StepPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        guard !done else {
            throw APIError(status: 409, code: "episode_done",
                           message: "session '\(id)' finished its episode at step \(steps); reset it to start another")
        }
        let image = input.image ?? self.image
        steps += 1
        var info: StepPayload.Info
        let actions: [Action]
        var problem: String?
        switch input.source {
        case .actions(let given):
            info = StepPayload.Info(grammar: Computer13Grammar.name)
            actions = given
        case .text(let text, let override):
            let grammar = override.map { $0.grammar(screen: screenSize, image: observationSize) } ?? self.grammar
            info = StepPayload.Info(grammar: grammar.name)
            do {
                actions = try grammar.parse(text)
            } catch {
                actions = []
                problem = "the action could not be read: \(error)"
            }
        }
        info.actions = actions.map(Self.json)
        var record = EpisodeStep(index: steps, text: input.text, grammar: info.grammar, actions: actions,
                                 modelMilliseconds: input.modelMilliseconds ?? 0)
        record.extra = input.extra
        record.executed = []
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let observation: Observation
            if problem == nil {
                do {
                    observation = try await desktop.step(actions, settle: settlePolicy)
                    lastAction = actions.last
                    record.executed = actions.filter { !$0.isTerminal }
                } catch let error as ActionError {
                    problem = "an action was refused: \(error)"
                    observation = try desktop.desktop.observe()
                }
            } else {
                observation = try desktop.desktop.observe()
            }
            try await desktop.checkHealth()
            info.envMilliseconds = (clock.now - started).milliseconds
            info.settleMilliseconds = observation.settleMilliseconds
            info.error = problem
            var reward = 0.0
            var verdict: TaskEvaluation?
            if problem == nil, actions.last?.isTerminal == true {
                done = true
                verdict = await evaluation(desktop: desktop)
                let evaluation = verdict.map(EvaluationPayload.init)
                info.evaluation = evaluation
                reward = evaluation?.error == nil ? evaluation?.score ?? 0 : 0
            }
            record.environmentMilliseconds = info.envMilliseconds
            record.error = problem
            record.reward = reward
            record.done = done
            // Scaled once, for the answer and the records alike.
            let shown = records != nil || image == .base64 ? try shownScreenshot(observation) : nil
            records?.record(record, observation: observation, screenshot: shown?.png, evaluation: verdict, logger: logger)
            return StepPayload(observation: try payload(observation, step: steps, image: image, shown: shown), reward: reward,
                               done: done, info: info)
        } catch {
            let message = "step \(steps): \(await Self.cause(of: error, on: desktop))"
            info.environmentError = message + " (the session was stopped)"
            info.error = problem
            info.envMilliseconds = (clock.now - started).milliseconds
            record.environmentMilliseconds = info.envMilliseconds
            record.error = problem ?? info.environmentError
            record.reward = 0
            record.done = true
            records?.record(record, observation: nil, screenshot: nil, evaluation: nil, logger: logger)
            await end(reason: "environment error: \(message)")
            return StepPayload(observation: nil, reward: 0, done: true, info: info)
        }
    }

    /// Runs the task's evaluator now, on the desktop as it is; nil without a task.
    func evaluation(desktop: DesktopSession) async -> TaskEvaluation? {
        guard let task else { return nil }
        let context = context(desktop)
        _ = await context.waitForIdleSession(taskID: task.task.id)
        return await evaluator.evaluate(task.task, lastAction: lastAction, context: context)
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
    func observe(image override: ImageMode?) async throws(APIError) -> ObservationPayload {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        do {
            try await desktop.checkHealth()
            return try payload(try desktop.desktop.observe(), step: steps, image: override ?? image)
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

    /// An action as a computer_13 JSON object, for the step's `info.actions`.
    static func json(_ action: Action) -> JSONValue {
        let text = Computer13Grammar().format([action])
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
    }
}
