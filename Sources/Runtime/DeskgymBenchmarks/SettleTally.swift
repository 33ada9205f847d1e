import DeskgymCore
import Foundation

/// The figures of one settle policy at one load level of `deskgym bench settle`: steps, stale
/// observations, the settle wait, and how often the wait gave up at its cap.
public struct SettleTally: Sendable {
    /// The policy's cap: a wait this long counts as capped even when the observation names no
    /// unsettled signal (a damage-only wait names none).
    public var cap: Duration
    /// Measured steps.
    public var steps = 0
    /// Observations that differed from the screen once everything was quiet.
    public var stale = 0
    /// The settle waits.
    public var settle = Sample()
    /// Observations that named unsettled signals.
    public var unsettled = 0
    /// Waits that lasted the cap.
    public var capped = 0
    /// Truth waits that reached their own cap (the comparison is then less certain).
    public var truthCapped = 0
    /// Stale observations by app and step label.
    public var staleBySteps: [String: Int] = [:]
    /// Steps by app and step label.
    public var stepsBySteps: [String: Int] = [:]
    /// The unsettled signals' names (`idle`, `input`, `damage`) by how often they were named.
    public var unsettledSignals: [String: Int] = [:]

    public init(cap: Duration) {
        self.cap = cap
    }

    /// Counts one step's result.
    public mutating func add(_ result: SettleDesk.Result) {
        let key = "\(result.step.app.rawValue): \(result.step.label)"
        steps += 1
        stepsBySteps[key, default: 0] += 1
        settle.milliseconds.append(result.settleMilliseconds)
        if !result.difference.isEmpty {
            stale += 1
            staleBySteps[key, default: 0] += 1
        }
        if !result.unsettled.isEmpty { unsettled += 1 }
        for signal in result.unsettled {
            unsettledSignals[String(signal.prefix { $0 != ":" }), default: 0] += 1
        }
        if result.settleMilliseconds >= cap.milliseconds { capped += 1 }
        if result.truthCapped { truthCapped += 1 }
    }

    /// Adds another tally's counts (another session's at the same level).
    public mutating func merge(_ other: SettleTally) {
        steps += other.steps
        stale += other.stale
        settle.milliseconds += other.settle.milliseconds
        unsettled += other.unsettled
        capped += other.capped
        truthCapped += other.truthCapped
        staleBySteps.merge(other.staleBySteps, uniquingKeysWith: +)
        stepsBySteps.merge(other.stepsBySteps, uniquingKeysWith: +)
        unsettledSignals.merge(other.unsettledSignals, uniquingKeysWith: +)
    }

    /// `stale 3/240 (1.2 %)  settle median 17.1 ms (p90 35.0)  unsettled 0  at cap 0  truth capped 0`.
    public var summary: String {
        let share = steps == 0 ? 0 : Double(stale) * 100 / Double(steps)
        return String(
            format: "steps %5d  stale %4d (%5.1f %%)  settle median %7.1f ms (p90 %7.1f)  unsettled %3d  at cap %3d  truth capped %3d",
            steps, stale, share, settle.median, settle.p90, unsettled, capped, truthCapped)
    }

    /// `chromium: ctrl+f (find bar opens) 3/16, …` for the steps with stale observations, most first.
    public var staleStepsSummary: String {
        staleBySteps.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)/\(stepsBySteps[$0.key] ?? 0)" }.joined(separator: "; ")
    }
}
