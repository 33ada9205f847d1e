/// A JSON value with where it was written, so that errors can point at a field.
///
/// Objects keep their members in order and with duplicates, which a dictionary would hide.
struct JSONValue {
    struct Member {
        var key: String
        var keyRange: Range<Int>
        var value: JSONValue
    }

    enum Kind {
        case object([Member])
        case array([JSONValue])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var kind: Kind
    var range: Range<Int>

    /// How the value is named in a message: its JSON type.
    var typeName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
