import DeskgymCore
import Foundation

/// The size of a PNG file, read from its header (`IHDR` is always the first chunk).
enum PNGHeader {
    /// The image's size, nil when the file is missing or not a PNG.
    static func size(of file: URL) -> Size? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 24), data.count == 24 else { return nil }
        let bytes = [UInt8](data)
        guard bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            bytes[12..<16].elementsEqual(Array("IHDR".utf8))
        else { return nil }
        func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = integer(16), height = integer(20)
        return width > 0 && height > 0 ? Size(width: width, height: height) : nil
    }
}
