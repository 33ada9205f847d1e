import Foundation

extension Metric {
    /// Half an inch in EMU (`Inches(0.5)`): the slack `check_image_stretch_and_center` allows.
    static let halfInch = 457_200.0

    /// `check_image_stretch_and_center` (OSWorld's slides.py): the first picture of the original
    /// presentation's first slide (a `p:pic` that is not a placeholder or a video, top level of the
    /// shape tree, as python-pptx's `shape_type == 13`) reappears on the edited presentation's first
    /// slide — the last picture there with the same image bytes — stretched to the original's slide
    /// size and centred: width and height within half an inch of the slide's, left and top within
    /// half an inch of `(slide − picture) / 2`.
    public static func checkImageStretchAndCenter(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result presentation") }
        guard let expected else { return .fail("no expected presentation") }
        let original: SlidePictures, modified: SlidePictures
        do {
            original = try SlidePictures(expected)
            modified = try SlidePictures(result)
        } catch {
            return .fail("\(error)")
        }
        guard let image = original.pictures.first else { return .fail("the original's first slide has no picture") }
        // python-pptx reads each picture's image as OSWorld compares it: one without raises.
        guard image.blob != nil, modified.pictures.allSatisfy({ $0.blob != nil }) else {
            return .fail("a picture has no embedded image")
        }
        guard let match = modified.pictures.last(where: { $0.blob == image.blob }) else {
            return .fail("the edited first slide has no picture with the original picture's image")
        }
        guard let slideWidth = original.slideWidth, let slideHeight = original.slideHeight else {
            return .fail("the original presentation has no slide size")
        }
        guard let left = match.left, let top = match.top, let width = match.width, let height = match.height else {
            // python-pptx gives None for a missing a:off/a:ext, and OSWorld's arithmetic raises.
            return .fail("the edited picture has no position or size of its own")
        }
        let (w, h, x, y) = (Double(width), Double(height), Double(left), Double(top))
        let (sw, sh) = (Double(slideWidth), Double(slideHeight))
        var problems: [String] = []
        if abs(w - sw) > halfInch { problems.append("width \(width) is not within half an inch of the slide's \(slideWidth)") }
        if abs(h - sh) > halfInch { problems.append("height \(height) is not within half an inch of the slide's \(slideHeight)") }
        if abs(x - (sw - w) / 2) > halfInch { problems.append("left \(left) is not centred") }
        if abs(y - (sh - h) / 2) > halfInch { problems.append("top \(top) is not centred") }
        return .check(problems.isEmpty, else: "the picture (EMU): " + problems.joined(separator: "; "))
    }
}
