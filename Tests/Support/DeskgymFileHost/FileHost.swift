import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A file host on 127.0.0.1 standing in for the internet (tests have none): the routes a download
/// cache must cope with.
///
/// - `/files/NAME`: the file, honouring `Range: bytes=N-` (206);
/// - `/flaky/NAME`: 503 twice, then the file;
/// - `/cut/NAME`: the first answer announces the whole length and closes the connection after
///   half the body; later answers honour `Range`;
/// - `/status/CODE`: that status;
/// - `/uc?export=download&id=ID`: Google Drive's confirm page for a large file (a form whose action
///   is `/download` with hidden `id`, `export`, `confirm`, `uuid`, and a cookie), or the file itself
///   when the file's name is `small-ID`;
/// - `/download?id=ID&confirm=t&uuid=…`: the Drive file `ID`, only with the confirm token and cookie.
public final class FileHost: Sendable {
    /// The port the system picked.
    public let port: Int
    private let state: State
    private let task: Task<Void, Never>

    /// One request the host received.
    public struct Received: Sendable, Hashable {
        /// The path, such as `/cut/a.bin`.
        public var path: String
        /// The `Range` header, if any.
        public var range: String?
        /// The `Cookie` header, if any.
        public var cookie: String?
    }

    actor State {
        var files: [String: [UInt8]]
        var counts: [String: Int] = [:]
        var received: [Received] = []

        init(files: [String: [UInt8]]) { self.files = files }

        func record(_ request: Received) -> Int {
            received.append(request)
            counts[request.path, default: 0] += 1
            return counts[request.path, default: 0]
        }

        func file(_ name: String) -> [UInt8]? { files[name] }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far.
    public var received: [Received] {
        get async { await state.received }
    }

    private init(port: Int, state: State, task: Task<Void, Never>) {
        self.port = port
        self.state = state
        self.task = task
    }

    /// Starts a host serving `files` (name → bytes).
    public static func start(files: [String: [UInt8]]) async throws -> FileHost {
        let state = State(files: files)
        let router = Router()
        let ports = AsyncStream<Int>.makeStream()
        let portBox = PortBox()
        router.get("/files/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            _ = await state.record(Received(request))
            guard let bytes = await state.file(name) else { return Response(status: .notFound) }
            return ranged(bytes, request: request)
        }
        router.get("/flaky/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            let count = await state.record(Received(request))
            guard count > 2 else { return Response(status: .serviceUnavailable) }
            guard let bytes = await state.file(name) else { return Response(status: .notFound) }
            return ranged(bytes, request: request)
        }
        router.get("/cut/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            let count = await state.record(Received(request))
            guard let bytes = await state.file(name) else { return Response(status: .notFound) }
            guard count == 1 else { return ranged(bytes, request: request) }
            let half = ByteBuffer(bytes: bytes.prefix(bytes.count / 2))
            let body = ResponseBody(contentLength: bytes.count) { writer in
                try await writer.write(half)
                // Throwing after the head and half the body closes the connection mid-body.
                throw ConnectionCut()
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: body)
        }
        router.get("/status/:code") { request, context -> Response in
            let code = Int(try context.parameters.require("code")) ?? 500
            _ = await state.record(Received(request))
            return Response(status: HTTPResponse.Status(code: code))
        }
        router.get("/uc") { request, _ -> Response in
            _ = await state.record(Received(request))
            let id = request.uri.queryParameters.get("id") ?? ""
            if let small = await state.file("small-\(id)") {
                return Response(
                    status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: small)))
            }
            let page = """
                <!DOCTYPE html><html><head><title>Google Drive - Virus scan warning</title></head><body>
                <p class="uc-warning-subcaption">Google Drive can&#39;t scan this file for viruses.</p>
                <form id="download-form" action="http://127.0.0.1:\(portBox.port)/download" method="get">
                <input type="submit" id="uc-download-link" class="goog-inline-block jfk-button" value="Download anyway"/>
                <input type="hidden" name="id" value="\(id)"><input type="hidden" name="export" value="download">
                <input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="0a1b-2c3d">
                </form></body></html>
                """
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
            headers[.setCookie] = "download_warning_\(id)=t; Path=/; HttpOnly"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("/download") { request, _ -> Response in
            _ = await state.record(Received(request))
            let query = request.uri.queryParameters
            guard let id = query.get("id"), query.get("confirm") == "t", query.get("uuid") == "0a1b-2c3d",
                request.headers[.cookie]?.contains("download_warning_\(id)=t") == true,
                let bytes = await state.file("drive-\(id)")
            else { return Response(status: .forbidden) }
            return ranged(bytes, request: request)
        }
        var logger = Logger(label: "file-host")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task {
            try? await app.run()
            ports.continuation.finish()
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            await task.value
            throw HostDidNotStart()
        }
        portBox.port = port
        return FileHost(port: port, state: state, task: task)
    }

    /// Stops the host and waits until it is gone.
    public func stop() async {
        task.cancel()
        await task.value
    }

    /// The file, or with `Range: bytes=N-` the part from N (206, or 416 past the end).
    static func ranged(_ bytes: [UInt8], request: Request) -> Response {
        guard let range = request.headers[.range], range.hasPrefix("bytes="),
            let start = Int(range.dropFirst("bytes=".count).split(separator: "-").first ?? "")
        else {
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        guard start < bytes.count else {
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(bytes.count)"])
        }
        return Response(
            status: .partialContent,
            headers: [.contentType: "application/octet-stream", .contentRange: "bytes \(start)-\(bytes.count - 1)/\(bytes.count)"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes[start...])))
    }

    public struct HostDidNotStart: Error {}
    struct ConnectionCut: Error {}

    /// The port, known only once the server runs, for the confirm page's absolute form action.
    final class PortBox: Sendable {
        let value = Mutex(0)
        var port: Int {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }
}

extension FileHost.Received {
    init(_ request: Request) {
        path = request.uri.path
        range = request.headers[.range]
        cookie = request.headers[.cookie]
    }
}
