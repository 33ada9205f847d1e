/// The place of a value inside a JSON document, such as `evaluator.result[1].type`, for error
/// messages and reports.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// One step down into a JSON value.
    public enum Component: Sendable, Hashable {
        /// A member of an object.
        case key(String)
        /// An element of an array (0-based).
        case index(Int)
    }

    /// The steps from the top of the document, outermost first.
    public var components: [Component]

    /// Creates a path from its steps.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The top of the document.
    public static let root = JSONPath()

    /// Whether this is the top of the document.
    public var isRoot: Bool { components.isEmpty }

    /// This path with an object member's key appended.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// This path with an array index appended.
    public func appending(_ index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    /// The path of the value that holds this one, or nil for the root.
    public var parent: JSONPath? {
        isRoot ? nil : JSONPath(Array(components.dropLast()))
    }

    /// `evaluator.result[1].type`; keys that are not plain names are quoted (`files["a b"]`), and
    /// keys longer than 64 code points cut (``Swift/String/excerpt``); the root reads `(top level)`.
    public var description: String {
        if isRoot { return "(top level)" }
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if Self.isPlainName(key), key.isSuggestible {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    // A key of megabytes from a hostile task file is shown cut, as every name from input is.
                    text += "[" + JSONValue.string(key.excerpt).description + "]"
                }
            }
        }
        return text
    }

    /// Orders paths by their text.
    public static func < (lhs: JSONPath, rhs: JSONPath) -> Bool {
        lhs.description < rhs.description
    }

    private static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "_", "-", "$": true
                default: false
                }
            }
    }
}
