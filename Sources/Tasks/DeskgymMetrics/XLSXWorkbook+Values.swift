import DeskgymCore
import Foundation

extension XLSXWorkbook {
    /// A CSV file as a one-sheet workbook (named after the file), each non-empty field a text
    /// cell. OSWorld's `compare_table` reads only xlsx; Deskgym also takes CSV, and pandas-style
    /// typing then reads numeric texts as numbers, as `read_csv` would.
    static func loadCSV(_ url: URL) throws(WorkbookProblem) -> XLSXWorkbook {
        var text: String
        do { text = try TextFile.readLenient(url) } catch { throw WorkbookProblem(url: url, message: error.message) }
        // read_csv, which this stands in for, drops a UTF-8 byte-order mark (OSWorld's own CSV
        // reader, TextFile.readLenient, keeps it).
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var cells: [CellAddress: Cell] = [:]
        for (row, fields) in PythonCSV.rows(text).enumerated() {
            for (column, field) in fields.enumerated() where !field.isEmpty {
                cells[CellAddress(row: row + 1, column: column + 1)] = Cell(
                    type: "str", value: field, inlineText: nil,
                    hasFormula: false, styleIndex: 0)
            }
        }
        let name = url.deletingPathExtension().lastPathComponent
        return XLSXWorkbook(sheets: [Sheet(name: name, cells: cells, styles: [], merged: [], zoomScale: nil, pane: nil)])
    }
}

extension XLSXWorkbook.Sheet {
    /// OSWorld's `read_cell_value` (what `check_cell`'s `value` and `sheet_fuzzy` compare): a number
    /// as a float, a string as itself, an error as its code; a boolean, an empty or absent cell as
    /// `None` (nil).
    func osworldValue(at address: CellAddress) -> JSONValue? {
        guard let cell = cells[address] else { return nil }
        switch cell.type {
        case nil, "n":
            return cell.value.flatMap { ValueRule.pythonFloat(.string($0)) }.map(JSONValue.number)
        case "s", "str", "e":
            return cell.value.map(JSONValue.string)
        case "inlineStr":
            return cell.inlineText.map(JSONValue.string)
        default:
            return nil
        }
    }

    /// The sheet's cells as pandas' openpyxl reader converts them, rows from 1, columns from A.
    var frameGrid: [[SheetFrame.Cell]] {
        guard let lastRow = cells.keys.map(\.row).max() else { return [] }
        var rows = Array(repeating: [SheetFrame.Cell](), count: lastRow)
        for (address, cell) in cells {
            let converted = frameCell(cell)
            if converted == .empty { continue }
            var row = rows[address.row - 1]
            if row.count < address.column { row += Array(repeating: .empty, count: address.column - row.count) }
            row[address.column - 1] = converted
            rows[address.row - 1] = row
        }
        return rows
    }

    /// One cell as `read_excel` gets it: cached values of formulas, dates by number format.
    func frameCell(_ cell: XLSXWorkbook.Cell) -> SheetFrame.Cell {
        switch cell.type {
        case nil, "n":
            guard let text = cell.value, let number = Double(text) ?? Double(text.pythonStrip()) else { return .empty }
            guard style(of: cell)?.isDate == true else { return .number(number) }
            // openpyxl reads a date it cannot represent as an error cell.
            return ExcelDateTime(serial: number).map(SheetFrame.Cell.date) ?? .error
        case "s", "str":
            return cell.value.map(SheetFrame.Cell.text) ?? .empty
        case "inlineStr":
            return cell.inlineText.map(SheetFrame.Cell.text) ?? .empty
        case "b":
            guard let text = cell.value else { return .empty }
            return .bool(text.trimmingCharacters(in: .whitespaces) != "0" && text != "false")
        case "e":
            return cell.value == nil ? .empty : .error
        case "d":
            return cell.value.map(SheetFrame.Cell.text) ?? .empty
        default:
            return .empty
        }
    }

    /// A cell's style (nil in a CSV sheet, or for an index styles.xml lacks).
    func style(of cell: XLSXWorkbook.Cell) -> XLSXStyle? {
        styles.indices.contains(cell.styleIndex) ? styles[cell.styleIndex] : nil
    }

    /// A cell's formatting property as openpyxl gives it to `check_cell` (nil is `None`): font
    /// properties and the number format only for a cell with a value, the fill's foreground colour
    /// as `bgcolor`, `merge` true for a merged cell other than the range's top-left one.
    func property(_ name: String, at address: CellAddress) -> JSONValue? {
        let cell = cells[address]
        let style = cell.map(style(of:)) ?? styles.first
        let hasValue = cell.map { $0.hasFormula || ($0.type == "inlineStr" ? $0.inlineText != nil : $0.value != nil) } ?? false
        let font = hasValue ? style?.font : nil
        switch name {
        case "merge":
            return .bool(merged.contains { $0.contains(address) && $0.first != address })
        case "number_format":
            guard let cell, hasValue, !cell.hasFormula, cell.type == nil || cell.type == "n", style?.isDate != true else { return nil }
            return .string(style?.numberFormat ?? "General")
        case "font_name": return font?.name.map(JSONValue.string)
        case "font_family": return font?.family.map(JSONValue.number)
        case "font_color": return font?.color.map(JSONValue.string)
        case "font_bold": return font.map { .bool($0.bold) }
        case "font_italic": return font.map { .bool($0.italic) }
        case "font_underline": return font?.underline.map(JSONValue.string)
        case "font_size": return font?.size.map(JSONValue.number)
        case "fill_type":
            switch style?.fill {
            case .pattern?: return .string("patternFill")
            case .gradient?: return .string("gradientFill")
            case nil: return nil
            }
        case "bgcolor", "fgcolor":
            guard case .pattern(let foreground)? = style?.fill else { return nil }
            return foreground.map(JSONValue.string)
        default:
            return osworldValue(at: address)
        }
    }
}
