import DeskgymCore
import Foundation
import Logging
import Testing

@testable import DeskgymSandbox

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.idle")
    logger.logLevel = .warning
    return logger
}()

/// The wait before evaluation: a session counts as idle only when its programs have stopped running.
@Suite("Waiting for a session's programs", .serialized, .timeLimit(.minutes(2)))
struct SessionIdleTests {
    @Test(
        "commands typed into xterm (busy, or sleeping in the foreground) are finished when the wait ends; a program sleeping elsewhere does not hold it up; a spinning one is named at the cap"
    )
    func idleWait() async throws {
        let config = VMConfig(
            screen: .init(width: 800, height: 600, depth: 24),
            apps: [.init(command: "xterm", waitForWindow: "xterm")], source: "test")
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            let flag = session.home.appendingPathComponent("flag")
            // Two seconds of work in the shell under xterm, then the file: the screen is quiet
            // long before the file exists.
            _ = try await session.step(
                [
                    .click(button: .left, at: Point(x: 400, y: 300), count: 1),
                    .typing("timeout 2 sh -c 'while :; do :; done'; echo done > ~/flag"),
                    .press(try Key("enter")),
                ],
                settle: SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2)))
            let wait = try #require(await session.waitUntilIdle(quiet: .milliseconds(200), cap: .seconds(30)))
            #expect(!wait.hitCap && wait.busy.isEmpty, "\(wait)")
            #expect((try? String(contentsOf: flag, encoding: .utf8)) == "done\n", "waited \(wait.waited)")

            // A command that sleeps in the foreground of the terminal is not done either.
            let second = session.home.appendingPathComponent("second")
            _ = try await session.step(
                [.typing("sleep 1.5; echo done > ~/second"), .press(try Key("enter"))],
                settle: SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2)))
            let sleeping = try #require(await session.waitUntilIdle(quiet: .milliseconds(200), cap: .seconds(30)))
            #expect(!sleeping.hitCap, "\(sleeping)")
            #expect((try? String(contentsOf: second, encoding: .utf8)) == "done\n", "waited \(sleeping.waited)")

            // A program that sleeps outside a terminal is idle.
            let sleeper = try session.launch("sleep", arguments: ["300"])
            let quiet = try #require(await session.waitUntilIdle(quiet: .milliseconds(200), cap: .seconds(30)))
            #expect(!quiet.hitCap, "\(quiet)")

            // One that never stops keeps the session busy until the cap, and is named.
            let spinner = try session.launch("sh", arguments: ["-c", "while :; do :; done"])
            let busy = try #require(await session.waitUntilIdle(quiet: .milliseconds(200), cap: .milliseconds(800)))
            #expect(busy.hitCap && busy.waited >= .milliseconds(800), "\(busy)")
            // In the sandbox the spinner is the child of the nsenter that carried it in.
            #expect(busy.busy.contains { $0.hasPrefix("sh (") } || busy.busy == ["CPU time still rising"], "\(busy)")
            _ = await spinner.terminate(grace: .milliseconds(200))
            _ = await sleeper.terminate(grace: .milliseconds(200))
            #expect(await session.waitUntilIdle(quiet: .zero, cap: .seconds(1)) == nil, "a zero quiet period skips the wait")
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }
}
