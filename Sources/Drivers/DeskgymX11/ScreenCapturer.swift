internal import CX11
internal import CXExt
internal import CXFixes
import Foundation

/// Captures the root window of one display into a shared-memory image (MIT-SHM), falling back to
/// `XGetImage` when the server has no MIT-SHM.
///
/// `@unchecked Sendable`: it owns a raw `XImage*` and `XShmSegmentInfo*`; both are used only while
/// `lock` is held and freed once in `deinit`.
public final class ScreenCapturer: @unchecked Sendable {
    let connection: X11Connection
    private let lock = NSLock()
    private var image: UnsafeMutablePointer<XImage>?
    private var segment: UnsafeMutablePointer<XShmSegmentInfo>?
    private let useShm: Bool
    /// The captured screen's size.
    public let width: Int
    public let height: Int

    /// Prepares capture of `connection`'s screen.
    public init(connection: X11Connection) throws(X11Error) {
        self.connection = connection
        (width, height, useShm) = try connection.withDisplay("capture setup") { display in
            let screen = connection.screen
            return (
                Int(XDisplayWidth(display, screen)), Int(XDisplayHeight(display, screen)),
                XShmQueryExtension(display) != 0
            )
        }
        if useShm { try attachSegment() }
    }

    deinit {
        detachSegment()
    }

    private func attachSegment() throws(X11Error) {
        let connection = self.connection
        let (width, height) = (self.width, self.height)
        // Heap-allocated: XShmCreateImage keeps this pointer in image->obdata for later requests.
        let info = UnsafeMutablePointer<XShmSegmentInfo>.allocate(capacity: 1)
        info.initialize(to: XShmSegmentInfo())
        let created: UnsafeMutablePointer<XImage>? = try connection.withDisplay("capture setup") { display throws(X11Error) in
            let screen = connection.screen
            guard
                let image = XShmCreateImage(
                    display, XDefaultVisual(display, screen),
                    UInt32(XDefaultDepth(display, screen)), ZPixmap, nil, info,
                    UInt32(width), UInt32(height))
            else {
                throw X11Error(display: connection.name, operation: "capture setup", kind: .failed("XShmCreateImage failed"))
            }
            let size = Int(image.pointee.bytes_per_line) * Int(image.pointee.height)
            let id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0o600)
            guard id >= 0 else {
                _ = image.pointee.f.destroy_image(image)
                throw X11Error(
                    display: connection.name, operation: "capture setup",
                    kind: .failed("shmget of \(size) bytes failed: \(String(cString: strerror(errno)))"))
            }
            info.pointee.shmid = id
            guard let address = shmat(id, nil, 0), address != UnsafeMutableRawPointer(bitPattern: -1) else {
                shmctl(id, IPC_RMID, nil)
                _ = image.pointee.f.destroy_image(image)
                throw X11Error(
                    display: connection.name, operation: "capture setup",
                    kind: .failed("shmat failed: \(String(cString: strerror(errno)))"))
            }
            info.pointee.shmaddr = address.assumingMemoryBound(to: CChar.self)
            image.pointee.data = info.pointee.shmaddr
            info.pointee.readOnly = 0
            XShmAttach(display, info)
            XSync(display, 0)
            // Marked for removal at once: the kernel frees it when both sides detach, even if this
            // process or the server is killed, so no segment outlives its users.
            shmctl(id, IPC_RMID, nil)
            return image
        }
        guard let created else { info.deallocate(); return }
        image = created
        segment = info
    }

    private func detachSegment() {
        guard let image, let segment else { return }
        if !connection.isDead {
            try? connection.withDisplay("capture teardown") { display in
                XShmDetach(display, segment)
                XSync(display, 0)
            }
        }
        _ = shmdt(segment.pointee.shmaddr)
        image.pointee.data = nil
        _ = image.pointee.f.destroy_image(image)
        segment.deallocate()
        self.image = nil
        self.segment = nil
    }

    /// Captures the screen and hands the pixels to `body`; with `cursor` the pointer's image is
    /// drawn on them (XFixes), as OSWorld's screenshots show it.
    public func capture<T>(cursor: Bool = false, _ body: (FrameView) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if let image {
            try connection.withDisplay("capture") { display throws(X11Error) in
                if XShmGetImage(display, connection.root, image, 0, 0, ~0) == 0 {
                    throw X11Error(display: connection.name, operation: "capture", kind: .failed("XShmGetImage failed"))
                }
            }
            return try hand(image, cursor: cursor, to: body)
        }
        let fallback: UnsafeMutablePointer<XImage> = try connection.withDisplay("capture") { display throws(X11Error) in
            guard let image = XGetImage(display, connection.root, 0, 0, UInt32(width), UInt32(height), ~0, ZPixmap) else {
                throw X11Error(display: connection.name, operation: "capture", kind: .failed("XGetImage failed"))
            }
            return image
        }
        defer { _ = fallback.pointee.f.destroy_image(fallback) }
        return try hand(fallback, cursor: cursor, to: body)
    }

    /// Hands the pixels of a captured `image` (shared memory or the fallback's) to `body`, the
    /// cursor drawn on them first with `cursor`.
    private func hand<T>(
        _ image: UnsafeMutablePointer<XImage>, cursor: Bool, to body: (FrameView) throws -> T
    ) throws -> T {
        let view = FrameView(
            bytes: UnsafeRawBufferPointer(
                start: image.pointee.data,
                count: Int(image.pointee.bytes_per_line) * height),
            width: width, height: height, bytesPerLine: Int(image.pointee.bytes_per_line))
        if cursor { try drawCursor(on: view) }
        return try body(view)
    }

    /// Alpha-blends the current cursor image (premultiplied ARGB from XFixes) onto the frame.
    private func drawCursor(on view: FrameView) throws(X11Error) {
        try connection.withDisplay("cursor overlay") { display in
            var eventBase: Int32 = 0, errorBase: Int32 = 0
            guard XFixesQueryExtension(display, &eventBase, &errorBase) != 0,
                let cursor = XFixesGetCursorImage(display)
            else { return }
            defer { XFree(cursor) }
            let c = cursor.pointee
            let pixels = UnsafeMutableRawPointer(mutating: view.bytes.baseAddress!)
            for cy in 0..<Int(c.height) {
                let y = Int(c.y) - Int(c.yhot) + cy
                guard y >= 0 && y < view.height else { continue }
                for cx in 0..<Int(c.width) {
                    let x = Int(c.x) - Int(c.xhot) + cx
                    guard x >= 0 && x < view.width else { continue }
                    // XFixes hands out one pixel per `unsigned long`, not per 32-bit word.
                    let argb = UInt32(truncatingIfNeeded: c.pixels[cy * Int(c.width) + cx])
                    let alpha = argb >> 24
                    guard alpha > 0 else { continue }
                    let p = pixels.advanced(by: y * view.bytesPerLine + x * 4).assumingMemoryBound(to: UInt8.self)
                    for (channel, shift) in [(0, 0), (1, 8), (2, 16)] as [(Int, UInt32)] {
                        let source = (argb >> shift) & 0xFF
                        let destination = UInt32(p[channel])
                        p[channel] = UInt8(min(255, source + destination * (255 - alpha) / 255))
                    }
                }
            }
        }
    }
}
