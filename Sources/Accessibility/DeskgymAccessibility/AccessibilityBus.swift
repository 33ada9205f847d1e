import Dispatch

/// A session's accessibility bus, as its starter sees it: whether its registry is up.
public enum AccessibilityBus {
    /// The registry's name on the bus; apps register with it, and readers ask it for the apps.
    public static let registryName = "org.a11y.atspi.Registry"

    /// Whether the registry owns its name on the bus at `address`; false while the bus is not
    /// listening yet. Blocks for at most about 100 ms.
    public static func registryIsReady(busAddress address: String) -> Bool {
        guard let connection = try? DBusConnection(address: address),
            let message = DBusMessage.call(
                destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
                member: "NameHasOwner", arguments: [.string(registryName)]),
            let reply = try? connection.call(message, waitingAtMost: 100, what: "NameHasOwner")
        else { return false }
        if case .bool(true) = reply.arguments().first { return true }
        return false
    }

    /// Whether the bus at `address` takes connections yet.
    public static func isListening(busAddress address: String) -> Bool {
        (try? DBusConnection(address: address)) != nil
    }

    /// Waits until the registry on the bus at `address` is up, checking every few milliseconds.
    /// - Throws: ``AccessibilityError`` when it is not up within `timeout`, or `CancellationError`.
    public static func waitForRegistry(busAddress address: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let ready = await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async {
                    continuation.resume(returning: registryIsReady(busAddress: address))
                }
            }
            if ready { return }
            guard ContinuousClock.now < deadline else {
                throw AccessibilityError(
                    .connect(address: address), underlying: "the accessibility registry did not start within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(3))
        }
    }
}
