import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// `deskgym bench settle`: settle policies side by side in one run (issue 16).
///
/// 1. **Latency on a quiet machine**: one character typed into xterm and mousepad's File menu
///    opened (F10), each step observed through ``DesktopSession/observeSettled(after:policy:scaledTo:)``
///    with each policy in turn; the settle wait's median, min and p90.
/// 2. **Staleness under load** (``SettleLoadTest``): sessions with xterm, mousepad and Chromium
///    stepping at once beside spinning processes; an observation is stale when the screen, once
///    everything is quiet, differs from it.
///
/// Every observation of both parts is checked the same way: after it, the benchmark waits until
/// the session's programs are idle and the screen has not repainted for ``truth``'s quiet period,
/// then compares a fresh capture with the observation's pixels.
public struct SettleBenchmark: Sendable {
    /// A settle policy with the name the report gives it.
    public struct Policy: Sendable {
        /// `old`, `new`.
        public var name: String
        /// The policy.
        public var policy: SettlePolicy

        public init(name: String, policy: SettlePolicy) {
            self.name = name
            self.policy = policy
        }

        /// `input + idle + damage, quiet 20 ms, cap 2000 ms`.
        public var description: String {
            "\(policy.signals.names.joined(separator: " + ")), quiet \(milliseconds(policy.quiet)), cap \(milliseconds(policy.cap))"
        }
    }

    /// Before issue 16: no repaint for 40 ms.
    public static let oldPolicy = Policy(name: "old", policy: SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2), signals: .damage))
    /// Issue 16's default: the focused client's answer to a ping, then programs and screen quiet for 20 ms.
    public static let newPolicy = Policy(name: "new", policy: SettlePolicy(quiet: .milliseconds(20), cap: .seconds(2), signals: .all))
    /// After an observation: programs idle and no repaint for 300 ms, at most 3 s.
    public static let truthPolicy = SettlePolicy(quiet: .milliseconds(300), cap: .seconds(3), signals: [.idle, .damage])

    /// Repetitions per scenario and policy of the latency part (0: the part is skipped).
    public var repetitions: Int
    /// The policies compared, taken in turn.
    public var policies: [Policy]
    /// The wait after each observation before the screen is compared with it.
    public var truth: SettlePolicy
    /// The load test (nil: skipped).
    public var load: SettleLoadTest?
    /// The screen of every desktop.
    public var screen: Size
    /// Where stale observations are written (nil: not kept).
    public var staleFolder: URL?

    public init(
        repetitions: Int, policies: [Policy] = [oldPolicy, newPolicy], truth: SettlePolicy = truthPolicy,
        load: SettleLoadTest?, screen: Size = Size(width: 1280, height: 720), staleFolder: URL? = nil
    ) {
        self.repetitions = repetitions
        self.policies = policies
        self.truth = truth
        self.load = load
        self.screen = screen
        self.staleFolder = staleFolder
    }

    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        guard !policies.isEmpty else { throw BenchmarkError(benchmark: "settle", message: "no policy to measure") }
        if let staleFolder {
            do {
                try FileManager.default.createDirectory(at: staleFolder, withIntermediateDirectories: true)
            } catch {
                throw BenchmarkError(benchmark: "settle", message: "cannot make \(staleFolder.path) for stale observations: \(error)")
            }
        }
        output("## settle \(screen.width)x\(screen.height); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for policy in policies { output("#   \(policy.name): \(policy.description)") }
        output(
            "#   stale = differs from a capture taken once the programs are idle and the screen quiet for \(milliseconds(truth.quiet)) "
                + "(cap \(milliseconds(truth.cap)))")
        if repetitions > 0 { try await runLatency(logger: logger, output: output) }
        if let load {
            try await load.run(policies: policies, truth: truth, screen: screen, staleFolder: staleFolder, logger: logger, output: output)
        }
    }

    /// The latency part: xterm and mousepad on one desktop, nothing else running.
    private func runLatency(logger: Logger, output: @Sendable (String) -> Void) async throws {
        output("## latency on a quiet machine: reps=\(repetitions) per policy, policies in turn; \(Self.loadAverage())")
        let scene = try await SettleScene.prepare(screen: screen, chromium: false, logger: logger)
        do {
            let desk = try await scene.startDesk(staleFolder: staleFolder, logger: logger)
            do {
                let ctrlU = try Key("ctrl"), u = try Key("u")
                try await desk.activate(.xterm, truth: truth)
                try await measure(
                    SettleScript.Step(app: .xterm, label: "type one character into xterm", actions: [.typing("a")]), desk: desk,
                    undo: { $0 % 60 == 59 ? [.hotkey([ctrlU, u])] : [] }, output: output)
                try await desk.activate(.mousepad, truth: truth)
                let escape = try Key("escape")
                try await measure(
                    SettleScript.Step(app: .mousepad, label: "open mousepad's File menu (F10)", actions: [.press(try Key("f10"))]),
                    desk: desk, undo: { _ in [.press(escape)] }, output: output)
            } catch {
                await desk.session.stop()
                throw error
            }
            await desk.session.stop()
        } catch {
            await scene.stop()
            throw error
        }
        await scene.stop()
        output("  fixed sleeps elsewhere: OSWorld/Anthropic demo/OSGym 2000 ms after every action, DART 5000 ms")
    }

    /// Carries out `step` `repetitions` times per policy (after two warm-ups each), the policies
    /// in turn, each followed by `undo` (not measured), and prints one line per policy.
    private func measure(
        _ step: SettleScript.Step, desk: SettleDesk, undo: (Int) -> [Action], output: @Sendable (String) -> Void
    ) async throws {
        let warmUps = 2
        var tallies = policies.map { SettleTally(cap: $0.policy.cap) }
        var late = Array(repeating: 0, count: policies.count)
        for index in 0..<((repetitions + warmUps) * policies.count) {
            let which = index % policies.count
            let round = index / policies.count
            let result = try await desk.measure(
                step, policy: policies[which].policy, policyIndex: which, truth: truth,
                name: "latency-\(step.app.rawValue)-\(policies[which].name)-\(round)")
            if round >= warmUps {
                tallies[which].add(result)
                if result.repaintsAfterSettle + result.truthRepaints > 0 { late[which] += 1 }
            }
            _ = try await desk.session.performAndSettle(undo(round), policy: truth)
        }
        for (which, policy) in policies.enumerated() {
            let tally = tallies[which]
            output(
                "  deskgym \(step.label.padding(toLength: 34, withPad: " ", startingAt: 0)) \(policy.name)  settle \(tally.settle.summary)"
                    + "  later repaint \(late[which])/\(tally.steps), stale \(tally.stale), unsettled \(tally.unsettled), at cap \(tally.capped)"
            )
        }
    }

    /// `load average 1.23 0.98 0.80` from `/proc/loadavg`.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return "load average " + text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// `40 ms`: a duration in whole milliseconds.
func milliseconds(_ duration: Duration) -> String {
    String(format: "%.0f ms", duration.milliseconds)
}
