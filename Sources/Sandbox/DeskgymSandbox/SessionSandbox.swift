import Foundation
import Logging
import Synchronization

/// The Linux namespaces an `xvfb` session's programs live in (`sandbox: namespaces`).
///
/// bubblewrap builds them — user, PID, mount, network, IPC, UTS and cgroup — running as a host
/// user of the session's own (``hostUserBase`` + display number), which has no rights on this
/// machine's files beyond what every user has. Inside, everything runs as `user` (uid 1000)
/// without capabilities and with `no_new_privs`: the system read-only, a private `/tmp` and
/// `/run`, the session's HOME at `/home/user`, its own loopback and nothing else, the session's X
/// socket as display `:0` (which takes the session's cookie), and the hostname `deskgym`. With
/// `network: nat` a ``UserModeNetwork`` gives it a way out besides.
///
/// The namespaces are held by an init (a shell as PID 1 that reaps orphans and, being PID 1,
/// cannot be signalled from inside): `kill -9 -1` inside ends the session's programs, never the
/// namespaces. Programs enter with `nsenter` and drop to `user` with `setpriv` (both util-linux).
/// Ending the init ends the PID namespace, so nothing a command detached survives the session.
final class SessionSandbox: Sendable {
    /// The uid and gid of the user inside.
    static let userID = 1000
    /// The sandbox's host uid is this plus the display number.
    static let hostUserBase = 3_000_000
    /// HOME inside.
    static let home = "/home/user"
    /// The display inside.
    static let display = ":0"
    /// XDG_RUNTIME_DIR inside, where the cookie file is.
    static let runtimeFolder = "/run/user/1000"
    /// `PATH` inside.
    static let path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The host uid (and gid) the namespaces belong to.
    let hostUser: Int
    /// The outer bubblewrap process (this process's child).
    let bubblewrap: ChildProcess
    /// The namespaces' PID 1, as this machine numbers it.
    let initPID: pid_t
    /// The hostname inside.
    let hostname: String
    /// The session's memory, process and CPU limits.
    let limits: SessionLimits
    /// The way out to the network (`network: nat`); nil when the sandbox has its loopback only.
    let network: UserModeNetwork?
    /// The bridges between this machine's loopback and the sandbox's, by kind and port.
    private let bridges = Mutex<[BridgeKey: LoopbackBridge]>([:])
    /// Programs started ahead, waiting to enter (see ``HeldProgram``).
    private let held: Mutex<[HeldProgram]>

    private struct BridgeKey: Hashable {
        var inward: Bool
        var port: Int
    }

    /// The pipe whose write end this process holds and the init reads: the init sees its end of
    /// file, and ends the sandbox, when this process is gone.
    private let lifeline: ChildReport.Pipe

    private init(
        hostUser: Int, bubblewrap: ChildProcess, initPID: pid_t, hostname: String, lifeline: ChildReport.Pipe,
        limits: SessionLimits, network: UserModeNetwork?, held: [HeldProgram]
    ) {
        self.held = Mutex(held)
        self.lifeline = lifeline
        self.limits = limits
        self.network = network
        self.hostUser = hostUser
        self.bubblewrap = bubblewrap
        self.initPID = initPID
        self.hostname = hostname
    }

    /// The environment of the session's programs inside: HOME, USER, DISPLAY and XAUTHORITY as
    /// the sandbox has them, then the config's own variables.
    /// `accessibility`: whether the session runs its accessibility bus.
    static func environment(config: VMConfig, accessibility: Bool) -> [String: String] {
        var environment: [String: String] = [
            "PATH": path, "HOME": home, "USER": "user", "LOGNAME": "user", "SHELL": "/bin/bash",
            "LANG": "C.UTF-8", "DISPLAY": display, "XDG_RUNTIME_DIR": runtimeFolder,
            "XAUTHORITY": runtimeFolder + "/Xauthority",
        ]
        let bus = accessibility ? "unix:path=\(DesktopSession.accessibilityFolderInside)/bus" : nil
        environment.merge(DesktopSession.accessibilityEnvironment(address: bus)) { $1 }
        environment.merge(config.env) { _, configured in configured }
        return environment
    }

    /// Where the sandbox finds the session's X socket, which it sees as `/tmp/.X11-unix/X0`.
    enum XSocket: Sendable {
        /// This socket file (the display is known).
        case file(String)
        /// This folder, mounted as `/tmp/.X11-unix`, where `X0` is linked once the display is
        /// known: the sandbox is built while Xvfb starts.
        case folder(URL)
    }

    /// Builds the namespaces for the session in `folder` (whose `home/` becomes `/home/user`),
    /// with the X socket `socket` whose server takes `cookie`, the limits and the network asked for.
    static func start(
        folder: URL, socket: XSocket, cookie: [UInt8], limits wanted: VMConfig.Limits, network: VMConfig.Network,
        holding requests: [HeldProgram.Request] = [], logs: URL, logger: Logger
    ) async throws -> SessionSandbox {
        let limits = SessionLimits.make(wanted, name: folder.lastPathComponent, logger: logger)
        // Started now, they join the cgroups while bubblewrap builds the namespaces.
        let held = requests.compactMap { HeldProgram.start($0, limits: limits) }
        do {
            return try await start(
                folder: folder, socket: socket, cookie: cookie, limits: limits, network: network, held: held, logs: logs,
                logger: logger)
        } catch {
            for program in held { await program.end() }
            throw error
        }
    }

    private static func start(
        folder: URL, socket: XSocket, cookie: [UInt8], limits: SessionLimits, network: VMConfig.Network,
        held: [HeldProgram], logs: URL, logger: Logger
    ) async throws -> SessionSandbox {
        // Root gives each session a host user of its own, numbered after its folder (an inode is
        // unique among the files that exist); another user's sandbox is that user.
        var folderInfo = stat()
        _ = stat(folder.path, &folderInfo)
        let asRoot = geteuid() == 0
        let hostUser = asRoot ? hostUserBase + Int(folderInfo.st_ino % 900_000_000) : Int(geteuid())
        let home = folder.appendingPathComponent("home")
        let own = folder.appendingPathComponent("sandbox")
        // One name for every session, as every copy of a VM image has one: a prompt or a title
        // that shows it looks the same in every session (a seeded reset gives the same screen).
        let hostname = "deskgym"
        do {
            try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(passwd.utf8).write(to: own.appendingPathComponent("passwd"))
            try Data(group.utf8).write(to: own.appendingPathComponent("group"))
            try Data(hostname.utf8 + [10]).write(to: own.appendingPathComponent("hostname"))
            try Data(UserModeNetwork.resolvConf.utf8).write(to: own.appendingPathComponent("resolv.conf"))
            try XAuthorityFile.write(cookie: cookie, to: own.appendingPathComponent("Xauthority"), local: [(hostname, 0)])
            // bubblewrap runs as the sandbox's host user: it must reach the folders it mounts,
            // and the programs inside own their HOME.
            guard chmod(folder.path, 0o711) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
            try FileOwnership.give(own, to: hostUser)
            try FileOwnership.give(home, to: hostUser)
            let accessibility = DesktopSession.accessibilityFolder(in: folder)
            if FileManager.default.fileExists(atPath: accessibility.path) { try FileOwnership.give(accessibility, to: hostUser) }
        } catch {
            throw SessionError(
                operation: "start", kind: .filesystem("cannot prepare the sandbox in \(folder.path)"), underlying: "\(error)")
        }

        let program = asRoot ? "setpriv" : "bwrap"
        var arguments = asRoot ? ["--reuid=\(hostUser)", "--regid=\(hostUser)", "--clear-groups", "--", "bwrap"] : []
        arguments += [
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--unshare-cgroup-try",
            // Not --die-with-parent: its PR_SET_PDEATHSIG fires when the *thread* that spawned
            // bubblewrap ends, and the concurrency pool's threads come and go. The init's lifeline
            // (fd 5) ends the sandbox when this process dies instead.
            "--as-pid-1", "--new-session",
            "--uid", "\(userID)", "--gid", "\(userID)", "--hostname", hostname,
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
        ]
        for top in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt", "/var", "/sys"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: top) {
                arguments += ["--symlink", target, top]
            } else if FileManager.default.fileExists(atPath: top) {
                arguments += ["--ro-bind", top, top]
            }
        }
        arguments += [
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/run", "--tmpfs", "/var/tmp",
            "--perms", "0700", "--dir", runtimeFolder,
            "--ro-bind", own.appendingPathComponent("Xauthority").path, runtimeFolder + "/Xauthority",
            "--ro-bind", own.appendingPathComponent("passwd").path, "/etc/passwd",
            "--ro-bind", own.appendingPathComponent("group").path, "/etc/group",
            "--ro-bind", own.appendingPathComponent("hostname").path, "/etc/hostname",
        ]
        if network == .nat {
            // This machine's resolver may be on its loopback (127.0.0.53), which the sandbox's
            // is not; slirp4netns's resolver asks it.
            arguments += ["--ro-bind", own.appendingPathComponent("resolv.conf").path, "/etc/resolv.conf"]
        }
        switch socket {
        case .file(let path): arguments += ["--dir", "/tmp/.X11-unix", "--bind", path, "/tmp/.X11-unix/X0"]
        case .folder(let url): arguments += ["--ro-bind", url.path, "/tmp/.X11-unix"]
        }
        let accessibility = DesktopSession.accessibilityFolder(in: folder)
        if FileManager.default.fileExists(atPath: accessibility.path) {
            arguments += ["--bind", accessibility.path, DesktopSession.accessibilityFolderInside]
        }
        arguments += [
            "--bind", home.path, Self.home,
            // The root itself (bubblewrap's scratch filesystem) takes no new files.
            "--remount-ro", "/",
            "--chdir", Self.home,
            "--info-fd", "3",
            "--", "/bin/bash", "-c", initScript,
        ]

        // bubblewrap reports the namespaces' PID 1 on fd 3 before it has written the user
        // mappings; the init says on fd 4 that everything is in place.
        let info = try ChildReport.Pipe(), ready = try ChildReport.Pipe(), lifeline = try ChildReport.Pipe()
        let bubblewrap: ChildProcess
        do {
            let command = limits.wrap([program] + arguments)
            bubblewrap = try ChildProcess.spawn(
                command[0], arguments: Array(command.dropFirst()), environment: ["PATH": path],
                output: .appendToFile(path: logs.appendingPathComponent("sandbox.log").path),
                passing: [3: info.writeEnd, 4: ready.writeEnd, 5: lifeline.readEnd], name: "bwrap", logger: logger)
        } catch {
            await limits.remove()
            throw SessionError(operation: "start", kind: .programMissing("\(error) (install the bubblewrap package)"))
        }
        info.closeWriteEnd()
        ready.closeWriteEnd()
        let report: String
        do {
            let log = logs.appendingPathComponent("sandbox.log")
            report = try await ChildReport.read(
                from: info.readEnd, until: { $0.contains("}") }, process: bubblewrap, log: log,
                what: "the sandbox to report its namespaces")
            _ = try await ChildReport.read(
                from: ready.readEnd, until: { $0.contains("\n") }, process: bubblewrap, log: log,
                what: "the sandbox's init to start")
        } catch {
            _ = await bubblewrap.terminate(grace: .milliseconds(200))
            await limits.remove()
            throw SessionError(
                operation: "start", kind: .failed("the sandbox did not start; set sandbox: none where user namespaces are not allowed"),
                underlying: "\(error)")
        }
        struct Info: Decodable {
            let childPID: Int32
            enum CodingKeys: String, CodingKey { case childPID = "child-pid" }
        }
        guard let info = try? JSONDecoder().decode(Info.self, from: Data(report.utf8)) else {
            _ = await bubblewrap.terminate(grace: .milliseconds(200))
            await limits.remove()
            throw SessionError(operation: "start", kind: .failed("bubblewrap reported '\(report.excerpt)'"))
        }
        var outside: UserModeNetwork?
        if network == .nat {
            do {
                outside = try await UserModeNetwork.start(initPID: info.childPID, hostUser: hostUser, logs: logs, logger: logger)
            } catch {
                kill(info.childPID, SIGKILL)
                lifeline.closeWriteEnd()
                _ = await bubblewrap.terminate(grace: .milliseconds(200))
                await limits.remove()
                throw error
            }
        }
        logger.debug(
            "sandbox ready",
            metadata: [
                "session.sandbox_pid": "\(info.childPID)", "session.sandbox_uid": "\(hostUser)",
                "session.network": "\(network.rawValue)",
            ])
        return SessionSandbox(
            hostUser: hostUser, bubblewrap: bubblewrap, initPID: info.childPID, hostname: hostname, lifeline: lifeline,
            limits: limits, network: outside, held: held)
    }

    /// Starts `program` inside, as `user` in HOME, in a process group of its own (the `nsenter`
    /// that carries it in is this process's child, in the same group, and exits with its status).
    func spawn(
        _ program: String, arguments: [String], environment: [String: String], output: ChildProcess.Output,
        name: String
    ) throws(ProcessError) -> ChildProcess {
        if !program.contains("/") {
            // The system inside is this machine's, read-only: a missing program is named here,
            // with its package, rather than as an exit status 127 a moment later.
            _ = try ChildProcess.resolve(program, searchPath: environment["PATH"] ?? Self.path)
        }
        let request = HeldProgram.Request(
            name: name, command: program, arguments: arguments, environment: environment, output: output)
        if let held = takeHeld(request) {
            _ = held.release(into: initPID)
            return held.process
        }
        let command = limits.wrap(["nsenter", "--target", "\(initPID)"] + Self.enterArguments(program, arguments))
        return try ChildProcess.spawn(
            command[0], arguments: Array(command.dropFirst()), environment: environment, output: output, name: name)
    }

    /// What follows `nsenter --target PID` to run `program` inside: every namespace, as `user`
    /// in HOME, with no privileges to gain.
    static func enterArguments(_ program: String, _ arguments: [String]) -> [String] {
        [
            "--user", "--mount", "--net", "--ipc", "--uts", "--pid", "--wd", "--setuid", "\(userID)", "--setgid", "\(userID)", "--",
            "setpriv", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--", program,
        ] + arguments
    }

    /// The held program started for exactly `request`, taken out of the held ones.
    private func takeHeld(_ request: HeldProgram.Request) -> HeldProgram? {
        held.withLock { held in
            guard let index = held.firstIndex(where: { $0.request == request }) else { return nil }
            return held.remove(at: index)
        }
    }

    /// Lets go of the held programs no spawn asked for (each exits), and reaps them.
    func dropHeld() async {
        let unused = held.withLock { held in
            let unused = held
            held = []
            return unused
        }
        for program in unused { await program.end() }
    }

    /// The port on this machine's 127.0.0.1 that leads to 127.0.0.1:`port` inside (one bridge
    /// per port, kept until the sandbox ends).
    func reach(port: Int) async throws -> Int {
        try await bridge(BridgeKey(inward: true, port: port)).port
    }

    /// Makes 127.0.0.1:`port` of this machine answer at 127.0.0.1:`port` inside.
    func expose(port: Int) async throws {
        _ = try await bridge(BridgeKey(inward: false, port: port))
    }

    private func bridge(_ key: BridgeKey) async throws -> LoopbackBridge {
        if let existing = bridges.withLock({ $0[key] }) { return existing }
        let namespace = try NetworkNamespace(of: initPID)
        let made =
            key.inward
            ? try await LoopbackBridge.inward(to: key.port, in: namespace)
            : try await LoopbackBridge.outward(from: key.port, in: namespace)
        let kept = bridges.withLock { bridges in
            if let raced = bridges[key] { return raced }
            bridges[key] = made
            return made
        }
        if kept !== made { await made.close() }
        return kept
    }

    /// Ends the PID namespace (SIGKILL to its PID 1, which the kernel passes to every process
    /// in it) and reaps bubblewrap.
    func end() async {
        await dropHeld()
        for bridge in bridges.withLock({ $0.values }) { await bridge.close() }
        await network?.end()
        // The init is bubblewrap's child, alive (PID 1 cannot be killed from inside) until this
        // kill or its lifeline's end: its pid cannot have gone to another process yet.
        kill(initPID, SIGKILL)
        lifeline.closeWriteEnd()
        _ = await bubblewrap.terminate(grace: .seconds(1))
        // Last: a cgroup goes only once its processes (bubblewrap itself among them) are gone.
        await limits.remove()
    }

    /// PID 1 inside: ignores the signals a program inside could send it (SIGKILL and SIGSTOP
    /// from inside never reach a PID 1), and reaps the orphans the kernel gives it. It waits on
    /// the lifeline (fd 5), which no one writes: a read interrupted by a signal (status above 128)
    /// waits again, its end of file (status 1: this server is gone) ends the sandbox.
    static let initScript =
        "trap '' TERM HUP INT QUIT USR1 USR2; echo ready >&4; exec 4>&-; "
        + "while read -r -u 5 _; status=$?; [ $status -eq 0 ] || [ $status -gt 128 ]; do :; done"

    static let passwd = """
        root:x:0:0:root:/root:/bin/bash
        user:x:1000:1000:user:/home/user:/bin/bash
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin

        """
    static let group = """
        root:x:0:
        user:x:1000:
        nogroup:x:65534:

        """
}
