import DeskgymCore
import DeskgymImage
import DeskgymVNC
import Foundation
import Logging
import Testing

@testable import DeskgymSandbox

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.qemu")
    logger.logLevel = .warning
    return logger
}()

private func makeDisk(in folder: URL) throws -> URL {
    try TinyBootDisk.write(in: folder)
}

private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-qemu-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func qemuConfig(image: URL, binary: String = "qemu-system-x86_64") throws -> VMConfig {
    try VMConfig.parse(
        yaml: """
            kind: qemu
            screen: 720x400
            qemu: {image: \(image.path), binary: \(binary), memory_mb: 32, cpus: 1, accel: tcg, guest_agent: false, boot_timeout_ms: 60000}
            settle: {quiet_ms: 200, max_ms: 3000}
            """, source: "qemu-test.yaml")
}

/// The RGB pixels of the top `rows` rows of a screenshot.
private func topRows(_ screenshot: Screenshot, rows: Int) throws -> [UInt8] {
    let image = try PNGDecoder.decode(screenshot.png)
    return Array(image.rgba.prefix(image.width * rows * 4))
}

@Suite("QEMU sessions", .serialized, .timeLimit(.minutes(4)))
struct QemuSessionTests {
    @Test("a tiny VM boots, its VNC console arrives at 720x400 and answers keys; a new session starts from a clean disk")
    func bootTypeReset() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = try makeDisk(in: folder)
        let config = try qemuConfig(image: image)
        let policy = SettlePolicy(quiet: .milliseconds(300), cap: .seconds(5))

        let first = try await DesktopSession.start(config: config, logger: logger)
        let qemuPID = try #require(first.processIDs.first)
        #expect(first.desktop.screenSize == Size(width: 720, height: 400))
        let printed = await waitForText(first, policy: policy)
        #expect(printed, "the boot sector printed its line")
        let booted = try first.desktop.observe().screenshot
        let typed = try await first.desktop.step([.typing("hi there\n")], settle: policy).screenshot
        #expect(try topRows(typed, rows: 400) != topRows(booted, rows: 400), "the typed keys show on the console")
        await first.stop()
        #expect(kill(qemuPID, 0) != 0, "QEMU is gone with its session")
        #expect(!FileManager.default.fileExists(atPath: first.folder.path))
        let disk = try Data(contentsOf: image)
        #expect(disk[512] == 0, "the guest's write went to the snapshot overlay, not to the image")

        let second = try await DesktopSession.start(config: config, logger: logger)
        _ = await waitForText(second, policy: policy)
        let again = try second.desktop.observe().screenshot
        // SeaBIOS's banner, "Booting from Hard Disk...", "DESKGYM BOOT 1", "> ": 4 text rows of 16 pixels.
        #expect(try topRows(again, rows: 64) == topRows(booted, rows: 64), "the second boot shows what the first did: a clean start")
        await second.stop()
    }

    private func waitForText(_ session: DesktopSession, policy: SettlePolicy) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            _ = try? await session.desktop.perform([], settle: policy)
            if let shot = try? session.desktop.observe().screenshot, let rows = try? topRows(shot, rows: 64),
                rows.count > 48 * 720 * 4, rows[(48 * 720 * 4)...].contains(where: { $0 != 0 && $0 != 255 })
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    @Test("a missing disk image is an error naming it, at load and at start")
    func missingImage() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere.qcow2")
        #expect {
            _ = try VMConfig.parse(yaml: "kind: qemu\nqemu: {image: \(missing.path)}", source: "vm.yaml")
        } throws: { error in
            "\(error)".contains("qemu.image") && "\(error)".contains("disk image not found: \(missing.path)")
        }
        let image = try makeDisk(in: folder)
        let config = try qemuConfig(image: image)
        try FileManager.default.removeItem(at: image)
        await #expect {
            _ = try await DesktopSession.start(config: config, logger: logger)
        } throws: { error in
            "\(error)".contains("disk image not found: \(image.path)")
        }
    }

    @Test("QEMU not installed is an error naming the program and the package")
    func missingQemu() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try qemuConfig(image: try makeDisk(in: folder), binary: "qemu-system-not-installed")
        await #expect {
            _ = try await DesktopSession.start(config: config, logger: logger)
        } throws: { error in
            "\(error)".contains("qemu-system-not-installed") && "\(error)".contains("qemu-system-x86")
        }
    }

    @Test("the guest agent client runs programs through a real qemu-ga (on a host socket) and reports their output and exit")
    func guestAgent() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = folder.appendingPathComponent("qga.sock").path
        let agentProcess = try ChildProcess.spawn(
            "qemu-ga",
            arguments: [
                "--method", "unix-listen", "--path", socket,
                "--pidfile", folder.appendingPathComponent("qga.pid").path,
                "--statedir", folder.path,
            ],
            environment: ProcessInfo.processInfo.environment,
            output: .appendToFile(path: folder.appendingPathComponent("qga.log").path))
        defer { Task { _ = await agentProcess.terminate(grace: .seconds(1)) } }
        let agent = GuestAgent(socketPath: socket)
        var answered = false
        for _ in 0..<200 where !answered {
            answered = agent.ping(timeout: .milliseconds(500))
            if !answered { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(answered, "qemu-ga answers guest-sync")
        let echo = try await agent.run(
            program: "/bin/sh", arguments: ["-c", "echo \"out $GREETING\"; echo err >&2; exit 3"],
            environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"], timeout: .seconds(20))
        #expect(echo.stdout == "out hello\n")
        #expect(echo.stderr == "err\n")
        #expect(echo.exitCode == 3)
        await #expect {
            _ = try await agent.run(program: "/no/such/program", arguments: [], environment: [:], timeout: .seconds(10))
        } throws: { error in
            "\(error)".contains("guest-exec")
        }

        // Files both ways, in several chunks (4 MiB each), byte for byte.
        var bytes = [UInt8](repeating: 0, count: 9 << 20)
        var generator = SystemRandomNumberGenerator()
        for index in stride(from: 0, to: bytes.count, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.replaceSubrange(index..<index + 8, with: $0) }
        }
        let path = folder.appendingPathComponent("written.bin").path
        try agent.writeFile(Data(bytes), atPath: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes), "the guest holds what was written")
        #expect(try agent.readFile(atPath: path) == Data(bytes), "and reads it back")
        #expect(try agent.readFile(atPath: folder.appendingPathComponent("absent.txt").path) == nil, "a missing file is nil")
        #expect(throws: GuestAgentError.self, "a folder is no file") { try agent.readFile(atPath: folder.path) }
        #expect(throws: GuestAgentError.self, "a limit stops a large read") { try agent.readFile(atPath: path, limit: 1 << 20) }
        #expect(throws: GuestAgentError.self, "a missing folder is an error") {
            try agent.writeFile(Data("x".utf8), atPath: folder.appendingPathComponent("no/such/folder/file").path)
        }

        _ = await agentProcess.terminate(grace: .seconds(1))
        #expect(!GuestAgent(socketPath: socket).ping(timeout: .milliseconds(300)), "no agent, no answer")
    }

    @Test("what find prints in the guest becomes the directory tree OSWorld's list_directory reports")
    func treeFromFind() {
        let printed = "d\t\0f\tb.txt\0d\tsub\0f\tsub/z\0f\tsub/a b\0d\tsub/deeper\0f\ta.txt\0"
        let tree = DesktopSession.tree(fromFind: printed, root: "/home/user/archive")
        #expect(
            tree
                == DirectoryTree(
                    name: "archive", isDirectory: true,
                    children: [
                        DirectoryTree(name: "a.txt", isDirectory: false),
                        DirectoryTree(name: "b.txt", isDirectory: false),
                        DirectoryTree(
                            name: "sub", isDirectory: true,
                            children: [
                                DirectoryTree(name: "a b", isDirectory: false),
                                DirectoryTree(name: "deeper", isDirectory: true),
                                DirectoryTree(name: "z", isDirectory: false),
                            ]),
                    ]))
        #expect(DesktopSession.tree(fromFind: "f\t\0", root: "/x/notes.txt") == DirectoryTree(name: "notes.txt", isDirectory: false))
        #expect(DesktopSession.tree(fromFind: "", root: "/nowhere") == nil)
    }
}
