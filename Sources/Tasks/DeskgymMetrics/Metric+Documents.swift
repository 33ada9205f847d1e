import DeskgymCore
import Foundation

/// The metrics on word-processor documents.
extension Metric {
    /// `compare_docx_files`: the paragraph texts of two .docx files (python-docx's
    /// `document.paragraphs`, see `DOCXDocument`), compared under OSWorld's options:
    ///
    /// - `ignore_order`: both lists of paragraphs sorted first; `delete_empty_lines`: blank ones dropped.
    /// - `content_only`: the paragraphs joined by "\n", runs of white space made one space, stripped
    ///   (lower-cased with `ignore_case`), and scored by `fuzz.ratio` — a partial score.
    /// - `ignore_blanks` (the default): the same joined texts must be equal, or with `fuzzy_match`
    ///   are scored by `fuzz.ratio`.
    /// - otherwise: the same number of paragraphs, each equal (lower-cased with `ignore_case`), or
    ///   with `fuzzy_match` the mean `fuzz.ratio` of the pairs.
    ///
    /// Both files must be named `*.docx`, as OSWorld checks; `.odt` pairs, which OSWorld also
    /// compares, are not read here and score 0 with the reason. A file that cannot be opened scores 0.
    public static func compareDocxFiles(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        func flag(_ name: String, _ fallback: Bool) -> Bool { options[name].map(\.pythonTruthy) ?? fallback }
        let ignoreBlanks = flag("ignore_blanks", true), ignoreCase = flag("ignore_case", false)
        let ignoreOrder = flag("ignore_order", false), contentOnly = flag("content_only", false)
        let fuzzy = flag("fuzzy_match", false), deleteEmptyLines = flag("delete_empty_lines", false)
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        guard result.path.hasSuffix(".docx"), expected.path.hasSuffix(".docx") else {
            if result.path.hasSuffix(".odt"), expected.path.hasSuffix(".odt") {
                return .fail("both files are .odt, which Deskgym does not read")
            }
            return .fail("the files are not both .docx (\(result.lastPathComponent), \(expected.lastPathComponent))")
        }
        var first: [String], second: [String]
        do {
            first = try DOCXDocument.load(result).paragraphs
            second = try DOCXDocument.load(expected).paragraphs
        } catch {
            return .fail("\(error)")
        }
        if ignoreOrder {
            first.sort { $0.pythonCompare($1) < 0 }
            second.sort { $0.pythonCompare($1) < 0 }
        }
        if deleteEmptyLines {
            first.removeAll { $0.pythonStrip().isEmpty }
            second.removeAll { $0.pythonStrip().isEmpty }
        }
        if contentOnly || ignoreBlanks {
            var firstText = collapseBlanks(first.joined(separator: "\n"))
            var secondText = collapseBlanks(second.joined(separator: "\n"))
            if ignoreCase {
                firstText = firstText.pythonLower()
                secondText = secondText.pythonLower()
            }
            if contentOnly || fuzzy {
                let ratio = FuzzyRatio.ratio(firstText, secondText)
                return ratio == 1 ? .pass : MetricOutcome(score: ratio, reason: "text similarity \(ratio)")
            }
            return .check(firstText.pythonEquals(secondText), else: firstDifference(firstText, secondText))
        }
        guard first.count == second.count else {
            return .fail("\(first.count) paragraphs, expected \(second.count)")
        }
        if ignoreCase {
            first = first.map { $0.pythonLower() }
            second = second.map { $0.pythonLower() }
        }
        if fuzzy {
            guard !first.isEmpty else { return .pass }
            let mean = zip(first, second).map { FuzzyRatio.ratio($0, $1) }.reduce(0, +) / Double(first.count)
            return mean == 1 ? .pass : MetricOutcome(score: mean, reason: "mean paragraph similarity \(mean)")
        }
        for (index, (a, b)) in zip(first, second).enumerated() where !a.pythonEquals(b) {
            return .fail("paragraph \(index) differs: got \(a.pythonRepr.clipped), expected \(b.pythonRepr.clipped)")
        }
        return .pass
    }
}
