internal import CPNG
import Foundation

/// Decodes PNG files with libpng's simplified API (`png_image_*`), which reports errors in its
/// control structure rather than by `longjmp`, so a damaged file becomes a thrown error.
///
/// Every PNG colour type, bit depth and interlace method is accepted. Pixels come out as 8-bit
/// R, G, B, A, not premultiplied; a 16-bit file without gamma information is read as sRGB (as
/// Pillow reads it, taking the samples' high bits) rather than as libpng's default of linear light.
public enum PNGDecoder {
    /// The most pixels a decode allocates for (1 GiB of RGBA); larger images are refused before any
    /// pixel is read.
    public static let maximumPixelCount = 1 << 28

    /// Decodes a PNG held in memory.
    ///
    /// - Throws: ``ImageDecodingError``: `notThisFormat` when the bytes are not a PNG, `corrupt` when
    ///   libpng fails on them (with libpng's message), `tooLarge` beyond ``maximumPixelCount``.
    public static func decode(_ data: Data) throws(ImageDecodingError) -> DecodedImage {
        try ImageDecodingError.checkSignature(
            signature, of: data, format: "PNG", otherwise: "the data does not start with the PNG signature")
        let control = PNGReadControl()
        // libpng keeps a pointer to the compressed bytes from `begin` to `finish`, so both calls
        // happen inside one borrow of the data.
        let result: Result<DecodedImage, ImageDecodingError> = data.withUnsafeBytes { bytes in
            do throws(ImageDecodingError) {
                return .success(try control.decode(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes the PNG file at `url`.
    ///
    /// - Throws: ``ImageDecodingError`` as ``decode(_:)``, and with kind `notThisFormat` when the
    ///   file cannot be read (naming the file and the reason).
    public static func decode(contentsOf url: URL) throws(ImageDecodingError) -> DecodedImage {
        try decode(try ImageDecodingError.contents(of: url))
    }

    /// The eight bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
}

/// Owns one `png_image` and the memory libpng hangs off it (`opaque`), which `png_image_free`
/// releases on every path, including after a failed call.
private final class PNGReadControl {
    private let image: UnsafeMutablePointer<png_image>

    init() {
        image = .allocate(capacity: 1)
        image.initialize(to: png_image())
        image.pointee.version = UInt32(PNG_IMAGE_VERSION)
    }

    deinit {
        png_image_free(image)
        image.deinitialize(count: 1)
        image.deallocate()
    }

    func decode(_ bytes: UnsafeRawBufferPointer) throws(ImageDecodingError) -> DecodedImage {
        guard png_image_begin_read_from_memory(image, bytes.baseAddress, bytes.count) != 0 else {
            throw failure("png_image_begin_read_from_memory")
        }
        let width = Int(image.pointee.width), height = Int(image.pointee.height)
        let (pixelCount, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixelCount <= PNGDecoder.maximumPixelCount else {
            throw ImageDecodingError(
                kind: .tooLarge, operation: "png_image_begin_read_from_memory",
                message: "\(width)x\(height) pixels exceed the limit of \(PNGDecoder.maximumPixelCount)")
        }
        // PNG_FORMAT_RGBA, which Swift does not import (it is built of other macros).
        image.pointee.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        // Set only after `begin`, which initialises the flags.
        image.pointee.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBytes { out in
            png_image_finish_read(image, nil, out.baseAddress, Int32(width * 4), nil)
        }
        guard finished != 0 else { throw failure("png_image_finish_read") }
        return DecodedImage(width: width, height: height, rgba: rgba)
    }

    /// The error libpng recorded in the control structure.
    private func failure(_ operation: String) -> ImageDecodingError {
        let message = withUnsafeBytes(of: image.pointee.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return ImageDecodingError(
            kind: .corrupt, operation: operation,
            message: message.isEmpty ? "libpng gave no message" : message)
    }
}
