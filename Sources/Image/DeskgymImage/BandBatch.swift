import Dispatch
import Synchronization

/// The bands of one `encode` call and everything the worker threads need to process them.
///
/// `@unchecked Sendable` because it carries a raw pointer and non-Sendable objects to the threads of
/// `DispatchQueue.concurrentPerform`. That is safe because:
/// - the caller's pixels are only read, and `concurrentPerform` returns only after every iteration has
///   finished, so nothing outlives the `encode` call that lent them;
/// - each band is claimed by exactly one thread through the atomic counter, and iteration `i` uses only
///   worker `i`, so no band, zlib stream or scratch buffer is touched by two threads;
/// - each band writes only its own rows of the previous-frame copy;
/// - the encoder's lock is held for the whole call, so nothing else touches any of it meanwhile.
struct BandBatch: @unchecked Sendable {
    let bands: [BandCache]
    let workers: [BandWorker]
    let frame: FrameSource
    let previous: ScratchBuffer?
    let filter: PNGRowFilter

    /// Processes every band, on up to `workers.count` threads.
    func run() {
        let threads = min(workers.count, bands.count)
        if threads <= 1 {
            for band in bands {
                workers[0].process(band, frame: frame, previous: previous, filter: filter)
            }
            return
        }
        // Bands are claimed one at a time rather than split up front: when only a few bands changed,
        // a static split could leave one thread comparing while the other compresses them all.
        let claims = ClaimCounter()
        DispatchQueue.concurrentPerform(iterations: threads) { workerIndex in
            let worker = workers[workerIndex]
            while true {
                let index = claims.next.add(1, ordering: .relaxed).oldValue
                guard index < bands.count else { return }
                worker.process(bands[index], frame: frame, previous: previous, filter: filter)
            }
        }
    }
}

/// Hands out band indices; a class because `Atomic` cannot be copied into the closure.
private final class ClaimCounter: Sendable {
    let next = Atomic<Int>(0)
}
