/// The formatting of a cell, as openpyxl reports it to OSWorld's `check_cell`: the number format
/// code, the font and the fill of the cell's `cellXfs` entry in styles.xml.
struct XLSXStyle: Sendable, Hashable {
    /// A font, as openpyxl reads it: bold and italic are false when absent, other unset properties nil.
    struct Font: Sendable, Hashable {
        var name: String?
        var family: Double?
        var size: Double?
        var bold = false
        var italic = false
        var underline: String?
        /// aRGB ("FF0000FF"); nil when absent or given as a theme, indexed or automatic colour
        /// (openpyxl has no `rgb` string then).
        var color: String?
    }

    /// A fill: a pattern with its foreground colour (aRGB, "00000000" when unset, nil when a theme
    /// or indexed colour), or a gradient.
    enum Fill: Sendable, Hashable {
        case pattern(foreground: String?)
        case gradient
    }

    /// The number format code.
    var numberFormat: String = "General" {
        didSet { isDate = Self.isDateFormat(numberFormat) }
    }
    var font: Font?
    var fill: Fill?
    /// Whether openpyxl reads numbers in this format as dates or times (and pandas then as datetimes).
    private(set) var isDate = false

    /// openpyxl's `is_date_format`: the first section, without quoted text and bracketed codes
    /// (except the elapsed-time `[h]`, `[mm]`, `[ss]`), has a d, m, h, y or s not after a backslash.
    static func isDateFormat(_ format: String) -> Bool {
        let section = Array(format.split(separator: ";", omittingEmptySubsequences: false).first ?? "")
        var index = 0
        var previous: Character?
        while index < section.count {
            let char = section[index]
            if char == "\"" {
                index += 1
                while index < section.count, section[index] != "\"" { index += 1 }
                index += 1
                previous = nil
                continue
            }
            if char == "[" {
                var end = index + 1
                while end < section.count, section[end] != "]" { end += 1 }
                let inner = String(section[Swift.min(index + 1, section.count)..<Swift.min(end, section.count)]).lowercased()
                if ["h", "hh", "m", "mm", "s", "ss"].contains(inner) { return true }
                index = end + 1
                previous = nil
                continue
            }
            if "dmhysDMHYS".contains(char), previous != "\\" { return true }
            previous = char
            index += 1
        }
        return false
    }

    /// openpyxl's built-in number formats by id.
    static let builtinFormats: [Int: String] = [
        0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
        5: "\"$\"#,##0_);(\"$\"#,##0)", 6: "\"$\"#,##0_);[Red](\"$\"#,##0)",
        7: "\"$\"#,##0.00_);(\"$\"#,##0.00)", 8: "\"$\"#,##0.00_);[Red](\"$\"#,##0.00)",
        9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
        14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
        20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
        37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)", 40: "#,##0.00_);[Red](#,##0.00)",
        41: "_(* #,##0_);_(* \\(#,##0\\);_(* \"-\"_);_(@_)",
        42: "_(\"$\"* #,##0_);_(\"$\"* \\(#,##0\\);_(\"$\"* \"-\"_);_(@_)",
        43: "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* \"-\"??_);_(@_)",
        44: "_(\"$\"* #,##0.00_)_(\"$\"* \\(#,##0.00\\)_(\"$\"* \"-\"??_)_(@_)",
        45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
    ]

    /// The `cellXfs` styles of a styles.xml document, by index.
    static func cellStyles(_ styles: XMLTreeNode) -> [XLSXStyle] {
        var formats = builtinFormats
        for format in styles.child("numFmts")?.children("numFmt") ?? [] {
            if let id = format.attributes["numFmtId"].flatMap({ Int($0) }), let code = format.attributes["formatCode"] {
                formats[id] = code
            }
        }
        let fonts = (styles.child("fonts")?.children("font") ?? []).map(font)
        let fills = (styles.child("fills")?.children("fill") ?? []).map(fill)
        return (styles.child("cellXfs")?.children("xf") ?? []).map { xf in
            var style = XLSXStyle()
            let id = xf.attributes["numFmtId"].flatMap { Int($0) } ?? 0
            style.numberFormat = formats[id] ?? "General"
            if let index = xf.attributes["fontId"].flatMap({ Int($0) }), fonts.indices.contains(index) { style.font = fonts[index] }
            if let index = xf.attributes["fillId"].flatMap({ Int($0) }), fills.indices.contains(index) { style.fill = fills[index] }
            return style
        }
    }

    private static func font(_ node: XMLTreeNode) -> Font {
        func value(_ name: String) -> String? { node.child(name)?.attributes["val"] }
        func flag(_ name: String) -> Bool {
            guard let element = node.child(name) else { return false }
            guard let raw = element.attributes["val"] else { return true }
            return !["0", "false", "False", "FALSE", "f", "F"].contains(raw)
        }
        var font = Font()
        font.name = value("name")
        font.family = value("family").flatMap(Double.init)
        font.size = value("sz").flatMap(Double.init)
        font.bold = flag("b")
        font.italic = flag("i")
        if let underline = node.child("u") {
            let raw = underline.attributes["val"] ?? "single"
            font.underline = raw == "none" ? nil : raw
        }
        font.color = node.child("color").flatMap(rgb)
        return font
    }

    private static func fill(_ node: XMLTreeNode) -> Fill? {
        if let pattern = node.child("patternFill") {
            guard let foreground = pattern.child("fgColor") else { return .pattern(foreground: "00000000") }
            return .pattern(foreground: rgb(foreground))
        }
        return node.child("gradientFill") != nil ? .gradient : nil
    }

    /// A colour element's aRGB as openpyxl gives it: six hex digits get "00" in front.
    private static func rgb(_ color: XMLTreeNode) -> String? {
        guard color.attributes["indexed"] == nil, color.attributes["theme"] == nil, color.attributes["auto"] == nil else {
            return nil
        }
        guard let value = color.attributes["rgb"] ?? Optional("00000000"),
            value.allSatisfy(\.isHexDigit), value.count == 8 || value.count == 6
        else { return nil }
        return value.count == 6 ? "00" + value : value
    }
}
