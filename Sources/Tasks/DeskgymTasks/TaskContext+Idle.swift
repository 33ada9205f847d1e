import DeskgymCore
import DeskgymSandbox

extension TaskContext {
    /// Waits, before a task is evaluated, for the session's programs to finish what the agent set
    /// going (a command typed just before DONE, a file being saved), within the vm-config's
    /// `settle.idle_ms` and `settle.idle_max_ms`: OSWorld's runner sleeps 20 s instead. Logs the
    /// programs still running when the wait gives up. Nil where there is nothing to wait for
    /// (a remote desktop, `idle_ms: 0`).
    public func waitForIdleSession(taskID: String) async -> DesktopSession.IdleWait? {
        let settle = session.config.settle
        guard let wait = await session.waitUntilIdle(quiet: settle.idle, cap: settle.idleMaximum) else { return nil }
        if wait.hitCap {
            logger.notice(
                "evaluating while the session's programs still run",
                metadata: [
                    "task": "\(taskID)", "waited_ms": "\(Int(wait.waited.milliseconds))",
                    "busy": "\(wait.busy.joined(separator: ", "))",
                ])
        } else {
            logger.debug(
                "session idle before evaluation",
                metadata: [
                    "task": "\(taskID)", "waited_ms": "\(Int(wait.waited.milliseconds))",
                ])
        }
        return wait
    }
}
