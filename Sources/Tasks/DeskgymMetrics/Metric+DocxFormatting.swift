import DeskgymCore
import DeskgymImage
import Foundation

/// OSWorld's Writer metrics on the formatting of .docx files (`docs.py`), read as python-docx
/// reads them (see `DOCXParagraph`, `DOCXRun`, `DOCXSection`): only what a paragraph or run sets
/// itself counts, never what its style sets. Where OSWorld's Python would raise (no paragraph, a
/// run without a colour, a value python-docx cannot convert), the score is 0 with the reason.
extension Metric {
    /// Loads a .docx, or gives the outcome that ends the metric.
    private static func docx(_ url: URL?, _ role: String) -> (DOCXDocument?, MetricOutcome?) {
        guard let url else { return (nil, .fail("no \(role) file")) }
        do {
            return (try DOCXDocument.load(url), nil)
        } catch {
            return (nil, .fail("\(error)"))
        }
    }

    /// OSWorld's `if not compare_docx_files(file1, file2)` gate, with its default options.
    /// No result or expected file fails it too.
    private static func sameText(_ result: URL?, _ expected: URL?) -> MetricOutcome? {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let outcome = (try? compareDocxFiles(result: result, expected: expected, options: [:])) ?? .fail("unreadable")
        guard outcome.score == 0 else { return nil }
        return .fail("the text is not the expected document's (compare_docx_files: \(outcome.reason ?? "0"))")
    }

    /// `compare_line_spacing`: the texts must match (`compare_docx_files`), the documents have as
    /// many body paragraphs, and each pair has the same `paragraph_format.line_spacing` (a number of
    /// lines for `auto` spacing, a height for `exact`/`atLeast`, None when the paragraph sets none).
    public static func compareLineSpacing(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        if let failure = sameText(result, expected) { return failure }
        let (mine, failure1) = docx(result, "result"), (theirs, failure2) = docx(expected, "expected")
        guard let mine, let theirs else { return failure1 ?? failure2 ?? .fail("unreadable") }
        guard mine.body.count == theirs.body.count else {
            return .fail("\(mine.body.count) paragraphs, expected \(theirs.body.count)")
        }
        for (index, (got, want)) in zip(mine.body, theirs.body).enumerated() {
            var values: [DOCXLineSpacing?] = []
            for (paragraph, file) in [(got, result), (want, expected)] {
                switch paragraph.lineSpacing {
                case nil: values.append(nil)
                case .value(let spacing)?: values.append(spacing)
                case .invalid(let text)?:
                    return .fail("paragraph \(index + 1) of \(file.lastPathComponent) has \(text), which python-docx cannot read")
                }
            }
            let same =
                switch (values[0], values[1]) {
                case (nil, nil): true
                case (let a?, let b?): a.pythonEquals(b)
                default: false
                }
            guard same else {
                return .fail(
                    "paragraph \(index + 1) (\(got.text.pythonRepr.clipped)) has line spacing "
                        + "\(values[0].map(\.description) ?? "None"), expected \(values[1].map(\.description) ?? "None")")
            }
        }
        return .pass
    }

    /// `compare_docx_images`: the images of the main document part's relationships (in the order
    /// written) must be as many, and each pair the same pixels (Pillow's `tobytes()`). Identical
    /// image bytes are the same; otherwise both are decoded (PNG and JPEG; other formats score 0
    /// with the reason) and compared pixel by pixel as RGBA.
    public static func compareDocxImages(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let mine: [(name: String, data: Data)], theirs: [(name: String, data: Data)]
        do {
            mine = try DOCXDocument.images(result)
            theirs = try DOCXDocument.images(expected)
        } catch {
            return .fail("\(error)")
        }
        guard mine.count == theirs.count else {
            return .fail("\(result.lastPathComponent) has \(mine.count) images, \(expected.lastPathComponent) has \(theirs.count)")
        }
        for (number, (got, want)) in zip(mine, theirs).enumerated().map({ ($0 + 1, $1) }) where got.data != want.data {
            var decoded: [DecodedImage] = []
            for (image, file) in [(got, result), (want, expected)] {
                let format = ImageFile.Format(image.data)
                do {
                    switch format {
                    case .png: decoded.append(try PNGDecoder.decode(image.data))
                    case .jpeg: decoded.append(try JPEGDecoder.decode(image.data))
                    default:
                        return .fail(
                            "image \(number) (\(image.name)) of \(file.lastPathComponent) is "
                                + (format == .unknown
                                    ? "not an image Pillow would recognise"
                                    : "a \(format.rawValue) image; Deskgym decodes PNG and JPEG only"))
                    }
                } catch {
                    return .fail(
                        "image \(number) (\(image.name)) of \(file.lastPathComponent) is not a readable \(format.rawValue) (\(error))")
                }
            }
            guard decoded[0].width == decoded[1].width, decoded[0].height == decoded[1].height else {
                return .fail(
                    "image \(number) is \(decoded[0].width)×\(decoded[0].height), expected \(decoded[1].width)×\(decoded[1].height)")
            }
            guard decoded[0].rgba == decoded[1].rgba else { return .fail("image \(number) has different pixels") }
        }
        return .pass
    }

    /// `compare_font_names`: every run of every body paragraph names `rules.font_name` as its own
    /// font (`run.font.name`, `w:rFonts/@w:ascii`; a font set only by a style is None and fails).
    public static func compareFontNames(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        let expected = try rules.required("font_name", metric: "compare_font_names")
        for (index, paragraph) in document.body.enumerated() {
            for run in paragraph.runs where !pythonEquals(run.fontName, expected) {
                return .fail(
                    "a run of paragraph \(index + 1) (\(run.text.pythonRepr.clipped)) has font "
                        + "\(run.fontName?.pythonRepr ?? "None"), expected \(expected.pythonRepr)")
            }
        }
        return .pass
    }

    /// Python's `string_or_none == value` for a JSON value.
    static func pythonEquals(_ string: String?, _ value: JSONValue) -> Bool {
        switch (string, value) {
        case (nil, .null): true
        case (let text?, .string(let wanted)): text.pythonEquals(wanted)
        default: false
        }
    }

    /// `contains_page_break`: counts the `w:br w:type="page"` in the runs of the body paragraphs;
    /// 1 when there is at least one and, if `rules.page_break_count` is given, exactly that many.
    public static func containsPageBreak(result: URL?, rules: [String: JSONValue]?) -> MetricOutcome {
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        let count = document.body.reduce(0) { $0 + $1.runs.reduce(0) { $0 + $1.pageBreaks } }
        if let wanted = rules?["page_break_count"], wanted != .null {
            let matches =
                switch wanted {
                case .number(let number): number == Double(count)
                case .bool(let flag): (flag ? 1 : 0) == count
                default: false
                }
            guard matches else { return .fail("\(count) page breaks, expected \(wanted.pythonRepr)") }
        }
        return .check(count > 0, else: "the document has no page break")
    }

    /// `has_page_numbers_in_footers`: every section's footer (python-docx's `section.footer`,
    /// inherited from the previous section when not its own) has a digit in its first paragraph.
    public static func hasPageNumbersInFooters(result: URL?) -> MetricOutcome {
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        for (index, section) in document.sections.enumerated() {
            switch section.footerFirstParagraph {
            case .invalid(let message): return .fail("section \(index + 1): \(message)")
            case .value(let text):
                guard text.unicodeScalars.contains(where: { [.decimal, .digit].contains($0.properties.numericType) }) else {
                    return .fail("the footer of section \(index + 1) has no digit (first paragraph \(text.pythonRepr.clipped))")
                }
            }
        }
        return .pass
    }

    /// `is_first_line_centered`: the first body paragraph's own alignment (`w:jc`) is "center".
    public static func isFirstLineCentered(result: URL?) -> MetricOutcome {
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        guard let first = document.body.first else { return .fail("the document has no paragraph") }
        return .check(
            first.alignment == "center",
            else: "the first paragraph (\(first.text.pythonRepr.clipped)) is aligned \(first.alignment?.pythonRepr ?? "None"), not 'center'"
        )
    }

    /// `check_italic_font_size_14`: the texts match (`compare_docx_files`) and every run of the
    /// result's body paragraphs that is italic itself (`w:i`) has its own size of 14 pt.
    public static func checkItalicFontSize14(result: URL?, expected: URL?) -> MetricOutcome {
        if let failure = sameText(result, expected) { return failure }
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        for (index, paragraph) in document.body.enumerated() {
            for run in paragraph.runs {
                switch run.italic {
                case .invalid(let text)?: return .fail("a run of paragraph \(index + 1) has \(text), which python-docx cannot read")
                case .value(true)?:
                    switch run.size {
                    case .value(177_800)?: continue
                    case .invalid(let text)?:
                        return .fail("a run of paragraph \(index + 1) has size \(text), which python-docx cannot read")
                    case .value(let emu)?:
                        return .fail(
                            "the italic run \(run.text.pythonRepr.clipped) of paragraph \(index + 1) is \(Double(emu) / 12_700) pt, not 14")
                    case nil:
                        return .fail("the italic run \(run.text.pythonRepr.clipped) of paragraph \(index + 1) sets no size of its own")
                    }
                default: continue
                }
            }
        }
        return .pass
    }

    /// `evaluate_strike_through_last_paragraph`: the texts match (`compare_docx_files`) and every
    /// run of the result's last body paragraph is struck through itself (`w:strike`).
    public static func evaluateStrikeThroughLastParagraph(result: URL?, expected: URL?) -> MetricOutcome {
        if let failure = sameText(result, expected) { return failure }
        let (document, failure) = docx(result, "result")
        guard let document else { return failure ?? .fail("unreadable") }
        guard let last = document.body.last else { return .fail("the document has no paragraph") }
        for run in last.runs {
            switch run.strike {
            case .value(true)?: continue
            case .invalid(let text)?: return .fail("a run of the last paragraph has \(text), which python-docx cannot read")
            default: return .fail("the run \(run.text.pythonRepr.clipped) of the last paragraph is not struck through")
            }
        }
        return .pass
    }

    /// `compare_subscript_contains`: 1 when some run is subscript (`w:vertAlign`) in both files at
    /// the same paragraph and run position (pairs taken as Python's `zip` takes them).
    public static func compareSubscriptContains(result: URL?, expected: URL?) -> MetricOutcome {
        guard result != nil else { return .fail("no result file") }
        guard expected != nil else { return .fail("no expected file") }
        let (mine, failure1) = docx(result, "result"), (theirs, failure2) = docx(expected, "expected")
        guard let mine, let theirs else { return failure1 ?? failure2 ?? .fail("unreadable") }
        for (first, second) in zip(mine.body, theirs.body) {
            for (a, b) in zip(first.runs, second.runs) where a.isSubscript == true && b.isSubscript == true {
                return .pass
            }
        }
        return .fail("no run is subscript in both documents at the same paragraph and run")
    }

    /// `compare_docx_files_and_ignore_new_lines`: the body paragraphs that are not empty, joined
    /// and with white space collapsed (`ignore_blanks`, the default), or one by one, must be equal.
    public static func compareDocxFilesIgnoringNewLines(
        result: URL?, expected: URL?,
        options: [String: JSONValue]
    ) -> MetricOutcome {
        let ignoreBlanks = options["ignore_blanks"].map(\.pythonTruthy) ?? true
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        guard result.path.hasSuffix(".docx"), expected.path.hasSuffix(".docx") else {
            return .fail("the files are not both .docx (\(result.lastPathComponent), \(expected.lastPathComponent))")
        }
        let (mine, failure1) = docx(result, "result"), (theirs, failure2) = docx(expected, "expected")
        guard let mine, let theirs else { return failure1 ?? failure2 ?? .fail("unreadable") }
        let first = mine.paragraphs.filter { !$0.isEmpty }, second = theirs.paragraphs.filter { !$0.isEmpty }
        if ignoreBlanks {
            let a = collapseBlanks(first.joined(separator: "\n")), b = collapseBlanks(second.joined(separator: "\n"))
            return .check(a.pythonEquals(b), else: firstDifference(a, b))
        }
        guard first.count == second.count else { return .fail("\(first.count) non-empty paragraphs, expected \(second.count)") }
        for (index, (a, b)) in zip(first, second).enumerated() where !a.pythonEquals(b) {
            return .fail("non-empty paragraph \(index + 1) differs: got \(a.pythonRepr.clipped), expected \(b.pythonRepr.clipped)")
        }
        return .pass
    }
}
