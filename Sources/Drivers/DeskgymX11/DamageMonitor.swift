internal import CX11
internal import CXDamage
import DeskgymCore
import Foundation

/// Watches a display's root window for repaints (XDamage) to tell when the screen has settled.
///
/// The lock keeps one drain at a time, so two waits never split a burst of notifications.
public final class DamageMonitor: Sendable {
    /// How a wait for a quiet screen ended.
    public typealias Outcome = SettleOutcome

    let connection: X11Connection
    private let lock = NSLock()
    private let damage: UInt
    private let eventBase: Int32

    /// Starts watching `connection`'s root window.
    public init(connection: X11Connection) throws(X11Error) {
        self.connection = connection
        (damage, eventBase) = try connection.withDisplay("damage setup") { display throws(X11Error) in
            var eventBase: Int32 = 0, errorBase: Int32 = 0
            guard XDamageQueryExtension(display, &eventBase, &errorBase) != 0 else {
                throw X11Error(display: connection.name, operation: "damage setup", kind: .missingExtension("DAMAGE"))
            }
            var major: Int32 = 1, minor: Int32 = 1
            XDamageQueryVersion(display, &major, &minor)
            let damage = XDamageCreate(display, connection.root, Int32(XDamageReportNonEmpty))
            XSync(display, 0)
            return (damage, eventBase)
        }
    }

    deinit {
        if !connection.isDead {
            let damage = self.damage
            try? connection.withDisplay("damage teardown") { display in
                XDamageDestroy(display, damage)
                XSync(display, 0)
            }
        }
    }

    /// Forgets repaints seen so far; call before an action whose effect is to be waited for.
    public func reset() throws(X11Error) {
        lock.lock()
        defer { lock.unlock() }
        _ = try drain()
    }

    /// Reads the repaint notifications that arrived since the last call (or ``reset()``, or a
    /// wait) without waiting, and returns how many there were: zero means the screen did not change.
    public func takeRepaints() throws(X11Error) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return try drain()
    }

    /// Returns once no repaint has been seen for `quiet` (counted from the call or the last repaint),
    /// or after `cap` at most.
    public func waitUntilQuiet(quiet: Duration, cap: Duration) async throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        var last = start
        var seen = 0
        while true {
            let events = try locked { () throws(X11Error) in try drain() }
            let now = clock.now
            if events > 0 {
                seen += events
                last = now
            }
            if now - last >= quiet {
                return Outcome(
                    sawDamage: seen > 0, damageEvents: seen, waited: now - start,
                    lastDamageAfter: seen > 0 ? last - start : .zero, hitCap: false)
            }
            if now - start >= cap {
                return Outcome(
                    sawDamage: seen > 0, damageEvents: seen, waited: now - start,
                    lastDamageAfter: last - start, hitCap: true)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private func locked<T>(_ body: () throws(X11Error) -> T) throws(X11Error) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Reads pending events; counts damage notifications and empties the damage region so the next
    /// repaint notifies again.
    private func drain() throws(X11Error) -> Int {
        let damage = self.damage
        let notify = eventBase + Int32(XDamageNotify)
        return try connection.withDisplay("settle") { display in
            var count = 0
            while XPending(display) > 0 {
                var event = XEvent()
                XNextEvent(display, &event)
                if event.type == notify { count += 1 }
            }
            if count > 0 {
                XDamageSubtract(display, damage, 0, 0)
                XFlush(display)
            }
            return count
        }
    }
}
