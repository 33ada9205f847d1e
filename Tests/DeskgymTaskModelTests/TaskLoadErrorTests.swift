import DeskgymCore
import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("Errors for malformed task files")
struct TaskLoadErrorTests {
    private func loadError(_ json: String, source: String = "tasks/os/x.json") -> TaskLoadError? {
        do {
            _ = try OSWorldTask.parse(data: Data(json.utf8), source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test("a wrong type at a nested path names the file, the JSON path, line and column, and both types")
    func wrongTypeNested() throws {
        let json = """
            {
              "id": "x",
              "instruction": "Do it",
              "evaluator": {
                "func": ["exact_match", "exact_match"],
                "result": [{"type": "vm_file"},
                           {"type": 3}],
                "expected": [{"type": "rule"}, {"type": "rule"}]
              }
            }
            """
        let error = try #require(loadError(json))
        #expect(error.kind == .wrongType)
        #expect(error.path?.description == "evaluator.result[1].type")
        #expect(error.message == "expected a string, found number")
        #expect(error.position == SourcePosition(line: 7, column: 25))
        #expect(error.description == "tasks/os/x.json:7:25: evaluator.result[1].type: expected a string, found number")
    }

    @Test("invalid JSON gives the line and column of the problem")
    func invalidJSON() throws {
        let json = """
            {
              "id": "x",
              "instruction": "Do it"
              "evaluator": {"func": "infeasible"}
            }
            """
        let error = try #require(loadError(json))
        #expect(error.kind == .invalidJSON)
        #expect(error.path == nil)
        #expect(error.position == SourcePosition(line: 4, column: 3))
        #expect(error.description == #"tasks/os/x.json:4:3: invalid JSON: expected ',' or '}' after an object member, found '"'"#)
    }

    @Test(
        "invalid JSON: trailing commas, Python words, unterminated strings, control characters, empty files",
        arguments: [
            (#"{"id": "x",}"#, "1:12", "trailing comma before '}' is not allowed"),
            (#"[1, 2,]"#, "1:7", "trailing comma before ']' is not allowed"),
            (#"{"proxy": True}"#, "1:11", "unknown word 'True' (JSON has only true, false and null)"),
            ("{\"id\": \"abc", "1:8", "unterminated string (no closing '\"')"),
            ("{\"id\": \"a\tb\"}", "1:10", "control character U+0009 inside a string (escape it, e.g. \\n or \\t)"),
            ("", "1:1", "empty document, expected a JSON value"),
            (#"{"a": 01}"#, "1:7", "numbers must not have leading zeros"),
            (#"{"a": "\q"}"#, "1:8", "invalid escape '\\q' in a string"),
            (#"{"a": 1} x"#, "1:10", "unexpected 'x' after the end of the JSON value"),
            ("{\n  \"a\": [1,\n", "3:1", "unexpected end of file, expected a value"),
        ])
    func invalidJSONVariants(json: String, place: String, message: String) throws {
        let error = try #require(loadError(json, source: "t.json"))
        #expect(error.kind == .invalidJSON)
        #expect(error.description == "t.json:\(place): invalid JSON: \(message)")
    }

    @Test("a func list and a result list of different lengths is an error naming both lengths")
    func mismatchedLengths() throws {
        let json = """
            {"id": "x", "instruction": "i", "evaluator": {
              "func": ["exact_match", "check_list"],
              "result": [{"type": "vm_file"}, {"type": "vm_file"}, {"type": "vm_file"}]}}
            """
        let error = try #require(loadError(json))
        #expect(error.kind == .lengthMismatch)
        #expect(error.path?.description == "evaluator.result")
        #expect(error.position == SourcePosition(line: 3, column: 13))
        #expect(error.message.hasPrefix("has 3 entries but evaluator.func has 2"))
    }

    @Test("options and expected lists are checked against func too")
    func mismatchedOptionsAndExpected() throws {
        let options = try #require(
            loadError(
                """
                {"id": "x", "instruction": "i", "evaluator": {"func": ["a", "b", "c"],
                 "result": [{"type": "r"}, {"type": "r"}, {"type": "r"}], "options": [{}]}}
                """))
        #expect(options.kind == .lengthMismatch)
        #expect(options.path?.description == "evaluator.options")
        #expect(options.message.hasPrefix("has 1 entry but evaluator.func has 3"))

        let expected = try #require(
            loadError(
                """
                {"id": "x", "instruction": "i", "evaluator": {"func": ["a", "b"],
                 "result": [{"type": "r"}, {"type": "r"}], "expected": [null, null, null, null]}}
                """))
        #expect(expected.kind == .lengthMismatch)
        #expect(expected.message.hasPrefix("has 4 entries but evaluator.func has 2"))
    }

    @Test("a missing id points at the object that lacks it")
    func missingID() throws {
        let error = try #require(loadError(#"{"instruction": "i", "evaluator": {"func": "infeasible"}}"#))
        #expect(error.kind == .missingField)
        #expect(error.path?.description == "id")
        #expect(error.position == SourcePosition(line: 1, column: 1))
        #expect(error.description == "tasks/os/x.json:1:1: id: missing required field (expected a string)")
    }

    @Test("missing instruction, evaluator, func and result getters are named")
    func missingFields() throws {
        let instruction = try #require(loadError(#"{"id": "x", "evaluator": {"func": "infeasible"}}"#))
        #expect(instruction.path?.description == "instruction")
        #expect(instruction.kind == .missingField)

        let evaluator = try #require(loadError(#"{"id": "x", "instruction": "i"}"#))
        #expect(evaluator.path?.description == "evaluator")
        #expect(evaluator.kind == .missingField)

        let function = try #require(loadError(#"{"id": "x", "instruction": "i", "evaluator": {"result": {"type": "vm_file"}}}"#))
        #expect(function.path?.description == "evaluator.func")
        #expect(function.position == SourcePosition(line: 1, column: 46))

        let result = try #require(loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": "exact_match"}}"#))
        #expect(result.path?.description == "evaluator.result")
        #expect(result.kind == .missingField)
        #expect(result.message.contains(#"metric "exact_match" needs"#))

        let listEntry = try #require(
            loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": ["infeasible", "exact_match"], "result": [null, {}]}}"#))
        #expect(listEntry.path?.description == "evaluator.result[1]")
    }

    @Test("shapes that do not match func, bad conj, empty names")
    func invalidShapes() throws {
        let listForSingle = try #require(
            loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": "exact_match", "result": [{"type": "vm_file"}]}}"#))
        #expect(listForSingle.kind == .wrongType)
        #expect(listForSingle.message == #"expected an object (a getter; "func" is a single name), found array"#)

        let objectForList = try #require(
            loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": ["a", "b"], "result": {"type": "vm_file"}}}"#))
        #expect(objectForList.message == #"expected an array of 2 getters, one per name in "func", found object"#)

        let conj = try #require(loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": "infeasible", "conj": "xor"}}"#))
        #expect(conj.kind == .invalidValue)
        #expect(conj.description == #"tasks/os/x.json:1:77: evaluator.conj: expected "and" or "or", found "xor""#)

        let emptyFunc = try #require(loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": []}}"#))
        #expect(emptyFunc.kind == .invalidValue)
        #expect(emptyFunc.path?.description == "evaluator.func")

        let funcNumber = try #require(loadError(#"{"id": "x", "instruction": "i", "evaluator": {"func": ["a", 2]}}"#))
        #expect(funcNumber.path?.description == "evaluator.func[1]")
        #expect(funcNumber.message == "expected a metric name (a string), found number")

        let emptyType = try #require(
            loadError(#"{"id": "x", "instruction": "i", "config": [{"type": " "}], "evaluator": {"func": "infeasible"}}"#))
        #expect(emptyType.path?.description == "config[0].type")
        #expect(emptyType.kind == .invalidValue)

        let parameters = try #require(
            loadError(
                #"{"id": "x", "instruction": "i", "config": [{"type": "sleep", "parameters": 3}], "evaluator": {"func": "infeasible"}}"#))
        #expect(parameters.path?.description == "config[0].parameters")
        #expect(parameters.message == "expected an object, found number")

        let proxy = try #require(loadError(#"{"id": "x", "instruction": "i", "proxy": "yes", "evaluator": {"func": "infeasible"}}"#))
        #expect(proxy.message == "expected a boolean (true or false), found string")

        let topLevel = try #require(loadError(#"[{"id": "x"}]"#))
        #expect(topLevel.description == "tasks/os/x.json:1:1: (top level): expected an object (a task), found array")
    }

    @Test("a file that does not exist or is a folder is named as given")
    func unreadable() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/deskgym/tasks/os/none.json")
        #expect(throws: TaskLoadError(file: missing.path, kind: .unreadable, message: "file not found")) {
            try OSWorldTask.load(from: missing)
        }
        let folder = FileManager.default.temporaryDirectory
        do {
            _ = try OSWorldTask.load(from: folder)
            Issue.record("loading a folder succeeded")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.message == "is a folder, not a task file")
        }
    }

    @Test("a file on disk loads, and its errors name it as the URL gives it")
    func fromDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-task-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.json")
        try Data(#"{"id": "g", "instruction": "i", "evaluator": {"func": "infeasible"}}"#.utf8).write(to: good)
        #expect(try OSWorldTask.load(from: good).id == "g")

        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"id": 7}"#.utf8).write(to: bad)
        let relative = URL(fileURLWithPath: "bad.json", relativeTo: folder)
        do {
            _ = try OSWorldTask.load(from: relative)
            Issue.record("a bad file loaded")
        } catch {
            #expect(error.description == "bad.json:1:8: id: expected a string, found number")
        }
    }

    @Test("a parsed JSON value loads too, without positions")
    func fromJSONValue() throws {
        let value = JSONValue.object([
            "id": .string("v"), "instruction": .string("i"),
            "evaluator": .object(["func": .number(1)]),
        ])
        do {
            _ = try OSWorldTask.parse(json: value, source: "mem")
            Issue.record("a bad value loaded")
        } catch {
            #expect(error.description == "mem: evaluator.func: expected a metric name or an array of metric names, found number")
        }
    }
}
