import DeskgymCore
import Foundation

/// The metrics on presentations.
extension Metric {
    /// `compare_pptx_files`: the slides of two .pptx files compared as OSWorld does through
    /// python-pptx — slide count, background colours, notes, shape count, positions and sizes
    /// (within `approximately_tolerance`), texts, paragraphs (alignment, indent level), runs (font
    /// name, size, bold, italic, colour, underline, strike-through), bullets, tables — each check
    /// switched by its `examine_*` option (see `PPTXComparison`). A file that is missing or cannot
    /// be read scores 0 with the reason.
    public static func comparePptxFiles(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let comparison = try PPTXComparison(options: options)
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let (loaded, failure) = loadBoth(result, expected) { url throws(OfficeFileProblem) in try PPTXPresentation.load(url) }
        guard let (first, second) = loaded else { return failure ?? .fail("unreadable") }
        return comparison.compare(first, second)
    }
}
