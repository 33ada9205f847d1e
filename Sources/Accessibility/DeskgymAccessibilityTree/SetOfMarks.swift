import DeskgymCore
import DeskgymImage

/// A screenshot tagged for a set-of-marks agent, as OSWorld's `tag_screenshot` makes it: each
/// markable node that shows something gets a numbered red box and a white-on-black number at the
/// box's bottom-left, and a table says which number is which node.
///
/// Nodes are taken in pre-order from ``AccessibilityTree/markableNodes(checkImage:)`` with
/// images included. A node is skipped, without using up a number, when its box (scaled by
/// `downSampling`) is empty or covers a single colour: nothing an agent could see is there.
/// Numbers run from 1.
///
/// The pictures differ from OSWorld's (its label font is PIL's default): the numbers here use a
/// built-in bitmap font scaled with the image so they stay legible at 1080p and above and after
/// the image is scaled down for a model; outlines thicken by one pixel per 1280 pixels of width.
/// As in OSWorld, the single-colour check sees the marks drawn so far.
public struct SetOfMarks: Sendable, Equatable {
    /// One numbered node.
    public struct Mark: Sendable, Equatable {
        /// The number drawn on the screenshot and written in the table, from 1.
        public var number: Int
        /// The node's index in ``AccessibilityTree/nodes``.
        public var node: Int
        /// The node's element name in OSWorld's XML (`push-button`, `menu-item`).
        public var tag: String
        /// The node's accessible name.
        public var name: String
        /// The node's text; empty when it has none.
        public var text: String
        /// The node's bounds on the screen, as the tree gives them (OSWorld's `marks` list).
        public var bounds: Rect
        /// The box drawn, in the tagged image's pixels: ``bounds`` scaled by the down-sampling
        /// ratio, each coordinate truncated.
        public var box: Rect

        public init(number: Int, node: Int, tag: String, name: String, text: String, bounds: Rect, box: Rect) {
            self.number = number
            self.node = node
            self.tag = tag
            self.name = name
            self.text = text
            self.bounds = bounds
            self.box = box
        }
    }

    /// The first line of ``table``.
    public static let tableHeader = "index\ttag\tname\ttext"

    /// The marks in number order.
    public var marks: [Mark]
    /// The screenshot (scaled by the down-sampling ratio) with the marks drawn on it.
    public var image: DecodedImage

    /// Marks `screenshot` with `tree`'s markable nodes.
    ///
    /// - Parameters:
    ///   - tree: The tree read when `screenshot` was taken; its bounds are screen pixels.
    ///   - screenshot: The screen, RGBA. Only R, G and B count when deciding whether a box shows
    ///     a single colour; box parts off the image count as black, as PIL's crop pads them.
    ///   - downSampling: OSWorld's `down_sampling_ratio`: the image is scaled to this fraction
    ///     (each side truncated) and every box with it. A ratio that is not finite and positive,
    ///     or whose image would be empty or above 2^28 pixels, is taken as 1.
    public init(tree: AccessibilityTree, screenshot: DecodedImage, downSampling: Double = 1.0) {
        var ratio = 1.0
        var image = screenshot
        if downSampling.isFinite, downSampling > 0, downSampling != 1 {
            let width = Double(screenshot.width) * downSampling
            let height = Double(screenshot.height) * downSampling
            if width >= 1, height >= 1, width * height <= Double(1 << 28) {
                ratio = downSampling
                image = screenshot.resized(to: Size(width: Int(width), height: Int(height)))
            }
        }
        var canvas = Canvas(image)
        let thickness = max(1, image.width / 1280)
        let digitScale = image.width < 1280 ? 1 : (image.width <= 1920 ? 2 : 3)
        var marks: [Mark] = []
        for index in tree.markableNodes(checkImage: true) {
            let node = tree.nodes[index]
            guard let bounds = node.bounds else { continue }
            let box = Self.scaled(bounds, by: ratio)
            guard box.width > 0, box.height > 0, !canvas.isSingleColour(box) else { continue }
            let number = marks.count + 1
            canvas.outline(box, thickness: thickness)
            canvas.label(number, left: box.x, bottom: box.y + box.height, scale: digitScale)
            marks.append(
                Mark(
                    number: number, node: index, tag: node.osworldTag, name: OSWorldXML.xmlCharacters(node.name),
                    text: OSWorldXML.xmlCharacters(node.text ?? ""), bounds: bounds, box: box))
        }
        self.marks = marks
        self.image = canvas.image
    }

    /// The marks as OSWorld's set-of-marks prompt lists them: ``tableHeader``, then one
    /// tab-separated row per mark (number, tag, name, text as in
    /// ``AccessibilityTree/linearized(classAndDescription:)``), joined by `\n`.
    public var table: String {
        var lines = [Self.tableHeader]
        for mark in marks {
            lines.append("\(mark.number)\t\(mark.tag)\t\(mark.name)\t\(OSWorldXML.textCell(mark.text))")
        }
        return lines.joined(separator: "\n")
    }

    /// `bounds` in the tagged image: each number times `ratio`, truncated as Python's `int()`
    /// does, and held within ±10^12 so that no later sum can overflow whatever an app claims.
    static func scaled(_ bounds: Rect, by ratio: Double) -> Rect {
        func pixels(_ value: Int) -> Int {
            let limit = 1_000_000_000_000
            if ratio == 1 { return min(max(value, -limit), limit) }
            let product = (Double(value) * ratio).rounded(.towardZero)
            return Int(min(max(product, -Double(limit)), Double(limit)))
        }
        return Rect(x: pixels(bounds.x), y: pixels(bounds.y), width: pixels(bounds.width), height: pixels(bounds.height))
    }
}
