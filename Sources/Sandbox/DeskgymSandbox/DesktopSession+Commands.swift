import DeskgymCore
import Foundation

extension DesktopSession {
    /// The most of each of a command's stdout and stderr a result carries: 1 MiB.
    public static let outputLimit = 1 << 20

    /// Ends every command running now (SIGKILL to its process group): a session being deleted or
    /// shut down does not wait for a command's time-out. The commands return as killed.
    public func cancelCommands() {
        for process in runningCommands.withLock({ $0 }) { try? process.send(signal: SIGKILL) }
    }

    /// The first `limit` bytes of `url`, with a line saying how much was left out.
    static func readOutput(_ url: URL, limit: Int) -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit)) ?? Data()
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? data.count
        var text = String(decoding: data, as: UTF8.self)
        if size > data.count { text += "\n[deskgym: output cut at \(limit) bytes of \(size)]\n" }
        return text
    }

    /// Runs a shell command in the session: `bash -c command` with the session's environment
    /// (HOME, DISPLAY, …), in HOME, in a process group of its own. On time-out the whole group is
    /// ended (SIGTERM, then SIGKILL) and the result says so; output so far is kept.
    public func run(_ command: String, timeout: Duration = .seconds(60)) async throws -> CommandResult {
        try await run(program: "/bin/bash", arguments: ["-c", command], timeout: timeout)
    }

    /// Runs a program (looked up on the session's PATH) with arguments, as ``run(_:timeout:)`` does;
    /// each of stdout and stderr is kept up to `outputLimit` bytes (``outputLimit`` unless given).
    ///
    /// A `qemu` session (or a `vnc` one with `commands: guest_agent`) runs it in the guest through
    /// the guest agent, with the session's environment (HOME is the guest's); a `vnc` session runs it here
    /// when its `vnc.commands` is `local`, and refuses otherwise.
    public func run(
        program: String, arguments: [String], timeout: Duration = .seconds(60), outputLimit: Int = DesktopSession.outputLimit
    ) async throws -> CommandResult {
        switch channel {
        case .local:
            break
        case .guestAgent(let agent):
            return try await agent.run(program: program, arguments: arguments, environment: environment, timeout: timeout)
        case .none(let reason):
            throw SessionError(
                operation: "run command", display: displayName,
                kind: .unsupported("\(config.source): cannot run '\(program)': \(reason)"))
        }
        let runtime = folder.appendingPathComponent("run")
        let stamp = UUID().uuidString
        let stdoutFile = runtime.appendingPathComponent("cmd-\(stamp).out")
        let stderrFile = runtime.appendingPathComponent("cmd-\(stamp).err")
        defer {
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        let clock = ContinuousClock()
        let started = clock.now
        let process: ChildProcess
        do {
            let output = ChildProcess.Output.separateFiles(stdout: stdoutFile.path, stderr: stderrFile.path)
            if let sandbox {
                process = try sandbox.spawn(program, arguments: arguments, environment: environment, output: output, name: program)
            } else {
                process = try ChildProcess.spawn(
                    program, arguments: arguments, environment: environment, workingDirectory: home.path, output: output)
            }
        } catch {
            throw SessionError(operation: "run command", display: displayName, kind: .programMissing("\(error)"))
        }
        runningCommands.withLock { $0.append(process) }
        defer { runningCommands.withLock { $0.removeAll { $0 === process } } }
        var timedOut = false
        var status = await process.waitForExit(timeout: timeout)
        if status == nil {
            timedOut = true
            status = await process.terminate(grace: .milliseconds(500))
        } else {
            // Background children of the command die with it, as a terminal's would on hang-up.
            _ = await process.terminate(grace: .milliseconds(200))
        }
        let read = { (url: URL) in Self.readOutput(url, limit: outputLimit) }
        let written =
            program == "/bin/bash" && arguments.first == "-c" && arguments.count == 2
            ? arguments[1] : ([program] + arguments).joined(separator: " ")
        return CommandResult(
            command: written, stdout: read(stdoutFile), stderr: read(stderrFile), exitCode: status?.exitCode,
            status: status?.description ?? "unknown", timedOut: timedOut,
            duration: clock.now - started)
    }
}
