import DeskgymCore
import DeskgymTaskModel
import Foundation

/// OSWorld's getters that take apart the active tab's address (`chrome.py`:
/// `get_active_tab_url_parse`, `get_url_dashPart`, `get_url_path_parse` =
/// `get_macys_product_url_parse`). Each starts from the address `active_url_from_accessTree`
/// gives (`goto_prefix` + the address as the address bar shows it) and gives null (None) when
/// there is no browser or tab.
extension GetterRunner {
    /// `active_tab_url_parse`: the query parameters `parse_keys` names, each the first value
    /// Python's `parse_qs` finds (`""` for a parameter that is absent or blank); `replace` renames
    /// keys (`{"old": "new"}`, the renamed ones last); `split_list` splits every value at commas.
    static func activeTabURLParse(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        guard let keys = spec[field: "parse_keys"]?.arrayValue else {
            throw StepProblem("getter 'active_tab_url_parse' needs 'parse_keys', a list of query parameter names")
        }
        guard let address = try await activeAddress(spec, context: context) else { return .json(.null) }
        return .json(
            try Self.urlQueryValues(
                address, keys: keys, replace: spec[field: "replace"],
                splitList: spec[field: "split_list"]?.pythonTruthy ?? false))
    }

    /// The values of ``activeTabURLParse(_:context:)`` for one address.
    static func urlQueryValues(_ address: String, keys: [JSONValue], replace: JSONValue?, splitList: Bool) throws -> JSONValue {
        let parameters = PythonURL.parseQS(PythonURL.parse(address).query)
        var extracted: [String: JSONValue] = [:]
        for key in keys {
            guard let name = key.stringValue else { throw StepProblem("'parse_keys' must hold strings, found \(key.typeName)") }
            extracted[name] = .string(parameters[name]?.first ?? "")
        }
        if let replace {
            guard let renames = replace.objectValue else { throw StepProblem("'replace' must be an object, found \(replace.typeName)") }
            for (old, new) in renames.sorted(by: { $0.key < $1.key }) {
                guard let value = extracted.removeValue(forKey: old) else {
                    throw StepProblem("'replace' names '\(old)', which is not in 'parse_keys' (OSWorld raises KeyError)")
                }
                guard let newName = new.stringValue else { throw StepProblem("'replace' must map names to strings") }
                extracted[newName] = value
            }
        }
        if splitList {
            extracted = extracted.mapValues { value in
                .array((value.stringValue ?? "").split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) })
            }
        }
        return .object(extracted)
    }

    /// `url_dashPart`: the part `partIndex` of the address split at `/` (Python's indexing, so
    /// `-2` is the second last); `needDeleteId` cuts it at `?`; `returnType` `string` gives the
    /// part, `json` gives `{key: part}`. An index past the end, or one that is no integer, gives
    /// null, as in OSWorld.
    static func urlDashPart(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        guard let address = try await activeAddress(spec, context: context) else { return .json(.null) }
        return try Self.dashPart(address, spec: spec)
    }

    /// The value of ``urlDashPart(_:context:)`` for one address.
    static func dashPart(_ address: String, spec: GetterSpec) throws -> GetterValue {
        guard let index = spec[field: "partIndex"].flatMap(\.pythonInt) else { return .json(.null) }
        let parts = address.components(separatedBy: "/")
        guard index < parts.count else { return .json(.null) }
        guard index >= -parts.count else {
            throw StepProblem("partIndex \(index) is out of range for \(parts.count) parts (OSWorld raises IndexError)")
        }
        var part = parts[index >= 0 ? index : parts.count + index]
        if spec[field: "needDeleteId"]?.pythonTruthy ?? false {
            part = part.components(separatedBy: "?")[0]
        }
        switch spec[field: "returnType"]?.stringValue {
        case "string": return .text(part)
        case "json": return .json(.object([try field(spec, "key"): .string(part)]))
        default: return .json(.null)
        }
    }

    /// `url_path_parse` (OSWorld's `get_macys_product_url_parse`): facts about the percent-decoded
    /// path of the address. `mens_clothing`, `shirts`, `short_sleeve`: true when the path holds
    /// `mens-clothing`, `shirts`, `short-sleeve` (or the filters say so), else null. The filters are
    /// the first two successive path segments that both hold commas: names, then values, paired in
    /// order; `Price_discount_range`'s value is split at `|`. Each name of `parse_keys` among the
    /// filters is given its value (null when empty); `Price_discount_range` gives
    /// `"50_PERCENT_ off & more"` when that alone of the 50/30/20 % choices is picked, else
    /// `"not_50_PERCENT_ off & more"`.
    static func urlPathParse(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        guard let keys = spec[field: "parse_keys"]?.arrayValue else {
            throw StepProblem("getter 'url_path_parse' needs 'parse_keys', a list of names")
        }
        guard let address = try await activeAddress(spec, context: context) else { return .json(.null) }
        return .json(try Self.productPathFacts(address, keys: keys))
    }

    /// The value of ``urlPathParse(_:context:)`` for one address.
    static func productPathFacts(_ address: String, keys: [JSONValue]) throws -> JSONValue {
        let path = PythonURL.unquote(PythonURL.parse(address).path)
        var result: [String: JSONValue] = ["mens_clothing": path.contains("mens-clothing") ? .bool(true) : .null]
        var filters: [String: JSONValue] = [:]
        var shirts = path.contains("shirts")
        var shortSleeve = path.contains("short-sleeve")
        let segments = PythonURL.strip(path, "/").components(separatedBy: "/")
        for index in segments.indices.dropLast() where segments[index].contains(",") && segments[index + 1].contains(",") {
            let names = segments[index].components(separatedBy: ",").map { PythonURL.strip($0) }
            let values = segments[index + 1].components(separatedBy: ",").map { PythonURL.strip($0) }
            for (name, value) in zip(names, values) {
                if name == "Price_discount_range" {
                    filters[name] =
                        value.isEmpty
                        ? .null
                        : .array(value.components(separatedBy: "|").map { .string(PythonURL.strip($0)) })
                } else {
                    filters[name] = value.isEmpty ? .null : .string(value)
                }
                if name == "Product_department", ["shirts", "Shirts", "Shirt"].contains(value) { shirts = true }
                if name == "Sleeve_length", ["short-sleeve", "Short Sleeve"].contains(value) { shortSleeve = true }
            }
            break
        }
        for name in ["Men_regular_size_t", "Price_discount_range"] where filters[name] == nil { filters[name] = .null }
        result["shirts"] = shirts ? .bool(true) : .null
        result["short_sleeve"] = shortSleeve ? .bool(true) : .null
        for key in keys {
            guard let name = key.stringValue else { throw StepProblem("'parse_keys' must hold strings, found \(key.typeName)") }
            guard let value = filters[name] else { continue }
            if name == "Price_discount_range" {
                let picked = value.arrayValue?.compactMap(\.stringValue) ?? []
                let onlyFifty =
                    picked.contains("50_PERCENT_ off & more") && !picked.contains("30_PERCENT_ off & more")
                    && !picked.contains("20_PERCENT_ off & more")
                result[name] = .string(onlyFifty ? "50_PERCENT_ off & more" : "not_50_PERCENT_ off & more")
            } else {
                result[name] = value
            }
        }
        return .object(result)
    }
}
