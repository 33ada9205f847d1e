import DeskgymCore

extension QwenComputerUseGrammar {
    /// What the numbers of a `coordinate` mean.
    public enum Coordinates: Sendable, Hashable, CustomStringConvertible {
        /// Qwen3-VL's relative grid: the screen is 999x999 whatever its size (the cookbook's
        /// system prompt says "The screen's resolution is 999x999"), and a value maps back as the
        /// cookbook's `rescale_coordinates` does, `round(x / 999 * width)`. 1000, which Qwen3-VL's
        /// 0–1000 grounding range and OSWorld's prompt ("1000x1000") allow, is the last pixel too.
        case relative999
        /// Qwen2.5-VL: pixels of the screenshot as the model saw it, `imageSize` being the
        /// smart-resized screen (``SmartResize``); scaled to the screen and rounded down, as
        /// OSWorld's Qwen2.5-VL agent does with `int(x * width / processed_width)`.
        case absolute(imageSize: Size)

        /// `relative 0–999` or `absolute in WxH`.
        public var description: String {
            switch self {
            case .relative999: "relative 0–999"
            case .absolute(let size): "absolute in \(size)"
            }
        }
    }

    var grid: CoordinateGrid {
        switch coordinates {
        case .relative999:
            CoordinateGrid(
                width: 999, height: 999, maximumX: 1000, maximumY: 1000, rounding: .toNearestOrEven,
                name: "the 0–999 grid of Qwen3-VL relative coordinates")
        case .absolute(let size): .image(size)
        }
    }
}
