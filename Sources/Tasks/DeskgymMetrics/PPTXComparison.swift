import DeskgymCore

/// OSWorld's `compare_pptx_files` comparison of two presentations, with its options (all but
/// `enable_debug` and `examine_shape_lenient_height`, which it does not act on): each `examine_*`
/// switches one check, `approximately_tolerance` (0.005) is the relative tolerance of positions
/// and sizes. The checks run in OSWorld's order and the first that fails decides, so the reason
/// names it. Where OSWorld's Python would raise (a position missing on one side only, a theme
/// colour as a slide background, a table facing a shape that is not one) the score is 0 and the
/// reason says so.
struct PPTXComparison {
    var numberOfSlides = true, shape = true, text = true, indent = true
    var fontName = true, fontSize = true, fontBold = true, fontItalic = true, colorRGB = true
    var fontUnderline = true, strikeThrough = true, alignment = true, runCount = true
    var bullets = true, backgroundColor = true, note = true
    var titleBottomPosition = false, tableBottomPosition = false, rightPosition = false, topPosition = false
    var shapeForShiftSize = false, imageSize = false, modifyHeight = false
    var tolerance = 0.005

    /// Why the presentations differ (or why OSWorld would have failed on them).
    struct Mismatch: Error {
        var reason: String
    }

    init(options: [String: JSONValue]) throws(MetricError) {
        func flag(_ name: String, _ value: inout Bool) { if let option = options[name] { value = option.pythonTruthy } }
        flag("examine_number_of_slides", &numberOfSlides)
        flag("examine_shape", &shape)
        flag("examine_text", &text)
        flag("examine_indent", &indent)
        flag("examine_font_name", &fontName)
        flag("examine_font_size", &fontSize)
        flag("examine_font_bold", &fontBold)
        flag("examine_font_italic", &fontItalic)
        flag("examine_color_rgb", &colorRGB)
        flag("examine_font_underline", &fontUnderline)
        flag("examine_strike_through", &strikeThrough)
        flag("examine_alignment", &alignment)
        flag("examine_title_bottom_position", &titleBottomPosition)
        flag("examine_table_bottom_position", &tableBottomPosition)
        flag("examine_run_count", &runCount)
        flag("examine_right_position", &rightPosition)
        flag("examine_top_position", &topPosition)
        flag("examine_shape_for_shift_size", &shapeForShiftSize)
        flag("examine_image_size", &imageSize)
        flag("examine_modify_height", &modifyHeight)
        flag("examine_bullets", &bullets)
        flag("examine_background_color", &backgroundColor)
        flag("examine_note", &note)
        if let value = options["approximately_tolerance"] {
            guard let number = value.pythonNumber else {
                throw MetricError(
                    .malformedOptions, metric: "compare_pptx_files",
                    "options.approximately_tolerance must be a number, not \(value.pythonRepr)")
            }
            tolerance = number
        }
    }

    /// 1 when the presentations match under the options, else 0 with the first difference.
    func compare(_ first: PPTXPresentation, _ second: PPTXPresentation) -> MetricOutcome {
        do throws(Mismatch) {
            if first.slides.count != second.slides.count && numberOfSlides {
                throw Mismatch(reason: "\(first.slides.count) slides, expected \(second.slides.count)")
            }
            for (index, (a, b)) in zip(first.slides, second.slides).enumerated() {
                try compare(slide: a, b, number: index + 1)
            }
            return .pass
        } catch {
            return .fail(error.reason)
        }
    }

    private func compare(slide a: PPTXPresentation.Slide, _ b: PPTXPresentation.Slide, number: Int) throws(Mismatch) {
        let place = "slide \(number)"
        // OSWorld reads both backgrounds whether or not it examines them.
        for background in [a.background, b.background] {
            if case .unreadable(let kind) = background {
                throw Mismatch(
                    reason:
                        "\(place): the background is a solid \(kind) fill, whose colour python-pptx cannot give as RGB (OSWorld raises here)"
                )
            }
        }
        if a.background != b.background && backgroundColor {
            throw Mismatch(reason: "\(place): background \(describe(a.background)), expected \(describe(b.background))")
        }
        if !a.notes.pythonStrip().pythonEquals(b.notes.pythonStrip()) && note {
            throw Mismatch(
                reason: "\(place): notes \(a.notes.pythonStrip().pythonRepr.clipped), expected \(b.notes.pythonStrip().pythonRepr.clipped)")
        }
        let textShapes = (Self.textShapes(a.shapes), Self.textShapes(b.shapes))
        guard a.shapes.count == b.shapes.count else {
            throw Mismatch(reason: "\(place): \(a.shapes.count) shapes, expected \(b.shapes.count)")
        }
        for (index, (first, second)) in zip(a.shapes, b.shapes).enumerated() {
            try compare(shape: first, second, slide: number, place: "\(place), shape \(index + 1)", bullets: (a.bullets, b.bullets))
        }
        if alignment && textShapes.0.count == textShapes.1.count {
            for (index, (first, second)) in zip(textShapes.0, textShapes.1).enumerated() {
                let location = "\(place), text shape \(index + 1) (groups included)"
                let texts = (first.text ?? "", second.text ?? "")
                if !texts.0.pythonStrip().pythonEquals(texts.1.pythonStrip()) && text {
                    throw Mismatch(
                        reason:
                            "\(location): text \(texts.0.pythonStrip().pythonRepr.clipped), expected \(texts.1.pythonStrip().pythonRepr.clipped)"
                    )
                }
                let paragraphs = (first.paragraphs ?? [], second.paragraphs ?? [])
                guard paragraphs.0.count == paragraphs.1.count else {
                    throw Mismatch(reason: "\(location): \(paragraphs.0.count) paragraphs, expected \(paragraphs.1.count)")
                }
                for (paragraph, (p, q)) in zip(paragraphs.0, paragraphs.1).enumerated() where (p.alignment ?? "l") != (q.alignment ?? "l") {
                    throw Mismatch(
                        reason: "\(location), paragraph \(paragraph + 1): alignment \(p.alignment ?? "l"), expected \(q.alignment ?? "l")")
                }
            }
        } else if textShapes.0.count != textShapes.1.count {
            throw Mismatch(reason: "\(place): \(textShapes.0.count) text shapes (groups included), expected \(textShapes.1.count)")
        }
    }

    private func compare(
        shape a: PPTXPresentation.Shape, _ b: PPTXPresentation.Shape, slide: Int, place: String,
        bullets: ([PPTXPresentation.Bullet]?, [PPTXPresentation.Bullet]?)
    ) throws(Mismatch) {
        if titleBottomPosition {
            if let t1 = a.text, let t2 = b.text, t1 == t2 {
                if t1 == "Product Comparison", try notBelow(a.top, b.top, limit: 3_600_000, place) {
                    throw Mismatch(reason: "\(place): the title is not moved below its old place")
                }
            } else if try geometryDiffers(a, b, place) {
                throw Mismatch(reason: "\(place): position or size differs")
            }
        }
        if tableBottomPosition {
            if slide == 3 && a.shapeType == 19 && b.shapeType == 19 {
                if try notBelow(a.top, b.top, limit: 3_600_000, place) {
                    throw Mismatch(reason: "\(place): the table is not moved below its old place")
                }
            } else if try geometryDiffers(a, b, place) {
                throw Mismatch(reason: "\(place): position or size differs")
            }
        }
        if rightPosition && slide == 2 && a.text == nil && b.text == nil {
            if try notBelow(a.left, b.left, limit: 4_320_000, place) {
                throw Mismatch(reason: "\(place): the shape is not moved right of its old place")
            }
        }
        if topPosition && slide == 2 && a.shapeType == 13 && b.shapeType == 13 {
            // shape1.top >= shape2.top or shape1.top > 1980000: the same test, upside down.
            if try notBelow(a.top.map { -$0 }, b.top.map { -$0 }, limit: -1_980_000, place) {
                throw Mismatch(reason: "\(place): the picture is not moved above its old place")
            }
        }
        if shapeForShiftSize, try geometryDiffers(a, b, place) {
            let exempt = a.text != nil && a.text == b.text && a.text == "Elaborate on what you want to discuss."
            if !exempt { throw Mismatch(reason: "\(place): position or size differs") }
        }
        // Shapes without text on either side (pictures, empty boxes) are not held to their geometry.
        let bothEmpty = (a.text ?? "").pythonStrip().isEmpty && (b.text ?? "").pythonStrip().isEmpty
        if try geometryDiffers(a, b, place) && shape && !bothEmpty {
            throw Mismatch(reason: "\(place): position or size (\(geometry(a))) differs from the expected (\(geometry(b)))")
        }
        if imageSize {
            if a.shapeType == 13 && b.shapeType == 13 {
                // Python stops at the width when it differs, before the height could raise.
                let sameSize = try approximatelyEqual(a.width, b.width, place) ? try approximatelyEqual(a.height, b.height, place) : false
                if !sameSize {
                    throw Mismatch(reason: "\(place): picture size differs")
                }
            } else if try geometryDiffers(a, b, place) {
                throw Mismatch(reason: "\(place): position or size differs")
            }
        }
        if modifyHeight {
            if (a.text == nil && b.text == nil) || (a.shapeType == 5 && b.shapeType == 5) {
                if try !approximatelyEqual(a.height, b.height, place) {
                    throw Mismatch(
                        reason: "\(place): height \(a.height.map(String.init) ?? "None"), expected \(b.height.map(String.init) ?? "None")")
                }
            } else if try geometryDiffers(a, b, place) {
                throw Mismatch(reason: "\(place): position or size differs")
            }
        }
        if a.shapeType == 19 {
            try compare(table: a, b, place: place)
        }
        if let paragraphs = a.paragraphs, let expected = b.paragraphs {
            try compare(text: paragraphs, expected, place: place, bullets: bullets)
        }
    }

    private func compare(
        text a: [PPTXPresentation.Paragraph], _ b: [PPTXPresentation.Paragraph], place: String,
        bullets: ([PPTXPresentation.Bullet]?, [PPTXPresentation.Bullet]?)
    ) throws(Mismatch) {
        let texts = (a.map(\.text).joined(separator: "\n").pythonStrip(), b.map(\.text).joined(separator: "\n").pythonStrip())
        if !texts.0.pythonEquals(texts.1) && text {
            throw Mismatch(reason: "\(place): text \(texts.0.pythonRepr.clipped), expected \(texts.1.pythonRepr.clipped)")
        }
        guard a.count == b.count else { throw Mismatch(reason: "\(place): \(a.count) paragraphs, expected \(b.count)") }
        for (index, (p, q)) in zip(a, b).enumerated() {
            let location = "\(place), paragraph \(index + 1)"
            if alignment && (p.alignment ?? "l") != (q.alignment ?? "l") {
                throw Mismatch(reason: "\(location): alignment \(p.alignment ?? "l"), expected \(q.alignment ?? "l")")
            }
            if !p.text.pythonEquals(q.text) && text {
                throw Mismatch(reason: "\(location): text \(p.text.pythonRepr.clipped), expected \(q.text.pythonRepr.clipped)")
            }
            if p.level != q.level && indent && !([0, 1].contains(p.level) && [0, 1].contains(q.level)) {
                throw Mismatch(reason: "\(location): indent level \(p.level), expected \(q.level)")
            }
            let runs = Self.comparableRuns(p, q)
            if runs.0.count != runs.1.count && runCount {
                throw Mismatch(reason: "\(location): \(runs.0.count) runs, expected \(runs.1.count)")
            }
            for (run, (r, s)) in zip(runs.0, runs.1).enumerated() {
                try compare(font: r.font, s.font, place: "\(location), run \(run + 1) (\(r.text.pythonRepr.clipped))", table: false)
                if self.bullets, let first = bullets.0, let second = bullets.1, !Self.sameBullets(first, second) {
                    throw Mismatch(reason: "\(place): the slide's bullets (level, character, text) differ")
                }
            }
        }
    }

    private func compare(table a: PPTXPresentation.Shape, _ b: PPTXPresentation.Shape, place: String) throws(Mismatch) {
        guard let first = a.table, let second = b.table else {
            throw Mismatch(reason: "\(place): a table faces a shape that is not a table (OSWorld raises here)")
        }
        guard first.rows.count == second.rows.count, first.columnCount == second.columnCount else {
            throw Mismatch(
                reason: "\(place): table of \(first.rows.count)x\(first.columnCount), expected \(second.rows.count)x\(second.columnCount)")
        }
        for row in 0..<first.rows.count {
            for column in 0..<first.columnCount {
                guard column < first.rows[row].count, column < second.rows[row].count else {
                    throw Mismatch(reason: "\(place): row \(row) has fewer cells than the table's columns (OSWorld raises here)")
                }
                let (p1, p2) = (first.rows[row][column], second.rows[row][column])
                let location = "\(place), cell [\(row),\(column)]"
                guard p1.count == p2.count else { throw Mismatch(reason: "\(location): \(p1.count) paragraphs, expected \(p2.count)") }
                for (index, (p, q)) in zip(p1, p2).enumerated() {
                    let runs = Self.comparableRuns(p, q)
                    if runs.0.count != runs.1.count && runCount {
                        throw Mismatch(reason: "\(location), paragraph \(index + 1): \(runs.0.count) runs, expected \(runs.1.count)")
                    }
                    for (run, (r, s)) in zip(runs.0, runs.1).enumerated() {
                        try compare(font: r.font, s.font, place: "\(location), paragraph \(index + 1), run \(run + 1)", table: true)
                    }
                }
            }
        }
    }

    /// The run-level checks. In table cells OSWorld checks colour (under `examine_color_rgb`) and
    /// bold, italic and underline unconditionally; in text frames every check has its switch.
    private func compare(font a: PPTXPresentation.Font, _ b: PPTXPresentation.Font, place: String, table: Bool) throws(Mismatch) {
        if !table {
            if a.name != b.name && fontName {
                throw Mismatch(reason: "\(place): font \(a.name ?? "None"), expected \(b.name ?? "None")")
            }
            if a.size != b.size && fontSize {
                throw Mismatch(
                    reason: "\(place): font size \(a.size.map { "\($0)" } ?? "None"), expected \(b.size.map { "\($0)" } ?? "None")")
            }
        }
        if table, let c1 = a.rgb, let c2 = b.rgb, c1 != c2, colorRGB {
            throw Mismatch(reason: "\(place): colour \(c1), expected \(c2)")
        }
        if a.bold != b.bold && (table || fontBold) && !(a.bold != true && b.bold != true) {
            throw Mismatch(reason: "\(place): bold \(describe(a.bold)), expected \(describe(b.bold))")
        }
        if a.italic != b.italic && (table || fontItalic) && !(a.italic != true && b.italic != true) {
            throw Mismatch(reason: "\(place): italic \(describe(a.italic)), expected \(describe(b.italic))")
        }
        if !table, let c1 = a.rgb, let c2 = b.rgb, c1 != c2, colorRGB {
            throw Mismatch(reason: "\(place): colour \(c1), expected \(c2)")
        }
        if a.underline != b.underline && (table || fontUnderline) {
            if a.underline != nil && b.underline != nil || (a.underline == nil && b.underline == .single)
                || (a.underline == .single && b.underline == nil)
            {
                throw Mismatch(reason: "\(place): underline \(describe(a.underline)), expected \(describe(b.underline))")
            }
        }
        if !table && a.strike != b.strike && strikeThrough {
            throw Mismatch(reason: "\(place): strike-through \(a.strike), expected \(b.strike)")
        }
    }

    /// The runs OSWorld compares: all of them, or for two blank paragraphs only those with text
    /// (so that no run and one empty run count the same).
    static func comparableRuns(
        _ p: PPTXPresentation.Paragraph, _ q: PPTXPresentation.Paragraph
    )
        -> ([PPTXPresentation.Run], [PPTXPresentation.Run])
    {
        guard p.text.pythonStrip().isEmpty && q.text.pythonStrip().isEmpty else { return (p.runs, q.runs) }
        let nonEmpty: (PPTXPresentation.Run) -> Bool = { !$0.text.pythonStrip().isEmpty }
        return (p.runs.filter(nonEmpty), q.runs.filter(nonEmpty))
    }

    /// `_compare_bullets_with_tolerance`: same count, text and bullet character, and the same level
    /// where either paragraph shows a bullet; colours are not compared.
    static func sameBullets(_ a: [PPTXPresentation.Bullet], _ b: [PPTXPresentation.Bullet]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            guard x.text == y.text, x.character == y.character else { return false }
            if (x.character != "No Bullet" || y.character != "No Bullet") && x.level != y.level { return false }
        }
        return true
    }

    /// Every shape with a text frame, groups searched depth first (OSWorld's `get_all_text_shapes`).
    static func textShapes(_ shapes: [PPTXPresentation.Shape]) -> [PPTXPresentation.Shape] {
        shapes.flatMap { shape in (shape.paragraphs != nil ? [shape] : []) + textShapes(shape.children) }
    }

    /// OSWorld's `is_approximately_equal`; nil values are equal to each other, unequal to 0, and
    /// make Python raise against any other number.
    func approximatelyEqual(_ a: Int?, _ b: Int?, _ place: String) throws(Mismatch) -> Bool {
        if a == b { return true }
        if a == 0 || b == 0 { return false }
        guard let a, let b else {
            throw Mismatch(reason: "\(place): a position or size is missing on one side only (OSWorld raises here)")
        }
        return Double(abs(a - b)) / Double(Swift.max(abs(a), abs(b))) <= tolerance
    }

    /// Whether left, top, width or height differ beyond the tolerance, checked in that order.
    func geometryDiffers(_ a: PPTXPresentation.Shape, _ b: PPTXPresentation.Shape, _ place: String) throws(Mismatch) -> Bool {
        for (x, y) in [(a.left, b.left), (a.top, b.top), (a.width, b.width), (a.height, b.height)] {
            if try !approximatelyEqual(x, y, place) { return true }
        }
        return false
    }

    /// OSWorld's `a <= b or a < limit` for the position checks: the shape did not move past its
    /// old place, or not past the limit. Python raises when a position is missing.
    func notBelow(_ a: Int?, _ b: Int?, limit: Int, _ place: String) throws(Mismatch) -> Bool {
        guard let a, let b else { throw Mismatch(reason: "\(place): a position is missing (OSWorld raises here)") }
        return a <= b || a < limit
    }

    private func geometry(_ shape: PPTXPresentation.Shape) -> String {
        [shape.left, shape.top, shape.width, shape.height].map { $0.map(String.init) ?? "None" }.joined(separator: ", ")
    }

    private func describe(_ background: PPTXPresentation.Background) -> String {
        switch background {
        case .none: "None"
        case .rgb(let value): value
        case .unreadable(let kind): kind
        }
    }

    private func describe(_ value: Bool?) -> String { value.map { $0 ? "True" : "False" } ?? "None" }

    private func describe(_ value: PPTXPresentation.Underline?) -> String {
        switch value {
        case nil: "None"
        case .off?: "False"
        case .single?: "True"
        case .other(let style)?: style
        }
    }
}
