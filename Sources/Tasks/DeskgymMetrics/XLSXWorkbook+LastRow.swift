import Foundation

extension XLSXWorkbook {
    /// OSWorld's `content_from_vm_file` with `last_row`: `pd.read_excel(path).iloc[-1].astype(str)`
    /// — the first sheet as pandas reads it (the first row names the columns), its last row, each
    /// value as `str` gives it for the column's type: "42" in an int64 column, "42.0" in a float64
    /// one, "nan" for a missing value, "True", "2024-01-15 00:00:00" for a date, and in a mixed
    /// (object) column the value as openpyxl and pandas hand it over (whole numbers as ints).
    ///
    /// - Throws: `WorkbookProblem` when the workbook has no sheet or the sheet no row below its
    ///   header (pandas' `iloc[-1]` raises there).
    package func pandasLastRow(url: URL) throws(WorkbookProblem) -> [String] {
        guard let sheet = sheets.first else { throw WorkbookProblem(url: url, message: "has no sheet") }
        let frame = SheetFrame(grid: sheet.frameGrid)
        guard let rows = frame.columns.first?.values.count, rows > 0 else {
            throw WorkbookProblem(url: url, message: "has no row below the header in sheet '\(sheet.name)'")
        }
        return frame.columns.map { column in Self.pandasString(column.values[rows - 1], type: column.type) }
    }

    /// `str()` of one value of a column of this type.
    static func pandasString(_ value: SheetFrame.Value, type: SheetFrame.ColumnType) -> String {
        switch value {
        case .missing: return type == .datetime64 ? "NaT" : "nan"
        case .bool(let flag): return flag ? "True" : "False"
        case .text(let text): return text
        case .date(let moment): return moment.pythonString
        case .number(let number):
            switch type {
            case .int64: return String(Int(number))
            case .object where number.rounded() == number && abs(number) < 9.2e18: return String(Int(number))
            default: return number.pythonFloatRepr
            }
        }
    }

}
