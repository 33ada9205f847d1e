import DeskgymCore
import DeskgymImage
import DeskgymSandbox
import DeskgymX11
import Foundation
import Logging

/// `deskgym bench step`: one click, a capture and a PNG encode, on the peers' busy desktop.
public struct StepBenchmark: Sendable {
    /// Screen sizes to measure.
    public var sizes: [Size]
    /// Measured repetitions per scenario (after warm-ups).
    public var repetitions: Int
    /// The peers' folder (`../shared/peers`), or nil to skip the peers.
    public var peersFolder: URL?
    /// Where scene images are made.
    public var assets: URL

    public init(sizes: [Size], repetitions: Int, peersFolder: URL?, assets: URL) {
        self.sizes = sizes
        self.repetitions = repetitions
        self.peersFolder = peersFolder
        self.assets = assets
    }

    /// Runs every scenario and prints a line per scenario to `output`.
    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        for size in sizes {
            output("## step \(size) busy scene, reps=\(repetitions)")
            let session = try await BusyScene.start(size, assets: assets, logger: logger)
            do {
                try await measure(session, output: output)
                if let peersFolder {
                    for line in try PeerRunner.xbenchStep(peersFolder, display: session.displayName, repetitions: repetitions) {
                        output("  C \(line)")
                    }
                }
            } catch {
                await session.stop()
                throw error
            }
            await session.stop()
        }
        if let peersFolder {
            output("## peers: Python pipelines (05_agent_step.py, own desktops)")
            for line in try PeerRunner.pythonStep(peersFolder, repetitions: repetitions) { output("  \(line)") }
        }
    }

    private func measure(_ session: DesktopSession, output: @Sendable (String) -> Void) async throws {
        let desktop = try session.requireX11(for: "the step benchmark")
        let size = desktop.screenSize
        let windows = try desktop.windows.list()
        guard let bin = windows.first(where: { $0.title == "bin" }), let gpl = windows.first(where: { $0.title == "GPL-3" }) else {
            throw BenchmarkError(benchmark: "step", message: "the scene's xterms did not show up")
        }
        let corner = Point(x: size.width - 20, y: size.height - 20)
        let rle = PNGEncoderOptions(strategy: .rle)
        let scenarios: [(String, (Int) -> Point, Bool, PNGEncoderOptions)] = [
            ("no change: click on the root window", { Point(x: corner.x - $0 % 8, y: corner.y) }, false, PNGEncoderOptions()),
            (
                "small change: click into the other xterm (focus moves)", { $0 % 2 == 0 ? bin.frame.center : gpl.frame.center }, false,
                PNGEncoderOptions()
            ),
            ("whole screen: click, every band encoded afresh", { Point(x: corner.x - $0 % 8, y: corner.y) }, true, PNGEncoderOptions()),
            ("whole screen, Z_RLE strategy (faster, larger)", { Point(x: corner.x - $0 % 8, y: corner.y) }, true, rle),
        ]
        for (label, target, invalidate, options) in scenarios {
            let encoder = try PNGBandEncoder(options: options)
            var click = Sample(), capture = Sample(), encode = Sample(), total = Sample()
            var bands = 0, encodedBands = 0, bytes = 0
            let clock = ContinuousClock()
            for index in 0..<(repetitions + 3) {
                let measured = index >= 3
                if invalidate { encoder.reset() }
                let start = clock.now
                try await desktop.input.click(.left, at: target(index), count: 1)
                let clicked = clock.now
                var captured = clicked
                let encoded = try desktop.capturer.capture { frame in
                    captured = clock.now
                    return try encoder.encode(
                        frame.bytes,
                        layout: FrameLayout(
                            width: frame.width, height: frame.height,
                            bytesPerLine: frame.bytesPerLine))
                }
                let end = clock.now
                guard measured else { continue }
                click.append(clicked - start)
                capture.append(captured - clicked)
                encode.append(end - captured)
                total.append(end - start)
                bands = encoded.stats.bandCount
                encodedBands += encoded.stats.encodedBandCount
                bytes = encoded.png.count
            }
            output(
                "#   parts (median ms): click \(format(click.median))  capture \(format(capture.median))  encode \(format(encode.median))  bands re-encoded per step \(String(format: "%.1f", Double(encodedBands) / Double(repetitions)))/\(bands)"
            )
            output("  deskgym \(label.padding(toLength: 58, withPad: " ", startingAt: 0)) \(total.summary)  [\(bytes) B]")
        }
    }
}
