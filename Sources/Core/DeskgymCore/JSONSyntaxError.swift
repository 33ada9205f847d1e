/// JSON text that is not valid JSON (RFC 8259), with where the reader stopped.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var position: SourcePosition
    /// The byte offset of the problem in the text.
    public var offset: Int
    /// What is wrong, e.g. `expected ',' or '}' after an object member, found '"'`.
    public var message: String

    /// Creates an error.
    public init(position: SourcePosition, offset: Int, message: String) {
        self.position = position
        self.offset = offset
        self.message = message
    }

    /// `line 3, column 7: expected ',' or '}' after an object member, found '"'`.
    public var description: String { "\(position): \(message)" }
}
