import DeskgymCore
import Foundation

/// OSWorld's Impress metrics on a saved .pptx (slides.py).
extension Metric {
    /// The .pptx `result`, or the outcome that ends the metric: the file cannot be read.
    private static func loadPresentation(_ result: URL) -> (PPTXPresentation?, MetricOutcome?) {
        do {
            return (try PPTXPresentation.load(result), nil)
        } catch {
            return (nil, .fail("\(error)"))
        }
    }

    /// The part at `path` of the .pptx `result`, or the outcome that ends the metric: the file cannot
    /// be read, or it has no such part.
    private static func pptxPart(_ path: String, of result: URL) -> (XMLTreeNode?, MetricOutcome?) {
        do {
            guard let part = try PPTXPresentation.part(path, of: result) else {
                return (nil, .fail("\(result.lastPathComponent) has no part \(path)"))
            }
            return (part, nil)
        } catch {
            return (nil, .fail("\(error)"))
        }
    }

    /// `check_slide_orientation_Portrait`: the presentation's slides are narrower than high
    /// (`p:sldSz/@cx` < `@cy`). A file that cannot be read, or has no slide size (python-pptx
    /// compares None and raises), scores 0 with the reason.
    public static func checkSlideOrientationPortrait(result: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        let (presentation, failure) = loadPresentation(result)
        guard let presentation else { return failure ?? .fail("unreadable") }
        guard let width = presentation.slideWidth, let height = presentation.slideHeight else {
            return .fail("\(result.lastPathComponent) gives no slide size (p:sldSz)")
        }
        return .check(width < height, else: "the slides are \(width) EMU wide and \(height) high: not portrait")
    }

    /// `check_transition`: the part `ppt/slides/slide{slide_idx + 1}.xml` (by name, as OSWorld
    /// opens it) has a `p:transition` whose first occurrence contains a `p:{transition_type}`
    /// element. A missing slide part or transition scores 0.
    public static func checkTransition(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let indexValue = try rules.required("slide_idx", metric: "check_transition")
        let typeValue = try rules.required("transition_type", metric: "check_transition")
        // Python formats `slide_idx + 1` into the name: True counts as 1, a fraction names no part.
        guard let number = indexValue.pythonNumber else {
            throw MetricError(
                .malformedOptions, metric: "check_transition",
                "rules.slide_idx must be an integer, not \(indexValue.pythonRepr)")
        }
        guard case .string(let type) = typeValue else {
            throw MetricError(
                .malformedOptions, metric: "check_transition",
                "rules.transition_type must be a string, not \(typeValue.typeName)")
        }
        guard let result else { return .fail("no result file") }
        let path =
            number == number.rounded() && abs(number) < 1e15
            ? "ppt/slides/slide\(Int(number) + 1).xml"
            : "ppt/slides/slide\((number + 1).pythonFloatRepr).xml"
        let (slide, failure) = pptxPart(path, of: result)
        guard let slide else { return failure ?? .fail("unreadable") }
        guard let transition = slide.descendants("transition").first else {
            return .fail("\(path) has no slide transition")
        }
        let found = PPTXPresentation.transitionElements.contains(type) && !transition.descendants(type).isEmpty
        let present = transition.children.map(\.name).filter { $0 != "transition" }
        return .check(
            found,
            else: "the transition of \(path) is not \(type.pythonRepr) (it has "
                + (present.isEmpty ? "no effect" : present.joined(separator: ", ")) + ")")
    }

    /// `check_page_number_colors`: the colour OSWorld takes for the slide number from
    /// `ppt/slideMasters/slideMaster1.xml` — the last non-`000000` `a:srgbClr` inside a run's
    /// `a:rPr` fill, else the last non-black of all solid fills, else the last solid-fill colour —
    /// must be `rules.color` ("red", "blue", "green", "black": that channel over the others by more
    /// than 50, or all channels under 50). Any other colour name passes any colour.
    public static func checkPageNumberColors(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let colorValue = try rules.required("color", metric: "check_page_number_colors")
        guard let result else { return .fail("no result file") }
        let path = "ppt/slideMasters/slideMaster1.xml"
        let (master, failure) = pptxPart(path, of: result)
        guard let master else { return failure ?? .fail("unreadable") }
        guard let value = PPTXPresentation.slideNumberColor(master: master) else {
            return .fail("no slide-number colour found in \(path)")
        }
        guard let rgb = PPTXPresentation.pythonRGB(value) else {
            return .fail("the slide-number colour \(value.pythonRepr) is not an RGB value")
        }
        let (r, g, b) = (rgb[0], rgb[1], rgb[2])
        let passes: Bool
        switch colorValue {
        case .string("red"): passes = r > g + 50 && r > b + 50
        case .string("blue"): passes = b > g + 50 && b > r + 50
        case .string("green"): passes = g > r + 50 && g > b + 50
        case .string("black"): passes = r < 50 && g < 50 && b < 50
        default: passes = true
        }
        return .check(passes, else: "the slide number's colour \(value) (\(r), \(g), \(b)) is not \(colorValue.pythonStr)")
    }

    /// `evaluate_presentation_fill_to_rgb_distance`: 1 − the mean over the slides of each
    /// background's distance to `rules.rgb` (Euclidean, divided by that of black to white). A slide
    /// with `noFill` (or none) takes its master's background; a background that is not a solid RGB
    /// fill, or that equals `rules.original_rgb`, is at distance 1.
    public static func evaluatePresentationFillToRGBDistance(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome
    {
        let metric = "evaluate_presentation_fill_to_rgb_distance"
        func channels(_ key: String) throws(MetricError) -> [Double]? {
            guard let value = rules[key] else { return nil }
            if key == "original_rgb", value == .null { return nil }
            guard case .array(let items) = value, items.count == 3,
                case let numbers = items.compactMap(\.pythonNumber), numbers.count == 3
            else {
                throw MetricError(.malformedOptions, metric: metric, "rules.\(key) must be three numbers, not \(value.pythonRepr)")
            }
            return numbers
        }
        guard let target = try channels("rgb") else {
            throw MetricError(.malformedOptions, metric: metric, "rules.rgb is missing")
        }
        let original = try channels("original_rgb")
        guard let result else { return .fail("no result file") }
        let (presentation, failure) = loadPresentation(result)
        guard let presentation else { return failure ?? .fail("unreadable") }
        guard !presentation.slides.isEmpty else { return .fail("\(result.lastPathComponent) has no slides") }
        var total = 0.0
        var notes: [String] = []
        for (index, slide) in presentation.slides.enumerated() {
            let fill: PPTXBackgroundFill
            switch slide.fill {
            case .noFill:
                guard let master = slide.masterFill else {
                    return .fail("slide \(index + 1) has no slide master")
                }
                fill = master
            case let own: fill = own
            }
            guard case .solid(let rgb?) = fill else {
                total += 1
                notes.append("slide \(index + 1): no solid RGB background")
                continue
            }
            let color = rgb.map(Double.init)
            if let original, color == original {
                total += 1
                notes.append("slide \(index + 1): background unchanged")
                continue
            }
            let distance = zip(color, target).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / (3.0 * 255 * 255).squareRoot()
            total += distance
            if distance > 0 { notes.append("slide \(index + 1): background \(rgb) at distance \(distance)") }
        }
        let score = 1 - total / Double(presentation.slides.count)
        if score >= 1 { return .pass }
        return MetricOutcome(score: score, reason: notes.prefix(5).joined(separator: "; "))
    }
}
