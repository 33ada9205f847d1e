import DeskgymImage

/// An 8-bit grey image, as Pillow's mode "L": what OSWorld's image metrics compare after
/// `Image.open(path).convert('L')`.
struct GrayImage: Sendable, Hashable {
    var width: Int
    var height: Int
    /// `width * height` luma values, row by row from the top.
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Pillow's RGB → L conversion, ITU-R 601-2 luma in 16-bit fixed point:
    /// `(R·19595 + G·38470 + B·7471 + 0x8000) >> 16`. Alpha is ignored, as Pillow ignores it
    /// (RGBA → L uses the colour as stored); a grey pixel keeps its value exactly.
    init(_ image: DecodedImage) {
        var luma = [UInt8](repeating: 0, count: image.width * image.height)
        image.rgba.withUnsafeBufferPointer { rgba in
            for index in luma.indices {
                let r = UInt32(rgba[index * 4]), g = UInt32(rgba[index * 4 + 1]), b = UInt32(rgba[index * 4 + 2])
                luma[index] = UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
            }
        }
        self.init(width: image.width, height: image.height, pixels: luma)
    }
}
