/// A failure talking to an X server, with the display it concerns.
public struct X11Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// `XOpenDisplay` failed: no server answers on that display.
        case cannotOpenDisplay
        /// The connection broke: the server died or closed it.
        case connectionLost
        /// A required X extension is missing on the server.
        case missingExtension(String)
        /// The server answered a request with an X protocol error.
        case protocolError(request: String, code: Int)
        /// A key or character cannot be produced on this keyboard.
        case keyUnavailable(String)
        /// The window does not exist (any more).
        case noSuchWindow(UInt)
        /// Any other failure, described.
        case failed(String)
    }

    /// The display name, such as `:12`.
    public var display: String
    /// What was being done, such as `capture` or `click`.
    public var operation: String
    /// What went wrong.
    public var kind: Kind

    /// An error about `operation` on `display`.
    public init(display: String, operation: String, kind: Kind) {
        self.display = display
        self.operation = operation
        self.kind = kind
    }

    public var description: String {
        let what: String
        switch kind {
        case .cannotOpenDisplay:
            what = "cannot open display \(display): no X server answers there (is the session running?)"
        case .connectionLost:
            what = "the X server of display \(display) is gone (it died or closed the connection)"
        case .missingExtension(let name):
            what = "the X server of display \(display) lacks the \(name) extension"
        case .protocolError(let request, let code):
            what = "X error \(code) from request \(request) on display \(display)"
        case .keyUnavailable(let key):
            what = "cannot type \(key) on display \(display): no free keycode to map it to"
        case .noSuchWindow(let id):
            what = "window 0x\(String(id, radix: 16)) does not exist on display \(display)"
        case .failed(let text):
            what = "\(text) (display \(display))"
        }
        return "\(operation): \(what)"
    }
}
