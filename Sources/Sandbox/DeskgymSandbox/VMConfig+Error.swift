/// Why a ``VMConfig`` could not be read.
///
/// Its ``description`` reads like a compiler diagnostic:
/// `vm-configs/x.yaml:7:5: apps[1].comand: unknown field 'comand' (did you mean 'command'?)`.
public struct VMConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Problem: Sendable, Hashable {
        /// The config file does not exist.
        case fileNotFound
        /// The config file exists but could not be read (permissions, not UTF-8, a folder, …).
        case unreadable(reason: String)
        /// The text is not valid YAML.
        case syntax(message: String)
        /// A mapping has a key the format does not know. `suggestion` is the closest known key,
        /// if one is close; `known` lists all keys allowed at that place.
        case unknownField(field: String, suggestion: String?, known: [String])
        /// A mapping has the same key twice.
        case duplicateField(field: String)
        /// A required field is absent.
        case missingField(field: String)
        /// A value has the wrong YAML type, e.g. a list where an integer belongs.
        case wrongType(expected: String, found: String)
        /// A value has the right type but is not allowed, e.g. a width of 0.
        case invalidValue(message: String)
    }

    /// The file path (or source label) of the config.
    public var source: String
    /// The field path, e.g. `apps[1].command` or `screen.width`; empty for the whole document.
    public var path: String
    /// The 1-based line of the offending node, when known.
    public var line: Int?
    /// The 1-based column of the offending node, when known.
    public var column: Int?
    /// What went wrong.
    public var problem: Problem

    public init(source: String, path: String = "", line: Int? = nil, column: Int? = nil, problem: Problem) {
        self.source = source
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// One line: `source:line:column: path: message`.
    public var description: String {
        var location = source
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let prefix = path.isEmpty ? "" : "\(path): "
        return "\(location): \(prefix)\(message)"
    }

    /// The message without location and path.
    public var message: String {
        switch problem {
        case .fileNotFound:
            return "config file not found"
        case .unreadable(let reason):
            return "cannot read config file: \(reason)"
        case .syntax(let message):
            return "invalid YAML: \(message)"
        case .unknownField(let field, let suggestion, let known):
            if let suggestion {
                return "unknown field '\(field)' (did you mean '\(suggestion)'?)"
            }
            return "unknown field '\(field)' (known fields: \(known.joined(separator: ", ")))"
        case .duplicateField(let field):
            return "field '\(field)' appears more than once"
        case .missingField(let field):
            return "missing required field '\(field)'"
        case .wrongType(let expected, let found):
            return "expected \(expected), found \(found)"
        case .invalidValue(let message):
            return message
        }
    }
}
