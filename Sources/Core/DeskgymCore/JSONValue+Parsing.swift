import Foundation

extension JSONValue {
    /// Reads a JSON document strictly (RFC 8259) with this module's own reader, whose errors give
    /// the line and column: `line 3, column 7: expected ',' or '}' after an object member, found '"'`.
    ///
    /// Unlike `JSONDecoder`, `true` and `1` stay apart (`.bool` and `.number`), a UTF-8 byte
    /// order mark is skipped, and duplicate keys keep the last value, as Python's `json` does.
    public init(parsingJSON data: Data) throws(JSONSyntaxError) {
        self = try JSONReader.parse([UInt8](data))
    }

    /// Reads a JSON document from text; see ``init(parsingJSON:)-(Data)``.
    public init(parsingJSON text: String) throws(JSONSyntaxError) {
        self = try JSONReader.parse(Array(text.utf8))
    }
}

extension JSONValue {
    /// `value` as JSON, through its `Encodable` layout; `.null` if it cannot be encoded (a
    /// non-finite number), which the layouts this is used for never hold.
    public init(encoding value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let parsed = try? JSONValue(parsingJSON: data) else {
            self = .null
            return
        }
        self = parsed
    }
}
