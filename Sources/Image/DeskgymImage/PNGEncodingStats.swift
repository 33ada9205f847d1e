/// What one `encode` call did, for benchmarks and logs.
public struct PNGEncodingStats: Sendable, Hashable {
    /// Bands the frame was cut into.
    public var bandCount: Int
    /// Bands filtered and compressed in this call.
    public var encodedBandCount: Int
    /// Bands whose pixels were compared with the previous frame (whether found equal or not).
    public var comparedBandCount: Int
    /// Bands reused without reading their pixels, on the word of a ``FrameChangeHint``.
    public var uncheckedBandCount: Int
    /// Size of the PNG file in bytes.
    public var byteCount: Int

    /// Bands whose earlier compressed bytes were reused.
    public var reusedBandCount: Int { bandCount - encodedBandCount }

    public init(
        bandCount: Int, encodedBandCount: Int, comparedBandCount: Int, uncheckedBandCount: Int,
        byteCount: Int
    ) {
        self.bandCount = bandCount
        self.encodedBandCount = encodedBandCount
        self.comparedBandCount = comparedBandCount
        self.uncheckedBandCount = uncheckedBandCount
        self.byteCount = byteCount
    }
}
