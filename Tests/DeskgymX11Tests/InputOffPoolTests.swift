import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Testing

/// Input waits (chord holds, repeat gaps, the pointer barrier) must not occupy the thread that
/// called, whose pool serves every session. The test runs on an executor of one thread of its own,
/// so that other suites keeping the shared pool busy cannot decide the outcome, and asserts an
/// order, not a rate: were the holds slept on the caller's thread, nothing else could run on that
/// thread until the input was done.
@Suite("X11 input off the concurrency pool", .serialized, .timeLimit(.minutes(2)))
struct InputOffPoolTests {
    @Test("while a task's chords are held, another task on the same one-thread executor runs")
    func chordsLeaveTheThreadFree() async throws {
        try await withSession(width: 640, height: 480) { session in
            let desktop = try #require(session.x11)
            // A chord no window manager binding takes, held `chordHold` (30 ms) each time: ten of
            // them keep the input busy for at least 300 ms.
            let chord = Action.hotkey([try Key("ctrl"), try Key("shift")])
            let chords = [Action](repeating: chord, count: 10)
            let executor = ThreadTaskExecutor(name: "input-off-pool-test")
            defer { executor.stop() }
            let order = OrderLog()

            let started = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                group.addTask(executorPreference: executor) {
                    do {
                        try await desktop.perform(chords, settle: nil)
                        await order.append("input done")
                    } catch {
                        await order.append("input failed: \(error)")
                    }
                }
                group.addTask(executorPreference: executor) {
                    // Well inside the holds: the input takes 300 ms or more.
                    try? await Task.sleep(for: .milliseconds(50))
                    await order.append("other task ran")
                }
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(300), "ten chords held 30 ms each took \(elapsed)")
            #expect(
                await order.entries == ["other task ran", "input done"],
                "the other task ran only after the input: the executor's thread was held by the holds")
            #expect(!session.desktop.isDead)
        }
    }
}

/// What the test's tasks did, in the order they did it.
private actor OrderLog {
    private(set) var entries: [String] = []

    func append(_ entry: String) {
        entries.append(entry)
    }
}
