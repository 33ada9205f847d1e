import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Logging

/// The "busy desktop" of `../shared/peers/benchlib.py`, rebuilt with a session's own apps so that
/// figures compare with the peers': gradient root, two xterms with text, xclock, xlogo, xcalc and a
/// 480×320 plasma image, laid out so that no two windows overlap.
enum BusyScene {
    /// A session config that shows the scene at `size`.
    static func config(_ size: Size, assets: URL) -> VMConfig {
        let (w, h) = (size.width, size.height)
        let cols = w >= 1920 ? 90 : 70
        let (cols2, rows2, y2) = w >= 1920 ? (90, 30, h / 2 - 40) : (58, 16, 390)
        let apps: [VMConfig.App] = [
            .init(
                command: "xterm",
                args: ["-T", "bin", "-geometry", "\(cols)x45+10+10", "-hold", "-e", "sh", "-c", "ls -la /usr/bin | head -60"],
                waitForWindow: "bin"),
            .init(
                command: "xterm",
                args: [
                    "-T", "GPL-3", "-fa", "DejaVu Sans Mono", "-fs", "10", "-geometry",
                    "\(cols2)x\(rows2)+\(w / 2 - 80)+\(y2)", "-hold", "-e", "sh", "-c",
                    "head -40 /usr/share/common-licenses/GPL-3",
                ], waitForWindow: "GPL-3"),
            .init(command: "xclock", args: ["-geometry", "160x160+\(w - 200)+20", "-update", "3600"], waitForWindow: "xclock"),
            .init(command: "xlogo", args: ["-geometry", "160x160+\(w - 200)+210"], waitForWindow: "xlogo"),
            .init(command: "xcalc", args: ["-geometry", "+\(w - 240)+400"], waitForWindow: "Calculator"),
            .init(
                command: "display", args: ["-geometry", "+\(w / 2 - 80)+20", assets.appendingPathComponent("plasma.png").path],
                waitForWindow: "ImageMagick"),
        ]
        return VMConfig(name: "busy", screen: .init(width: w, height: h, depth: 24), apps: apps, source: "bench busy scene")
    }

    /// Makes the gradient and plasma images (ImageMagick) in `assets`.
    static func prepareAssets(_ size: Size, in assets: URL) throws {
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        let gradient = assets.appendingPathComponent("gradient-\(size).png")
        if !FileManager.default.fileExists(atPath: gradient.path) {
            try runTool("/usr/bin/convert", ["-size", "\(size)", "gradient:#1d3557-#a8dadc", gradient.path])
        }
        let plasma = assets.appendingPathComponent("plasma.png")
        if !FileManager.default.fileExists(atPath: plasma.path) {
            try runTool("/usr/bin/convert", ["-seed", "42", "-size", "480x320", "plasma:fractal", plasma.path])
        }
    }

    /// Starts the scene and waits until its screen is still.
    static func start(_ size: Size, assets: URL, logger: Logger) async throws -> DesktopSession {
        try prepareAssets(size, in: assets)
        let session = try await DesktopSession.start(config: config(size, assets: assets), logger: logger)
        do {
            // `display -window root` paints the root background and exits.
            let painter = try session.launch(
                "display",
                arguments: [
                    "-window", "root",
                    assets.appendingPathComponent("gradient-\(size).png").path,
                ])
            _ = await painter.waitForExit(timeout: .seconds(10))
            try await session.desktop.perform([], settle: SettlePolicy(quiet: .milliseconds(500), cap: .seconds(8)))
            return session
        } catch {
            await session.stop()
            throw error
        }
    }

    static func runTool(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BenchmarkError(benchmark: "scene", message: "cannot run \(path) (install imagemagick): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(
                benchmark: "scene", message: "\(path) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }
}
