import DeskgymTestSupport
import Foundation
import Logging
import Testing

@testable import DeskgymServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let testLogger: Logger = {
    var logger = Logger(label: "deskgym.tests.server")
    logger.logLevel = .warning
    return logger
}()

/// The repository, for the bundled task files.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A small desktop: 640x480, openbox, one xterm titled Terminal.
let tinyConfig = """
    kind: xvfb
    name: tiny
    screen: 640x480x24
    apps:
      - command: xterm
        args: [-title, Terminal]
        wait_for_window: Terminal
    settle: {quiet_ms: 40, max_ms: 2000}
    """

/// The bundled `os/create-hello-file` task, set to run on the tiny desktop.
func helloTaskJSON() throws -> [String: Any] {
    let data = try Data(contentsOf: repository.appendingPathComponent("tasks/os/create-hello-file.json"))
    var task = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var deskgym = task["deskgym"] as? [String: Any] ?? [:]
    deskgym["vm_config"] = "tiny"
    task["deskgym"] = deskgym
    return task
}

/// An HTTP answer.
struct Reply: Sendable {
    var status: Int
    var headers: [String: String]
    var data: Data

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: data, as: UTF8.self) }
    /// `error.code` and `error.message` of an error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A real `deskgym serve` on 127.0.0.1 (a port the system picks), with a tiny vm-config and a
/// tasks folder, in this process; ``stop()`` shuts it down and removes its folders.
final class TestServer: Sendable {
    let server: EnvironmentServer
    let port: Int
    let folder: URL
    let token: String?
    private let running: Task<Void, any Error>
    private let http: URLSession

    var registry: SessionRegistry { server.registry }

    /// Where this server keeps training records (with `records: true`).
    var recordsFolder: URL { folder.appendingPathComponent("records") }

    /// Where this server's session folders live.
    var sessionRoot: URL { folder.appendingPathComponent("sessions") }

    static func start(
        capacity: Int = 2, token: String? = nil, sweepInterval: Duration = .milliseconds(100),
        maximumBodyBytes: Int = 8 << 20, records: Bool = false,
        factory: (@Sendable (URL) -> any SessionFactory)? = nil,
        repositoryFolders: Bool = false, idleTimeout: Duration = .seconds(30)
    ) async throws -> TestServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-serve-test-\(UUID())")
        let vmConfigs = folder.appendingPathComponent("vm-configs"), tasks = folder.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: vmConfigs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tasks.appendingPathComponent("os"), withIntermediateDirectories: true)
        try tinyConfig.write(to: vmConfigs.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        try tinyConfig.replacingOccurrences(of: "name: tiny", with: "name: default")
            .write(to: vmConfigs.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: try helloTaskJSON())
            .write(to: tasks.appendingPathComponent("os/create-hello-file.json"))
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, capacity: capacity,
            vmConfigsFolder: repositoryFolders ? repository.appendingPathComponent("vm-configs") : vmConfigs,
            tasksFolder: repositoryFolders ? repository.appendingPathComponent("tasks") : tasks, token: token, sweepInterval: sweepInterval,
            maximumBodyBytes: maximumBodyBytes,
            sessionRoot: folder.appendingPathComponent("sessions"),
            recordsFolder: records ? folder.appendingPathComponent("records") : nil, idleTimeout: idleTimeout)
        let server = try EnvironmentServer(
            configuration: configuration, factory: factory?(folder.appendingPathComponent("sessions")),
            logger: testLogger)
        let running = Task { try await server.run() }
        guard let port = await server.listeningPort(), port > 0 else {
            running.cancel()
            _ = await running.result
            try? FileManager.default.removeItem(at: folder)
            throw ServerDidNotStart()
        }
        return TestServer(server: server, port: port, folder: folder, token: token, running: running)
    }

    private init(server: EnvironmentServer, port: Int, folder: URL, token: String?, running: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.folder = folder
        self.token = token
        self.running = running
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        http = URLSession(configuration: configuration)
    }

    /// Shuts the server down (every session stops) and waits until it has.
    func stop() async {
        await server.shutdown()
        _ = await running.result
        http.invalidateAndCancel()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Shuts the server down and returns what is left in its session root (nothing, if every
    /// session was stopped and cleaned up), before removing its folders.
    func stopAndListLeftovers() async -> [String] {
        await server.shutdown()
        _ = await running.result
        http.invalidateAndCancel()
        let left = (try? FileManager.default.contentsOfDirectory(atPath: sessionRoot.path)) ?? []
        try? FileManager.default.removeItem(at: folder)
        return left
    }

    /// Sends a request; `json` is sent as the JSON body, `body` as raw bytes (typed
    /// `contentType`, `application/octet-stream` unless given). The server's token is sent unless
    /// `token` says otherwise ("" for none); `headers` are added as they are.
    func call(
        _ method: String, _ path: String, json: Any? = nil, body: Data? = nil, contentType: String? = nil,
        token: String? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue(contentType ?? "application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            request.setValue(contentType ?? "application/octet-stream", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        if let bearer = token ?? self.token, !bearer.isEmpty {
            request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await http.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers["\(key)"] = "\(value)"
        }
        return Reply(status: http.statusCode, headers: headers, data: data)
    }

    /// Creates a session on the tiny desktop and returns its id and the whole answer.
    func createSession(_ fields: [String: Any] = [:]) async throws -> (id: String, reply: Reply) {
        var body: [String: Any] = ["vm_config": "tiny", "image": "none"]
        body.merge(fields) { _, given in given }
        let reply = try await call("POST", "/sessions", json: body)
        try #require(reply.status == 201, "create answered \(reply.status): \(reply.text)")
        return (try #require(reply.json["session_id"] as? String), reply)
    }

    /// Steps a session with action text.
    func step(_ id: String, _ action: String, image: String = "none") async throws -> Reply {
        try await call("POST", "/sessions/\(id)/step", json: ["action": action, "image": image])
    }

    /// Runs a shell command in a session.
    func command(_ id: String, _ command: String, timeout: Double = 10) async throws -> Reply {
        try await call("POST", "/sessions/\(id)/command", json: ["command": command, "timeout_seconds": timeout])
    }

    struct ServerDidNotStart: Error {}
}

/// Whether the process is running (a zombie counts as gone).
func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    return !stat[stat.index(after: close)...].hasPrefix(" Z")
}
