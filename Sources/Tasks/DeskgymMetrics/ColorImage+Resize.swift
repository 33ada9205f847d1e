extension ColorImage {
    /// `image.resize((width, height))` with Pillow's default filter: bicubic, but nearest neighbour
    /// for a palette image (Pillow resamples mode "P" only by nearest neighbour).
    func resizedByDefault(width newWidth: Int, height newHeight: Int) -> ColorImage {
        mode == .palette
            ? nearestResized(width: newWidth, height: newHeight)
            : resized(width: newWidth, height: newHeight, filter: .bicubic)
    }

    /// `image.resize((width, height), filter)` in the image's mode: each band on its own, a pass
    /// along rows then one along columns (each only when that side changes), and for RGBA and LA
    /// with the colour premultiplied by alpha before and divided after, as Pillow does through its
    /// "RGBa" and "La" modes. A palette image is resized by nearest neighbour, as Pillow does.
    func resized(width newWidth: Int, height newHeight: Int, filter: ResampleKernel.Filter) -> ColorImage {
        guard newWidth != width || newHeight != height else { return self }
        if mode == .palette { return nearestResized(width: newWidth, height: newHeight) }
        var samples = rgba
        if mode.hasAlpha { Self.premultiply(&samples) }
        var currentWidth = width
        if newWidth != width {
            let kernel = ResampleKernel(inSize: width, outSize: newWidth, filter: filter)
            var out = [UInt8](repeating: 0, count: newWidth * height * 4)
            for y in 0..<height {
                let row = y * width * 4
                for x in 0..<newWidth {
                    for channel in 0..<4 {
                        out[(y * newWidth + x) * 4 + channel] = kernel.apply(x) { samples[row + $0 * 4 + channel] }
                    }
                }
            }
            samples = out
            currentWidth = newWidth
        }
        if newHeight != height {
            let kernel = ResampleKernel(inSize: height, outSize: newHeight, filter: filter)
            var out = [UInt8](repeating: 0, count: currentWidth * newHeight * 4)
            let source = samples
            for y in 0..<newHeight {
                for x in 0..<currentWidth {
                    for channel in 0..<4 {
                        out[(y * currentWidth + x) * 4 + channel] = kernel.apply(y) {
                            source[($0 * currentWidth + x) * 4 + channel]
                        }
                    }
                }
            }
            samples = out
        }
        if mode.hasAlpha { Self.unpremultiply(&samples) }
        return ColorImage(
            width: newWidth, height: newHeight, mode: mode, hasTransparencyKey: hasTransparencyKey, rgba: samples)
    }

    /// Nearest neighbour: output pixel x takes input `⌊(x + ½) · in / out⌋`, as Pillow's affine
    /// transform samples pixel centres.
    func nearestResized(width newWidth: Int, height newHeight: Int) -> ColorImage {
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 4)
        let xScale = Double(width) / Double(newWidth), yScale = Double(height) / Double(newHeight)
        for y in 0..<newHeight {
            let sourceY = Swift.min(Int((Double(y) + 0.5) * yScale), height - 1)
            for x in 0..<newWidth {
                let sourceX = Swift.min(Int((Double(x) + 0.5) * xScale), width - 1)
                let from = (sourceY * width + sourceX) * 4, to = (y * newWidth + x) * 4
                for channel in 0..<4 { out[to + channel] = rgba[from + channel] }
            }
        }
        return ColorImage(
            width: newWidth, height: newHeight, mode: mode, hasTransparencyKey: hasTransparencyKey, rgba: out)
    }

    /// RGBA → "RGBa": colour times alpha / 255, rounded as Pillow's `MULDIV255`.
    private static func premultiply(_ samples: inout [UInt8]) {
        for pixel in stride(from: 0, to: samples.count, by: 4) {
            let alpha = UInt32(samples[pixel + 3])
            for channel in 0..<3 {
                let product = UInt32(samples[pixel + channel]) * alpha + 128
                samples[pixel + channel] = UInt8(((product >> 8) + product) >> 8)
            }
        }
    }

    /// "RGBa" → RGBA: colour times 255 / alpha, truncated and clamped; alpha 0 and 255 unchanged.
    private static func unpremultiply(_ samples: inout [UInt8]) {
        for pixel in stride(from: 0, to: samples.count, by: 4) {
            let alpha = UInt32(samples[pixel + 3])
            guard alpha != 0, alpha != 255 else { continue }
            for channel in 0..<3 {
                samples[pixel + channel] = UInt8(Swift.min(255, 255 * UInt32(samples[pixel + channel]) / alpha))
            }
        }
    }
}
