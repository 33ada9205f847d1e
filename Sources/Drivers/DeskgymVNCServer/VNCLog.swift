internal import CVNCServer
import Logging
import Synchronization

/// Where libvncserver's log lines go. libvncserver logs through process-wide hooks, so the lines
/// of every server in the process go to the logger of the server started last.
enum VNCLog {
    private static let current = Mutex<Logger?>(nil)

    /// Routes libvncserver's lines to `logger` (debug level: what matters reaches the handlers as
    /// viewer events).
    static func route(to logger: Logger) {
        current.withLock { $0 = logger }
        deskgym_vnc_route_log { line in
            guard let line else { return }
            var text = String(cString: line)
            while text.last?.isNewline == true { text.removeLast() }
            VNCLog.current.withLock { $0 }?.debug("\(text)", metadata: ["component": "libvncserver"])
        }
    }
}
