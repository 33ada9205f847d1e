import DeskgymImage
import Foundation

/// A frame of B, G, R, X pixels built in memory, with helpers to derive what a PNG of it must hold.
struct TestFrame {
    var width: Int
    var height: Int
    var bytesPerLine: Int
    var bytes: [UInt8]

    var layout: FrameLayout { FrameLayout(width: width, height: height, bytesPerLine: bytesPerLine) }

    /// A frame whose padding and X bytes hold junk, so that reading them would show in the output.
    init(width: Int, height: Int, padding: Int = 0, fill: (Int, Int) -> (r: UInt8, g: UInt8, b: UInt8)) {
        self.width = width
        self.height = height
        bytesPerLine = width * 4 + padding
        bytes = [UInt8](repeating: 0xA5, count: bytesPerLine * height)
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = fill(x, y)
                let offset = y * bytesPerLine + x * 4
                bytes[offset] = b
                bytes[offset + 1] = g
                bytes[offset + 2] = r
                bytes[offset + 3] = UInt8(truncatingIfNeeded: x &* 7 &+ y)
            }
        }
    }

    /// Something like a desktop: a vertical gradient, flat windows with title bars, lines of
    /// text-like specks, and a noisy "photo" that defeats string matching.
    static func screenLike(width: Int, height: Int, padding: Int = 0, seed: UInt64 = 1) -> TestFrame {
        var random = SplitMix(seed: seed)
        let glyphNoise = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        return TestFrame(width: width, height: height, padding: padding) { x, y in
            let inWindow = x > width / 8 && x < width * 5 / 8 && y > height / 8 && y < height * 7 / 8
            let inPhoto = x > width * 11 / 16 && x < width * 15 / 16 && y > height / 10 && y < height / 2
            let noise = glyphNoise[y * width + x]
            if inPhoto {
                return (UInt8(truncatingIfNeeded: x &+ Int(noise) / 8), noise, UInt8(truncatingIfNeeded: y &* 3))
            }
            if inWindow {
                if y < height / 8 + 12 { return (40, 80, 160) }
                // Rows of "text": short dark runs on white, between blank lines.
                let line = (y - height / 8) % 14
                if line < 9, noise < 60 { return (20, 20, 20) }
                return (255, 255, 255)
            }
            let shade = UInt8(truncatingIfNeeded: 40 + y * 150 / max(height, 1))
            return (shade / 2, shade, 200)
        }
    }

    /// Paints a solid rectangle.
    mutating func paint(x: Int, y: Int, width w: Int, height h: Int, r: UInt8, g: UInt8, b: UInt8) {
        for row in y..<(y + h) {
            for column in x..<(x + w) {
                let offset = row * bytesPerLine + column * 4
                bytes[offset] = b
                bytes[offset + 1] = g
                bytes[offset + 2] = r
            }
        }
    }

    /// The visible pixels as packed R, G, B, which is what a decoder must return.
    var rgb: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let offset = y * bytesPerLine + x * 4
                out += [bytes[offset + 2], bytes[offset + 1], bytes[offset]]
            }
        }
        return out
    }

    /// The filtered scanlines a PNG of this frame must inflate to, computed the slow, obvious way.
    func scanlines(filter: PNGRowFilter) -> [UInt8] {
        let rgb = rgb
        var out: [UInt8] = []
        for y in 0..<height {
            out.append(filter.rawValue)
            for i in 0..<(width * 3) {
                let value = rgb[y * width * 3 + i]
                let left = i >= 3 ? rgb[y * width * 3 + i - 3] : 0
                out.append(filter == .sub ? value &- left : value)
            }
        }
        return out
    }

    func encode(with encoder: PNGBandEncoder, hint: FrameChangeHint = .unknown) throws -> EncodedPNG {
        try bytes.withUnsafeBytes { try encoder.encode($0, layout: layout, hint: hint) }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
