import DeskgymCore
import Foundation

/// The metric on a PDF's page count (OSWorld's `pdf.py`).
extension Metric {
    /// The comparisons `check_pdf_pages` accepts, by their Python `operator` names.
    static let pageRelations: [String: @Sendable (Int, Double) -> Bool] = [
        "lt": { Double($0) < $1 }, "le": { Double($0) <= $1 }, "eq": { Double($0) == $1 },
        "ne": { Double($0) != $1 }, "ge": { Double($0) >= $1 }, "gt": { Double($0) > $1 },
    ]

    /// `check_pdf_pages`: the number of pages of the PDF, related to `rules.ref_value` by
    /// `rules.relation` (`lt`, `le`, `eq`, `ne`, `ge`, `gt`, Python `operator` names).
    ///
    /// OSWorld counts pages with pypdf; Deskgym asks `pdfinfo` (poppler-utils), which agrees on any
    /// PDF both can read. An unreadable PDF scores 0.
    ///
    /// - Throws: `MetricError` for a relation other than those six or a `ref_value` that is not a
    ///   number, and `.unsupported` when `pdfinfo` is missing.
    public static func checkPDFPages(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_pdf_pages"
        let relationValue = try rules.required("relation", metric: metric)
        guard case .string(let relation) = relationValue, let compare = pageRelations[relation] else {
            throw MetricError(
                .malformedOptions, metric: metric,
                "rules.relation must be one of \(pageRelations.keys.sorted().joined(separator: ", ")), not \(relationValue.pythonRepr.clipped)"
            )
        }
        let refValue = try rules.required("ref_value", metric: metric)
        guard let reference = refValue.pythonNumber else {
            throw MetricError(.malformedOptions, metric: metric, "rules.ref_value must be a number, not \(refValue.typeName)")
        }
        guard let result else { return .fail("no result file") }
        let pages: Int
        do { pages = try pdfPageCount(result) } catch let problem as ExternalToolProblem {
            throw MetricError(.unsupported, metric: metric, "\(problem)")
        } catch {
            return .fail("\(error)")
        }
        return .check(
            compare(pages, reference), else: "\(result.lastPathComponent) has \(pages) page(s), not \(relation) \(refValue.pythonRepr)")
    }

    /// The page count `pdfinfo` reports.
    static func pdfPageCount(_ url: URL) throws -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw PDFTextProblem(url: url, message: "does not exist or is a directory")
        }
        let run = try ExternalTool(name: "pdfinfo", package: "poppler-utils").run([url.path])
        guard run.status == 0 else {
            throw PDFTextProblem(url: url, message: "is not a readable PDF (pdfinfo exited \(run.status): \(run.errorSummary))")
        }
        let text = String(decoding: run.output, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("Pages:") {
            if let count = Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) { return count }
        }
        throw PDFTextProblem(url: url, message: "has no page count in pdfinfo's report")
    }
}
