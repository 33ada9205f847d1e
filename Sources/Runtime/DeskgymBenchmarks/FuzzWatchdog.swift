import Foundation
import Synchronization

/// Watches the input being parsed from a thread of its own, and calls `onStuck` once when one
/// takes longer than `limit`: an input that never returns would otherwise hang the run silently.
public final class FuzzWatchdog: Sendable {
    private let iteration = Atomic<Int>(-1)
    private let startedNanoseconds = Atomic<UInt64>(0)
    private let stopped = Atomic<Bool>(false)
    private let limitNanoseconds: UInt64
    private let onStuck: @Sendable (_ iteration: Int, _ seconds: Double) -> Void

    /// Starts watching; `onStuck` runs on the watchdog's thread (it usually ends the process).
    public init(limit: Duration, onStuck: @escaping @Sendable (_ iteration: Int, _ seconds: Double) -> Void) {
        let (seconds, attoseconds) = limit.components
        limitNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.onStuck = onStuck
        let thread = Thread { [self] in watch() }
        thread.name = "fuzz watchdog"
        thread.start()
    }

    /// The parser starts on `iteration`'s input.
    public func begin(_ iteration: Int) {
        startedNanoseconds.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
        self.iteration.store(iteration, ordering: .releasing)
    }

    /// The parser returned.
    public func end() {
        iteration.store(-1, ordering: .releasing)
    }

    /// Stops the thread (within a tenth of a second).
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func watch() {
        while !stopped.load(ordering: .relaxed) {
            Thread.sleep(forTimeInterval: 0.1)
            let current = iteration.load(ordering: .acquiring)
            guard current >= 0 else { continue }
            let elapsed = DispatchTime.now().uptimeNanoseconds &- startedNanoseconds.load(ordering: .relaxed)
            if elapsed > limitNanoseconds, iteration.load(ordering: .acquiring) == current {
                onStuck(current, Double(elapsed) / 1e9)
                return
            }
        }
    }
}
