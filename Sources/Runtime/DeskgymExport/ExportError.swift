/// Why an export could not read or write something: the file (and line) or trajectory, and what.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    /// The file, `file:line`, or trajectory folder at fault.
    public var place: String
    public var message: String

    public init(place: String, message: String) {
        self.place = place
        self.message = message
    }

    public var description: String { "\(place): \(message)" }
}
