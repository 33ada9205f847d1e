import Foundation

extension GrayImage {
    /// Pillow's `Image.resize((width, height), Image.Resampling.LANCZOS)` for a mode "L" image: the
    /// same size gives the image back; otherwise a horizontal pass then a vertical pass (each only when
    /// that side changes) with Pillow's coefficients — a 3-lobe Lanczos window widened by the
    /// reduction factor, normalised, then rounded to 22-bit fixed point — and Pillow's rounding and
    /// clamping of each sum.
    func lanczosResized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        guard newWidth != width || newHeight != height else { return self }
        var current = self
        if newWidth != width {
            let kernel = ResampleKernel(inSize: width, outSize: newWidth)
            var out = [UInt8](repeating: 0, count: newWidth * height)
            for y in 0..<height {
                let row = y * width
                for x in 0..<newWidth {
                    out[y * newWidth + x] = kernel.apply(x) { pixels[row + $0] }
                }
            }
            current = GrayImage(width: newWidth, height: height, pixels: out)
        }
        if newHeight != height {
            let kernel = ResampleKernel(inSize: height, outSize: newHeight)
            let source = current
            var out = [UInt8](repeating: 0, count: newWidth * newHeight)
            for y in 0..<newHeight {
                for x in 0..<newWidth {
                    out[y * newWidth + x] = kernel.apply(y) { source.pixels[$0 * newWidth + x] }
                }
            }
            current = GrayImage(width: newWidth, height: newHeight, pixels: out)
        }
        return current
    }
}

/// The fixed-point coefficients of one resampling pass (Lanczos, or bicubic for Pillow's default
/// `resize`), computed as Pillow's `precompute_coeffs` and `normalize_coeffs_8bpc` do.
struct ResampleKernel {
    /// Pillow's resampling filters.
    enum Filter {
        /// `Image.Resampling.LANCZOS`: a 3-lobe Lanczos window.
        case lanczos
        /// `Image.Resampling.BICUBIC`: the cubic convolution with a = −0.5, support 2.
        case bicubic

        var support: Double { self == .lanczos ? 3.0 : 2.0 }

        func weight(_ x: Double) -> Double {
            switch self {
            case .lanczos: return ResampleKernel.lanczos(x)
            case .bicubic:
                let a = -0.5, x = abs(x)
                if x < 1.0 { return ((a + 2.0) * x - (a + 3.0)) * x * x + 1 }
                if x < 2.0 { return (((x - 5) * x + 8) * x - 4) * a }
                return 0
            }
        }
    }

    static let precisionBits = 32 - 8 - 2

    /// For each output position, the first input index and the integer weights from there on.
    var bounds: [(start: Int, count: Int)] = []
    var weights: [[Int]] = []

    init(inSize: Int, outSize: Int, filter: Filter = .lanczos) {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = Swift.max(scale, 1.0)
        let support = filter.support * filterScale
        // Pillow multiplies by the reciprocal rather than dividing; the last bit can differ.
        let reciprocal = 1.0 / filterScale
        for position in 0..<outSize {
            let center = (Double(position) + 0.5) * scale
            // C's (int) cast truncates towards zero, as Int(_:) does.
            let low = Swift.max(Int(center - support + 0.5), 0)
            let high = Swift.min(Int(center + support + 0.5), inSize)
            var raw: [Double] = []
            var total = 0.0
            for index in low..<Swift.max(high, low) {
                let weight = filter.weight((Double(index) - center + 0.5) * reciprocal)
                raw.append(weight)
                total += weight
            }
            let one = Double(1 << Self.precisionBits)
            weights.append(
                raw.map { weight in
                    let normalized = total != 0 ? weight / total : weight
                    return normalized < 0 ? Int(-0.5 + normalized * one) : Int(0.5 + normalized * one)
                })
            bounds.append((low, raw.count))
        }
    }

    /// The resampled value at `position`, reading input sample `i` through `sample(i)`.
    func apply(_ position: Int, sample: (Int) -> UInt8) -> UInt8 {
        let (start, count) = bounds[position]
        let kernel = weights[position]
        var sum = 1 << (Self.precisionBits - 1)
        for offset in 0..<count { sum += Int(sample(start + offset)) * kernel[offset] }
        // Pillow's clip8: the arithmetic shift, clamped to a byte.
        return UInt8(clamping: sum >> Self.precisionBits)
    }

    fileprivate static func lanczos(_ x: Double) -> Double {
        guard -3.0 <= x, x < 3.0 else { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    private static func sinc(_ x: Double) -> Double {
        guard x != 0 else { return 1 }
        let scaled = x * Double.pi
        return sin(scaled) / scaled
    }
}
