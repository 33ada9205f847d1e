import DeskgymCore
import Foundation

/// The metrics on image files.
extension Metric {
    /// `compare_images`: both images in grey (Pillow's `convert('L')`), both resized with Lanczos to
    /// the smaller of the two sizes — the smaller `(width, height)` pair as Python orders tuples,
    /// width first — and scored by their mean structural similarity (SSIM, scikit-image's defaults).
    /// Identical images score 1; any change scores less, in proportion to how much of the
    /// structure it disturbs.
    ///
    /// With option `reference_base_result` (the similarity of the untouched starting image), a
    /// similarity below `base + 0.01` scores 0 and one above scores `(ssim - base) / (1 - base)`.
    /// A negative similarity (anti-correlated images), which OSWorld would return as it is, scores 0.
    public static func compareImages(result: URL?, expected: URL?, options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let base: Double?
        switch options["reference_base_result"] {
        case nil, .null?: base = nil
        case .number(let value)?: base = value
        case let other?:
            throw MetricError(
                .malformedOptions, metric: "compare_images",
                "options.reference_base_result must be a number, not \(other.pythonRepr)")
        }
        guard let result else { return .fail("no result image") }
        guard let expected else { return .fail("no expected image") }
        var first: GrayImage, second: GrayImage
        do {
            first = try ImageFile.readGray(result)
            second = try ImageFile.readGray(expected)
        } catch {
            return .fail("\(error)")
        }
        let firstSize = (first.width, first.height), secondSize = (second.width, second.height)
        // Python's min() keeps the first of two equal items.
        let (width, height) = secondSize < firstSize ? secondSize : firstSize
        first = first.lanczosResized(width: width, height: height)
        second = second.lanczosResized(width: width, height: height)
        let similarity: Double
        do {
            similarity = try StructuralSimilarity.mean(first, second)
        } catch {
            return .fail("\(error)")
        }
        let note = firstSize == secondSize ? "" : " after resizing to \(width)x\(height)"
        guard let base else {
            if similarity == 1 { return .pass }
            return MetricOutcome(score: Swift.max(similarity, 0), reason: "structural similarity \(similarity)\(note)")
        }
        guard similarity >= base + 0.01 else {
            return .fail("structural similarity \(similarity)\(note) is not above the reference \(base) + 0.01")
        }
        let score = (similarity - base) / (1 - base)
        return score == 1 ? .pass : MetricOutcome(score: score, reason: "structural similarity \(similarity)\(note), reference \(base)")
    }
}
