/// A literal argument of a pyautogui call, with where it was written.
struct PythonValue {
    enum Kind {
        case int(Int)
        case float(Double)
        case string(String)
        case bool(Bool)
        case none
        case tuple([PythonValue])
        case list([PythonValue])
        /// A dotted name such as `pyautogui.easeInQuad`, accepted only where pyautogui takes a
        /// function (the `tween` argument).
        case reference(module: String, name: String)
    }

    var kind: Kind
    var range: Range<Int>

    var isNone: Bool {
        if case .none = kind { true } else { false }
    }

    /// The elements of a tuple or list.
    var sequence: [PythonValue]? {
        switch kind {
        case .tuple(let items), .list(let items): items
        default: nil
        }
    }

    /// The number, for an int or a float (not a bool, although Python would take one: a model that
    /// writes `click(True, 5)` has made a mistake worth reporting).
    var number: Double? {
        switch kind {
        case .int(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }
}
