import DeskgymCore

/// A grammar name that ``ActionGrammars/named(_:)`` does not know.
public struct UnknownGrammarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as it was asked for.
    public var name: String
    /// Every name that would have been accepted.
    public var knownNames: [String]

    /// An error for `name`, listing `knownNames`.
    public init(name: String, knownNames: [String]) {
        self.name = name
        self.knownNames = knownNames
    }

    /// The unknown name and the known ones, quoted.
    public var description: String {
        "unknown action grammar '\(name.excerpt)'; known grammars: "
            + knownNames.map { "'\($0)'" }.joined(separator: ", ")
    }
}
