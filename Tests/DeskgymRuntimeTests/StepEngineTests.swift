import DeskgymActions
import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import Foundation
import Logging
import Testing

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.step-engine")
    logger.logLevel = .warning
    return logger
}()

/// The step engine's rules, one test each, on a real Xvfb session.
@Suite("Step engine", .serialized, .timeLimit(.minutes(2)))
struct StepEngineTests {
    private func withSession(_ body: (DesktopSession) async throws -> Void) async throws {
        var config = VMConfig(screen: .init(width: 640, height: 480, depth: 24), apps: [], source: "step-engine-test")
        config.windowManager = nil
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            try await body(session)
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    @Test("a refused answer and a refused action count as steps, carry out nothing, say why and observe again")
    func refusals() async throws {
        try await withSession { session in
            var engine = StepEngine(session: session)
            let unreadable = await engine.step(StepAnswer(.text("pyautogui.clck(1, 1)", grammar: PyAutoGUIGrammar())))
            #expect(unreadable.problem?.contains("clck") == true, "\(unreadable.problem ?? "")")
            #expect(unreadable.observation != nil)
            #expect(unreadable.record.executed == [])
            #expect(unreadable.record.screenshot == "step-0001.png")
            #expect(unreadable.end == nil)

            try await session.desktop.perform(.moveTo(Point(x: 5, y: 5)))
            let offScreen = await engine.step(
                StepAnswer(
                    .actions([
                        .moveTo(Point(x: 100, y: 100)),
                        .click(button: .left, at: Point(x: 5000, y: 10), count: 1),
                    ])))
            #expect(offScreen.problem?.contains("refused") == true, "\(offScreen.problem ?? "")")
            #expect(offScreen.record.actions.count == 2)
            #expect(offScreen.record.executed == [])
            #expect(offScreen.observation != nil)
            #expect(
                try session.requireX11(for: "test").input.cursorPosition() == Point(x: 5, y: 5),
                "the move before the refused click did not run")
            #expect(engine.steps == 2 && !engine.isDone && engine.lastAction == nil)
        }
    }

    @Test("a step past its deadline keeps what it carried out, records it as executed, says why and observes")
    func deadline() async throws {
        try await withSession { session in
            var engine = StepEngine(session: session, stepDeadline: .seconds(3))
            let late = await engine.step(
                StepAnswer(
                    .actions([
                        .moveTo(Point(x: 30, y: 40)), .runCommand(ShellCommand("sleep 20")), .moveTo(Point(x: 70, y: 80)),
                    ])))
            #expect(late.problem?.contains("deadline") == true, "\(late.problem ?? "")")
            #expect(late.record.executed == [.moveTo(Point(x: 30, y: 40)), .runCommand(ShellCommand("sleep 20"))])
            #expect(late.observation?.commands.first?.timedOut == true)
            #expect(late.end == nil && engine.steps == 1)
            let input = try session.requireX11(for: "test").input
            #expect(try input.cursorPosition() == Point(x: 30, y: 40), "the move after the deadline did not run")
        }
    }

    @Test("DONE ends the episode after the actions before it; max steps ends it too")
    func endings() async throws {
        try await withSession { session in
            var engine = StepEngine(session: session)
            let done = await engine.step(StepAnswer(.actions([.moveTo(Point(x: 50, y: 60)), .done])))
            #expect(done.end == .terminal)
            #expect(done.record.executed == [.moveTo(Point(x: 50, y: 60))])
            #expect(done.record.done == true && done.observation != nil)
            #expect(engine.lastAction == .done && engine.isDone)

            var limited = StepEngine(session: session, maxSteps: 2)
            let first = await limited.step(StepAnswer(.actions([.moveTo(Point(x: 1, y: 1))])))
            #expect(first.end == nil && first.record.done == false)
            let second = await limited.step(StepAnswer(.actions([.moveTo(Point(x: 2, y: 2))])))
            #expect(second.end == .maxSteps && second.record.done == true)
        }
    }

    @Test("a step asked for after cancellation carries out nothing and ends the episode as interrupted")
    func cancellation() async throws {
        try await withSession { session in
            try await session.desktop.perform(.moveTo(Point(x: 7, y: 7)))
            let engine = StepEngine(session: session)
            let outcome = await Task {
                var engine = engine
                withUnsafeCurrentTask { $0?.cancel() }
                return await engine.step(StepAnswer(.actions([.moveTo(Point(x: 300, y: 300))])))
            }.value
            #expect(outcome.end == .interrupted)
            #expect(outcome.observation == nil)
            #expect(try session.requireX11(for: "test").input.cursorPosition() == Point(x: 7, y: 7))
        }
    }

    @Test("an X server that died is an environment error naming it, with no observation")
    func environmentError() async throws {
        try await withSession { session in
            var engine = StepEngine(session: session)
            let xvfb = try #require(session.processIDs.first)
            kill(xvfb, SIGKILL)
            let outcome = await engine.step(StepAnswer(.actions([.moveTo(Point(x: 10, y: 10))])))
            guard case .environmentError(let message) = outcome.end else {
                Issue.record("expected an environment error, got \(String(describing: outcome.end))")
                return
            }
            #expect(message.contains("Xvfb"), "\(message)")
            #expect(outcome.observation == nil && outcome.record.screenshot == nil)
            #expect(outcome.record.done == true && engine.isDone)
        }
    }
}
