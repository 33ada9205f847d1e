import DeskgymImage
import Foundation

/// Reads image files for the image metrics, recognising the format by its first bytes as Pillow's
/// `Image.open` does (the file name's extension does not count).
enum ImageFile {
    /// The image as Pillow's `Image.open(path).convert('L')` gives it.
    static func readGray(_ url: URL) throws(ImageFileProblem) -> GrayImage {
        let data = try contents(of: url)
        let format = Format(data)
        let decoded: DecodedImage
        switch format {
        case .png, .jpeg:
            // The same bound as the GIMP metrics, from the header before any pixel is decoded.
            if let header = format == .png ? ColorImage.pngHeader(data) : ColorImage.jpegHeader(data) {
                try checkPixels(header, of: url)
            }
            do {
                decoded = format == .png ? try PNGDecoder.decode(data) : try JPEGDecoder.decode(data)
            } catch {
                throw ImageFileProblem(url: url, message: "is not a readable \(format.rawValue) (\(error))")
            }
        case .unknown:
            throw ImageFileProblem(url: url, message: "is not an image Pillow would recognise")
        default:
            throw ImageFileProblem(url: url, message: "is a \(format.rawValue) image; Deskgym decodes PNG and JPEG only")
        }
        return GrayImage(decoded)
    }

    /// The most bytes an image file may hold: far above what a 36-megapixel PNG or JPEG takes, so
    /// that only a file no image metric could read is refused before it is read into memory.
    static let maximumBytes = 512 << 20

    /// The bytes of the file at `url`, which must exist, be a file, and hold at most ``maximumBytes``.
    static func contents(of url: URL) throws(ImageFileProblem) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImageFileProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw ImageFileProblem(url: url, message: "is a directory") }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maximumBytes else {
            throw ImageFileProblem(url: url, message: "holds \(size) bytes, more than the \(maximumBytes) an image metric reads")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ImageFileProblem(url: url, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Refuses an image whose header says it has more than ``ColorImage/maximumPixels`` pixels,
    /// before any pixel is decoded.
    static func checkPixels(_ header: ColorImage.Header, of url: URL) throws(ImageFileProblem) {
        guard header.width * header.height > ColorImage.maximumPixels else { return }
        throw ImageFileProblem(
            url: url,
            message:
                "is \(header.width)x\(header.height), more than the \(ColorImage.maximumPixels / 1_000_000) megapixels an image metric reads"
        )
    }

    /// An image format, told by its signature.
    enum Format: String {
        case png = "PNG", jpeg = "JPEG", gif = "GIF", bmp = "BMP", webp = "WebP", tiff = "TIFF", unknown

        init(_ data: Data) {
            let head = [UInt8](data.prefix(12))
            func starts(_ bytes: [UInt8]) -> Bool { head.starts(with: bytes) }
            if starts(PNGDecoder.signature) {
                self = .png
            } else if starts([0xFF, 0xD8, 0xFF]) {
                self = .jpeg
            } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
                self = .gif
            } else if starts(Array("BM".utf8)) {
                self = .bmp
            } else if starts(Array("RIFF".utf8)), head.count == 12, Array(head[8..<12]) == Array("WEBP".utf8) {
                self = .webp
            } else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
                self = .tiff
            } else {
                self = .unknown
            }
        }
    }
}
