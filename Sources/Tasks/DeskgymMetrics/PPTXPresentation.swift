/// What OSWorld's `compare_pptx_files` reads of a .pptx through python-pptx: slides in order, and
/// per slide its background colour, notes text, shapes (position and size, text frames, tables,
/// groups) and the bullets of its paragraphs. Values are kept as python-pptx reports them: nil
/// where it reports `None`.
struct PPTXPresentation: Sendable {
    var slides: [Slide]
    /// `p:sldSz/@cx` and `@cy` of `ppt/presentation.xml`, in EMU: python-pptx's `slide_width` and
    /// `slide_height` (nil when the presentation has no `p:sldSz` or the value is not a number).
    var slideWidth: Int? = nil
    var slideHeight: Int? = nil

    /// One slide.
    struct Slide: Sendable {
        /// The top-level shapes of the slide's shape tree, in document order.
        var shapes: [Shape]
        /// The notes placeholder's text ("" when the slide has no notes slide or placeholder).
        var notes: String
        var background: Background
        /// Every paragraph of the slide part that has text, as OSWorld's `_extract_bullets` reads
        /// it; nil when an empty `<a:t/>` makes that function fail (OSWorld then skips the check).
        var bullets: [Bullet]?
        /// `slide.background.fill` as python-pptx reads it (no `p:bg`/`p:bgPr` reads as `noFill`).
        var fill: PPTXBackgroundFill = .noFill
        /// The fill of the slide's master's background; nil when the slide has no layout or the
        /// layout no master (python-pptx raises there).
        var masterFill: PPTXBackgroundFill? = nil
    }

    /// A slide's background colour as `get_slide_background_color` gives it: the slide's solid
    /// fill, or when the slide has no fill of its own the master's solid fill.
    enum Background: Sendable, Hashable {
        /// No solid fill: `None`.
        case none
        /// A solid fill of this colour (six hex digits, upper case).
        case rgb(String)
        /// A solid fill whose colour is not an RGB value (a theme colour): python-pptx raises on it.
        case unreadable(String)
    }

    /// A shape (`p:sp`, `p:pic`, `p:graphicFrame`, `p:grpSp`, `p:cxnSp`, `p:contentPart`).
    struct Shape: Sendable {
        /// The element's local name, such as "sp".
        var element: String
        /// python-pptx's `shape_type` (`MSO_SHAPE_TYPE`: 1 auto shape, 5 freeform, 6 group,
        /// 13 picture, 14 placeholder, 17 text box, 19 table, …); nil where it has none.
        var shapeType: Int?
        /// Position and size in EMU; a placeholder without its own takes its layout's.
        var left: Int?
        var top: Int?
        var width: Int?
        var height: Int?
        /// The text frame's paragraphs, for `p:sp` shapes only (python-pptx's `Shape`, the only kind
        /// with a `text`); a shape without a text body reads as one empty paragraph, as python-pptx adds.
        var paragraphs: [Paragraph]?
        /// The table of a table graphic frame.
        var table: Table?
        /// The shapes of a group.
        var children: [Shape]

        /// `shape.text`: the paragraphs joined by "\n"; nil for shapes that have no text.
        var text: String? { paragraphs.map { $0.map(\.text).joined(separator: "\n") } }
    }

    /// A paragraph (`a:p`).
    struct Paragraph: Sendable {
        /// `a:pPr/@algn` ("l", "ctr", "r", "just", …), nil when not set.
        var alignment: String?
        /// `a:pPr/@lvl`, 0 when not set.
        var level: Int
        /// Runs, fields and line breaks ("\u{0B}") joined.
        var text: String
        /// The `a:r` runs (fields and breaks are not runs).
        var runs: [Run]
    }

    /// A text run (`a:r`).
    struct Run: Sendable {
        var text: String
        var font: Font
    }

    /// A run's own character properties (`a:rPr`), nothing inherited.
    struct Font: Sendable, Hashable {
        /// `a:latin/@typeface`.
        var name: String?
        /// `@sz`, in hundredths of a point.
        var size: Int?
        var bold: Bool?
        var italic: Bool?
        var underline: Underline?
        /// `@strike`, "noStrike" when not set.
        var strike: String
        /// The colour of a solid fill given as RGB (upper-case hex); nil for any other colour, where
        /// python-pptx has no `rgb`.
        var rgb: String?
    }

    /// `font.underline`: `False` for "none", `True` for "sng", the style's name otherwise.
    enum Underline: Sendable, Hashable {
        case off
        case single
        case other(String)
    }

    /// A table: its grid's column count and each row's cells, a cell being its paragraphs.
    struct Table: Sendable {
        var columnCount: Int
        var rows: [[[Paragraph]]]
    }

    /// One entry of `_extract_bullets`: level ("No Level" without paragraph properties, "0" when
    /// the level is not set), bullet character ("No Bullet"), text, bullet colour ("No Color").
    struct Bullet: Sendable, Hashable {
        var level: String
        var character: String
        var text: String
        var color: String
    }
}
