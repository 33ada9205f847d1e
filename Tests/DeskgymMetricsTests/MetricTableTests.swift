import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// compare_table on workbooks written by `XLSXFixture`. Each expected score was checked once by
/// running OSWorld's own compare_table (pandas 2.2.3, openpyxl 3.1.5) on the same files: set
/// DESKGYM_KEEP_FIXTURES to a folder and every call below leaves a case-*.json there to replay.
@Suite("compare_table")
struct MetricTableTests {
    typealias Sheet = XLSXFixture.Sheet
    typealias Cell = XLSXFixture.Cell

    /// compare_table's score for these rules (JSON text of the list).
    func table(_ result: URL?, _ expected: URL?, _ rules: String) throws -> Double {
        let options = MetricFixture.options(#"{"rules": \#(rules)}"#)
        let score = try MetricFixture.score(
            "compare_table", result.map(MetricInput.file) ?? .none,
            expected.map(MetricInput.file) ?? .none, options: options)
        if let keep = ProcessInfo.processInfo.environment["DESKGYM_KEEP_FIXTURES"] {
            let record: JSONValue = .object([
                "result": result.map { .string($0.path) } ?? .null,
                "expected": expected.map { .string($0.path) } ?? .null,
                "options": .object(options), "score": .number(score),
            ])
            try Data(record.description.utf8).write(to: URL(fileURLWithPath: keep).appendingPathComponent("case-\(UUID().uuidString).json"))
        }
        return score
    }

    func book(_ sheets: [Sheet], _ name: String = "book.xlsx", in folder: URL = MetricFixture.directory()) -> URL {
        let url = folder.appendingPathComponent(name)
        XLSXFixture(sheets: sheets).write(to: url)
        return url
    }

    func data(_ a: [[Any?]], _ b: [[Any?]], precision: Int? = nil) throws -> Double {
        let folder = MetricFixture.directory()
        let rule =
            precision.map { #"{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0", "precision": \#($0)}"# }
            ?? #"{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}"#
        return try table(XLSXFixture.book(a, name: "r.xlsx", in: folder), XLSXFixture.book(b, name: "e.xlsx", in: folder), "[\(rule)]")
    }

    // sheet_data: the same values score 1, a changed value 0.
    @Test func sheetDataEqual() throws {
        #expect(try data([["name", "n"], ["a", 1], ["b", 2.5]], [["name", "n"], ["a", 1], ["b", 2.5]]) == 1)
        #expect(try data([["name", "n"], ["a", 1], ["b", 2.5]], [["name", "n"], ["a", 1], ["b", 2.6]]) == 0)
        #expect(try data([["name", "n"], ["a", 1]], [["Name", "n"], ["a", 1]]) == 0)
    }

    // Values are rounded to `precision` decimals (default 4), half to even after scaling, as NumPy.
    @Test func sheetDataPrecision() throws {
        #expect(try data([["x"], [1.23454], [0.5]], [["x"], [1.2345], [0.5]]) == 1)
        #expect(try data([["x"], [1.23456], [0.5]], [["x"], [1.2345], [0.5]]) == 0)
        #expect(try data([["x"], [1.234], [0.5]], [["x"], [1.2349], [0.5]], precision: 2) == 1)
    }

    // DataFrame.equals compares dtypes: a column of whole numbers is int64, one with 1.00001 is
    // float64 even once rounded to 1.0, so they differ.
    @Test func sheetDataColumnTypes() throws {
        #expect(try data([["x"], [1], [2]], [["x"], [1.00001], [2]]) == 0)
        // A missing value makes the column float64 on both sides: equal.
        #expect(try data([["x", "y"], [1.00001, "a"], [nil, "b"]], [["x", "y"], [1, "a"], [nil, "b"]]) == 1)
    }

    // pandas reads texts that look like numbers as numbers, and "TRUE"/"false" as booleans.
    @Test func sheetDataTextConversions() throws {
        #expect(try data([["x"], ["2"], [" 3 "]], [["x"], [2], [3]]) == 1)
        #expect(try data([["x"], ["TRUE"], ["false"]], [["x"], [true], [false]]) == 1)
        // In a column that is not all numbers, "2" stays text.
        #expect(try data([["x"], ["2"], ["a"]], [["x"], [2], ["a"]]) == 0)
        // "NA", "N/A", "null"… are missing values, like an empty cell.
        #expect(try data([["x", "y"], ["NA", 1], ["b", 2]], [["x", "y"], [nil, 1], ["b", 2]]) == 1)
    }

    // Trailing empty rows and columns do not count; a blank first row becomes the header.
    @Test func sheetDataShape() throws {
        let folder = MetricFixture.directory()
        let plain = book([Sheet(name: "Sheet1", cells: XLSXFixture.rows([["a", "b"], [1, 2]]))], "plain.xlsx", in: folder)
        let padded = book(
            [
                Sheet(
                    name: "Sheet1",
                    cells: XLSXFixture.rows([["a", "b"], [1, 2]])
                        + [Cell(ref: "C5", value: .styledEmpty, style: 1), Cell(ref: "A4", value: .shared(""))])
            ], "padded.xlsx", in: folder)
        let shifted = book([Sheet(name: "Sheet1", cells: XLSXFixture.rows([[nil], ["a", "b"], [1, 2]]))], "shifted.xlsx", in: folder)
        let rule = #"[{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]"#
        #expect(try table(plain, padded, rule) == 1)
        #expect(try table(plain, shifted, rule) == 0)
    }

    // Repeated header names are renamed "x.1", so a header "x, x" reads like "x, x.1".
    @Test func sheetDataDuplicateHeaders() throws {
        #expect(try data([["x", "x"], [1, 2]], [["x", "x.1"], [1, 2]]) == 1)
        #expect(try data([["x", "x"], [1, 2]], [["x", "x.2"], [1, 2]]) == 0)
    }

    // Cells are read with their cached formula results (data_only); inline and shared strings are
    // the same text; an error value is missing, like an empty cell.
    @Test func sheetDataCellKinds() throws {
        let folder = MetricFixture.directory()
        let a = book(
            [
                Sheet(
                    name: "Sheet1",
                    cells: [
                        Cell(ref: "A1", value: .shared("h")), Cell(ref: "B1", value: .shared("g")),
                        Cell(ref: "A2", value: .formula("1+2", cached: "3")), Cell(ref: "B2", value: .error("#DIV/0!")),
                        Cell(ref: "A3", value: .formulaText("\"a\"", cached: "a")), Cell(ref: "B3", value: .inline("t")),
                    ])
            ], "a.xlsx", in: folder)
        let b = book(
            [
                Sheet(
                    name: "Sheet1",
                    cells: [
                        Cell(ref: "A1", value: .inline("h")), Cell(ref: "B1", value: .shared("g")),
                        Cell(ref: "A2", value: .number("3")), Cell(ref: "A3", value: .shared("a")),
                        Cell(ref: "B3", value: .shared("t")),
                    ])
            ], "b.xlsx", in: folder)
        #expect(try table(a, b, #"[{"type": "sheet_data", "sheet_idx0": 0, "sheet_idx1": "EI0"}]"#) == 1)
    }

    // A number in a date format is a datetime to pandas: not equal to the plain number, equal to
    // the same date in another date format.
    @Test func sheetDataDates() throws {
        let folder = MetricFixture.directory()
        func dated(_ style: Int, _ name: String) -> URL {
            book(
                [
                    Sheet(
                        name: "Sheet1",
                        cells: [Cell(ref: "A1", value: .shared("d")), Cell(ref: "A2", value: .number("45293"), style: style)])
                ], name, in: folder)
        }
        let rule = #"[{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]"#
        #expect(try table(dated(2, "iso.xlsx"), dated(3, "us.xlsx"), rule) == 1)
        #expect(try table(dated(2, "iso2.xlsx"), dated(0, "number.xlsx"), rule) == 0)
    }

    // Sheets by name and index; a sheet that does not exist scores 0.
    @Test func sheetReferences() throws {
        let folder = MetricFixture.directory()
        let result = book(
            [Sheet(name: "Data", cells: XLSXFixture.rows([["a"], [1]])), Sheet(name: "Sheet2", cells: XLSXFixture.rows([["b"], [2]]))],
            "r.xlsx", in: folder)
        let expected = book([Sheet(name: "Sheet2", cells: XLSXFixture.rows([["b"], [2]]))], "e.xlsx", in: folder)
        #expect(try table(result, expected, #"[{"type": "sheet_data", "sheet_idx0": "RI1", "sheet_idx1": "ENSheet2"}]"#) == 1)
        #expect(try table(result, expected, #"[{"type": "sheet_data", "sheet_idx0": "RNData", "sheet_idx1": "EI0"}]"#) == 0)
        #expect(try table(result, expected, #"[{"type": "sheet_data", "sheet_idx0": "RNNope", "sheet_idx1": "EI0"}]"#) == 0)
        #expect(try table(result, expected, #"[{"type": "sheet_data", "sheet_idx0": "RI5", "sheet_idx1": "EI0"}]"#) == 0)
    }

    // sheet_name: the same names in the same order.
    @Test func sheetName() throws {
        let folder = MetricFixture.directory()
        let ab = book([Sheet(name: "A", cells: []), Sheet(name: "B", cells: [])], "ab.xlsx", in: folder)
        let ab2 = book([Sheet(name: "A", cells: XLSXFixture.rows([["x"]])), Sheet(name: "B", cells: [])], "ab2.xlsx", in: folder)
        let ba = book([Sheet(name: "B", cells: []), Sheet(name: "A", cells: [])], "ba.xlsx", in: folder)
        #expect(try table(ab, ab2, #"[{"type": "sheet_name"}]"#) == 1)
        #expect(try table(ab, ba, #"[{"type": "sheet_name"}]"#) == 0)
        // Rules run in order and all must hold.
        #expect(try table(ab, ab2, #"[{"type": "sheet_name"}, {"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]"#) == 0)
    }

    /// The check_cell workbook: A1 "Investment Summary" bold white on blue, merged over A1:C1.
    func styledBook() -> URL {
        book([
            Sheet(
                name: "Sheet2",
                cells: [
                    Cell(ref: "A1", value: .shared("Investment Summary"), style: 1),
                    Cell(ref: "A2", value: .number("1")), Cell(ref: "B2", value: .number("0.125"), style: 4),
                    Cell(ref: "C2", value: .formula("B2*2", cached: "0.25"), style: 4),
                    Cell(ref: "A3", value: .bool(true)), Cell(ref: "A4", value: .number("7")),
                    Cell(ref: "A5", value: .shared("red"), style: 6), Cell(ref: "A6", value: .shared("theme"), style: 5),
                ], merged: ["A1:C1"])
        ])
    }

    func cell(_ coordinate: String, _ props: String, sheet: String = "\"RNSheet2\"") throws -> Double {
        try table(
            styledBook(), nil, #"[{"type": "check_cell", "sheet_idx": \#(sheet), "coordinate": "\#(coordinate)", "props": \#(props)}]"#)
    }

    // check_cell "value" reads as OSWorld's read_cell_value: shared strings as text, numbers as floats.
    @Test func checkCellValue() throws {
        #expect(try cell("A1", #"{"value": {"method": "eq", "ref": "Investment Summary"}}"#) == 1)
        #expect(try cell("A1", #"{"value": {"method": "eq", "ref": "investment summary"}}"#) == 0)
        #expect(try cell("A2", #"{"value": {"method": "eq", "ref": 1}}"#) == 1)
        #expect(try cell("C2", #"{"value": {"method": "approx:0.001", "ref": 0.25}}"#) == 1)
        // read_cell_value has no case for booleans: None, which is not True.
        #expect(try cell("A3", #"{"value": {"method": "eq", "ref": true}}"#) == 0)
        #expect(try cell("A1", #"{"value": {"method": "eq", "ref": "Investment Summary"}}"#, sheet: "\"RNNope\"") == 0)
    }

    // The formatting openpyxl reports: fill foreground as bgcolor, aRGB font colours, bold.
    @Test func checkCellStyle() throws {
        #expect(
            try cell(
                "A1",
                #"{"bgcolor": {"method": "eq", "ref": "FF0000FF"}, "font_color": {"method": "eq", "ref": "FFFFFFFF"}, "font_bold": {"method": "eq", "ref": true}}"#
            ) == 1)
        #expect(try cell("A4", #"{"bgcolor": {"method": "eq", "ref": "FF0000FF"}}"#) == 0)
        // No <b> in the font: openpyxl says False.
        #expect(try cell("A4", #"{"font_bold": {"method": "eq", "ref": false}, "font_name": {"method": "eq", "ref": "Arial"}}"#) == 1)
        // A six-digit rgb gets "00" in front; a theme colour has no rgb string.
        #expect(try cell("A5", #"{"font_color": {"method": "eq", "ref": "00FF0000"}}"#) == 1)
        #expect(try cell("A6", #"{"font_color": {"method": "eq", "ref": "FF000000"}}"#) == 0)
        #expect(try cell("A6", #"{"font_italic": {"method": "eq", "ref": true}, "font_size": {"method": "eq", "ref": 12}}"#) == 1)
        // Font properties of a cell without a value are None, even False is not matched.
        #expect(try cell("D9", #"{"font_bold": {"method": "eq", "ref": false}}"#) == 0)
        // number_format only for a plain number (a formula's is None).
        #expect(try cell("B2", #"{"number_format": {"method": "eq", "ref": "0.00%"}}"#) == 1)
        #expect(try cell("C2", #"{"number_format": {"method": "eq", "ref": "0.00%"}}"#) == 0)
    }

    // merge: true for the cells of a merged range other than its top-left one.
    @Test func checkCellMerge() throws {
        #expect(try cell("B1", #"{"merge": {"method": "eq", "ref": true}}"#) == 1)
        #expect(try cell("C1", #"{"merge": {"method": "eq", "ref": true}}"#) == 1)
        #expect(try cell("A1", #"{"merge": {"method": "eq", "ref": false}}"#) == 1)
        #expect(try cell("D1", #"{"merge": {"method": "eq", "ref": true}}"#) == 0)
    }

    // sheet_fuzzy: cells compared as str(value) after normalisation, trimming and case folding.
    @Test func sheetFuzzy() throws {
        let folder = MetricFixture.directory()
        let result = book(
            [Sheet(name: "Sheet1", cells: XLSXFixture.rows([["Name", "Address"], ["Ann", "12 Main Rd"], ["Bob", " 3 Elm St "]]))], "r.xlsx",
            in: folder)
        let expected = book(
            [Sheet(name: "Sheet1", cells: XLSXFixture.rows([["Name", "Address"], ["ann", "12 Main Road"], ["Bob", "3 Elm St"]]))], "e.xlsx",
            in: folder)
        let normalized =
            #"[{"type": "sheet_fuzzy", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENSheet1", "rules": [{"range": ["B2:B3"], "type": "exact_match", "normalization": [["Rd", "Road"], ["St", "Street"]], "trim_leadings": " ", "trim_trailings": " "}]}]"#
        #expect(try table(result, expected, normalized) == 1)
        // Normalisation is a plain replace on both sides, so an expected "Street" becomes
        // "Streetreet" and no longer matches.
        let spelledOut = book(
            [Sheet(name: "Sheet1", cells: XLSXFixture.rows([["Name", "Address"], ["ann", "12 Main Road"], ["Bob", "3 Elm Street"]]))],
            "s.xlsx", in: folder)
        #expect(try table(result, spelledOut, normalized) == 0)
        let exact =
            #"[{"type": "sheet_fuzzy", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENSheet1", "rules": [{"range": ["A1:A3"], "type": "exact_match"}]}]"#
        #expect(try table(result, expected, exact) == 0)
        let folded =
            #"[{"type": "sheet_fuzzy", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENSheet1", "rules": [{"range": ["A1:A3"], "type": "exact_match", "ignore_case": true}]}]"#
        #expect(try table(result, expected, folded) == 1)
        // fuzz.ratio("12 Main Rd", "12 Main Road") = 90.9…: passes 85, fails 95.
        let fuzzy85 =
            #"[{"type": "sheet_fuzzy", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENSheet1", "rules": [{"range": ["B2"], "type": "fuzzy_match", "threshold": 85}]}]"#
        let fuzzy95 =
            #"[{"type": "sheet_fuzzy", "sheet_idx0": "RNSheet1", "sheet_idx1": "ENSheet1", "rules": [{"range": ["B2"], "type": "fuzzy_match", "threshold": 95}]}]"#
        #expect(try table(result, expected, fuzzy85) == 1)
        #expect(try table(result, expected, fuzzy95) == 0)
    }

    // sheet_print compares the CSV exports beside the workbooks ("<book>-<sheet>.csv"), lines
    // stripped, trailing blank lines ignored.
    @Test func sheetPrint() throws {
        func printed(_ result: String, _ gold: String) throws -> Double {
            let folder = MetricFixture.directory()
            let book = XLSXFixture.book([["a"]], name: "Customers.xlsx", in: folder)
            let goldBook = XLSXFixture.book([["a"]], name: "Customers_gold.xlsx", in: folder)
            _ = MetricFixture.file("Customers-Sheet1.csv", result, in: folder)
            _ = MetricFixture.file("Customers_gold-Sheet1.csv", gold, in: folder)
            return try table(book, goldBook, #"[{"type": "sheet_print", "sheet_idx0": 0, "sheet_idx1": "EI0"}]"#)
        }
        #expect(try printed("Id,Name\n0001234,Ann  \n\n\n", "Id,Name\n0001234,Ann\n") == 1)
        #expect(try printed("Id,Name\n0001234,Ann\n", "Id,Name\n1234,Ann\n") == 0)
    }

    // zoom (100 when unset) and freeze (frozen panes by their split counts).
    @Test func zoomAndFreeze() throws {
        let folder = MetricFixture.directory()
        let zoomed = book([Sheet(name: "Sheet1", cells: [], zoom: 120, frozen: (x: 0, y: 1))], "z.xlsx", in: folder)
        let plain = book([Sheet(name: "Sheet1", cells: [])], "p.xlsx", in: folder)
        let frozen = book([Sheet(name: "Sheet1", cells: [], frozen: (x: 0, y: 1))], "f.xlsx", in: folder)
        #expect(try table(zoomed, nil, #"[{"type": "zoom", "sheet_idx": 0, "method": "lt", "ref": 260}]"#) == 1)
        #expect(try table(plain, nil, #"[{"type": "zoom", "sheet_idx": 0, "method": "gt", "ref": 100}]"#) == 0)
        #expect(try table(zoomed, frozen, #"[{"type": "freeze", "sheet_idx0": 0, "sheet_idx1": "EI0"}]"#) == 1)
        #expect(try table(plain, frozen, #"[{"type": "freeze", "sheet_idx0": 0, "sheet_idx1": "EI0"}]"#) == 0)
    }

    // Deskgym also reads CSV as a one-sheet workbook, typed as pandas types columns.
    @Test func csvAgainstXLSX() throws {
        let folder = MetricFixture.directory()
        let csv = MetricFixture.file("out.csv", "name,n\na,1\nb,2.50\n", in: folder)
        let xlsx = XLSXFixture.book([["name", "n"], ["a", 1], ["b", 2.5]], name: "gold.xlsx", in: folder)
        let rule = #"[{"type": "sheet_data", "sheet_idx0": "RI0", "sheet_idx1": "EI0"}]"#
        let options = MetricFixture.options(#"{"rules": \#(rule)}"#)
        #expect(try MetricFixture.score("compare_table", .file(csv), .file(xlsx), options: options) == 1)
        let other = MetricFixture.file("other.csv", "name,n\na,1\nb,2.6\n", in: folder)
        #expect(try MetricFixture.score("compare_table", .file(other), .file(xlsx), options: options) == 0)
    }

    // No result, or a file that is not a workbook, scores 0 with the reason.
    @Test func unreadableResult() throws {
        let rule = #"[{"type": "sheet_name"}]"#
        #expect(try table(nil, nil, rule) == 0)
        let bogus = MetricFixture.file("bogus.xlsx", "not a zip")
        let outcome = try Metric.evaluate(
            name: "compare_table", result: .file(bogus), expected: .none,
            options: MetricFixture.options(#"{"rules": \#(rule)}"#))
        #expect(outcome.score == 0)
        #expect(outcome.reason?.contains("bogus.xlsx") == true)
    }

    // Rules are checked before any file is read: unknown or unsupported types, bad sheet indices
    // and unknown cell properties are errors, not zeros.
    @Test func malformedRules() throws {
        let url = XLSXFixture.book([["a"]])
        func kind(_ rules: String) -> MetricError.Kind? {
            do {
                _ = try Metric.evaluate(
                    name: "compare_table", result: .file(url), expected: .none,
                    options: MetricFixture.options(#"{"rules": \#(rules)}"#))
                return nil
            } catch {
                return error.kind
            }
        }
        #expect(kind(#"[{"type": "chart", "sheet_idx0": 0, "sheet_idx1": "EI0", "chart_props": ["type"]}]"#) == .unsupported)
        #expect(kind(#"[{"type": "sheet_dat"}]"#) == .malformedOptions)
        #expect(kind(#"[{"type": "sheet_data", "sheet_idx0": "XX0", "sheet_idx1": "EI0"}]"#) == .malformedOptions)
        #expect(
            kind(#"[{"type": "check_cell", "sheet_idx": 0, "coordinate": "A1", "props": {"colour": {"method": "eq", "ref": 1}}}]"#)
                == .malformedOptions)
        #expect(kind(#"[{"type": "check_cell", "sheet_idx": 0, "coordinate": "1A", "props": {}}]"#) == .malformedOptions)
        #expect(kind(#"{"type": "sheet_name"}"#) == .malformedOptions)
        #expect(kind(#"[{"type": "sheet_name"}]"#) == nil)
    }
}
