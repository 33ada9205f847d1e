import ArgumentParser
import DeskgymActions
import DeskgymRecording
import DeskgymRuntime
import Foundation
import Synchronization

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a person doing a task through a VNC viewer; export recordings as training data.",
        subcommands: [RecordStart.self, RecordExport.self], defaultSubcommand: RecordStart.self)
}

struct RecordStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract:
            "Reset a session for TASK and serve it over VNC on 127.0.0.1; at the end merge the events into actions, evaluate and write the trajectory.",
        discussion: """
            End a recording with \(FinishChord.doneText) in the viewer (task done) or \(FinishChord.infeasibleText) \
            (task infeasible), or from another terminal with `deskgym record --stop --out DIR [--infeasible]`, \
            or Ctrl-C here (done). See docs/recording.md.
            """)

    @Argument(help: "The task file (OSWorld JSON). Not with --stop.")
    var task: String?
    @Option(help: "The VNC port on 127.0.0.1 (0 picks a free one).")
    var port = 5901
    @Option(help: "The environment variable holding the VNC password (1 to 8 characters).")
    var passwordEnv: String?
    @Flag(help: "Serve without a password (the server listens on 127.0.0.1 only).")
    var noPassword = false
    @Option(help: "The recording folder; default runs/record/<task id>.")
    var out: String?
    @OptionGroup var vmConfigs: VMConfigsOption
    @Flag(help: "Ask the recorder writing --out to finish, and wait for its score.")
    var stop = false
    @Flag(help: "With --stop: mark the task infeasible instead of done.")
    var infeasible = false
    @Option(help: "With --stop: the longest wait for the recorder to finish, in seconds.")
    var wait = 300

    func validate() throws {
        if stop {
            guard out != nil else { throw ValidationError("--stop needs --out DIR, the folder of the running recording") }
            guard task == nil else { throw ValidationError("--stop takes no task file") }
            return
        }
        guard task != nil else { throw ValidationError("give the task file to record (or --stop --out DIR to end a recording)") }
        if infeasible { throw ValidationError("--infeasible goes with --stop") }
        if noPassword == (passwordEnv != nil) {
            throw ValidationError("give --password-env VAR (the variable holding the VNC password) or --no-password")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port") }
    }

    func run() async throws {
        if stop {
            try await stopRecording(URL(fileURLWithPath: out!))
            return
        }
        let taskURL = URL(fileURLWithPath: task!)
        var password: String?
        if let passwordEnv {
            guard let value = ProcessInfo.processInfo.environment[passwordEnv], !value.isEmpty else {
                throw ValidationError("the environment variable \(passwordEnv) (--password-env) is not set or empty")
            }
            password = value
        }
        let folder = URL(fileURLWithPath: out ?? "runs/record/\(taskURL.deletingPathExtension().lastPathComponent)")
        let logger = makeLogger(level: .info)
        let configuration = RecordingConfiguration(
            taskFile: taskURL, output: folder, vmConfigsFolder: vmConfigs.folder,
            port: port, password: password, evaluator: MetricBridge.evaluator)
        // Signals are caught before the session starts, so that none ends the process with the
        // session's processes still running; one that comes while it starts ends the recording
        // as soon as it has started.
        let stops = StopRequests()
        let outcomes: [Int32: RecordingOutcome] = [SIGUSR1: .done, SIGUSR2: .infeasible, SIGINT: .done, SIGTERM: .done]
        let signals = SignalFlag.observe(Array(outcomes.keys)) { number in
            if let outcome = outcomes[number] { stops.request(outcome) }
        }
        defer { signals.cancel() }
        let recorder = try await Recorder.start(configuration, logger: logger)
        try? RecordingControl.writePidFile(in: folder)
        stops.attach(recorder)
        emit("recording task \(recorder.task.id) on display \(recorder.displayName)")
        emit(
            "VNC server on 127.0.0.1:\(recorder.port) (\(password == nil ? "no password" : "password from $\(passwordEnv!)")): vncviewer 127.0.0.1::\(recorder.port)"
        )
        emit(
            "finish with \(FinishChord.doneText) (done) or \(FinishChord.infeasibleText) (infeasible) in the viewer, or: deskgym record --stop --out \(folder.path) [--infeasible]"
        )
        let request = await recorder.waitForFinish()
        emit("finishing (\(request.outcome.rawValue), by \(request.source))")
        let result = await recorder.finish(request, logger: logger)
        RecordingControl.removePidFile(in: folder)
        emit(
            "task \(result.taskID): score \(result.score) for \(result.actions.count) actions from \(result.inputEvents) events; trajectory in \(folder.path)"
        )
        for metric in result.evaluation?.metrics ?? [] {
            emit("  \(metric.name): \(metric.score)\(metric.reason.map { " (\($0))" } ?? "")")
        }
        for note in result.notes { emit("  note: \(note)") }
        if let error = result.environmentError {
            emit("environment error: \(error)")
            throw ExitCode(2)
        }
    }

    private func stopRecording(_ folder: URL) async throws {
        let outcome: RecordingOutcome = infeasible ? .infeasible : .done
        let pid: Int32
        do {
            pid = try RecordingControl.requestStop(in: folder, outcome: outcome)
        } catch {
            throw ValidationError(error.message)
        }
        emit("asked recorder \(pid) to finish (\(outcome.rawValue))")
        let deadline = ContinuousClock.now + .seconds(wait)
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(RecordingControl.pidFileName).path),
            kill(pid, 0) == 0
        {
            guard ContinuousClock.now < deadline else {
                emit("the recorder did not finish within \(wait) s")
                throw ExitCode(1)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("result.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            emit("the recorder ended without writing \(folder.path)/result.json")
            throw ExitCode(1)
        }
        emit("task \(object["task_id"] as? String ?? "?"): score \(object["score"] ?? "?"); trajectory in \(folder.path)")
    }
}

/// Signals to end a recording, kept until the recorder exists.
private final class StopRequests: Sendable {
    private let state = Mutex<(recorder: Recorder?, pending: RecordingOutcome?)>((nil, nil))

    func request(_ outcome: RecordingOutcome) {
        let recorder = state.withLock { state -> Recorder? in
            if state.recorder == nil, state.pending == nil { state.pending = outcome }
            return state.recorder
        }
        recorder?.requestFinish(outcome, source: "signal")
    }

    func attach(_ recorder: Recorder) {
        let pending = state.withLock { state -> RecordingOutcome? in
            state.recorder = recorder
            return state.pending
        }
        if let pending { recorder.requestFinish(pending, source: "signal") }
    }
}

struct RecordExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a recording's (or any trajectory's) steps as JSON lines: the screenshot before each step and its actions in a grammar.")

    @Argument(help: "The recording folder.")
    var folder: String
    @Option(help: "The grammar: computer_13 or pyautogui (any grammar name works).")
    var grammar = "computer_13"
    @Option(name: .shortAndLong, help: "The file to write; default standard output.")
    var output: String?

    func run() async throws {
        let export = try DemonstrationExport(folder: URL(fileURLWithPath: folder), grammar: try ActionGrammars.named(grammar))
        if let output {
            try Data(export.jsonLines.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            try? FileHandle.standardOutput.write(contentsOf: Data(export.jsonLines.utf8))
        }
    }
}
