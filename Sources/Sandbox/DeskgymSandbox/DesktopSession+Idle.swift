import Foundation

extension DesktopSession {
    /// How a wait for the session's programs to go idle ended.
    public struct IdleWait: Sendable, Equatable {
        /// How long the wait took.
        public var waited: Duration
        /// Whether it gave up at the cap with programs still running.
        public var hitCap: Bool
        /// When it gave up: `name (pid)` of the programs that were running or runnable last, or a
        /// word on CPU time still rising; empty when the session went idle.
        public var busy: [String]
    }

    /// Waits until no program of the session has run for `quiet`, at most `cap`: Xvfb, the window
    /// manager, the apps and everything they started (a shell under xterm, a command it runs, the
    /// programs that detached and carry the session's HOME) are all asleep, none has used CPU
    /// time, none started or ended. So a command typed into a terminal just before DONE has
    /// finished writing its file when the evaluator reads it, however loaded the machine is: a
    /// quiet screen alone does not say so (the prompt returns after the work, and under load the
    /// screen can be still while the keys wait in a queue).
    ///
    /// A sandboxed session is sampled from its cgroup (``ActivityProbe``): one file for the CPU
    /// time of all its programs, whatever they detached.
    ///
    /// Returns nil at once for a session whose programs run elsewhere (`vnc`, `qemu`) or when
    /// `quiet` is zero; returns early when the task is cancelled.
    public func waitUntilIdle(quiet: Duration, cap: Duration) async -> IdleWait? {
        guard xvfb != nil, case .local = channel, quiet > .zero else { return nil }
        let clock = ContinuousClock()
        let start = clock.now
        var probe = activityProbe()
        var last = probe.sample()
        var lastTime = clock.now
        // Quiet from the sample before the first of an unbroken run of quiet samples.
        var quietSince: ContinuousClock.Instant? = last.busy.isEmpty ? lastTime : nil
        while true {
            if let quietSince, clock.now - quietSince >= quiet {
                return IdleWait(waited: clock.now - start, hitCap: false, busy: [])
            }
            if clock.now - start >= cap || Task.isCancelled {
                return IdleWait(
                    waited: clock.now - start, hitCap: true,
                    busy: last.busy.isEmpty ? ["CPU time still rising"] : last.busy)
            }
            try? await Task.sleep(for: .milliseconds(15))
            let now = probe.sample()
            if now.isQuiet(since: last, elapsed: clock.now - lastTime) {
                if quietSince == nil { quietSince = lastTime }
            } else {
                quietSince = nil
            }
            last = now
            lastTime = clock.now
        }
    }

    /// How Xvfb counts in a sample of the session's programs.
    enum XvfbSampling {
        /// As one of them: its state and its CPU time (the wait before evaluation).
        case counted
        /// Its state only, runnable being busy: the settle's own X requests every few
        /// milliseconds cost Xvfb CPU time, while a starved Xvfb that still holds a program's
        /// drawing is runnable.
        case stateOnly
    }

    /// How this session's programs are sampled: through the sandbox's cgroup when there is one,
    /// else from its process tree; Xvfb as `xvfbSampling` says.
    func activityProbe(xvfb xvfbSampling: XvfbSampling = .counted) -> ActivityProbe {
        let xvfbPID = xvfb.map { [$0.pid] } ?? []
        let counted = xvfbSampling == .counted
        if let limits = sandbox?.limits, let usage = limits.usageFile, let members = limits.membersFile {
            return ActivityProbe(
                source: .cgroup(usage: usage, members: members), outside: counted ? xvfbPID : [], watched: counted ? [] : xvfbPID)
        }
        let roots = counted ? treeRoots : treeRoots.filter { $0 != xvfb?.pid }
        return ActivityProbe(source: .processTree(roots: roots, home: home.path), outside: [], watched: counted ? [] : xvfbPID)
    }
}
