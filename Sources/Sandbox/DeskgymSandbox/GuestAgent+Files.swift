import Foundation

extension GuestAgent {
    /// The bytes moved per `guest-file-read` or `guest-file-write` call: well under the agent's
    /// 48 MiB read cap and its 32 MiB request cap once base64 grows them by a third.
    static let fileChunk = 4 << 20

    /// The guest file at `path`, or nil when it does not exist (`guest-file-open`,
    /// `guest-file-read` in chunks, `guest-file-close`). Other failures (permission, a folder,
    /// more than `limit` bytes) are errors naming the path.
    public func readFile(atPath path: String, limit: Int = 512 << 20) throws -> Data? {
        let connection = try Connection(path: socketPath)
        defer { connection.close() }
        try connection.sync(timeout: .seconds(5))
        let handle: Int
        do {
            handle = try openFile(path, mode: "r", connection: connection)
        } catch let error as GuestAgentError where error.problem.contains("No such file or directory") {
            return nil
        }
        defer { _ = try? connection.call("guest-file-close", arguments: ["handle": handle], timeout: .seconds(10)) }
        var data = Data()
        while true {
            let answer = try connection.call(
                "guest-file-read", arguments: ["handle": handle, "count": Self.fileChunk],
                timeout: .seconds(60))
            guard let fields = answer as? [String: Any], let count = fields["count"] as? Int else {
                throw GuestAgentError(socket: socketPath, operation: "guest-file-read \(path)", problem: "unexpected answer \(answer)")
            }
            if count > 0 {
                guard let encoded = fields["buf-b64"] as? String, let chunk = Data(base64Encoded: encoded) else {
                    throw GuestAgentError(socket: socketPath, operation: "guest-file-read \(path)", problem: "no base64 data in the answer")
                }
                data.append(chunk)
                guard data.count <= limit else {
                    throw GuestAgentError(
                        socket: socketPath, operation: "guest-file-read \(path)",
                        problem: "the file is larger than \(limit) bytes")
                }
            }
            if fields["eof"] as? Bool == true || count == 0 { return data }
        }
    }

    /// Writes `data` to the guest file at `path`, replacing it. The folder must exist.
    public func writeFile(_ data: Data, atPath path: String) throws {
        let connection = try Connection(path: socketPath)
        defer { connection.close() }
        try connection.sync(timeout: .seconds(5))
        let handle = try openFile(path, mode: "w", connection: connection)
        var closed = false
        defer { if !closed { _ = try? connection.call("guest-file-close", arguments: ["handle": handle], timeout: .seconds(10)) } }
        var offset = 0
        while offset < data.count {
            let chunk = data[data.startIndex + offset..<data.startIndex + min(data.count, offset + Self.fileChunk)]
            let answer = try connection.call(
                "guest-file-write", arguments: ["handle": handle, "buf-b64": chunk.base64EncodedString()],
                timeout: .seconds(60))
            guard let count = (answer as? [String: Any])?["count"] as? Int, count > 0 else {
                throw GuestAgentError(socket: socketPath, operation: "guest-file-write \(path)", problem: "unexpected answer \(answer)")
            }
            offset += count
        }
        // Closing flushes: a failure there is a failed write.
        closed = true
        _ = try connection.call("guest-file-close", arguments: ["handle": handle], timeout: .seconds(10))
    }

    /// Starts `program` in the guest without waiting for it or keeping its output (`launch` steps:
    /// applications that run for the whole episode). Returns the guest pid.
    public func start(program: String, arguments: [String], environment: [String: String]) throws -> Int {
        let connection = try Connection(path: socketPath)
        defer { connection.close() }
        try connection.sync(timeout: .seconds(5))
        return try exec(program: program, arguments: arguments, environment: environment, captureOutput: false, connection: connection)
    }

    /// Starts `program` through `connection` (`guest-exec`), its output kept for
    /// `guest-exec-status` when `captureOutput`. Returns the guest pid.
    func exec(
        program: String, arguments: [String], environment: [String: String], captureOutput: Bool, connection: Connection
    ) throws -> Int {
        var execute: [String: Any] = ["path": program, "arg": arguments, "capture-output": captureOutput]
        if !environment.isEmpty { execute["env"] = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        let answer = try connection.call("guest-exec", arguments: execute, timeout: .seconds(10))
        guard let pid = (answer as? [String: Any])?["pid"] as? Int else {
            throw GuestAgentError(socket: socketPath, operation: "guest-exec \(program)", problem: "no pid in the answer: \(answer)")
        }
        return pid
    }

    private func openFile(_ path: String, mode: String, connection: Connection) throws -> Int {
        let answer = try connection.call("guest-file-open", arguments: ["path": path, "mode": mode], timeout: .seconds(10))
        guard let handle = answer as? Int else {
            throw GuestAgentError(socket: socketPath, operation: "guest-file-open \(path)", problem: "no handle in the answer: \(answer)")
        }
        return handle
    }
}
