import Foundation
import Testing

/// Images for the GIMP metric tests: pixels from a formula, written as PNG by ImageMagick (which
/// picks the PNG colour type from its output prefix: `PNG24:` RGB, `PNG32:` RGBA, `PNG8:` palette).
///
/// `scripts/osworld-gimp-reference.py` writes the same files with the same commands and scores them
/// with OSWorld's own gimp.py and scikit-image; the figures the tests assert come from there.
enum GIMPFixture {
    /// A busy pattern: neighbouring pixels differ a lot, so resampling and SSIM details show.
    static func busy(_ width: Int, _ height: Int, seed: Int, alpha: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                out.append(UInt8((x * 7 + y * 13 + seed * 31 + (x * y % 17) * 5) % 256))
                out.append(UInt8((x * x + 3 * y + seed * 17) % 256))
                out.append(UInt8(((255 - x * 5 + y * y + seed) % 256 + 256) % 256))
                if alpha { out.append((x + y) % 5 == 0 ? 128 : 255) }
            }
        }
        return out
    }

    /// A smooth picture: gradients with a darker disc, a left-right asymmetric one.
    static func smooth(_ width: Int, _ height: Int) -> [UInt8] {
        var out: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let inDisc = (x - width / 3) * (x - width / 3) + (y - height / 2) * (y - height / 2) < (height / 4) * (height / 4)
                let shade = inDisc ? 60 : 0
                out.append(UInt8(Swift.max(0, 40 + x * 150 / width - shade)))
                out.append(UInt8(Swift.max(0, 90 + y * 120 / height - shade)))
                out.append(UInt8(Swift.max(0, 160 - (x + y) * 60 / (width + height) - shade)))
            }
        }
        return out
    }

    /// Writes raw samples (`rgb` or `rgba`, 8 bits) as `name` with `convert -size WxH -depth 8
    /// FORMAT:RAW ARGUMENTS PREFIX+NAME`; the prefix pins the colour type (ImageMagick would pick
    /// a palette for few colours), `PNG24:` for rgb and `PNG32:` for rgba unless given.
    static func write(
        _ name: String, _ samples: [UInt8], _ width: Int, _ height: Int, format: String = "rgb", _ arguments: [String] = [],
        prefix: String? = nil, in folder: URL
    ) throws -> URL {
        let prefix = prefix ?? (format == "rgb" ? "PNG24:" : "PNG32:")
        let raw = folder.appendingPathComponent(name + ".raw")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(samples).write(to: raw)
        return try convert(
            ["-size", "\(width)x\(height)", "-depth", "8", "\(format):\(raw.path)"] + arguments, to: name, prefix: prefix, in: folder)
    }

    /// Runs `convert ARGUMENTS PREFIX+FOLDER/NAME` (an RGB PNG unless the prefix says otherwise).
    static func convert(_ arguments: [String], to name: String, prefix: String = "PNG24:", in folder: URL) throws -> URL {
        let target = folder.appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/convert")
        process.arguments = arguments + [prefix + target.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "convert \(process.arguments ?? [])")
        return target
    }
}
