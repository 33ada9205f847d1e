import DeskgymImage
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_images` (OSWorld's vlc.py): grey, Lanczos to the smaller size, mean SSIM. Images are
/// written by ImageMagick and by Deskgym's own PNG encoder; expected figures come from closed forms
/// (the SSIM of two flat images is `(2pq + C1) / (p² + q² + C1)`), never from this implementation.
@Suite("compare_images")
struct MetricImageTests {
    /// SSIM's C1 for 8-bit images: (0.01 · 255)².
    static let c1 = (0.01 * 255.0) * (0.01 * 255.0)

    let folder = MetricFixture.directory()

    func compare(_ a: URL?, _ b: URL?, _ options: String = "{}") throws -> MetricOutcome {
        try Metric.evaluate(
            name: "compare_images", result: a.map(MetricInput.file) ?? .none,
            expected: b.map(MetricInput.file) ?? .none, options: MetricFixture.options(options))
    }

    @Test("the same picture scores 1, whether written by ImageMagick or by PNGBandEncoder")
    func identical() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let magick = try ImageMagickFixture.write("plasma.png", in: folder, ["-size", "64x48", "-seed", "3", "plasma:"])
        #expect(try compare(magick, magick) == .pass)
        // The same pixels through Deskgym's encoder: a different file, the same image.
        let decoded = try PNGDecoder.decode(contentsOf: magick)
        let ours = try ImageMagickFixture.encodeOwn(decoded, to: folder.appendingPathComponent("ours.png"))
        #expect(try Data(contentsOf: ours) != Data(contentsOf: magick))
        #expect(try compare(magick, ours) == .pass)
    }

    @Test("a JPEG is read by its content, whatever its name, to the pixels ImageMagick decodes")
    func jpeg() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = try ImageMagickFixture.write("photo.jpg", in: folder, ["-size", "64x48", "-seed", "3", "plasma:", "-quality", "80"])
        let decodedByMagick = try ImageMagickFixture.write("photo.png", in: folder, ["-define", "jpeg:dct-method=islow", jpeg.path])
        #expect(try compare(jpeg, decodedByMagick) == .pass)
        let misnamed = folder.appendingPathComponent("photo-really-jpeg.png")
        try FileManager.default.copyItem(at: jpeg, to: misnamed)
        #expect(try compare(misnamed, decodedByMagick) == .pass)
        let cut = MetricFixture.bytes("cut.jpg", Array(try Data(contentsOf: jpeg).dropLast(400)), in: folder)
        let outcome = try compare(cut, decodedByMagick)
        #expect(outcome.score == 0 && outcome.reason?.contains("is not a readable JPEG") == true, "\(outcome)")
    }

    @Test("one changed pixel scores just below 1, as SSIM does; a different picture scores far lower")
    func changedPixel() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try ImageMagickFixture.write("a.png", in: folder, ["-size", "64x48", "-seed", "3", "plasma:"])
        let changed = try ImageMagickFixture.write("b.png", in: folder, [original.path, "-fill", "black", "-draw", "point 30,20"])
        let other = try ImageMagickFixture.write("c.png", in: folder, ["-size", "64x48", "-seed", "9", "plasma:"])
        let oneOff = try compare(original, changed)
        #expect(oneOff.score < 1 && oneOff.score > 0.9, "\(oneOff)")
        #expect(oneOff.reason?.contains("structural similarity") == true)
        let unrelated = try compare(original, other)
        #expect(unrelated.score < oneOff.score - 0.1, "\(unrelated)")
    }

    @Test("grey follows Pillow's weights: pure red is grey 76 (and not 77)")
    func lumaWeights() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // (255·19595 + 32768) >> 16 = 76.
        let red = try ImageMagickFixture.write("red.png", in: folder, ["-size", "16x16", "xc:rgb(255,0,0)"])
        let grey76 = try ImageMagickFixture.write("g76.png", in: folder, ["-size", "16x16", "xc:rgb(76,76,76)"])
        let grey77 = try ImageMagickFixture.write("g77.png", in: folder, ["-size", "16x16", "xc:rgb(77,77,77)"])
        #expect(try compare(red, grey76) == .pass)
        let off = try compare(red, grey77).score
        #expect(abs(off - (2 * 76 * 77 + Self.c1) / (76 * 76 + 77 * 77 + Self.c1)) < 1e-12)
    }

    @Test("sizes differ: both go to the smaller (width, height), compared width first as Python compares tuples")
    func differentSizes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // Flat images stay flat through Lanczos, so the score is the closed form for grey 100 and 140.
        let wide = try ImageMagickFixture.write("wide.png", in: folder, ["-size", "40x9", "xc:rgb(100,100,100)"])
        let tall = try ImageMagickFixture.write("tall.png", in: folder, ["-size", "30x70", "xc:rgb(140,140,140)"])
        let outcome = try compare(wide, tall)
        #expect(abs(outcome.score - (2 * 100 * 140 + Self.c1) / (100 * 100 + 140 * 140 + Self.c1)) < 1e-12)
        // (30, 70) < (40, 9): the tall image's size wins although it has more rows.
        #expect(outcome.reason?.contains("after resizing to 30x70") == true, "\(outcome)")
        // A picture and its own half-size copy: close, not equal.
        let picture = try ImageMagickFixture.write("p.png", in: folder, ["-size", "96x64", "-seed", "5", "plasma:", "-blur", "0x2"])
        let half = try ImageMagickFixture.write("h.png", in: folder, [picture.path, "-resize", "50%"])
        let resized = try compare(picture, half)
        #expect(resized.score > 0.8 && resized.score < 1, "\(resized)")
    }

    @Test("reference_base_result: at most base + 0.01 scores 0, above it (ssim - base) / (1 - base)")
    func referenceBase() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try ImageMagickFixture.write("a.png", in: folder, ["-size", "8x8", "xc:rgb(100,100,100)"])
        let b = try ImageMagickFixture.write("b.png", in: folder, ["-size", "8x8", "xc:rgb(180,180,180)"])
        let ssim = (2 * 100 * 180 + Self.c1) / (100 * 100 + 180 * 180 + Self.c1)  // ≈ 0.849
        #expect(try compare(a, b, #"{"reference_base_result": 0.845}"#).score == 0)
        let scaled = try compare(a, b, #"{"reference_base_result": 0.5}"#).score
        #expect(abs(scaled - (ssim - 0.5) / 0.5) < 1e-12)
        #expect(try compare(a, a, #"{"reference_base_result": 0.5}"#) == .pass)
        #expect(throws: MetricError.self) { try compare(a, b, #"{"reference_base_result": "0.5"}"#) }
    }

    @Test("a missing, unreadable, undecodable or too small image scores 0 and says why")
    func unreadable() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try ImageMagickFixture.write("good.png", in: folder, ["-size", "16x16", "xc:white"])
        let cases: [(URL?, String)] = [
            (nil, "no result image"),
            (folder.appendingPathComponent("absent.png"), "does not exist"),
            (folder, "is a directory"),
            (MetricFixture.file("text.png", "not an image", in: folder), "is not an image Pillow would recognise"),
            (try ImageMagickFixture.write("anim.gif", in: folder, ["-size", "16x16", "xc:white"]), "is a GIF image"),
            (MetricFixture.bytes("cut.png", Array(try Data(contentsOf: good).prefix(60)), in: folder), "is not a readable PNG"),
            (try ImageMagickFixture.write("tiny.png", in: folder, ["-size", "6x30", "xc:white"]), "smaller than SSIM's 7x7 window"),
        ]
        for (file, reason) in cases {
            let outcome = try compare(file, good)
            #expect(outcome.score == 0)
            #expect(outcome.reason?.contains(reason) == true, "\(outcome) should say \(reason)")
        }
        #expect(try compare(good, nil).reason == "no expected image")
    }
}

/// Writes test images with ImageMagick's `convert`, and with Deskgym's own encoder.
enum ImageMagickFixture {
    /// Runs `convert ARGUMENTS FOLDER/NAME` and returns the file.
    static func write(_ name: String, in folder: URL, _ arguments: [String]) throws -> URL {
        let target = folder.appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/convert")
        process.arguments = arguments + [target.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "convert \(process.arguments ?? [])")
        return target
    }

    /// The image's pixels written by `PNGBandEncoder` (alpha dropped).
    static func encodeOwn(_ image: DecodedImage, to url: URL) throws -> URL {
        var bgrx = [UInt8](repeating: 0, count: image.width * image.height * 4)
        for index in 0..<(image.width * image.height) {
            bgrx[index * 4] = image.rgba[index * 4 + 2]
            bgrx[index * 4 + 1] = image.rgba[index * 4 + 1]
            bgrx[index * 4 + 2] = image.rgba[index * 4]
        }
        let png = try bgrx.withUnsafeBytes { try encodePNG(bgrx: $0, layout: FrameLayout(width: image.width, height: image.height)) }
        try png.write(to: url)
        return url
    }
}
