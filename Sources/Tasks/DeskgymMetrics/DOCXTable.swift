import Foundation

/// A table of a .docx as python-docx's `Table` sees it: `rows` are the `w:tr` children, the column
/// count is the number of `w:gridCol` in `w:tblGrid` (nil when the table has no grid, where
/// python-docx raises), and `cell(row, column)` indexes python-docx's `Table._cells` layout.
struct DOCXTable: Sendable, Hashable {
    /// One `w:tc` element: its text (python-docx's `_Cell.text`: its own paragraphs' texts joined by
    /// "\n"), how many grid columns it spans, and whether it continues a vertical merge.
    struct Cell: Sendable, Hashable {
        var text: String
        var gridSpan: Int
        var continuesVerticalMerge: Bool
        /// The cell's own paragraphs (python-docx's `_Cell.paragraphs`), with runs and formatting.
        var paragraphs: [DOCXParagraph] = []
    }

    var rows: [[Cell]]
    var columnCount: Int?

    init(rows: [[Cell]], columnCount: Int?) {
        self.rows = rows
        self.columnCount = columnCount
    }

    init(_ table: XMLTreeNode) {
        columnCount = table.child("tblGrid")?.children("gridCol").count
        rows = table.children("tr").map { row in
            row.children("tc").map { cell in
                let properties = cell.child("tcPr")
                // A vMerge without a value continues the merge above (ST_Merge's default).
                let merge = properties?.child("vMerge").map { $0.attributes["val"] ?? "continue" }
                let span = properties?.child("gridSpan")?.attributes["val"].flatMap { Int($0) } ?? 1
                let paragraphs = cell.children("p").map(DOCXParagraph.init)
                return Cell(
                    text: paragraphs.map(\.text).joined(separator: "\n"),
                    gridSpan: span, continuesVerticalMerge: merge == "continue", paragraphs: paragraphs)
            }
        }
    }

    /// The texts of python-docx's `Table._cells`, row-major: each `w:tc` once per grid column it
    /// spans, and a cell continuing a vertical merge standing for the one a row's width above it.
    /// nil where python-docx raises IndexError (a merge continued with nothing above it) or has no
    /// grid to count columns with.
    var layout: [String]? {
        guard let columns = columnCount else { return nil }
        var cells: [String] = []
        for cell in rows.joined() {
            for spanIndex in 0..<max(cell.gridSpan, 0) {
                if cell.continuesVerticalMerge {
                    // Python's cells[-col_count]: col_count 0 is cells[0].
                    let index = columns == 0 ? 0 : cells.count - columns
                    guard cells.indices.contains(index) else { return nil }
                    cells.append(cells[index])
                } else if spanIndex > 0 {
                    cells.append(cells[cells.count - 1])
                } else {
                    cells.append(cell.text)
                }
            }
        }
        return cells
    }
}
