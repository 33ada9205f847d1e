import DeskgymCore
import DeskgymX11

extension DesktopSession {
    /// How often the settle looks at the screen's repaints.
    static let settleSampleInterval = Duration.milliseconds(2)
    /// How often it looks at the programs' activity (at least three samples in a quiet period).
    static let idleSampleInterval = Duration.milliseconds(5)

    /// Carries out `actions` on the display and waits until `policy`'s signals have settled.
    ///
    /// On an X display this session runs (or reaches), with signals beyond ``SettleSignals/damage``,
    /// the wait is on evidence, in this order:
    /// 1. **input**: the focused client answers a `_NET_WM_PING` sent after the input, so it has
    ///    read every event before it (a client that takes no pings — xterm — is skipped);
    /// 2. then, sampled together every ``settleSampleInterval``: **idle**, the session's programs
    ///    neither runnable nor using CPU for `policy.quiet` (``ActivityProbe``); and
    ///    **damage**, no repaint for `policy.quiet` (repaints during the actions count).
    ///
    /// At the cap the outcome names each signal that had not settled, with what was seen. Any
    /// other display (VNC) waits for its repaints only, as the driver does.
    ///
    /// Between the actions of one step the same evidence is waited for, with a cap of
    /// ``betweenActionsCap``: an agent's next action assumes the last one took effect (pyautogui
    /// sleeps `PAUSE`, 0.1 s, after every call for this reason; `hotkey('ctrl', 'f')` then
    /// `write(…)` types into a find bar that is not open yet without it).
    public func performAndSettle(_ actions: [Action], policy: SettlePolicy) async throws -> SettleOutcome? {
        guard let x11 = desktop as? X11Desktop, policy.signals != .damage else {
            var outcome = try await desktop.perform(actions, settle: policy)
            if outcome?.hitCap == true { outcome?.unsettled = ["damage: the screen was still repainting"] }
            return outcome
        }
        try x11.damage.reset()
        try await perform(actions, on: x11, settlingBetween: policy)
        return try await settleOnEvidence(x11, policy: policy)
    }

    /// The least quiet period of a session that asks for the idle signal but cannot have it (no
    /// cgroup: `sandbox: none`): 40 ms, the screen's silence that sufficed on a quiet machine
    /// before the signals.
    public static let quietWithoutIdle = Duration.milliseconds(40)

    /// The longest wait between two actions of a step: 300 ms (a program that never rests costs a
    /// step this much per action, not the whole cap).
    static let betweenActionsCap = Duration.milliseconds(300)

    /// Carries out `actions` in order, waiting between two display actions for `policy`'s
    /// evidence (capped at ``betweenActionsCap``) when it asks for more than the screen's silence.
    func perform(_ actions: [Action], on x11: X11Desktop, settlingBetween policy: SettlePolicy) async throws {
        var between = policy
        between.cap = min(policy.cap, Self.betweenActionsCap)
        for (index, action) in actions.enumerated() {
            try await x11.perform(action)
            // A wait has waited already.
            if case .wait = action { continue }
            guard policy.signals != .damage, index < actions.count - 1 else { continue }
            _ = try await settleOnEvidence(x11, policy: between)
        }
    }

    private func settleOnEvidence(_ x11: X11Desktop, policy: SettlePolicy) async throws -> SettleOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var unsettled: [String] = []
        var inputAnswered: Duration?
        if policy.signals.contains(.input) {
            switch try await x11.pingActiveClient(timeout: policy.cap) {
            case .answered(let after): inputAnswered = after
            case .unsupported: break
            case .timedOut: unsettled.append("input: the focused client did not answer a _NET_WM_PING within \(policy.cap)")
            }
        }
        var probe: ActivityProbe?
        // The session's programs, and Xvfb's state only (under load a starved Xvfb carried out a
        // program's drawing 100 ms and more after the programs were idle and the screen quiet).
        // Only from a cgroup: without one (`sandbox: none`) each sample would scan all of /proc,
        // and 32 sessions settling at once stepped at a third of the rate; such a session settles
        // on input and damage (the wait before evaluation still scans).
        if policy.signals.contains(.idle), xvfb != nil, case .local = channel, sandbox?.limits.usageFile != nil {
            probe = activityProbe(xvfb: .stateOnly)
        }
        // Without the programs' idleness the screen's silence carries the weight alone: it must
        // last as long as before signals (a starved program draws late).
        let quiet = probe == nil && policy.signals.contains(.idle) ? max(policy.quiet, Self.quietWithoutIdle) : policy.quiet
        var damageEvents = 0
        var lastDamage: ContinuousClock.Instant?
        var last = probe?.sample()
        var lastSample = clock.now
        var lastBusy: ContinuousClock.Instant? = (last?.busy.isEmpty ?? true) ? nil : lastSample
        // Idle from the sample before the first of an unbroken run of quiet samples.
        var idleSince: ContinuousClock.Instant? = lastBusy == nil ? lastSample : nil
        while true {
            var now = clock.now
            // The programs every few samples: the damage check is one X request, the programs'
            // a handful of file reads per sample, for every session settling at once. Before the
            // damage check, so that Xvfb is not still answering this settle's own request.
            if probe != nil, let earlier = last, now - lastSample >= Self.idleSampleInterval, let sample = probe?.sample() {
                if sample.isQuiet(since: earlier, elapsed: now - lastSample) {
                    if idleSince == nil { idleSince = lastSample }
                } else {
                    idleSince = nil
                    lastBusy = now
                }
                last = sample
                lastSample = now
            }
            let events = try x11.damage.takeRepaints()
            now = clock.now
            if events > 0 {
                damageEvents += events
                lastDamage = now
            }
            let screenQuiet = now - (lastDamage ?? start) >= quiet
            let programsIdle = probe == nil || idleSince.map { now - $0 >= quiet } == true
            let capped = now - start >= policy.cap
            if (screenQuiet && programsIdle && unsettled.isEmpty) || capped {
                if capped {
                    if !screenQuiet { unsettled.append("damage: the screen was still repainting") }
                    if !programsIdle {
                        let busy = last?.busy ?? []
                        unsettled.append(
                            "idle: " + (busy.isEmpty ? "the programs' CPU time was still rising" : busy.joined(separator: ", ")))
                    }
                }
                return SettleOutcome(
                    sawDamage: damageEvents > 0, damageEvents: damageEvents, waited: now - start,
                    lastDamageAfter: lastDamage.map { $0 - start } ?? .zero, hitCap: capped && !unsettled.isEmpty,
                    inputAnswered: inputAnswered, lastBusyAfter: probe == nil ? nil : lastBusy.map { $0 - start } ?? .zero,
                    unsettled: unsettled)
            }
            try await Task.sleep(for: Self.settleSampleInterval)
        }
    }
}
