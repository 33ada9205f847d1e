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
        let first: PPTXPresentation, second: PPTXPresentation
        do {
            first = try PPTXPresentation.load(result)
            second = try PPTXPresentation.load(expected)
        } catch {
            return .fail("\(error)")
        }
        return comparison.compare(first, second)
    }
}
