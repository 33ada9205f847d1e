import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymSandbox
import Foundation
import Hummingbird

/// The HTTP routes: each reads and checks its input, then hands the work to the registry or to
/// one session. Work on a session runs in a task of its own, so that a client hanging up
/// mid-request cannot cancel a step halfway and leave the session in between.
struct Routes: Sendable {
    let registry: SessionRegistry
    let resolver: TaskResolver
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    func register(on router: Router<BasicRequestContext>) {
        assert(RouteTable.contains("GET", "/health"))
        router.get("/health") { _, _ in await health() }
        assert(RouteTable.contains("GET", "/metrics"))
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        assert(RouteTable.contains("GET", "/sessions"))
        router.get("/sessions") { _, _ in JSONResponse.make(SessionList(sessions: await registry.summaries())) }
        assert(RouteTable.contains("POST", "/sessions"))
        router.post("/sessions") { request, _ in try await create(request) }
        assert(RouteTable.contains("GET", "/sessions/:id"))
        router.get("/sessions/:id") { _, context in
            let id = try context.parameters.require("id")
            let session = try await registry.session(id)
            return JSONResponse.make(await session.summary(now: .now))
        }
        assert(RouteTable.contains("DELETE", "/sessions/:id"))
        router.delete("/sessions/:id") { _, context in
            let id = try context.parameters.require("id")
            try await detached { try await registry.delete(id) }
            return JSONResponse.make(["session_id": id, "status": "deleted"])
        }
        assert(RouteTable.contains("GET", "/sessions/:id/observation"))
        router.get("/sessions/:id/observation") { request, context in
            let image = try imageParameter(request)
            var type: ObservationType?
            if let text = request.uri.queryParameters.get("observation_type").map({ String($0) }) {
                guard let parsed = ObservationType(rawValue: text) else {
                    throw APIError.badRequest(
                        "query parameter 'observation_type' must be one of "
                            + ObservationType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ", got \"\(text.excerpt)\"")
                }
                type = parsed
            }
            return JSONResponse.make(try await onSession(context) { [type] in try await $0.observe(image: image, type: type) })
        }
        assert(RouteTable.contains("GET", "/sessions/:id/screenshot"))
        router.get("/sessions/:id/screenshot") { _, context in
            let png = try await onSession(context) { try await $0.screenshotPNG() }
            return Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
        }
        assert(RouteTable.contains("GET", "/sessions/:id/accessibility"))
        router.get("/sessions/:id/accessibility") { request, context in
            let format = request.uri.queryParameters.get("format").map { String($0) } ?? "xml"
            guard AccessibilityPayload.formats.contains(format) else {
                throw APIError.badRequest("query parameter 'format' must be \"xml\" or \"table\", got \"\(format.excerpt)\"")
            }
            return JSONResponse.make(try await onSession(context) { try await $0.accessibility(format: format) })
        }
        assert(RouteTable.contains("GET", "/sessions/:id/stream"))
        router.get("/sessions/:id/stream") { _, context -> Response in
            // Reached only without a WebSocket upgrade (a live session with the right token upgrades).
            let id = try context.parameters.require("id")
            _ = try await registry.session(id)
            throw APIError(
                status: 426, code: "upgrade_required",
                message: "GET /sessions/\(id)/stream is a WebSocket: connect with 'Upgrade: websocket'")
        }
        assert(RouteTable.contains("POST", "/sessions/:id/reset"))
        router.post("/sessions/:id/reset") { request, context in try await reset(request, context) }
        assert(RouteTable.contains("POST", "/sessions/:id/step"))
        router.post("/sessions/:id/step") { request, context in
            let body = try RequestBody.parse(try await collect(request), allowed: StepInput.fields)
            let input = try StepInput(body)
            let id = try context.parameters.require("id")
            return JSONResponse.make(try await step(id, input))
        }
        assert(RouteTable.contains("POST", "/sessions/:id/evaluate"))
        router.post("/sessions/:id/evaluate") { request, context in
            _ = try RequestBody.parse(try await collect(request), allowed: [])
            return JSONResponse.make(try await onSession(context) { try await $0.evaluateNow() })
        }
        assert(RouteTable.contains("POST", "/sessions/:id/command"))
        router.post("/sessions/:id/command") { request, context in try await command(request, context) }
        assert(RouteTable.contains("GET", "/sessions/:id/files"))
        router.get("/sessions/:id/files") { request, context in
            let path = try pathParameter(request)
            let data = try await onSession(context) { try await $0.readFile(path) }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        assert(RouteTable.contains("POST", "/sessions/:id/files"))
        router.post("/sessions/:id/files") { request, context in
            let path = try pathParameter(request)
            let data = Data(try await collect(request).readableBytesView)
            let written = try await onSession(context) { try await $0.writeFile(path, data: data) }
            return JSONResponse.make(FileWritten(path: written, bytes: data.count), status: 201)
        }
        assert(RouteTable.contains("POST", "/step"))
        router.post("/step") { request, _ in try await batch(request) }
    }

    // MARK: Routes with more to them

    private func health() async -> Response {
        let busy = await registry.busyCount
        return JSONResponse.make(Health(status: "ok", capacity: registry.capacity, free: max(0, registry.capacity - busy), busy: busy))
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try RequestBody.parse(try await collect(request), allowed: SessionSpec.fields)
        let task = try body["task"].map { value throws(APIError) in try resolver.task(from: value) }
        var config = try resolver.vmConfig(named: try body.string("vm_config"), for: task)
        if let screen = try body.size("screen", in: 64...8192) {
            config.screen = VMConfig.Screen(width: screen.width, height: screen.height, depth: config.screen.depth)
        }
        let grammar = try SessionGrammar(named: try body.string("grammar") ?? PyAutoGUIGrammar.name, field: "grammar")
        var observationSize: Size?
        if let size = try body.size("observation_size", in: 16...8192) {
            guard size.width <= config.screen.width, size.height <= config.screen.height else {
                throw APIError.badRequest(
                    "field 'observation_size': \(size.width)x\(size.height) is larger than the "
                        + "\(config.screen.width)x\(config.screen.height) screen; it scales screenshots down only")
            }
            observationSize = size
        }
        let leaseSeconds = try body.number("lease_seconds", in: 0.001...configuration.maximumLease.seconds)
        let image = try body.choice("image", among: ImageMode.allCases.map(\.rawValue)).flatMap(ImageMode.init(rawValue:))
        let observationType =
            try body.choice("observation_type", among: ObservationType.allCases.map(\.rawValue)).flatMap(ObservationType.init(rawValue:))
        var built = SessionSpec(
            task: task, config: config, screen: body["screen"] == nil ? nil : config.screen, grammar: grammar,
            observationSize: observationSize,
            lease: leaseSeconds.map { .milliseconds(Int64(($0 * 1000).rounded())) } ?? configuration.defaultLease,
            image: image ?? .base64)
        built.observationType = observationType ?? .screenshot
        if let value = body["osworld_api"], value != .null {
            guard let enabled = value.boolValue else { throw body.wrongType("osworld_api", "true or false", value) }
            built.osworldAPI = enabled
        }
        built.maximumBodyBytes = configuration.maximumBodyBytes
        let spec = built
        let registry = registry
        let (session, observation) = try await detached { try await registry.create(spec) }
        return JSONResponse.make(
            Created(
                sessionID: session.id, observation: observation, task: task?.task.id,
                instruction: task?.task.instruction, vmConfig: config.name, grammar: grammar.name, leaseSeconds: spec.lease.seconds,
                osworld: await session.osworldPorts),
            status: 201)
    }

    private func reset(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try RequestBody.parse(try await collect(request), allowed: ["task", "vm_config"])
        return JSONResponse.make(try await reset(try context.parameters.require("id"), body))
    }

    /// Resets session `id` as `body` asks (a new task, a vm-config).
    func reset(_ id: String, _ body: RequestBody) async throws(APIError) -> ResetAnswer {
        let task = try body["task"].map { value throws(APIError) in try resolver.task(from: value) }
        let configName = try body.string("vm_config")
        let config = task != nil || configName != nil ? try resolver.vmConfig(named: configName, for: task) : nil
        let (observation, instruction) = try await onSession(id) { try await $0.reset(task: task, config: config) }
        metrics.record(.reset)
        return ResetAnswer(observation: observation, instruction: instruction)
    }

    private func command(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let body = try RequestBody.parse(try await collect(request), allowed: ["command", "timeout_seconds"])
        guard let command = try body.string("command"), !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("field 'command' in the request body is required: a shell command line")
        }
        let seconds = try body.number("timeout_seconds", in: 0.001...3600) ?? 60
        let result = try await onSession(context) {
            try await $0.run(command: command, timeout: .milliseconds(Int64((seconds * 1000).rounded())))
        }
        metrics.record(.command)
        return JSONResponse.make(result)
    }

    private func batch(_ request: Request) async throws -> Response {
        let body = try RequestBody.parse(try await collect(request), allowed: ["steps"])
        // Malformed entries are the client's bug: refuse the whole batch before any step runs.
        let entries = try StepInput.batch(body)
        let results = await withTaskGroup(of: (Int, BatchStepResult).self) { group in
            for (index, entry) in entries.enumerated() {
                group.addTask {
                    do throws(APIError) {
                        return (index, .success(entry.id, try await step(entry.id, entry.input)))
                    } catch {
                        metrics.record(error.status >= 500 ? .environmentError : .requestError)
                        return (index, .failure(entry.id, error))
                    }
                }
            }
            var results: [BatchStepResult?] = Array(repeating: nil, count: entries.count)
            for await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
        return JSONResponse.make(BatchStepResults(results: results))
    }

    // MARK: Helpers

    /// One step on session `id`, counted in the metrics; a broken desktop takes the session out
    /// of the registry.
    func step(_ id: String, _ input: StepInput) async throws(APIError) -> StepPayload {
        let started = ContinuousClock.now
        let payload = try await onSession(id) { try await $0.step(input) }
        metrics.recordStep(.now - started)
        if payload.info.environmentError != nil { metrics.record(.environmentError) }
        return payload
    }

    private func onSession<T: Sendable>(
        _ context: BasicRequestContext,
        _ work: @escaping @Sendable (ServedSession) async throws -> T
    ) async throws -> T {
        try await onSession(try context.parameters.require("id"), work)
    }

    /// Runs `work` on session `id` in a task of its own; afterwards, a session that ended by
    /// itself (a broken desktop) leaves the registry with its reason.
    func onSession<T: Sendable>(
        _ id: String,
        _ work: @escaping @Sendable (ServedSession) async throws -> T
    ) async throws(APIError) -> T {
        let session = try await registry.session(id)
        let result = await Task { () -> Result<T, APIError> in
            do {
                return .success(try await work(session))
            } catch {
                return .failure(Self.apiError(error))
            }
        }.value
        if let reason = await session.endReason {
            await registry.forget(id, reason: reason)
        }
        return try result.get()
    }

    /// Runs `work` in a task of its own, which the request's cancellation does not reach.
    private func detached<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws(APIError) -> T {
        let result = await Task { () -> Result<T, APIError> in
            do {
                return .success(try await work())
            } catch {
                return .failure(Self.apiError(error))
            }
        }.value
        return try result.get()
    }

    /// The error as the API answers it: API errors as they are, anything else as a 500.
    static func apiError(_ error: any Error) -> APIError {
        error as? APIError ?? APIError(status: 500, code: "internal_error", message: "\(error)")
    }

    private func collect(_ request: Request) async throws -> ByteBuffer {
        try await request.body.collect(upTo: configuration.maximumBodyBytes)
    }

    private func imageParameter(_ request: Request) throws(APIError) -> ImageMode? {
        guard let text = request.uri.queryParameters.get("image") else { return nil }
        guard let mode = ImageMode(rawValue: text) else {
            throw APIError.badRequest("query parameter 'image' must be \"base64\" or \"none\", got \"\(text.excerpt)\"")
        }
        return mode
    }

    private func pathParameter(_ request: Request) throws(APIError) -> String {
        guard let path = request.uri.queryParameters.get("path") else {
            throw APIError.badRequest("query parameter 'path' is required: a file in the session's HOME")
        }
        return path
    }
}
