/// A pattern that Python's `re` would reject, or that cannot be run here.
struct PythonRegexError: Error, Sendable, CustomStringConvertible {
    var pattern: String
    var message: String

    var description: String { "\(message): \(pattern.pythonRepr)" }
}
