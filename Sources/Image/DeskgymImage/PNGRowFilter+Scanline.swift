extension PNGRowFilter {
    /// Bytes of one filtered scanline: the filter-type byte, then R, G, B for each pixel.
    static func scanlineCount(width: Int) -> Int { 1 + 3 * width }

    /// Bytes the kernels may write past the last scanline: they store whole words of which only the
    /// first three bytes per pixel are meant.
    static let scanlineSlack = 8

    /// Converts one row of B, G, R, X pixels into a filtered PNG scanline at `destination`.
    ///
    /// Writes up to ``scanlineSlack`` bytes past the scanline's end; the next scanline overwrites
    /// them, since rows are written in order, and the buffer has slack after the last one.
    @inline(__always)
    func writeScanline(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, width: Int) {
        destination.storeBytes(of: rawValue, as: UInt8.self)
        let out = destination + 1
        var x = 0
        switch self {
        case .none:
            #if _endian(little)
            while x &+ 4 <= width {
                Self.storeFour(out + x &* 3, source.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<UInt8>.self))
                x &+= 4
            }
            #endif
            while x < width {
                Self.storeOne(out + x &* 3, Self.pixel(source, x))
                x &+= 1
            }
        case .sub:
            // PNG takes the left neighbour of the first pixel as zero.
            if width > 0 {
                Self.storeOne(out, Self.pixel(source, 0))
                x = 1
            }
            #if _endian(little)
            while x &+ 4 <= width {
                let pixels = source.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<UInt8>.self)
                let leftNeighbours = source.loadUnaligned(fromByteOffset: (x &- 1) &* 4, as: SIMD16<UInt8>.self)
                Self.storeFour(out + x &* 3, pixels &- leftNeighbours)
                x &+= 4
            }
            #endif
            while x < width {
                Self.storeOne(out + x &* 3, Self.byteWiseDifference(Self.pixel(source, x), Self.pixel(source, x &- 1)))
                x &+= 1
            }
        }
    }

    /// The pixel as `0xXXRRGGBB` whatever the host byte order (the buffer holds B, G, R, X).
    @inline(__always)
    static func pixel(_ source: UnsafeRawPointer, _ x: Int) -> UInt32 {
        UInt32(littleEndian: source.loadUnaligned(fromByteOffset: x &* 4, as: UInt32.self))
    }

    /// Each byte of `a` minus the same byte of `b`, modulo 256, with no borrow between bytes.
    @inline(__always)
    static func byteWiseDifference(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let high: UInt32 = 0x8080_8080
        return ((a | high) &- (b & ~high)) ^ ((a ^ ~b) & high)
    }

    /// Stores one `0xXXRRGGBB` pixel as R, G, B (and one byte of slack).
    @inline(__always)
    static func storeOne(_ destination: UnsafeMutableRawPointer, _ pixel: UInt32) {
        // byteSwapped >> 8 gives 0x00BBGGRR: R, G, B in little-endian memory.
        destination.storeBytes(of: (pixel.byteSwapped >> 8).littleEndian, as: UInt32.self)
    }

    /// Stores four B, G, R, X pixels as twelve bytes R, G, B, … (and two bytes of slack).
    ///
    /// Plain SSE2 has no byte shuffle, and a general shuffle through Swift's SIMD subscript compiles to
    /// slow element-by-element code (2.7 times slower than scalar here), so the bytes are moved with
    /// lane-wise shifts and masks instead; this is 2.3 times faster than scalar code.
    @inline(__always)
    static func storeFour(_ destination: UnsafeMutableRawPointer, _ pixels: SIMD16<UInt8>) {
        let words = unsafeBitCast(pixels, to: SIMD4<UInt32>.self)
        // Each lane 0xXXRRGGBB becomes 0x00BBGGRR.
        let rgb = (words &>> 16) & 0xFF | words & 0xFF00 | (words & 0xFF) &<< 16
        // Each 64-bit half holds two pixels, 0x00BBGGRR_00BBGGRR; close the gap between them.
        let halves = unsafeBitCast(rgb, to: SIMD2<UInt64>.self)
        let packed = halves & 0xFF_FFFF | (halves &>> 8) & 0xFFFF_FF00_0000
        destination.storeBytes(of: packed[0], as: UInt64.self)
        (destination + 6).storeBytes(of: packed[1], as: UInt64.self)
    }
}
