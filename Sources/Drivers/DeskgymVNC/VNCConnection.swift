internal import CVNCClient
import DeskgymCore
import Foundation
import Synchronization

/// One libvncclient connection: the `rfbClient*`, the thread that reads the server's messages
/// into the client's framebuffer, and the count of framebuffer updates that settle detection reads.
///
/// `@unchecked Sendable`: the raw `rfbClient*` (and the framebuffer it owns) is used only while
/// `lock` is held — by the reader thread while it handles a message, by callers while they send
/// input or copy pixels — and freed once, under `lock`, when the reader thread has ended and
/// ``close()`` was called (by whichever of the two comes last), or in `deinit`.
final class VNCConnection: @unchecked Sendable {
    /// `host:port`, for messages.
    let server: String
    private let lock = NSLock()
    private var client: UnsafeMutablePointer<rfbClient>?
    private let callbacks: Callbacks
    private let stopping = Atomic<Bool>(false)
    /// Whether the reader thread still runs; read and written under `lock`.
    private var readerRunning = false

    /// What the C callbacks record, reached through the client's data slot.
    final class Callbacks: Sendable {
        let password: String?
        /// Framebuffer update rectangles seen, and when the last one arrived.
        let updates = Mutex<(count: Int, last: ContinuousClock.Instant?)>((0, nil))
        /// Why the connection ended, once it has.
        let lostReason = Mutex<String?>(nil)
        /// Set when a framebuffer update has been fully received: the reader then asks for the
        /// next one, so that an update request is always outstanding.
        let updateFinished = Atomic<Bool>(false)

        init(password: String?) {
            self.password = password
        }
    }

    private init(server: String, client: UnsafeMutablePointer<rfbClient>, callbacks: Callbacks) {
        self.server = server
        self.client = client
        self.callbacks = callbacks
    }

    deinit {
        // The reader thread holds the connection while it runs, so it has ended here.
        releaseClient()
    }

    /// The tag under which the client's data slot holds the ``Callbacks``; only its address
    /// matters (never read or written through), hence `nonisolated(unsafe)`.
    nonisolated(unsafe) private static let tag = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    /// Connects, authenticates and asks for the whole framebuffer. Blocks for at most about
    /// `timeout` while the server does not answer; call it off the cooperative pool.
    static func open(host: String, port: Int, password: String?, timeout: Duration) throws(VNCError) -> VNCConnection {
        let server = "\(host):\(port)"
        deskgym_vnc_capture_logs()
        _ = takeLog()
        // 8 bits a sample, 3 samples, 4 bytes a pixel; the shifts below put B, G, R, X in memory,
        // the layout the PNG encoder and the X11 capture use.
        guard let client = rfbGetClient(8, 3, 4) else {
            throw VNCError(server: server, operation: "connect", kind: .handshakeFailed("rfbGetClient failed"))
        }
        client.pointee.format.redShift = 16
        client.pointee.format.greenShift = 8
        client.pointee.format.blueShift = 0
        client.pointee.format.bigEndian = 0
        client.pointee.canHandleNewFBSize = 1
        client.pointee.appData.shareDesktop = 1
        client.pointee.appData.useRemoteCursor = 1
        // Lossless only, so that the client's framebuffer is the server's pixel for pixel. The
        // default encoding list is kept: with a list of its own libvncclient no longer announces
        // that it follows desktop size changes, and a VM's console changes size as it boots.
        client.pointee.appData.enableJPEG = 0
        client.pointee.connectTimeout = UInt32(max(1, Int(timeout.seconds.rounded(.up))))
        client.pointee.serverHost = strdup(host)
        client.pointee.serverPort = Int32(port)
        let callbacks = Callbacks(password: password)
        rfbClientSetClientData(client, tag, Unmanaged.passUnretained(callbacks).toOpaque())
        client.pointee.GetPassword = { client in
            guard let client, let data = rfbClientGetClientData(client, VNCConnection.tag) else { return nil }
            let callbacks = Unmanaged<Callbacks>.fromOpaque(data).takeUnretainedValue()
            guard let password = callbacks.password else { return nil }
            return strdup(password)
        }
        client.pointee.GotFrameBufferUpdate = { client, _, _, _, _ in
            guard let client, let data = rfbClientGetClientData(client, VNCConnection.tag) else { return }
            let callbacks = Unmanaged<Callbacks>.fromOpaque(data).takeUnretainedValue()
            let now = ContinuousClock.now
            callbacks.updates.withLock { $0 = ($0.count + 1, now) }
        }
        client.pointee.FinishedFrameBufferUpdate = { client in
            guard let client, let data = rfbClientGetClientData(client, VNCConnection.tag) else { return }
            Unmanaged<Callbacks>.fromOpaque(data).takeUnretainedValue().updateFinished.store(true, ordering: .releasing)
        }
        // On failure rfbInitClient frees the client itself (socket, host string, the struct).
        guard rfbInitClient(client, nil, nil) != 0 else {
            let log = takeLog()
            throw VNCError(server: server, operation: "connect", kind: classify(log, passwordGiven: password != nil))
        }
        _ = takeLog()
        let connection = VNCConnection(server: server, client: client, callbacks: callbacks)
        connection.startReader()
        return connection
    }

    /// Tells a failed connection's reason from libvncclient's log lines.
    static func classify(_ log: String, passwordGiven: Bool) -> VNCError.Kind {
        let lower = log.lowercased()
        let summary = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.suffix(3).joined(separator: "; ")
        if lower.contains("unable to connect") || lower.contains("connection refused") || lower.contains("connect timeout")
            || lower.contains("failed to connect")
        {
            return .cannotConnect(summary.isEmpty ? "connection refused" : summary)
        }
        if lower.contains("reading password failed") || (!passwordGiven && lower.contains("password")) {
            return .passwordRequired
        }
        if lower.contains("authentication fail") || lower.contains("password check failed") || lower.contains("auth failed")
            || lower.contains("vnc authentication failed")
        {
            return passwordGiven ? .wrongPassword : .passwordRequired
        }
        return .handshakeFailed(summary.isEmpty ? "libvncclient gave no reason" : summary)
    }

    private static func takeLog() -> String {
        var buffer = [CChar](repeating: 0, count: 2048)
        let length = deskgym_vnc_take_log(&buffer, buffer.count)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: The reader thread

    private func startReader() {
        readerRunning = true
        let thread = Thread { [self] in
            deskgym_vnc_capture_logs()
            readMessages()
            lock.lock()
            defer { lock.unlock() }
            readerRunning = false
            if stopping.load(ordering: .acquiring) { releaseClientLocked() }
        }
        thread.name = "deskgym-vnc \(server)"
        thread.start()
    }

    /// Handles server messages until the connection ends or ``close()`` asks it to stop. A
    /// message is handled under the lock; the wait for one is not, so input is never held up by it.
    private func readMessages() {
        while !stopping.load(ordering: .acquiring) {
            let (socket, buffered): (Int32, Bool) =
                withClient { client in
                    (Int32(client.pointee.sock), client.pointee.buffered > 0)
                } ?? (-1, false)
            guard socket >= 0 else { return }
            if !buffered {
                var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 50)
                if ready == 0 { continue }
                if ready < 0 {
                    if errno == EINTR { continue }
                    markLost("poll failed: \(String(cString: strerror(errno)))")
                    return
                }
            }
            let callbacks = self.callbacks
            let handled =
                withClient { client in
                    guard HandleRFBServerMessage(client) != 0 else { return false }
                    // The server sends an update only in answer to a request; ask for the next
                    // (incremental) one as soon as one is complete.
                    if callbacks.updateFinished.exchange(false, ordering: .acquiringAndReleasing) {
                        return SendIncrementalFramebufferUpdateRequest(client) != 0
                    }
                    return true
                } ?? false
            if !handled {
                let log = Self.takeLog().split(separator: "\n").last.map(String.init) ?? ""
                markLost(log.isEmpty ? "the server closed the connection" : "the server closed the connection (\(log))")
                return
            }
        }
    }

    private func markLost(_ reason: String) {
        callbacks.lostReason.withLock { if $0 == nil { $0 = reason } }
    }

    // MARK: Use

    /// Why the connection ended, or nil while it lasts.
    var lostReason: String? { callbacks.lostReason.withLock { $0 } }

    /// Number of framebuffer update rectangles received so far, and when the last one came.
    var updates: (count: Int, last: ContinuousClock.Instant?) { callbacks.updates.withLock { $0 } }

    /// The framebuffer's size.
    var size: Size {
        withClient { Size(width: Int($0.pointee.width), height: Int($0.pointee.height)) } ?? Size(width: 0, height: 0)
    }

    /// Hands the framebuffer (B, G, R, X, `width * 4` bytes a row) to `body` under the lock.
    func withFrame<T>(_ operation: String, _ body: (UnsafeRawBufferPointer, Size) throws -> T) throws -> T {
        try checkAlive(operation)
        lock.lock()
        defer { lock.unlock() }
        guard let client, let frame = client.pointee.frameBuffer else {
            throw VNCError(server: server, operation: operation, kind: .connectionLost("the connection is closed"))
        }
        let size = Size(width: Int(client.pointee.width), height: Int(client.pointee.height))
        return try body(UnsafeRawBufferPointer(start: frame, count: size.width * size.height * 4), size)
    }

    /// Sends a pointer event: position and the mask of buttons held (1 left, 2 middle, 4 right,
    /// 8/16 wheel up/down, 32/64 wheel left/right).
    func pointer(x: Int, y: Int, buttons: Int32, operation: String) throws(VNCError) {
        try send(operation) { client in SendPointerEvent(client, Int32(x), Int32(y), buttons) != 0 }
    }

    /// Sends a key press or release.
    func key(_ keysym: UInt32, down: Bool, operation: String) throws(VNCError) {
        try send(operation) { client in SendKeyEvent(client, keysym, down ? 1 : 0) != 0 }
    }

    private func send(_ operation: String, _ body: (UnsafeMutablePointer<rfbClient>) -> Bool) throws(VNCError) {
        try checkAlive(operation)
        let sent = withClient(body) ?? false
        if !sent {
            markLost("sending input failed")
            throw VNCError(server: server, operation: operation, kind: .connectionLost(lostReason ?? "sending input failed"))
        }
    }

    private func checkAlive(_ operation: String) throws(VNCError) {
        if let reason = lostReason {
            throw VNCError(server: server, operation: operation, kind: .connectionLost(reason))
        }
    }

    private func withClient<T>(_ body: (UnsafeMutablePointer<rfbClient>) -> T) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard let client else { return nil }
        return body(client)
    }

    /// Ends the connection: it is lost from now on, the reader thread stops, and the socket is
    /// closed and the client freed. Idempotent. Does not wait for the reader thread, which may be
    /// waiting up to 50 ms for a message (callers are `async` code): whichever of the two comes
    /// last frees the client.
    func close() {
        markLost(VNCDesktop.closedReason)
        stopping.store(true, ordering: .releasing)
        lock.lock()
        defer { lock.unlock() }
        if !readerRunning { releaseClientLocked() }
    }

    private func releaseClient() {
        lock.lock()
        defer { lock.unlock() }
        releaseClientLocked()
    }

    /// Closes the socket and frees the client, once. Called with `lock` held, never while the
    /// reader thread may still use the socket.
    private func releaseClientLocked() {
        guard let client else { return }
        self.client = nil
        free(client.pointee.frameBuffer)
        client.pointee.frameBuffer = nil
        rfbClientCleanup(client)
    }
}
