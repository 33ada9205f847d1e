internal import CJPEG
import Foundation

/// Decodes JPEG files with libjpeg (libjpeg-turbo on Debian) through a small C wrapper that turns
/// libjpeg's `longjmp` errors into a return code, so a damaged file becomes a thrown error.
///
/// libjpeg's defaults are kept — integer IDCT, fancy upsampling, its YCbCr → RGB conversion — which
/// are also what Pillow asks libjpeg for, so the pixels match Pillow's. Grey JPEGs come out with
/// R = G = B; CMYK JPEGs are refused (libjpeg has no conversion to RGB for them).
public enum JPEGDecoder {
    /// The three bytes every JPEG file starts with (SOI and the next marker's prefix).
    public static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// Decodes a JPEG held in memory to opaque R, G, B, A pixels.
    ///
    /// - Throws: ``ImageDecodingError``: `notThisFormat` when the bytes do not start as a JPEG,
    ///   `corrupt` with libjpeg's message when it fails, `tooLarge` beyond
    ///   ``PNGDecoder/maximumPixelCount``.
    public static func decode(_ data: Data) throws(ImageDecodingError) -> DecodedImage {
        try ImageDecodingError.checkSignature(signature, of: data, format: "JPEG", otherwise: "the data does not start with a JPEG marker")
        var image = deskgym_jpeg_image()
        let status = data.withUnsafeBytes { bytes in
            deskgym_jpeg_decode_rgb(
                bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count,
                UInt64(PNGDecoder.maximumPixelCount), &image)
        }
        defer { deskgym_jpeg_free(&image) }
        let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard status == 0, let rgb = image.rgb else {
            throw ImageDecodingError(
                kind: status == -2 ? .tooLarge : .corrupt, operation: "libjpeg decode",
                message: message.isEmpty ? "libjpeg gave no message" : message)
        }
        let width = Int(image.width), height = Int(image.height)
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for index in 0..<(width * height) {
            rgba[index * 4] = rgb[index * 3]
            rgba[index * 4 + 1] = rgb[index * 3 + 1]
            rgba[index * 4 + 2] = rgb[index * 3 + 2]
        }
        return DecodedImage(width: width, height: height, rgba: rgba)
    }

    /// Decodes the JPEG file at `url`.
    ///
    /// - Throws: ``ImageDecodingError`` as ``decode(_:)``, and with kind `notThisFormat` when the
    ///   file cannot be read.
    public static func decode(contentsOf url: URL) throws(ImageDecodingError) -> DecodedImage {
        try decode(try ImageDecodingError.contents(of: url))
    }
}
