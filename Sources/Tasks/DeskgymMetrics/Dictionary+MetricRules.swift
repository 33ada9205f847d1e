import DeskgymCore

extension [String: JSONValue] {
    /// A member the metric cannot do without (OSWorld would raise `KeyError`).
    func required(_ key: String, metric: String, in place: String = "rules") throws(MetricError) -> JSONValue {
        guard let value = self[key] else {
            throw MetricError(.malformedOptions, metric: metric, "\(place).\(key) is missing")
        }
        return value
    }

    /// A list member, empty when absent.
    func list(_ key: String, metric: String, in place: String = "rules") throws(MetricError) -> [JSONValue] {
        guard let value = self[key], value != .null else { return [] }
        guard case .array(let items) = value else {
            throw MetricError(.malformedOptions, metric: metric, "\(place).\(key) must be a list, not \(value.typeName)")
        }
        return items
    }

    /// A list of strings, empty when absent.
    func strings(_ key: String, metric: String, in place: String = "rules") throws(MetricError) -> [String] {
        var strings: [String] = []
        for (index, item) in try list(key, metric: metric, in: place).enumerated() {
            guard case .string(let string) = item else {
                throw MetricError(.malformedOptions, metric: metric, "\(place).\(key)[\(index)] must be a string, not \(item.typeName)")
            }
            strings.append(string)
        }
        return strings
    }
}
