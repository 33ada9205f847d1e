import DeskgymCore
import Foundation

/// The metrics that read a Word document's paragraphs as text (OSWorld's `docs.py` and
/// `general.py`), with python-docx's idea of a paragraph (see `DOCXDocument`).
extension Metric {
    /// `fuzzy_place_math`: the words of the document (each paragraph split at white space) must be
    /// exactly three; each scores its best `fuzz.ratio` against the answers of `rules.expected`,
    /// and the score is their mean. Another number of words scores 0.
    public static func fuzzyPlaceMath(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "fuzzy_place_math"
        if rules["expected"] == nil { throw MetricError(.malformedOptions, metric: metric, "rules.expected is missing") }
        let answers = try rules.strings("expected", metric: metric)
        guard let result else { return .fail("no result file") }
        let document: DOCXDocument
        do { document = try DOCXDocument.load(result) } catch { return .fail("\(error)") }
        let words = document.paragraphs.flatMap { $0.pythonSplit() }
        guard words.count == 3 else {
            return .fail("\(result.lastPathComponent) holds \(words.count) word(s), expected 3: \(words.joined(separator: " ").clipped)")
        }
        let scores = words.map { word in answers.map { FuzzyRatio.ratio(word, $0) }.max() ?? 0 }
        let score = scores.reduce(0, +) / 3
        return score == 1 ? .pass : MetricOutcome(score: score, reason: "best similarities \(scores)")
    }

    /// `compare_references`: both files must be named `*.docx`. The paragraphs after the first one
    /// reading exactly `options.reference_indicator` (default `References`), blank ones left out,
    /// are the references; both documents without that heading score 1, only one without it 0,
    /// different numbers of references 0. Otherwise the mean `fuzz.ratio` of the references pair
    /// by pair, `r`, gives `(r - base) / (1 - base)` when `r ≥ base + 0.01` and 0 below, with
    /// `base` = `options.reference_base_result` (default 0.5). Other options (the corpus's
    /// `content_only`) are ignored, as in OSWorld.
    public static func compareReferences(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "compare_references"
        let indicator: String
        switch options["reference_indicator"] {
        case nil: indicator = "References"
        case .string(let text)?: indicator = text
        case let other?:
            throw MetricError(.malformedOptions, metric: metric, "option reference_indicator must be a string, not \(other.typeName)")
        }
        let base: Double
        switch options["reference_base_result"] {
        case nil: base = 0.5
        case let value?:
            guard let number = value.pythonNumber else {
                throw MetricError(.malformedOptions, metric: metric, "option reference_base_result must be a number, not \(value.typeName)")
            }
            base = number
        }
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        guard result.path.hasSuffix(".docx"), expected.path.hasSuffix(".docx") else {
            return .fail("\(result.lastPathComponent) and \(expected.lastPathComponent) must both be .docx files")
        }
        let mine: [String], gold: [String]
        do {
            mine = try DOCXDocument.load(result).paragraphs
            gold = try DOCXDocument.load(expected).paragraphs
        } catch {
            return .fail("\(error)")
        }
        let mineStart = mine.firstIndex { $0.pythonEquals(indicator) }, goldStart = gold.firstIndex { $0.pythonEquals(indicator) }
        guard let mineStart, let goldStart else {
            if mineStart == nil && goldStart == nil { return .pass }
            let which = mineStart == nil ? result.lastPathComponent : expected.lastPathComponent
            return .fail("\(which) has no paragraph \(indicator.pythonRepr)")
        }
        let mineReferences = mine[(mineStart + 1)...].filter { !$0.pythonStrip().isEmpty }
        let goldReferences = gold[(goldStart + 1)...].filter { !$0.pythonStrip().isEmpty }
        guard mineReferences.count == goldReferences.count else {
            return .fail("\(mineReferences.count) references in \(result.lastPathComponent), \(goldReferences.count) expected")
        }
        // OSWorld divides by the number of references: none at all raises there.
        guard !mineReferences.isEmpty else { return .fail("both documents have no reference after \(indicator.pythonRepr)") }
        let similarity = zip(mineReferences, goldReferences).map { FuzzyRatio.ratio($0, $1) }.reduce(0, +) / Double(mineReferences.count)
        guard similarity >= base + 0.01 else {
            return .fail("the references' mean similarity \(similarity) is below \(base) + 0.01")
        }
        let score = (similarity - base) / (1 - base)
        return score == 1 ? .pass : MetricOutcome(score: score, reason: "the references' mean similarity is \(similarity)")
    }

    /// `compare_unique_train_records`: the expected value is two documents, the gold one and the
    /// original. The lines (non-blank paragraphs, stripped) of the result must all be lines of the
    /// original; the train ids (the second field of each line of exactly four comma-separated
    /// fields) must have no duplicate and be the gold document's set; and the result must have as
    /// many lines as the gold document.
    public static func compareUniqueTrainRecords(result: URL?, expected: [URL]) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard expected.count >= 2 else { return .fail("the expected value must be two files (gold, original), got \(expected.count)") }
        func read(_ url: URL) throws(OfficeFileProblem) -> (lines: [String], ids: [String]) {
            let lines = try DOCXDocument.load(url).paragraphs.map { $0.pythonStrip() }.filter { !$0.isEmpty }
            let ids = lines.compactMap { line -> String? in
                let fields = line.components(separatedBy: ",")
                return fields.count == 4 ? fields[1].pythonStrip() : nil
            }
            return (lines, ids)
        }
        let mine: (lines: [String], ids: [String]), gold: (lines: [String], ids: [String]), original: [String]
        do {
            mine = try read(result)
            gold = try read(expected[0])
            original = try read(expected[1]).lines
        } catch {
            return .fail("\(error)")
        }
        let originalLines = Set(original)
        if let extra = mine.lines.first(where: { !originalLines.contains($0) }) {
            return .fail("\(result.lastPathComponent) has a line not in the original: \(extra.pythonRepr.clipped)")
        }
        guard Set(mine.ids).count == mine.ids.count else { return .fail("\(result.lastPathComponent) has a train id twice") }
        guard Set(mine.ids) == Set(gold.ids) else {
            return .fail("the train ids of \(result.lastPathComponent) are not those of \(expected[0].lastPathComponent)")
        }
        return .check(
            mine.lines.count == gold.lines.count,
            else: "\(result.lastPathComponent) has \(mine.lines.count) lines, \(expected[0].lastPathComponent) \(gold.lines.count)")
    }
}
