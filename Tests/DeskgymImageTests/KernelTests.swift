import CZlibSystem
import Testing

@testable import DeskgymImage

/// The hand-vectorised pieces against plain references.
@Suite struct KernelTests {
    @Test("vector Adler-32 equals zlib's for every length around the block sizes")
    func adler32MatchesZlib() {
        var random = SplitMix(seed: 42)
        let bytes = (0..<20_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let saturated = [UInt8](repeating: 0xFF, count: 20_000)
        for data in [bytes, saturated] {
            data.withUnsafeBytes { raw in
                let base = raw.baseAddress!
                for count in Array(0...40) + [4095, 4096, 4097, 5761, 8192, 12_345, 20_000] {
                    for start: UInt32 in [1, 0xFFF0_FFF0, 0x1234_5678 % 65521] {
                        let expected = UInt32(adler32_z(UInt(start), base.assumingMemoryBound(to: Bytef.self), count))
                        #expect(Adler32.update(start, base, count: count) == expected, "count \(count)")
                    }
                }
            }
        }
    }

    @Test("scanline kernels equal the obvious per-byte filter", arguments: PNGRowFilter.allCases)
    func scanlineKernels(filter: PNGRowFilter) {
        for width in [1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 1920, 1921] {
            let frame = TestFrame.screenLike(width: width, height: 3, padding: 0, seed: UInt64(width))
            let expected = frame.scanlines(filter: filter)
            let scanline = PNGRowFilter.scanlineCount(width: width)
            var out = [UInt8](repeating: 0xEE, count: 3 * scanline + PNGRowFilter.scanlineSlack)
            frame.bytes.withUnsafeBytes { source in
                out.withUnsafeMutableBytes { destination in
                    for y in 0..<3 {
                        filter.writeScanline(
                            from: source.baseAddress! + y * frame.bytesPerLine,
                            to: destination.baseAddress! + y * scanline, width: width)
                    }
                }
            }
            #expect(Array(out[0..<(3 * scanline)]) == expected, "width \(width)")
        }
    }

    @Test("the SUB filter wraps around modulo 256 in every channel")
    func subWrapsAround() {
        let frame = TestFrame(width: 4, height: 1) { x, _ in
            x % 2 == 0 ? (0, 255, 1) : (255, 0, 0)
        }
        #expect(frame.scanlines(filter: .sub) == [1, 0, 255, 1, 255, 1, 255, 1, 255, 1, 255, 1, 255])
        var out = [UInt8](repeating: 0, count: 13 + PNGRowFilter.scanlineSlack)
        frame.bytes.withUnsafeBytes { source in
            out.withUnsafeMutableBytes { PNGRowFilter.sub.writeScanline(from: source.baseAddress!, to: $0.baseAddress!, width: 4) }
        }
        #expect(Array(out[0..<13]) == frame.scanlines(filter: .sub))
    }

    @Test("zlib header check bits hold for every level and strategy")
    func zlibHeader() {
        for level in 0...9 {
            for strategy in DeflateStrategy.allCases {
                let (cmf, flg) = PNGContainer.zlibHeader(level: level, strategy: strategy)
                #expect(cmf == 0x78)
                #expect((UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0)
                #expect(flg & 0x20 == 0, "no preset dictionary")
            }
        }
        #expect(PNGContainer.zlibHeader(level: 1, strategy: .default) == (0x78, 0x01))
        #expect(PNGContainer.zlibHeader(level: 6, strategy: .default) == (0x78, 0x9C))
        #expect(PNGContainer.zlibHeader(level: 9, strategy: .default) == (0x78, 0xDA))
    }
}
