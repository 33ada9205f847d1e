import DeskgymImage
import Foundation
import Testing

/// JPEGDecoder against ImageMagick: ImageMagick writes the JPEGs and, with libjpeg's integer IDCT
/// asked for explicitly, decodes them as the reference.
@Suite struct JPEGDecoderTests {
    @Test(
        "colour and grey JPEGs decode to the pixels ImageMagick reads from them",
        arguments: [
            ["-quality", "92"], ["-quality", "40", "-sampling-factor", "2x2"], ["-quality", "75", "-colorspace", "gray"],
            ["-quality", "85", "-interlace", "JPEG"],
        ])
    func matchesImageMagick(options: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-jpeg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = folder.appendingPathComponent("picture.jpg")
        try convert(["-size", "45x29", "-seed", "4", "plasma:"] + options + [jpeg.path])
        let reference = try convertOutput(["-define", "jpeg:dct-method=islow", jpeg.path, "-depth", "8", "rgb:-"])
        let image = try JPEGDecoder.decode(contentsOf: jpeg)
        #expect(image.width == 45 && image.height == 29)
        var rgb: [UInt8] = []
        for index in 0..<(image.width * image.height) {
            rgb += image.rgba[(index * 4)..<(index * 4 + 3)]
            #expect(image.rgba[index * 4 + 3] == 255)
        }
        #expect(rgb == [UInt8](reference))
        if options.contains("gray") {
            let grey = stride(from: 0, to: rgb.count, by: 3).allSatisfy { (index: Int) -> Bool in
                rgb[index] == rgb[index + 1] && rgb[index] == rgb[index + 2]
            }
            #expect(grey)
        }
    }

    @Test("not a JPEG, a damaged header and data that ends early are errors with libjpeg's reason")
    func refusesBadInput() throws {
        do {
            _ = try JPEGDecoder.decode(Data([0x89, 0x50, 0x4E, 0x47]))
            Issue.record("a PNG signature decoded as JPEG")
        } catch {
            #expect(error.kind == .notThisFormat)
        }
        do {
            _ = try JPEGDecoder.decode(Data([0xFF, 0xD8, 0xFF, 0x00, 0x12, 0x34, 0x56]))
            Issue.record("garbage after the SOI marker decoded")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(!error.message.isEmpty && error.message != "libjpeg gave no message", "\(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-jpeg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let jpeg = folder.appendingPathComponent("cut.jpg")
        try convert(["-size", "64x64", "-seed", "2", "plasma:", "-quality", "90", jpeg.path])
        let whole = try Data(contentsOf: jpeg)
        #expect(try JPEGDecoder.decode(whole).width == 64)
        do {
            _ = try JPEGDecoder.decode(whole.prefix(whole.count * 2 / 3))
            Issue.record("a truncated JPEG decoded")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.message.contains("Premature end"), "\(error)")
        }
    }

    private func convert(_ arguments: [String]) throws {
        _ = try convertOutput(arguments)
    }

    private func convertOutput(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(ImageMagick.convertPath))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "convert \(arguments)")
        return data
    }
}
