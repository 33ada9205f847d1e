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

    // MARK: - 1. check_json with is_yaml: PyYAML's safe_load

    static let yaml = """
        enabled: yes
        disabled: Off
        on: true
        mode: 0755
        hex: 0x1F
        sexagesimal: 1:30
        plain_exponent: 1e3
        dotted_exponent: 1.0e3
        signed_exponent: 1.0e+3
        nothing: ~
        empty:
        day: 2024-01-15
        stamp: 2024-01-15 10:30:00.5Z
        quoted: "yes"
        big: 12345678901234567890
        base: &base {x: 1, y: 2}
        merged:
          <<: *base
          y: 3

        """

    // YAML 1.1 as PyYAML resolves it, value by value.
    @Test func yamlLoadsAsSafeLoad() throws {
        let data = try PythonYAML.safeLoad(Self.yaml)
        #expect(data["enabled"] == .bool(true))
        #expect(data["disabled"] == .bool(false))
        // `on` is the key True to PyYAML: no string path reaches it, so it is left out.
        #expect(data["on"] == nil)
        #expect(data["mode"] == .number(493))
        #expect(data["hex"] == .number(31))
        #expect(data["sexagesimal"] == .number(90))
        // YAML 1.1's float needs a dot, and a signed exponent.
        #expect(data["plain_exponent"] == .string("1e3"))
        #expect(data["dotted_exponent"] == .string("1.0e3"))
        #expect(data["signed_exponent"] == .number(1000))
        #expect(data["nothing"] == .null)
        #expect(data["empty"] == .null)
        #expect(data["day"] == .object(["$python_datetime": .string("2024-01-15")]))
        #expect(data["stamp"] == .object(["$python_datetime": .string("2024-01-15 10:30:00.500000+00:00")]))
        #expect(data["quoted"] == .string("yes"))
        #expect(data["big"] == .bigInteger("12345678901234567890"))
        #expect(data["merged"] == .object(["x": .number(1), "y": .number(3)]))
        #expect(
            try PythonYAML.safeLoad("a: -.inf\nb: 190:20:30.15\nc: 0b1010\nd: 0o17\ne: 1.\n")
                == .object(["a": .number(-.infinity), "b": .number(685_230.15), "c": .number(10), "d": .string("0o17"), "e": .number(1)]))
    }

    // The same documents through PyYAML itself (installed for /usr/bin/python3 beside OSWorld).
    @Test func yamlMatchesPyYAML() throws {
        let extra = """
            a: !!str 0755
            b: !!int '12'
            c: !!float '1'
            d: 1.
            e: .5
            f: -.inf
            g: 190:20:30.15
            h: 0b1010
            i: +12
            j: 0o17
            k: 1_000
            t: 2024-1-5 1:02:03 -05:30
            yes: 1
            l: [1, [2, {m: n}], 0x_10]
            huge: 0x1_0000_0000_0000_0000_0000
            omap: !!omap [a: 1, b: 2]

            """
        for text in [Self.yaml, extra] {
            let deskgym = try PythonYAML.safeLoad(text)
            guard let printed = try OSWorldMetricsPython.pyyamlSafeLoad(text) else { continue }
            let pyyaml = try #require(Metric.parseJSON(printed))
            #expect(deskgym.pythonEquals(pyyaml), "Deskgym \(deskgym.pythonRepr) vs PyYAML \(pyyaml.pythonRepr)")
        }
    }

    // What PyYAML's safe loader refuses: `=` (no constructor), unknown tags, two documents,
    // a day that does not exist.
    @Test func yamlRefusals() throws {
        for text in ["a: =\n", "a: !custom x\n", "a: 1\n---\nb: 2\n", "a: 2024-02-30\n", "a: [\n"] {
            #expect(throws: PythonYAMLError.self, "\(text.pythonRepr)") { try PythonYAML.safeLoad(text) }
        }
        #expect(try PythonYAML.safeLoad("") == .null)
        // The one known difference: Yams refuses a repeated key, where PyYAML keeps the last
        // value (check_json then scores 0 here, as it may in OSWorld only if the rules fail).
        #expect(throws: PythonYAMLError.self) { try PythonYAML.safeLoad("a: 1\na: 2\n") }
        #expect(
            try PythonYAML.safeLoad("a: !!str 0755\nb: !!int '12'\nc: !!float '1'\n")
                == .object(["a": .string("0755"), "b": .number(12), "c": .number(1)]))
    }

    // check_json on the YAML file: rules that hold in PyYAML's reading score 1 here and in
    // OSWorld, one that holds only in YAML 1.2's reading scores 0 in both.
    @Test func checkJSONYAML() throws {
        let file = MetricFixture.file("config.yml", Self.yaml)
        let holds = """
            {"expect": [
              {"key": ["enabled"], "method": "eq", "ref": true},
              {"key": ["disabled"], "method": "eq", "ref": false},
              {"key": ["mode"], "method": "eq", "ref": 493},
              {"key": ["hex"], "method": "eq", "ref": 31},
              {"key": ["sexagesimal"], "method": "eq", "ref": 90},
              {"key": ["plain_exponent"], "method": "eq", "ref": "1e3"},
              {"key": ["signed_exponent"], "method": "eq", "ref": 1000},
              {"key": ["nothing"], "method": "eq", "ref": null},
              {"key": ["quoted"], "method": "eq", "ref": "yes"},
              {"key": ["big"], "method": "eq", "ref": 12345678901234567890},
              {"key": ["merged", "x"], "method": "eq", "ref": 1},
              {"key": ["merged", "y"], "method": "eq", "ref": 3}
            ], "unexpect": [
              {"key": ["on"], "method": "eq", "ref": true},
              {"key": ["day"], "method": "eq", "ref": "2024-01-15"},
              {"key": ["big"], "method": "eq", "ref": 12345678901234567891}
            ]}
            """
        let passing = try checkJSON(file, holds, yaml: true)
        #expect(passing.deskgym == 1)
        #expect(passing.osworld ?? 1 == 1)
        let failing = try checkJSON(file, #"{"expect": [{"key": ["plain_exponent"], "method": "eq", "ref": 1000}]}"#, yaml: true)
        #expect(failing.deskgym == 0)
        #expect(failing.osworld ?? 0 == 0)
        // Without a decoder the evaluator cannot read YAML: 0 with the reason.
        let outcome = try Metric.evaluate(
            name: "check_json", result: .file(file), expected: .json(try JSONValue(parsingJSON: holds)),
            options: ["is_yaml": .bool(true)], context: MetricContext(yamlDecoder: nil))
        #expect(outcome.score == 0)
        #expect(outcome.reason?.contains("no YAML decoder") == true)
    }

    // MARK: - 2. str.lower(): the final sigma

    // Python lowers a word-final capital sigma to ς; inside a word, or after case-ignorable
    // characters followed by a letter, to σ (values printed by Python 3.11).
    @Test func pythonLowerFinalSigma() {
        #expect("ΟΔΟΣ".pythonLower() == "οδος")
        #expect("Σ".pythonLower() == "σ")
        #expect("ΣΑ".pythonLower() == "σα")
        #expect("AΣ.B".pythonLower() == "aσ.b")
        #expect("ΑΣ'".pythonLower() == "ας'")
        #expect("ΟΔΟΣ ΟΔΟΣ".pythonLower() == "οδος οδος")
        #expect("İ".pythonLower() == "i\u{307}")
    }

    // compare_csv with ignore_case: OSWorld's lower() makes the final sigma ς.
    @Test func ignoreCaseFinalSigma() throws {
        let upper = Array("ΟΔΟΣ,1\n".utf8)
        let final = try compareCSV(upper, Array("οδος,1\n".utf8), options: #"{"ignore_case": true}"#)
        #expect(final.deskgym == 1)
        #expect(final.osworld ?? 1 == 1)
        let medial = try compareCSV(upper, Array("οδοσ,1\n".utf8), options: #"{"ignore_case": true}"#)
        #expect(medial.deskgym == 0)
        #expect(medial.osworld ?? 0 == 0)
    }

    // MARK: - 3. compare_table: date-times rounded to the millisecond

    // openpyxl's from_excel rounds a serial's time to the millisecond: 45360.52083333334 (openpyxl)
    // and 45360.5208333333 (LibreOffice) are both 2024-03-09 12:30:00; one second later is not.
    @Test func dateTimesRoundToMilliseconds() throws {
        #expect(ExcelDateTime(serial: 45360.52083333334) == ExcelDateTime(serial: 45360.5208333333))
        #expect(ExcelDateTime(serial: 45360.52083333334)?.pythonString == "2024-03-09 12:30:00")
        #expect(ExcelDateTime(serial: 45360.5208449074) != ExcelDateTime(serial: 45360.5208333333))
        // A serial below 1 is a time of day to openpyxl, unless it rounds up to a whole day.
        #expect(ExcelDateTime(serial: 0.25)?.pythonString == "06:00:00")
        #expect(ExcelDateTime(serial: 0.9999999999)?.pythonString == "1900-01-01 00:00:00")
        #expect(ExcelDateTime(serial: -1.5)?.pythonString == "1899-12-28 12:00:00")
        #expect(ExcelDateTime(serial: 2958465.9999999)?.pythonString == "9999-12-31 23:59:59.991000")
        #expect(ExcelDateTime(serial: 2958466.5) == nil)

        let folder = MetricFixture.directory()
        func dated(_ serial: String, _ name: String) -> URL {
            let url = folder.appendingPathComponent(name)
            XLSXFixture(sheets: [
                XLSXFixture.Sheet(
                    name: "Sheet1",
                    cells: [
                        XLSXFixture.Cell(ref: "A1", value: .shared("when")), XLSXFixture.Cell(ref: "A2", value: .number(serial), style: 2),
                    ])
            ]).write(to: url)
            return url
        }
        let rules = MetricFixture.options(#"{"rules": [{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]}"#)
        func score(_ a: URL, _ b: URL) throws -> Double {
            try MetricFixture.score("compare_table", .file(a), .file(b), options: rules)
        }
        let openpyxl = dated("45360.52083333334", "openpyxl.xlsx")
        #expect(try score(dated("45360.5208333333", "libreoffice.xlsx"), openpyxl) == 1)
        #expect(try score(dated("45360.5208449074", "later.xlsx"), openpyxl) == 0)
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

    // MARK: - 5. compare_csv and sheet_print keep a UTF-8 byte-order mark

    @Test func csvKeepsByteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = Array("a,b\n1,2\n".utf8)
        let differs = try compareCSV(bom + body, body)
        #expect(differs.deskgym == 0)
        #expect(differs.osworld ?? 0 == 0)
        // strip() does not remove U+FEFF either.
        let stripped = try compareCSV(bom + body, body, options: #"{"strict": false}"#)
        #expect(stripped.deskgym == 0)
        #expect(stripped.osworld ?? 0 == 0)
        let both = try compareCSV(bom + body, bom + body)
        #expect(both.deskgym == 1)
        #expect(both.osworld ?? 1 == 1)

        // sheet_print reads the CSV exports with the same reader (compare_table needs openpyxl,
        // so OSWorld's side is not run here).
        let folder = MetricFixture.directory()
        let book = XLSXFixture.book([["a"]], name: "Customers.xlsx", in: folder)
        let goldBook = XLSXFixture.book([["a"]], name: "Customers_gold.xlsx", in: folder)
        _ = MetricFixture.bytes("Customers-Sheet1.csv", bom + body, in: folder)
        _ = MetricFixture.bytes("Customers_gold-Sheet1.csv", body, in: folder)
        let rules = MetricFixture.options(#"{"rules": [{"type": "sheet_print", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]}"#)
        #expect(try MetricFixture.score("compare_table", .file(book), .file(goldBook), options: rules) == 0)
    }
}
