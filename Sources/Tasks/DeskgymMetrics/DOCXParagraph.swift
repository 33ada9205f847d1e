import Foundation

/// A value python-docx reads from an attribute and converts when asked: the converted value, or the
/// text it would raise on (python-docx raises only when the property is read, so a metric fails
/// only when it looks at it).
enum DOCXValue<Value: Hashable & Sendable>: Hashable, Sendable {
    case value(Value)
    case invalid(String)
}

/// A body paragraph of a .docx as python-docx's `Paragraph` sees it: its `text`, its `runs` (the
/// `w:r` children only, not those inside hyperlinks, as python-docx's `Paragraph.runs`), and the
/// paragraph formatting set on the paragraph itself (`w:pPr`; python-docx's `paragraph_format`
/// does not look at styles).
struct DOCXParagraph: Sendable, Hashable {
    var text: String
    var runs: [DOCXRun]
    /// `paragraph_format.line_spacing`; nil when `w:spacing/@w:line` is not set.
    var lineSpacing: DOCXValue<DOCXLineSpacing>?
    /// `w:jc/@w:val` (python-docx's `paragraph_format.alignment`, by its XML name: "center", …).
    var alignment: String?
    /// `paragraph_format.tab_stops`: the `w:tabs/w:tab` children, in order.
    var tabStops: [DOCXTabStop]

    init(_ paragraph: XMLTreeNode) {
        text = DOCXDocument.paragraphText(paragraph)
        runs = paragraph.children("r").map(DOCXRun.init)
        let properties = paragraph.child("pPr")
        alignment = properties?.child("jc")?.attributes["val"]
        tabStops =
            properties?.child("tabs")?.children("tab").map { tab in
                DOCXTabStop(alignment: tab.attributes["val"] ?? "", position: tab.attributes["pos"].map(DOCXMeasure.signedTwips))
            } ?? []
        lineSpacing = properties?.child("spacing").flatMap(DOCXLineSpacing.read)
    }
}

/// python-docx's `paragraph_format.line_spacing`: a number of lines (`float`) when the rule is
/// `auto` or unset, else a height (`Length`, in EMU) for `exact` and `atLeast`.
enum DOCXLineSpacing: Sendable, Hashable, CustomStringConvertible {
    case lines(Double)
    case height(Int)

    /// The value of a `w:spacing` element; nil when it has no `w:line`.
    static func read(_ spacing: XMLTreeNode) -> DOCXValue<DOCXLineSpacing>? {
        guard let line = spacing.attributes["line"] else { return nil }
        guard case .value(let emu) = DOCXMeasure.signedTwips(line) else { return .invalid("w:spacing/@w:line \(line.pythonRepr)") }
        switch spacing.attributes["lineRule"] {
        // Python's Length / Pt(12): true division of two ints.
        case nil, "auto": return .value(.lines(Double(emu) / 152_400))
        case "exact", "atLeast": return .value(.height(emu))
        case let rule?: return .invalid("w:spacing/@w:lineRule \(rule.pythonRepr)")
        }
    }

    /// Python's `==` between the two values (a float and an int compare by value).
    func pythonEquals(_ other: DOCXLineSpacing) -> Bool {
        switch (self, other) {
        case (.lines(let a), .lines(let b)): a == b
        case (.height(let a), .height(let b)): a == b
        case (.lines(let a), .height(let b)), (.height(let b), .lines(let a)): a == Double(b)
        }
    }

    var description: String {
        switch self {
        case .lines(let lines): "\(lines) lines"
        case .height(let emu): "\(Double(emu) / 12_700) pt"
        }
    }
}

/// A `w:tab` of a paragraph's `w:tabs`: its `w:val` ("left", "right", "clear", …) and `w:pos` in EMU.
struct DOCXTabStop: Sendable, Hashable {
    var alignment: String
    var position: DOCXValue<Int>?
}

/// A run as python-docx's `Run` and its `font` see it: only what the run's own `w:rPr` sets (a
/// property set by a style alone reads as None, as in python-docx).
struct DOCXRun: Sendable, Hashable {
    var text: String
    /// `font.name`: `w:rFonts/@w:ascii`.
    var fontName: String?
    /// `font.italic` and `font.strike`: nil when the element is absent; `<w:i/>` is on.
    var italic: DOCXValue<Bool>?
    var strike: DOCXValue<Bool>?
    /// `font.subscript`: nil without `w:vertAlign`, else whether it is "subscript".
    var isSubscript: Bool?
    /// `font.size` in EMU (`w:sz/@w:val` half-points).
    var size: DOCXValue<Int>?
    /// `font.color.rgb`: nil without `w:color` or for "auto", else the three bytes.
    var color: DOCXValue<[UInt8]>?
    /// The `w:br` elements with `w:type="page"` anywhere in the run.
    var pageBreaks: Int

    init(_ run: XMLTreeNode) {
        text = DOCXDocument.runText(run)
        pageBreaks = run.descendants("br").filter { $0.attributes["type"] == "page" }.count
        let properties = run.child("rPr")
        fontName = properties?.child("rFonts")?.attributes["ascii"]
        italic = properties?.child("i").map(Self.onOff)
        strike = properties?.child("strike").map(Self.onOff)
        isSubscript = properties?.child("vertAlign").map { $0.attributes["val"] == "subscript" }
        size = properties?.child("sz")?.attributes["val"].map(DOCXMeasure.halfPoints)
        color = properties?.child("color")?.attributes["val"].flatMap(Self.color)
    }

    /// ST_OnOff: a toggle element without `w:val` is on.
    static func onOff(_ element: XMLTreeNode) -> DOCXValue<Bool> {
        switch element.attributes["val"] {
        case nil, "1", "true", "on": .value(true)
        case "0", "false", "off": .value(false)
        case let other?: .invalid("w:\(element.name)/@w:val \(other.pythonRepr)")
        }
    }

    /// ST_HexColor: "auto" is no colour; six hex digits are RGB.
    static func color(_ value: String) -> DOCXValue<[UInt8]>? {
        if value == "auto" { return nil }
        let scalars = Array(value.utf8)
        guard scalars.count == 6, let number = UInt32(value, radix: 16) else { return .invalid("w:color/@w:val \(value.pythonRepr)") }
        return .value([UInt8(number >> 16 & 0xFF), UInt8(number >> 8 & 0xFF), UInt8(number & 0xFF)])
    }
}

/// python-docx's conversions of measures to EMU (`Length`).
enum DOCXMeasure {
    /// ST_SignedTwipsMeasure: twips (rounded as Python's `round`), or a universal measure.
    static func signedTwips(_ text: String) -> DOCXValue<Int> {
        if text.contains(where: { "imp".contains($0) }) { return universal(text) }
        guard let value = Double(text.pythonStrip()), value.isFinite else { return .invalid(text.pythonRepr) }
        return .value(Int(value.rounded(.toNearestOrEven)) * 635)
    }

    /// ST_TwipsMeasure: whole twips, or a universal measure.
    static func twips(_ text: String) -> DOCXValue<Int> {
        if text.contains(where: { "imp".contains($0) }) { return universal(text) }
        guard let value = Int(text.pythonStrip()) else { return .invalid(text.pythonRepr) }
        return .value(value * 635)
    }

    /// ST_HpsMeasure: half-points (`Pt(n / 2.0)`), or a universal measure.
    static func halfPoints(_ text: String) -> DOCXValue<Int> {
        if text.contains(where: { "mnp".contains($0) }) { return universal(text) }
        guard let value = Int(text.pythonStrip()) else { return .invalid(text.pythonRepr) }
        return .value(Int(Double(value) / 2 * 12_700))
    }

    /// ST_UniversalMeasure: a number and a two-letter unit.
    static func universal(_ text: String) -> DOCXValue<Int> {
        let units: [String: Double] = ["mm": 36_000, "cm": 360_000, "in": 914_400, "pt": 12_700, "pc": 152_400, "pi": 152_400]
        guard text.count > 2, let multiplier = units[String(text.suffix(2))],
            let quantity = Double(text.dropLast(2).trimmingCharacters(in: .whitespaces)), quantity.isFinite
        else {
            return .invalid(text.pythonRepr)
        }
        return .value(Int((quantity * multiplier).rounded(.toNearestOrEven)))
    }
}
