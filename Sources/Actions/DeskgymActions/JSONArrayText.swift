/// How the JSON grammars write several objects: one a line inside the brackets, or a single object
/// on one line, so that a formatted answer reads like the ones models write.
enum JSONArrayText {
    /// `objects` (each already JSON text) as one JSON array.
    static func array(_ objects: [String]) -> String {
        switch objects.count {
        case 0: "[]"
        case 1: "[" + objects[0] + "]"
        default: "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]"
        }
    }
}
