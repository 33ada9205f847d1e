internal import CProcessControl
import Foundation
import Logging

/// A sandbox's way out to the network (`network: nat`): slirp4netns (Debian `slirp4netns`) gives
/// the sandbox's network namespace an interface `tap0` (10.0.2.100/24, gateway 10.0.2.2, DNS
/// 10.0.2.3) and carries its connections out as ordinary sockets of this machine — a NAT, as a
/// VM's user-mode network does. Connections to this machine's loopback through the gateway are
/// refused (`--disable-host-loopback`), so the server's own ports stay out of reach.
///
/// slirp4netns runs as the sandbox's host user (the owner of the namespaces), with its seccomp
/// filter, and in the session's process group of its own; it ends when its exit pipe closes: at
/// the session's end, or when this server dies.
final class UserModeNetwork: Sendable {
    /// The interface inside.
    static let interface = "tap0"
    /// The sandbox's address, gateway and resolver.
    static let address = "10.0.2.100", gateway = "10.0.2.2", resolver = "10.0.2.3"

    private let process: ChildProcess
    private let exitPipe: ChildReport.Pipe

    private init(process: ChildProcess, exitPipe: ChildReport.Pipe) {
        self.process = process
        self.exitPipe = exitPipe
    }

    /// Connects the network namespace of `initPID` (a sandbox's PID 1, whose namespaces belong to
    /// `hostUser`) to this machine's network; returns once the interface is up and routed.
    static func start(initPID: pid_t, hostUser: Int, logs: URL, logger: Logger) async throws -> UserModeNetwork {
        let network = open("/proc/\(initPID)/ns/net", O_RDONLY | O_CLOEXEC)
        guard network >= 0 else {
            throw SessionError(
                operation: "start", kind: .failed("cannot open the sandbox's network namespace (process \(initPID))"),
                underlying: String(cString: strerror(errno)))
        }
        defer { close(network) }
        // bubblewrap makes the network namespace in an outer user namespace and runs the programs
        // in an inner one; slirp4netns must join the outer one to enter the network.
        let owner = deskgym_namespace_owner(network)
        guard owner >= 0 else {
            throw SessionError(
                operation: "start", kind: .failed("cannot find the user namespace of the sandbox's network"),
                underlying: String(cString: strerror(errno)))
        }
        defer { close(owner) }
        let exitPipe = try ChildReport.Pipe(), ready = try ChildReport.Pipe()
        var command = [
            "slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-seccomp",
            "--exit-fd=5", "--ready-fd=6", "--userns-path=/proc/self/fd/4", "--netns-type=path", "/proc/self/fd/3",
            interface,
        ]
        if geteuid() == 0 {
            command = ["setpriv", "--reuid=\(hostUser)", "--regid=\(hostUser)", "--clear-groups", "--"] + command
        }
        let log = logs.appendingPathComponent("network.log")
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                command[0], arguments: Array(command.dropFirst()), environment: ["PATH": SessionSandbox.path],
                output: .appendToFile(path: log.path),
                passing: [3: network, 4: owner, 5: exitPipe.readEnd, 6: ready.writeEnd], name: "slirp4netns",
                logger: logger)
        } catch {
            throw SessionError(
                operation: "start", kind: .programMissing("\(error) (network: nat needs the slirp4netns package)"))
        }
        ready.closeWriteEnd()
        do {
            _ = try await ChildReport.read(
                from: ready.readEnd, until: { $0.contains("1") }, process: process, log: log,
                what: "slirp4netns to bring up the sandbox's network")
        } catch {
            exitPipe.closeWriteEnd()
            _ = await process.terminate(grace: .milliseconds(200))
            throw SessionError(operation: "start", kind: .failed("network: nat did not start"), underlying: "\(error)")
        }
        return UserModeNetwork(process: process, exitPipe: exitPipe)
    }

    /// Ends slirp4netns (its exit pipe's end of file, then signals) and reaps it.
    func end() async {
        exitPipe.closeWriteEnd()
        _ = await process.terminate(grace: .milliseconds(500))
    }

    /// `/etc/resolv.conf` inside: slirp4netns's resolver, which asks this machine's.
    static let resolvConf = "nameserver \(resolver)\n"
}
