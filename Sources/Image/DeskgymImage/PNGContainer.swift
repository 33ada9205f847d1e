internal import CZlibSystem
import Foundation

/// Writes the PNG file around the bands' deflate blocks: signature, IHDR, one IDAT, IEND.
///
/// The IDAT payload is a zlib stream assembled by hand: a 2-byte header, every band's blocks in order,
/// a final empty block, and the Adler-32 of all filtered scanlines combined from the bands' own sums.
enum PNGContainer {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A final (BFINAL = 1) fixed-Huffman block holding only the end-of-block code: the bits 1, 01,
    /// 0000000, padded. Appending it after the last full flush ends the stream, so that every band,
    /// the last included, can be compressed the same way and reused wherever it is.
    static let finalBlock: [UInt8] = [0x03, 0x00]

    /// The zlib header (RFC 1950) for a 32 KiB window, with the level hint that zlib itself would write.
    static func zlibHeader(level: Int, strategy: DeflateStrategy) -> (UInt8, UInt8) {
        let cmf: UInt16 = 0x78
        let levelFlags: UInt16
        switch (level, strategy) {
        case (_, .rle), (_, .huffmanOnly), (0...1, _): levelFlags = 0
        case (2...5, _): levelFlags = 1
        case (6, _): levelFlags = 2
        default: levelFlags = 3
        }
        var header = cmf << 8 | levelFlags << 6
        header += (31 - header % 31) % 31
        return (UInt8(header >> 8), UInt8(header & 0xFF))
    }

    /// Builds the file from bands that all hold valid compressed bytes, in row order.
    static func file(width: Int, height: Int, bands: [BandCache], level: Int, strategy: DeflateStrategy) -> Data {
        let header = zlibHeader(level: level, strategy: strategy)
        var adler = adler32(0, nil, 0)
        var deflateCount = 0
        for band in bands {
            adler = adler32_combine(adler, UInt(band.adler), band.filteredCount)
            deflateCount += band.compressed.count
        }
        let idatCount = 2 + deflateCount + finalBlock.count + 4
        let total = signature.count + (12 + 13) + (12 + idatCount) + 12

        let base = UnsafeMutableRawPointer.allocate(byteCount: total, alignment: 16)
        var out = ByteWriter(base: base)
        out.write(signature)

        out.writeBigEndian(UInt32(13))
        let ihdrStart = out.position
        out.write(Array("IHDR".utf8))
        out.writeBigEndian(UInt32(width))
        out.writeBigEndian(UInt32(height))
        // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        out.write([8, 2, 0, 0, 0])
        out.writeBigEndian(out.crc(from: ihdrStart))

        out.writeBigEndian(UInt32(idatCount))
        let idatStart = out.position
        out.write(Array("IDAT".utf8))
        out.write([header.0, header.1])
        var crc = UInt(out.crc(from: idatStart))
        for band in bands {
            out.write(band.compressed)
            // Reused bands keep their CRC, so only the tail below is summed afresh.
            crc = crc32_combine(crc, UInt(band.crc), band.compressed.count)
        }
        let tailStart = out.position
        out.write(finalBlock)
        out.writeBigEndian(UInt32(adler))
        crc = crc32_z(crc, (base + tailStart).assumingMemoryBound(to: Bytef.self), out.position - tailStart)
        out.writeBigEndian(UInt32(crc))

        out.writeBigEndian(UInt32(0))
        let iendStart = out.position
        out.write(Array("IEND".utf8))
        out.writeBigEndian(out.crc(from: iendStart))
        precondition(out.position == total, "PNG size miscounted")

        return Data(bytesNoCopy: base, count: total, deallocator: .custom { pointer, _ in pointer.deallocate() })
    }
}

/// Appends bytes to memory sized in advance.
private struct ByteWriter {
    let base: UnsafeMutableRawPointer
    var position = 0

    mutating func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let source = raw.baseAddress {
                (base + position).copyMemory(from: source, byteCount: raw.count)
            }
        }
        position += bytes.count
    }

    mutating func writeBigEndian(_ value: UInt32) {
        (base + position).storeBytes(of: value.bigEndian, as: UInt32.self)
        position += 4
    }

    /// CRC-32 of what was written since `start`.
    func crc(from start: Int) -> UInt32 {
        UInt32(crc32_z(0, (base + start).assumingMemoryBound(to: Bytef.self), position - start))
    }
}
