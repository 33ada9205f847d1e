import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTasks
import DeskgymVNCServer
import DeskgymX11
import Foundation
import Logging
import Synchronization

/// Records a person doing a task over VNC: resets a session for the task (its vm-config and setup
/// steps), serves its screen on 127.0.0.1, forwards and logs every viewer event, and at the end
/// merges the events into actions, evaluates the task and writes the trajectory folder.
///
/// The folder is the one `deskgym run` writes (`trajectory.jsonl`, `step-NNNN.png`,
/// `result.json`) plus `events.jsonl` (the raw event log), `frames/` (the screens the events
/// refer to) and `recording.json` (how steps map to events, merge rules, figures).
public final class Recorder: Sendable {
    public let configuration: RecordingConfiguration
    public let task: OSWorldTask
    /// The port viewers connect to on 127.0.0.1.
    public var port: Int { server.port }
    /// The session's X display, such as `:12`.
    public var displayName: String { session.displayName }
    /// The cookie the recorded display takes, for another connection to it.
    public var xCookie: [UInt8]? { session.xCookie }
    /// The session's HOME folder (what the task's `/home/user` stands for).
    public var home: URL { session.home }
    let session: DesktopSession
    let pages: PageServer?
    let feed: LiveFeed
    let server: VNCServer
    let requests: AsyncStream<FinishRequest>
    let context: TaskContext
    let startedAt: Date
    let resetMilliseconds: Double
    /// The windows when the recording started, for step 0.
    let initialWindows: [WindowInfo]
    /// The first finish request, once known; and the finishing, once begun (every caller awaits
    /// the same one; it runs to the end even when a caller is cancelled, to stop the session).
    private let ending = Mutex<(request: FinishRequest?, conclusion: Task<RecordingResult, Never>?)>((nil, nil))

    private init(
        configuration: RecordingConfiguration, task: OSWorldTask, session: DesktopSession, pages: PageServer?,
        feed: LiveFeed, server: VNCServer, requests: AsyncStream<FinishRequest>, context: TaskContext,
        startedAt: Date, resetMilliseconds: Double, initialWindows: [WindowInfo]
    ) {
        self.configuration = configuration
        self.task = task
        self.session = session
        self.pages = pages
        self.feed = feed
        self.server = server
        self.requests = requests
        self.context = context
        self.startedAt = startedAt
        self.resetMilliseconds = resetMilliseconds
        self.initialWindows = initialWindows
    }

    /// Resets a session for the task and starts serving it. Throws for bad input (task, vm-config,
    /// folder, port, password) and when the session or a setup step fails; nothing is left running.
    public static func start(_ configuration: RecordingConfiguration, logger: Logger) async throws(RecordingError) -> Recorder {
        let clock = ContinuousClock()
        let resetStarted = clock.now
        let task: OSWorldTask
        do {
            task = try OSWorldTask.load(from: configuration.taskFile)
        } catch {
            throw RecordingError(kind: .badInput, message: "\(error)")
        }
        let config = try vmConfig(for: task, configuration: configuration)
        try prepareFolder(configuration.output)
        if let password = configuration.password {
            // The same checks the server makes, before any session is started.
            if password.isEmpty || password.utf8.count > VNCServerConfiguration.maximumPasswordLength {
                throw RecordingError(
                    kind: .badInput,
                    message:
                        "the VNC password must have 1 to \(VNCServerConfiguration.maximumPasswordLength) characters (VNC authentication uses no more); it has \(password.utf8.count)"
                )
            }
        }
        let pages = try await startPages(for: task, configuration: configuration, logger: logger)
        let session: DesktopSession
        do {
            session = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await pages?.stop()
            throw RecordingError(kind: .environment, message: "session start: \(error)")
        }
        let context = TaskContext(
            session: session, cacheFolder: configuration.output.appendingPathComponent("cache"),
            taskFolder: configuration.taskFile.deletingLastPathComponent(), pagesURL: pages?.baseURL,
            logger: logger)
        do {
            try await SetupRunner.run(task.config, phase: "config", context: context)
            try await session.checkHealth()
            _ = try await session.desktop.perform([], settle: config.settle.policy)
        } catch {
            await session.stop()
            await pages?.stop()
            throw RecordingError(kind: .environment, message: "setup: \(error)")
        }
        let (requests, continuation) = AsyncStream<FinishRequest>.makeStream()
        let feed: LiveFeed
        let server: VNCServer
        do {
            let desktop = try X11Desktop(displayName: session.displayName, cookie: session.xCookie)
            let frames = try FrameStore(
                folder: configuration.output.appendingPathComponent(FrameStore.folderName),
                size: desktop.screenSize)
            let log = try EventLog(file: configuration.output.appendingPathComponent(EventLog.fileName))
            feed = LiveFeed(desktop: desktop, frames: frames, log: log, started: clock.now, requests: continuation, logger: logger)
            server = try VNCServer(
                configuration: VNCServerConfiguration(
                    size: desktop.screenSize, port: configuration.port,
                    password: configuration.password,
                    desktopName: "deskgym: \(task.id)"),
                handlers: feed.handlers, logger: logger)
        } catch let error as VNCServerError {
            await session.stop()
            await pages?.stop()
            throw RecordingError(kind: .badInput, message: "\(error)")
        } catch {
            await session.stop()
            await pages?.stop()
            throw RecordingError(kind: .environment, message: "recording setup: \(error)")
        }
        let windows = (try? session.desktop.windows.list()) ?? []
        server.start()
        logger.info("recording", metadata: ["task": "\(task.id)", "vnc.port": "\(server.port)", "display": "\(session.displayName)"])
        return Recorder(
            configuration: configuration, task: task, session: session, pages: pages, feed: feed, server: server,
            requests: requests, context: context, startedAt: Date(),
            resetMilliseconds: (clock.now - resetStarted).milliseconds, initialWindows: windows)
    }

    /// Ends the recording as `outcome` (from a signal, a test, another program). Does nothing when
    /// it has ended already.
    public func requestFinish(_ outcome: RecordingOutcome, source: String = "api") {
        feed.finish(FinishRequest(outcome: outcome, source: source))
    }

    /// Waits until the person (finish chord) or ``requestFinish(_:source:)`` ends the recording.
    /// Every call returns the same request.
    public func waitForFinish() async -> FinishRequest {
        if let request = ending.withLock({ $0.request }) { return request }
        var first = FinishRequest(outcome: .done, source: "api")
        for await request in requests {
            first = request
            break
        }
        return ending.withLock { ending in
            if ending.request == nil { ending.request = first }
            return ending.request!
        }
    }

    /// The raw events logged so far.
    public var events: [RawEvent] { feed.log.events }

    /// Waits for the end, then finishes: see ``finish(_:logger:)``.
    public func run(logger: Logger) async -> RecordingResult {
        await finish(await waitForFinish(), logger: logger)
    }

    /// Stops serving, merges the events into actions, evaluates the task on the session as the
    /// person left it, writes the trajectory folder and stops the session.
    /// Calling it again returns the first call's result.
    public func finish(_ request: FinishRequest, logger: Logger) async -> RecordingResult {
        let conclusion = ending.withLock { ending in
            if let conclusion = ending.conclusion { return conclusion }
            let conclusion = Task { await self.conclude(request, logger: logger) }
            ending.conclusion = conclusion
            return conclusion
        }
        return await conclusion.value
    }

    private func conclude(_ request: FinishRequest, logger: Logger) async -> RecordingResult {
        feed.finish(request)
        server.stop()
        feed.closeDesktop()
        await feed.frames.drain()
        var environmentError: String?
        var final: Observation?
        do {
            try await session.checkHealth()
            let settle = session.config.settle.policy
            _ = try await session.desktop.perform([], settle: settle)
            final = try session.desktop.observe()
        } catch {
            environmentError = "after recording: \(error)"
        }
        let logProblem: String?
        do {
            try feed.log.close()
            logProblem = nil
        } catch {
            logProblem = "\(error)"
        }
        let events = feed.log.events
        let merged = ActionMerger(rules: configuration.rules).merge(events)
        let outcome = merged.outcome ?? request.outcome
        let lastAction: Action = outcome == .done ? .done : .fail
        var evaluation: TaskEvaluation?
        var evaluationMilliseconds = 0.0
        if environmentError == nil {
            _ = await context.waitForIdleSession(taskID: task.id)
            let started = ContinuousClock.now
            let verdict = await configuration.evaluator.evaluate(task, lastAction: lastAction, context: context)
            evaluationMilliseconds = (ContinuousClock.now - started).milliseconds
            evaluation = verdict
            if let error = verdict.error { environmentError = "evaluation: \(error)" }
        }
        await session.stop()
        await pages?.stop()
        let report = feed.report
        var notes = merged.notes
        if let logProblem { notes.append("event log: \(logProblem)") }
        if let failure = feed.frames.counts.failure { notes.append("frames: \(failure)") }
        for (viewer, count) in report.ignoredInput.sorted(by: { $0.key < $1.key }) {
            notes.append("viewer \(viewer): \(count) input events ignored while another viewer was demonstrating")
        }
        if report.forwardFailures > 0 {
            notes.append("\(report.forwardFailures) events could not be forwarded; the first: \(report.firstForwardFailure ?? "?")")
        }
        let score = environmentError == nil ? evaluation?.score ?? 0 : 0
        let result = RecordingResult(
            taskID: task.id, folder: configuration.output, outcome: outcome,
            finishedBy: request.source, score: score, evaluation: evaluation,
            actions: merged.actions,
            inputEvents: events.filter { if case .pointer = $0.kind { true } else if case .key = $0.kind { true } else { false } }.count,
            notes: notes, timings: report.timings, framesWritten: feed.frames.counts.written,
            framesSkipped: feed.frames.counts.skipped, refusedViewers: report.refused,
            environmentError: environmentError)
        do {
            try writeTrajectory(
                result, events: events, lastAction: lastAction, final: final,
                evaluationMilliseconds: evaluationMilliseconds)
        } catch {
            logger.error("the trajectory could not be written", metadata: ["folder": "\(configuration.output.path)", "error": "\(error)"])
        }
        return result
    }

    private static func vmConfig(for task: OSWorldTask, configuration: RecordingConfiguration) throws(RecordingError) -> VMConfig {
        let url = DeskgymExtension.vmConfigFile(
            task.deskgym?.vmConfig ?? "default", vmConfigsFolder: configuration.vmConfigsFolder,
            taskFolder: configuration.taskFile.deletingLastPathComponent())
        do {
            return try VMConfig.load(from: url)
        } catch {
            throw RecordingError(kind: .badInput, message: "task \(task.id): deskgym.vm_config: \(error)")
        }
    }

    private static func prepareFolder(_ folder: URL) throws(RecordingError) {
        for name in [EventLog.fileName, "trajectory.jsonl", "result.json"]
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw RecordingError(kind: .badInput, message: "\(folder.path) already holds a recording (\(name)); choose another --out")
        }
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("cache"), withIntermediateDirectories: true)
        } catch {
            throw RecordingError(kind: .badInput, message: "cannot create \(folder.path): \(error.localizedDescription)")
        }
    }

    private static func startPages(
        for task: OSWorldTask, configuration: RecordingConfiguration,
        logger: Logger
    ) async throws(RecordingError) -> PageServer? {
        guard let pages = task.deskgym?.pages else { return nil }
        let folder =
            pages.hasPrefix("/")
            ? URL(fileURLWithPath: pages)
            : configuration.taskFile.deletingLastPathComponent().appendingPathComponent(pages)
        do {
            return try await PageServer.start(
                folder: folder,
                submissionsFile: configuration.output.appendingPathComponent("cache")
                    .appendingPathComponent(EpisodeRunner.pageSubmissionsFileName),
                logger: logger)
        } catch {
            throw RecordingError(kind: .badInput, message: "task \(task.id): deskgym.pages: \(error)")
        }
    }
}
