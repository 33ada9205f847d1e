import DeskgymX11
import Foundation
import Logging

extension DesktopSession {
    static func makeFolder(root: URL) throws -> URL {
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw SessionError(operation: "start", kind: .filesystem("cannot create \(root.path)"), underlying: "\(error)")
        }
        var template = Array(root.appendingPathComponent("session-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SessionError(
                operation: "start", kind: .filesystem("cannot create a session folder in \(root.path)"),
                underlying: String(cString: strerror(errno)))
        }
        return URL(fileURLWithPath: String(cString: made))
    }

    /// Creates the session folder's `run` folder, private to the user as it holds the X
    /// authority file and sockets, and its `logs` folder; returns `run`.
    @discardableResult
    static func makeRuntimeFolders(in folder: URL) throws -> URL {
        let runtime = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(
            at: runtime, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        return runtime
    }

    static func prepareHome(_ home: URL, template: String?) throws {
        let manager = FileManager.default
        do {
            if let template {
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: template, isDirectory: &isFolder), isFolder.boolValue else {
                    throw SessionError(operation: "start", kind: .filesystem("home_template \(template) is not a folder"))
                }
                try copyTemplate(URL(fileURLWithPath: template), to: home)
            } else {
                try manager.createDirectory(at: home, withIntermediateDirectories: true)
            }
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionError(operation: "start", kind: .filesystem("cannot prepare HOME at \(home.path)"), underlying: "\(error)")
        }
    }

    /// Copies a HOME template as the session's own files: contents, symbolic links and permission
    /// bits (made writable by the owner), but not ownership — a server running as an unprivileged
    /// user must be able to copy a template that root installed (FileManager's copy keeps owners,
    /// which fails there).
    static func copyTemplate(_ source: URL, to destination: URL) throws {
        let manager = FileManager.default
        let attributes = try manager.attributesOfItem(atPath: source.path)
        let mode = ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o700) | 0o700
        try manager.createDirectory(at: destination, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        for name in try manager.contentsOfDirectory(atPath: source.path) {
            let from = source.appendingPathComponent(name), to = destination.appendingPathComponent(name)
            let type = try manager.attributesOfItem(atPath: from.path)[.type] as? FileAttributeType
            switch type {
            case .typeSymbolicLink?:
                try manager.createSymbolicLink(
                    atPath: to.path, withDestinationPath: try manager.destinationOfSymbolicLink(atPath: from.path))
            case .typeDirectory?:
                try copyTemplate(from, to: to)
            default:
                let fileMode =
                    ((try manager.attributesOfItem(atPath: from.path)[.posixPermissions] as? NSNumber)?.intValue ?? 0o600) | 0o600
                guard manager.createFile(atPath: to.path, contents: try Data(contentsOf: from), attributes: [.posixPermissions: fileMode])
                else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to.path])
                }
            }
        }
    }

    /// - Parameter accessibilityBus: the session's accessibility bus, whose address the apps get;
    ///   nil turns GTK's bridge off.
    static func makeEnvironment(
        config: VMConfig, display: String, home: URL, runtime: URL, authorization: URL?, accessibilityBus: String? = nil
    ) -> [String: String] {
        let parent = ProcessInfo.processInfo.environment
        var environment: [String: String] = [
            "PATH": parent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "USER": parent["USER"] ?? "user",
            "LOGNAME": parent["USER"] ?? "user",
            "SHELL": "/bin/bash",
            "LANG": "C.UTF-8",
            "DISPLAY": display,
            "XDG_RUNTIME_DIR": runtime.path,
        ]
        environment.merge(DesktopSession.accessibilityEnvironment(address: accessibilityBus)) { $1 }
        if let authorization { environment["XAUTHORITY"] = authorization.path }
        environment.merge(config.env) { _, configured in configured }
        return environment
    }

    /// Starts Xvfb with `-displayfd` and returns it with the display number it chose; with
    /// `authorization` (an Xauthority file) it accepts only clients that present its cookie.
    static func startXvfb(
        config: VMConfig, command: String, authorization: URL?, logs: URL, logger: Logger
    ) async throws -> (
        ChildProcess, Int
    ) {
        let report = try ChildReport.Pipe()
        var arguments = ["-displayfd", "3", "-screen", "0", config.screen.description, "-nolisten", "tcp"]
        if let authorization { arguments += ["-auth", authorization.path] }
        if !config.glx { arguments += ["-extension", "GLX"] }
        arguments += config.xvfbArgs
        let xvfb: ChildProcess
        do {
            xvfb = try ChildProcess.spawn(
                command, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                output: .appendToFile(path: logs.appendingPathComponent("Xvfb.log").path),
                passing: [3: report.writeEnd], logger: logger)
        } catch {
            throw SessionError(operation: "start", kind: .programMissing("\(error)"))
        }
        report.closeWriteEnd()
        let text: String
        do {
            text = try await ChildReport.read(
                from: report.readEnd, until: { $0.contains("\n") }, process: xvfb, log: logs.appendingPathComponent("Xvfb.log"),
                what: "Xvfb to report its display")
        } catch {
            // Cancelled (a Ctrl-C during start) or failed: Xvfb ends as it should, removing its lock.
            _ = await xvfb.terminate(grace: .milliseconds(500))
            throw error
        }
        guard let number = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            _ = await xvfb.terminate(grace: .milliseconds(500))
            throw SessionError(operation: "start", kind: .failed("Xvfb reported display '\(text)'"))
        }
        logger.debug("Xvfb ready", metadata: ["session.display": ":\(number)", "session.xvfb_pid": "\(xvfb.pid)"])
        return (xvfb, number)
    }

    /// Starts a program of the session: inside `sandbox` when there is one, else here in HOME.
    static func spawn(
        name: String, command: String, arguments: [String], environment: [String: String],
        home: URL, logs: URL, sandbox: SessionSandbox?
    ) throws -> ChildProcess {
        let output = ChildProcess.Output.appendToFile(path: logFile(named: name, in: logs).path)
        do {
            if let sandbox {
                return try sandbox.spawn(command, arguments: arguments, environment: environment, output: output, name: name)
            }
            return try ChildProcess.spawn(
                command, arguments: arguments, environment: environment, workingDirectory: home.path, output: output, name: name)
        } catch {
            throw SessionError(operation: "start", display: environment["DISPLAY"], kind: .programMissing("\(error)"))
        }
    }

    /// The window manager's arguments: the config's, and `--sm-disable` for openbox, which
    /// otherwise spends ~70 ms looking for a session manager that never runs here.
    static func windowManagerArguments(_ config: VMConfig) -> [String] {
        var arguments = config.windowManagerArgs
        if let wm = config.windowManager, (wm as NSString).lastPathComponent == "openbox", !arguments.contains("--sm-disable") {
            arguments.append("--sm-disable")
        }
        return arguments
    }

    /// The log file of a program labelled `name` in `logs` (letters and digits kept, the rest `_`).
    static func logFile(named name: String, in logs: URL) -> URL {
        logs.appendingPathComponent(String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }) + ".log")
    }

    /// Polls `condition` until it holds, failing early when one of `processes` ends.
    static func waitFor(
        _ what: String, display: String, processes: [ChildProcess], timeout: Duration,
        _ condition: () throws -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if try condition() { return }
            for process in processes {
                if let status = process.poll() {
                    throw SessionError(
                        operation: "start", display: display,
                        kind: .processDied(name: process.name, pid: process.pid, status: status.description),
                        underlying: "while waiting for \(what)")
                }
            }
            if clock.now > deadline {
                throw SessionError(operation: "start", display: display, kind: .timedOut("waiting for \(what)"))
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
