import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymVNC
import Foundation
import Logging
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.vnc")
    logger.logLevel = .warning
    return logger
}()

let vncPassword = "deskgym-secret"

/// An Xvfb desktop (the bundled default config, smaller screen unless told) with x11vnc serving it
/// on a loopback port; x11vnc is a process of the session and dies with it.
struct ServedDesktop {
    let session: DesktopSession
    let x11vnc: ChildProcess
    let port: Int

    static func start(config: VMConfig? = nil) async throws -> ServedDesktop {
        var config = try config ?? VMConfig.load(from: repository.appendingPathComponent("vm-configs/default.yaml"))
        if config.source.hasSuffix("default.yaml") && config.screen.width == 1920 {
            config.screen = VMConfig.Screen(width: 1024, height: 768, depth: 24)
        }
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            let port = try freePort()
            // -ncache 0: no pixel cache below the screen (the framebuffer is the screen, no taller);
            // -nocursor: the pointer is not painted into the framebuffer, as the X11 capture has none.
            let x11vnc = try session.launchBeside(
                "x11vnc",
                arguments: [
                    "-display", session.displayName, "-localhost", "-rfbport", "\(port)", "-passwd", vncPassword,
                    "-forever", "-shared", "-ncache", "0", "-nocursor", "-nosel", "-noxrecord", "-nowf",
                    "-wait", "5", "-defer", "5", "-quiet",
                ], name: "x11vnc")
            try await waitForListener(port: port, process: x11vnc)
            return ServedDesktop(session: session, x11vnc: x11vnc, port: port)
        } catch {
            await session.stop()
            throw error
        }
    }

    /// A `vnc` vm-config for this server, reaching its display's windows and running commands in
    /// its HOME.
    func vncConfigYAML(password: String = vncPassword) -> String {
        let size = session.desktop.screenSize
        return """
            kind: vnc
            screen: \(size.width)x\(size.height)
            vnc:
              host: 127.0.0.1
              port: \(port)
              password: "\(password)"
              display: "\(session.displayName)"
              xauthority: \(session.xauthority?.path ?? "")
              commands: local
              home: \(session.home.path)
            settle: {quiet_ms: 120, max_ms: 3000}
            """
    }

    func vncConfig(password: String = vncPassword) throws -> VMConfig {
        try VMConfig.parse(yaml: vncConfigYAML(password: password), source: "vnc-test.yaml")
    }
}

func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    try #require(ok)
    return Int(UInt16(bigEndian: address.sin_port))
}

func waitForListener(port: Int, process: ChildProcess) async throws {
    for _ in 0..<600 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        close(descriptor)
        if connected { return }
        if let status = process.poll() { Issue.record("\(process.name) ended: \(status)"); throw CancellationError() }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("nothing listens on port \(port)")
    throw CancellationError()
}
