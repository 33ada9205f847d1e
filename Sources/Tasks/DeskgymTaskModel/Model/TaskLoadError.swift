import DeskgymCore

/// Why a task file could not be loaded, naming the file, the JSON path of the offending field and,
/// when known, its line and column:
///
/// ```
/// tasks/os/x.json:12:19: evaluator.result[1].type: expected a string, found number
/// tasks/os/y.json:7:3: invalid JSON: expected ',' or '}' after an object member, found '"'
/// tasks/os/z.json: file not found
/// ```
public struct TaskLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// The file could not be read (missing, a folder, no permission).
        case unreadable
        /// The text is not valid JSON.
        case invalidJSON
        /// A required field is absent.
        case missingField
        /// A field has the wrong JSON type.
        case wrongType
        /// A field has the right type but a value that is not allowed (an empty name, an unknown
        /// `conj`, an unknown grammar).
        case invalidValue
        /// Parallel evaluator lists (`func` and `result` / `expected` / `options`) differ in length.
        case lengthMismatch
        /// A member that is not allowed where it is (inside `deskgym`, whose names are checked).
        case unknownField
    }

    /// The file as given to the loader (the `source` of ``OSWorldTask/parse(data:source:)``).
    public var file: String
    /// The offending field, nil for problems with the whole file.
    public var path: JSONPath?
    /// Where in the file, when known: the offending value, or for a missing field the object that
    /// lacks it.
    public var position: SourcePosition?
    /// The kind of problem.
    public var kind: Kind
    /// What is wrong and what was expected: `expected a string, found number`.
    public var message: String

    /// Creates an error.
    public init(file: String, path: JSONPath? = nil, position: SourcePosition? = nil, kind: Kind, message: String) {
        self.file = file
        self.path = path
        self.position = position
        self.kind = kind
        self.message = message
    }

    /// `file:line:column: path: message`; parts that are not known are left out.
    public var description: String {
        var text = file
        if let position { text += ":\(position.line):\(position.column)" }
        if let path { text += ": \(path)" }
        return text + ": " + message
    }
}
