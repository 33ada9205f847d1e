import Foundation
import Synchronization

/// The last termination signal that arrived (0: none), set by a plain signal handler.
private let arrivedSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM caught by a real handler that only records the number (an atomic store is
/// async-signal-safe), polled by async code.
///
/// Why not a `DispatchSource`: on Linux a dispatch signal source blocks the signal in one thread
/// and reads it from a signalfd, while the disposition is `SIG_IGN`; a process-directed signal
/// that the kernel hands to another thread is then dropped, and a signal mask inherited blocked
/// from the parent (a test runner's) keeps it pending for ever. A handler runs in whichever
/// thread takes the signal.
enum SignalFlag {
    /// Installs the handler for SIGINT and SIGTERM and unblocks them in the calling thread.
    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in arrivedSignal.store(number, ordering: .relaxed) }
        }
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal that arrived since the last call, if any (and forgets it).
    static func take() -> Int32? {
        let number = arrivedSignal.exchange(0, ordering: .relaxed)
        return number == 0 ? nil : number
    }

    /// Yields each signal as it arrives (polled every 50 ms) until the stream's consumer stops.
    static func signals() -> AsyncStream<Int32> {
        AsyncStream { continuation in
            let poller = Task {
                while !Task.isCancelled {
                    if let number = take() { continuation.yield(number) }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in poller.cancel() }
        }
    }
}
