import DeskgymCore
import Foundation

extension DecodedImage {
    /// The image scaled to `size` by area averaging (``PixelScaler``).
    ///
    /// - Precondition: `size` has positive sides.
    public func resized(to size: Size) -> DecodedImage {
        precondition(size.width > 0 && size.height > 0, "cannot resize to \(size)")
        if size == self.size { return self }
        let output = rgba.withUnsafeBytes { source in
            PixelScaler.scale(source, layout: FrameLayout(width: width, height: height, bytesPerLine: width * 4), to: size)
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
