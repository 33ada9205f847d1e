import DeskgymCore
import Foundation
import Testing

@Suite("The JSON reader with line and column")
struct JSONReaderTests {
    @Test("booleans stay booleans and numbers stay numbers")
    func booleansAndNumbers() throws {
        let value = try JSONValue(parsingJSON: #"{"t": true, "one": 1, "f": false, "zero": 0, "n": null, "x": -1.5e2}"#)
        #expect(value["t"] == .bool(true))
        #expect(value["one"] == .number(1))
        #expect(value["f"] == .bool(false))
        #expect(value["zero"] == .number(0))
        #expect(value["n"] == .null)
        #expect(value["x"] == .number(-150))
    }

    @Test("escapes, surrogate pairs, a lone surrogate, and non-ASCII text")
    func strings() throws {
        let value = try JSONValue(parsingJSON: #"["a\"b\\c\/d\n\t", "\u00e9\ud83d\ude00", "\ud800x", "café 中文"]"#)
        #expect(value == .array([.string("a\"b\\c/d\n\t"), .string("é😀"), .string("\u{FFFD}x"), .string("café 中文")]))
    }

    @Test("columns count code points, so non-ASCII text before an error counts once per character")
    func columnsInCodePoints() throws {
        do {
            _ = try JSONValue(parsingJSON: "{\"é中😀\": 1 2}")
            Issue.record("invalid JSON parsed")
        } catch {
            #expect(error.position == SourcePosition(line: 1, column: 11))
            #expect(error.message == "expected ',' or '}' after an object member, found '2'")
        }
    }

    @Test("integers beyond 2^53 keep their digits; 2^53 itself and floats stay numbers")
    func bigIntegers() throws {
        let value = try JSONValue(parsingJSON: "[9007199254740992, 9007199254740993, -12345678901234567890123, 1e400, 9007199254740993.0]")
        #expect(
            value
                == .array([
                    .number(9_007_199_254_740_992), .bigInteger("9007199254740993"), .bigInteger("-12345678901234567890123"),
                    .number(.infinity), .number(9_007_199_254_740_992),
                ]))
        #expect(JSONValue.bigInteger("9007199254740993").intValue == 9_007_199_254_740_993)
        #expect(JSONValue.bigInteger("9007199254740993").description == "9007199254740993")
        #expect(JSONValue.bigInteger("-12345678901234567890123").typeName == "number")
    }

    @Test("likePython reads NaN and Infinity and refuses a byte order mark, as json.loads does")
    func likePython() throws {
        let value = try JSONReader.parse(Array(#"[NaN, Infinity, -Infinity]"#.utf8), likePython: true)
        #expect(value.arrayValue?[0].numberValue?.isNaN == true)
        #expect(value.arrayValue?[1] == .number(.infinity))
        #expect(value.arrayValue?[2] == .number(-.infinity))
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(Array("NaN".utf8)) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse([0xEF, 0xBB, 0xBF] + Array("1".utf8), likePython: true) }
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(Array(String(repeating: "[", count: 10_000).utf8), likePython: true) }
    }

    @Test("duplicate keys keep the last value; a byte order mark is skipped")
    func duplicatesAndBOM() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1, "a": 2}"#.utf8))
        #expect(try JSONValue(parsingJSON: data) == .object(["a": .number(2)]))
    }

    @Test("nesting deeper than the limit is refused, not a crash")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsingJSON: deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue(parsingJSON: fine) }
    }

    @Test("invalid UTF-8 in a string is an error at the string")
    func invalidUTF8() throws {
        let data = Data(Array(#"{"a": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8))
        do {
            _ = try JSONValue(parsingJSON: data)
            Issue.record("invalid UTF-8 parsed")
        } catch {
            #expect(error.message == "string is not valid UTF-8")
            #expect(error.offset == 6)
        }
    }

    @Test("the reader finds where a path's value starts")
    func locatesPaths() throws {
        let text = "{\n  \"a\": [1,\n    {\"b\": \"x\"}]\n}"
        let bytes = Array(text.utf8)
        let offset = try #require(JSONReader.offset(of: JSONPath([.key("a"), .index(1), .key("b")]), in: bytes))
        #expect(SourcePosition(offset: offset, in: bytes) == SourcePosition(line: 3, column: 11))
        #expect(JSONReader.offset(of: JSONPath([.key("nope")]), in: bytes) == nil)
        #expect(JSONReader.offset(of: .root, in: bytes) == 0)
    }

    @Test("paths print as dotted names with indexes; odd keys are quoted")
    func pathDescriptions() {
        #expect(JSONPath([.key("evaluator"), .key("result"), .index(1), .key("type")]).description == "evaluator.result[1].type")
        #expect(JSONPath([.key("files"), .key("a b")]).description == #"files["a b"]"#)
        #expect(JSONPath.root.description == "(top level)")
        #expect(JSONPath([.key("config"), .index(2)]).parent == JSONPath([.key("config")]))
    }
}
