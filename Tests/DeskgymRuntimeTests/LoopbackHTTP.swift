import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A raw HTTP/1.1 exchange over a loopback TCP socket, for tests that must send a request line
/// exactly as written (a `..` that any client library would remove) and see the answer as sent.
enum LoopbackHTTP {
    struct Response {
        var status: Int
        /// Header names lower-cased.
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `method target` with `Connection: close` (and `body`, if any) to 127.0.0.1:`port`
    /// and reads the whole answer. The blocking socket calls run on a Dispatch queue: blocking
    /// the threads of Swift's cooperative pool would starve the server under test, whose
    /// handlers run there too.
    static func send(
        port: Int, method: String = "GET", target: String, contentType: String? = nil,
        body: Data = Data()
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try exchange(port: port, method: method, target: target, contentType: contentType, body: body)
                    })
            }
        }
    }

    private static func exchange(port: Int, method: String, target: String, contentType: String?, body: Data) throws -> Response {
        let socket = try connect(port: port)
        defer { close(socket) }
        // A server that never answers or never closes fails the test instead of hanging it.
        var limit = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        var request = Data((head + "\r\n").utf8)
        request.append(body)
        try request.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let count = Glibc.send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { throw Failure(description: "send failed: errno \(errno)") }
                sent += count
            }
        }
        var answer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count < 0 {
                throw Failure(
                    description: "recv failed: errno \(errno) after \(answer.count) bytes: \(String(decoding: answer, as: UTF8.self))")
            }
            if count == 0 { break }
            answer.append(contentsOf: chunk[0..<count])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no header end in \(String(decoding: answer, as: UTF8.self))")
        }
        let lines = String(decoding: answer[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: Data(answer[split.upperBound...]))
    }

    /// A TCP socket connected to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket failed: errno \(errno)") }
        var address = loopback(port: port)
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
        return socket
    }

    /// Whether a new socket can bind 127.0.0.1:`port` and listen on it (then closes it).
    static func canListen(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        // As any server does: connections the old server closed may linger in TIME_WAIT on the
        // port; only a live listener must make the bind fail.
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0 && listen(socket, 1) == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }
}
