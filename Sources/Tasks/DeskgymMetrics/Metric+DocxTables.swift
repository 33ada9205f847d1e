import Foundation

/// The metric on the tables of word-processor documents.
extension Metric {
    /// `compare_docx_tables` (OSWorld's `docs.py`): the body tables of two .docx files (python-docx's
    /// `document.tables`, see `DOCXTable`) must be as many, each pair with the same number of rows
    /// and of grid columns, and every cell's text (python-docx's `table.cell(i, j).text`, so a
    /// merged cell counts in every grid position it covers) equal once white space is stripped from
    /// both ends. It takes no options. A missing or unreadable file scores 0, as does a table
    /// python-docx would fail on (no grid, or a row shorter than the grid).
    public static func compareDocxTables(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let (loaded, failure) = loadBoth(result, expected) { url throws(OfficeFileProblem) in try DOCXDocument.load(url).tables }
        guard let (first, second) = loaded else { return failure ?? .fail("unreadable") }
        guard first.count == second.count else {
            return .fail("\(result.lastPathComponent) has \(first.count) tables, \(expected.lastPathComponent) has \(second.count)")
        }
        for (number, (mine, theirs)) in zip(first, second).enumerated().map({ ($0 + 1, $1) }) {
            for (table, file) in [(mine, result), (theirs, expected)] where table.columnCount == nil {
                return .fail("table \(number) of \(file.lastPathComponent) has no column grid (w:tblGrid)")
            }
            let columns = mine.columnCount ?? 0
            guard mine.rows.count == theirs.rows.count, columns == theirs.columnCount else {
                return .fail(
                    "table \(number) is \(mine.rows.count)×\(columns) (rows×columns), expected "
                        + "\(theirs.rows.count)×\(theirs.columnCount ?? 0)")
            }
            guard columns > 0, !mine.rows.isEmpty else { continue }
            var layouts: [[String]] = []
            for (table, file) in [(mine, result), (theirs, expected)] {
                // Where python-docx raises IndexError, OSWorld's evaluation stops; here it scores 0.
                guard let cells = table.layout else {
                    return .fail("table \(number) of \(file.lastPathComponent) continues a vertical merge with no cell above it")
                }
                guard cells.count >= table.rows.count * columns else {
                    return .fail(
                        "table \(number) of \(file.lastPathComponent) has fewer cells than its "
                            + "\(table.rows.count) rows × \(columns) grid columns")
                }
                layouts.append(cells)
            }
            for row in 0..<mine.rows.count {
                for column in 0..<columns {
                    let got = layouts[0][row * columns + column].pythonStrip()
                    let want = layouts[1][row * columns + column].pythonStrip()
                    guard got.pythonEquals(want) else {
                        return .fail(
                            "table \(number), row \(row + 1), column \(column + 1) differs: got "
                                + "\(got.pythonRepr.clipped), expected \(want.pythonRepr.clipped)")
                    }
                }
            }
        }
        return .pass
    }
}
