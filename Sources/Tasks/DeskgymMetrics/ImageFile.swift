import DeskgymImage
import Foundation

/// Reads image files for the image metrics, recognising the format by its first bytes as Pillow's
/// `Image.open` does (the file name's extension does not count).
enum ImageFile {
    /// The image as Pillow's `Image.open(path).convert('L')` gives it.
    static func readGray(_ url: URL) throws(ImageFileProblem) -> GrayImage {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImageFileProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw ImageFileProblem(url: url, message: "is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageFileProblem(url: url, message: "cannot be read (\(error.localizedDescription))")
        }
        let format = Format(data)
        let decoded: DecodedImage
        switch format {
        case .png, .jpeg:
            // The same bound as the GIMP metrics, from the header before any pixel is decoded.
            let header = format == .png ? ColorImage.pngHeader(data) : ColorImage.jpegHeader(data)
            if let header, header.width * header.height > ColorImage.maximumPixels {
                throw ImageFileProblem(
                    url: url,
                    message:
                        "is \(header.width)x\(header.height), more than the \(ColorImage.maximumPixels / 1_000_000) megapixels an image metric reads"
                )
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
