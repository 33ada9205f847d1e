import DeskgymCore
import DeskgymImage

extension X11Desktop {
    /// Captures the screen and encodes it as PNG. Bands of rows that did not change since this
    /// desktop's previous screenshot (of the same size) are not compressed again.
    /// - Parameters:
    ///   - cursor: draw the pointer on the image, as OSWorld's screenshots show it.
    ///   - size: scale the captured pixels to this size before encoding; nil or the screen's size:
    ///     as captured.
    public func screenshot(cursor: Bool = false, scaledTo size: Size? = nil) throws -> EncodedPNG {
        guard let size, size != screenSize else {
            let encoder = self.encoder
            return try capturer.capture(cursor: cursor) { frame in
                try encoder.encode(
                    frame.bytes,
                    layout: FrameLayout(
                        width: frame.width, height: frame.height,
                        bytesPerLine: frame.bytesPerLine))
            }
        }
        let encoder = scaledEncoder
        // Scaled under the capture (the shared-memory image is reused by the next capture), then
        // encoded outside it.
        let scaled = try capturer.capture(cursor: cursor) { frame in
            PixelScaler.scale(
                frame.bytes,
                layout: FrameLayout(
                    width: frame.width, height: frame.height,
                    bytesPerLine: frame.bytesPerLine), to: size)
        }
        return try scaled.withUnsafeBytes { pixels in
            try encoder.encode(pixels, layout: FrameLayout(width: size.width, height: size.height, bytesPerLine: size.width * 4))
        }
    }
}
