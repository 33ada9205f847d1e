import DeskgymImage
import Foundation

extension ColorImage {
    /// The most pixels an image metric reads. The SSIM of one band holds about ten 8-byte values
    /// per pixel at once, so 36 megapixels (6000×6000) already asks for some 3 GB; a larger file is
    /// refused with a reason before any pixel is decoded.
    static let maximumPixels = 36_000_000

    /// The image at `url` as Pillow's `Image.open` would give it: PNG or JPEG, recognised by its
    /// first bytes; the mode from the PNG colour type (and a `tRNS` chunk) or the JPEG's components.
    ///
    /// - Throws: `ImageFileProblem` naming the file: missing, a directory, unreadable, not PNG or
    ///   JPEG, damaged, or larger than ``maximumPixels``.
    static func read(_ url: URL) throws(ImageFileProblem) -> ColorImage {
        let data = try ImageFile.contents(of: url)
        let format = ImageFile.Format(data)
        let header: Header?
        switch format {
        case .png: header = pngHeader(data)
        case .jpeg: header = jpegHeader(data)
        case .unknown: throw ImageFileProblem(url: url, message: "is not an image Pillow would recognise")
        default: throw ImageFileProblem(url: url, message: "is a \(format.rawValue) image; Deskgym decodes PNG and JPEG only")
        }
        guard let header else {
            throw ImageFileProblem(url: url, message: "is not a readable \(format.rawValue) (no image header)")
        }
        try ImageFile.checkPixels(header, of: url)
        guard let mode = header.mode else {
            throw ImageFileProblem(url: url, message: "is a \(format.rawValue) in a mode Deskgym does not read (\(header.modeNote))")
        }
        let decoded: DecodedImage
        do {
            decoded = format == .png ? try PNGDecoder.decode(data) : try JPEGDecoder.decode(data)
        } catch {
            throw ImageFileProblem(url: url, message: "is not a readable \(format.rawValue) (\(error))")
        }
        return ColorImage(
            width: decoded.width, height: decoded.height, mode: mode, hasTransparencyKey: header.transparencyChunk,
            rgba: decoded.rgba)
    }

    /// What the header says before any pixel is decoded.
    struct Header {
        var width: Int
        var height: Int
        var mode: Mode?
        var modeNote: String
        var transparencyChunk = false
    }

    /// The IHDR chunk, and whether a `tRNS` chunk comes before the first IDAT (where PNG puts it).
    static func pngHeader(_ data: Data) -> Header? {
        let bytes = [UInt8](data.prefix(1 << 20))
        func uint32(_ at: Int) -> Int? {
            guard at + 4 <= bytes.count else { return nil }
            return bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        guard bytes.count >= 33, Array(bytes[12..<16]) == Array("IHDR".utf8),
            let width = uint32(16), let height = uint32(20)
        else { return nil }
        let depth = bytes[24], colorType = bytes[25]
        var header = Header(width: width, height: height, modeNote: "colour type \(colorType), \(depth)-bit")
        // Pillow opens 1-, 2- and 4-bit grey as "1" or "L" and 16-bit grey as "I;16"; only the
        // 8-bit grey and the colour types below are read here.
        switch colorType {
        case 0 where depth == 8: header.mode = .gray
        case 2: header.mode = .rgb
        case 3: header.mode = .palette
        case 4 where depth == 8: header.mode = .grayAlpha
        case 6: header.mode = .rgba
        default: header.mode = nil
        }
        var offset = 8
        while let length = uint32(offset), offset + 8 <= bytes.count {
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if type == "IDAT" || type == "IEND" { break }
            if type == "tRNS" { header.transparencyChunk = true }
            offset += 12 + length
        }
        return header
    }

    /// The first start-of-frame segment: size and number of components (1 grey, 3 colour).
    static func jpegHeader(_ data: Data) -> Header? {
        let bytes = [UInt8](data)
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xFF {
                offset += 1
                continue
            }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let startOfFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if startOfFrame {
                guard offset + 10 <= bytes.count else { return nil }
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                let components = bytes[offset + 9]
                let mode: Mode? = components == 1 ? .gray : components == 3 ? .rgb : nil
                return Header(width: width, height: height, mode: mode, modeNote: "\(components) components")
            }
            offset += 2 + length
        }
        return nil
    }
}
