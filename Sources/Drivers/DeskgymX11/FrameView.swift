/// A borrowed view of captured pixels: 32 bits a pixel, B, G, R, X in memory order (X11 ZPixmap,
/// depth 24, little-endian). Valid only inside the closure that receives it.
public struct FrameView: @unchecked Sendable {
    // @unchecked: the raw buffer is only read, and only while the capturer's lock is held.
    /// The pixel bytes, `bytesPerLine * height` long.
    public let bytes: UnsafeRawBufferPointer
    public let width: Int
    public let height: Int
    /// The stride of one row in bytes (at least `width * 4`).
    public let bytesPerLine: Int

    /// The pixel at (x, y) as (red, green, blue).
    public func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let offset = y * bytesPerLine + x * 4
        return (bytes[offset + 2], bytes[offset + 1], bytes[offset])
    }
}
