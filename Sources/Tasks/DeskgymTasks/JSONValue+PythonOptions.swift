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
}
