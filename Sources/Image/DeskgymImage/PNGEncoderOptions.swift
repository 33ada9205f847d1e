import Foundation

/// How ``PNGBandEncoder`` cuts, filters and compresses a frame.
public struct PNGEncoderOptions: Sendable, Hashable {
    /// zlib compression level, 0 (stored) to 9. Level 1 is the fastest that still matches strings.
    public var compressionLevel: Int
    /// zlib compression strategy.
    ///
    /// `.default` rather than `.rle`: on a 1080p desktop with the SUB filter at level 1, `.rle` saved
    /// only 10 % of the time (12.7 against 14.1 ms of CPU; 6.4 against 7.2 ms on two cores) for a file
    /// 21 % larger (671 against 553 KB), and both meet the 8 ms budget.
    public var strategy: DeflateStrategy
    /// The scanline filter.
    ///
    /// `.sub` by default: at level 1 on a 1080p desktop it gave 11 % smaller files than `.none`
    /// (553 against 623 KB) for about 3 % more time.
    public var filter: PNGRowFilter
    /// Rows per band, or `nil` (the default) for ``automaticBandHeight(width:)``.
    ///
    /// Smaller bands reuse more of a frame where little changed and spread better over cores; larger
    /// bands compress slightly better, since no match crosses a band boundary, but past zlib's window
    /// they cost more time (see ``automaticBandHeight(width:)``).
    public var bandHeight: Int?
    /// How many bands are compressed at once; each worker owns one zlib stream.
    public var workerCount: Int

    /// The most filtered bytes a band may hold and still fit zlib's 64 KiB window with the look-ahead
    /// zlib keeps (65,274 bytes with zlib 1.2.13), with some margin.
    public static let windowFittingBandBytes = 65_000

    /// The most rows whose filtered scanlines fit in ``windowFittingBandBytes``, at least one.
    ///
    /// zlib slides its window once its input passes about 64 KiB, and each slide rewrites the hash
    /// chains (about 25 µs per 32 KiB of input here). A band that fits the window never slides. On a
    /// 1080p desktop, 11-row bands (99 bands, the automatic choice at 1920 pixels wide) took 14.1 ms of
    /// CPU in all, 12-row bands 16.2 ms, 32-row bands 16.7 ms; output sizes differed by 0.3 %.
    public static func automaticBandHeight(width: Int) -> Int {
        max(1, windowFittingBandBytes / PNGRowFilter.scanlineCount(width: max(width, 1)))
    }

    /// The band height used for frames `width` pixels wide.
    func effectiveBandHeight(width: Int) -> Int {
        bandHeight ?? Self.automaticBandHeight(width: width)
    }

    /// - Parameter workerCount: `nil` means one worker per active processor.
    public init(
        compressionLevel: Int = 1,
        strategy: DeflateStrategy = .default,
        filter: PNGRowFilter = .sub,
        bandHeight: Int? = nil,
        workerCount: Int? = nil
    ) {
        self.compressionLevel = compressionLevel
        self.strategy = strategy
        self.filter = filter
        self.bandHeight = bandHeight
        self.workerCount = workerCount ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    func validate() throws(ImageEncodingError) {
        guard (0...9).contains(compressionLevel) else {
            throw .invalidOptions("compressionLevel must be 0...9, got \(compressionLevel)")
        }
        if let bandHeight, bandHeight <= 0 {
            throw .invalidOptions("bandHeight must be positive, got \(bandHeight)")
        }
        guard workerCount > 0 else {
            throw .invalidOptions("workerCount must be positive, got \(workerCount)")
        }
    }
}
