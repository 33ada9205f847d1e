/// A part that is not well-formed XML.
struct XMLProblem: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
