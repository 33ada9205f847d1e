import Foundation
import Synchronization

/// The last termination signal that arrived (0: none), set by a plain signal handler.
private let arrivedSignal = Atomic<Int32>(0)

/// SIGINT and SIGTERM caught by a real handler that only records the number (an atomic store is
/// async-signal-safe), polled by async code.
///
/// Why not a `DispatchSource` (`SIG_IGN` plus a dispatch signal source): `deskgym eval` then
/// sometimes never saw a Ctrl-C (a test caught it under load). A handler runs in whichever thread
/// takes the signal, and a thread of our own that does not block it is always there to take it.
enum SignalFlag {
    /// Installs the handler for SIGINT and SIGTERM, and starts the thread that takes them.
    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in arrivedSignal.store(number, ordering: .relaxed) }
        }
        _ = listeningThread
    }

    /// A plain thread with SIGINT and SIGTERM unblocked, sleeping for ever. The threads of the
    /// concurrency pool are libdispatch workers, which block these signals, and in an async
    /// program the main thread is gone once the pool runs; a process-directed signal goes to a
    /// thread that does not block it, so without this one it could stay pending for good.
    private static let listeningThread: Void = {
        Thread.detachNewThread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            while true { sleep(3600) }
        }
    }()

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
