/// A cell's position in a sheet, 1-based, as in "B3" (row 3, column 2).
struct CellAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    var row: Int
    var column: Int

    init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Reads "B3", "$B$3" or "b3"; nil if it is not a cell reference.
    init?(_ text: String) {
        var letters = 0, digits = 0, sawDigit = false
        for byte in text.utf8 where byte != UInt8(ascii: "$") {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                letters = letters * 26 + Int(byte) - 64
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                letters = letters * 26 + Int(byte) - 96
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                digits = digits * 10 + Int(byte) - 48
            default:
                return nil
            }
            guard letters <= 16_384, digits <= 1_048_576 else { return nil }
        }
        guard letters > 0, digits > 0 else { return nil }
        self.init(row: digits, column: letters)
    }

    /// The column's letters: 1 → "A", 27 → "AA".
    static func columnLetters(_ column: Int) -> String {
        var column = column, letters = ""
        while column > 0 {
            let digit = (column - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            column = (column - 1) / 26
        }
        return letters
    }

    var description: String { Self.columnLetters(column) + String(row) }

    static func < (l: CellAddress, r: CellAddress) -> Bool { (l.row, l.column) < (r.row, r.column) }
}

/// A rectangle of cells, "A1:C4" (or one cell, "B2").
struct CellRange: Sendable, Hashable {
    var first: CellAddress
    var last: CellAddress

    /// Reads "A1:C4" or "B2"; nil if it is not a range.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let a = CellAddress(String(parts[0])), let b = CellAddress(String(parts.last!))
        else { return nil }
        first = CellAddress(row: Swift.min(a.row, b.row), column: Swift.min(a.column, b.column))
        last = CellAddress(row: Swift.max(a.row, b.row), column: Swift.max(a.column, b.column))
    }

    func contains(_ cell: CellAddress) -> Bool {
        (first.row...last.row).contains(cell.row) && (first.column...last.column).contains(cell.column)
    }

    /// The cells, row by row.
    var cells: [CellAddress] {
        (first.row...last.row).flatMap { row in (first.column...last.column).map { CellAddress(row: row, column: $0) } }
    }
}
