import DeskgymCore
import DeskgymRFBTestClient
import DeskgymVNCServer
import Foundation
import Logging
import Synchronization
import Testing

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.vncserver")
    logger.logLevel = .warning
    return logger
}()

/// What a server's handlers saw.
private final class Seen: Sendable {
    let inputs = Mutex<[VNCInputEvent.Kind]>([])
    let viewers = Mutex<[VNCViewerEvent.Kind]>([])
    /// A frame to push at the next tick: width * height pixels of one colour (B, G, R, X).
    let pending = Mutex<[UInt8]?>(nil)
    let ticks = Mutex(0)

    var handlers: VNCServer.Handlers {
        VNCServer.Handlers(
            input: { [self] event, _ in inputs.withLock { $0.append(event.kind) } },
            viewer: { [self] event in viewers.withLock { $0.append(event.kind) } },
            tick: { [self] framebuffer in
                ticks.withLock { $0 += 1 }
                guard
                    let frame = pending.withLock({ value -> [UInt8]? in
                        defer { value = nil }; return value
                    })
                else { return }
                frame.withUnsafeBytes { _ = framebuffer.update(from: $0, bytesPerLine: framebuffer.bytesPerLine) }
            })
    }

    /// Waits (at most 30 s) until `condition` holds.
    func wait(_ condition: @escaping @Sendable (Seen) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}

private func makeServer(_ seen: Seen, password: String? = nil, size: Size = Size(width: 320, height: 200)) throws -> VNCServer {
    let server = try VNCServer(
        configuration: VNCServerConfiguration(size: size, port: 0, password: password, desktopName: "test desk"),
        handlers: seen.handlers, logger: logger)
    server.start()
    return server
}

@Suite("VNC server", .serialized, .timeLimit(.minutes(3)))
struct VNCServerTests {
    @Test("a viewer gets the size and name; its pointer and key events reach the handler in order")
    func eventsReachHandler() async throws {
        let seen = Seen()
        let server = try makeServer(seen)
        defer { server.stop() }
        #expect(server.port > 0)
        let client = try RFBTestClient(port: server.port)
        let initial = try #require(try client.handshake())
        #expect(initial.width == 320 && initial.height == 200)
        #expect(initial.name == "test desk")
        try client.send(
            RFBTestClient.pointer(x: 17, y: 42, buttons: 1) + RFBTestClient.pointer(x: 18, y: 43, buttons: 0)
                + RFBTestClient.key(0x61, down: true) + RFBTestClient.key(0x61, down: false))
        #expect(await seen.wait { $0.inputs.withLock { $0.count } >= 4 })
        #expect(
            seen.inputs.withLock { $0 } == [
                .pointer(x: 17, y: 42, buttons: 1), .pointer(x: 18, y: 43, buttons: 0),
                .key(keysym: 0x61, down: true), .key(keysym: 0x61, down: false),
            ])
        #expect(seen.viewers.withLock { $0.first } == .connected)
    }

    @Test("pointer positions past the framebuffer are clamped to it")
    func clamping() async throws {
        let seen = Seen()
        let server = try makeServer(seen)
        defer { server.stop() }
        let client = try RFBTestClient(port: server.port)
        _ = try #require(try client.handshake())
        try client.send(RFBTestClient.pointer(x: 5000, y: 60000, buttons: 0))
        #expect(await seen.wait { !$0.inputs.withLock { $0.isEmpty } })
        #expect(seen.inputs.withLock { $0 } == [.pointer(x: 319, y: 199, buttons: 0)])
    }

    @Test("a pushed frame is what a viewer receives")
    func framesAreServed() async throws {
        let seen = Seen()
        let size = Size(width: 96, height: 70)
        let server = try makeServer(seen, size: size)
        defer { server.stop() }
        // B, G, R, X: a colour with distinct channels, so that a swapped channel shows.
        seen.pending.withLock {
            $0 = [UInt8](repeating: 0, count: size.width * size.height * 4).enumerated().map { index, _ in
                [0x30, 0x60, 0x90, 0][index % 4]
            }
        }
        #expect(await seen.wait { $0.pending.withLock { $0 == nil } })
        let client = try RFBTestClient(port: server.port)
        _ = try #require(try client.handshake())
        // SetEncodings [Raw], then a full FramebufferUpdateRequest.
        try client.send([2, 0, 0, 1, 0, 0, 0, 0])
        try client.send([3, 0, 0, 0, 0, 0, 0, UInt8(size.width), 0, UInt8(size.height)])
        let header = try client.receive(4)
        #expect(header[0] == 0, "a FramebufferUpdate message")
        let rectangles = Int(header[2]) << 8 | Int(header[3])
        var covered = 0
        for _ in 0..<rectangles {
            let rect = try client.receive(12)
            let width = Int(rect[4]) << 8 | Int(rect[5]), height = Int(rect[6]) << 8 | Int(rect[7])
            let encoding = rect[8...11].reduce(0) { $0 << 8 | Int($1) }
            try #require(encoding == 0, "raw encoding")
            let pixels = try client.receive(width * height * 4)
            covered += width * height
            // The server's own format: 32 bits, little-endian, red at bit 16, blue at bit 0. The
            // last pixel: libvncserver draws its cursor at the top left for viewers that cannot.
            #expect(Array(pixels.suffix(4)) == [0x30, 0x60, 0x90, 0])
        }
        #expect(covered == size.width * size.height)
    }

    @Test("after a change, a viewer's incremental update carries only the changed tile")
    func changedRectangles() async throws {
        let seen = Seen()
        let size = Size(width: 200, height: 150)
        let server = try makeServer(seen, size: size)
        defer { server.stop() }
        var frame = [UInt8](repeating: 0x40, count: size.width * size.height * 4)
        seen.pending.withLock { $0 = frame }
        #expect(await seen.wait { $0.pending.withLock { $0 == nil } })
        let client = try RFBTestClient(port: server.port)
        _ = try #require(try client.handshake())
        try client.send([2, 0, 0, 1, 0, 0, 0, 0])
        // A full update first, read and dropped.
        try client.send([3, 0, 0, 0, 0, 0, 0, UInt8(size.width), 0, UInt8(size.height)])
        let header = try client.receive(4)
        for _ in 0..<(Int(header[2]) << 8 | Int(header[3])) {
            let rect = try client.receive(12)
            _ = try client.receive((Int(rect[4]) << 8 | Int(rect[5])) * (Int(rect[6]) << 8 | Int(rect[7])) * 4)
        }
        // One pixel changes at (150, 100): its 64×64 tile is (128, 64)–(192, 128).
        let offset = (100 * size.width + 150) * 4
        frame[offset] = 0xFF
        seen.pending.withLock { $0 = frame }
        #expect(await seen.wait { $0.pending.withLock { $0 == nil } })
        try client.send([3, 1, 0, 0, 0, 0, 0, UInt8(size.width), 0, UInt8(size.height)])
        let update = try client.receive(4)
        var area = 0
        var changedPixelSeen = false
        for _ in 0..<(Int(update[2]) << 8 | Int(update[3])) {
            let rect = try client.receive(12)
            let x = Int(rect[0]) << 8 | Int(rect[1]), y = Int(rect[2]) << 8 | Int(rect[3])
            let width = Int(rect[4]) << 8 | Int(rect[5]), height = Int(rect[6]) << 8 | Int(rect[7])
            let pixels = try client.receive(width * height * 4)
            #expect(x >= 128 && y >= 64 && x + width <= 192 && y + height <= 128, "rectangle \(x),\(y) \(width)x\(height)")
            area += width * height
            if (x...(x + width - 1)).contains(150), (y...(y + height - 1)).contains(100) {
                changedPixelSeen = pixels[((100 - y) * width + 150 - x) * 4] == 0xFF
            }
        }
        #expect(area > 0 && area <= 64 * 64)
        #expect(changedPixelSeen)
    }

    @Test("garbage instead of a handshake is dropped and the server goes on serving the next viewer")
    func garbageHandshake() async throws {
        let seen = Seen()
        let server = try makeServer(seen)
        defer { server.stop() }
        let junk = try RFBTestClient(port: server.port)
        _ = try junk.receive(12)
        try junk.send((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) })
        #expect(junk.waitForClose(), "the server hangs up on a viewer that does not speak RFB")
        let client = try RFBTestClient(port: server.port)
        _ = try #require(try client.handshake())
        try client.send(RFBTestClient.key(0xFF0D, down: true))
        #expect(await seen.wait { $0.inputs.withLock { $0 } == [.key(keysym: 0xFF0D, down: true)] })
    }

    @Test("an unknown message after the handshake drops that viewer only; events it sent before are kept")
    func garbageMessages() async throws {
        let seen = Seen()
        let server = try makeServer(seen)
        defer { server.stop() }
        let other = try RFBTestClient(port: server.port)
        _ = try #require(try other.handshake())
        let bad = try RFBTestClient(port: server.port)
        _ = try #require(try bad.handshake())
        try bad.send(RFBTestClient.pointer(x: 1, y: 2, buttons: 0) + [0xEE, 0xFF, 0x00, 0x13, 0x37])
        #expect(bad.waitForClose())
        try other.send(RFBTestClient.pointer(x: 3, y: 4, buttons: 0))
        #expect(await seen.wait { $0.inputs.withLock { $0.count } >= 2 })
        #expect(seen.inputs.withLock { $0 } == [.pointer(x: 1, y: 2, buttons: 0), .pointer(x: 3, y: 4, buttons: 0)])
        #expect(await seen.wait { $0.viewers.withLock { $0.filter { $0 == .disconnected }.count } == 1 })
    }

    @Test("a flood of events arrives whole and in order")
    func flood() async throws {
        let seen = Seen()
        let server = try makeServer(seen)
        defer { server.stop() }
        let client = try RFBTestClient(port: server.port)
        _ = try #require(try client.handshake())
        let count = 20_000
        var bytes: [UInt8] = []
        for index in 0..<count { bytes += RFBTestClient.pointer(x: index % 320, y: index / 320 % 200, buttons: 0) }
        try client.send(bytes)
        #expect(await seen.wait { $0.inputs.withLock { $0.count } >= count })
        let inputs = seen.inputs.withLock { $0 }
        #expect(inputs.count == count)
        #expect(inputs.last == .pointer(x: (count - 1) % 320, y: (count - 1) / 320 % 200, buttons: 0))
        #expect(seen.ticks.withLock { $0 } > 0, "frames are still pushed during a flood")
    }

    @Test("a wrong password answer is refused, and the server goes on")
    func wrongPassword() async throws {
        let seen = Seen()
        let server = try makeServer(seen, password: "s3cret")
        defer { server.stop() }
        let intruder = try RFBTestClient(port: server.port)
        #expect(try intruder.handshake(wrongResponse: true) == nil, "the server reports failure")
        #expect(await seen.wait { $0.viewers.withLock { $0.contains(.refused) } })
        let none = try RFBTestClient(port: server.port)
        #expect(throws: RFBTestClient.Failure.self, "security type None is not offered when a password is set") {
            try none.handshake()
        }
        // The server still answers a new viewer.
        let next = try RFBTestClient(port: server.port)
        #expect(try next.handshake(wrongResponse: true) == nil)
        #expect(await seen.wait { $0.viewers.withLock { $0.filter { $0 == .refused }.count } == 2 })
        #expect(seen.inputs.withLock { $0.isEmpty })
    }

    @Test("bad configurations are refused with what is wrong")
    func badConfigurations() throws {
        let seen = Seen()
        let long = #expect(throws: VNCServerError.self) {
            _ = try VNCServer(
                configuration: VNCServerConfiguration(size: Size(width: 10, height: 10), port: 0, password: "123456789"),
                handlers: seen.handlers, logger: logger)
        }
        #expect(long?.description.contains("at most 8") == true)
        let server = try makeServer(seen)
        defer { server.stop() }
        let taken = #expect(throws: VNCServerError.self) {
            _ = try VNCServer(
                configuration: VNCServerConfiguration(size: Size(width: 10, height: 10), port: server.port, password: nil),
                handlers: seen.handlers, logger: logger)
        }
        #expect(taken?.description.contains("\(server.port)") == true)
    }
}
