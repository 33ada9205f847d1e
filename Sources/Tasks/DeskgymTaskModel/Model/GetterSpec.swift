import DeskgymCore

/// How the evaluator obtains one value to score: an entry of `evaluator.result` or
/// `evaluator.expected`, such as `{"type": "vm_file", "path": "/home/user/a.txt", "dest": "a.txt"}`.
///
/// OSWorld calls `get_<type>(env, spec)` with the whole object; every field other than `type` is
/// kept in ``fields`` as written.
public struct GetterSpec: Sendable, Hashable {
    /// The getter's name: `vm_file`, `cloud_file`, `rule`, `vm_command_line`, …
    public var type: String
    /// Every other field of the object, as written.
    public var fields: [String: JSONValue]

    /// Creates a getter specification.
    public init(type: String, fields: [String: JSONValue] = [:]) {
        self.type = type
        self.fields = fields
    }

    /// A field by name, or nil.
    public subscript(field name: String) -> JSONValue? {
        fields[name]
    }
}
