/// A field OSWorld lets a task write either as one value or as a list: `"func": "exact_match"` or
/// `"func": ["exact_match", "check_list"]`. The shape is kept because it matters to the evaluator:
/// a single metric and a list of one metric are scored the same, but only lists use `conj`.
public enum OneOrMany<Element: Sendable & Hashable>: Sendable, Hashable {
    /// Written as a single value.
    case one(Element)
    /// Written as a list.
    case many([Element])

    /// The values in order: one element for `.one`.
    public var elements: [Element] {
        switch self {
        case .one(let element): [element]
        case .many(let elements): elements
        }
    }

    /// Whether the field was written as a list.
    public var isList: Bool {
        if case .many = self { true } else { false }
    }

    /// How many values there are.
    public var count: Int { elements.count }
}
