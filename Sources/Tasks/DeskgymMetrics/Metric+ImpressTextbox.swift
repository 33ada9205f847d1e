import Foundation

extension Metric {
    /// `check_textbox_on_leftside` (OSWorld's gimp.py): the exported image, in grey as Pillow's
    /// `convert('L')` gives it, has a dark pixel (value below 128) in the left 5% of its width — the
    /// leftmost of the rows' first dark pixels is left of `width × 0.05`. An image without dark
    /// pixels, or one that cannot be read, scores 0.
    public static func checkTextboxOnLeftside(result: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result image") }
        let image: GrayImage
        do {
            image = try ImageFile.readGray(result)
        } catch {
            return .fail("\(error)")
        }
        var leftmost = image.width
        for y in 0..<image.height {
            let row = image.pixels[(y * image.width)..<((y + 1) * image.width)]
            if let x = row.firstIndex(where: { $0 < 128 }) { leftmost = min(leftmost, x - y * image.width) }
        }
        let limit = Double(image.width) * 0.05
        guard leftmost < image.width else { return .fail("the image has no dark (text) pixel") }
        return .check(
            Double(leftmost) < limit,
            else: "the leftmost dark pixel is at x = \(leftmost), not within the left 5% (x < \(limit))")
    }
}
