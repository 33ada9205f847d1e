import Foundation

extension RunSummary {
    /// The column titles of ``table()`` and of the report's summary.
    static let columns = ["domain", "tasks", "finished", "env errors", "unfinished", "success", "score 1", "mean steps"]

    /// The cells of one row, as the terminal table and the report show them.
    static func cells(_ row: DomainSummary) -> [String] {
        [
            row.domain, "\(row.tasks)", "\(row.finished)", "\(row.environmentErrors)", "\(row.unfinished)",
            row.meanScore.map { String(format: "%.1f%%", $0 * 100) } ?? "–", "\(row.successes)",
            row.meanSteps.map { String(format: "%.1f", $0) } ?? "–",
        ]
    }

    /// A plain-text table for the terminal: one line per domain, a rule, the total.
    ///
    /// ```
    /// domain  tasks  finished  env errors  unfinished  success  score 1  mean steps
    /// chrome      2         2           0           0    75.0%        1         4.5
    /// ```
    public func table() -> String {
        let rows = domains.map(Self.cells)
        let totalRow = Self.cells(total)
        let all = [Self.columns] + rows + [totalRow]
        let widths = Self.columns.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(Self.columns)] + rows.map(line) + [rule, line(totalRow)]).joined(separator: "\n") + "\n"
    }
}
