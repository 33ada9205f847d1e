import DeskgymCore
import Foundation

/// `compare_table`, OSWorld's spreadsheet metric.
extension Metric {
    /// `compare_table`: applies `options.rules` in order to the result workbook (and the expected
    /// one); it scores 1 when every rule holds and stops at the first that does not.
    ///
    /// Rules: `sheet_name`, `sheet_data` (pandas' view of two sheets, rounded to `precision`
    /// decimals, default 4 — see `SheetFrame`), `sheet_print` (the CSV exports beside the
    /// workbooks), `sheet_fuzzy`, `check_cell` (`value` as OSWorld's `read_cell_value` reads it, and
    /// the font, fill, number-format and merge properties openpyxl gives), `zoom` and `freeze`.
    /// Sheets are named by index or `"RI0"`, `"RNSheet1"`, `"EI0"`, `"ENSheet1"`. The workbooks
    /// are .xlsx, or .csv (one sheet, named after the file), which OSWorld cannot read.
    /// The other OSWorld rules (chart, pivot_table, style, filter, …) throw `unsupported`.
    public static func compareTable(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        guard case .array(let items)? = options["rules"] else {
            throw MetricError(.malformedOptions, metric: "compare_table", "options.rules must be a list of rules")
        }
        var rules: [TableRule] = []
        for (index, item) in items.enumerated() { rules.append(try TableRule(item, index: index)) }
        guard let result else { return .fail("no result file") }
        let resultBook: XLSXWorkbook, expectedBook: XLSXWorkbook?
        do {
            resultBook = try loadBook(result)
            expectedBook = try expected.map(loadBook)
        } catch {
            return .fail("\(error)")
        }
        let books = TableBooks(result: resultBook, resultURL: result, expected: expectedBook, expectedURL: expected)
        for (index, rule) in rules.enumerated() {
            let outcome = books.check(rule)
            if outcome.score < 1 {
                return .fail("rule \(index) (\(rule.typeName)): \(outcome.reason ?? "does not hold")")
            }
        }
        return .pass
    }

    static func loadBook(_ url: URL) throws(WorkbookProblem) -> XLSXWorkbook {
        url.pathExtension.lowercased() == "csv" ? try XLSXWorkbook.loadCSV(url) : try XLSXWorkbook.load(url)
    }
}
