import Foundation
import Synchronization

/// The signals that arrived and are not yet delivered, one bit per signal number.
private let arrivedSignals = Atomic<UInt64>(0)

/// Who is told of each signal, by registration number.
private let signalObservers = Mutex<[Int: SignalFlag.Observer]>([:])
private let nextObserverNumber = Atomic<Int>(0)

/// Signals caught by a real handler that only records the number (an atomic operation is
/// async-signal-safe), then delivered to observers from a plain thread of our own.
///
/// Why neither a `DispatchSource` nor a task that polls: both need a thread of the concurrency
/// pool (or of libdispatch's) to run the handler, and episodes that block those threads (two on
/// this machine, maybe one on CI's) kept a Ctrl-C from being seen until the run had ended. The
/// thread here does nothing else, so an observer runs within a few milliseconds whatever the pool
/// is doing; observers must be quick and thread-safe (cancelling a task, yielding to a stream).
enum SignalFlag {
    /// Called with the signal number on the signal thread.
    typealias Observer = @Sendable (Int32) -> Void

    /// A registration; `cancel()` stops the deliveries.
    struct Observation: Sendable {
        fileprivate let number: Int

        /// Stops delivering signals to this observer.
        func cancel() {
            _ = signalObservers.withLock { $0.removeValue(forKey: number) }
        }
    }

    /// Catches `numbers` from now on (instead of their default action) and tells `observer` of each
    /// as it arrives, until the observation is cancelled. A signal caught while nobody observes is
    /// dropped.
    static func observe(_ numbers: [Int32] = [SIGINT, SIGTERM], _ observer: @escaping Observer) -> Observation {
        let wanted = numbers.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) }
        let number = nextObserverNumber.wrappingAdd(1, ordering: .relaxed).newValue
        signalObservers.withLock { observers in
            observers[number] = { signal in
                if wanted & (1 << UInt64(signal)) != 0 { observer(signal) }
            }
        }
        install(numbers)
        return Observation(number: number)
    }

    /// Installs the handler for `numbers` and starts the thread that takes and delivers them.
    private static func install(_ numbers: [Int32]) {
        _ = deliveringThread
        for number in numbers {
            signal(number) { number in
                arrivedSignals.bitwiseOr(1 << UInt64(number), ordering: .relaxed)
            }
        }
    }

    /// A plain thread with the caught signals unblocked, delivering them every 10 ms. It must
    /// exist also because the pool's libdispatch workers block SIGINT and SIGTERM, and in an async
    /// program the main thread is gone once the pool runs: a process-directed signal goes to a
    /// thread that does not block it, so without this one it could stay pending for good.
    private static let deliveringThread: Void = {
        Thread.detachNewThread {
            var set = sigset_t()
            sigemptyset(&set)
            for number in [SIGINT, SIGTERM, SIGUSR1, SIGUSR2] { sigaddset(&set, number) }
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            while true {
                let arrived = arrivedSignals.exchange(0, ordering: .relaxed)
                if arrived != 0 {
                    let observers = signalObservers.withLock { Array($0.sorted { $0.key < $1.key }.map(\.value)) }
                    for number in Int32(1)..<64 where arrived & (1 << UInt64(number)) != 0 {
                        for observer in observers { observer(number) }
                    }
                }
                usleep(10_000)
            }
        }
    }()
}
