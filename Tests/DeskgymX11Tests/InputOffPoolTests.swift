import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Testing

/// Input waits (chord holds, repeat gaps, the pointer barrier) must not occupy the thread that
/// called, whose pool serves every session. The test runs its tasks on an executor of one thread of
/// its own, so that other suites blocking the shared pool cannot decide the outcome: were the holds
/// slept on the caller's thread, that one thread would be asleep until the input is done.
@Suite("X11 input off the concurrency pool", .serialized, .timeLimit(.minutes(2)))
struct InputOffPoolTests {
    @Test("chords held at once on two connections leave the calling thread free: a ticking task on the same one-thread executor keeps ticking")
    func chordsLeaveThePoolFree() async throws {
        try await withSession(width: 640, height: 480) { session in
            // Two connections to the display, each with its own input queue, as two sessions have.
            let second = try X11Desktop(displayName: session.displayName)
            defer { second.close() }
            let desktops: [X11Desktop] = [try #require(session.x11), second]
            // A chord no window manager binding takes; every one is held `chordHold` (30 ms).
            let chord = Action.hotkey([try Key("ctrl"), try Key("shift")])
            let actions = [Action](repeating: chord, count: 4)
            let concurrent = 8
            let executor = ThreadTaskExecutor(name: "input-off-pool-test")
            defer { executor.stop() }

            let ticker = Task(executorPreference: executor) {
                var ticks: [ContinuousClock.Instant] = []
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(1))
                    ticks.append(.now)
                }
                return ticks
            }
            try await Task.sleep(for: .milliseconds(50))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<concurrent {
                    let desktop = desktops[index % desktops.count]
                    group.addTask(executorPreference: executor) { try await desktop.perform(actions, settle: nil) }
                }
                try await group.waitForAll()
            }
            let ended = ContinuousClock.now
            ticker.cancel()
            let ticks = await ticker.value.filter { $0 >= started && $0 <= ended }
            let elapsed = (ended - started).milliseconds
            var longestGap = Duration.zero
            for (previous, next) in zip([started] + ticks, ticks + [ended]) { longestGap = max(longestGap, next - previous) }

            // Each connection's chords take their turn on its queue: the holds did happen.
            let perConnection = Double(concurrent / desktops.count * actions.count)
            #expect(elapsed >= perConnection * 30, "\(concurrent) tasks of \(actions.count) chords took \(elapsed) ms")
            // A free thread wakes the ticker about once a millisecond; a tenth of that leaves room
            // for a loaded machine, while holds slept on the thread leave it next to nothing.
            #expect(Double(ticks.count) >= elapsed / 10,
                    "the ticker ticked \(ticks.count) times in \(Int(elapsed)) ms (longest pause \(longestGap))")
            #expect(!session.desktop.isDead)
        }
    }
}
