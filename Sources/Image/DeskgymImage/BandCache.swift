/// One horizontal band of the image and what the encoder remembers of it between frames.
///
/// Only the encoder's thread (under its lock) and, during one parallel pass, the single worker that
/// claimed the band touch it.
final class BandCache {
    /// What to do with the band in the current call.
    enum Task {
        /// Compare with the previous frame; encode only if something changed.
        case compare
        /// Encode without comparing (no valid copy of the previous frame).
        case encode
    }

    /// What happened to the band in the current call.
    enum Outcome {
        case pending
        /// Pixels matched the previous frame; the old compressed bytes stand.
        case reused
        /// Reused on the word of the caller's hint, without reading pixels.
        case unchecked
        case encoded
        case failed(ImageEncodingError)
    }

    let rows: Range<Int>
    /// Whether `compressed`, `adler`, `crc` and the previous-frame copy of these rows describe the
    /// last frame; false before the first encode and after any failure.
    var isValid = false
    /// Raw deflate blocks ending on a full flush.
    var compressed: [UInt8] = []
    /// Adler-32 of the filtered scanlines, for the zlib trailer.
    var adler: UInt32 = 1
    /// CRC-32 of `compressed`, so the IDAT CRC is combined rather than recomputed over reused bytes.
    var crc: UInt32 = 0
    /// Length of the filtered scanlines, needed by `adler32_combine`.
    var filteredCount = 0
    var task = Task.encode
    var outcome = Outcome.pending

    init(rows: Range<Int>) {
        self.rows = rows
    }
}
