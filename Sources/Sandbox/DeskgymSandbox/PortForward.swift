/// A port on this machine's 127.0.0.1 whose connections go wherever a lookup says when each one
/// comes: for a program of a session that starts later, restarts on another port, or lives in a
/// sandbox's loopback (the lookup then names the bridge that ``DesktopSession/reach(port:)`` gives).
public final class PortForward: Sendable {
    private let bridge: LoopbackBridge

    /// The port it listens on.
    public var port: Int { bridge.port }

    private init(bridge: LoopbackBridge) {
        self.bridge = bridge
    }

    /// Listens on a free port of 127.0.0.1; each connection is carried to the port of 127.0.0.1
    /// that `resolve` names then, or closed when it names none.
    public static func start(resolving resolve: @escaping @Sendable () async -> Int?) async throws -> PortForward {
        PortForward(bridge: try await LoopbackBridge.resolving(resolve))
    }

    /// Stops listening; connections in progress end with their peers.
    public func close() async {
        await bridge.close()
    }
}
