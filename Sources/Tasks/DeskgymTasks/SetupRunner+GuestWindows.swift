import DeskgymCore
import DeskgymSandbox
import Foundation

/// Windows of a guest desktop, which Deskgym cannot list over VNC: found and changed with `wmctrl`
/// in the guest, as OSWorld's in-VM server does.
extension SetupRunner {
    /// `activate_window` / `close_window` in the guest: `wmctrl -a NAME` or `-c NAME`, with `-x`
    /// for `by_class` and `-F` for `strict`.
    static func guestWindowAction(close: Bool, name: String, strict: Bool, byClass: Bool, context: TaskContext) async throws {
        let flag = "-" + (byClass ? "x" : "") + (strict ? "F" : "") + (close ? "c" : "a")
        guard let result = try await wmctrl([flag, name], context: context) else {
            throw StepProblem("wmctrl is not installed in the guest: \(close ? "close_window" : "activate_window") needs it there")
        }
        guard result.exitCode == 0 else {
            throw StepProblem(
                "no window matches '\(name)' in the guest (strict: \(strict), by_class: \(byClass)); "
                    + "wmctrl \(flag) said: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// Waits until a guest window title (`wmctrl -l`) satisfies `predicate`. A guest without
    /// wmctrl cannot be asked: the step then goes on at once, with a warning in the log.
    static func waitForGuestWindow(
        context: TaskContext, timeout: Duration, describe: String,
        _ predicate: (String) -> Bool
    ) async throws {
        try await poll(context: context, timeout: timeout, every: .milliseconds(200), waitingFor: "\(describe) in the guest") {
            guard let result = try await wmctrl(["-l"], context: context) else {
                context.logger.warning("wmctrl is not installed in the guest: not waiting for \(describe)")
                return true
            }
            // `wmctrl -l`: id, desktop, host, then the title.
            let titles = result.stdout.split(separator: "\n").map { line in
                line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).dropFirst(3).first.map(String.init) ?? ""
            }
            return titles.contains(where: predicate)
        }
    }

    /// Runs wmctrl in the guest; nil when the guest has no wmctrl.
    private static func wmctrl(_ arguments: [String], context: TaskContext) async throws -> CommandResult? {
        do {
            let result = try await context.session.run(program: "wmctrl", arguments: arguments, timeout: .seconds(20))
            return result.exitCode == 127 ? nil : result
        } catch let error as GuestAgentError where error.problem.contains("No such file") {
            return nil
        }
    }
}
