import DeskgymCore
import DeskgymX11
import Foundation
import Logging
import Synchronization

/// A running desktop: an Xvfb server, its window manager and apps, a fresh HOME, all in process
/// groups owned by this session and torn down with it (`kind: xvfb`); or a VNC server's desktop
/// (`kind: vnc`); or a QEMU virtual machine driven over its VNC console (`kind: qemu`).
///
/// Start one with ``start(config:root:logger:)``, or wrap a driver already connected with
/// ``attached(to:config:root:displayName:logger:)`` (no processes: for tests of the logic above
/// the driver); stop it with ``stop()``. A session never outlives
/// the object silently: call ``stop()`` (idempotent) before dropping it.
public final class DesktopSession: Sendable {
    /// The environment definition the session was started from.
    public let config: VMConfig
    /// The X display, such as `:12`; for a `vnc` session its `vnc.display` or else `vnc HOST:PORT`;
    /// for a `qemu` session `qemu 127.0.0.1:PORT` (its VNC console).
    public let displayName: String
    /// The session folder: `home/`, `logs/`, `run/`.
    public let folder: URL
    /// The session's HOME, a fresh copy of the config's template; for a `vnc` session its
    /// `vnc.home` (or a fresh empty one), for a `qemu` session the guest's `qemu.guest_home`.
    public let home: URL
    /// The session's accessibility bus as this process reaches it (`unix:path=…`); nil when the
    /// session has none (`accessibility: false`, or not an `xvfb` session).
    public let accessibilityBusAddress: String?
    /// The environment every process of the session gets.
    public let environment: [String: String]
    /// Capture, input, settle and windows: the X11 driver for `xvfb`, the VNC driver for `vnc` and `qemu`.
    public let desktop: any DesktopDriver
    /// The X display behind the desktop, when the session reaches one: for a started `xvfb`, for
    /// `vnc` when `vnc.display` is given; nil otherwise.
    public let x11: X11Desktop?
    /// How long starting took, from the first spawn to ready.
    public let startupDuration: Duration
    /// How long each start-up phase took: `xvfb` (launch to display number), `window_manager`
    /// (launch to managing windows), `apps` (launch to every awaited window shown).
    public let startupPhases: [String: Duration]

    let xvfb: ChildProcess?
    /// The namespaces the programs run in (`sandbox: namespaces`); nil otherwise.
    let sandbox: SessionSandbox?
    /// The Xauthority file of the session's Xvfb, for X clients started on this machine outside
    /// the session (a VNC server, a benchmark's peer); nil for sessions without an Xvfb.
    public let xauthority: URL?
    /// The MIT-MAGIC-COOKIE-1 the session's Xvfb takes (for `X11Desktop(displayName:cookie:)`);
    /// nil for sessions without an Xvfb.
    public let xCookie: [UInt8]?
    /// Where commands run.
    let channel: CommandChannel
    private let children: Mutex<[ChildProcess]>
    /// The commands running now (``run(_:timeout:)``), which ``cancelCommands()`` and ``stop()`` end.
    let runningCommands = Mutex<[ChildProcess]>([])
    /// Programs ended by ``endPrograms(where:grace:)``: their deaths are no crashes.
    let endedOnPurpose = Mutex<Set<pid_t>>([])
    private let stopped = Mutex(false)
    private let logger: Logger

    init(
        config: VMConfig, displayName: String, folder: URL, home: URL, environment: [String: String],
        desktop: any DesktopDriver, x11: X11Desktop?, xvfb: ChildProcess?, sandbox: SessionSandbox? = nil,
        xauthority: URL? = nil, xCookie: [UInt8]? = nil, channel: CommandChannel, children: [ChildProcess], startupDuration: Duration,
        startupPhases: [String: Duration], accessibilityBusAddress: String? = nil, logger: Logger
    ) {
        self.accessibilityBusAddress = accessibilityBusAddress
        self.sandbox = sandbox
        self.xauthority = xauthority
        self.xCookie = xCookie
        self.config = config
        self.displayName = displayName
        self.folder = folder
        self.home = home
        self.environment = environment
        self.desktop = desktop
        self.x11 = x11
        self.xvfb = xvfb
        self.channel = channel
        self.children = Mutex(children)
        self.startupDuration = startupDuration
        self.startupPhases = startupPhases
        self.logger = logger
    }

    /// Whether an X socket can be hard-linked into `folder`: `/tmp/.X11-unix` (made here as Xvfb
    /// would make it, if missing) is on the same file system.
    static func canLinkXSocket(into folder: URL) -> Bool {
        let sockets = "/tmp/.X11-unix"
        if mkdir(sockets, 0o1777) == 0 { chmod(sockets, 0o1777) }
        var folderInfo = stat(), socketsInfo = stat()
        guard stat(folder.path, &folderInfo) == 0, stat(sockets, &socketsInfo) == 0 else { return false }
        return folderInfo.st_dev == socketsInfo.st_dev
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
    ///
    /// A `vnc` config connects to its server instead (``startVNC(config:root:logger:)``), a `qemu`
    /// config boots its VM (``startQemu(config:root:logger:)``).
    public static func start(
        config: VMConfig, root: URL = defaultRoot, xvfbCommand: String = "Xvfb",
        logger: Logger
    ) async throws -> DesktopSession {
        switch config.kind {
        case .xvfb: break
        case .vnc: return try await startVNC(config: config, root: root, logger: logger)
        case .qemu: return try await startQemu(config: config, root: root, logger: logger)
        }
        _ = ProcessTree.isSubreaper
        let clock = ContinuousClock()
        let began = clock.now
        let folder = try makeFolder(root: root)
        let home = folder.appendingPathComponent("home")
        var started: [ChildProcess] = []
        var xvfbProcess: ChildProcess?
        var displayNumber: Int?
        var sandbox: SessionSandbox?
        do {
            try prepareHome(home, template: config.homeTemplate)
            let runtime = try makeRuntimeFolders(in: folder)
            let logs = folder.appendingPathComponent("logs")
            let accessibilityBus =
                hasAccessibilityBus(config, folder: folder) ? accessibilityAddress(folder: folder, sandboxed: false) : nil
            if accessibilityBus != nil { try prepareAccessibility(folder: folder, sandboxed: config.sandbox == .namespaces) }

            let cookie = XAuthorityFile.newCookie()
            let authorization = runtime.appendingPathComponent("Xauthority")
            try XAuthorityFile.write(cookie: cookie, to: authorization)
            // With a sandbox, bubblewrap builds it while Xvfb starts; the socket is linked into the
            // sandbox's socket folder once Xvfb has said its number (a hard link: same file system).
            let socketFolder = folder.appendingPathComponent("x11")
            var sandboxStart: Task<SessionSandbox, any Error>?
            if config.sandbox == .namespaces, Self.canLinkXSocket(into: folder) {
                try FileManager.default.createDirectory(at: socketFolder, withIntermediateDirectories: true)
                // The window manager and the apps are known now: held, they join the session's
                // cgroups while the sandbox is built (see HeldProgram).
                let environment = SessionSandbox.environment(config: config, accessibility: accessibilityBus != nil)
                var held: [HeldProgram.Request] = []
                if let wm = config.windowManager {
                    held.append(
                        .init(
                            name: wm, command: wm, arguments: Self.windowManagerArguments(config), environment: environment,
                            output: .appendToFile(path: Self.logFile(named: wm, in: logs).path)))
                }
                for app in config.apps {
                    held.append(
                        .init(
                            name: app.displayName, command: app.command, arguments: app.args, environment: environment,
                            output: .appendToFile(path: Self.logFile(named: app.displayName, in: logs).path)))
                }
                sandboxStart = Task { [held] in
                    try await SessionSandbox.start(
                        folder: folder, socket: .folder(socketFolder), cookie: cookie, limits: config.limits,
                        network: config.network, holding: held, logs: logs, logger: logger)
                }
            }
            let xvfb: ChildProcess, number: Int
            do {
                (xvfb, number) = try await startXvfb(
                    config: config, command: xvfbCommand, authorization: authorization, logs: logs, logger: logger)
            } catch {
                if let early = try? await sandboxStart?.value { await early.end() }
                throw error
            }
            xvfbProcess = xvfb
            var phases = ["xvfb": clock.now - began]
            var phaseStart = clock.now
            displayNumber = number
            let displayName = ":\(number)"
            // This machine's exact-match clients (python-xlib) need an entry for the display number.
            try XAuthorityFile.write(cookie: cookie, to: authorization, local: [(ProcessInfo.processInfo.hostName, number)])
            if let sandboxStart {
                sandbox = try await sandboxStart.value
                guard link("/tmp/.X11-unix/X\(number)", socketFolder.appendingPathComponent("X0").path) == 0 else {
                    throw SessionError(
                        operation: "start", display: displayName,
                        kind: .filesystem("cannot link the X socket into the sandbox: \(String(cString: strerror(errno)))"))
                }
            }
            let desktop = try X11Desktop(displayName: displayName, cookie: cookie)
            let environment: [String: String]
            switch config.sandbox {
            case .namespaces:
                if sandbox == nil {
                    sandbox = try await SessionSandbox.start(
                        folder: folder, socket: .file("/tmp/.X11-unix/X\(number)"), cookie: cookie, limits: config.limits,
                        network: config.network, logs: logs, logger: logger)
                }
                environment = SessionSandbox.environment(config: config, accessibility: accessibilityBus != nil)
                phases["sandbox"] = clock.now - phaseStart
                phaseStart = clock.now
            case .none:
                logger.warning(
                    "session runs without a sandbox: its programs and commands run as this server's user on this machine",
                    metadata: ["session.display": "\(displayName)", "session.config": "\(config.source)"])
                environment = makeEnvironment(
                    config: config, display: displayName, home: home, runtime: runtime, authorization: authorization,
                    accessibilityBus: accessibilityBus)
            }
            var accessibilityPrograms: [ChildProcess] = []
            if let accessibilityBus {
                accessibilityPrograms = try await startAccessibility(
                    folder: folder, address: accessibilityBus, environment: environment, home: home, logs: logs, sandbox: sandbox,
                    display: displayName)
                started += accessibilityPrograms
            }

            if let wm = config.windowManager {
                let process = try spawn(
                    name: wm, command: wm, arguments: Self.windowManagerArguments(config),
                    environment: environment, home: home, logs: logs, sandbox: sandbox)
                started.append(process)
                try await waitFor(
                    "the window manager \(wm) to take the screen", display: displayName,
                    processes: [xvfb, process], timeout: .seconds(30)
                ) {
                    try desktop.windows.isWindowManagerRunning()
                }
                let probe = try WindowManagerProbe(connection: desktop.connection)
                var lastMap = ContinuousClock.now - .seconds(1)
                try await waitFor(
                    "the window manager \(wm) to manage windows", display: displayName,
                    processes: [xvfb, process], timeout: .seconds(30)
                ) {
                    let remap = ContinuousClock.now - lastMap > .milliseconds(20)
                    if remap { lastMap = ContinuousClock.now }
                    return try probe.isManaged(remap: remap)
                }
            }
            phases["window_manager"] = clock.now - phaseStart
            phaseStart = clock.now
            if let accessibilityBus {
                // `deskgym tree --display` finds the bus here (the address is this machine's).
                try desktop.setRootProperty(accessibilityBusProperty, to: accessibilityBus)
                try await waitForAccessibility(address: accessibilityBus, processes: [xvfb] + accessibilityPrograms, display: displayName)
                phases["accessibility"] = clock.now - phaseStart
                phaseStart = clock.now
            }
            var awaited: [(VMConfig.App, ChildProcess)] = []
            for app in config.apps {
                let process = try spawn(
                    name: app.displayName, command: app.command, arguments: app.args,
                    environment: environment, home: home, logs: logs, sandbox: sandbox)
                started.append(process)
                if app.waitForWindow != nil { awaited.append((app, process)) }
            }
            for (app, process) in awaited {
                let pattern = app.waitForWindow!.lowercased()
                try await waitFor(
                    "a window matching '\(pattern)' from \(app.displayName)", display: displayName,
                    processes: [xvfb, process], timeout: .seconds(30)
                ) {
                    try desktop.windows.list().contains { window in
                        window.title.lowercased().contains(pattern) || window.className.lowercased() == pattern
                            || window.instanceName.lowercased() == pattern
                    }
                }
            }
            phases["apps"] = clock.now - phaseStart
            await sandbox?.dropHeld()
            let session = DesktopSession(
                config: config, displayName: displayName, folder: folder, home: home,
                environment: environment, desktop: desktop, x11: desktop, xvfb: xvfb, sandbox: sandbox,
                xauthority: authorization, xCookie: cookie, channel: .local, children: started, startupDuration: clock.now - began,
                startupPhases: phases, accessibilityBusAddress: accessibilityBus, logger: logger)
            logger.info(
                "session ready",
                metadata: [
                    "session.display": "\(displayName)",
                    "session.folder": "\(folder.path)",
                    "session.startup_ms": "\(Int(session.startupDuration.milliseconds))",
                ])
            return session
        } catch {
            await terminateAll(
                started.reversed(), sandbox: sandbox, xvfb: xvfbProcess, display: displayNumber, folder: folder, logger: logger)
            throw error
        }
    }

    /// Starts another program in the session (its own process group, the session's environment).
    /// It is stopped with the session.
    @discardableResult
    public func launch(_ command: String, arguments: [String] = [], name: String? = nil) throws -> ChildProcess {
        guard case .local = channel else {
            throw SessionError(
                operation: "launch \(command)", display: displayName,
                kind: .unsupported(
                    "\(config.source): a \(config.kind.rawValue) session starts no programs of its own here; "
                        + (config.kind == .qemu
                            ? "run it through the guest agent with an execute step instead"
                            : "set vnc.commands: local when the VNC server shows a desktop of this machine")))
        }
        let process = try Self.spawn(
            name: name ?? command, command: command, arguments: arguments,
            environment: environment, home: home, logs: folder.appendingPathComponent("logs"), sandbox: sandbox)
        children.withLock { $0.append(process) }
        return process
    }

    /// Starts a program on this machine beside the session rather than in it (a VNC server for
    /// its display, a benchmark's peer): this server's user and network, `DISPLAY` and
    /// `XAUTHORITY` of the session's Xvfb, the session folder as working directory. It is stopped
    /// with the session.
    @discardableResult
    public func launchBeside(_ command: String, arguments: [String] = [], name: String? = nil) throws -> ChildProcess {
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = displayName
        environment["XAUTHORITY"] = xauthority?.path
        let label = name ?? command
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                command, arguments: arguments, environment: environment, workingDirectory: folder.path,
                output: .appendToFile(path: Self.logFile(named: label, in: folder.appendingPathComponent("logs")).path), name: label)
        } catch {
            throw SessionError(operation: "launch \(command)", display: displayName, kind: .programMissing("\(error)"))
        }
        children.withLock { $0.append(process) }
        return process
    }

    /// Whether the session's programs run in a sandbox of their own (``VMConfig/Sandbox/namespaces``).
    public var isSandboxed: Bool { sandbox != nil }

    /// How the session's programs are confined, for people: `namespaces` or `none`, and the
    /// mechanism that enforces its limits (`cgroup v1 (memory_mb 2048, processes 512)`, `none`).
    public var confinement: (sandbox: String, limits: String) {
        guard let sandbox else { return (xvfb == nil ? "none (\(config.kind.rawValue))" : "none", "none") }
        let limits = sandbox.limits.mechanism == .none ? "none" : "\(sandbox.limits.mechanism.rawValue) (\(config.limits))"
        let network = sandbox.network == nil ? "loopback only" : "nat through slirp4netns"
        return ("namespaces (host uid \(sandbox.hostUser), hostname \(sandbox.hostname), network: \(network))", limits)
    }

    /// HOME as the session's programs see it: `/home/user` in a sandbox, the session folder's
    /// `home/` otherwise (for a `qemu` session, the guest's).
    public var programHome: String { sandbox != nil ? SessionSandbox.home : (environment["HOME"] ?? home.path) }

    /// The X server's pid; nil for `vnc` and `qemu` sessions, which run no Xvfb.
    public var xvfbPID: Int32? { xvfb?.pid }

    /// The pids of the session's processes: Xvfb first (for `xvfb`), QEMU first (for `qemu`), then
    /// the others. A `vnc` session lists only what it launched itself.
    public var processIDs: [Int32] { (xvfb.map { [$0.pid] } ?? []) + processes.map(\.pid) }

    /// The pids whose process trees hold the session's programs: ``processIDs`` and, in a
    /// sandbox, bubblewrap, whose init adopts what the programs detach.
    var treeRoots: [Int32] { processIDs + (sandbox.map { [$0.bubblewrap.pid] } ?? []) }

    /// The pids of the sandbox's own processes (bubblewrap and its init), which are not programs.
    var sandboxPIDs: Set<Int32> { sandbox.map { [$0.bubblewrap.pid, $0.initPID] } ?? [] }

    /// The X display behind the desktop, or an error naming the session and `purpose` when the
    /// session has none (a remote VNC desktop, a VM).
    public func requireX11(for purpose: String) throws(SessionError) -> X11Desktop {
        guard let x11 else {
            throw SessionError(
                operation: purpose, display: displayName,
                kind: .unsupported(
                    "\(config.source): \(purpose) needs an X display, and a \(config.kind.rawValue) session has none"
                        + (config.kind == .vnc ? " (set vnc.display when the VNC server shows a local display)" : "")))
        }
        return x11
    }

    /// The processes of the session other than Xvfb: window manager, apps, launched programs.
    public var processes: [ChildProcess] { children.withLock { $0 } }

    /// Throws when the connection to the desktop was lost, Xvfb or the window manager has ended, or
    /// an app has crashed (killed by a signal or exited non-zero). An app that exited with status 0
    /// was closed, not crashed.
    ///
    /// `async` because a dead X server is named once it can be reaped, which may take a moment
    /// after its clients see it go; the wait is a task sleep, not a blocked thread.
    public func checkHealth() async throws(SessionError) {
        if let reason = desktop.lostReason ?? x11?.lostReason {
            // A lost X connection is most often a dead Xvfb: name the cause, not the symptom.
            try await checkXvfb(waiting: true)
            throw SessionError(
                operation: "health check", display: displayName,
                kind: .failed("the connection to \(desktopServer) was lost: \(reason)"))
        }
        try await checkXvfb(waiting: false)
        try await checkChildren()
    }

    /// What the desktop connection reaches, for messages.
    private var desktopServer: String {
        switch config.kind {
        // An attached session (``attached(to:config:root:displayName:logger:)``) runs no X server of its own.
        case .xvfb: xvfb == nil ? "the desktop \(displayName)" : "the X server"
        case .vnc: config.vnc.map { "the VNC server at \($0.host):\($0.port)" } ?? "the VNC server"
        case .qemu: "the VM's VNC console"
        }
    }

    /// Throws when Xvfb has ended; with `waiting`, gives it up to 100 ms to become reapable.
    private func checkXvfb(waiting: Bool) async throws(SessionError) {
        guard let xvfb else { return }
        var looks = waiting ? 20 : 1
        while true {
            if let status = xvfb.poll() {
                throw SessionError(
                    operation: "health check", display: displayName,
                    kind: .processDied(name: "Xvfb", pid: xvfb.pid, status: status.description))
            }
            looks -= 1
            guard looks > 0 else { return }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Throws when the window manager (or QEMU) has ended, or an app crashed; a dead X server is
    /// named rather than its first casualty.
    private func checkChildren() async throws(SessionError) {
        let all = children.withLock { $0 }
        let ended = endedOnPurpose.withLock { $0 }
        for (index, process) in all.enumerated() {
            guard let status = process.poll(), !ended.contains(process.pid) else { continue }
            let isWindowManager = index == 0 && (config.kind == .qemu || (config.kind == .xvfb && config.windowManager != nil))
            if isWindowManager || !status.isSuccess {
                // Apps die of a dead X server a moment before the kernel lets Xvfb be reaped:
                // name the cause, not the first casualty.
                try await checkXvfb(waiting: true)
                throw SessionError(
                    operation: "health check", display: displayName,
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
        cancelCommands()
        let all = children.withLock { $0 }
        // Closed before their servers are ended: an X connection outliving its server is best avoided.
        desktop.close()
        x11?.close()
        await Self.terminateAll(
            all.reversed(), sandbox: sandbox, xvfb: xvfb, display: xvfb == nil ? nil : Int(displayName.dropFirst()),
            folder: folder, logger: logger)
        logger.info("session stopped", metadata: ["session.display": "\(displayName)"])
    }
}
