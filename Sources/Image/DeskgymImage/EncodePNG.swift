import Foundation

/// Encodes one frame of B, G, R, X pixels as an RGB PNG, in parallel bands, keeping nothing.
///
/// For a stream of screenshots of one screen, keep a ``PNGBandEncoder`` instead: it reuses unchanged
/// bands and its zlib streams.
///
/// - Throws: ``ImageEncodingError`` when the options are out of range, the layout does not fit the
///   buffer, or zlib fails.
public func encodePNG(
    bgrx pixels: UnsafeRawBufferPointer, layout: FrameLayout, options: PNGEncoderOptions = PNGEncoderOptions()
) throws(ImageEncodingError) -> Data {
    try PNGBandEncoder(options: options, retainsFrames: false).encode(pixels, layout: layout).png
}
