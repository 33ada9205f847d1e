import DeskgymCore
import Foundation
import NIOCore

/// A JSON object from a request, read field by field so that every refusal names the field, what
/// it should be and what it was.
struct RequestBody: Sendable {
    /// The members of the object.
    let members: [String: JSONValue]
    /// Where the object sits, for messages: `request body`, `steps[2]`.
    let place: String

    /// How deeply arrays and objects may nest in a request body. Decoding and every use of a
    /// ``JSONValue`` recurse once a level, so a client must not choose the depth; real bodies nest a
    /// few levels (an action's parameters in a step's list, an inline task's options).
    static let maximumNestingDepth = 64

    /// Reads a request body that must be one JSON object with only `allowed` members. An empty
    /// body counts as `{}` (for routes whose fields are all optional).
    static func parse(_ buffer: ByteBuffer, allowed: [String]) throws(APIError) -> RequestBody {
        let data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return RequestBody(members: [:], place: "request body")
        }
        if let offset = Self.offsetBeyondNesting(data) {
            throw .badRequest(
                "the request body nests arrays and objects deeper than \(Self.maximumNestingDepth) "
                    + "levels (at byte \(offset))")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw .badRequest("the request body is not valid JSON: \(Self.describe(error))")
        } catch {
            throw .badRequest("the request body is not valid JSON: \(error)")
        }
        return try RequestBody(value, place: "request body", allowed: allowed)
    }

    /// Reads `value` as an object with only `allowed` members.
    init(_ value: JSONValue, place: String, allowed: [String]) throws(APIError) {
        guard case .object(let members) = value else {
            throw .badRequest("the \(place) must be a JSON object, got \(value.typeName)")
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            var message = "unknown field '\(key.excerpt)' in the \(place)"
            if key.isSuggestible, let near = allowed.min(by: { key.editDistance(to: $0) < key.editDistance(to: $1) }),
                key.editDistance(to: near) <= max(2, key.count / 3)
            {
                message += " (did you mean '\(near)'?)"
            }
            message += "; known fields: " + allowed.map { "'\($0)'" }.joined(separator: ", ")
            throw .badRequest(message)
        }
        self.init(members: members, place: place)
    }

    private init(members: [String: JSONValue], place: String) {
        self.members = members
        self.place = place
    }

    /// A member, nil when absent or null.
    subscript(key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// A string member, nil when absent.
    func string(_ key: String) throws(APIError) -> String? {
        guard let value = self[key] else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    /// A number member within `range`, nil when absent.
    func number(_ key: String, in range: ClosedRange<Double>) throws(APIError) -> Double? {
        guard let value = self[key] else { return nil }
        guard case .number(let number) = value else { throw wrongType(key, "a number", value) }
        guard range.contains(number) else {
            throw .badRequest(
                "field '\(key)' in the \(place) must be between \(Self.format(range.lowerBound)) and "
                    + "\(Self.format(range.upperBound)), got \(Self.format(number))")
        }
        return number
    }

    /// An object member `{"width": W, "height": H}` of whole pixels, each side in `range`; nil when
    /// absent.
    func size(_ key: String, in range: ClosedRange<Double>) throws(APIError) -> Size? {
        guard let value = self[key] else { return nil }
        let size = try RequestBody(value, place: "field '\(key)'", allowed: ["width", "height"])
        for side in ["width", "height"] where size[side] == nil {
            throw APIError.badRequest("field '\(key)' needs '\(side)'")
        }
        let width = try size.number("width", in: range)!, height = try size.number("height", in: range)!
        guard width.rounded() == width, height.rounded() == height else {
            throw APIError.badRequest("field '\(key)': width and height must be whole pixels, got \(width)x\(height)")
        }
        return Size(width: Int(width), height: Int(height))
    }

    /// A string member that must be one of `choices`, nil when absent.
    func choice(_ key: String, among choices: [String]) throws(APIError) -> String? {
        guard let text = try string(key) else { return nil }
        guard choices.contains(text) else {
            throw .badRequest(
                "field '\(key)' in the \(place) must be one of "
                    + choices.map { "\"\($0)\"" }.joined(separator: ", ") + ", got \"\(text.excerpt)\"")
        }
        return text
    }

    func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> APIError {
        .badRequest("field '\(key)' in the \(place) must be \(expected), got \(value.typeName) \(Self.snippet(value))")
    }

    /// A short rendering of a value for messages.
    static func snippet(_ value: JSONValue) -> String {
        let text = value.description
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? "\(Int64(number))" : "\(number)"
    }

    /// The offset of the first bracket nested deeper than ``maximumNestingDepth`` in `data`, or nil.
    /// Brackets inside strings do not count; whether the JSON is valid is the decoder's business.
    static func offsetBeyondNesting(_ data: Data) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for (offset, byte) in data.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNestingDepth { return offset }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return nil
    }

    /// A decoding error in one line: the path and the problem.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return context.debugDescription + underlying
        default:
            return "\(error)"
        }
    }
}
