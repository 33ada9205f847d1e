import Foundation

/// Any JSON value, as OSWorld task files hold them in free-form fields (`options`, `expected`,
/// setup `parameters`, …).
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer literal too large for ``number`` to hold exactly (magnitude above 2^53), kept as
    /// its decimal digits (an optional "-", no leading zeros). Python's `json` gives such numbers
    /// as exact `int`s, and OSWorld's metrics compare them exactly; only ``JSONReader`` makes
    /// them (`Decodable` goes through `Double` and rounds).
    case bigInteger(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .bigInteger(let digits):
            // Decimal encodes as a bare number with up to 38 significant digits; beyond that it
            // rounds, which no layout that is encoded here holds.
            if let exact = Int64(digits) {
                try container.encode(exact)
            } else if let decimal = Decimal(string: digits) {
                try container.encode(decimal)
            } else {
                throw EncodingError.invalidValue(
                    digits, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: "\(digits) is not an integer"))
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The string, if this is one.
    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    /// The number, if this is one (a ``bigInteger`` rounded to the nearest `Double`).
    public var numberValue: Double? {
        switch self {
        case .number(let value): value
        case .bigInteger(let digits): Double(digits)
        default: nil
        }
    }
    /// The number as an integer, if this is a whole number that `Int` holds.
    public var intValue: Int? {
        if case .bigInteger(let digits) = self { return Int(digits) }
        return numberValue.flatMap { $0.rounded() == $0 ? Int(exactly: $0) : nil }
    }
    /// The Boolean, if this is one.
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    /// A member of an object, or nil.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The JSON type name, for error messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number, .bigInteger: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "\(typeName)"
    }
}
