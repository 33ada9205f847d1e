import DeskgymSandbox
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM, or for the session to break.
enum SignalWaiter {
    /// Returns a description of why waiting ended.
    static func waitForTermination(orFailureOf session: DesktopSession) async -> String {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let signals = SignalFlag.observe { number in
            continuation.yield(number == SIGINT ? "SIGINT" : "SIGTERM")
        }
        let watcher = Task {
            while !Task.isCancelled {
                do {
                    try await session.checkHealth()
                } catch {
                    continuation.yield("\(error)")
                    return
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        var reason = "stream ended"
        for await first in stream {
            reason = first
            break
        }
        watcher.cancel()
        signals.cancel()
        return reason
    }
}

extension SignalWaiter {
    /// Runs `work`, cancelling it at the first SIGINT or SIGTERM (Ctrl-C) after printing
    /// `message`. Later signals do not end the process early: its sessions' processes must be
    /// stopped first. Returns whether a signal came.
    static func cancellingOnSignal(
        message: String = "interrupted: stopping the running episodes; a rerun resumes",
        _ work: @escaping @Sendable () async throws -> Void
    ) async throws -> Bool {
        let task = Task { try await work() }
        let signalled = Mutex(false)
        // Runs on the signal thread, so a Ctrl-C is seen even while episodes hold every pool thread.
        let listener = SignalFlag.observe { _ in
            let second = signalled.withLock { seen in
                defer { seen = true }
                return seen
            }
            if second {
                FileHandle.standardError.write(Data("\nstill stopping the running sessions\n".utf8))
                return
            }
            FileHandle.standardError.write(Data("\n\(message)\n".utf8))
            task.cancel()
        }
        defer { listener.cancel() }
        do {
            try await task.value
        } catch {
            // Work cancelled by the signal ends with whatever error the cancellation raised inside it.
            if signalled.withLock({ $0 }) { return true }
            throw error
        }
        return signalled.withLock { $0 }
    }
}
