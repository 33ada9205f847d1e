import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// The load part of `deskgym bench settle`: at each level, that many desktops (``SettleDesk``:
/// xterm, mousepad, Chromium) step through ``SettleScript`` at once while ``CPUHog``'s processes
/// spin beside them, and each observation is checked for staleness.
///
/// Each desktop takes the policies in turn by cycle of the script (the first desktop starts with
/// the first policy, the second with the second, …), so that every policy carries out the same
/// steps under the same load. A level's steps are shared among its desktops and rounded up to
/// whole cycles.
public struct SettleLoadTest: Sendable {
    /// Concurrent desktops at each level.
    public var loads: [Int]
    /// Steps per level and policy (at least; rounded up to whole cycles on every desktop).
    public var steps: Int
    /// Spinning processes beside the desktops.
    public var hogs: Int
    /// Stale observations described per level and policy (the rest are counted).
    public var detailLimit: Int

    public init(loads: [Int], steps: Int, hogs: Int, detailLimit: Int = 12) {
        self.loads = loads
        self.steps = steps
        self.hogs = hogs
        self.detailLimit = detailLimit
    }

    /// What one desktop did at one level.
    private struct DeskRun: Sendable {
        var tallies: [SettleTally]
        var stale: [[String]]
        var failure: String?
    }

    /// Runs every level and prints a line per level and policy, with the stale observations.
    public func run(
        policies: [SettleBenchmark.Policy], truth: SettlePolicy, screen: Size, staleFolder: URL?, logger: Logger,
        output: @Sendable (String) -> Void
    ) async throws {
        let script = try SettleScript()
        output(
            "## staleness under load: xterm + mousepad + Chromium per desktop, \(script.steps.count) steps a cycle, "
                + "≥ \(steps) steps per level and policy, \(hogs) CPU hog(s); \(SettleBenchmark.loadAverage())")
        let scene = try await SettleScene.prepare(screen: screen, chromium: true, logger: logger)
        let hog: CPUHog
        do {
            hog = try await CPUHog.start(count: hogs)
        } catch {
            await scene.stop()
            throw error
        }
        if hogs > 0 { output("#   CPU hogs: pid \(hog.pids)") }
        do {
            for load in loads {
                try await runLevel(
                    load, script: script, scene: scene, policies: policies, truth: truth, staleFolder: staleFolder, logger: logger,
                    output: output)
            }
        } catch {
            await hog.stop()
            await scene.stop()
            throw error
        }
        await hog.stop()
        await scene.stop()
    }

    private func runLevel(
        _ load: Int, script: SettleScript, scene: SettleScene, policies: [SettleBenchmark.Policy], truth: SettlePolicy,
        staleFolder: URL?, logger: Logger, output: @Sendable (String) -> Void
    ) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        var desks: [SettleDesk] = []
        do {
            for _ in 0..<load { desks.append(try await scene.startDesk(staleFolder: staleFolder, logger: logger)) }
        } catch {
            for desk in desks { await desk.session.stop() }
            throw BenchmarkError(benchmark: "settle", message: "load \(load): desktop \(desks.count + 1) did not start: \(error)")
        }
        let perDesk = (steps + load - 1) / load
        let cyclesPerPolicy = max(1, (perDesk + script.steps.count - 1) / script.steps.count)
        output(
            String(
                format: "  load %d: %d desktops started in %.1f s; %d cycle(s) of %d steps per policy on each; %@", load, load,
                (clock.now - began).seconds, cyclesPerPolicy, script.steps.count, SettleBenchmark.loadAverage()))
        let stepping = clock.now
        let detailLimit = self.detailLimit
        let runs = await withTaskGroup(of: (Int, DeskRun).self) { group in
            for (number, desk) in desks.enumerated() {
                group.addTask {
                    let run = await Self.step(
                        desk, number: number, load: load, script: script, cycles: cyclesPerPolicy * policies.count, policies: policies,
                        truth: truth, detailLimit: detailLimit)
                    return (number, run)
                }
            }
            var runs: [(Int, DeskRun)] = []
            for await run in group { runs.append(run) }
            return runs.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let stepped = clock.now - stepping
        for desk in desks { await desk.session.stop() }
        for (which, policy) in policies.enumerated() {
            var tally = SettleTally(cap: policy.policy.cap)
            for run in runs { tally.merge(run.tallies[which]) }
            output("  load \(String(format: "%2d", load))  \(policy.name)  \(tally.summary)")
            if tally.unsettled > 0 {
                output(
                    "#     unsettled signals: "
                        + tally.unsettledSignals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            if tally.stale > 0 {
                output("#     stale by step: \(tally.staleStepsSummary)")
                let details = runs.flatMap { $0.stale[which] }
                for line in details.prefix(detailLimit) { output("#       \(line)") }
                if details.count > detailLimit {
                    output("#       … \(details.count - detailLimit) more described in the runs above the limit")
                }
            }
        }
        for (number, run) in runs.enumerated() where run.failure != nil {
            output("#     desktop \(number + 1) stopped early: \(run.failure ?? "")")
        }
        output(String(format: "#     stepping took %.1f s", stepped.seconds))
    }

    /// Steps one desktop through `cycles` cycles of the script, the policies in turn by cycle.
    /// A failure ends the desktop's run; what it measured until then counts, and the failure is
    /// reported.
    private static func step(
        _ desk: SettleDesk, number: Int, load: Int, script: SettleScript, cycles: Int, policies: [SettleBenchmark.Policy],
        truth: SettlePolicy, detailLimit: Int
    ) async -> DeskRun {
        var run = DeskRun(
            tallies: policies.map { SettleTally(cap: $0.policy.cap) }, stale: Array(repeating: [], count: policies.count), failure: nil)
        for index in 0..<(cycles * script.steps.count) {
            let (step, activates) = script.step(index)
            let which = (script.cycle(of: index) + number) % policies.count
            do {
                if activates { try await desk.activate(step.app, truth: truth) }
                let name = "load\(load)-desk\(number + 1)-step\(index)-\(policies[which].name)"
                let result = try await desk.measure(step, policy: policies[which].policy, policyIndex: which, truth: truth, name: name)
                run.tallies[which].add(result)
                if !result.difference.isEmpty, run.stale[which].count < detailLimit {
                    run.stale[which].append(describe(result, policy: policies[which].name, desk: number + 1, index: index))
                }
            } catch {
                run.failure = "at step \(index) (\(step.app.rawValue): \(step.label)): \(error)"
                break
            }
        }
        return run
    }

    /// One line on a stale observation: what was stepped, the wait, where the screen changed after.
    static func describe(_ result: SettleDesk.Result, policy: String, desk: Int, index: Int) -> String {
        let bounds = result.difference.bounds.map { "\($0)" } ?? "-"
        var line = String(
            format:
                "%@ desk %d step %d, %@: %@: settle %.1f ms; %d px differ in %@; repaints after the settle: %d, in the truth wait: %d (last at +%.0f ms)%@",
            policy, desk, index, result.step.app.rawValue, result.step.label, result.settleMilliseconds, result.difference.changedPixels,
            bounds, result.repaintsAfterSettle, result.truthRepaints, result.truthLastRepaint.milliseconds,
            result.truthCapped ? "; truth wait capped" : "")
        if !result.unsettled.isEmpty { line += "; unsettled: " + result.unsettled.joined(separator: "; ") }
        if !result.files.isEmpty { line += "; " + result.files.joined(separator: ", ") }
        return line
    }
}
