import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Logging

/// `deskgym bench settle`: how long an observation waits after an action with settle detection,
/// and how often a repaint came after the observation (a missed repaint).
public struct SettleBenchmark: Sendable {
    public var repetitions: Int
    public var policy: SettlePolicy
    /// How long to keep watching after an observation for a late repaint.
    public var lateWindow: Duration

    public init(repetitions: Int, policy: SettlePolicy, lateWindow: Duration = .milliseconds(500)) {
        self.repetitions = repetitions
        self.policy = policy
        self.lateWindow = lateWindow
    }

    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-home-\(getpid())")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".config/gtk-3.0"), withIntermediateDirectories: true)
        try "[Settings]\ngtk-cursor-blink = false\ngtk-enable-animations = false\n"
            .write(to: home.appendingPathComponent(".config/gtk-3.0/settings.ini"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: home) }
        let config = VMConfig(
            name: "settle", screen: .init(width: 1280, height: 720, depth: 24),
            apps: [
                .init(command: "xterm", args: ["-geometry", "80x24+0+0"], waitForWindow: "xterm"),
                .init(command: "mousepad", waitForWindow: "mousepad"),
            ],
            homeTemplate: home.path, source: "bench settle")
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            output(
                "## settle 1280x720, quiet \(policy.quiet), cap \(policy.cap), late repaints watched for \(lateWindow), reps=\(repetitions)"
            )
            let desktop = try session.requireX11(for: "the settle benchmark")
            let windows = try desktop.windows.list()
            guard let xterm = windows.first(where: { $0.instanceName == "xterm" }),
                let mousepad = windows.first(where: { $0.instanceName.lowercased() == "mousepad" })
            else {
                throw BenchmarkError(benchmark: "settle", message: "xterm or mousepad did not show up")
            }
            try desktop.windows.activate(xterm.id)
            try await measure(
                "type one character into xterm", desktop: desktop,
                action: { _ in [.typing("a")] }, undo: { index in index % 60 == 59 ? [.hotkey([try Key("ctrl"), try Key("u")])] : [] },
                output: output)
            try desktop.windows.activate(mousepad.id)
            try await desktop.perform([], settle: SettlePolicy(quiet: .milliseconds(500), cap: .seconds(5)))
            try await measure(
                "open mousepad's File menu (F10)", desktop: desktop,
                action: { _ in [.press(try Key("f10"))] }, undo: { _ in [.press(try Key("escape"))] },
                output: output)
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    private func measure(
        _ label: String, desktop: X11Desktop, action: (Int) throws -> [Action], undo: (Int) throws -> [Action],
        output: @Sendable (String) -> Void
    ) async throws {
        var waits = Sample()
        var missed = 0, noDamage = 0, capped = 0
        for index in 0..<(repetitions + 2) {
            let outcome = try await desktop.perform(try action(index), settle: policy)!
            let late = try await desktop.damage.waitUntilQuiet(quiet: lateWindow, cap: lateWindow * 2)
            if index >= 2 {
                waits.append(outcome.waited)
                if late.sawDamage { missed += 1 }
                if !outcome.sawDamage { noDamage += 1 }
                if outcome.hitCap { capped += 1 }
            }
            try await desktop.perform(try undo(index), settle: SettlePolicy(quiet: .milliseconds(150), cap: .seconds(3)))
        }
        output(
            "  deskgym \(label.padding(toLength: 40, withPad: " ", startingAt: 0)) action→observation \(waits.summary)  missed later repaint \(missed)/\(repetitions), no repaint seen \(noDamage), cap hit \(capped)"
        )
        output("  fixed sleeps elsewhere: OSWorld/Anthropic demo/OSGym 2000 ms after every action, DART 5000 ms")
    }
}
