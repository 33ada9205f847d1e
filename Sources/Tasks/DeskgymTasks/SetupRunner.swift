import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation

/// Carries out a task's setup steps (`config`) or its evaluator's `postconfig` in a session, with
/// the semantics of OSWorld's `SetupController` and in-VM server.
public enum SetupRunner {
    /// The step types this runner carries out.
    public static let supportedTypes: Set<String> = [
        "execute", "command", "launch", "open", "sleep", "activate_window", "close_window", "download", "upload_file",
        "chrome_open_tabs", "chrome_close_tabs",
    ]

    /// Runs `steps` in order; the first failing step stops the run with a ``TaskRunError``.
    public static func run(_ steps: [SetupStep], phase: String, context: TaskContext) async throws(TaskRunError) {
        if let port = context.pagesURL?.port {
            // The episode's pages are served on this machine: a sandboxed session's browser
            // reaches them at the same address through a bridge.
            do {
                try await context.session.expose(hostPort: port)
            } catch {
                throw TaskRunError(phase: phase, index: 0, type: "pages", message: "cannot serve the pages inside the session: \(error)")
            }
        }
        for (index, step) in steps.enumerated() {
            let started = ContinuousClock.now
            defer { context.logger.debug("\(phase)[\(index)] \(step.type) took \(ContinuousClock.now - started)") }
            do {
                try await run(step, context: context)
            } catch let error as TaskRunError {
                throw error
            } catch {
                throw TaskRunError(phase: phase, index: index, type: step.type, message: "\(error)")
            }
        }
    }

    static func run(_ step: SetupStep, context: TaskContext) async throws {
        if step.type.hasPrefix("chrome_"), context.session.usesGuestAgent {
            throw StepProblem(
                "\(step.type) talks to Chromium's DevTools port on this machine, "
                    + "and this session's desktop is a guest's (\(context.session.config.source))")
        }
        switch step.type {
        case "execute", "command":
            try await execute(step, context: context)
        case "launch":
            let (program, arguments) = try commandLine(step, context: context, splitString: true)
            try await launch(program: program, arguments: arguments, context: context)
        case "open":
            let written = try string(step, "path")
            let path = context.mapPath(written)
            guard try await context.session.fileExists(onDesktop: path) else { throw StepProblem("path \(path) does not exist") }
            try await context.session.start(program: "xdg-open", arguments: [context.programPath(written)])
            let name = URL(fileURLWithPath: path).lastPathComponent.lowercased()
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.lowercased()
            let shows = { (title: String) in title.lowercased().contains(name) || title.lowercased().contains(stem) }
            if context.session.usesGuestAgent {
                try await waitForGuestWindow(context: context, timeout: .seconds(60), describe: "a window showing \(name)", shows)
            } else {
                try await waitForWindow(context: context, timeout: .seconds(60), describe: "a window showing \(name)") { shows($0.title) }
            }
        case "sleep":
            let seconds = try number(step, "seconds")
            guard seconds >= 0, seconds <= 3600 else { throw StepProblem("seconds must be between 0 and 3600, got \(seconds)") }
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        case "activate_window", "close_window":
            let name = try string(step, "window_name")
            let strict = step[parameter: "strict"]?.boolValue ?? false
            let byClass = step[parameter: "by_class"]?.boolValue ?? false
            if context.session.usesGuestAgent {
                try await guestWindowAction(
                    close: step.type == "close_window", name: name, strict: strict, byClass: byClass,
                    context: context)
                return
            }
            let windows = try context.session.desktop.windows.list().filter {
                WindowMatch.matches($0, name: name, strict: strict, byClass: byClass)
            }
            guard let window = windows.first else {
                throw StepProblem("no window matches '\(name)' (strict: \(strict), by_class: \(byClass))")
            }
            if step.type == "activate_window" {
                try context.session.desktop.windows.activate(window.id)
            } else {
                try await context.session.desktop.windows.close(window.id)
            }
        case "download":
            for (index, file) in try files(step).enumerated() {
                guard let url = file["url"]?.stringValue, let path = file["path"]?.stringValue, !url.isEmpty, !path.isEmpty else {
                    throw StepProblem("files[\(index)] needs a non-empty 'url' and 'path'")
                }
                // `sha256` is Deskgym's own field: the digest the downloaded file must have.
                let sha256 = file["sha256"]?.stringValue
                let local = try await cachedFile(for: url, sha256: sha256, context: context)
                try await copy(from: local, to: context.mapPath(path), context: context)
            }
        case "upload_file":
            for (index, file) in try files(step).enumerated() {
                guard let local = file["local_path"]?.stringValue, let path = file["path"]?.stringValue else {
                    throw StepProblem("files[\(index)] needs 'local_path' and 'path'")
                }
                let source =
                    local.hasPrefix("/")
                    ? URL(fileURLWithPath: local)
                    : (context.taskFolder ?? URL(fileURLWithPath: ".")).appendingPathComponent(local)
                try await copy(from: source, to: context.mapPath(path), context: context)
            }
        case "chrome_open_tabs": try await chromeOpenTabs(step, context: context)
        case "chrome_close_tabs": try await chromeCloseTabs(step, context: context)
        default:
            throw StepProblem(
                "step type '\(step.type)' is not supported here (supported: \(supportedTypes.sorted().joined(separator: ", ")))")
        }
    }

    /// OSWorld's `execute`: runs the command (a list, or a string with `shell`), with placeholders
    /// and HOME paths replaced; `until` repeats it (every 0.3 s, 5 failures at most) until the
    /// return code, stdout or stderr matches; `stdout`/`stderr` name cache files for the output.
    ///
    /// A non-zero exit status is not an error, as in OSWorld (tasks run `mkdir`, `pkill`, `diff`
    /// whose status says nothing about the setup); a command that cannot start, is killed by a
    /// signal, or outlives its time-out (Deskgym's `timeout` parameter in seconds, default 120) is,
    /// with the output it wrote.
    static func execute(_ step: SetupStep, context: TaskContext) async throws {
        let until = step[parameter: "until"]?.objectValue ?? [:]
        var timeout = Duration.seconds(120)
        if step[parameter: "timeout"] != nil {
            let seconds = try number(step, "timeout")
            guard seconds > 0 else { throw StepProblem("'timeout' must be a positive number of seconds, got \(seconds)") }
            timeout = .milliseconds(Int(seconds * 1000))
        }
        var attempts = 0
        while true {
            attempts += 1
            let result: CommandResult
            if step[parameter: "shell"]?.boolValue == true {
                let text: String
                if let command = step[parameter: "command"]?.stringValue {
                    text = command
                } else if let parts = step[parameter: "command"]?.arrayValue?.compactMap(\.stringValue), !parts.isEmpty {
                    text = parts.joined(separator: " ")
                } else {
                    throw StepProblem("'command' must be a non-empty string or list of strings")
                }
                result = try await context.session.run(context.expand(text), timeout: timeout)
            } else {
                let (program, arguments) = try commandLine(step, context: context, splitString: true)
                result = try await context.session.run(program: program, arguments: arguments, timeout: timeout)
            }
            if result.timedOut || result.exitCode == nil {
                let output = [result.stdout, result.stderr].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty }.joined(separator: " | ")
                let what = result.timedOut ? "timed out after \(timeout) and was killed" : "ended by \(result.status)"
                throw StepProblem("the command \(what); output: \(output.isEmpty ? "(none)" : String(output.suffix(2000)))")
            }
            for (field, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                if let name = step[parameter: field]?.stringValue, !name.isEmpty {
                    try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
                    try text.write(to: context.cacheFolder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                }
            }
            if until.isEmpty { return }
            let done =
                (until["returncode"]?.intValue).map { Int32($0) == result.exitCode } == true
                || (until["stdout"]?.stringValue).map { result.stdout.contains($0) } == true
                || (until["stderr"]?.stringValue).map { result.stderr.contains($0) } == true
            if done { return }
            if attempts >= 5 { throw StepProblem("'until' was not met after \(attempts) attempts (last: \(result.status))") }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    /// The program and arguments of a `command` parameter (a list, or a string split at spaces as
    /// OSWorld does), with placeholders and paths expanded; `python` becomes `python3` when only
    /// that is installed.
    static func commandLine(_ step: SetupStep, context: TaskContext, splitString: Bool) throws -> (String, [String]) {
        let parts: [String]
        if let list = step[parameter: "command"]?.arrayValue {
            parts = try list.map { value in
                guard let text = value.stringValue else { throw StepProblem("'command' holds a \(value.typeName), not a string") }
                return text
            }
        } else if let text = step[parameter: "command"]?.stringValue {
            if step[parameter: "shell"]?.boolValue == true { return ("/bin/bash", ["-c", context.expand(text)]) }
            parts = text.split(separator: " ").map(String.init)
        } else {
            throw StepProblem("missing 'command' (a list of strings, or a string)")
        }
        guard !parts.isEmpty else { throw StepProblem("'command' is empty") }
        return programLine(parts, shell: step[parameter: "shell"]?.boolValue == true, context: context)
    }

    /// The program and arguments that run `parts` (not empty) in the session: placeholders and
    /// HOME paths expanded, `~/` in the session's HOME; joined for `bash -c` with `shell`; `python`
    /// becomes `python3` when only that is installed (Debian's way).
    public static func programLine(_ parts: [String], shell: Bool, context: TaskContext) -> (String, [String]) {
        var parts = parts.map { context.expand($0) }.map { $0.hasPrefix("~/") ? context.programPath($0) : $0 }
        if shell { return ("/bin/bash", ["-c", parts.joined(separator: " ")]) }
        if parts[0] == "python", !context.session.usesGuestAgent, !Self.onPath("python", environment: context.session.environment) {
            parts[0] = "python3"
        }
        return (parts[0], Array(parts.dropFirst()))
    }

    /// Starts a program for a `launch` step: in a guest as written; on this machine with
    /// OSWorld's VM programs mapped to the session (``OSWorldLaunch``).
    static func launch(program: String, arguments: [String], context: TaskContext) async throws {
        guard !context.session.usesGuestAgent else {
            return try await context.session.start(program: program, arguments: arguments)
        }
        let environment = context.session.environment
        switch OSWorldLaunch.map(
            program: program, arguments: arguments,
            installed: { name in
                name.contains("/") ? FileManager.default.isExecutableFile(atPath: name) : onPath(name, environment: environment)
            })
        {
        case .start(let mapped, let mappedArguments):
            if mapped != program {
                context.logger.info(
                    "launch: \(program) is not installed; starting \(mapped) in its place",
                    metadata: ["arguments": "\(mappedArguments.joined(separator: " "))"])
            }
            try await context.session.start(program: mapped, arguments: mappedArguments)
        case .skip(let reason):
            context.logger.info("launch: \(([program] + arguments).joined(separator: " ")) skipped: \(reason)")
        case .end(let pattern, let full, let exact):
            let ended = await context.session.endPrograms { program in
                OSWorldLaunch.matches(
                    pattern: pattern, fullCommandLine: full, exactName: exact, name: program.name,
                    commandLine: program.commandLine)
            }
            context.logger.info(
                "launch: \(([program] + arguments).joined(separator: " ")) ended this session's programs only",
                metadata: ["ended": "\(ended.map { "\($0.name) (\($0.pid))" }.joined(separator: ", "))"])
        }
    }

    static func onPath(_ program: String, environment: [String: String]) -> Bool {
        (environment["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// The local file for a download URL: `file://` URLs and plain paths as they are; for http(s)
    /// URLs, a file under the URL's last path component in the trajectory's cache folder (put
    /// there by hand, it wins), else the shared download cache, which fetches it unless offline.
    /// `sha256`, when given, is the digest the file must have.
    static func cachedFile(for url: String, sha256: String? = nil, context: TaskContext) async throws -> URL {
        if url.hasPrefix("file://") { return URL(fileURLWithPath: String(url.dropFirst("file://".count))) }
        if url.hasPrefix("/") { return URL(fileURLWithPath: url) }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw StepProblem("url '\(url)' is neither http(s), file:// nor an absolute path")
        }
        if GoogleDriveLink.fileID(in: url) == nil, !parsed.lastPathComponent.isEmpty, parsed.lastPathComponent != "/" {
            let local = context.cacheFolder.appendingPathComponent(parsed.lastPathComponent)
            if FileManager.default.fileExists(atPath: local.path) { return local }
        }
        do {
            return try await context.downloads.file(for: url, expectedSHA256: sha256, logger: context.logger)
        } catch {
            throw StepProblem("\(error)")
        }
    }

    /// Copies a file of this machine to `path` on the desktop's machine (the guest's, for a VM).
    static func copy(from source: URL, to path: String, context: TaskContext) async throws {
        guard FileManager.default.fileExists(atPath: source.path) else { throw StepProblem("source file \(source.path) does not exist") }
        try await context.session.copyFile(source, toDesktop: path)
    }

    static func waitForWindow(
        context: TaskContext, timeout: Duration, describe: String,
        _ predicate: (WindowInfo) -> Bool
    ) async throws {
        try await poll(context: context, timeout: timeout, every: .milliseconds(50), waitingFor: describe) {
            try context.session.desktop.windows.list().contains(where: predicate)
        }
    }

    /// Asks `done` every `interval` until it says yes, checking the session's health between asks;
    /// after `timeout`, a step problem that says what it was `waitingFor`.
    static func poll(
        context: TaskContext, timeout: Duration, every interval: Duration, waitingFor: String,
        _ done: () async throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await done() { return }
            try await context.session.checkHealth()
            try await Task.sleep(for: interval)
        }
        throw StepProblem("timed out after \(timeout) waiting for \(waitingFor)")
    }

    static func string(_ step: SetupStep, _ name: String) throws -> String {
        guard let value = step[parameter: name] else { throw StepProblem("missing parameter '\(name)'") }
        guard let text = value.stringValue, !text.isEmpty else {
            throw StepProblem("'\(name)' must be a non-empty string, got \(value.typeName)")
        }
        return text
    }

    static func number(_ step: SetupStep, _ name: String) throws -> Double {
        guard let value = step[parameter: name] else { throw StepProblem("missing parameter '\(name)'") }
        guard let number = value.numberValue else { throw StepProblem("'\(name)' must be a number, got \(value.typeName)") }
        return number
    }

    static func files(_ step: SetupStep) throws -> [[String: JSONValue]] {
        guard let list = step[parameter: "files"]?.arrayValue else { throw StepProblem("missing 'files' (a list of objects)") }
        return try list.enumerated().map { index, value in
            guard let object = value.objectValue else { throw StepProblem("files[\(index)] must be an object, got \(value.typeName)") }
            return object
        }
    }
}

/// A problem with one step, described for its ``TaskRunError``.
struct StepProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
