import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP connection to a test server on 127.0.0.1, for what a client library will not send
/// (a foreign `Host`, a WebSocket upgrade) or will not do (connect and send nothing). The blocking
/// socket calls run on a Dispatch queue, off Swift's cooperative pool, which the server under test
/// needs.
final class RawConnection: @unchecked Sendable {
    /// An answer's status line and headers (names lower-cased) and the body.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let socket: Int32

    private init(socket: Int32) {
        self.socket = socket
    }

    deinit {
        close(socket)
    }

    /// Connects to 127.0.0.1:`port`, and sends `text` at once when given (in the same call: no
    /// pause between the two for a short idle time-out to fall into on a busy machine).
    static func open(port: Int, sending text: String? = nil) async throws -> RawConnection {
        try await offPool {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw Failure(description: "socket failed: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
            let result = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                let code = errno
                close(socket)
                throw Failure(description: "connect to port \(port) failed: errno \(code)")
            }
            if let text {
                do {
                    try sendAll(socket, Data(text.utf8))
                } catch {
                    close(socket)
                    throw error
                }
            }
            return RawConnection(socket: socket)
        }
    }

    /// Sends `text` as it is.
    func send(_ text: String) async throws {
        let data = Data(text.utf8)
        try await Self.offPool { [socket] in try Self.sendAll(socket, data) }
    }

    private static func sendAll(_ socket: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let count = Glibc.send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
                sent += count
            }
        }
    }

    /// Reads one answer: the head, then `Content-Length` bytes of body (none for 101).
    func readAnswer(timeout seconds: Int = 60) async throws -> Answer {
        try await Self.offPool { [socket] in
            Self.setReceiveTimeout(socket, seconds: seconds)
            var received = Data()
            var chunk = [UInt8](repeating: 0, count: 65536)
            func more() throws {
                let count = recv(socket, &chunk, chunk.count, 0)
                guard count > 0 else {
                    throw Failure(
                        description: "the connection ended (\(count), errno \(errno)) after: \(String(decoding: received, as: UTF8.self))")
                }
                received.append(contentsOf: chunk[0..<count])
            }
            while received.range(of: Data("\r\n\r\n".utf8)) == nil { try more() }
            let split = received.range(of: Data("\r\n\r\n".utf8))!
            let lines = String(decoding: received[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let parts = lines[0].split(separator: " ")
            guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = status == 101 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            while received.count - split.upperBound < length { try more() }
            let body = Data(received[split.upperBound..<(split.upperBound + length)])
            return Answer(status: status, headers: headers, body: body)
        }
    }

    /// Waits up to `seconds` for the server to close the connection, reading (and dropping)
    /// whatever it sends; true when it closed, false when it was still open at the end.
    func closedByServer(within seconds: Int) async throws -> Bool {
        try await Self.offPool { [socket] in
            let deadline = Date().addingTimeInterval(TimeInterval(seconds))
            var chunk = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                Self.setReceiveTimeout(socket, seconds: 1)
                let count = recv(socket, &chunk, chunk.count, 0)
                if count == 0 { return true }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                    return true  // ECONNRESET: closed as well
                }
            }
            return false
        }
    }

    private static func setReceiveTimeout(_ socket: Int32, seconds: Int) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
