import DeskgymCore
import DeskgymSandbox
import DeskgymVNC
import Foundation
import Logging

/// The VNC driver beside the X11 driver on the same desktop, and the reset of a `qemu` session.
///
/// Step: one character typed into an xterm, then settle and a PNG observation — through the X11
/// driver directly, and through x11vnc and the VNC driver (framebuffer updates, settle on their
/// silence). Reset: a `qemu` session started from scratch (QEMU with `-snapshot`, VNC on loopback,
/// the first full framebuffer) on ``TinyBootDisk``, to the first observation.
public struct VNCBenchmark: Sendable {
    public var steps: Int
    public var resets: Int
    public var width: Int
    public var height: Int

    public init(steps: Int, resets: Int, width: Int, height: Int) {
        self.steps = steps
        self.resets = resets
        self.width = width
        self.height = height
    }

    public func run(logger: Logger, print: @Sendable (String) -> Void) async throws {
        let config = VMConfig(
            screen: .init(width: width, height: height, depth: 24),
            apps: [VMConfig.App(command: "xterm", args: ["-title", "Terminal"], waitForWindow: "Terminal")],
            settle: VMConfig.Settle(quiet: .milliseconds(40), maximum: .seconds(2)), source: "bench-vnc")
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            let port = 15_900 + Int(getpid() % 2_000)
            _ = try session.launchBeside(
                "x11vnc",
                arguments: [
                    "-display", session.displayName, "-localhost", "-rfbport", "\(port)", "-nopw", "-forever", "-shared",
                    "-ncache", "0", "-nocursor", "-nosel", "-noxrecord", "-nowf", "-wait", "5", "-defer", "5", "-quiet",
                ], name: "x11vnc")
            var vnc: VNCDesktop?
            let deadline = ContinuousClock.now + .seconds(20)
            while vnc == nil {
                do {
                    vnc = try await VNCDesktop.connect(host: "127.0.0.1", port: port, password: nil, logger: logger)
                } catch  where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            guard let vnc, let x11 = session.x11 else {
                throw BenchmarkError(benchmark: "vnc", message: "no VNC connection or no X11 driver")
            }
            defer { vnc.close() }
            let policy = SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2))
            // x11vnc starts sending updates a moment after a client connects: let it.
            _ = try await vnc.step([], settle: SettlePolicy(quiet: .milliseconds(300), cap: .seconds(5)))
            print("step = type one character into an xterm + settle (quiet 40 ms) + PNG observation; \(width)x\(height)")
            for (name, driver) in [
                ("X11 (XTest, XDamage, MIT-SHM)", x11 as any DesktopDriver),
                ("VNC (x11vnc, libvncclient)", vnc as any DesktopDriver),
            ] {
                var total = Sample(), settle = Sample()
                for index in 0..<steps {
                    let begun = ContinuousClock.now
                    let observation = try await driver.step([.typing(String(UnicodeScalar(UInt8(97 + index % 26))))], settle: policy)
                    total.milliseconds.append((ContinuousClock.now - begun).milliseconds)
                    settle.milliseconds.append(observation.settleMilliseconds)
                }
                print(
                    String(
                        format: "%@: step p50 %.1f ms, p90 %.1f ms (of which settle p50 %.1f ms); %d steps",
                        name, total.median, total.p90, settle.median, steps))
            }
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-qemu-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = try TinyBootDisk.write(in: folder)
        let qemu = try VMConfig.parse(
            yaml: """
                kind: qemu
                screen: 720x400
                qemu: {image: \(image.path), memory_mb: 32, cpus: 1, accel: tcg, guest_agent: false, boot_timeout_ms: 60000}
                settle: {quiet_ms: 200, max_ms: 3000}
                """, source: "bench-qemu.yaml")
        var starts = Sample()
        for _ in 0..<resets {
            let begun = ContinuousClock.now
            let machine = try await DesktopSession.start(config: qemu, logger: logger)
            _ = try machine.desktop.observe()
            starts.milliseconds.append((ContinuousClock.now - begun).milliseconds)
            await machine.stop()
        }
        print(
            String(
                format:
                    "qemu reset (QEMU -snapshot, TCG, 32 MiB, tiny boot disk) to first observation: p50 %.0f ms, p90 %.0f ms (%d resets)",
                starts.median, starts.p90, resets))
    }
}
