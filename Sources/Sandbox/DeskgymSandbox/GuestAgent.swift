import DeskgymCore
import Foundation

/// A client of the QEMU guest agent (`qemu-ga`) over its Unix socket: runs programs in the guest
/// (`guest-exec`, `guest-exec-status`) and checks that the agent answers (`guest-sync`).
///
/// Each call opens its own connection: QEMU's socket serves one client at a time and an agent
/// that restarts in the guest is found again by the next call.
public struct GuestAgent: Sendable {
    /// The Unix socket QEMU (or a host `qemu-ga --method unix-listen`) listens on.
    public let socketPath: String

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// Whether the agent answers a `guest-sync` within `timeout`.
    public func ping(timeout: Duration = .seconds(2)) -> Bool {
        guard let connection = try? Connection(path: socketPath) else { return false }
        defer { connection.close() }
        return (try? connection.sync(timeout: timeout)) != nil
    }

    /// Runs `program` with `arguments` in the guest and waits for it (at most `timeout`; a program
    /// still running then is left running and the result says it timed out).
    public func run(program: String, arguments: [String], environment: [String: String], timeout: Duration) async throws -> CommandResult {
        let clock = ContinuousClock()
        let started = clock.now
        let connection = try Connection(path: socketPath)
        defer { connection.close() }
        try connection.sync(timeout: .seconds(5))
        let pid = try exec(program: program, arguments: arguments, environment: environment, captureOutput: true, connection: connection)
        while true {
            let status = try connection.call("guest-exec-status", arguments: ["pid": pid], timeout: .seconds(10))
            guard let fields = status as? [String: Any] else {
                throw GuestAgentError(socket: socketPath, operation: "guest-exec-status", problem: "unexpected answer \(status)")
            }
            if fields["exited"] as? Bool == true {
                let decode = { (key: String) in
                    (fields[key] as? String).flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
                let code = fields["exitcode"] as? Int
                let signal = fields["signal"] as? Int
                return CommandResult(
                    stdout: decode("out-data"), stderr: decode("err-data"), exitCode: code.map(Int32.init),
                    status: signal.map { "killed by signal \($0)" } ?? "exited with code \(code ?? -1)",
                    timedOut: false, duration: clock.now - started)
            }
            if clock.now - started > timeout {
                return CommandResult(
                    stdout: "", stderr: "", exitCode: nil, status: "still running in the guest (pid \(pid))",
                    timedOut: true, duration: clock.now - started)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// One connection to the agent's socket.
    final class Connection: @unchecked Sendable {
        // @unchecked: the descriptor is used by one call at a time, within one `GuestAgent` method.
        let path: String
        private let descriptor: Int32
        private var pending = Data()

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else {
                throw GuestAgentError(socket: path, operation: "connect", problem: String(cString: strerror(errno)))
            }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                Foundation.close(descriptor)
                throw GuestAgentError(socket: path, operation: "connect", problem: "socket path too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
            guard connected else {
                let reason = String(cString: strerror(errno))
                Foundation.close(descriptor)
                throw GuestAgentError(socket: path, operation: "connect", problem: reason)
            }
        }

        func close() {
            Foundation.close(descriptor)
        }

        /// Sends `guest-sync` with a random id and reads answers until the one with that id:
        /// whatever an earlier client left unread is skipped.
        func sync(timeout: Duration) throws {
            let id = Int.random(in: 1...Int(Int32.max))
            try send(["execute": "guest-sync", "arguments": ["id": id]])
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while true {
                let message = try receive(until: deadline)
                if message["return"] as? Int == id { return }
            }
        }

        /// Runs one agent command and returns its `return` value.
        func call(_ command: String, arguments: [String: Any], timeout: Duration) throws -> Any {
            try send(["execute": command, "arguments": arguments])
            let message = try receive(until: ContinuousClock.now + timeout)
            if let error = message["error"] as? [String: Any] {
                throw GuestAgentError(
                    socket: path, operation: command,
                    problem: (error["desc"] as? String) ?? "\(error)")
            }
            guard let value = message["return"] else {
                throw GuestAgentError(socket: path, operation: command, problem: "answer without 'return': \(message)")
            }
            return value
        }

        private func send(_ object: [String: Any]) throws {
            var data = try JSONSerialization.data(withJSONObject: object)
            data.append(0x0A)
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw GuestAgentError(socket: path, operation: "send", problem: String(cString: strerror(errno)))
                    }
                    offset += written
                }
            }
        }

        /// Reads one JSON object (the agent ends each with a newline).
        private func receive(until deadline: ContinuousClock.Instant) throws -> [String: Any] {
            while true {
                if let newline = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<newline].filter { $0 != 0xFF }
                    pending.removeSubrange(pending.startIndex...newline)
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                        throw GuestAgentError(
                            socket: path, operation: "receive",
                            problem: "not a JSON object: \(String(decoding: line, as: UTF8.self))")
                    }
                    return object
                }
                let left = deadline - ContinuousClock.now
                guard left > .zero else {
                    throw GuestAgentError(
                        socket: path, operation: "receive", problem: "no answer in time (is qemu-ga running in the guest?)")
                }
                var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, Int32(max(1, min(1000, left.milliseconds))))
                if ready < 0, errno != EINTR {
                    throw GuestAgentError(socket: path, operation: "receive", problem: String(cString: strerror(errno)))
                }
                guard ready > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 65536)
                let count = recv(self.descriptor, &buffer, buffer.count, 0)
                if count == 0 {
                    throw GuestAgentError(socket: path, operation: "receive", problem: "the agent closed the connection")
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw GuestAgentError(socket: path, operation: "receive", problem: String(cString: strerror(errno)))
                }
                pending.append(contentsOf: buffer[0..<count])
            }
        }
    }
}

/// A guest agent call that failed.
public struct GuestAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The agent's socket.
    public var socket: String
    /// The agent command or step: `guest-exec`, `connect`, …
    public var operation: String
    public var problem: String

    public var description: String { "guest agent at \(socket): \(operation): \(problem)" }
}
