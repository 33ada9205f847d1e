import DeskgymCore
import Foundation

extension DecodedImage {
    /// The image scaled to `size` by area averaging: each new pixel is the mean of the source
    /// pixels its area covers (whole pixels, the cover rounded outwards), which keeps thin text
    /// strokes as grey instead of dropping them, as nearest-neighbour sampling would.
    ///
    /// - Precondition: `size` has positive sides.
    public func resized(to size: Size) -> DecodedImage {
        precondition(size.width > 0 && size.height > 0, "cannot resize to \(size)")
        if size == self.size { return self }
        var output = [UInt8](repeating: 0, count: size.width * size.height * 4)
        let columns = (0..<size.width).map { x in
            (x * width / size.width, max(x * width / size.width + 1, ((x + 1) * width + size.width - 1) / size.width))
        }
        rgba.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<size.height {
                    let top = y * height / size.height
                    let bottom = max(top + 1, ((y + 1) * height + size.height - 1) / size.height)
                    for x in 0..<size.width {
                        let (left, right) = columns[x]
                        var sums = (0, 0, 0, 0)
                        for row in top..<min(bottom, height) {
                            var offset = (row * width + left) * 4
                            for _ in left..<min(right, width) {
                                sums.0 += Int(source[offset])
                                sums.1 += Int(source[offset + 1])
                                sums.2 += Int(source[offset + 2])
                                sums.3 += Int(source[offset + 3])
                                offset += 4
                            }
                        }
                        let count = max(1, (min(bottom, height) - top) * (min(right, width) - left))
                        let out = (y * size.width + x) * 4
                        target[out] = UInt8((sums.0 + count / 2) / count)
                        target[out + 1] = UInt8((sums.1 + count / 2) / count)
                        target[out + 2] = UInt8((sums.2 + count / 2) / count)
                        target[out + 3] = UInt8((sums.3 + count / 2) / count)
                    }
                }
            }
        }
        return DecodedImage(width: size.width, height: size.height, rgba: output)
    }

    /// The image as an RGB PNG (alpha dropped).
    public func pngData() throws(ImageEncodingError) -> Data {
        var bgrx = [UInt8](repeating: 0, count: width * height * 4)
        for index in stride(from: 0, to: rgba.count, by: 4) {
            bgrx[index] = rgba[index + 2]
            bgrx[index + 1] = rgba[index + 1]
            bgrx[index + 2] = rgba[index]
        }
        let layout = FrameLayout(width: width, height: height)
        let result: Result<Data, ImageEncodingError> = bgrx.withUnsafeBytes { pixels in
            do throws(ImageEncodingError) {
                return .success(try encodePNG(bgrx: pixels, layout: layout))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension Screenshot {
    /// The screenshot scaled down (or up) to `size` by area averaging, as a new PNG.
    public func resized(to size: Size) throws -> Screenshot {
        if size == self.size { return self }
        return Screenshot(png: try PNGDecoder.decode(png).resized(to: size).pngData(), size: size)
    }
}
