/// Why a ``VNCServer`` could not start.
public struct VNCServerError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Nothing could listen on the port (in use, or not allowed).
        case cannotListen(String)
        /// The password is empty or longer than VNC authentication allows.
        case badPassword(String)
        /// The size is not a usable framebuffer size.
        case badSize(String)
        /// libvncserver could not allocate the screen.
        case cannotCreateScreen
    }

    /// The port asked for.
    public var port: Int
    public var kind: Kind

    public init(port: Int, kind: Kind) {
        self.port = port
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .cannotListen(let why): "VNC server: cannot listen on 127.0.0.1:\(port): \(why)"
        case .badPassword(let why): "VNC server: bad password: \(why)"
        case .badSize(let why): "VNC server: bad framebuffer size: \(why)"
        case .cannotCreateScreen: "VNC server: libvncserver could not create the screen"
        }
    }
}
