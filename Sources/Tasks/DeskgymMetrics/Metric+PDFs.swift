import Foundation

/// The metrics on PDF files.
extension Metric {
    /// `compare_pdfs` (OSWorld's `chrome.py`): the text of each result PDF against the text of the
    /// expected one at the same place, scored by `fuzz.ratio` (see `FuzzyRatio`), and the mean over
    /// the expected files. It takes no options.
    ///
    /// - One expected file: compared with the result file (the first, when the getter gave several).
    /// - Several expected files (a `multi` getter): the result must be a list too; pairs are taken
    ///   in order, and a missing or unreadable PDF counts 0 in the mean, whose divisor is always the
    ///   number of expected files.
    ///
    /// OSWorld extracts with PyMuPDF, page by page; Deskgym runs `pdftotext` (Debian's
    /// poppler-utils) on both files, drops its page breaks and blank lines (PyMuPDF puts neither
    /// between lines), and strips the text, so identical PDFs still score 1 and differing ones
    /// score close to what OSWorld gives.
    ///
    /// - Throws: `MetricError` `.unsupported` when `pdftotext` is not installed.
    public static func comparePDFs(result: MetricInput, expected: MetricInput) throws(MetricError) -> MetricOutcome {
        let metric = "compare_pdfs"
        let pairs: [(URL, URL)]
        let count: Int
        if case .files(let golds) = expected {
            guard case .files(let results) = result else {
                if case .none = result { return .fail("no result files") }
                _ = try result.files(for: metric, role: "result")
                return .fail("the result is one file, but \(golds.count) expected files were given")
            }
            pairs = Array(zip(results, golds))
            count = golds.count
        } else {
            guard let gold = try expected.file(for: metric, role: "expected") else { return .fail("no expected file") }
            guard let mine = try result.file(for: metric, role: "result") else { return .fail("no result file") }
            pairs = [(mine, gold)]
            count = 1
        }
        guard count > 0 else { return .fail("the expected value is an empty list of files") }
        var total = 0.0
        var notes: [String] = []
        for (mine, gold) in pairs {
            do {
                let ratio = FuzzyRatio.ratio(try pdfText(mine), try pdfText(gold))
                total += ratio
                if ratio < 1 { notes.append("\(mine.lastPathComponent): text similarity \(ratio)") }
            } catch let problem as PDFTextProblem {
                notes.append(problem.description)
            } catch let problem as ExternalToolProblem {
                throw MetricError(.unsupported, metric: metric, "\(problem)")
            } catch {
                notes.append("\(mine.lastPathComponent): \(error)")
            }
        }
        if pairs.count < count { notes.append("\(count - pairs.count) of \(count) expected files have no result file") }
        let score = total / Double(count)
        if score == 1 { return .pass }
        return MetricOutcome(score: score, reason: notes.isEmpty ? "text similarity \(score)" : notes.joined(separator: "; "))
    }

    /// The text of a PDF as `compare_pdfs` compares it: pdftotext's, without page breaks
    /// (form feeds) or blank lines, stripped.
    static func pdfText(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PDFTextProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw PDFTextProblem(url: url, message: "is a directory") }
        let run = try ExternalTool.pdftotext.run(["-enc", "UTF-8", url.path, "-"])
        guard run.status == 0 else {
            // pdftotext also warns about PDFs it reads fine, so its messages count only when it fails.
            let why = run.status == 3 ? "does not permit copying its text" : "is not a readable PDF"
            throw PDFTextProblem(url: url, message: "\(why) (pdftotext exited \(run.status): \(run.errorSummary))")
        }
        let text = String(decoding: run.output, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "")
        return text.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n").pythonStrip()
    }
}
