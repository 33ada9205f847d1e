import DeskgymCore

/// The image resizing rule of Qwen2-VL, Qwen2.5-VL, Qwen3-VL and UI-TARS-1.5 (`smart_resize`): the
/// size a screenshot has when the model sees it, and so the size its absolute coordinates refer to.
///
/// Both sides become multiples of ``factor``, the aspect ratio is kept as far as that allows, and the
/// area is brought into ``minPixels``…``maxPixels``. The arithmetic is Python's, step by step, so
/// that the result agrees exactly with the reference implementations: `round()` rounds halves to
/// even (`round(2.5) == 2`), `math.floor` and `math.ceil` apply to float quotients, and the square
/// root is taken of a float quotient.
///
/// ```swift
/// try SmartResize().resized(Size(width: 1920, height: 1080))          // 1316x728
/// try SmartResize.uiTARS.resized(Size(width: 1920, height: 1080))     // 1932x1092
/// try SmartResize.qwen3VL.resized(Size(width: 1920, height: 1080))    // 1920x1088
/// ```
///
/// Sizes are `Size` (width first); the Python functions take `(height, width)` and return
/// `(h_bar, w_bar)`.
public struct SmartResize: Sendable, Hashable, CustomStringConvertible {
    /// Which published version of `smart_resize` to follow. They agree on every screen size; they
    /// differ only for a side shorter than half the factor, or when shrinking would round a side to 0.
    public enum Variant: Sendable, Hashable {
        /// `qwen_vl_utils.smart_resize` (qwen-vl-utils 0.0.14) and the copy in the UI-TARS code
        /// (`ui_tars/action_parser.py`): each side is at least `factor` after the first rounding,
        /// and nothing stops the shrinking branch from giving 0.
        case qwenVLUtils
        /// `transformers.models.qwen2_vl.image_processing_qwen2_vl.smart_resize` (transformers 5.23),
        /// which the Hugging Face processors and so vLLM and SGLang apply: the first rounding may
        /// give 0, the shrinking branch gives at least `factor`.
        case transformers
    }

    /// Both sides of the result are multiples of this (patch size × spatial merge size).
    public var factor: Int
    /// The smallest area the result may have.
    public var minPixels: Int
    /// The largest area the result may have.
    public var maxPixels: Int
    /// Which published implementation to agree with.
    public var variant: Variant

    /// A rule with `smart_resize`'s keyword defaults, `factor=28, min_pixels=56*56,
    /// max_pixels=14*14*4*1280` (transformers' Qwen2-VL processor and OSWorld's Qwen2.5-VL agent).
    public init(
        factor: Int = 28, minPixels: Int = 56 * 56, maxPixels: Int = 14 * 14 * 4 * 1280,
        variant: Variant = .qwenVLUtils
    ) {
        self.factor = factor
        self.minPixels = minPixels
        self.maxPixels = maxPixels
        self.variant = variant
    }

    /// UI-TARS-1.5 as its own code resizes (`ui_tars/action_parser.py`: `IMAGE_FACTOR = 28`,
    /// `MIN_PIXELS = 100*28*28`, `MAX_PIXELS = 16384*28*28`); a 1920x1080 screen becomes 1932x1092.
    public static let uiTARS = SmartResize(factor: 28, minPixels: 100 * 28 * 28, maxPixels: 16384 * 28 * 28)

    /// Qwen2-VL and Qwen2.5-VL with qwen-vl-utils' defaults for patch size 14 (factor 28,
    /// `IMAGE_MIN_TOKEN_NUM * 28²` = 4·28², `IMAGE_MAX_TOKEN_NUM * 28²` = 16384·28²).
    public static let qwenVLUtils = SmartResize(factor: 28, minPixels: 4 * 28 * 28, maxPixels: 16384 * 28 * 28)

    /// Qwen3-VL with qwen-vl-utils 0.0.14's defaults: patch size 16 with a 2×2 merge, so factor 32,
    /// and 4·32² to 16384·32² pixels; a 1920x1080 screen becomes 1920x1088.
    public static let qwen3VL = SmartResize(factor: 32, minPixels: 4 * 32 * 32, maxPixels: 16384 * 32 * 32)

    /// `factor F, pixels MIN…MAX`.
    public var description: String {
        "smart_resize(factor \(factor), pixels \(minPixels)…\(maxPixels)"
            + (variant == .transformers ? ", transformers)" : ")")
    }

    /// The size an image of `size` is resized to.
    ///
    /// Throws, as the Python functions raise, when the longer side is more than 200 times the
    /// shorter (`absolute aspect ratio must be smaller than 200, got 201.0`); also for a side below
    /// 1 (Python divides by zero), a factor below 1, or `maxPixels < minPixels` (qwen-vl-utils
    /// asserts this).
    public func resized(_ size: Size) throws(SmartResizeError) -> Size {
        let height = size.height, width = size.width
        guard height >= 1 && width >= 1 else {
            throw SmartResizeError(message: "width and height must be at least 1, got \(size)")
        }
        guard factor >= 1 else { throw SmartResizeError(message: "factor must be at least 1, got \(factor)") }
        guard maxPixels >= minPixels else {
            throw SmartResizeError(message: "maxPixels (\(maxPixels)) must be at least minPixels (\(minPixels))")
        }
        let ratio = Double(max(height, width)) / Double(min(height, width))
        if ratio > 200 {
            throw SmartResizeError(message: "absolute aspect ratio must be smaller than 200, got \(ratio)")
        }
        let f = Double(factor)
        // round(number / factor) * factor, with Python's round-half-to-even.
        func roundByFactor(_ number: Int) -> Int {
            Int((Double(number) / f).rounded(.toNearestOrEven)) * factor
        }
        var hBar = roundByFactor(height)
        var wBar = roundByFactor(width)
        if variant == .qwenVLUtils {
            hBar = max(factor, hBar)
            wBar = max(factor, wBar)
        }
        if hBar * wBar > maxPixels {
            let beta = (Double(height * width) / Double(maxPixels)).squareRoot()
            hBar = Int((Double(height) / beta / f).rounded(.down)) * factor
            wBar = Int((Double(width) / beta / f).rounded(.down)) * factor
            if variant == .transformers {
                hBar = max(factor, hBar)
                wBar = max(factor, wBar)
            }
        } else if hBar * wBar < minPixels {
            let beta = (Double(minPixels) / Double(height * width)).squareRoot()
            hBar = Int((Double(height) * beta / f).rounded(.up)) * factor
            wBar = Int((Double(width) * beta / f).rounded(.up)) * factor
        }
        return Size(width: wBar, height: hBar)
    }
}
