internal import CZlibSystem

/// One raw-deflate zlib stream, reused for band after band with `deflateReset`.
///
/// `deflateInit2` allocates the window and hash tables (about 270 KB), which costs more than
/// compressing a small band; `deflateReset` only clears them. Not thread-safe: each ``BandWorker``
/// owns one, and only the thread running that worker touches it.
final class DeflateStream {
    /// zlib keeps a pointer back to the `z_stream` and checks it on every call, so the struct lives at a
    /// fixed heap address rather than inside this object's stored properties.
    private let stream: UnsafeMutablePointer<z_stream>

    /// zlib's default. Measured on a 1080p desktop with window-sized bands, 7 and 9 were both about
    /// 9 % slower (a smaller hash matches worse; a larger one costs more to clear per band), for sizes
    /// within 0.1 %.
    static let memoryLevel: Int32 = 8

    /// Bytes that a full flush may add beyond `deflateBound` (an empty stored block and bit padding).
    private static let flushOverhead = 16

    init(level: Int, strategy: DeflateStrategy) throws(ImageEncodingError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // deflateInit2 is a macro over deflateInit2_, which Swift does not import; windowBits -15 asks
        // for raw deflate, since the zlib header and trailer are written once for the whole image.
        let code = deflateInit2_(
            stream, Int32(level), Z_DEFLATED, -15, Self.memoryLevel,
            strategy.zlibValue, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            let error = ImageEncodingError.zlib("deflateInit2", code: code, streamMessage: stream.pointee.msg)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// An output size that lets one `deflate` call finish for `inputCount` bytes.
    func outputBound(forInputCount inputCount: Int) -> Int {
        Int(deflateBound(stream, UInt(inputCount))) + Self.flushOverhead
    }

    /// Compresses `input` into `output` from offset 0 and returns the compressed size.
    ///
    /// The output is a run of non-final deflate blocks that ends byte-aligned (`Z_FULL_FLUSH`) and
    /// refers to nothing before it (the stream is reset first), so outputs of separate calls can be
    /// concatenated into one deflate stream.
    func compressBand(_ input: UnsafeRawBufferPointer, into output: ScratchBuffer) throws(ImageEncodingError) -> Int {
        var code = deflateReset(stream)
        guard code == Z_OK else {
            throw .zlib("deflateReset", code: code, streamMessage: stream.pointee.msg)
        }
        output.reserve(outputBound(forInputCount: input.count))
        let chunkLimit = Int(UInt32.max)
        var consumed = 0
        var produced = 0
        while true {
            if stream.pointee.avail_in == 0, consumed < input.count, let base = input.baseAddress {
                let chunk = min(input.count - consumed, chunkLimit)
                stream.pointee.next_in = UnsafeMutablePointer(
                    mutating: (base + consumed).assumingMemoryBound(to: Bytef.self))
                stream.pointee.avail_in = UInt32(chunk)
                consumed += chunk
            }
            let lastInput = consumed == input.count
            if produced == output.capacity {
                output.reserve(output.capacity * 2, preserving: true)
            }
            let room = min(output.capacity - produced, chunkLimit)
            stream.pointee.next_out = (output.base + produced).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(room)
            code = deflate(stream, lastInput ? Z_FULL_FLUSH : Z_NO_FLUSH)
            let written = room - Int(stream.pointee.avail_out)
            produced += written
            // Z_BUF_ERROR cannot happen here: there is always input or output room, and zlib resets
            // its duplicate-flush check when it returns with the output full.
            guard code == Z_OK else {
                throw .zlib("deflate", code: code, streamMessage: stream.pointee.msg)
            }
            // A flush is complete once deflate leaves output space unused (zlib manual, deflate()).
            if lastInput, stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 {
                return produced
            }
        }
    }
}
