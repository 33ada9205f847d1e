internal import CVNCServer
import DeskgymCore
import Foundation
import Logging
import Synchronization

/// An RFB (VNC) server on 127.0.0.1 showing frames the owner pushes, and handing the viewers'
/// pointer and key events to the owner, with libvncserver.
///
/// One thread runs the whole server: it waits for viewer messages, calls ``Handlers/input`` for
/// each pointer or key event and ``Handlers/tick`` every ``VNCServerConfiguration/tickInterval``,
/// and sends the changed rectangles to the viewers. Handlers run on that thread, one at a time, and
/// may update the framebuffer they are given.
///
/// `@unchecked Sendable`: it owns the `rfbScreenInfo` and the memory handed to it (framebuffer,
/// password list, desktop name). The loop thread alone uses them between ``start()`` and
/// ``stop()``; `init`, `stop()` after the thread has ended, and `deinit` use them otherwise.
public final class VNCServer: @unchecked Sendable {
    /// What the server calls, always on its own thread.
    public struct Handlers: Sendable {
        /// A pointer or key event from a viewer.
        public var input: @Sendable (VNCInputEvent, VNCFramebuffer) -> Void
        /// A viewer connected, was refused or left.
        public var viewer: @Sendable (VNCViewerEvent) -> Void
        /// Called every tick interval: the place to push a new frame.
        public var tick: @Sendable (VNCFramebuffer) -> Void

        public init(
            input: @escaping @Sendable (VNCInputEvent, VNCFramebuffer) -> Void,
            viewer: @escaping @Sendable (VNCViewerEvent) -> Void,
            tick: @escaping @Sendable (VNCFramebuffer) -> Void
        ) {
            self.input = input
            self.viewer = viewer
            self.tick = tick
        }
    }

    public let configuration: VNCServerConfiguration
    /// The port the server listens on (the one picked when the configuration said 0).
    public let port: Int
    private let screen: UnsafeMutablePointer<rfbScreenInfo>
    private let framebuffer: UnsafeMutableRawPointer
    private let desktopName: UnsafeMutablePointer<CChar>
    private let passwordList: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    private let context: ServerContext
    private let retainedContext: Unmanaged<ServerContext>
    private let state = Mutex(LoopState.idle)
    private let loopEnded = DispatchSemaphore(value: 0)

    private enum LoopState {
        case idle, running, stopping, stopped
    }

    /// Creates the server and starts listening; viewers are served once ``start()`` is called.
    public init(configuration: VNCServerConfiguration, handlers: Handlers, logger: Logger) throws(VNCServerError) {
        let size = configuration.size
        guard size.width > 0, size.height > 0, size.width <= 16384, size.height <= 16384 else {
            throw VNCServerError(port: configuration.port, kind: .badSize("\(size.width)x\(size.height)"))
        }
        if let password = configuration.password {
            if password.isEmpty {
                throw VNCServerError(port: configuration.port, kind: .badPassword("it is empty"))
            }
            if password.utf8.count > VNCServerConfiguration.maximumPasswordLength {
                throw VNCServerError(
                    port: configuration.port,
                    kind: .badPassword(
                        "it has \(password.utf8.count) bytes; VNC authentication uses at most \(VNCServerConfiguration.maximumPasswordLength)"
                    ))
            }
            if password.utf8.contains(0) {
                throw VNCServerError(port: configuration.port, kind: .badPassword("it contains a NUL byte"))
            }
        }
        guard (0...65535).contains(configuration.port) else {
            throw VNCServerError(port: configuration.port, kind: .cannotListen("not a TCP port number"))
        }
        let port = configuration.port == 0 ? try Self.freeLoopbackPort() : configuration.port
        guard let screen = rfbGetScreen(nil, nil, Int32(size.width), Int32(size.height), 8, 3, 4) else {
            throw VNCServerError(port: port, kind: .cannotCreateScreen)
        }
        self.configuration = configuration
        self.port = port
        self.screen = screen
        framebuffer = calloc(size.width * size.height, 4)!
        desktopName = strdup(configuration.desktopName)!
        if let password = configuration.password {
            let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 2)
            list[0] = strdup(password)
            list[1] = nil
            passwordList = list
        } else {
            passwordList = nil
        }
        context = ServerContext(handlers: handlers, size: size, logger: logger)
        retainedContext = Unmanaged.passRetained(context)

        VNCLog.route(to: logger)

        screen.pointee.frameBuffer = framebuffer.assumingMemoryBound(to: CChar.self)
        // X11 captures are B, G, R, X in memory: describe them so, and let libvncserver translate
        // for each viewer's pixel format.
        screen.pointee.serverFormat.redShift = 16
        screen.pointee.serverFormat.greenShift = 8
        screen.pointee.serverFormat.blueShift = 0
        screen.pointee.desktopName = UnsafePointer(desktopName)
        screen.pointee.port = Int32(port)
        screen.pointee.ipv6port = 0
        screen.pointee.autoPort = 0
        screen.pointee.httpPort = 0
        screen.pointee.listenInterface = in_addr_t(0x7F00_0001).bigEndian
        screen.pointee.alwaysShared = 1
        screen.pointee.handleEventsEagerly = 1
        // The server thread waits this long for the rest of a message a viewer started.
        screen.pointee.maxClientWait = Int32(min(max(configuration.clientTimeout.milliseconds, 100), 600_000))
        if let arrow = Self.makeArrowCursor() { screen.pointee.cursor = arrow }
        screen.pointee.screenData = retainedContext.toOpaque()
        screen.pointee.ptrAddEvent = VNCServer.pointerCallback
        screen.pointee.kbdAddEvent = VNCServer.keyCallback
        screen.pointee.newClientHook = VNCServer.newClientCallback
        if let passwordList {
            screen.pointee.authPasswdData = UnsafeMutableRawPointer(passwordList)
            screen.pointee.passwordCheck = VNCServer.passwordCallback
        }
        deskgym_vnc_init_server(screen)
        guard screen.pointee.listenSock != -1 else {
            // `deinit` runs for an initialised object whose init throws: it releases the screen.
            state.withLock { $0 = .stopped }
            throw VNCServerError(port: port, kind: .cannotListen("the port is in use or not allowed"))
        }
        logger.debug("VNC server listening", metadata: ["vnc.port": "\(port)", "vnc.password": "\(configuration.password != nil)"])
    }

    deinit {
        stop()
        releaseScreen()
    }

    /// Starts the server's thread. Calling it again does nothing.
    public func start() {
        let begin = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .running
            return true
        }
        guard begin else { return }
        let thread = Thread { [self] in
            runLoop()
            loopEnded.signal()
        }
        thread.name = "deskgym-vnc-\(port)"
        thread.start()
    }

    /// Ends the thread (after the handler call in progress), disconnects the viewers and stops
    /// listening. Calling it again does nothing.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool? in
            switch state {
            case .idle:
                state = .stopped
                return false
            case .running:
                state = .stopping
                return true
            case .stopping, .stopped:
                return nil
            }
        }
        guard let wasRunning else { return }
        if wasRunning { loopEnded.wait() }
        rfbShutdownServer(screen, 1)
        state.withLock { $0 = .stopped }
    }

    private func runLoop() {
        let clock = ContinuousClock()
        var lastTick = clock.now - configuration.tickInterval
        let frame = VNCFramebuffer(screen: screen, context: context)
        while state.withLock({ if case .running = $0 { true } else { false } }) {
            _ = rfbProcessEvents(screen, 5_000)
            let now = clock.now
            if now - lastTick >= configuration.tickInterval {
                lastTick = now
                context.handlers.tick(frame)
            }
        }
    }

    private func releaseScreen() {
        // rfbScreenCleanup ends the remaining clients (calling their gone hooks) and frees the
        // screen, but not the framebuffer, name or password list it was given.
        rfbScreenCleanup(screen)
        free(framebuffer)
        free(desktopName)
        if let passwordList {
            free(passwordList[0])
            passwordList.deallocate()
        }
        retainedContext.release()
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's pick).
    private static func freeLoopbackPort() throws(VNCServerError) -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else {
            throw VNCServerError(port: 0, kind: .cannotListen("socket: \(String(cString: strerror(errno)))"))
        }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            throw VNCServerError(port: 0, kind: .cannotListen("bind: \(String(cString: strerror(errno)))"))
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else {
            throw VNCServerError(port: 0, kind: .cannotListen("getsockname: \(String(cString: strerror(errno)))"))
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
