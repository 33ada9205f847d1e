import DeskgymCore

/// How a point in the screenshot a model was shown becomes a screen pixel, and back: one linear
/// factor per axis, rounded half to even.
///
/// The arithmetic is that of Anthropic's reference implementation (`scale_coordinates` in
/// `computer_use_demo/tools/computer.py` of anthropics/anthropic-quickstarts), step by step, so that
/// a point lands on the same pixel: the factor is `image / screen` as a float, a model's value is
/// divided by it and the screen's is multiplied by it, and Python's `round()` rounds halves to even.
/// Results are kept on the screen (or image): a value that rounds onto the far edge, which can happen
/// only when the image is larger than the screen, becomes the last pixel.
struct ScreenshotScale: Sendable, Hashable {
    let screen: Size
    let image: Size

    /// A scale from `image` to `screen`; an image with a side that is not positive is taken to be
    /// the screen itself.
    init(screen: Size, image: Size?) {
        self.screen = screen
        if let image, image.width > 0, image.height > 0 {
            self.image = image
        } else {
            self.image = screen
        }
    }

    var isIdentity: Bool { image == screen }

    /// How the coordinate space is named in messages.
    var spaceName: String {
        isIdentity ? "the \(image) screen" : "the \(image) screenshot"
    }

    /// The message part for an `x` or `y` outside the image, or nil when it is inside.
    func problem(x: Double, y: Double) -> String? {
        var outside: [String] = []
        if !(x >= 0 && x < Double(image.width)) { outside.append("x must be 0–\(image.width - 1)") }
        if !(y >= 0 && y < Double(image.height)) { outside.append("y must be 0–\(image.height - 1)") }
        return outside.isEmpty ? nil : "is outside \(spaceName) (" + outside.joined(separator: ", ") + ")"
    }

    /// The screen pixel of image point (`x`, `y`), which must be inside the image.
    func screenPoint(x: Double, y: Double) -> Point {
        Point(
            x: Self.scale(x, by: Double(image.width) / Double(screen.width), dividing: true, limit: screen.width),
            y: Self.scale(y, by: Double(image.height) / Double(screen.height), dividing: true, limit: screen.height))
    }

    /// The image point a model would write for screen pixel `point`; it reads back as the screen
    /// pixel nearest to the same image point.
    func imagePoint(of point: Point) -> (x: Int, y: Int) {
        (
            Self.scale(
                Double(point.x), by: Double(image.width) / Double(screen.width), dividing: false,
                limit: image.width),
            Self.scale(
                Double(point.y), by: Double(image.height) / Double(screen.height), dividing: false,
                limit: image.height)
        )
    }

    private static func scale(_ value: Double, by factor: Double, dividing: Bool, limit: Int) -> Int {
        let scaled = (dividing ? value / factor : value * factor).rounded(.toNearestOrEven)
        guard scaled.isFinite else { return 0 }
        return Int(Swift.min(Swift.max(0, scaled), Double(Swift.max(0, limit - 1))))
    }
}
