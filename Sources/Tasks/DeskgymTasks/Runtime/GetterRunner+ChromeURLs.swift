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
        return .json(try Self.urlQueryValues(address, keys: keys, replace: spec[field: "replace"],
                                             splitList: spec[field: "split_list"]?.pythonTruth ?? false))
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
        if spec[field: "needDeleteId"]?.pythonTruth ?? false {
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
                    filters[name] = value.isEmpty ? .null
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
                let onlyFifty = picked.contains("50_PERCENT_ off & more") && !picked.contains("30_PERCENT_ off & more")
                    && !picked.contains("20_PERCENT_ off & more")
                result[name] = .string(onlyFifty ? "50_PERCENT_ off & more" : "not_50_PERCENT_ off & more")
            } else {
                result[name] = value
            }
        }
        return .object(result)
    }
}

extension JSONValue {
    /// Python's `int(value)` of an option: numbers truncated, booleans 0 or 1, strings of digits;
    /// nil where Python raises.
    var pythonInt: Int? {
        switch self {
        case .number(let number): number.isFinite ? Int(exactly: number.rounded(.towardZero)) : nil
        case .bool(let flag): flag ? 1 : 0
        case .string(let text): Int(PythonURL.strip(text).replacingOccurrences(of: "_", with: ""))
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

/// Python's `urllib.parse` as OSWorld's getters use it: `urlparse`, `parse_qs`, `unquote`.
enum PythonURL {
    /// The parts of `urlparse(url)` (Python 3.12).
    struct Parts: Equatable {
        var scheme = "", netloc = "", path = "", params = "", query = "", fragment = ""
    }

    /// The schemes whose last path segment `urlparse` splits at `;` into `params`.
    static let schemesWithParams: Set<String> = ["", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps",
                                                 "rtspu", "sip", "sips", "mms", "sftp", "tel"]

    static func parse(_ url: String) -> Parts {
        var rest = Substring(String(String.UnicodeScalarView(url.unicodeScalars.filter { !["\t", "\r", "\n"].contains($0) })))
        while let first = rest.unicodeScalars.first, first.value <= 0x20 { rest = rest.dropFirst() }
        var parts = Parts()
        if let colon = rest.firstIndex(of: ":"), colon > rest.startIndex {
            let scheme = rest[..<colon]
            let letters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            let allowed = letters.union(CharacterSet(charactersIn: "0123456789+-."))
            if let first = scheme.unicodeScalars.first, letters.contains(first), scheme.unicodeScalars.allSatisfy(allowed.contains) {
                parts.scheme = scheme.lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex { "/?#".contains($0) } ?? afterSlashes.endIndex
            parts.netloc = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        var path = String(rest)
        if schemesWithParams.contains(parts.scheme), path.contains(";") {
            let lastSegment = path.lastIndex(of: "/").map { path[$0...] } ?? path[...]
            if let cut = lastSegment.firstIndex(of: ";") {
                parts.params = String(path[path.index(after: cut)...])
                path = String(path[..<cut])
            }
        }
        parts.path = path
        return parts
    }

    /// `parse_qs(query)`: `&`-separated `name=value` pairs, `+` as space, percent-decoded; pairs
    /// without `=` or with an empty value are left out; each name's values in order.
    static func parseQS(_ query: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in query.components(separatedBy: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let value = pair[pair.index(after: equals)...]
            guard !value.isEmpty else { continue }
            let name = unquote(pair[..<equals].replacingOccurrences(of: "+", with: " "))
            values[name, default: []].append(unquote(value.replacingOccurrences(of: "+", with: " ")))
        }
        return values
    }

    /// `unquote(text)`: `%XX` escapes decoded as UTF-8 (invalid bytes become U+FFFD), malformed
    /// escapes and non-ASCII characters kept as they are.
    static func unquote(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var output = ""
        var asciiRun: [UInt8] = []
        func flush() {
            guard !asciiRun.isEmpty else { return }
            var bytes: [UInt8] = []
            var index = 0
            while index < asciiRun.count {
                if asciiRun[index] == UInt8(ascii: "%"), index + 2 < asciiRun.count,
                   let high = hexValue(asciiRun[index + 1]), let low = hexValue(asciiRun[index + 2]) {
                    bytes.append(high << 4 | low)
                    index += 3
                } else {
                    bytes.append(asciiRun[index])
                    index += 1
                }
            }
            output += String(decoding: bytes, as: UTF8.self)
            asciiRun = []
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                asciiRun.append(UInt8(scalar.value))
            } else {
                flush()
                output.unicodeScalars.append(scalar)
            }
        }
        flush()
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Python's `str.strip()` (white space) or `str.strip(characters)`.
    static func strip(_ text: String, _ characters: String? = nil) -> String {
        let set = characters.map { CharacterSet(charactersIn: $0) } ?? .whitespacesAndNewlines
        return text.trimmingCharacters(in: set)
    }
}
