import DeskgymCore

/// Scales frames of 4-byte pixels (any channel order: B, G, R, X from a capture, R, G, B, A from a
/// decoded PNG) by area averaging: each new pixel is the mean of the source pixels its area covers
/// (whole pixels, the cover rounded outwards), which keeps thin text strokes as grey instead of
/// dropping them, as nearest-neighbour sampling would.
///
/// Scaling the captured pixels before encoding is what lets an observation be smaller than the
/// screen at the cost of one PNG encode of the small image, instead of encode, decode, scale,
/// encode.
public enum PixelScaler {
    /// `source` (laid out as `layout`) scaled to `size`, packed: `size.width * 4` bytes a row.
    ///
    /// - Precondition: `size` has positive sides and `source` holds `layout.minimumByteCount` bytes.
    public static func scale(_ source: UnsafeRawBufferPointer, layout: FrameLayout, to size: Size) -> [UInt8] {
        precondition(size.width > 0 && size.height > 0, "cannot scale to \(size)")
        let width = layout.width, height = layout.height, stride = layout.bytesPerLine
        var output = [UInt8](repeating: 0, count: size.width * size.height * 4)
        let columns = (0..<size.width).map { x in
            (x * width / size.width, max(x * width / size.width + 1, ((x + 1) * width + size.width - 1) / size.width))
        }
        output.withUnsafeMutableBufferPointer { target in
            for y in 0..<size.height {
                let top = y * height / size.height
                let bottom = min(height, max(top + 1, ((y + 1) * height + size.height - 1) / size.height))
                for x in 0..<size.width {
                    let (left, fullRight) = columns[x]
                    let right = min(fullRight, width)
                    var sums = (0, 0, 0, 0)
                    for row in top..<bottom {
                        var offset = row * stride + left * 4
                        for _ in left..<right {
                            sums.0 += Int(source[offset])
                            sums.1 += Int(source[offset + 1])
                            sums.2 += Int(source[offset + 2])
                            sums.3 += Int(source[offset + 3])
                            offset += 4
                        }
                    }
                    let count = max(1, (bottom - top) * (right - left))
                    let out = (y * size.width + x) * 4
                    target[out] = UInt8((sums.0 + count / 2) / count)
                    target[out + 1] = UInt8((sums.1 + count / 2) / count)
                    target[out + 2] = UInt8((sums.2 + count / 2) / count)
                    target[out + 3] = UInt8((sums.3 + count / 2) / count)
                }
            }
        }
        return output
    }
}
