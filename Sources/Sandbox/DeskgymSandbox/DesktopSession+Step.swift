import DeskgymCore
import DeskgymX11

extension DesktopSession {
    /// The time-out of a shell command that names none.
    public static let defaultCommandTimeout = Duration.seconds(60)
    /// The longest one step may take, unless the caller says otherwise: ten minutes. An answer
    /// may hold a thousand commands of an hour each; the step stops at its deadline instead.
    public static let defaultStepDeadline = Duration.seconds(600)

    /// Carries out one step's actions in order: display actions through the display driver, shell
    /// commands (``Action/runCommand(_:)``) in the session, as ``run(_:timeout:)`` runs them. Then
    /// waits for the screen to settle and observes; the observation carries what the commands
    /// printed. DONE and FAIL are not carried out (the caller decides what they mean).
    ///
    /// Every action is checked first (points on the screen, click counts, time-outs): a refused one
    /// throws ``ActionError`` before anything is carried out. A shell command that fails or times
    /// out is not an error (its result says so).
    ///
    /// The step ends at `deadline`: a command running then is ended, each command's time-out is
    /// cut to what is left, and the actions not yet carried out are not; the step then throws
    /// ``StepDeadlineError`` with the screen as it is. (Display actions alone are bounded by the
    /// grammars' caps: at most five minutes of waits and ten thousand typed characters.)
    ///
    /// - Parameter size: scale the observation's screenshot to this size; nil: the screen's.
    public func step(
        _ actions: [Action], settle policy: SettlePolicy,
        commandTimeout: Duration = defaultCommandTimeout, deadline: Duration = defaultStepDeadline,
        scaledTo size: Size? = nil
    ) async throws -> Observation {
        let carried = actions.filter { !$0.isTerminal }
        // All or nothing: a refused action must not leave the ones before it carried out.
        for action in carried { try action.validate(on: desktop.screenSize) }
        guard carried.contains(where: \.isShellCommand) else {
            return try await observeSettled(after: carried, policy: policy, scaledTo: size)
        }
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var results: [CommandResult] = []
        var pending: [Action] = []
        var done = 0
        for action in carried {
            guard case .runCommand(let shell) = action else {
                pending.append(action)
                continue
            }
            guard clock.now < end else { break }
            if !pending.isEmpty {
                if let x11 = desktop as? X11Desktop {
                    try await perform(pending, on: x11, settlingBetween: policy)
                } else {
                    try await desktop.perform(pending, settle: nil)
                }
                done += pending.count
                pending = []
            }
            let left = clock.now.duration(to: end)
            guard left > .zero else { break }
            let timeout = shell.timeoutSeconds.map { Duration.milliseconds(Int64(($0 * 1000).rounded())) } ?? commandTimeout
            results.append(try await run(shell.command, timeout: min(timeout, left)))
            done += 1
        }
        if done + pending.count < carried.count || (!pending.isEmpty && clock.now >= end) {
            var observation = try desktop.observe(cursor: false, scaledTo: size)
            observation.commands = results
            throw StepDeadlineError(deadline: deadline, carriedOut: done, total: carried.count, observation: observation)
        }
        var observation = try await observeSettled(after: pending, policy: policy, scaledTo: size)
        observation.commands = results
        return observation
    }

    /// Carries out `actions`, waits for `policy`'s signals (``performAndSettle(_:policy:)``) and
    /// observes; the observation says how long the wait took and what had not settled.
    public func observeSettled(
        after actions: [Action], policy: SettlePolicy, scaledTo size: Size? = nil
    ) async throws
        -> Observation
    {
        let outcome = try await performAndSettle(actions, policy: policy)
        var observation = try desktop.observe(cursor: false, scaledTo: size)
        observation.settleMilliseconds = (outcome?.waited ?? .zero).milliseconds
        observation.unsettled = outcome?.unsettled ?? []
        return observation
    }
}
