import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymImage
import DeskgymRuntime
import DeskgymSandbox
import DeskgymTasks
import DeskgymX11
import Foundation
import Logging

/// One session the server holds: a desktop, the task it runs, the episode's state and its lease.
///
/// Requests on one session run one at a time, in arrival order: an actor alone would interleave
/// them at every `await` (actors are reentrant), so each operation passes a FIFO gate first
/// (``enter()`` / ``leave()``). The lease clock and the listing stay readable while an operation
/// runs, since they do not pass the gate.
public actor ServedSession {
    /// The id clients name the session by.
    public nonisolated let id: String
    /// When the session was created.
    nonisolated let created: ContinuousClock.Instant
    /// How long the session may go untouched before the sweeper reclaims it.
    nonisolated let lease: Duration
    let factory: any SessionFactory
    let evaluator: TaskEvaluator
    let logger: Logger
    /// The session's training records, one trajectory folder per episode; nil when not kept.
    var records: TurnRecords?

    /// The grammar answers are read with, by name; ``grammar`` is it set up for the screen.
    let grammarSetup: SessionGrammar
    /// The size screenshots are scaled to for the model; nil: screen size.
    let observationSize: Size?
    /// The grammar set up for the current desktop's screen and the observation size.
    var grammar: any ActionGrammar {
        grammarSetup.grammar(screen: Size(width: config.screen.width, height: config.screen.height), image: observationSize)
    }
    var image: ImageMode
    /// What observations carry besides the screen (`observation_type` at create).
    let observationType: ObservationType
    /// The centres of the last observation's set-of-marks marks, in the image's coordinates: what
    /// `tag_N` and `"mark": N` in the next answer stand for.
    var markCentres: [Int: Point] = [:]
    var task: ServedTask?
    var config: VMConfig
    /// Whether to serve OSWorld's in-VM server API, and its largest request body.
    let osworldAPI: (enabled: Bool, maximumBodyBytes: Int)
    /// OSWorld's in-VM server API for this session, while it runs.
    var osworldEndpoint: OSWorldEndpoint?
    /// The screen size the client asked for at create; it holds for every vm-config a reset picks.
    let screenOverride: VMConfig.Screen?
    /// The server of the task's `deskgym.pages` folder, while the episode runs.
    var pages: PageServer?
    /// The running desktop; nil once the session has ended.
    var desktop: DesktopSession?
    /// The episode's steps; nil until the desktop has started.
    var engine: StepEngine?
    /// Steps since the last reset.
    var steps: Int { engine?.steps ?? 0 }
    /// Whether the episode ended (DONE or FAIL); steps are refused until a reset.
    var done: Bool { engine?.isDone ?? false }
    /// Why the session ended; nil while it runs.
    private(set) var endReason: String?
    /// When a request last began or ended.
    private var lastTouched: ContinuousClock.Instant
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(
        id: String, spec: SessionSpec, factory: any SessionFactory, evaluator: TaskEvaluator, records: TurnRecords? = nil,
        logger: Logger
    ) {
        self.id = id
        self.records = records
        created = .now
        lease = spec.lease
        self.factory = factory
        self.evaluator = evaluator
        grammarSetup = spec.grammar
        observationSize = spec.observationSize
        image = spec.image
        observationType = spec.observationType
        osworldAPI = (spec.osworldAPI, spec.maximumBodyBytes)
        task = spec.task
        config = spec.config
        screenOverride = spec.screen
        var logger = logger
        logger[metadataKey: "session.id"] = "\(id)"
        self.logger = logger
        lastTouched = .now
    }

    // MARK: The gate

    /// Waits for the session's earlier requests, then refuses the request if the session has ended.
    func enter() async throws(APIError) {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        lastTouched = .now
        if let endReason {
            leave()
            throw .sessionGone(id, reason: endReason)
        }
    }

    /// Lets the next request in.
    func leave() {
        lastTouched = .now
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    // MARK: Lifetime

    /// Starts the desktop, runs the task's setup and returns the first observation. On failure
    /// the desktop is released and the session has ended.
    func begin() async throws(APIError) -> ObservationPayload {
        try await enter()
        defer { leave() }
        let observation = try await startDesktop(phase: "start")
        if osworldAPI.enabled {
            do {
                try await startOSWorldEndpoint(maximumBodyBytes: osworldAPI.maximumBodyBytes)
            } catch {
                await end(reason: "environment error at start: \(error.message)")
                throw error
            }
        }
        return observation
    }

    /// Takes a desktop from the factory for ``config``, runs ``task``'s setup, settles and observes.
    func startDesktop(phase: String) async throws(APIError) -> ObservationPayload {
        let desktop: DesktopSession
        let settled: Bool
        do {
            (desktop, settled) = try await factory.settledDesktop(for: config, logger: logger)
        } catch {
            endReason = "environment error at \(phase): \(error)"
            throw .environment("session \(phase): the desktop did not start: \(error)")
        }
        self.desktop = desktop
        let engine = StepEngine(session: desktop, settle: settlePolicy, observationSize: observationSize)
        self.engine = engine
        do {
            await pages?.stop()
            pages = nil
            if let task, let served = task.task.deskgym?.pages {
                pages = try await startPages(served, for: task, desktop: desktop)
            }
            let first = try await engine.begin(
                setup: task?.task.config ?? [], context: context(desktop), settled: settled,
                logger: logger)
            let observed = await payload(first.observation, step: 0, image: image, desktop: desktop)
            records?.beginEpisode(
                task: task, grammar: grammar.name, first: first.record,
                screenshot: first.observation.screenshot.png, accessibilityXML: observed.accessibilityTree, logger: logger)
            return observed
        } catch {
            await end(reason: "environment error at \(phase): \(error)")
            throw .environment("session \(phase): setup failed: \(error)")
        }
    }

    /// Stops the desktop and marks the session ended (idempotent). Waits for a running request.
    func close(reason: String) async {
        // A command of the running request ends now rather than at its time-out.
        desktop?.cancelCommands()
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer { leave() }
        if endReason == nil { await end(reason: reason) }
    }

    /// Claims the session for the sweeper when it is idle and its lease has run out: it counts as
    /// ended from here on; ``finishReclaim()`` stops it.
    func claimIfExpired(now: ContinuousClock.Instant) -> Bool {
        guard !busy, endReason == nil, now - lastTouched >= lease else { return false }
        busy = true
        endReason = "lease expired: not touched for \(Int(lease.seconds.rounded())) s"
        return true
    }

    /// Stops a session claimed by ``claimIfExpired(now:)``.
    func finishReclaim() async {
        await osworldEndpoint?.stop()
        osworldEndpoint = nil
        await pages?.stop()
        pages = nil
        records?.endEpisode(reason: endReason ?? "reclaimed", logger: logger)
        if let desktop {
            self.desktop = nil
            await factory.release(desktop, logger: logger)
        }
        logger.info("session reclaimed", metadata: ["reason": "\(endReason ?? "")"])
        leave()
    }

    /// Releases the desktop and records why the session ended. The caller holds the gate.
    func end(reason: String) async {
        endReason = reason
        await osworldEndpoint?.stop()
        osworldEndpoint = nil
        await pages?.stop()
        pages = nil
        records?.endEpisode(reason: reason, logger: logger)
        if let desktop {
            self.desktop = nil
            await factory.release(desktop, logger: logger)
        }
        logger.info("session ended", metadata: ["reason": "\(reason)"])
    }

    /// The running desktop, or the request is refused because the session ended.
    func requireDesktop() throws(APIError) -> DesktopSession {
        guard let desktop else { throw .sessionGone(id, reason: endReason ?? "stopped") }
        return desktop
    }

    /// Ends the session for an environment failure and returns the error to answer with.
    func environmentFailure(_ what: String, _ error: any Error) async -> APIError {
        let message = "\(what): \(await StepEngine.cause(of: error, on: desktop))"
        await end(reason: "environment error: \(message)")
        return .environment(message + " (the session was stopped)")
    }

    /// The session's screen size (of its vm-config, or as asked at create).
    var screenSize: Size { Size(width: config.screen.width, height: config.screen.height) }

    /// An observation as the API sends it. Observations are captured at ``observationSize`` when
    /// the session asked for one (scaled once, before the PNG encode); with an
    /// ``observationType`` that reads the tree, the tree (and for `som` the marks) of `desktop`.
    /// - Parameter type: this observation's type, when the request overrides the session's.
    func payload(
        _ observation: Observation, step: Int, image: ImageMode, desktop: DesktopSession, type: ObservationType? = nil
    ) async -> ObservationPayload {
        let type = type ?? observationType
        var payload = ObservationPayload(observation, step: step)
        if observationSize != nil {
            // The screen's size, not the scaled screenshot's: clients map points with both.
            payload.width = screenSize.width
            payload.height = screenSize.height
        }
        if image == .base64 {
            payload.screenshotPNG = observation.screenshot.png
            if observationSize != nil {
                payload.imageWidth = observation.screenshot.size.width
                payload.imageHeight = observation.screenshot.size.height
            }
        }
        // Marks are those of the observation the agent answers next; other types leave none.
        markCentres = [:]
        if type.readsTree {
            await addAccessibility(to: &payload, observation: observation, image: image, desktop: desktop, marks: type == .som)
        }
        return payload
    }

    /// `GET /sessions/{id}/screenshot`: the screen as the model sees it, as PNG.
    func screenshotPNG() async throws(APIError) -> Data {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        do {
            try await desktop.checkHealth()
            return try desktop.desktop.observe(cursor: false, scaledTo: observationSize).screenshot.png
        } catch {
            throw await environmentFailure("screenshot", error)
        }
    }

    var settlePolicy: SettlePolicy {
        config.settle.policy
    }

    func context(_ desktop: DesktopSession) -> TaskContext {
        var downloads = DownloadCache(environment: ProcessInfo.processInfo.environment)
        // A task sent inline is the client's: the server fetches none of the URLs it names (they
        // could be this network's own addresses); files already in the shared cache still serve it.
        if task?.reference == ServedTask.inlineReference { downloads.offline = true }
        return TaskContext(
            session: desktop, cacheFolder: desktop.folder.appendingPathComponent("cache"),
            taskFolder: task?.folder, pagesURL: pages?.baseURL, downloads: downloads, logger: logger)
    }

    /// Serves the task's `deskgym.pages` folder (relative to the task file) on loopback, form
    /// submissions going to the session's `cache/`, where the task's `cache_file` getters read them.
    func startPages(_ path: String, for task: ServedTask, desktop: DesktopSession) async throws -> PageServer {
        let folder: URL
        if path.hasPrefix("/") {
            folder = URL(fileURLWithPath: path)
        } else if let taskFolder = task.folder {
            folder = taskFolder.appendingPathComponent(path)
        } else {
            throw APIError.badRequest(
                "deskgym.pages '\(path)' is relative, but an inline task has no folder; name the task "
                    + "as \"domain/id\" or give an absolute path")
        }
        return try await PageServer.start(
            folder: folder,
            submissionsFile: desktop.folder.appendingPathComponent("cache").appendingPathComponent(EpisodeRunner.pageSubmissionsFileName),
            logger: logger)
    }

    // MARK: Listing

    /// The session as `GET /sessions` lists it.
    func summary(now: ContinuousClock.Instant) -> SessionSummary {
        let idle = busy ? Duration.zero : now - lastTouched
        return SessionSummary(
            sessionID: id, task: task.map { $0.task.id }, taskReference: task?.reference,
            vmConfig: config.name, grammar: grammar.name, display: desktop?.displayName,
            ageSeconds: (now - created).seconds, steps: steps, done: done, busy: busy,
            leaseSeconds: lease.seconds,
            leaseSecondsLeft: max(0, (lease - idle).seconds))
    }

    /// The pids of the session's processes (Xvfb first), for diagnostics and tests.
    func processIDs() -> [Int32] {
        guard let desktop else { return [] }
        return desktop.processIDs
    }
}
