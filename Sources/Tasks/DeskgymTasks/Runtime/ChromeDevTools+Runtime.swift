import Dispatch
import Foundation
import Glibc

/// Script evaluation inside a tab's live page: the DevTools protocol's `Runtime.evaluate`, sent over
/// the tab's WebSocket (`ws://127.0.0.1:PORT/devtools/page/<id>`), which the HTTP endpoint cannot do.
extension ChromeDevTools {
    /// Evaluates `expression` in the page shown by tab `id` and returns its value as JSON (a
    /// promise is awaited). Runs on a thread of its own: the socket's reads block.
    /// - Throws: ``ChromeDevToolsError`` when the tab cannot be reached, the script throws, or no
    ///   answer comes within `timeout`.
    public func evaluate(_ expression: String, inTab id: String, timeout: Duration = .seconds(20)) async throws -> JSONValue {
        let port = port
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let connection = try DevToolsSocket(port: port, path: "/devtools/page/\(id)", timeout: timeout)
                    defer { connection.close() }
                    let answer = try connection.call("Runtime.evaluate", params: .object([
                        "expression": .string(expression), "returnByValue": .bool(true), "awaitPromise": .bool(true),
                    ]))
                    if let details = answer["exceptionDetails"] {
                        let text = details["exception"]?["description"]?.stringValue ?? details["text"]?.stringValue ?? "\(details)"
                        throw ChromeDevToolsError("the script threw in tab \(id): \(text)")
                    }
                    continuation.resume(returning: answer["result"]?["value"] ?? .null)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// A blocking WebSocket client (RFC 6455) for one DevTools target on 127.0.0.1: the opening
/// handshake, masked text frames out, text frames in (fragmented or not), pings answered. Used
/// from one thread at a time.
final class DevToolsSocket {
    private let descriptor: Int32
    private var received: [UInt8] = []
    private var lastID = 0
    private let deadline: ContinuousClock.Instant

    init(port: Int, path: String, timeout: Duration) throws {
        deadline = ContinuousClock().now + timeout
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ChromeDevToolsError("socket() failed: errno \(errno)") }
        let seconds = max(1, Int(timeout.components.seconds))
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            _ = Glibc.close(descriptor)
            throw ChromeDevToolsError("cannot connect to DevTools on 127.0.0.1:\(port): errno \(code)")
        }
        do {
            try handshake(port: port, path: path)
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }

    /// Sends one protocol command and returns its `result`, skipping the events in between.
    func call(_ method: String, params: JSONValue) throws -> JSONValue {
        lastID += 1
        let id = lastID
        let command = JSONValue.object(["id": .number(Double(id)), "method": .string(method), "params": params])
        try sendFrame(opcode: 0x1, payload: Array(try JSONEncoder().encode(command)))
        while true {
            let message = try JSONValue(parsingJSON: Data(try receiveMessage()))
            guard message["id"]?.intValue == id else { continue }
            if let error = message["error"] {
                throw ChromeDevToolsError("\(method) failed: \(error["message"]?.stringValue ?? "\(error)")")
            }
            return message["result"] ?? .null
        }
    }

    // MARK: - Handshake and frames

    private func handshake(port: Int, path: String) throws {
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        // No Origin header: Chromium refuses WebSocket clients that send one it was not told to allow.
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try sendAll(Array(request.utf8))
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let range = firstRange(of: end, in: received) {
                let head = String(decoding: received[..<range], as: UTF8.self)
                received.removeFirst(range + end.count)
                let status = head.split(separator: "\r\n").first.map(String.init) ?? ""
                guard status.split(separator: " ").dropFirst().first == "101" else {
                    throw ChromeDevToolsError("DevTools refused the WebSocket for \(path): \(status)")
                }
                return
            }
            guard received.count < 65536 else { throw ChromeDevToolsError("DevTools sent an overlong handshake answer") }
            try fill()
        }
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private func sendFrame(opcode: UInt8, payload: [UInt8]) throws {
        var frame: [UInt8] = [0x80 | opcode]
        let count = payload.count
        if count < 126 {
            frame.append(0x80 | UInt8(count))
        } else if count < 65536 {
            frame += [0x80 | 126, UInt8(count >> 8), UInt8(count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((count >> shift) & 0xFF)) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame.reserveCapacity(frame.count + count)
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index & 3]) }
        try sendAll(frame)
    }

    /// The next whole text or binary message; pings are answered, pongs skipped, a close frame ends.
    private func receiveMessage() throws -> [UInt8] {
        var message: [UInt8] = []
        while true {
            let head = try read(2)
            let final = head[0] & 0x80 != 0
            let opcode = head[0] & 0x0F
            var length = Int(head[1] & 0x7F)
            if length == 126 {
                let bytes = try read(2)
                length = Int(bytes[0]) << 8 | Int(bytes[1])
            } else if length == 127 {
                length = try read(8).reduce(0) { $0 << 8 | Int($1) }
            }
            guard length >= 0, length <= 256 << 20 else { throw ChromeDevToolsError("DevTools sent a frame of \(length) bytes") }
            let mask = head[1] & 0x80 != 0 ? try read(4) : nil
            var payload = try read(length)
            if let mask { for index in payload.indices { payload[index] ^= mask[index & 3] } }
            switch opcode {
            case 0x8: throw ChromeDevToolsError("DevTools closed the WebSocket")
            case 0x9: try sendFrame(opcode: 0xA, payload: payload)
            case 0xA: continue
            default:
                message += payload
                if final { return message }
            }
        }
    }

    private func read(_ count: Int) throws -> [UInt8] {
        while received.count < count { try fill() }
        let bytes = Array(received[..<count])
        received.removeFirst(count)
        return bytes
    }

    private func fill() throws {
        guard ContinuousClock().now < deadline else { throw ChromeDevToolsError("DevTools did not answer in time") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            received += chunk[..<count]
        } else if count == 0 {
            throw ChromeDevToolsError("DevTools closed the connection")
        } else if errno != EINTR {
            throw ChromeDevToolsError(errno == EAGAIN || errno == EWOULDBLOCK ? "DevTools did not answer in time" : "recv failed: errno \(errno)")
        }
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
            } else if sent < 0, errno == EINTR {
                continue
            } else {
                throw ChromeDevToolsError("send failed: errno \(errno)")
            }
        }
    }
}
