import DeskgymCore
import Foundation
import Hummingbird
import NIOCore

/// The routes of ``OSWorldEndpoint``: each reads its input as OSWorld's server does (JSON for the
/// command and setup routes, a form for `/file`, `/window_size` and `/setup/upload`) and hands
/// the work to the session in a task of its own, so that a client hanging up cannot cancel it
/// halfway.
struct OSWorldRoutes: Sendable {
    let session: ServedSession
    let maximumBodyBytes: Int

    /// The longest code or script `/run_python` and `/run_bash_script` take: it is passed as one
    /// argument, and Linux takes at most 128 KiB in one.
    static let maximumCodeBytes = 100_000

    func register(on router: Router<BasicRequestContext>) {
        router.get("/screenshot") { _, _ in try await answer { try await $0.osworldScreenshot() } }
        router.get("/accessibility") { _, _ in try await answer { try await $0.osworldAccessibility() } }
        router.get("/terminal") { _, _ in try await answer { try await $0.osworldTerminal() } }
        router.get("/platform") { _, _ in Self.response(.text("Linux")) }
        router.get("/cursor_position") { _, _ in try await answer { try await $0.osworldCursorPosition() } }
        for path in ["/execute", "/setup/execute"] {
            router.post(RouterPath(path)) { request, _ in
                let body = try await json(request, allowed: ["command", "shell"])
                let shell = try bool(body, "shell") ?? false
                return try await answer { [body] in try await $0.osworldExecute(command: body["command"], shell: shell) }
            }
        }
        router.post("/run_python") { request, _ in
            let body = try await json(request, allowed: ["code"])
            guard let code = try body.string("code"), !code.isEmpty else {
                return Self.response(.json(.object(["status": .string("error"), "message": .string("Code not supplied!")]), status: 400))
            }
            guard code.utf8.count <= Self.maximumCodeBytes else {
                throw APIError.badRequest(
                    "field 'code': \(code.utf8.count) bytes is more than the \(Self.maximumCodeBytes) a program is run with")
            }
            return try await answer { try await $0.osworldRunPython(code: code) }
        }
        router.post("/run_bash_script") { request, _ in
            let body = try await json(request, allowed: ["script", "timeout", "working_dir"])
            guard let script = try body.string("script"), !script.isEmpty else {
                return Self.response(
                    .json(
                        .object([
                            "status": .string("error"), "output": .string("Script not supplied!"), "error": .string(""),
                            "returncode": .number(-1),
                        ]), status: 400))
            }
            guard script.utf8.count <= Self.maximumCodeBytes else {
                throw APIError.badRequest(
                    "field 'script': \(script.utf8.count) bytes is more than the \(Self.maximumCodeBytes) a program is run with")
            }
            let timeout = try body.number("timeout", in: 0.001...3600) ?? 100
            let folder = try body.string("working_dir")
            return try await answer { try await $0.osworldRunBash(script: script, timeout: timeout, workingDirectory: folder) }
        }
        router.post("/file") { request, _ in
            let form = try await form(request)
            guard let path = form[text: "file_path"], !path.isEmpty else {
                return Self.response(.json(.object(["error": .string("file_path is required")]), status: 400))
            }
            return try await answer { try await $0.osworldFile(path: path) }
        }
        router.post("/setup/upload") { request, _ in
            let form = try await form(request)
            guard let path = form[text: "file_path"], !path.isEmpty, let file = form.field("file_data") else {
                return Self.response(.json(.object(["error": .string("file_path and file_data are required")]), status: 400))
            }
            return try await answer { try await $0.osworldUpload(path: path, data: file.data) }
        }
        router.post("/setup/launch") { request, _ in
            let body = try await json(request, allowed: ["command", "shell"])
            let shell = try bool(body, "shell") ?? false
            let arguments = try ServedSession.commandArguments(body["command"], shell: shell, field: "command")
            let parameters: [String: JSONValue] = [
                "command": shell ? .string(arguments.joined(separator: " ")) : .array(arguments.map(JSONValue.string)),
                "shell": .bool(shell),
            ]
            let shown = arguments.joined(separator: " ")
            return try await answer {
                try await $0.osworldSetupStep("launch", parameters: parameters, success: "\(shown) launched successfully")
            }
        }
        router.post("/setup/open_file") { request, _ in
            let body = try await json(request, allowed: ["path"])
            guard let path = try body.string("path"), !path.isEmpty else { return Self.response(.text("Path not supplied!", status: 400)) }
            return try await answer {
                try await $0.osworldSetupStep(
                    "open", parameters: ["path": .string(path)], success: "File opened and window activated successfully")
            }
        }
        for (path, type, success) in [
            ("/setup/activate_window", "activate_window", "Window activated successfully"),
            ("/setup/close_window", "close_window", "Window closed successfully."),
        ] {
            router.post(RouterPath(path)) { request, _ in
                let body = try await json(request, allowed: ["window_name", "strict", "by_class"])
                guard let name = try body.string("window_name"), !name.isEmpty else {
                    return Self.response(.text("window_name required", status: 400))
                }
                let parameters: [String: JSONValue] = [
                    "window_name": .string(name), "strict": .bool(try bool(body, "strict") ?? false),
                    "by_class": .bool(try bool(body, "by_class") ?? false),
                ]
                return try await answer { try await $0.osworldSetupStep(type, parameters: parameters, success: success) }
            }
        }
        router.post("/screen_size") { _, _ in try await answer { try await $0.osworldScreenSize() } }
        router.post("/window_size") { request, _ in
            let form = try await form(request)
            guard let name = form[text: "app_class_name"], !name.isEmpty else {
                return Self.response(.json(.object(["error": .string("app_class_name is required")]), status: 400))
            }
            return try await answer { try await $0.osworldWindowSize(className: name) }
        }
        router.post("/desktop_path") { _, _ in try await answer { try await $0.osworldDesktopPath() } }
        router.post("/list_directory") { request, _ in
            let body = try await json(request, allowed: ["path"])
            guard let path = try body.string("path"), !path.isEmpty else {
                return Self.response(.json(.object(["error": .string("Missing 'path' parameter")]), status: 400))
            }
            return try await answer { try await $0.osworldListDirectory(path: path) }
        }
    }

    // MARK: Helpers

    /// Runs `work` on the session in a task the request's cancellation does not reach.
    private func answer(_ work: @escaping @Sendable (ServedSession) async throws -> OSWorldAnswer) async throws -> Response {
        let session = session
        let result = await Task { () -> Result<OSWorldAnswer, APIError> in
            do {
                return .success(try await work(session))
            } catch {
                return .failure(Routes.apiError(error))
            }
        }.value
        return Self.response(try result.get())
    }

    private func json(_ request: Request, allowed: [String]) async throws -> RequestBody {
        try RequestBody.parse(try await request.body.collect(upTo: maximumBodyBytes), allowed: allowed)
    }

    private func form(_ request: Request) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: maximumBodyBytes)
        return try FormBody.parse(Data(buffer.readableBytesView), contentType: request.headers[.contentType])
    }

    private func bool(_ body: RequestBody, _ key: String) throws(APIError) -> Bool? {
        guard let value = body[key], value != .null else { return nil }
        guard let flag = value.boolValue else { throw body.wrongType(key, "true or false", value) }
        return flag
    }

    /// An answer as an HTTP response.
    static func response(_ answer: OSWorldAnswer) -> Response {
        switch answer {
        case .json(let value, let status):
            return JSONResponse.make(value, status: status)
        case .text(let text, let status):
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        case .file(let data, let type):
            return Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
