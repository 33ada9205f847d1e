import DeskgymCore
import DeskgymMetrics
import Foundation

extension JSONValue {
    /// Python's `int(value)` of an option: numbers truncated, booleans 0 or 1, strings of digits;
    /// nil where Python raises.
    var pythonInt: Int? {
        switch self {
        case .number(let number): number.isFinite ? Int(exactly: number.rounded(.towardZero)) : nil
        case .bool(let flag): flag ? 1 : 0
        case .string(let text): Metric.pythonInt(text)
        default: nil
        }
    }

    /// Python's truth of an option's value (`if config.get(...)`).
    var pythonTruth: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .number(let number): number != 0
        case .string(let text): !text.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let fields): !fields.isEmpty
        }
    }
}
