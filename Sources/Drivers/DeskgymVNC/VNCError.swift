/// A failure talking to a VNC server, with the server it concerns.
public struct VNCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// Nothing accepts connections at the address (or the connection timed out).
        case cannotConnect(String)
        /// The server refused the password: it is wrong.
        case wrongPassword
        /// The server asks for a password and none was given.
        case passwordRequired
        /// The server and the client could not agree on the connection (protocol version,
        /// security type, pixel format), described by libvncclient.
        case handshakeFailed(String)
        /// The connection broke while the desktop was in use: the server closed it or died.
        case connectionLost(String)
        /// No framebuffer arrived in time.
        case timedOut(String)
        /// A key has no keysym Deskgym knows.
        case keyUnavailable(String)
    }

    /// The server, as `host:port`.
    public var server: String
    /// What was being done: `connect`, `click`, `capture`, …
    public var operation: String
    public var kind: Kind

    public init(server: String, operation: String, kind: Kind) {
        self.server = server
        self.operation = operation
        self.kind = kind
    }

    public var description: String {
        let what: String
        switch kind {
        case .cannotConnect(let detail):
            what = "cannot connect to the VNC server at \(server): \(detail)"
        case .wrongPassword:
            what = "the VNC server at \(server) refused the password: wrong password"
        case .passwordRequired:
            what = "the VNC server at \(server) asks for a password and the vm-config gives none (vnc.password or vnc.password_file)"
        case .handshakeFailed(let detail):
            what = "the VNC handshake with \(server) failed: \(detail)"
        case .connectionLost(let detail):
            what = "the connection to the VNC server at \(server) was lost: \(detail)"
        case .timedOut(let detail):
            what = "timed out \(detail) from the VNC server at \(server)"
        case .keyUnavailable(let key):
            what = "cannot send \(key) to the VNC server at \(server)"
        }
        return "\(operation): \(what)"
    }
}
