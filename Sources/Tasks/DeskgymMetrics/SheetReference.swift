import DeskgymCore

/// Which sheet a `compare_table` rule means: `0`/`"RI0"` the result's first sheet, `"RNSheet1"` the
/// result's sheet named Sheet1, `"EI0"` and `"ENSheet1"` the same in the expected workbook.
/// Negative indices count from the end, as in Python.
enum SheetReference: Sendable, Hashable {
    case resultIndex(Int)
    case resultName(String)
    case expectedIndex(Int)
    case expectedName(String)

    init?(_ json: JSONValue) {
        if case .number = json {
            guard let index = json.intValue else { return nil }
            self = .resultIndex(index)
            return
        }
        guard let text = json.stringValue, text.count >= 2 else { return nil }
        let rest = String(text.dropFirst(2))
        switch text.prefix(2) {
        case "RN": self = .resultName(rest)
        case "EN": self = .expectedName(rest)
        case "RI", "EI":
            guard let index = Metric.pythonInt(.string(rest)) else { return nil }
            self = text.hasPrefix("RI") ? .resultIndex(index) : .expectedIndex(index)
        default: return nil
        }
    }

    var inExpected: Bool {
        switch self {
        case .expectedIndex, .expectedName: true
        default: false
        }
    }
}
