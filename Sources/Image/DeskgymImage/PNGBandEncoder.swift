import Foundation
import Synchronization

/// An incremental, parallel PNG encoder for screen captures.
///
/// The frame is cut into bands of rows. Each band is filtered and compressed on its own (raw deflate
/// ending on a full flush), on all cores at once, and the results are joined into one zlib stream.
/// The encoder keeps a copy of the previous frame: a band whose pixels did not change is not compressed
/// again, so a frame where a small region changed costs a frame comparison plus the few bands the
/// region touches.
///
/// It is a class, not a struct, because it owns zlib streams (released in `deinit`) and an 8 MB copy
/// of the previous 1080p frame that must never be duplicated by a copy-on-write; and because one
/// encoder is meant to be shared by whoever captures a given screen. Calls are serialised by a mutex;
/// each call blocks its thread while it works (a few milliseconds), using up to
/// ``PNGEncoderOptions/workerCount`` threads of Dispatch's pool.
public final class PNGBandEncoder: Sendable {
    /// How frames are cut, filtered and compressed.
    public let options: PNGEncoderOptions
    /// False for one-shot encoding: no previous-frame copy is made, since nothing will be compared.
    private let retainsFrames: Bool
    private let state = Mutex(EncoderState())

    /// - Throws: ``ImageEncodingError`` with kind `invalidOptions` when an option is out of range.
    public convenience init(options: PNGEncoderOptions = PNGEncoderOptions()) throws(ImageEncodingError) {
        try self.init(options: options, retainsFrames: true)
    }

    init(options: PNGEncoderOptions, retainsFrames: Bool) throws(ImageEncodingError) {
        try options.validate()
        self.options = options
        self.retainsFrames = retainsFrames
    }

    /// Encodes a frame of B, G, R, X pixels as an RGB PNG.
    ///
    /// The pixels are read only during the call and never retained, so the buffer may be a capture
    /// segment that is overwritten right after.
    ///
    /// - Parameters:
    ///   - pixels: at least `layout.minimumByteCount` bytes.
    ///   - layout: the frame's geometry; when its width or height differs from the previous call's,
    ///     every band is encoded afresh.
    ///   - hint: what the caller knows about changed rows; see ``FrameChangeHint``.
    /// - Throws: ``ImageEncodingError`` when the layout does not fit the buffer or zlib fails. After a
    ///   zlib failure the affected bands are encoded afresh next time.
    public func encode(
        _ pixels: UnsafeRawBufferPointer, layout: FrameLayout, hint: FrameChangeHint = .unknown
    ) throws(ImageEncodingError) -> EncodedPNG {
        try layout.validate(byteCount: pixels.count, hasBaseAddress: pixels.baseAddress != nil)
        let frame = FrameSource(base: pixels.baseAddress!, layout: layout)
        let options = options
        let retainsFrames = retainsFrames
        return try state.withLock { (state: inout EncoderState) throws(ImageEncodingError) -> EncodedPNG in
            state.adapt(to: layout, options: options, retainsFrames: retainsFrames)

            var pending: [BandCache] = []
            var compared = 0
            var unchecked = 0
            for band in state.bands {
                if retainsFrames, band.isValid {
                    if hint.vouchesUnchanged(band.rows) {
                        band.outcome = .unchecked
                        unchecked += 1
                        continue
                    }
                    band.task = .compare
                    compared += 1
                } else {
                    band.task = .encode
                }
                band.outcome = .pending
                pending.append(band)
            }

            try state.ensureWorkers(min(options.workerCount, max(pending.count, 1)), options: options)
            BandBatch(
                bands: pending, workers: state.workers, frame: frame,
                previous: retainsFrames ? state.previous : nil, filter: options.filter
            ).run()

            var encoded = 0
            var firstError: ImageEncodingError?
            for band in pending {
                switch band.outcome {
                case .encoded:
                    encoded += 1
                case .failed(let error):
                    firstError = firstError ?? error
                case .pending, .reused, .unchecked:
                    break
                }
            }
            if let firstError {
                throw firstError
            }

            let png = PNGContainer.file(
                width: layout.width, height: layout.height, bands: state.bands,
                level: options.compressionLevel, strategy: options.strategy)
            let stats = PNGEncodingStats(
                bandCount: state.bands.count, encodedBandCount: encoded,
                comparedBandCount: compared, uncheckedBandCount: unchecked,
                byteCount: png.count)
            return EncodedPNG(png: png, size: layout.size, stats: stats)
        }
    }

    /// Forgets the previous frame, so that the next call encodes every band. The zlib streams and
    /// buffers are kept.
    public func reset() {
        state.withLock { $0.invalidate() }
    }
}
