import DeskgymCore
import DeskgymVNC
import DeskgymX11
import Foundation
import Logging

/// Where a session's setup steps and getters run their commands.
enum CommandChannel: Sendable {
    /// Here, as processes of the session (`xvfb`, and `vnc` with `commands: local`).
    case local
    /// In a VM, through its QEMU guest agent.
    case guestAgent(GuestAgent)
    /// Nowhere; the reason says why.
    case none(String)
}

extension DesktopSession {
    /// What programs in a guest get: the config's `env`, the guest HOME and X display, and a PATH
    /// when the config sets none (the guest agent hands a program exactly this environment).
    static func guestEnvironment(_ env: [String: String], home: String, display: String) -> [String: String] {
        var environment = env
        environment["HOME"] = home
        environment["DISPLAY"] = display
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }
        return environment
    }

    /// Starts a `vnc` session: connects to the config's VNC server (and to its X display when
    /// `vnc.display` names one) and checks that the screen has the configured size.
    static func startVNC(config: VMConfig, root: URL, logger: Logger) async throws -> DesktopSession {
        guard let vnc = config.vnc else {
            throw SessionError(operation: "start", kind: .unsupported("\(config.source): kind vnc needs a 'vnc' section"))
        }
        let clock = ContinuousClock()
        let began = clock.now
        let folder = try makeFolder(root: root)
        do {
            let runtime = try makeRuntimeFolders(in: folder)
            let inGuest = vnc.commands == .guestAgent
            let home =
                vnc.home.map { URL(fileURLWithPath: $0) }
                ?? (inGuest ? URL(fileURLWithPath: "/home/user") : folder.appendingPathComponent("home"))
            if vnc.home == nil, !inGuest { try prepareHome(home, template: nil) }
            let server = "\(vnc.host):\(vnc.port)"
            var environment = makeEnvironment(config: config, display: vnc.display ?? "", home: home, runtime: runtime, authorization: nil)
            if vnc.display == nil { environment["DISPLAY"] = nil }
            if inGuest {
                // The guest's programs get the config's env and the guest HOME, nothing of this machine's.
                // The guest's display is vnc.display when given (the desktop the server shows), else :0.
                environment = guestEnvironment(config.env, home: home.path, display: vnc.display ?? ":0")
            }
            if let xauthority = vnc.xauthority { environment["XAUTHORITY"] = xauthority }
            let cookie = try vnc.xauthority.map { path in
                do {
                    return try XAuthorityFile.cookie(in: URL(fileURLWithPath: path))
                } catch {
                    throw SessionError(operation: "start", kind: .failed("\(config.source): vnc.xauthority: \(error)"))
                }
            }
            // In a guest, vnc.display is the guest's own display: nothing here to connect to.
            let x11 = inGuest ? nil : try vnc.display.map { try X11Desktop(displayName: $0, cookie: cookie) }
            let desktop = try await VNCDesktop.connect(
                host: vnc.host, port: vnc.port, password: vnc.password,
                timeout: vnc.connectTimeout, windows: x11?.windows, logger: logger)
            guard desktop.screenSize == config.screen.size else {
                desktop.close()
                throw SessionError(
                    operation: "start", display: "vnc \(server)",
                    kind: .failed(
                        "\(config.source): the VNC server's screen is \(desktop.screenSize.width)x\(desktop.screenSize.height), "
                            + "the vm-config says \(config.screen.width)x\(config.screen.height) (agents are told the config's "
                            + "size: set screen to the server's)"))
            }
            let channel: CommandChannel =
                switch vnc.commands {
                case .local: .local
                case .guestAgent: .guestAgent(GuestAgent(socketPath: vnc.guestAgent ?? ""))
                case .none:
                    .none(
                        "vnc.commands is none (set it to local when the VNC server shows a desktop of this machine, "
                            + "or to guest_agent with vnc.guest_agent when a QEMU guest agent serves it)")
                }
            if case .guestAgent(let agent) = channel, !agent.ping(timeout: vnc.connectTimeout) {
                desktop.close()
                throw SessionError(
                    operation: "start", display: "vnc \(server)",
                    kind: .failed(
                        "\(config.source): no QEMU guest agent answers on \(agent.socketPath) (vnc.guest_agent) within \(vnc.connectTimeout)"
                    ))
            }
            let session = DesktopSession(
                config: config, displayName: vnc.display ?? "vnc \(server)", folder: folder,
                home: home, environment: environment, desktop: desktop, x11: x11, xvfb: nil,
                channel: channel, children: [], startupDuration: clock.now - began,
                startupPhases: ["connect": clock.now - began], logger: logger)
            logger.info(
                "session ready",
                metadata: [
                    "session.vnc": "\(server)", "session.folder": "\(folder.path)",
                    "session.startup_ms": "\(Int(session.startupDuration.milliseconds))",
                ])
            return session
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Starts a `qemu` session: boots the VM from its image (`-snapshot`), connects to its VNC
    /// console, and waits until the screen has the configured size and, when the VM has one, the
    /// guest agent answers.
    static func startQemu(config: VMConfig, root: URL, logger: Logger) async throws -> DesktopSession {
        guard let qemu = config.qemu else {
            throw SessionError(operation: "start", kind: .unsupported("\(config.source): kind qemu needs a 'qemu' section"))
        }
        _ = ProcessTree.isSubreaper
        let clock = ContinuousClock()
        let began = clock.now
        let folder = try makeFolder(root: root)
        var machine: QemuMachine?
        var desktop: VNCDesktop?
        do {
            try makeRuntimeFolders(in: folder)
            let started = try await QemuMachine.start(qemu, source: config.source, folder: folder, logger: logger)
            machine = started
            var phases = ["qemu": clock.now - began]
            var phaseStart = clock.now
            let deadline = began + qemu.bootTimeout
            let display = "qemu 127.0.0.1:\(started.vncPort)"
            // The console changes size while the VM boots (BIOS 640x480, text 720x400, the desktop's
            // mode), and libvncclient drops a connection whose screen grows under it ("Rect too
            // large"): connect again until the screen has the configured size.
            var vnc = try await VNCDesktop.connect(
                host: "127.0.0.1", port: started.vncPort, password: nil,
                timeout: .seconds(30), logger: logger)
            desktop = vnc
            while vnc.screenSize != config.screen.size || vnc.isDead {
                if let status = started.process.poll() {
                    throw SessionError(
                        operation: "start", display: display,
                        kind: .processDied(name: "qemu", pid: started.process.pid, status: status.description))
                }
                if clock.now > deadline {
                    throw SessionError(
                        operation: "start", display: display,
                        kind: .timedOut(
                            "waiting for the VM's screen to be \(config.screen.width)x\(config.screen.height) "
                                + "(it is \(vnc.screenSize.width)x\(vnc.screenSize.height))"))
                }
                if vnc.isDead {
                    vnc.close()
                    vnc = try await VNCDesktop.connect(
                        host: "127.0.0.1", port: started.vncPort, password: nil,
                        timeout: .seconds(30), logger: logger)
                    desktop = vnc
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            phases["screen"] = clock.now - phaseStart
            phaseStart = clock.now
            var channel = CommandChannel.none("qemu.guest_agent is false: the VM has no command channel")
            if let socket = started.guestAgentSocket {
                let agent = GuestAgent(socketPath: socket)
                try await waitFor(
                    "the guest agent to answer on \(socket)", display: display,
                    processes: [started.process], timeout: deadline - clock.now
                ) {
                    agent.ping(timeout: .seconds(1))
                }
                channel = .guestAgent(agent)
                phases["guest_agent"] = clock.now - phaseStart
            }
            let environment = guestEnvironment(config.env, home: qemu.guestHome, display: qemu.guestDisplay)
            let session = DesktopSession(
                config: config, displayName: display, folder: folder,
                home: URL(fileURLWithPath: qemu.guestHome), environment: environment,
                desktop: vnc, x11: nil, xvfb: nil, channel: channel, children: [started.process],
                startupDuration: clock.now - began, startupPhases: phases, logger: logger)
            logger.info(
                "session ready",
                metadata: [
                    "session.qemu_pid": "\(started.process.pid)", "session.vnc": "\(display)",
                    "session.startup_ms": "\(Int(session.startupDuration.milliseconds))",
                ])
            return session
        } catch {
            desktop?.close()
            await terminateAll(machine.map { [$0.process] } ?? [], sandbox: nil, xvfb: nil, display: nil, folder: folder, logger: logger)
            throw error
        }
    }
}
