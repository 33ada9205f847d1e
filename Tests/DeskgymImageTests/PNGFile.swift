import CZlibSystem
import Foundation

/// Reads a PNG's chunks independently of the encoder, checking every CRC.
struct PNGFile {
    struct Chunk {
        var type: String
        var data: [UInt8]
        var crcMatches: Bool
    }

    var chunks: [Chunk] = []

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: Self.signature) else { throw FormatError(description: "bad signature") }
        var position = 8
        func u32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        while position < bytes.count {
            guard position + 12 <= bytes.count else { throw FormatError(description: "truncated chunk header") }
            let length = u32(position)
            guard position + 12 + length <= bytes.count else { throw FormatError(description: "truncated chunk") }
            let typeAndData = Array(bytes[(position + 4)..<(position + 8 + length)])
            let stored = u32(position + 8 + length)
            let computed = typeAndData.withUnsafeBufferPointer { crc32_z(0, $0.baseAddress, $0.count) }
            chunks.append(
                Chunk(
                    type: String(decoding: typeAndData[0..<4], as: UTF8.self),
                    data: Array(typeAndData[4...]), crcMatches: Int(computed) == stored))
            position += 12 + length
        }
    }

    var idat: [UInt8] { chunks.filter { $0.type == "IDAT" }.flatMap(\.data) }

    /// The IDAT zlib stream inflated by zlib's own `uncompress`, which also checks the Adler-32.
    func inflatedIDAT(expectedCount: Int) throws -> [UInt8] {
        let compressed = idat
        var out = [UInt8](repeating: 0, count: expectedCount + 16)
        var outCount = UInt(out.count)
        let code = uncompress(&out, &outCount, compressed, UInt(compressed.count))
        guard code == Z_OK else { throw FormatError(description: "uncompress returned \(code)") }
        return Array(out[0..<Int(outCount)])
    }
}

/// Decodes a PNG with ImageMagick, a decoder that shares no code with the encoder.
enum ImageMagick {
    static let convertPath: String? = ["/usr/local/bin/convert", "/usr/bin/convert"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static var isAvailable: Bool { convertPath != nil }

    /// The image's pixels as packed 8-bit R, G, B.
    static func decodeRGB(_ png: Data) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskgym-image-test-\(UUID().uuidString).png")
        try png.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: convertPath!)
        process.arguments = [file.path, "-depth", "8", "rgb:-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PNGFile.FormatError(description: "convert exited \(process.terminationStatus)")
        }
        return [UInt8](data)
    }
}
