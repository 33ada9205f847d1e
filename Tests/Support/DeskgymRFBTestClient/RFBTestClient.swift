import Foundation

/// A minimal RFB 3.8 client for tests that need what no real viewer sends: garbage bytes, wrong
/// passwords without DES, floods of events. Blocking sockets with time-outs; loopback only.
public final class RFBTestClient {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What the server said at the end of the handshake.
    public struct ServerInit: Sendable {
        public var width: Int
        public var height: Int
        public var name: String
    }

    private let socket: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int, timeout: TimeInterval = 30) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(errno)") }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(socket) }

    /// Ends the connection as a viewer that quits does (the socket is closed at deinit).
    public func disconnect() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    /// Sends raw bytes.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    /// Reads exactly `count` bytes; throws when the server closes the connection first.
    public func receive(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let read = bytes[offset...].withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard read > 0 else {
                throw Failure(description: read == 0 ? "closed by the server" : "recv: \(String(cString: strerror(errno)))")
            }
            offset += read
        }
        return bytes
    }

    /// Whether the server closed the connection (reads and drops what it still sends).
    public func waitForClose() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if read == 0 { return true }
            // A server that closes with our bytes unread resets the connection.
            if read < 0 { return errno == ECONNRESET }
        }
    }

    /// The RFB 3.8 handshake. With `password`, VNC authentication is chosen and `response` (16
    /// bytes, not the DES of the challenge: the server refuses it) is sent; returns nil when the
    /// server refused. Without, security type None.
    public func handshake(wrongResponse: Bool = false) throws -> ServerInit? {
        let version = try receive(12)
        guard String(decoding: version, as: UTF8.self).hasPrefix("RFB ") else {
            throw Failure(description: "not an RFB server: \(version)")
        }
        try send(Array("RFB 003.008\n".utf8))
        let count = Int(try receive(1)[0])
        guard count > 0 else { throw Failure(description: "the server offers no security type") }
        let types = try receive(count)
        if wrongResponse {
            guard types.contains(2) else { throw Failure(description: "the server offers no VNC authentication: \(types)") }
            try send([2])
            _ = try receive(16)
            try send([UInt8](repeating: 0x5A, count: 16))
        } else {
            guard types.contains(1) else { throw Failure(description: "the server offers no security type None: \(types)") }
            try send([1])
        }
        let result = try receive(4)
        guard result == [0, 0, 0, 0] else { return nil }
        try send([1])  // shared
        let header = try receive(24)
        let width = Int(header[0]) << 8 | Int(header[1])
        let height = Int(header[2]) << 8 | Int(header[3])
        let length = Int(header[20]) << 24 | Int(header[21]) << 16 | Int(header[22]) << 8 | Int(header[23])
        let name = String(decoding: try receive(length), as: UTF8.self)
        return ServerInit(width: width, height: height, name: name)
    }

    /// An RFB PointerEvent message.
    public static func pointer(x: Int, y: Int, buttons: UInt8) -> [UInt8] {
        [5, buttons, UInt8(x >> 8 & 0xFF), UInt8(x & 0xFF), UInt8(y >> 8 & 0xFF), UInt8(y & 0xFF)]
    }

    /// An RFB KeyEvent message.
    public static func key(_ keysym: UInt32, down: Bool) -> [UInt8] {
        [4, down ? 1 : 0, 0, 0, UInt8(keysym >> 24 & 0xFF), UInt8(keysym >> 16 & 0xFF), UInt8(keysym >> 8 & 0xFF), UInt8(keysym & 0xFF)]
    }
}
