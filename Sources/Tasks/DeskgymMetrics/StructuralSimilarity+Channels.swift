extension StructuralSimilarity {
    /// scikit-image's `structural_similarity(a, b, win_size=windowSize, channel_axis=2)` on two
    /// RGB images: the mean SSIM of each of R, G and B on its own (data range 255, as for `uint8`),
    /// averaged over the three.
    ///
    /// - Throws: `Problem` when the sizes differ or a side is shorter than the window.
    static func meanRGB(
        _ a: ColorImage, _ b: ColorImage, windowSize: Int = StructuralSimilarity.windowSize
    ) throws(Problem)
        -> Double
    {
        guard a.width == b.width, a.height == b.height else {
            throw Problem(description: "the images differ in size (\(a.width)x\(a.height) and \(b.width)x\(b.height))")
        }
        var total = 0.0
        for channel in 0..<3 {
            total += try mean(a.channel(channel), b.channel(channel), windowSize: windowSize)
        }
        return total / 3
    }
}
