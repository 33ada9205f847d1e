import DeskgymCore

extension UITARSGrammar {
    /// What the numbers in a UI-TARS box mean.
    public enum Coordinates: Sendable, Hashable, CustomStringConvertible {
        /// UI-TARS-1.0 (and UI-TARS-1.0's prompts): 0–1000 of the screen's width and height,
        /// whatever the screen's size.
        case relative1000
        /// UI-TARS-1.5: pixels of the screenshot as the model saw it, `imageSize` being the
        /// smart-resized screen (``SmartResize/uiTARS``); scaled to the screen.
        case absolute(imageSize: Size)

        /// `relative 0–1000` or `absolute in WxH`.
        public var description: String {
            switch self {
            case .relative1000: "relative 0–1000"
            case .absolute(let size): "absolute in \(size)"
            }
        }
    }

    /// The grid of ``coordinates``: a value maps to the pixel it falls in (rounded down), as the
    /// UI-TARS and OSWorld agent code's `int()` of the scaled value does; 1000 (or the image's width
    /// or height) is the last pixel.
    var grid: CoordinateGrid {
        switch coordinates {
        case .relative1000:
            CoordinateGrid(
                width: 1000, height: 1000, maximumX: 1000, maximumY: 1000, rounding: .down,
                name: "the 0–1000 range of UI-TARS relative coordinates")
        case .absolute(let size): .image(size)
        }
    }
}
