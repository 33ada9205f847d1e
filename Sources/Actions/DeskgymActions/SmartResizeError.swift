/// A size that ``SmartResize`` refuses, with the reason in the words of the Python reference where
/// it has them (`absolute aspect ratio must be smaller than 200, got 201.0`).
public struct SmartResizeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// An error saying `message`.
    public init(message: String) {
        self.message = message
    }

    /// `smart_resize: ` and the message.
    public var description: String { "smart_resize: \(message)" }
}
