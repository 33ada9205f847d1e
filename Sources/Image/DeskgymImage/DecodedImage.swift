import DeskgymCore

/// A decoded image: `height` rows of `width` pixels, each pixel the bytes R, G, B, A (8 bits each,
/// colour not premultiplied by alpha), rows packed top to bottom.
public struct DecodedImage: Sendable, Hashable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// `width * height * 4` bytes: R, G, B, A for each pixel, row by row from the top.
    public var rgba: [UInt8]

    /// An image of these pixels.
    ///
    /// - Precondition: `rgba.count == width * height * 4`.
    public init(width: Int, height: Int, rgba: [UInt8]) {
        precondition(
            width >= 0 && height >= 0 && rgba.count == width * height * 4,
            "\(width)x\(height) needs \(width * height * 4) bytes, got \(rgba.count)")
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    /// The image size in pixels.
    public var size: Size { Size(width: width, height: height) }

    /// The R, G, B, A of the pixel at column `x`, row `y` (0-based from the top left).
    public subscript(x x: Int, y y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let offset = (y * width + x) * 4
        return (rgba[offset], rgba[offset + 1], rgba[offset + 2], rgba[offset + 3])
    }
}
