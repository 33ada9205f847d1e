import DeskgymCore

/// The coordinate system a model writes in (a 0–1000 or 0–999 grid, or the pixels of the resized
/// image it was shown) and how its values become screen pixels and back.
///
/// Shared by the UI-TARS and Qwen computer_use grammars; each documents its choice of rounding.
struct CoordinateGrid: Sendable, Hashable {
    /// How a scaled value becomes a whole pixel.
    enum Rounding: Sendable, Hashable {
        /// `floor(v × screen / extent)`: the pixel the point falls in (what `int()` gives in the
        /// UI-TARS and OSWorld agent code).
        case down
        /// `round(v / extent × screen)` with halves to even, as Python's `round()` (the Qwen3-VL
        /// cookbook's `rescale_coordinates`).
        case toNearestOrEven
    }

    /// The extent of the grid: a value of `width` is the right edge of the screen.
    let width: Int
    let height: Int
    /// The largest value accepted on each axis (the extent, or 1000 for the 0–999 grid).
    let maximumX: Int
    let maximumY: Int
    let rounding: Rounding
    /// How the grid is named in a message, after "is outside": `the 0–1000 range of UI-TARS
    /// relative coordinates`.
    let name: String

    /// The pixels of the smart-resized image a model was shown, scaled to the screen and rounded
    /// down (UI-TARS-1.5 and Qwen2.5-VL; the agents' `int()` of the scaled value).
    static func image(_ size: Size) -> CoordinateGrid {
        CoordinateGrid(
            width: size.width, height: size.height, maximumX: size.width, maximumY: size.height,
            rounding: .down, name: "the \(size) image the coordinates refer to")
    }

    enum Axis {
        case x, y
    }

    /// The message part for a value outside the grid, or nil when it is inside.
    func rangeProblem(_ value: Double, axis: Axis) -> String? {
        let maximum = axis == .x ? maximumX : maximumY
        if value.isFinite && value >= 0 && value <= Double(maximum) { return nil }
        return "is outside \(name)"
    }

    /// The screen pixel of grid value `value` on a screen `screen` pixels wide (or high); a value
    /// at the far edge gives the last pixel.
    func pixel(_ value: Double, axis: Axis, screen: Size) -> Int {
        let extent = Double(axis == .x ? width : height)
        let pixels = axis == .x ? screen.width : screen.height
        let scaled: Double
        switch rounding {
        case .down: scaled = (value * Double(pixels) / extent).rounded(.down)
        case .toNearestOrEven: scaled = (value / extent * Double(pixels)).rounded(.toNearestOrEven)
        }
        return Swift.min(Swift.max(0, Int(scaled)), Swift.max(0, pixels - 1))
    }

    /// A whole grid value that reads back as `pixel`, as near the pixel's centre as whole values
    /// allow. It reads back exactly whenever the grid is at least as fine as the screen.
    func gridValue(ofPixel pixel: Int, axis: Axis, screen: Size) -> Int {
        let extent = axis == .x ? width : height
        let pixels = Swift.max(1, axis == .x ? screen.width : screen.height)
        let maximum = axis == .x ? maximumX : maximumY
        let value: Int
        switch rounding {
        case .down:
            // The centre (p + ½)·extent/pixels, halves rounded down so that a grid as fine as the
            // screen never lands on the next pixel's left edge.
            let numerator = (2 * pixel + 1) * extent, denominator = 2 * pixels
            value = numerator / denominator + (2 * (numerator % denominator) > denominator ? 1 : 0)
        case .toNearestOrEven:
            value = (2 * pixel * extent + pixels) / (2 * pixels)
        }
        return Swift.min(Swift.max(0, value), maximum)
    }
}
