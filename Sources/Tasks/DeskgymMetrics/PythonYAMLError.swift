import Yams

/// Why `PythonYAML.safeLoad` refused a document, where PyYAML raises (a `YAMLError` or a
/// constructor's `ValueError`): `check_json` scores 0 with this as the reason.
struct PythonYAMLError: Error, Sendable, CustomStringConvertible {
    var message: String
    /// 1-based line and column of the node at fault, when known.
    var line: Int?
    var column: Int?

    init(_ message: String, _ node: Node? = nil) {
        self.message = message
        if let mark = node?.mark {
            line = mark.line
            column = mark.column
        }
    }

    var description: String {
        guard let line, let column else { return message }
        return "line \(line), column \(column): \(message)"
    }
}
