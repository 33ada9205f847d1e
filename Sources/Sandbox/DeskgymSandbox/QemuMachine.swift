import Foundation
import Logging

/// A QEMU virtual machine of one session: `qemu-system-x86_64` in a process group of its own,
/// booting the vm-config's disk image with `-snapshot` (writes go to a temporary overlay that dies
/// with the process, so every boot starts from the same disk), its screen on a VNC server bound to
/// loopback, and, when asked, a guest agent channel on a Unix socket in the session folder.
public struct QemuMachine: Sendable {
    /// The QEMU process.
    public let process: ChildProcess
    /// The loopback TCP port of the VM's VNC console.
    public let vncPort: Int
    /// The Unix socket of the guest agent channel, when the VM has one.
    public let guestAgentSocket: String?
    /// The log file QEMU writes to.
    public let log: URL

    /// Starts the VM and returns once its VNC console accepts connections.
    /// - Throws: ``SessionError`` naming the image when it is missing, the program when QEMU is not
    ///   installed, and QEMU's last log lines when it exits during start-up.
    public static func start(_ qemu: VMConfig.Qemu, source: String, folder: URL, logger: Logger) async throws -> QemuMachine {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: qemu.image, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SessionError(operation: "start", kind: .filesystem("\(source): qemu.image: disk image not found: \(qemu.image)"))
        }
        let log = folder.appendingPathComponent("logs/qemu.log")
        let socket = qemu.guestAgent ? folder.appendingPathComponent("run/qga.sock").path : nil
        var lastError: SessionError?
        // The port is free when chosen and taken by QEMU a moment later; another process may win it
        // in between, so a failed bind is retried on a new port.
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let arguments = Self.arguments(qemu, vncPort: port, guestAgentSocket: socket)
            let process: ChildProcess
            do {
                process = try ChildProcess.spawn(
                    qemu.binary, arguments: arguments,
                    environment: ProcessInfo.processInfo.environment,
                    output: .appendToFile(path: log.path), name: "qemu", logger: logger)
            } catch {
                throw SessionError(
                    operation: "start",
                    kind: .programMissing(
                        "\(source): QEMU cannot be started (\(error)); install it (Debian: qemu-system-x86) or set qemu.binary"))
            }
            logger.debug(
                "QEMU started",
                metadata: [
                    "qemu.pid": "\(process.pid)", "qemu.vnc_port": "\(port)",
                    "qemu.image": "\(qemu.image)",
                ])
            do {
                try await waitForListener(port: port, process: process, log: log, timeout: .seconds(30))
                return QemuMachine(process: process, vncPort: port, guestAgentSocket: socket, log: log)
            } catch let error as SessionError {
                _ = await process.terminate(grace: .seconds(1))
                lastError = error
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                guard text.contains("Address already in use") else { throw error }
            }
        }
        throw lastError ?? SessionError(operation: "start", kind: .failed("QEMU could not bind a VNC port"))
    }

    /// QEMU's command line: no default devices but a standard VGA, the image as a virtio or IDE
    /// disk in snapshot mode, user-mode networking, VNC on loopback, and the agent channel.
    static func arguments(_ qemu: VMConfig.Qemu, vncPort: Int, guestAgentSocket: String?) -> [String] {
        var arguments = [
            "-nodefaults", "-no-user-config", "-display", "none",
            "-m", "\(qemu.memoryMiB)", "-smp", "\(qemu.cpus)",
            "-vga", "std",
            "-drive", "file=\(qemu.image),format=\(qemu.resolvedFormat),if=ide,media=disk",
            "-snapshot",
            "-vnc", "127.0.0.1:\(vncPort - 5900)",
            "-usb", "-device", "usb-tablet",
            "-nic", "user,model=e1000",
        ]
        switch qemu.accel {
        case .kvm: arguments += ["-accel", "kvm"]
        case .tcg: arguments += ["-accel", "tcg"]
        case .auto:
            arguments += FileManager.default.isWritableFile(atPath: "/dev/kvm") ? ["-accel", "kvm"] : ["-accel", "tcg"]
        }
        if let guestAgentSocket {
            arguments += [
                "-chardev", "socket,path=\(guestAgentSocket),server=on,wait=off,id=qga0",
                "-device", "virtio-serial",
                "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
            ]
        }
        return arguments + qemu.args
    }

    /// A TCP port on 127.0.0.1 that nothing listens on, at least 5900 (QEMU takes VNC displays as
    /// port − 5900).
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw SessionError(operation: "start", kind: .failed("socket failed: \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else {
            throw SessionError(operation: "start", kind: .failed("cannot find a free port: \(String(cString: strerror(errno)))"))
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        guard port >= 5900 else { return try freeLoopbackPort() }
        return port
    }

    /// Waits until something accepts TCP connections on 127.0.0.1:`port`, failing when `process`
    /// ends first.
    static func waitForListener(port: Int, process: ChildProcess, log: URL, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if canConnect(port: port) { return }
            if let status = process.poll() {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw SessionError(
                    operation: "start", kind: .processDied(name: "qemu", pid: process.pid, status: status.description),
                    underlying: text.split(separator: "\n").suffix(3).joined(separator: " | "))
            }
            if clock.now > deadline {
                throw SessionError(operation: "start", kind: .timedOut("waiting for QEMU's VNC console on port \(port)"))
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    static func canConnect(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                connect(descriptor, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
