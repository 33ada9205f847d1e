import DeskgymImage

/// An image as Pillow's `Image.open` gives it to OSWorld's GIMP metrics: the mode Pillow would
/// report (which several metrics test or compute in) and the pixels as `convert('RGBA')` gives them.
///
/// Palette images keep their colours, not their indices: where Pillow would compute on the indices
/// (`np.asarray` or `point` on a mode "P" image) Deskgym computes on the colours.
struct ColorImage: Sendable, Hashable {
    /// Pillow's image modes for the files Deskgym decodes.
    enum Mode: String, Sendable {
        case gray = "L"
        case grayAlpha = "LA"
        case rgb = "RGB"
        case rgba = "RGBA"
        case palette = "P"

        /// Whether the mode carries an alpha band (Pillow's `RGBA` and `LA`).
        var hasAlpha: Bool { self == .rgba || self == .grayAlpha }

        /// The bands `np.asarray` shows for the mode (a palette image as its colours, see above).
        var bandCount: Int {
            switch self {
            case .gray: 1
            case .grayAlpha: 2
            case .rgb, .palette: 3
            case .rgba: 4
            }
        }
    }

    var width: Int
    var height: Int
    var mode: Mode
    /// Whether Pillow's `info` has a `transparency` key: a PNG `tRNS` chunk on an L, RGB or P image.
    var hasTransparencyKey: Bool
    /// `width * height * 4` bytes, R G B A per pixel, as `convert('RGBA')` gives them (grey images
    /// have R = G = B).
    var rgba: [UInt8]

    init(width: Int, height: Int, mode: Mode, hasTransparencyKey: Bool = false, rgba: [UInt8]) {
        precondition(rgba.count == width * height * 4)
        self.width = width
        self.height = height
        self.mode = mode
        self.hasTransparencyKey = hasTransparencyKey
        self.rgba = rgba
    }

    /// A grey image as mode L (what `Image.fromarray` makes of one band).
    init(_ gray: GrayImage) {
        var rgba = [UInt8](repeating: 255, count: gray.pixels.count * 4)
        for (index, value) in gray.pixels.enumerated() {
            rgba[index * 4] = value
            rgba[index * 4 + 1] = value
            rgba[index * 4 + 2] = value
        }
        self.init(width: gray.width, height: gray.height, mode: .gray, rgba: rgba)
    }

    var pixelCount: Int { width * height }

    /// One of R, G, B, A as a grey image.
    func channel(_ channel: Int) -> GrayImage {
        var out = [UInt8](repeating: 0, count: pixelCount)
        for index in 0..<pixelCount { out[index] = rgba[index * 4 + channel] }
        return GrayImage(width: width, height: height, pixels: out)
    }

    /// `convert('RGB')`: the colour of every pixel, alpha dropped (Pillow drops it, no compositing).
    var rgb: [UInt8] {
        var out = [UInt8](repeating: 0, count: pixelCount * 3)
        for index in 0..<pixelCount {
            out[index * 3] = rgba[index * 4]
            out[index * 3 + 1] = rgba[index * 4 + 1]
            out[index * 3 + 2] = rgba[index * 4 + 2]
        }
        return out
    }

    /// The same image in mode RGB.
    var asRGB: ColorImage {
        var copy = self
        copy.mode = .rgb
        copy.hasTransparencyKey = false
        for index in 0..<pixelCount { copy.rgba[index * 4 + 3] = 255 }
        return copy
    }

    /// `convert('L')`: ITU-R 601-2 luma as Pillow computes it (a grey image keeps its values).
    var gray: GrayImage {
        GrayImage(DecodedImage(width: width, height: height, rgba: rgba))
    }

    /// The samples as `np.asarray(image)` holds them, `mode.bandCount` per pixel.
    var bandSamples: [UInt8] {
        switch mode {
        case .rgba: return rgba
        case .rgb, .palette: return rgb
        case .gray: return stride(from: 0, to: rgba.count, by: 4).map { rgba[$0] }
        case .grayAlpha:
            var out = [UInt8](repeating: 0, count: pixelCount * 2)
            for index in 0..<pixelCount {
                out[index * 2] = rgba[index * 4]
                out[index * 2 + 1] = rgba[index * 4 + 3]
            }
            return out
        }
    }

    /// `image.point(table)`: every band of the mode through the table — alpha too for RGBA and LA,
    /// as Pillow applies the table to all bands.
    func pointed(_ table: [UInt8]) -> ColorImage {
        var copy = self
        let alphaToo = mode.hasAlpha
        for index in 0..<pixelCount {
            for channel in 0..<3 { copy.rgba[index * 4 + channel] = table[Int(rgba[index * 4 + channel])] }
            if alphaToo { copy.rgba[index * 4 + 3] = table[Int(rgba[index * 4 + 3])] }
        }
        return copy
    }

    /// `transpose(FLIP_LEFT_RIGHT)`.
    var mirrored: ColorImage {
        var copy = self
        for y in 0..<height {
            for x in 0..<width {
                let from = (y * width + x) * 4, to = (y * width + (width - 1 - x)) * 4
                for channel in 0..<4 { copy.rgba[to + channel] = rgba[from + channel] }
            }
        }
        return copy
    }

    /// `split()[-1].getbbox()` on the RGBA image: the smallest box `(left, top, right, bottom)`
    /// holding every pixel whose alpha is not 0, nil when every pixel is transparent.
    var alphaBoundingBox: (left: Int, top: Int, right: Int, bottom: Int)? {
        var left = width, top = height, right = 0, bottom = 0
        for y in 0..<height {
            for x in 0..<width where rgba[(y * width + x) * 4 + 3] != 0 {
                left = Swift.min(left, x)
                right = Swift.max(right, x + 1)
                top = Swift.min(top, y)
                bottom = Swift.max(bottom, y + 1)
            }
        }
        return right > left ? (left, top, right, bottom) : nil
    }

    /// `crop(box)`.
    func cropped(left: Int, top: Int, right: Int, bottom: Int) -> ColorImage {
        var out: [UInt8] = []
        out.reserveCapacity((right - left) * (bottom - top) * 4)
        for y in top..<bottom {
            out += rgba[((y * width + left) * 4)..<((y * width + right) * 4)]
        }
        return ColorImage(
            width: right - left, height: bottom - top, mode: mode, hasTransparencyKey: hasTransparencyKey, rgba: out)
    }
}
