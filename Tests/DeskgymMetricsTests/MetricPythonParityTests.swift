import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// Points where Deskgym's metrics once disagreed with OSWorld's Python: YAML read as PyYAML's
/// `safe_load`, `str.lower()`'s final sigma, openpyxl's millisecond date-times, `json.loads`
/// (duplicate keys, exact big integers, NaN) and the byte-order mark OSWorld's CSV reader keeps.
/// Where OSWorld's own function runs here without its heavy libraries (check_json, compare_csv),
/// the test runs it on the same files too (`OSWorldMetricsPython`); compare_table needs openpyxl
/// and pandas, so its expected values are written down, each checked once against openpyxl 3.1.5.
@Suite("Metrics agree with OSWorld's Python")
struct MetricPythonParityTests {
    /// The score of `check_json` here, and OSWorld's on the same file when its Python is installed.
    func checkJSON(_ file: URL, _ rules: String, yaml: Bool) throws -> (deskgym: Double, osworld: Double?) {
        // The rules go through Deskgym's exact reader, as a task file does: a big integer in a
        // `ref` stays exact.
        let parsed = try JSONValue(parsingJSON: rules)
        let options: [String: JSONValue] = yaml ? ["is_yaml": .bool(true)] : [:]
        let deskgym = try MetricFixture.score("check_json", .file(file), .json(parsed), options: options)
        let osworld = try OSWorldMetricsPython.call(
            "general", "check_json", arguments: #"{"args": [\#(JSONValue.string(file.path)), \#(rules)], "kwargs": {"is_yaml": \#(yaml)}}"#)
        return (deskgym, osworld)
    }

    /// The score of `compare_csv` here, and OSWorld's on the same files when its Python is installed.
    func compareCSV(_ result: [UInt8], _ expected: [UInt8], options: String = "{}") throws -> (deskgym: Double, osworld: Double?) {
        let folder = MetricFixture.directory()
        let resultFile = MetricFixture.bytes("result.csv", result, in: folder)
        let expectedFile = MetricFixture.bytes("expected.csv", expected, in: folder)
        let deskgym = try MetricFixture.score(
            "compare_csv", .file(resultFile), .file(expectedFile), options: MetricFixture.options(options))
        let osworld = try OSWorldMetricsPython.call(
            "table", "compare_csv",
            arguments: #"{"args": [\#(JSONValue.string(resultFile.path)), \#(JSONValue.string(expectedFile.path))], "kwargs": \#(options)}"#
        )
        return (deskgym, osworld)
    }

    // MARK: - 4. JSON as json.loads reads it

    // A duplicate key keeps its last value; an integer beyond 2^53 stays exact; NaN is a number.
    @Test func jsonLikePython() throws {
        let duplicate = MetricFixture.file("duplicate.json", #"{"mode": "first", "mode": "last"}"#)
        let last = try checkJSON(duplicate, #"{"expect": [{"key": ["mode"], "method": "eq", "ref": "last"}]}"#, yaml: false)
        #expect(last.deskgym == 1)
        #expect(last.osworld ?? 1 == 1)

        let big = MetricFixture.file("big.json", #"{"id": 9007199254740993, "nan": NaN}"#)
        let rounded = try checkJSON(big, #"{"expect": [{"key": ["id"], "method": "eq", "ref": 9007199254740992}]}"#, yaml: false)
        #expect(rounded.deskgym == 0)
        #expect(rounded.osworld ?? 0 == 0)
        let exact = try checkJSON(
            big,
            #"{"expect": [{"key": ["id"], "method": "eq", "ref": 9007199254740993}, {"key": ["id"], "method": "gt", "ref": 9007199254740992.0}, {"key": ["nan"], "method": "ne", "ref": 1}]}"#,
            yaml: false)
        #expect(exact.deskgym == 1)
        #expect(exact.osworld ?? 1 == 1)

        // A byte-order mark reaches Python's json, which refuses it.
        let marked = MetricFixture.bytes("marked.json", [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))
        let refused = try checkJSON(marked, #"{"expect": [{"key": ["a"], "method": "eq", "ref": 1}]}"#, yaml: false)
        #expect(refused.deskgym == 0)
        #expect(refused.osworld ?? 0 == 0)

        // Exact comparison of big integers with each other and with floats.
        let a = JSONValue.bigInteger("9007199254740993")
        #expect(!a.pythonEquals(.number(9_007_199_254_740_992)))
        #expect(a.pythonEquals(.bigInteger("9007199254740993")))
        #expect(try a.pythonCompare(.number(9_007_199_254_740_992)) == 1)
        #expect(try a.pythonCompare(.number(1e300)) == -1)
        #expect(try JSONValue.bigInteger("-18446744073709551616").pythonCompare(.number(-18_446_744_073_709_551_616)) == 0)
        #expect(a.pythonRepr == "9007199254740993")
        // Nesting is limited, so a hostile file cannot exhaust the stack.
        #expect(Metric.parseJSON(String(repeating: "[", count: 100_000)) == nil)
    }
}
