import DeskgymCore
import DeskgymX11

extension DesktopSession {
    /// The time-out of a shell command that names none.
    public static let defaultCommandTimeout = Duration.seconds(60)

    /// Carries out one step's actions in order: display actions through the display driver, shell
    /// commands (``Action/runCommand(_:)``) in the session, as ``run(_:timeout:)`` runs them. Then
    /// waits for the screen to settle and observes; the observation carries what the commands
    /// printed. DONE and FAIL are not carried out (the caller decides what they mean).
    ///
    /// Every action is checked first (points on the screen, click counts, time-outs): a refused one
    /// throws ``ActionError`` before anything is carried out. A shell command that fails or times
    /// out is not an error (its result says so).
    ///
    /// - Parameter size: scale the observation's screenshot to this size; nil: the screen's.
    public func step(
        _ actions: [Action], settle policy: SettlePolicy,
        commandTimeout: Duration = defaultCommandTimeout, scaledTo size: Size? = nil
    ) async throws -> Observation {
        let carried = actions.filter { !$0.isTerminal }
        // All or nothing: a refused action must not leave the ones before it carried out.
        for action in carried { try action.validate(on: desktop.screenSize) }
        guard carried.contains(where: \.isShellCommand) else {
            return try await desktop.step(carried, settle: policy, scaledTo: size)
        }
        var results: [CommandResult] = []
        var pending: [Action] = []
        for action in carried {
            guard case .runCommand(let shell) = action else {
                pending.append(action)
                continue
            }
            if !pending.isEmpty {
                try await desktop.perform(pending, settle: nil)
                pending = []
            }
            let timeout = shell.timeoutSeconds.map { Duration.milliseconds(Int64(($0 * 1000).rounded())) } ?? commandTimeout
            results.append(try await run(shell.command, timeout: timeout))
        }
        var observation = try await desktop.step(pending, settle: policy, scaledTo: size)
        observation.commands = results
        return observation
    }
}
