import DeskgymCore
import DeskgymImage

extension X11Desktop {
    /// Captures the screen and encodes it as PNG. Bands of rows that did not change since this
    /// desktop's previous screenshot are not compressed again.
    /// - Parameter cursor: draw the pointer on the image, as OSWorld's screenshots show it.
    public func screenshot(cursor: Bool = false) throws -> EncodedPNG {
        let encoder = self.encoder
        return try capturer.capture(cursor: cursor) { frame in
            try encoder.encode(frame.bytes, layout: FrameLayout(width: frame.width, height: frame.height,
                                                                bytesPerLine: frame.bytesPerLine))
        }
    }
}
