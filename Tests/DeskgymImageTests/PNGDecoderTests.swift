import DeskgymImage
import Foundation
import Testing

/// PNGDecoder against files written by two encoders that share no code with it: Deskgym's own
/// band encoder and ImageMagick.
@Suite struct PNGDecoderTests {
    @Test("a PNG from PNGBandEncoder decodes to the frame's pixels, opaque")
    func decodesOwnEncoder() throws {
        let frame = TestFrame.screenLike(width: 123, height: 77, padding: 8, seed: 5)
        let png = try frame.bytes.withUnsafeBytes { try encodePNG(bgrx: $0, layout: frame.layout) }
        let image = try PNGDecoder.decode(png)
        #expect(image.width == 123 && image.height == 77)
        #expect(image.rgba == rgbaOpaque(frame.rgb))
    }

    @Test(
        "PNGs ImageMagick writes decode to the pixels it was given",
        arguments: [
            ["PNG24:"],  // RGB, 8 bits
            ["-interlace", "PNG", "PNG24:"],  // Adam7
            ["-depth", "16", "PNG48:"],  // 16 bits per sample
        ])
    func decodesImageMagickRGB(arguments: [String]) throws {
        let (width, height) = (31, 17)
        var random = SplitMix(seed: 42)
        let rgb = (0..<(width * height * 3)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var extra = arguments
        let format = extra.removeLast()
        let png = try ImageMagickWriter.png(raw: rgb, map: "rgb", width: width, height: height, format: format, options: extra)
        let image = try PNGDecoder.decode(png)
        #expect(image.width == width && image.height == height)
        #expect(image.rgba == rgbaOpaque(rgb))
    }

    @Test("a palette PNG, a grey PNG and a PNG with alpha from ImageMagick decode to their colours")
    func decodesImageMagickOtherTypes() throws {
        let (width, height) = (9, 4)
        // Eight colours only, so PNG8 keeps every pixel exact.
        let palette: [[UInt8]] = [
            [0, 0, 0], [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [12, 34, 56], [200, 100, 50], [255, 255, 255],
        ]
        let rgb = (0..<(width * height)).flatMap { palette[($0 * 5) % palette.count] }
        let indexed = try PNGDecoder.decode(try ImageMagickWriter.png(raw: rgb, map: "rgb", width: width, height: height, format: "PNG8:"))
        #expect(
            try ImageMagickWriter.colorType(try ImageMagickWriter.png(raw: rgb, map: "rgb", width: width, height: height, format: "PNG8:"))
                == 3)
        #expect(indexed.rgba == rgbaOpaque(rgb))

        let grey = (0..<(width * height)).map { UInt8(($0 * 7) % 256) }
        let greyPNG = try ImageMagickWriter.png(raw: grey, map: "gray", width: width, height: height, format: "PNG:")
        #expect(try ImageMagickWriter.colorType(greyPNG) == 0)
        #expect(try PNGDecoder.decode(greyPNG).rgba == rgbaOpaque(grey.flatMap { [$0, $0, $0] }))

        var rgba: [UInt8] = []
        for index in 0..<(width * height) {
            rgba += [UInt8(index * 3), 90, UInt8(255 - index), UInt8(index * 7)]
        }
        let alphaPNG = try ImageMagickWriter.png(raw: rgba, map: "rgba", width: width, height: height, format: "PNG32:")
        #expect(try ImageMagickWriter.colorType(alphaPNG) == 6)
        let decoded = try PNGDecoder.decode(alphaPNG)
        // Colour is not premultiplied: a pixel of alpha 7 keeps its colour.
        #expect(decoded.rgba == rgba)
        #expect(decoded[x: 1, y: 0] == (3, 90, 254, 7))
    }

    @Test("bytes that are not a PNG, and a truncated PNG, are errors that say so")
    func refusesBadInput() throws {
        #expect(throws: ImageDecodingError.self) { try PNGDecoder.decode(Data()) }
        do {
            _ = try PNGDecoder.decode(Data("GIF89a not a png".utf8))
            Issue.record("a GIF header decoded")
        } catch {
            #expect(error.kind == .notThisFormat)
            #expect(error.description.contains("PNG signature"))
        }
        let frame = TestFrame.screenLike(width: 64, height: 64, seed: 9)
        let png = try frame.bytes.withUnsafeBytes { try encodePNG(bgrx: $0, layout: frame.layout) }
        do {
            _ = try PNGDecoder.decode(png.prefix(png.count / 2))
            Issue.record("half a PNG decoded")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.operation == "png_image_finish_read")
            #expect(!error.message.isEmpty && error.message != "libpng gave no message")
        }
        var damaged = png
        damaged[20] ^= 0xFF  // inside IHDR: its CRC no longer matches
        #expect(throws: ImageDecodingError.self) { try PNGDecoder.decode(damaged) }

        let missing = URL(fileURLWithPath: "/nonexistent/deskgym-\(UUID()).png")
        do {
            _ = try PNGDecoder.decode(contentsOf: missing)
            Issue.record("a missing file decoded")
        } catch {
            #expect(error.operation.contains(missing.path))
        }
    }

    private func rgbaOpaque(_ rgb: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rgb.count / 3 * 4)
        for index in stride(from: 0, to: rgb.count, by: 3) { out += [rgb[index], rgb[index + 1], rgb[index + 2], 255] }
        return out
    }
}

/// Writes PNGs with ImageMagick's `convert` from raw samples.
enum ImageMagickWriter {
    static func png(raw: [UInt8], map: String, width: Int, height: Int, format: String, options: [String] = []) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-decoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.raw"), output = folder.appendingPathComponent("out.png")
        try Data(raw).write(to: input)
        let convert = try #require(ImageMagick.convertPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: convert)
        process.arguments =
            ["-size", "\(width)x\(height)", "-depth", "8", "\(map):\(input.path)"] + options
            + [format + output.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "convert \(process.arguments ?? [])")
        return try Data(contentsOf: output)
    }

    /// The colour type byte of the IHDR chunk (0 grey, 2 RGB, 3 palette, 6 RGBA).
    static func colorType(_ png: Data) throws -> UInt8 {
        let file = try PNGFile(png)
        return try #require(file.chunks.first { $0.type == "IHDR" }).data[9]
    }
}
