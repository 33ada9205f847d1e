import Foundation

/// An image could not be decoded: which step failed, and the decoder's own message.
public struct ImageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad cause.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not an image of the format asked for (wrong signature, empty input).
        case notThisFormat
        /// The bytes start as the format but are damaged or truncated (a bad CRC, a short stream).
        case corrupt
        /// The image is larger than a decoder will allocate for.
        case tooLarge
    }

    public var kind: Kind
    /// The step that failed, such as `"png_image_begin_read_from_memory"`.
    public var operation: String
    /// What went wrong, with the library's message when it gave one.
    public var message: String

    public init(kind: Kind, operation: String, message: String) {
        self.kind = kind
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message)" }

    /// The bytes of the image file at `url`, for the decoders' `decode(contentsOf:)`; a file that
    /// cannot be read is an error of kind `notThisFormat` naming the file and the reason.
    static func contents(of url: URL) throws(ImageDecodingError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ImageDecodingError(kind: .notThisFormat, operation: "read \(url.path)", message: error.localizedDescription)
        }
    }

    /// Checks that `data` starts with `signature`, the `format`'s (`PNG`, `JPEG`); else an error of
    /// kind `notThisFormat` saying the data is empty or, when it is not, `otherwise`.
    static func checkSignature(
        _ signature: [UInt8], of data: Data, format: String, otherwise: String
    ) throws(ImageDecodingError) {
        guard !data.starts(with: signature) else { return }
        throw ImageDecodingError(
            kind: .notThisFormat, operation: "read \(format) signature", message: data.isEmpty ? "the data is empty" : otherwise)
    }
}
