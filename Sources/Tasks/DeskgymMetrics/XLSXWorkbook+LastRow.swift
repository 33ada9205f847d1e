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
        case .date(let serial): return excelDateString(serial)
        case .number(let number):
            switch type {
            case .int64: return String(Int(number))
            case .object where number.rounded() == number && abs(number) < 9.2e18: return String(Int(number))
            default: return number.pythonFloatRepr
            }
        }
    }

    /// openpyxl's `from_excel` (1900 date system, its leap-year bug kept below serial 60, the
    /// fraction of the day rounded to milliseconds) printed as Python prints a datetime.
    static func excelDateString(_ serial: Double) -> String {
        var days = serial.rounded(.down)
        let milliseconds = ((serial - days) * 86_400_000).rounded()
        if serial >= 0 && serial < 60 { days += 1 }
        let day = CalendarDay(year: 1899, month: 12, day: 30).adding(days: Int(days))
        let totalMilliseconds = Int(milliseconds)
        let extraDays = totalMilliseconds / 86_400_000
        let shifted = day.adding(days: extraDays)
        let rest = totalMilliseconds % 86_400_000
        let seconds = rest / 1000, fraction = rest % 1000
        var text = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", shifted.year, shifted.month, shifted.day,
            seconds / 3600, seconds / 60 % 60, seconds % 60)
        if fraction != 0 { text += String(format: ".%06d", fraction * 1000) }
        return text
    }
}
