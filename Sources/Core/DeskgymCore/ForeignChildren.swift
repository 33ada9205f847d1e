import Synchronization

/// Children this process starts through Foundation's `Process` (external tools of the metrics,
/// test helpers), which Foundation reaps itself. The sandbox's reaper of stray zombies
/// (`ProcessTree.reapStrayZombies`, for orphans the subreaper adopted) leaves these alone: reaping
/// one first would take its exit status from `Process`.
public enum ForeignChildren {
    private static let pids = Mutex<Set<Int32>>([])

    /// Marks `pid` as reaped by its starter; call right after the process starts.
    public static func insert(_ pid: Int32) {
        pids.withLock { _ = $0.insert(pid) }
    }

    /// Forgets `pid` once its starter has collected its exit.
    public static func remove(_ pid: Int32) {
        pids.withLock { _ = $0.remove(pid) }
    }

    /// Whether `pid` is such a child.
    public static func contains(_ pid: Int32) -> Bool {
        pids.withLock { $0.contains(pid) }
    }
}
