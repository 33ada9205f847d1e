/// Everything ``PNGBandEncoder`` keeps between calls; lives inside the encoder's mutex.
struct EncoderState {
    /// Geometry the bands and the previous-frame copy were made for; bands are reused only while the
    /// width and height stay the same (the stride may change, since the copy is packed).
    var width = 0
    var height = 0
    var bandHeight = 1
    var bands: [BandCache] = []
    /// The previous frame packed at `width * 4` bytes a row; `nil` when frames are not retained.
    var previous: ScratchBuffer?
    /// Created on first need and kept, so zlib streams are initialised once per encoder.
    var workers: [BandWorker] = []

    /// Re-cuts the bands when the geometry changed, which also drops every cached band.
    mutating func adapt(to layout: FrameLayout, options: PNGEncoderOptions, retainsFrames: Bool) {
        guard layout.width != width || layout.height != height || bands.isEmpty else { return }
        width = layout.width
        height = layout.height
        bandHeight = min(options.effectiveBandHeight(width: width), height)
        bands = stride(from: 0, to: height, by: bandHeight).map { [bandHeight, height] top in
            BandCache(rows: top..<min(top + bandHeight, height))
        }
        if retainsFrames {
            let count = width * 4 * height
            if let previous {
                previous.reserve(count)
            } else {
                previous = ScratchBuffer(capacity: count)
            }
        }
        for worker in workers {
            worker.prepare(width: width, bandHeight: bandHeight)
        }
    }

    /// Makes sure at least `count` workers exist.
    mutating func ensureWorkers(_ count: Int, options: PNGEncoderOptions) throws(ImageEncodingError) {
        while workers.count < count {
            let worker = try BandWorker(options: options)
            worker.prepare(width: width, bandHeight: bandHeight)
            workers.append(worker)
        }
    }

    /// Forgets the previous frame, keeping streams and buffers.
    mutating func invalidate() {
        for band in bands {
            band.isValid = false
        }
    }
}
