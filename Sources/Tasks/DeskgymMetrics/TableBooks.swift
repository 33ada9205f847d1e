import DeskgymCore
import Foundation

/// The workbooks one `compare_table` call compares.
struct TableBooks {
    var result: XLSXWorkbook
    var resultURL: URL
    var expected: XLSXWorkbook?
    var expectedURL: URL?

    /// The workbook, its file and the sheet name a reference means ("" when an index is out of
    /// range, as in OSWorld).
    func resolve(_ reference: SheetReference) -> (book: XLSXWorkbook?, url: URL?, name: String) {
        let book = reference.inExpected ? expected : result
        let url = reference.inExpected ? expectedURL : resultURL
        let names = book?.sheetNames ?? []
        switch reference {
        case .resultName(let name), .expectedName(let name):
            return (book, url, name)
        case .resultIndex(let index), .expectedIndex(let index):
            let position = index < 0 ? names.count + index : index
            return (book, url, names.indices.contains(position) ? names[position] : "")
        }
    }

    /// The sheet a reference means, if it exists.
    func sheet(_ reference: SheetReference) -> XLSXWorkbook.Sheet? {
        let (book, _, name) = resolve(reference)
        return book?.sheet(named: name)
    }

    /// The sheet a reference means, for reasons.
    func describe(_ reference: SheetReference) -> String {
        let (book, _, name) = resolve(reference)
        let side = reference.inExpected ? "expected" : "result"
        if book == nil { return "the \(side) workbook (none was given)" }
        return name.isEmpty ? "the \(side) workbook's sheet at that index" : "the \(side) sheet '\(name)'"
    }

    /// One rule's verdict.
    func check(_ rule: TableRule) -> MetricOutcome {
        switch rule {
        case .sheetName:
            guard let expected else { return .fail("there is no expected workbook") }
            return .check(
                result.sheetNames == expected.sheetNames,
                else: "sheet names \(result.sheetNames), expected \(expected.sheetNames)")

        case let .sheetData(first, second, precision):
            guard let a = sheet(first) else { return .fail("\(describe(first)) does not exist") }
            guard let b = sheet(second) else { return .fail("\(describe(second)) does not exist") }
            let left = SheetFrame(grid: a.frameGrid).rounded(precision)
            let right = SheetFrame(grid: b.frameGrid).rounded(precision)
            return .check(left.pandasEquals(right), else: left.difference(from: right))

        case let .sheetPrint(first, second, ignoreCase):
            guard let a = printedLines(first) else { return .fail("\(describe(first)) has no CSV export beside the workbook") }
            guard let b = printedLines(second) else { return .fail("\(describe(second)) has no CSV export beside the workbook") }
            let (left, right) = ignoreCase ? (a.map { $0.pythonLower() }, b.map { $0.pythonLower() }) : (a, b)
            let same = left.count == right.count && zip(left, right).allSatisfy { $0.pythonEquals($1) }
            return .check(same, else: "the printed sheets differ")

        case let .sheetFuzzy(first, second, subrules):
            return fuzzy(first, second, subrules)

        case let .checkCell(reference, address, checks):
            guard let sheet = sheet(reference) else { return .fail("\(describe(reference)) does not exist") }
            for (property, valueRule) in checks {
                let value = sheet.property(property, at: address)
                do {
                    if try !valueRule.matches(value) {
                        return .fail(
                            "\(address) \(property) is \(value?.pythonRepr.clipped ?? "None"), which fails \(valueRule.methodName) \(valueRule.ref?.pythonRepr.clipped ?? "None")"
                        )
                    }
                } catch {
                    return .fail("\(address) \(property): \(error)")
                }
            }
            return .pass

        case let .zoom(reference, valueRule):
            guard let sheet = sheet(reference) else { return .fail("\(describe(reference)) does not exist") }
            let zoom = sheet.zoomScale ?? 100
            do {
                return .check(
                    try valueRule.matches(.number(zoom)),
                    else: "zoom \(zoom) fails \(valueRule.methodName) \(valueRule.ref?.pythonRepr ?? "None")")
            } catch {
                return .fail("zoom: \(error)")
            }

        case let .freeze(first, second):
            guard let a = sheet(first) else { return .fail("\(describe(first)) does not exist") }
            guard let b = sheet(second) else { return .fail("\(describe(second)) does not exist") }
            return .check(
                Self.freezeKey(a.pane) == Self.freezeKey(b.pane),
                else: "frozen panes \(Self.freezeKey(a.pane)), expected \(Self.freezeKey(b.pane))")
        }
    }

    /// OSWorld's `_freeze_compare_key`: frozen panes by their split counts, other panes with their
    /// top-left cell too.
    static func freezeKey(_ pane: XLSXWorkbook.Pane?) -> [String] {
        guard let pane else { return ["none"] }
        let x = String(Int(pane.xSplit ?? 0)), y = String(Int(pane.ySplit ?? 0))
        let state = (pane.state ?? "").lowercased()
        if state == "frozen" || state == "frozensplit" { return ["frozen", x, y] }
        return ["other", x, y, pane.topLeftCell ?? "None"]
    }

    /// `sheet_print`'s view: the lines of `<book>-<sheet>.csv`, stripped, without trailing blank
    /// lines (OSWorld keeps them reversed; the comparison is the same).
    func printedLines(_ reference: SheetReference) -> [String]? {
        let (_, url, name) = resolve(reference)
        guard let url else { return nil }
        let csv = URL(fileURLWithPath: url.deletingPathExtension().path + "-\(name).csv")
        guard let text = try? TextFile.readLenient(csv) else { return nil }
        var lines = text.pythonSplitLines().map { $0.pythonStrip() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    func fuzzy(_ first: SheetReference, _ second: SheetReference, _ subrules: [TableRule.FuzzyRangeRule]) -> MetricOutcome {
        let a = sheet(first), b = sheet(second)
        for subrule in subrules {
            for range in subrule.ranges {
                for address in range.cells {
                    var left = Self.pythonStr(a?.osworldValue(at: address))
                    var right = Self.pythonStr(b?.osworldValue(at: address))
                    for (from, to) in subrule.normalization {
                        left = left.replacingOccurrences(of: from, with: to)
                        right = right.replacingOccurrences(of: from, with: to)
                    }
                    if let chars = subrule.trimLeadings {
                        left = left.pythonStrip(chars, trailing: false)
                        right = right.pythonStrip(chars, trailing: false)
                    }
                    if let chars = subrule.trimTrailings {
                        left = left.pythonStrip(chars, leading: false)
                        right = right.pythonStrip(chars, leading: false)
                    }
                    if let chars = subrule.ignoreChars {
                        let drop = Set(chars.unicodeScalars)
                        left = String(String.UnicodeScalarView(left.unicodeScalars.filter { !drop.contains($0) }))
                        right = String(String.UnicodeScalarView(right.unicodeScalars.filter { !drop.contains($0) }))
                    }
                    if subrule.ignoreCase {
                        left = left.pythonLower()
                        right = right.pythonLower()
                    }
                    let holds: Bool
                    switch subrule.kind {
                    case .includes: holds = left.pythonContains(right)
                    case .includedBy: holds = right.pythonContains(left)
                    case .exactMatch: holds = left.pythonEquals(right)
                    case .fuzzyMatch: holds = FuzzyRatio.percent(left, right) >= subrule.threshold
                    }
                    if !holds {
                        return .fail("\(address): \(left.pythonRepr.clipped) vs \(right.pythonRepr.clipped) fails \(subrule.kind.rawValue)")
                    }
                }
            }
        }
        return .pass
    }

    /// Python `str()` of a `read_cell_value` result: floats as "1.0", `None` as "None".
    static func pythonStr(_ value: JSONValue?) -> String {
        switch value {
        case nil: "None"
        case .number(let number)?: number.pythonFloatRepr
        case let other?: other.pythonStr
        }
    }
}
