import DeskgymCore
import Logging

/// What libvncserver's callbacks reach through `rfbScreenInfo.screenData`.
///
/// `@unchecked Sendable`: its variables are touched only on the server's loop thread, or on the
/// owner's thread while no loop thread runs (before ``VNCServer/start()``, after ``VNCServer/stop()``).
final class ServerContext: @unchecked Sendable {
    let handlers: VNCServer.Handlers
    let size: Size
    let logger: Logger
    var generation = 0
    var nextViewer = 1
    var hosts: [Int: String] = [:]

    init(handlers: VNCServer.Handlers, size: Size, logger: Logger) {
        self.handlers = handlers
        self.size = size
        self.logger = logger
    }
}
