/// A slide's or master's background fill as python-pptx's `background.fill` gives it: the first
/// fill element of `p:cSld/p:bg/p:bgPr`. A background without `p:bgPr` (none at all, or a theme
/// reference `p:bgRef`) reads as `noFill`, because python-pptx replaces it with one on access.
enum PPTXBackgroundFill: Sendable, Hashable {
    /// `a:solidFill` (`MSO_FILL.SOLID`, 1) and its colour as python-pptx's `fore_color.rgb` reads
    /// it: the three channels of an `a:srgbClr`, nil for any other colour (a theme colour, say),
    /// which has no `rgb`.
    case solid(rgb: [Int]?)
    /// `a:noFill` (`MSO_FILL.BACKGROUND`, 5).
    case noFill
    /// Any other fill: `a:gradFill` (3), `a:pattFill` (2), `a:blipFill` (6), `a:grpFill` (101), or
    /// a `p:bgPr` without a fill (`None`).
    case other(String)

    static let fillTypes = ["solidFill": 1, "pattFill": 2, "gradFill": 3, "noFill": 5, "blipFill": 6, "grpFill": 101]

    /// The background fill of a slide, layout or master part.
    init(of root: XMLTreeNode) {
        guard let properties = root.child("cSld")?.child("bg")?.child("bgPr") else {
            self = .noFill
            return
        }
        let fill = properties.children.first { Self.fillTypes[$0.name] != nil }
        switch fill?.name {
        case "solidFill"?: self = .solid(rgb: fill?.child("srgbClr").flatMap { Self.channels($0.attributes["val"]) })
        case "noFill"?: self = .noFill
        case let name?: self = .other(name)
        case nil: self = .other("no fill")
        }
    }

    /// `RGBColor.from_string`: six hex digits → [r, g, b]; nil for anything else.
    static func channels(_ hex: String?) -> [Int]? {
        guard let hex, hex.utf8.count == 6, hex.allSatisfy(\.isHexDigit) else { return nil }
        let digits = Array(hex)
        return stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0...$0 + 1]), radix: 16)! }
    }
}
