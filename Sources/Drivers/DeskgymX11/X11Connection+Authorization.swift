internal import CX11
import Foundation

extension X11Connection {
    /// `XSetAuthorization` sets process-wide state for the next `XOpenDisplay`: connections made
    /// with a cookie take turns.
    private static let authorizationLock = NSLock()

    /// `XOpenDisplay(displayName)`, presenting `cookie` as MIT-MAGIC-COOKIE-1 when given (a
    /// session's Xvfb accepts no client without it), instead of what `XAUTHORITY` names.
    static func open(_ displayName: String, cookie: [UInt8]?) -> OpaquePointer? {
        // Taken without a cookie too: another thread's cookie must not be presented here.
        authorizationLock.lock()
        defer { authorizationLock.unlock() }
        guard let cookie else { return XOpenDisplay(displayName) }
        let name = "MIT-MAGIC-COOKIE-1"
        return name.withCString { namePointer in
            cookie.withUnsafeBufferPointer { data in
                data.withMemoryRebound(to: CChar.self) { bytes in
                    XSetAuthorization(
                        UnsafeMutablePointer(mutating: namePointer), Int32(name.utf8.count),
                        UnsafeMutablePointer(mutating: bytes.baseAddress), Int32(bytes.count))
                }
            }
            defer { XSetAuthorization(nil, 0, nil, 0) }
            return XOpenDisplay(displayName)
        }
    }
}
