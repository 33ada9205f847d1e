import DeskgymCore
import DeskgymImage
import DeskgymSandbox
import DeskgymX11
import Foundation
import Testing

/// Observations at an observation size are the captured pixels scaled once before the one encode;
/// they must equal what encoding the full screen, decoding and scaling gave.
@Suite("Scaled capture", .serialized, .timeLimit(.minutes(2)))
struct ScaledCaptureTests {
    @Test("a screenshot scaled at capture equals the full screenshot decoded and scaled, pixel for pixel")
    func scaledEqualsDecodedAndScaled() async throws {
        try await withSession(
            apps: [.init(command: "xterm", args: ["-geometry", "60x12+40+30"], waitForWindow: "xterm")],
            width: 1280, height: 720
        ) { session in
            let x11 = try session.requireX11(for: "test")
            let target = Size(width: 640, height: 360)
            // An idle xterm's screen is still, but its cursor may blink between the two captures:
            // one of five pairs must agree.
            var matched = false
            for _ in 0..<5 where !matched {
                let full = try PNGDecoder.decode(x11.screenshot().png).resized(to: target)
                let scaled = try x11.screenshot(scaledTo: target)
                #expect(scaled.size == target)
                let decoded = try PNGDecoder.decode(scaled.png)
                #expect(decoded.width == target.width && decoded.height == target.height)
                matched = decoded.rgba.enumerated().allSatisfy { $0.offset % 4 == 3 || full.rgba[$0.offset] == $0.element }
            }
            #expect(matched, "the scaled capture differs from decode-and-scale")
            let observation = try session.desktop.observe(cursor: false, scaledTo: target)
            #expect(observation.screenshot.size == target)
            #expect(
                try session.desktop.observe().screenshot.size == Size(width: 1280, height: 720),
                "without a size the screen's own")
        }
    }
}
