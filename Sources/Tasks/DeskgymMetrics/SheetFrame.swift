import DeskgymCore
import Foundation

/// A sheet as pandas' `read_excel(book, sheet)` sees it, which OSWorld's `sheet_data` rule rounds
/// (`DataFrame.round(precision)`) and compares (`DataFrame.equals`).
///
/// What pandas 2.2 does, reproduced here:
/// - rows from the first row of the sheet to the last with a value; each row from column A to its
///   last value; no blank row is skipped (a blank first row makes the header);
/// - the first row names the columns: an empty name becomes "Unnamed: i", a repeated one "x.1",
///   "x.2", …;
/// - empty cells, error cells and the texts pandas reads as missing ("NA", "N/A", "NULL", "nan",
///   "None", "#N/A", …) are NaN;
/// - each column gets a type: numeric when every value is a number, a boolean or a text that
///   reads as a number (int64 when all are whole and none is missing, else float64; booleans count
///   as 1 and 0), boolean when all are booleans or "True"/"TRUE"/"true"/"False"/… (object when
///   some are missing), datetime when all are dates, else object;
/// - `round` rounds float64 columns only (NumPy: half to even after scaling), and `equals` wants
///   the same column names, the same types and the same values, NaN equal to NaN.
struct SheetFrame: Sendable, Hashable {
    /// A value in a frame.
    enum Value: Sendable, Hashable {
        case missing
        case number(Double)
        case text(String)
        case bool(Bool)
        /// A date or time as openpyxl reads it (rounded to the millisecond).
        case date(ExcelDateTime)
    }

    /// A column's pandas dtype.
    enum ColumnType: String, Sendable, Hashable {
        case int64, float64, bool, datetime64, object
    }

    struct Column: Sendable, Hashable {
        var name: Value
        var type: ColumnType
        var values: [Value]
    }

    var columns: [Column]

    /// A cell as pandas' openpyxl reader converts it (`_convert_cell`), before typing.
    enum Cell: Sendable, Hashable {
        case empty
        case error
        case number(Double)
        case text(String)
        case bool(Bool)
        case date(ExcelDateTime)
    }

    /// The frame of a grid of cells (row 1 first, column A first; rows may be ragged).
    init(grid: [[Cell]]) {
        // Trim each row's trailing empties and the trailing empty rows, then pad to the widest row.
        var rows = grid.map { row -> [Cell] in
            var row = row
            while let last = row.last, last == .empty || last == .text("") { row.removeLast() }
            return row
        }
        while let last = rows.last, last.isEmpty { rows.removeLast() }
        let width = rows.map(\.count).max() ?? 0
        rows = rows.map { $0 + Array(repeating: .empty, count: width - $0.count) }
        guard let header = rows.first else {
            columns = []
            return
        }
        let names = Self.columnNames(header)
        let body = rows.dropFirst()
        columns = (0..<width).map { index in
            Self.typedColumn(name: names[index], cells: body.map { $0[index] })
        }
    }

    /// pandas' header: "Unnamed: i" for empty names, then ".n" suffixes for repeats, named columns
    /// first.
    static func columnNames(_ header: [Cell]) -> [Value] {
        var names: [Value] = header.enumerated().map { index, cell in
            switch cell {
            case .empty, .text(""): .text("Unnamed: \(index)")
            case .error: .number(.nan)
            case .number(let number): .number(number)
            case .text(let text): .text(text)
            case .bool(let flag): .bool(flag)
            case .date(let moment): .date(moment)
            }
        }
        let unnamed = header.indices.filter { header[$0] == .empty || header[$0] == .text("") }
        let order = header.indices.filter { !unnamed.contains($0) } + unnamed
        var counts: [Value: Int] = [:]
        func key(_ value: Value) -> Value {
            // Python dict keys: True == 1 == 1.0.
            if case .bool(let flag) = value { return .number(flag ? 1 : 0) }
            if case .number(let number) = value, number == 0 { return .number(0) }
            return value
        }
        for index in order {
            let original = names[index]
            var name = original
            var count = counts[key(name)] ?? 0
            if count > 0 {
                while count > 0 {
                    counts[key(original)] = count + 1
                    name = .text(Self.pythonStr(original) + ".\(count)")
                    if names.contains(where: { Self.pythonEquals($0, name) }) {
                        count += 1
                    } else {
                        count = counts[key(name)] ?? 0
                    }
                }
            }
            names[index] = name
            counts[key(name)] = count + 1
        }
        return names
    }

    /// pandas' default missing-value texts.
    static let missingTexts: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]
    static let trueTexts: Set<String> = ["True", "TRUE", "true"]
    static let falseTexts: Set<String> = ["False", "FALSE", "false"]

    /// Types one column as pandas' parser does.
    static func typedColumn(name: Value, cells: [Cell]) -> Column {
        // Missing values first.
        let cells = cells.map { cell -> Cell in
            switch cell {
            case .empty, .error: .empty
            case .text(let text) where missingTexts.contains(text): .empty
            default: cell
            }
        }
        let present = cells.filter { $0 != .empty }
        let hasMissing = present.count != cells.count

        // Numbers: numbers, booleans and numeric texts.
        var numbers: [Double?] = []
        var sawFloat = hasMissing, sawInt = false, sawBool = false, numeric = true
        for cell in cells {
            switch cell {
            case .empty: numbers.append(nil)
            case .number(let number):
                numbers.append(number)
                if number.rounded() == number && Swift.abs(number) < 9.2e18 { sawInt = true } else { sawFloat = true }
            case .bool(let flag):
                numbers.append(flag ? 1 : 0)
                sawBool = true
            case .text(let text):
                guard let (number, isInt) = numericText(text) else { numeric = false; break }
                numbers.append(number)
                if isInt { sawInt = true } else { sawFloat = true }
            case .error, .date: numeric = false
            }
            if !numeric { break }
        }
        if numeric {
            if sawFloat || present.isEmpty {
                return Column(name: name, type: .float64, values: numbers.map { $0.map(Value.number) ?? .missing })
            }
            if sawInt {
                return Column(name: name, type: .int64, values: numbers.map { .number($0!) })
            }
            if sawBool {
                return Column(name: name, type: .bool, values: numbers.map { .bool($0! != 0) })
            }
        }

        // Booleans: booleans and the true/false texts.
        let booleans = present.allSatisfy { cell in
            switch cell {
            case .bool: true
            case .text(let text): trueTexts.contains(text) || falseTexts.contains(text)
            default: false
            }
        }
        if booleans {
            let values = cells.map { cell -> Value in
                switch cell {
                case .bool(let flag): .bool(flag)
                case .text(let text): .bool(trueTexts.contains(text))
                default: .missing
                }
            }
            return Column(name: name, type: hasMissing ? .object : .bool, values: values)
        }

        // Dates.
        let values = cells.map { cell -> Value in
            switch cell {
            case .empty, .error: .missing
            case .number(let number): .number(number)
            case .text(let text): .text(text)
            case .bool(let flag): .bool(flag)
            case .date(let moment): .date(moment)
            }
        }
        // pandas makes datetime64 of datetimes only; openpyxl's times of day stay objects.
        let dates = present.allSatisfy { if case .date(let moment) = $0 { !moment.isTimeOfDay } else { false } }
        return Column(name: name, type: dates ? .datetime64 : .object, values: values)
    }

    /// A text pandas reads as a number (surrounding blanks allowed), and whether it is an integer.
    static func numericText(_ text: String) -> (Double, Bool)? {
        let trimmed = text.pythonStrip()
        guard !trimmed.isEmpty else { return nil }
        switch trimmed.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return (.infinity, false)
        case "-inf", "-infinity": return (-.infinity, false)
        default: break
        }
        var sawDigit = false, sawPoint = false, sawExponent = false, expectSign = true, exponentDigit = true
        for char in trimmed {
            switch char {
            case "+", "-":
                guard expectSign else { return nil }
                expectSign = false
            case "0"..."9":
                sawDigit = true
                expectSign = false
                if sawExponent { exponentDigit = true }
            case ".":
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
                expectSign = false
            case "e", "E":
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
                expectSign = true
                exponentDigit = false
            default:
                return nil
            }
        }
        guard sawDigit, exponentDigit, let number = Double(trimmed) else { return nil }
        return (number, !sawPoint && !sawExponent)
    }

    /// `DataFrame.round(decimals)`: float64 columns rounded as NumPy does, the rest unchanged.
    func rounded(_ decimals: Int) -> SheetFrame {
        var copy = self
        for index in copy.columns.indices where copy.columns[index].type == .float64 {
            copy.columns[index].values = copy.columns[index].values.map { value in
                guard case .number(let number) = value else { return value }
                return .number(Self.numpyRound(number, decimals))
            }
        }
        return copy
    }

    /// NumPy's `round` for floats: scale, round half to even, unscale.
    static func numpyRound(_ value: Double, _ decimals: Int) -> Double {
        guard value.isFinite else { return value }
        if decimals >= 0 {
            let scale = pow(10.0, Double(decimals))
            return (value * scale).rounded(.toNearestOrEven) / scale
        }
        let scale = pow(10.0, Double(-decimals))
        return (value / scale).rounded(.toNearestOrEven) * scale
    }

    /// `DataFrame.equals`: same shape, column names, column types and values (NaN equals NaN).
    func pandasEquals(_ other: SheetFrame) -> Bool {
        guard columns.count == other.columns.count else { return false }
        for (a, b) in zip(columns, other.columns) {
            guard Self.pythonEquals(a.name, b.name), a.type == b.type, a.values.count == b.values.count else { return false }
            for (x, y) in zip(a.values, b.values) where !(x == .missing && y == .missing) {
                guard Self.pythonEquals(x, y) else { return false }
            }
        }
        return true
    }

    /// Where two frames first differ, for a reason.
    func difference(from other: SheetFrame) -> String {
        if columns.count != other.columns.count { return "\(columns.count) columns, expected \(other.columns.count)" }
        for (index, (a, b)) in zip(columns, other.columns).enumerated() {
            let label = "column \(CellAddress.columnLetters(index + 1))"
            if !Self.pythonEquals(a.name, b.name) { return "\(label) is named \(Self.repr(a.name)), expected \(Self.repr(b.name))" }
            if a.values.count != b.values.count { return "\(a.values.count) data rows, expected \(b.values.count)" }
            if a.type != b.type { return "\(label) holds \(a.type.rawValue) values, expected \(b.type.rawValue)" }
            for (row, (x, y)) in zip(a.values, b.values).enumerated() where !(x == .missing && y == .missing) && !Self.pythonEquals(x, y) {
                return "cell \(CellAddress.columnLetters(index + 1))\(row + 2) is \(Self.repr(x)), expected \(Self.repr(y))"
            }
        }
        return "the sheets differ"
    }

    static func pythonEquals(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.text(x), .text(y)): return x.pythonEquals(y)
        case let (.date(x), .date(y)): return x == y
        case (.missing, _), (_, .missing), (.text, _), (_, .text), (.date, _), (_, .date): return false
        default:
            func number(_ value: Value) -> Double? {
                switch value {
                case .number(let n): n
                case .bool(let flag): flag ? 1 : 0
                default: nil
                }
            }
            return number(a) == number(b)
        }
    }

    static func pythonStr(_ value: Value) -> String {
        switch value {
        case .missing: "nan"
        case .number(let number): JSONValue.number(number).pythonRepr
        case .text(let text): text
        case .bool(let flag): flag ? "True" : "False"
        case .date(let moment): moment.pythonString
        }
    }

    static func repr(_ value: Value) -> String {
        if case .text(let text) = value { return text.pythonRepr.clipped }
        return pythonStr(value)
    }
}
