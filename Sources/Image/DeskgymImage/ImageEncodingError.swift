internal import CZlibSystem

/// An image could not be encoded: what failed, and zlib's return code and message when zlib failed.
public struct ImageEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad cause, for callers that react differently to bad input and to a library failure.
    public enum Kind: Sendable, Hashable {
        /// The pixel buffer or its layout is inconsistent (size, stride, dimensions).
        case invalidFrame
        /// The encoder options are out of range.
        case invalidOptions
        /// A zlib call failed.
        case zlib
    }

    public var kind: Kind
    /// The operation that failed, such as `"deflateInit2"` or `"validate frame"`.
    public var operation: String
    /// zlib's return code (`Z_STREAM_ERROR`, `Z_MEM_ERROR`, …) when zlib failed.
    public var zlibCode: Int32?
    /// A human-readable explanation, including zlib's `msg` when it gave one.
    public var message: String

    public init(kind: Kind, operation: String, zlibCode: Int32? = nil, message: String) {
        self.kind = kind
        self.operation = operation
        self.zlibCode = zlibCode
        self.message = message
    }

    public var description: String {
        if let zlibCode {
            return "\(operation) failed (zlib \(zlibCode)): \(message)"
        }
        return "\(operation) failed: \(message)"
    }

    static func invalidFrame(_ message: String) -> Self {
        Self(kind: .invalidFrame, operation: "validate frame", message: message)
    }

    static func invalidOptions(_ message: String) -> Self {
        Self(kind: .invalidOptions, operation: "validate options", message: message)
    }

    /// Prefers the stream's own message, which is more specific than the code's generic text.
    static func zlib(_ operation: String, code: Int32, streamMessage: UnsafePointer<CChar>? = nil) -> Self {
        let text: String
        if let streamMessage {
            text = String(cString: streamMessage)
        } else if let generic = zError(code) {
            text = String(cString: generic)
        } else {
            text = "unknown zlib error"
        }
        return Self(kind: .zlib, operation: operation, zlibCode: code, message: text)
    }
}
