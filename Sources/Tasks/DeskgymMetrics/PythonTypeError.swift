/// An operation Python would refuse at run time (`"a" < 1`, `re.search` on a number, a key into a
/// list): OSWorld's metrics then score 0, or crash, and Deskgym scores 0 with this as the reason.
struct PythonTypeError: Error, Sendable, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
