import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Testing

@Suite("X11 desktop", .serialized, .timeLimit(.minutes(2)))
struct DesktopTests {
    @Test("the window list shows title, class, geometry and the active window; activate and close work")
    func windowsListActivateClose() async throws {
        let apps = [
            VMConfig.App(command: "xterm", args: ["-T", "first term", "-geometry", "40x10+10+10"], waitForWindow: "first term"),
            VMConfig.App(command: "xterm", args: ["-T", "second term", "-geometry", "40x10+400+300"], waitForWindow: "second term"),
        ]
        try await withSession(apps: apps) { session in
            let windows = session.desktop.windows
            let list = try windows.list()
            let first = try #require(list.first { $0.title == "first term" })
            let second = try #require(list.first { $0.title == "second term" })
            #expect(first.instanceName == "xterm" && first.className == "XTerm")
            #expect(first.frame.width > 100 && first.frame.height > 50)
            #expect(first.pid != nil)
            try windows.activate(first.id)
            #expect(try await eventually { try windows.list().first { $0.id == first.id }?.isActive == true })
            try windows.activate(second.id)
            #expect(try await eventually { try windows.list().first { $0.id == second.id }?.isActive == true })
            #expect(try windows.list().filter(\.isActive).count == 1)
            let closed = try await windows.close(second.id, timeout: .seconds(10))
            let processes = session.processes.map { "\($0.name) \($0.pid): \($0.poll()?.description ?? "running")" }
            let titles = try windows.list().map(\.title)
            #expect(closed, "window still listed: \(titles); processes: \(processes)")
            await #expect(throws: X11Error.self) { try await windows.close(0x7fff_fff0) }
        }
    }

    @Test("settling waits for the repaint that typing causes, and the screenshot after it shows the text")
    func settleSeesTyping() async throws {
        let apps = [VMConfig.App(command: "xterm", args: ["-geometry", "80x24+0+0"], waitForWindow: "xterm")]
        try await withSession(apps: apps) { session in
            let desktop = session.x11!
            let xterm = try await window(named: "xterm", in: session)
            try desktop.windows.activate(xterm.id)
            try await desktop.perform([], settle: SettlePolicy(quiet: .milliseconds(200), cap: .seconds(3)))
            let before = try desktop.capturer.capture { CaptureTests.rgb($0) }
            // A cap far above the repaint's time: the wait must end on the repaint, however busy the
            // machine. The screen's silence alone is not evidence of that (a starved xterm has not yet
            // read the keys); the session's programs being idle is.
            let outcome = try #require(
                try await session.performAndSettle(
                    [.typing("echo settled")], policy: SettlePolicy(quiet: .milliseconds(40), cap: .seconds(30), signals: .all)))
            #expect(outcome.sawDamage)
            #expect(!outcome.hitCap)
            let after = try desktop.capturer.capture { CaptureTests.rgb($0) }
            #expect(before != after)
            let quiet = try #require(try await desktop.perform([], settle: .standard))
            #expect(!quiet.sawDamage, "nothing repaints after the screen settled")
            let observation = try await desktop.step([.typing("!")], settle: .standard)
            #expect(observation.screenshot.size == desktop.screenSize)
            // At least the quiet time; no upper bound: on a loaded machine the wait may reach its cap.
            #expect(observation.settleMilliseconds >= 40)
            #expect(observation.windows.contains { $0.id == xterm.id })
        }
    }

    @Test("bad input gets a clear error: a display that does not exist, a point off the screen")
    func badInput() async throws {
        #expect {
            _ = try X11Desktop(displayName: ":987")
        } throws: { error in
            "\(error)".contains(":987") && "\(error)".contains("cannot open display")
        }
        try await withSession(width: 800, height: 600) { session in
            await #expect {
                try await session.desktop.perform(.click(button: .left, at: Point(x: 800, y: 10), count: 1))
            } throws: { error in
                "\(error)".contains("(800, 10)") && "\(error)".contains("800x600")
            }
            await #expect {
                try await session.desktop.perform(.click(button: .left, at: Point(x: 1, y: 1), count: 4))
            } throws: { error in
                "\(error)".contains("num_clicks 4")
            }
            let position = try session.x11!.input.cursorPosition()
            #expect(position != Point(x: 800, y: 10))
        }
    }
}
