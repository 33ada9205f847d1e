import DeskgymCore
import DeskgymX11
import Foundation
import Logging
import Synchronization

/// A running desktop: an Xvfb server, its window manager and apps, a fresh HOME, all in process
/// groups owned by this session and torn down with it.
///
/// Start one with ``start(config:root:logger:)``; stop it with ``stop()``. A session never outlives
/// the object silently: call ``stop()`` (idempotent) before dropping it.
public final class DesktopSession: Sendable {
    /// The environment definition the session was started from.
    public let config: VMConfig
    /// The X display, such as `:12`.
    public let displayName: String
    /// The session folder: `home/`, `logs/`, `run/`.
    public let folder: URL
    /// The session's HOME, a fresh copy of the config's template.
    public let home: URL
    /// The environment every process of the session gets.
    public let environment: [String: String]
    /// Capture, input, settle and windows on the session's display.
    public let desktop: X11Desktop
    /// How long starting took, from the first spawn to ready.
    public let startupDuration: Duration
    /// How long each start-up phase took: `xvfb` (launch to display number), `window_manager`
    /// (launch to managing windows), `apps` (launch to every awaited window shown).
    public let startupPhases: [String: Duration]

    let xvfb: ChildProcess
    private let children: Mutex<[ChildProcess]>
    private let stopped = Mutex(false)
    private let logger: Logger

    private init(config: VMConfig, displayName: String, folder: URL, home: URL, environment: [String: String],
                 desktop: X11Desktop, xvfb: ChildProcess, children: [ChildProcess], startupDuration: Duration,
                 startupPhases: [String: Duration], logger: Logger) {
        self.config = config
        self.displayName = displayName
        self.folder = folder
        self.home = home
        self.environment = environment
        self.desktop = desktop
        self.xvfb = xvfb
        self.children = Mutex(children)
        self.startupDuration = startupDuration
        self.startupPhases = startupPhases
        self.logger = logger
    }

    /// The default parent folder of session folders: `$TMPDIR/deskgym-sessions`.
    public static var defaultRoot: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
            .appendingPathComponent("deskgym-sessions")
    }

    /// Starts a session: Xvfb on a free display (`-displayfd`), then the window manager, then the
    /// apps. Returns once the X server answers, the window manager has taken the screen and every
    /// app that names a window to wait for shows it. On failure everything started is stopped.
    /// - Parameter xvfbCommand: the X server program, looked up on `PATH`.
    public static func start(config: VMConfig, root: URL = defaultRoot, xvfbCommand: String = "Xvfb",
                             logger: Logger) async throws -> DesktopSession {
        guard config.kind == .xvfb else {
            throw SessionError(operation: "start", kind: .unsupported(
                "\(config.source): kind '\(config.kind.rawValue)' is not supported yet; only 'xvfb' sessions run"))
        }
        _ = ProcessTree.isSubreaper
        let clock = ContinuousClock()
        let began = clock.now
        let folder = try makeFolder(root: root)
        let home = folder.appendingPathComponent("home")
        var started: [ChildProcess] = []
        var xvfbProcess: ChildProcess?
        var displayNumber: Int?
        do {
            try prepareHome(home, template: config.homeTemplate)
            let runtime = folder.appendingPathComponent("run")
            try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let logs = folder.appendingPathComponent("logs")
            try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)

            let (xvfb, number) = try await startXvfb(config: config, command: xvfbCommand, logs: logs, logger: logger)
            xvfbProcess = xvfb
            var phases = ["xvfb": clock.now - began]
            var phaseStart = clock.now
            displayNumber = number
            let displayName = ":\(number)"
            let environment = makeEnvironment(config: config, display: displayName, home: home, runtime: runtime)
            let desktop = try X11Desktop(displayName: displayName)

            if let wm = config.windowManager {
                var arguments = config.windowManagerArgs
                // Openbox otherwise spends ~70 ms looking for a session manager that never runs here.
                if (wm as NSString).lastPathComponent == "openbox" && !arguments.contains("--sm-disable") {
                    arguments.append("--sm-disable")
                }
                let process = try spawn(name: wm, command: wm, arguments: arguments,
                                        environment: environment, home: home, logs: logs)
                started.append(process)
                try await waitFor("the window manager \(wm) to take the screen", display: displayName,
                                  processes: [xvfb, process], timeout: .seconds(10)) {
                    try desktop.windows.isWindowManagerRunning()
                }
                let probe = try WindowManagerProbe(connection: desktop.connection)
                var lastMap = ContinuousClock.now - .seconds(1)
                try await waitFor("the window manager \(wm) to manage windows", display: displayName,
                                  processes: [xvfb, process], timeout: .seconds(10)) {
                    let remap = ContinuousClock.now - lastMap > .milliseconds(20)
                    if remap { lastMap = ContinuousClock.now }
                    return try probe.isManaged(remap: remap)
                }
            }
            phases["window_manager"] = clock.now - phaseStart
            phaseStart = clock.now
            var awaited: [(VMConfig.App, ChildProcess)] = []
            for app in config.apps {
                let process = try spawn(name: app.displayName, command: app.command, arguments: app.args,
                                        environment: environment, home: home, logs: logs)
                started.append(process)
                if app.waitForWindow != nil { awaited.append((app, process)) }
            }
            for (app, process) in awaited {
                let pattern = app.waitForWindow!.lowercased()
                try await waitFor("a window matching '\(pattern)' from \(app.displayName)", display: displayName,
                                  processes: [xvfb, process], timeout: .seconds(30)) {
                    try desktop.windows.list().contains { window in
                        window.title.lowercased().contains(pattern) || window.className.lowercased() == pattern
                            || window.instanceName.lowercased() == pattern
                    }
                }
            }
            phases["apps"] = clock.now - phaseStart
            let session = DesktopSession(config: config, displayName: displayName, folder: folder, home: home,
                                         environment: environment, desktop: desktop, xvfb: xvfb, children: started,
                                         startupDuration: clock.now - began, startupPhases: phases, logger: logger)
            logger.info("session ready", metadata: ["session.display": "\(displayName)",
                                                    "session.folder": "\(folder.path)",
                                                    "session.startup_ms": "\(Int(session.startupDuration.milliseconds))"])
            return session
        } catch {
            await terminateAll(started.reversed(), xvfb: xvfbProcess, display: displayNumber, folder: folder, logger: logger)
            throw error
        }
    }

    /// Starts another program in the session (its own process group, the session's environment).
    /// It is stopped with the session.
    @discardableResult
    public func launch(_ command: String, arguments: [String] = [], name: String? = nil) throws -> ChildProcess {
        let process = try Self.spawn(name: name ?? command, command: command, arguments: arguments,
                                     environment: environment, home: home, logs: folder.appendingPathComponent("logs"))
        children.withLock { $0.append(process) }
        return process
    }

    /// The X server's pid.
    public var xvfbPID: Int32 { xvfb.pid }

    /// The processes of the session other than Xvfb: window manager, apps, launched programs.
    public var processes: [ChildProcess] { children.withLock { $0 } }

    /// Throws when Xvfb or the window manager has ended, or an app has crashed (killed by a
    /// signal or exited non-zero). An app that exited with status 0 was closed, not crashed.
    public func checkHealth() throws(SessionError) {
        if let status = xvfb.poll() {
            throw SessionError(operation: "health check", display: displayName,
                               kind: .processDied(name: "Xvfb", pid: xvfb.pid, status: status.description))
        }
        let all = children.withLock { $0 }
        for (index, process) in all.enumerated() {
            guard let status = process.poll() else { continue }
            let isWindowManager = index == 0 && config.windowManager != nil
            if isWindowManager || !status.isSuccess {
                // Apps die of a dead X server a moment before the kernel lets Xvfb be reaped:
                // name the cause, not the first casualty.
                for _ in 0..<20 {
                    if let xvfbStatus = xvfb.poll() {
                        throw SessionError(operation: "health check", display: displayName,
                                           kind: .processDied(name: "Xvfb", pid: xvfb.pid, status: xvfbStatus.description))
                    }
                    usleep(5_000)
                }
                throw SessionError(operation: "health check", display: displayName,
                                   kind: .processDied(name: process.name, pid: process.pid, status: status.description))
            }
        }
    }

    /// Stops every process of the session (SIGTERM to each process group, SIGKILL after a grace
    /// period, reaped), removes the X lock and socket files, shared-memory segments the session's
    /// processes left, and the session folder. Safe to call more than once.
    public func stop() async {
        let first = stopped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let all = children.withLock { $0 }
        await Self.terminateAll(all.reversed(), xvfb: xvfb, display: Int(displayName.dropFirst()), folder: folder,
                                logger: logger)
        logger.info("session stopped", metadata: ["session.display": "\(displayName)"])
    }
}
