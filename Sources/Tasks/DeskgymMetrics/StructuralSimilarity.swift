/// The mean structural similarity (SSIM) of two grey images, as scikit-image's
/// `structural_similarity(a, b)` computes it with its defaults for 8-bit images: a 7×7 uniform
/// window, K1 = 0.01, K2 = 0.03, data range 255, sample covariance (49/48), and the mean of the
/// SSIM map without the 3-pixel border the window cannot cover.
///
/// The local means are computed as SciPy's `uniform_filter` does (a running sum per line, columns
/// first, borders mirrored), and the map is averaged with NumPy's pairwise
/// summation, so the figures agree with OSWorld's to about 1e-15.
enum StructuralSimilarity {
    static let windowSize = 7

    /// Why two images cannot be compared.
    struct Problem: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The mean SSIM in −1…1 (1 for identical images), with a `windowSize`×`windowSize` window
    /// (odd; scikit-image's `win_size`, 7 unless a caller shrinks it for a small image).
    ///
    /// - Throws: `Problem` when the sizes differ or a side is shorter than the window
    ///   (scikit-image raises `ValueError` there).
    static func mean(_ a: GrayImage, _ b: GrayImage, windowSize: Int = StructuralSimilarity.windowSize) throws(Problem) -> Double {
        guard a.width == b.width, a.height == b.height else {
            throw Problem(description: "the images differ in size (\(a.width)x\(a.height) and \(b.width)x\(b.height))")
        }
        guard a.width >= windowSize, a.height >= windowSize else {
            throw Problem(
                description: "a \(a.width)x\(a.height) image is smaller than SSIM's \(windowSize)x\(windowSize) window")
        }
        let width = a.width, height = a.height
        let x = a.pixels.map(Double.init), y = b.pixels.map(Double.init)
        let ux = uniformFilter(x, width: width, height: height, size: windowSize)
        let uy = uniformFilter(y, width: width, height: height, size: windowSize)
        let uxx = uniformFilter(zip(x, x).map { $0 * $1 }, width: width, height: height, size: windowSize)
        let uyy = uniformFilter(zip(y, y).map { $0 * $1 }, width: width, height: height, size: windowSize)
        let uxy = uniformFilter(zip(x, y).map { $0 * $1 }, width: width, height: height, size: windowSize)

        let points = Double(windowSize * windowSize)
        let covarianceNorm = points / (points - 1)
        let c1 = (0.01 * 255.0) * (0.01 * 255.0), c2 = (0.03 * 255.0) * (0.03 * 255.0)
        let pad = (windowSize - 1) / 2
        var map: [Double] = []
        map.reserveCapacity((height - 2 * pad) * (width - 2 * pad))
        for row in pad..<(height - pad) {
            for column in pad..<(width - pad) {
                let i = row * width + column
                let vx = covarianceNorm * (uxx[i] - ux[i] * ux[i])
                let vy = covarianceNorm * (uyy[i] - uy[i] * uy[i])
                let vxy = covarianceNorm * (uxy[i] - ux[i] * uy[i])
                let a1 = 2 * ux[i] * uy[i] + c1, a2 = 2 * vxy + c2
                let b1 = ux[i] * ux[i] + uy[i] * uy[i] + c1, b2 = vx + vy + c2
                map.append((a1 * a2) / (b1 * b2))
            }
        }
        // NumPy's mean: pairwise sums over buffers of 8192 values, added up.
        var sum = 0.0
        for start in stride(from: 0, to: map.count, by: 8192) {
            sum += pairwiseSum(map[start..<Swift.min(start + 8192, map.count)])
        }
        return sum / Double(map.count)
    }

    /// NumPy's pairwise summation: eight running sums for blocks up to 128 values, halves above.
    static func pairwiseSum(_ values: ArraySlice<Double>) -> Double {
        let count = values.count, first = values.startIndex
        if count < 8 {
            return values.reduce(0, +)
        }
        if count <= 128 {
            var partial = Array(values[first..<(first + 8)])
            var index = 8
            while index < count - count % 8 {
                for lane in 0..<8 { partial[lane] += values[first + index + lane] }
                index += 8
            }
            var result =
                ((partial[0] + partial[1]) + (partial[2] + partial[3]))
                + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
            while index < count {
                result += values[first + index]
                index += 1
            }
            return result
        }
        var half = count / 2
        half -= half % 8
        return pairwiseSum(values[first..<(first + half)]) + pairwiseSum(values[(first + half)...])
    }

    /// SciPy's `uniform_filter(values, size=size)` in mode "reflect": the `size`-point mean along
    /// each column, then along each row.
    static func uniformFilter(_ values: [Double], width: Int, height: Int, size: Int = StructuralSimilarity.windowSize) -> [Double] {
        var columns = values
        var line = [Double](repeating: 0, count: height)
        for column in 0..<width {
            for row in 0..<height { line[row] = values[row * width + column] }
            let filtered = uniformFilter1D(line, size: size)
            for row in 0..<height { columns[row * width + column] = filtered[row] }
        }
        var out = columns
        for row in 0..<height {
            let filtered = uniformFilter1D(Array(columns[(row * width)..<((row + 1) * width)]), size: size)
            out.replaceSubrange((row * width)..<((row + 1) * width), with: filtered)
        }
        return out
    }

    /// One line: the window's sum kept as a running total (add the entering sample, drop the leaving
    /// one), divided by the window for each output, the line extended by mirroring ("d c b a | a b c d").
    private static func uniformFilter1D(_ line: [Double], size: Int) -> [Double] {
        let before = size / 2, after = size - size / 2 - 1
        let count = line.count
        var extended: [Double] = []
        extended.reserveCapacity(count + size)
        for index in 0..<before { extended.append(line[Swift.min(before - 1 - index, count - 1)]) }
        extended += line
        for index in 0..<after { extended.append(line[Swift.max(count - 1 - index, 0)]) }
        var out = [Double](repeating: 0, count: count)
        var total = 0.0
        for index in 0..<size { total += extended[index] }
        out[0] = total / Double(size)
        for index in 1..<Swift.max(count, 1) {
            total += extended[index + size - 1] - extended[index - 1]
            out[index] = total / Double(size)
        }
        return out
    }
}
