import DeskgymSandbox
import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, or for the session to break.
enum SignalWaiter {
    /// Returns a description of why waiting ended.
    static func waitForTermination(orFailureOf session: DesktopSession) async -> String {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (stream, continuation) = AsyncStream<String>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number == SIGINT ? "SIGINT" : "SIGTERM") }
            source.resume()
            return source
        }
        let watcher = Task {
            while !Task.isCancelled {
                do {
                    try session.checkHealth()
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
        sources.forEach { $0.cancel() }
        return reason
    }
}
