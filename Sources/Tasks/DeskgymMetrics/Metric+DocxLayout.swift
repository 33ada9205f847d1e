import DeskgymCore
import Foundation

/// OSWorld's Writer metrics on tab stops, coloured table words and the default font (`docs.py`).
extension Metric {
    /// `check_tabstops`: the non-blank body paragraphs of both files pair up; with
    /// `word_number_split_by_tabstop`, each of the result's has that many words in the part of its
    /// text at tab-separated position `index` (default 0). Each pair must have the same tab stops
    /// (ignoring "clear" ones and "left" at 0) with the same alignments; the score is 1 less the
    /// mean over paragraphs of the summed position differences as a fraction of the expected
    /// document's first section's text width (page width less left and right margins), 0 at worst.
    public static func checkTabstops(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let name = "check_tabstops"
        var wordCount: Double?
        if let value = options["word_number_split_by_tabstop"], value != .null {
            guard let number = value.numberValue else {
                throw MetricError(
                    .malformedOptions, metric: name, "options.word_number_split_by_tabstop must be a number, not \(value.typeName)")
            }
            wordCount = number
        }
        var index = 0
        if let value = options["index"], value != .null {
            guard let number = value.intValue else {
                throw MetricError(.malformedOptions, metric: name, "options.index must be an integer, not \(value.pythonRepr)")
            }
            index = number
        }
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let (loaded, failure) = loadBoth(result, expected) { url throws(OfficeFileProblem) in try DOCXDocument.load(url) }
        guard let (mine, theirs) = loaded else { return failure ?? .fail("unreadable") }
        let first = mine.body.filter { !$0.text.pythonStrip().isEmpty }
        let second = theirs.body.filter { !$0.text.pythonStrip().isEmpty }
        guard first.count == second.count else { return .fail("\(first.count) non-blank paragraphs, expected \(second.count)") }
        if let wordCount {
            for paragraph in first {
                let parts = paragraph.text.components(separatedBy: "\t")
                let position = index < 0 ? parts.count + index : index
                guard parts.indices.contains(position) else {
                    return .fail("paragraph \(paragraph.text.pythonRepr.clipped) has no tab-separated part \(index)")
                }
                let words = parts[position].split { $0.unicodeScalars.allSatisfy(\.pythonIsSpace) }.count
                guard Double(words) == wordCount else {
                    return .fail(
                        "paragraph \(paragraph.text.pythonRepr.clipped) has \(words) words before its tab, expected \(Self.number(wordCount))"
                    )
                }
            }
        }
        guard let section = theirs.sections.first else { return .fail("\(expected.lastPathComponent) has no section") }
        var measures: [Int] = []
        for (measure, label) in [
            (section.pageWidth, "page width"), (section.leftMargin, "left margin"), (section.rightMargin, "right margin"),
        ] {
            switch measure {
            case .value(let emu)?: measures.append(emu)
            case .invalid(let text)?:
                return .fail("the \(label) of \(expected.lastPathComponent) is \(text), which python-docx cannot read")
            case nil: return .fail("the first section of \(expected.lastPathComponent) sets no \(label)")
            }
        }
        let width = measures[0] - measures[1] - measures[2]
        guard width != 0 else { return .fail("the text width of \(expected.lastPathComponent) is 0") }
        guard !first.isEmpty else { return .fail("neither document has a non-blank paragraph") }
        var minus = 0.0
        for (got, want) in zip(first, second) {
            var stops: [[(String, Int)]] = []
            for (paragraph, file) in [(got, result), (want, expected)] {
                var kept: [(String, Int)] = []
                for stop in paragraph.tabStops {
                    guard case .value(let position)? = stop.position else {
                        return .fail("a tab stop of \(file.lastPathComponent) has no readable position")
                    }
                    if stop.alignment == "clear" || (stop.alignment == "left" && position == 0) { continue }
                    kept.append((stop.alignment, position))
                }
                stops.append(kept)
            }
            guard stops[0].count == stops[1].count else {
                return .fail("paragraph \(got.text.pythonRepr.clipped) has \(stops[0].count) tab stops, expected \(stops[1].count)")
            }
            var difference = 0.0
            for (a, b) in zip(stops[0], stops[1]) {
                guard a.0 == b.0 else { return .fail("paragraph \(got.text.pythonRepr.clipped) has a \(a.0) tab stop, expected \(b.0)") }
                difference += Double(abs(a.1 - b.1))
            }
            minus += difference / Double(width)
        }
        let score = 1 - minus / Double(first.count)
        if score >= 1 { return .pass }
        if score <= 0 { return .fail("the tab stops are far from the expected ones (OSWorld's score: \(score))") }
        return MetricOutcome(score: score, reason: "the tab stops are off by \(minus / Double(first.count)) of the text width on average")
    }

    private static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `evaluate_colored_words_in_tables`: the texts match (`compare_docx_files`), and every run
    /// with text in the result's tables is coloured red (first letter a vowel) or blue (any other
    /// first character), within `threshold` (default 3.5) CIEDE2000. A run without a colour of its
    /// own fails (OSWorld raises on it).
    public static func evaluateColoredWordsInTables(
        result: URL?, expected: URL?,
        options: [String: JSONValue]
    ) throws(MetricError) -> MetricOutcome {
        var threshold = 3.5
        if let value = options["threshold"], value != .null {
            guard let number = value.numberValue else {
                throw MetricError(
                    .malformedOptions, metric: "evaluate_colored_words_in_tables",
                    "options.threshold must be a number, not \(value.typeName)")
            }
            threshold = number
        }
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let gate = (try? compareDocxFiles(result: result, expected: expected, options: [:])) ?? .fail("unreadable")
        guard gate.score != 0 else { return .fail("the text is not the expected document's (compare_docx_files: \(gate.reason ?? "0"))") }
        let document: DOCXDocument
        do {
            document = try DOCXDocument.load(result)
        } catch {
            return .fail("\(error)")
        }
        for (number, table) in document.tables.enumerated().map({ ($0 + 1, $1) }) {
            // python-docx's row.cells gives the cell above for a continued vertical merge, already seen.
            for cell in table.rows.joined() where !cell.continuesVerticalMerge {
                for run in cell.paragraphs.flatMap(\.runs) {
                    guard let first = run.text.unicodeScalars.first else { continue }
                    let vowel = "aeiou".contains(String(first).pythonLower())
                    let (target, name): ([UInt8], String) = vowel ? ([255, 0, 0], "red") : ([0, 0, 255], "blue")
                    switch run.color {
                    case nil: return .fail("the word \(run.text.pythonRepr.clipped) in table \(number) has no colour of its own")
                    case .invalid(let text)?:
                        return .fail(
                            "the word \(run.text.pythonRepr.clipped) in table \(number) has \(text), which python-docx cannot read")
                    case .value(let rgb)?:
                        let distance = DOCXColorDifference.ciede2000(rgb, target)
                        guard distance <= threshold else {
                            let hex = rgb.map { String(format: "%02X", $0) }.joined()
                            return .fail(
                                "the word \(run.text.pythonRepr.clipped) in table \(number) is #\(hex), not \(name) "
                                    + "(CIEDE2000 \(distance) > \(threshold))")
                        }
                    }
                }
            }
        }
        return .pass
    }

    /// `find_default_font`: LibreOffice's user registry (`registrymodifications.xcu`) sets Writer's
    /// default font (`/org.openoffice.Office.Writer/DefaultFont`, property `Standard`) to
    /// `rules.font_name`. The last such value counts; an unreadable file sets none.
    public static func findDefaultFont(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("font_name", metric: "find_default_font")
        guard let result else { return .fail("no result file") }
        var font: String?
        var problem: String?
        do {
            let registry = try LibreOfficeRegistry(contentsOf: result)
            for item in registry.items(path: "/org.openoffice.Office.Writer/DefaultFont") {
                for property in item.descendants("prop") where property.prefixedAttribute("name") == "Standard" {
                    for value in property.children("value") {
                        // ElementTree's text is None for an empty element.
                        font = value.text.isEmpty ? nil : value.text
                    }
                }
            }
        } catch {
            problem = "\(result.lastPathComponent) \(error.message)"
        }
        if pythonEquals(font, expected) { return .pass }
        return .fail(problem ?? "Writer's default font is \(font?.pythonRepr ?? "not set"), expected \(expected.pythonRepr)")
    }
}
