import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A static web server for one episode: serves a task's `deskgym.pages` folder on a free loopback
/// port, so that browser tasks have pages to visit without internet.
///
/// `GET` and `HEAD` serve files under the folder with their content type (Hummingbird's
/// `FileMiddleware`: `index.html` for a folder, ranges, ETags). A request whose path has a `..`
/// segment (also percent-encoded) or leads through a symbolic link out of the folder gets 403.
/// A `POST` to any path is recorded — method, path, query, content type and, for
/// `application/x-www-form-urlencoded` bodies, the form fields — in ``submissionsFile`` (a JSON
/// array, rewritten after each submission) and answered with a short HTML page titled
/// "Submission received".
///
/// Start one with ``start(folder:submissionsFile:logger:)`` and end it with ``stop()``, a graceful
/// shutdown: the listening socket closes, idle keep-alive connections (a browser keeps some) are
/// closed, a request in progress is answered first.
public final class PageServer: Sendable {
    /// Where the folder is served: `http://127.0.0.1:PORT` (no trailing slash).
    public let baseURL: URL
    /// The port the server listens on.
    public let port: Int
    /// The folder served (absolute, symbolic links resolved).
    public let folder: URL
    /// Where form submissions are written, if anywhere.
    public let submissionsFile: URL?

    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: URL, port: Int, folder: URL, submissionsFile: URL?, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.folder = folder
        self.submissionsFile = submissionsFile
        self.group = group
        self.task = task
    }

    /// Starts serving `folder` on `127.0.0.1`, on a port the system picks; returns once the server
    /// accepts connections.
    /// - Parameters:
    ///   - folder: an existing folder.
    ///   - submissionsFile: where POSTed submissions are recorded (nil: they are answered, not kept).
    /// - Throws: ``PageServerError`` when the folder is missing or the server cannot listen.
    public static func start(folder: URL, submissionsFile: URL? = nil, logger: Logger) async throws(PageServerError) -> PageServer {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PageServerError(folder: folder, problem: "the pages folder does not exist or is not a folder")
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        let log = SubmissionLog(file: submissionsFile)

        let router = Router()
        router.middlewares.add(PathGuardMiddleware(root: root))
        router.middlewares.add(FileMiddleware(root.path, searchForIndexHtml: true, logger: logger))
        router.post("**") { request, _ -> Response in
            try await log.record(request)
        }

        let ready = ReadySignal()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in ready.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            do {
                try await group.run()
                ready.resolve(.failure(PageServerError(folder: root, problem: "the server ended before it listened")))
            } catch {
                ready.resolve(.failure(PageServerError(folder: root, problem: "cannot listen on 127.0.0.1: \(error)")))
                throw error
            }
        }
        let port: Int
        do {
            port = try await ready.value()
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw error
        }
        guard port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw PageServerError(folder: root, problem: "the server reported no port")
        }
        logger.debug("page server listening", metadata: ["pages.url": "\(url)", "pages.folder": "\(root.path)"])
        return PageServer(baseURL: url, port: port, folder: root, submissionsFile: submissionsFile, group: group, task: task)
    }

    /// Stops the server and waits until its socket is closed. Safe to call more than once.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The port the server reports once it listens, or why it never did; resolved once, awaited once.
private final class ReadySignal: Sendable {
    private let state = Mutex<(result: Result<Int, PageServerError>?, waiter: CheckedContinuation<Result<Int, PageServerError>, Never>?)>(
        (nil, nil))

    func resolve(_ result: Result<Int, PageServerError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<Int, PageServerError>, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }

    func value() async throws(PageServerError) -> Int {
        let result = await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Result<Int, PageServerError>? in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let done { continuation.resume(returning: done) }
        }
        return try result.get()
    }
}
