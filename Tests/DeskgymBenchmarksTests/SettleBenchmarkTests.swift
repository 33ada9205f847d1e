import DeskgymBenchmarks
import DeskgymCore
import DeskgymImage
import Testing

/// `deskgym bench settle`'s pieces that need no desktop: the step cycle and the frame comparison.
@Suite("Settle benchmark")
struct SettleBenchmarkTests {
    @Test("the cycle activates each app once, at its first step, and the policies take whole cycles in turn")
    func cycle() throws {
        let script = try SettleScript()
        let activations = (0..<script.steps.count).filter { script.step($0).activates }.map { script.step($0).step.app }
        #expect(activations == SettleScript.App.allCases)
        #expect(script.step(script.steps.count).activates)
        #expect(script.cycle(of: script.steps.count - 1) == 0 && script.cycle(of: script.steps.count) == 1)
    }

    @Test("a frame in X11's order (B, G, R, X) against a decoded RGBA frame: the changed pixels and their bounds")
    func frameDifference() {
        let width = 4, height = 3, bytesPerLine = 20
        let observed = DecodedImage(
            width: width, height: height, rgba: (0..<(width * height)).flatMap { _ in [10, 20, 30, 255] as [UInt8] })
        var current = [UInt8](repeating: 0, count: bytesPerLine * height)
        for y in 0..<height {
            for x in 0..<width {
                current.replaceSubrange((y * bytesPerLine + x * 4)..<(y * bytesPerLine + x * 4 + 4), with: [30, 20, 10, 0])
            }
        }
        let same = current.withUnsafeBytes {
            FrameDifference(observed: observed, current: $0, width: width, height: height, bytesPerLine: bytesPerLine)
        }
        #expect(same.isEmpty && same.bounds == nil)
        current[1 * bytesPerLine + 2 * 4 + 2] = 11  // red of (2, 1)
        current[2 * bytesPerLine + 3 * 4] = 31  // blue of (3, 2)
        let changed = current.withUnsafeBytes {
            FrameDifference(observed: observed, current: $0, width: width, height: height, bytesPerLine: bytesPerLine)
        }
        #expect(changed.changedPixels == 2)
        #expect(changed.bounds == Rect(x: 2, y: 1, width: 2, height: 2))
    }
}
