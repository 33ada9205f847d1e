import DeskgymCore

/// One rule of `compare_table`'s `options.rules`, checked for shape before any file is read.
enum TableRule: Sendable {
    /// `sheet_name`: both workbooks have the same sheet names in the same order.
    case sheetName
    /// `sheet_data`: two sheets hold the same data as pandas reads it, rounded to `precision` decimals.
    case sheetData(SheetReference, SheetReference, precision: Int)
    /// `sheet_print`: two sheets' CSV exports (`<book>-<sheet>.csv` beside the workbook) have the
    /// same non-blank-ended lines, each stripped.
    case sheetPrint(SheetReference, SheetReference, ignoreCase: Bool)
    /// `sheet_fuzzy`: cells in ranges compared as text, exactly, by inclusion or fuzzily.
    case sheetFuzzy(SheetReference, SheetReference, [FuzzyRangeRule])
    /// `check_cell`: one cell's value and formatting against value rules.
    case checkCell(SheetReference, CellAddress, [(property: String, rule: ValueRule)])
    /// `zoom`: the sheet's zoom (100 when unset) against a value rule.
    case zoom(SheetReference, ValueRule)
    /// `freeze`: two sheets have the same frozen panes.
    case freeze(SheetReference, SheetReference)

    /// A `sheet_fuzzy` sub-rule.
    struct FuzzyRangeRule: Sendable {
        enum Kind: String, Sendable { case includes, includedBy = "included_by", fuzzyMatch = "fuzzy_match", exactMatch = "exact_match" }
        var ranges: [CellRange]
        var kind: Kind
        var threshold: Double
        var ignoreCase: Bool
        var ignoreChars: String?
        var trimLeadings: String?
        var trimTrailings: String?
        var normalization: [(String, String)]
    }

    /// The cell properties `check_cell` can read.
    static let cellProperties: Set<String> = [
        "value", "merge", "number_format", "font_name", "font_family", "font_color", "font_bold", "font_italic",
        "font_underline", "font_size", "fill_type", "bgcolor", "fgcolor",
    ]

    /// The OSWorld rule types Deskgym does not implement.
    static let unsupportedTypes: Set<String> = [
        "sparkline", "chart", "style", "data_validation", "row_props", "col_props", "filter", "pivot_table",
    ]

    /// Reads `options.rules[index]`.
    init(_ json: JSONValue, index: Int) throws(MetricError) {
        let place = "options.rules[\(index)]"
        func fail(_ message: String, _ kind: MetricError.Kind = .malformedOptions) -> MetricError {
            MetricError(kind, metric: "compare_table", "\(place)\(message)")
        }
        guard let rule = json.objectValue else { throw fail(" must be an object, not \(json.typeName)") }
        guard let type = rule["type"]?.stringValue else { throw fail(".type must be a string") }
        func sheet(_ key: String) throws(MetricError) -> SheetReference {
            guard let value = rule[key] else { throw fail(".\(key) is missing") }
            guard let reference = SheetReference(value) else {
                throw fail(".\(key) must be a sheet index or \"RI<n>\", \"RN<name>\", \"EI<n>\", \"EN<name>\", not \(value.pythonRepr)")
            }
            return reference
        }
        switch type {
        case "sheet_name":
            self = .sheetName
        case "sheet_data":
            let precision = rule["precision"] ?? .number(4)
            guard let digits = precision.intValue else { throw fail(".precision must be an integer") }
            self = .sheetData(try sheet("sheet_idx0"), try sheet("sheet_idx1"), precision: digits)
        case "sheet_print":
            self = .sheetPrint(try sheet("sheet_idx0"), try sheet("sheet_idx1"), ignoreCase: rule["ignore_case"]?.pythonTruthy ?? false)
        case "sheet_fuzzy":
            guard case .array(let items)? = rule["rules"] else { throw fail(".rules must be a list") }
            var subrules: [FuzzyRangeRule] = []
            for (number, item) in items.enumerated() {
                subrules.append(try Self.fuzzyRule(item, place: "\(place).rules[\(number)]"))
            }
            self = .sheetFuzzy(try sheet("sheet_idx0"), try sheet("sheet_idx1"), subrules)
        case "check_cell":
            guard let text = rule["coordinate"]?.stringValue, let address = CellAddress(text) else {
                throw fail(".coordinate must be a cell reference such as \"B3\"")
            }
            guard let props = rule["props"]?.objectValue else { throw fail(".props must be an object") }
            var checks: [(property: String, rule: ValueRule)] = []
            for (property, check) in props.sorted(by: { $0.key < $1.key }) {
                if property == "hyperlink" { throw fail(".props.hyperlink is not supported", .unsupported) }
                guard Self.cellProperties.contains(property) else {
                    throw fail(".props.\(property) is not a cell property (\(Self.cellProperties.sorted().joined(separator: ", ")))")
                }
                checks.append((property, try ValueRule(check, metric: "compare_table", at: "\(place).props.\(property)")))
            }
            self = .checkCell(try sheet("sheet_idx"), address, checks)
        case "zoom":
            self = .zoom(try sheet("sheet_idx"), try ValueRule(json, metric: "compare_table", at: place))
        case "freeze":
            self = .freeze(try sheet("sheet_idx0"), try sheet("sheet_idx1"))
        default:
            if Self.unsupportedTypes.contains(type) { throw fail(": rule type '\(type)' is not supported", .unsupported) }
            throw fail(".type '\(type)' is not a compare_table rule")
        }
    }

    private static func fuzzyRule(_ json: JSONValue, place: String) throws(MetricError) -> FuzzyRangeRule {
        func fail(_ message: String) -> MetricError { MetricError(.malformedOptions, metric: "compare_table", "\(place)\(message)") }
        guard let rule = json.objectValue else { throw fail(" must be an object") }
        guard let kindName = rule["type"]?.stringValue, let kind = FuzzyRangeRule.Kind(rawValue: kindName) else {
            throw fail(".type must be includes, included_by, fuzzy_match or exact_match")
        }
        let rangeTexts: [JSONValue]
        switch rule["range"] {
        case .array(let items)?: rangeTexts = items
        case .string(let text)?: rangeTexts = [.string(text)]
        default: throw fail(".range must be a list of ranges such as \"A1:B6\"")
        }
        var ranges: [CellRange] = []
        for item in rangeTexts {
            // openpyxl's MultiCellRange also takes several ranges in one string, blank-separated.
            for part in (item.stringValue ?? "").split(separator: " ") {
                guard let range = CellRange(String(part)) else { throw fail(".range has \(item.pythonRepr), not a range") }
                ranges.append(range)
            }
        }
        var pairs: [(String, String)] = []
        for pair in rule["normalization"]?.arrayValue ?? [] {
            guard let items = pair.arrayValue, items.count >= 2, let from = items[0].stringValue, let to = items[1].stringValue else {
                throw fail(".normalization must be a list of [from, to] string pairs")
            }
            pairs.append((from, to))
        }
        return FuzzyRangeRule(
            ranges: ranges, kind: kind, threshold: rule["threshold"]?.numberValue ?? 85,
            ignoreCase: rule["ignore_case"]?.pythonTruthy ?? false,
            ignoreChars: rule["ignore_chars"]?.stringValue, trimLeadings: rule["trim_leadings"]?.stringValue,
            trimTrailings: rule["trim_trailings"]?.stringValue, normalization: pairs)
    }
}

extension TableRule {
    /// The rule's OSWorld type name.
    var typeName: String {
        switch self {
        case .sheetName: "sheet_name"
        case .sheetData: "sheet_data"
        case .sheetPrint: "sheet_print"
        case .sheetFuzzy: "sheet_fuzzy"
        case .checkCell: "check_cell"
        case .zoom: "zoom"
        case .freeze: "freeze"
        }
    }
}
