internal import CZlibSystem
import Foundation

/// The per-thread tools for encoding bands: a zlib stream and two scratch buffers.
///
/// Only one thread uses a worker at a time: during a parallel pass, worker `i` belongs to iteration
/// `i` of `concurrentPerform`.
final class BandWorker {
    let deflater: DeflateStream
    /// Filtered scanlines of the band being encoded.
    let filtered = ScratchBuffer()
    /// Compressed output before it is copied into the band's exact-size storage.
    let compressed = ScratchBuffer()

    init(options: PNGEncoderOptions) throws(ImageEncodingError) {
        deflater = try DeflateStream(level: options.compressionLevel, strategy: options.strategy)
    }

    /// Sizes the buffers for the largest band of `width`, once, so no frame pays for growing them.
    func prepare(width: Int, bandHeight: Int) {
        let filteredCount = bandHeight * PNGRowFilter.scanlineCount(width: width)
        filtered.reserve(filteredCount + PNGRowFilter.scanlineSlack)
        compressed.reserve(deflater.outputBound(forInputCount: filteredCount))
    }

    /// Compares (if asked), copies, filters and compresses one band.
    ///
    /// - Parameter previous: the packed copy of the previous frame (`width * 4` bytes a row) that this
    ///   call brings up to date for the band's rows; `nil` for one-shot encoding, which keeps no copy.
    func process(_ band: BandCache, frame: FrameSource, previous: ScratchBuffer?, filter: PNGRowFilter) {
        let width = frame.layout.width
        let rowBytes = width * 4
        var firstChanged = band.rows.lowerBound
        if band.task == .compare, let previous {
            while firstChanged < band.rows.upperBound,
                memcmp(frame.row(firstChanged), previous.base + firstChanged * rowBytes, rowBytes) == 0
            {
                firstChanged += 1
            }
            if firstChanged == band.rows.upperBound {
                band.outcome = .reused
                return
            }
        }
        // From here on the copy no longer matches the compressed bytes until compression succeeds.
        band.isValid = false

        let scanline = PNGRowFilter.scanlineCount(width: width)
        let filteredCount = band.rows.count * scanline
        filtered.reserve(filteredCount + PNGRowFilter.scanlineSlack)
        var adler = Adler32.initial
        for (index, y) in band.rows.enumerated() {
            let source = frame.row(y)
            // Rows above the first difference are already equal in the copy.
            if let previous, y >= firstChanged {
                (previous.base + y * rowBytes).copyMemory(from: source, byteCount: rowBytes)
            }
            let destination = filtered.base + index * scanline
            filter.writeScanline(from: source, to: destination, width: width)
            // Summing the row right after writing it reads it from L1 rather than from memory.
            adler = Adler32.update(adler, destination, count: scanline)
        }

        do {
            let count = try deflater.compressBand(
                UnsafeRawBufferPointer(start: filtered.base, count: filteredCount), into: compressed)
            let bytes = UnsafeRawBufferPointer(start: compressed.base, count: count)
            band.compressed.removeAll(keepingCapacity: true)
            band.compressed.append(contentsOf: bytes)
            band.crc = UInt32(crc32_z(0, compressed.base.assumingMemoryBound(to: Bytef.self), count))
            band.adler = adler
            band.filteredCount = filteredCount
            band.isValid = previous != nil
            band.outcome = .encoded
        } catch {
            band.outcome = .failed(error)
        }
    }
}
