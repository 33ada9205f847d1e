internal import CZlibSystem
import Foundation

/// gzip files (RFC 1952) through zlib, for what trajectories keep compressed beside their
/// screenshots (accessibility trees). zlib's own gzip framing (`windowBits` 31) writes the header
/// and the CRC-32 trailer, so `gunzip` and Python's `gzip` module read the result.
public enum Gzip {
    /// `data` compressed at `level` (0–9) as one gzip member.
    /// - Throws: ``ImageEncodingError`` (kind `zlib`) when zlib refuses.
    public static func compress(_ data: Data, level: Int = 6) throws(ImageEncodingError) -> Data {
        // One deflate call takes at most 4 GiB (zlib's counts are 32-bit); trees are far smaller.
        guard data.count < Int(UInt32.max) / 2 else { throw .zlib("deflate", code: Z_BUF_ERROR) }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        // deflateInit2 is a macro over deflateInit2_; windowBits 15 + 16 asks for gzip framing.
        var code = deflateInit2_(
            stream, Int32(level), Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw .zlib("deflateInit2", code: code, streamMessage: stream.pointee.msg) }
        defer { deflateEnd(stream) }
        // deflateBound is exact for one call that finishes; gzip adds its 18 bytes of framing.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(data.count))) + 32)
        let produced = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int in
            output.withUnsafeMutableBufferPointer { out -> Int in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                code = deflate(stream, Z_FINISH)
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        guard code == Z_STREAM_END else { throw .zlib("deflate", code: code, streamMessage: stream.pointee.msg) }
        return Data(output.prefix(produced))
    }
}
