import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTasks
import Foundation

/// What OSWorld's in-VM server answers a route with: JSON, plain text, or a file's bytes.
enum OSWorldAnswer: Sendable {
    case json(JSONValue, status: Int = 200)
    case text(String, status: Int = 200)
    case file(Data, contentType: String)

    /// OSWorld's error shape for the command routes: `{"status": "error", "message": …}`.
    static func error(_ message: String, status: Int = 500) -> OSWorldAnswer {
        .json(.object(["status": .string("error"), "message": .string(message)]), status: status)
    }
}

/// The work behind OSWorld's in-VM server routes (``OSWorldEndpoint``), on this session's
/// desktop. Each passes the session's gate, as the session's own routes do, and keeps to the
/// session: commands run in its sandbox, paths are the session's (`/home/user/…` is its HOME).
extension ServedSession {
    /// The longest a command of `/execute` may run (OSWorld's server gives 120 s).
    static let osworldCommandTimeout = Duration.seconds(120)

    /// Runs `work` on the desktop behind the gate; a failure the desktop's health explains ends
    /// the session as an environment error, any other is answered with OSWorld's error shape.
    func osworld(
        _ what: String, _ work: @Sendable (DesktopSession, TaskContext) async throws -> OSWorldAnswer
    ) async throws(APIError) -> OSWorldAnswer {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        do {
            return try await work(desktop, context(desktop))
        } catch let error as APIError {
            throw error
        } catch {
            do {
                try await desktop.checkHealth()
            } catch {
                throw await environmentFailure(what, error)
            }
            return .error("\(what): \(error)")
        }
    }

    /// `/execute` and `/setup/execute`: `command` (a list, or a string split as `shlex.split`
    /// does, or run by `bash -c` with `shell`) run in the session as a setup step's command is;
    /// its output and code.
    func osworldExecute(command: JSONValue?, shell: Bool) async throws(APIError) -> OSWorldAnswer {
        let arguments = try Self.commandArguments(command, shell: shell, field: "command")
        return try await osworld("execute") { desktop, context in
            let (program, rest) = SetupRunner.programLine(arguments, shell: shell, context: context)
            let result = try await desktop.run(program: program, arguments: rest, timeout: Self.osworldCommandTimeout)
            if result.timedOut {
                return .error("Command '\(arguments.joined(separator: " ").excerpt)' timed out after 120 seconds")
            }
            return .json(
                .object([
                    "status": .string("success"), "output": .string(result.stdout), "error": .string(result.stderr),
                    "returncode": .number(Double(Self.returnCode(result))),
                ]))
        }
    }

    /// `/run_python`: `code` run by the session's `/usr/bin/python3` (30 s at most), answered as
    /// OSWorld's server does (`status`, `message`, `output`, `error`, `return_code`).
    func osworldRunPython(code: String) async throws(APIError) -> OSWorldAnswer {
        try await osworld("run_python") { desktop, context in
            // OSWorld's server writes the code to a file first; `-c` runs it the same way without one.
            let result = try await desktop.run(program: "/usr/bin/python3", arguments: ["-c", code], timeout: .seconds(30))
            if result.timedOut {
                return .json(
                    .object([
                        "status": .string("error"), "message": .string("Execution timeout: Code took too long to execute"),
                        "error": .string("TimeoutExpired"), "need_more": .bool(false), "output": .null,
                    ]), status: 500)
            }
            let code = Self.returnCode(result)
            var error = result.stderr
            var message = result.stdout
            if !error.isEmpty { message += message.isEmpty ? error : "\n" + error }
            if code != 0, error.isEmpty {
                error = "Process exited with code \(code)"
                message = message.isEmpty ? error : message + "\n" + error
            }
            return .json(
                .object([
                    "status": .string(code == 0 ? "success" : "error"), "message": .string(message), "need_more": .bool(false),
                    "output": .string(result.stdout), "error": .string(error), "return_code": .number(Double(code)),
                ]))
        }
    }

    /// `/run_bash_script`: `script` run by bash in `workingDirectory` (HOME when nil), stderr
    /// merged into `output`, within `timeout` seconds.
    func osworldRunBash(script: String, timeout: Double, workingDirectory: String?) async throws(APIError) -> OSWorldAnswer {
        try await osworld("run_bash_script") { desktop, context in
            let folder = context.programPath(workingDirectory ?? "~")
            guard try await desktop.fileExists(onDesktop: desktop.hostPath(forProgramPath: folder)) else {
                return .json(
                    .object([
                        "status": .string("error"), "output": .string("Working directory does not exist: \(folder)"),
                        "error": .string(""), "returncode": .number(-1),
                    ]), status: 400)
            }
            // The script runs from `-c` (no file to leave behind), after moving to the folder and
            // merging stderr into stdout, as OSWorld's server does.
            let result = try await desktop.run(
                program: "/bin/bash", arguments: ["-c", "cd -- \"$0\" || exit 1; exec 2>&1\n" + script, folder],
                timeout: .milliseconds(Int64(timeout * 1000)))
            if result.timedOut {
                return .json(
                    .object([
                        "status": .string("error"),
                        "output": .string("Script execution timed out after \(RequestBody.format(timeout)) seconds"),
                        "error": .string(""), "returncode": .number(-1),
                    ]), status: 500)
            }
            let code = Self.returnCode(result)
            return .json(
                .object([
                    "status": .string(code == 0 ? "success" : "error"), "output": .string(result.stdout + result.stderr),
                    "error": .string(""), "returncode": .number(Double(code)),
                ]))
        }
    }

    /// `/file`: the bytes of the session's file at `path` (`~` and `$HOME` expanded); 404 when
    /// there is none.
    func osworldFile(path: String) async throws(APIError) -> OSWorldAnswer {
        try await osworld("file") { desktop, context in
            let source = desktop.hostPath(forProgramPath: context.programPath(Self.expandHome(path)))
            guard let data = try await desktop.readFile(onDesktop: source) else {
                return .json(.object(["error": .string("File not found")]), status: 404)
            }
            return .file(data, contentType: "application/octet-stream")
        }
    }

    /// `/setup/upload`: writes `data` to the session's `path`, making its folder.
    func osworldUpload(path: String, data: Data) async throws(APIError) -> OSWorldAnswer {
        try await osworld("upload") { desktop, context in
            try await Self.put(data, at: context.programPath(Self.expandHome(path)), on: desktop)
            return .text("File Uploaded: \(data.count) bytes")
        }
    }

    /// `/setup/launch`, `/setup/open_file`, `/setup/activate_window`, `/setup/close_window`: the
    /// setup step of that type with these parameters, as a task's `config` runs it (programs
    /// OSWorld's VM has mapped to the session's, `pkill` ending the session's programs only).
    func osworldSetupStep(_ type: String, parameters: [String: JSONValue], success: String) async throws(APIError) -> OSWorldAnswer {
        try await osworld(type) { desktop, context in
            do {
                try await SetupRunner.run(
                    [SetupStep(type: type, parameters: .object(parameters))], phase: "osworld", context: context)
            } catch let error as TaskRunError {
                let notFound = error.message.hasPrefix("no window matches") || error.message.contains("does not exist")
                return .text(error.message, status: notFound ? 404 : 500)
            }
            return .text(success)
        }
    }

    /// `/screenshot`: the whole screen with the pointer drawn, as PNG.
    func osworldScreenshot() async throws(APIError) -> OSWorldAnswer {
        try await osworld("screenshot") { desktop, context in
            .file(try desktop.desktop.observe(cursor: true, scaledTo: nil).screenshot.png, contentType: "image/png")
        }
    }

    /// `/terminal`: the active terminal's text (`null` when no terminal is active).
    func osworldTerminal() async throws(APIError) -> OSWorldAnswer {
        try await osworld("terminal") { desktop, context in
            let text = try await GetterRunner.activeTerminalText(context: context)
            return .json(.object(["output": text.map(JSONValue.string) ?? .null, "status": .string("success")]))
        }
    }

    /// `/screen_size`.
    func osworldScreenSize() async throws(APIError) -> OSWorldAnswer {
        try await osworld("screen_size") { desktop, context in
            let size = desktop.desktop.screenSize
            return .json(.object(["width": .number(Double(size.width)), "height": .number(Double(size.height))]))
        }
    }

    /// `/window_size`: the size of the first window whose `WM_CLASS` instance or class is
    /// `className` (ignoring case).
    func osworldWindowSize(className: String) async throws(APIError) -> OSWorldAnswer {
        try await osworld("window_size") { desktop, context in
            let wanted = className.lowercased()
            guard
                let window = try desktop.desktop.windows.list().first(where: {
                    $0.className.lowercased() == wanted || $0.instanceName.lowercased() == wanted
                })
            else {
                return .json(.object(["error": .string("no window of class '\(className.excerpt)'")]), status: 404)
            }
            return .json(.object(["width": .number(Double(window.frame.width)), "height": .number(Double(window.frame.height))]))
        }
    }

    /// `/desktop_path`: `~/Desktop`, when it exists.
    func osworldDesktopPath() async throws(APIError) -> OSWorldAnswer {
        try await osworld("desktop_path") { desktop, context in
            let path = desktop.programHome + "/Desktop"
            guard try await desktop.fileExists(onDesktop: desktop.hostPath(forProgramPath: path)) else {
                return .json(.object(["error": .string("Unsupported operating system or desktop path not found")]), status: 404)
            }
            return .json(.object(["desktop_path": .string(path)]))
        }
    }

    /// `/list_directory`: the folder at `path` and everything under it (links followed, at most
    /// 50,000 entries and 32 levels deep).
    func osworldListDirectory(path: String) async throws(APIError) -> OSWorldAnswer {
        try await osworld("list_directory") { desktop, context in
            let source = desktop.hostPath(forProgramPath: context.programPath(path))
            guard let tree = try await desktop.directoryTree(onDesktop: source), tree.isDirectory else {
                return .json(.object(["error": .string("The provided path is not a directory")]), status: 400)
            }
            return .json(.object(["directory_tree": Self.json(tree)]))
        }
    }

    /// `/cursor_position`: where the pointer is, `[x, y]`.
    func osworldCursorPosition() async throws(APIError) -> OSWorldAnswer {
        try await osworld("cursor_position") { desktop, context in
            let result = try await desktop.run(
                program: "/usr/bin/python3",
                arguments: [
                    "-c", "from Xlib import display; p = display.Display().screen().root.query_pointer(); print(p.root_x, p.root_y)",
                ],
                timeout: .seconds(20))
            let numbers = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard numbers.count == 2 else { return .error("cannot read the pointer's position: \(result.stderr.excerpt)") }
            return .json(.array(numbers.map { .number(Double($0)) }))
        }
    }

    // MARK: Helpers

    /// A `command` field as arguments: a list of strings; a string split as `shlex.split` does,
    /// or kept whole for a shell.
    static func commandArguments(_ value: JSONValue?, shell: Bool, field: String) throws(APIError) -> [String] {
        switch value {
        case .string(let text):
            if shell { return [text] }
            do {
                return try ShellWords.split(text)
            } catch {
                throw .badRequest("field '\(field)': \(error)")
            }
        case .array(let items):
            var arguments: [String] = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue else {
                    throw .badRequest("field '\(field)'[\(index)] must be a string, got \(item.typeName)")
                }
                arguments.append(text)
            }
            guard !arguments.isEmpty else { throw .badRequest("field '\(field)' is an empty list") }
            return arguments
        default:
            throw .badRequest("field '\(field)' must be a list of strings or a string, got \(value?.typeName ?? "nothing")")
        }
    }

    /// A command's exit code as Python's `subprocess` reports it: minus the signal when killed.
    static func returnCode(_ result: CommandResult) -> Int {
        if let code = result.exitCode { return Int(code) }
        let signal = result.status.split(separator: " ").compactMap { Int($0) }.first ?? 9
        return -signal
    }

    /// `~` and `$HOME` at the start of a path, as Python's `expanduser` and `expandvars` do.
    static func expandHome(_ path: String) -> String {
        if path.hasPrefix("$HOME") { return "~" + path.dropFirst("$HOME".count) }
        if path.hasPrefix("${HOME}") { return "~" + path.dropFirst("${HOME}".count) }
        return path
    }

    /// Writes `data` to `path` as the session's programs name it.
    static func put(_ data: Data, at path: String, on desktop: DesktopSession) async throws {
        let local = desktop.folder.appendingPathComponent("run").appendingPathComponent("osworld-\(UUID().uuidString).upload")
        defer { try? FileManager.default.removeItem(at: local) }
        try data.write(to: local)
        try await desktop.copyFile(local, toDesktop: desktop.hostPath(forProgramPath: path))
    }

    /// A tree as OSWorld's `list_directory` writes it.
    static func json(_ tree: DirectoryTree) -> JSONValue {
        guard tree.isDirectory else { return .object(["type": .string("file"), "name": .string(tree.name)]) }
        return .object(["type": .string("directory"), "name": .string(tree.name), "children": .array(tree.children.map(json))])
    }
}

extension ServedSession {
    /// `/accessibility`: `{"AT": xml}` in OSWorld's format; `{"AT": null}` when the session has no
    /// accessibility bus (what OSWorld's harness gets with `require_a11y_tree=False`).
    func osworldAccessibility() async throws(APIError) -> OSWorldAnswer {
        do {
            let payload = try await accessibility(format: "xml")
            return .json(.object(["AT": .string(payload.tree)]))
        } catch  where error.status == 409 {
            return .json(.object(["AT": .null]))
        } catch  where error.status == 503 {
            return .error(error.message)
        }
    }

    /// The ports OSWorld's harness is given for this session, when it serves OSWorld's API.
    var osworldPorts: OSWorldPorts? {
        osworldEndpoint.map { OSWorldPorts(serverPort: $0.port, chromiumPort: $0.chromium.port) }
    }

    /// The port on this machine that leads to the DevTools of the Chromium running in the
    /// session now, if one does.
    func chromiumDevToolsPort() async -> Int? {
        guard let desktop else { return nil }
        return await ChromeDevTools.find(in: desktop)?.port
    }

    /// Starts OSWorld's API for this session (once; it outlives resets).
    func startOSWorldEndpoint(maximumBodyBytes: Int) async throws(APIError) {
        guard osworldEndpoint == nil else { return }
        do {
            osworldEndpoint = try await OSWorldEndpoint.start(for: self, maximumBodyBytes: maximumBodyBytes, logger: logger)
        } catch {
            throw Routes.apiError(error)
        }
    }
}

/// `osworld` in a created session's answer: what OSWorld's provider answers `get_ip_address`
/// with, after the host. Ports Deskgym does not serve (VNC, VLC) are 0.
struct OSWorldPorts: Encodable, Sendable {
    var serverPort: Int
    var chromiumPort = 0
    var vncPort = 0
    var vlcPort = 0

    enum CodingKeys: String, CodingKey {
        case serverPort = "server_port"
        case chromiumPort = "chromium_port"
        case vncPort = "vnc_port"
        case vlcPort = "vlc_port"
    }
}
