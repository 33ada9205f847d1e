import DeskgymAccessibility
import DeskgymAccessibilityTree
import Foundation
import Logging

/// Each `xvfb` session with `accessibility` on has an AT-SPI bus of its own: a `dbus-daemon` and
/// `at-spi2-registryd`, started with the session (inside its sandbox when it has one), which its
/// apps register with and readers ask for the tree.
extension DesktopSession {
    /// The folder of the session's accessibility bus (its config file and socket).
    static func accessibilityFolder(in folder: URL) -> URL { folder.appendingPathComponent("a11y") }

    /// The root window property that holds the bus's address as this machine reaches it.
    public static let accessibilityBusProperty = "_DESKGYM_ACCESSIBILITY_BUS"

    /// The folder as the sandbox's programs see it.
    static let accessibilityFolderInside = SessionSandbox.runtimeFolder + "/a11y"

    /// Whether a session of `config` in `folder` gets an accessibility bus: asked for, and the
    /// socket's path fits a sockaddr_un (108 bytes) as this process reaches it.
    static func hasAccessibilityBus(_ config: VMConfig, folder: URL) -> Bool {
        config.accessibility && accessibilityFolder(in: folder).path.utf8.count < 96
    }

    /// The bus's address for the session's programs (`sandboxed`: inside the sandbox).
    static func accessibilityAddress(folder: URL, sandboxed: Bool) -> String {
        let base = sandboxed ? accessibilityFolderInside : accessibilityFolder(in: folder).path
        return "unix:path=\(base)/bus"
    }

    /// The variables that turn the apps' accessibility on and point them at the session's bus at
    /// `address`:
    /// GTK's AT-SPI bridge finds the bus in `AT_SPI_BUS_ADDRESS` (no session bus is needed).
    ///
    /// LibreOffice exposes its tree only through its GTK3 front end, which a config asks for with
    /// `SAL_USE_VCLPLUGIN: gtk3`; sessions keep its X11 one (`gen`) otherwise, since LibreOffice
    /// would pick GTK3 by itself once installed, and four of the bundled office tasks' reference
    /// solutions fail under it (keyboard and dialog differences).
    ///
    /// Without a bus (`address` nil), GTK's bridge is turned off: it would cost every app a D-Bus
    /// time-out. Both carry LibreOffice's front end, which a config's own `env` may override.
    static func accessibilityEnvironment(address: String?) -> [String: String] {
        var variables = ["SAL_USE_VCLPLUGIN": "gen"]
        if let address {
            variables["AT_SPI_BUS_ADDRESS"] = address
            variables["ACCESSIBILITY_ENABLED"] = "1"
        } else {
            variables["NO_AT_BRIDGE"] = "1"
        }
        return variables
    }

    /// Makes the bus's folder and config file; the sandbox binds the folder in.
    static func prepareAccessibility(folder: URL, sandboxed: Bool) throws {
        let own = accessibilityFolder(in: folder)
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let socket = sandboxed ? accessibilityFolderInside + "/bus" : own.appendingPathComponent("bus").path
        try Data(busConfig(socket: socket).utf8).write(to: own.appendingPathComponent("bus.conf"))
    }

    /// The bus daemon's config: one socket, anyone who reaches it may connect (the folder is
    /// the session's own), anonymously too, since this server's user is nobody inside a sandbox's
    /// user namespace and fails the EXTERNAL check; enough replies in flight for a pipelined read.
    static func busConfig(socket: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>accessibility</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <auth>ANONYMOUS</auth>
          <allow_anonymous/>
          <policy context="default">
            <allow user="*"/>
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
          <limit name="max_replies_per_connection">50000</limit>
          <limit name="max_message_size">33554432</limit>
        </busconfig>

        """
    }

    /// Starts the bus daemon and, once it listens, the registry (which exits when it finds no
    /// bus); the caller waits for the registry (``waitForAccessibility(address:processes:display:)``)
    /// before it starts apps.
    static func startAccessibility(
        folder: URL, address: String, environment: [String: String], home: URL, logs: URL, sandbox: SessionSandbox?,
        display: String
    ) async throws -> [ChildProcess] {
        let config = (sandbox != nil ? accessibilityFolderInside : accessibilityFolder(in: folder).path) + "/bus.conf"
        let daemon = try spawn(
            name: "dbus-daemon", command: "dbus-daemon",
            arguments: ["--config-file=\(config)", "--nofork", "--nopidfile", "--nosyslog"],
            environment: environment, home: home, logs: logs, sandbox: sandbox)
        do {
            try await waitFor("the accessibility bus to listen", display: display, processes: [daemon], timeout: .seconds(30)) {
                AccessibilityBus.isListening(busAddress: address)
            }
            let registry = try spawn(
                name: "at-spi2-registryd", command: "/usr/libexec/at-spi2-registryd", arguments: [],
                environment: environment, home: home, logs: logs, sandbox: sandbox)
            return [daemon, registry]
        } catch {
            _ = await daemon.terminate(grace: .milliseconds(200))
            throw error
        }
    }

    /// Waits until the registry answers on the session's bus (apps started before it would not
    /// be in the tree), or one of `processes` ends. The checks are blocking D-Bus calls, made off
    /// the concurrency pool (``AccessibilityBus/waitForRegistry(busAddress:timeout:)``) rather than
    /// in ``waitFor(_:display:processes:timeout:_:)``'s synchronous condition: on two cores the
    /// pool has two threads, and a session start polling on them starved the other sessions.
    static func waitForAccessibility(address: String, processes: [ChildProcess], display: String) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while true {
            if let ended = processes.first(where: { !$0.isRunning }) {
                throw SessionError(
                    operation: "start", display: display,
                    kind: .failed("\(ended.name) ended before the accessibility registry was up (see its log)"))
            }
            do {
                try await AccessibilityBus.waitForRegistry(busAddress: address, timeout: .milliseconds(200))
                return
            } catch is AccessibilityError {
                guard ContinuousClock.now < deadline else {
                    throw SessionError(
                        operation: "start", display: display,
                        kind: .failed("the accessibility registry did not answer within 30 s (set accessibility: false to go without)"))
                }
            }
        }
    }

    /// The desktop's accessibility tree: every app registered on the session's bus, read within
    /// `limits` (a read that reaches one comes back truncated, never hangs).
    /// - Throws: ``AccessibilityError`` when the session has no accessibility bus.
    public func accessibilityTree(limits: AccessibilityReader.Limits = .init()) async throws -> AccessibilityTree {
        guard let address = accessibilityBusAddress else { throw AccessibilityError(.noBus) }
        return try await AccessibilityReader(limits: limits).read(busAddress: address)
    }
}
