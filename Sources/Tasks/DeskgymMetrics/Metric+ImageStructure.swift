import DeskgymCore
import Foundation

/// OSWorld's GIMP metrics (gimp.py) that compare an edited image's structure with a reference by
/// SSIM or by mean squared error. `result` is OSWorld's `src_path` (the edited image) and
/// `expected` its `tgt_path`.
extension Metric {
    /// `check_structure_sim`: both images the same size and, in RGB, an SSIM of at least 0.9
    /// (``structureSame(_:_:threshold:)``).
    public static func checkStructureSim(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            guard source.width == target.width, source.height == target.height else {
                return .fail("the images differ in size (\(source.width)x\(source.height) and \(target.width)x\(target.height))")
            }
            return structureSame(source, target, threshold: 0.9)
        }
    }

    /// `check_structure_sim_resized`: the edited image cropped to its opaque pixels when it has
    /// transparency (an alpha band or a `tRNS` chunk; entirely transparent scores 0), resized to the
    /// reference's size with Pillow's default filter (bicubic), and then an RGB SSIM of at least 0.9.
    public static func checkStructureSimResized(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            let resized: ColorImage
            if source.mode.hasAlpha || source.hasTransparencyKey {
                guard let box = source.alphaBoundingBox else { return .fail("the edited image is entirely transparent") }
                resized = source.cropped(left: box.left, top: box.top, right: box.right, bottom: box.bottom).asRGB
                    .resizedByDefault(width: target.width, height: target.height)
            } else {
                resized = source.resizedByDefault(width: target.width, height: target.height)
            }
            return structureSame(resized, target, threshold: 0.9)
        }
    }

    /// `check_structure_sim_with_threshold`: the edited image resized with Lanczos to the
    /// reference's size when they differ, then an RGB SSIM of at least `options.ssim_threshold`
    /// (0.85 by default). Unlike ``checkStructureSim(result:expected:)``, an image narrower than 7
    /// pixels is compared with the largest odd window that fits.
    public static func checkStructureSimWithThreshold(
        result: URL?, expected: URL?, options: [String: JSONValue]
    )
        throws(MetricError) -> MetricOutcome
    {
        let threshold = try numberOption(options, "ssim_threshold", default: 0.85, metric: "check_structure_sim_with_threshold")
        return withImages(result, expected) { source, target in
            let resized = source.resized(width: target.width, height: target.height, filter: .lanczos)
            let smaller = Swift.min(resized.width, resized.height)
            let window = smaller >= 7 ? 7 : (smaller % 2 == 1 ? smaller : smaller - 1)
            // A 1-pixel window makes scikit-image divide by zero (its covariance norm is 1/0): NaN.
            guard window > 1 else { return .fail("a \(resized.width)x\(resized.height) image is too small for SSIM") }
            let similarity: Double
            do {
                similarity = try StructuralSimilarity.meanRGB(resized.asRGB, target.asRGB, windowSize: window)
            } catch {
                return .fail("\(error)")
            }
            return .check(similarity >= threshold, else: "SSIM \(similarity) is below the threshold \(threshold)")
        }
    }

    /// `check_brightness_decrease_and_structure_sim`: the edited image is darker than the reference
    /// (mean grey, Pillow's `ImageStat` of `convert('L')`), and once both are scaled to mean grey 128
    /// (every band through `min(255, max(0, int(v · 128 / mean)))`, alpha too, as Pillow's `point`)
    /// their mean squared error in RGB, on values scaled to 0…1, is below `options.threshold` (0.03
    /// by default). The edited image is resized to the reference's size with Lanczos first when
    /// they differ.
    public static func checkBrightnessDecreaseAndStructureSim(
        result: URL?, expected: URL?, options: [String: JSONValue]
    )
        throws(MetricError) -> MetricOutcome
    {
        let threshold = try numberOption(options, "threshold", default: 0.03, metric: "check_brightness_decrease_and_structure_sim")
        return withImages(result, expected) { source, target in
            let sourceBrightness = meanGray(source), targetBrightness = meanGray(target)
            guard sourceBrightness > 0, targetBrightness > 0 else {
                // OSWorld divides by the mean to normalise and raises ZeroDivisionError here.
                return .fail("an image is entirely black, so its brightness cannot be normalised")
            }
            var normalized: [ColorImage] = []
            for (image, brightness) in [(source, sourceBrightness), (target, targetBrightness)] {
                let factor = 128 / brightness
                normalized.append(image.pointed((0...255).map { UInt8(Swift.min(255, Swift.max(0, Int(Double($0) * factor)))) }))
            }
            let error = meanSquaredError(normalized[0], normalized[1])
            guard targetBrightness > sourceBrightness else {
                return .fail("the edited image is not darker (mean grey \(sourceBrightness), reference \(targetBrightness))")
            }
            return .check(
                error < threshold, else: "after normalising brightness the mean squared error \(error) is not below \(threshold)")
        }
    }

    /// `check_contrast_increase_and_structure_sim`: the edited image's contrast (the standard
    /// deviation of all its samples, every band of its mode, alpha included) is higher than the
    /// reference's, and their RGB SSIM is at least 0.65.
    public static func checkContrastIncreaseAndStructureSim(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            let sourceContrast = standardDeviation(source.bandSamples), targetContrast = standardDeviation(target.bandSamples)
            guard targetContrast < sourceContrast else {
                return .fail("the edited image's contrast \(sourceContrast) is not above the reference's \(targetContrast)")
            }
            return structureSame(source, target, threshold: 0.65)
        }
    }

    /// `check_saturation_increase_and_structure_sim`: the edited image's mean HSV saturation (Pillow's
    /// `convert('HSV')`) is higher than the reference's, and its hue and value bands each have an
    /// SSIM of at least 0.9 with the reference's.
    public static func checkSaturationIncreaseAndStructureSim(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            let sourceSaturation = sampleMean(source.hsvSaturation.pixels), targetSaturation = sampleMean(target.hsvSaturation.pixels)
            guard targetSaturation < sourceSaturation else {
                return .fail("the edited image's mean saturation \(sourceSaturation) is not above the reference's \(targetSaturation)")
            }
            // OSWorld splits the HSV bands and compares each as an RGB image of three equal bands.
            let hue = structureSame(ColorImage(source.hsvHue), ColorImage(target.hsvHue), threshold: 0.9)
            guard hue.score == 1 else { return .fail("hue: \(hue.reason ?? "")") }
            let value = structureSame(ColorImage(source.hsvValue), ColorImage(target.hsvValue), threshold: 0.9)
            guard value.score == 1 else { return .fail("value: \(value.reason ?? "")") }
            return .pass
        }
    }

    /// `check_palette_and_structure_sim`: the edited image is palette-based (Pillow's mode "P": a
    /// PNG of colour type 3) and has an RGB SSIM of at least 0.9 with the reference.
    public static func checkPaletteAndStructureSim(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            guard source.mode == .palette else { return .fail("the edited image is mode \(source.mode.rawValue), not palette-based (P)") }
            return structureSame(source, target, threshold: 0.9)
        }
    }

    /// `check_file_exists_and_structure_sim`: the exported file exists and has an RGB SSIM of at
    /// least 0.9 with the reference.
    public static func checkFileExistsAndStructureSim(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in structureSame(source, target, threshold: 0.9) }
    }

    /// `check_image_mirror`: the edited image flipped left to right has an RGB SSIM of at least 0.99
    /// with the reference (0.99, not 1, because GIMP's flip need not be exact).
    public static func checkImageMirror(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in structureSame(source.mirrored, target, threshold: 0.99) }
    }

    /// OSWorld's `structure_check_by_ssim`: false for a side under 7 pixels or different sizes,
    /// else both in RGB and the three bands' mean SSIM (7×7 window) at least `threshold`.
    static func structureSame(_ a: ColorImage, _ b: ColorImage, threshold: Double) -> MetricOutcome {
        guard Swift.min(a.width, a.height, b.width, b.height) >= 7 else {
            return .fail("an image is smaller than SSIM's 7x7 window (\(a.width)x\(a.height) and \(b.width)x\(b.height))")
        }
        guard a.width == b.width, a.height == b.height else {
            return .fail("the images differ in size (\(a.width)x\(a.height) and \(b.width)x\(b.height))")
        }
        let similarity: Double
        do {
            similarity = try StructuralSimilarity.meanRGB(a, b)
        } catch {
            return .fail("\(error)")
        }
        return .check(similarity >= threshold, else: "SSIM \(similarity) is below \(threshold)")
    }

    /// Reads both images and runs `body`; nil paths and unreadable files score 0 with the reason.
    static func withImages(_ result: URL?, _ expected: URL?, _ body: (ColorImage, ColorImage) -> MetricOutcome) -> MetricOutcome {
        guard let result else { return .fail("no result image") }
        guard let expected else { return .fail("no expected image") }
        do {
            return body(try ColorImage.read(result), try ColorImage.read(expected))
        } catch {
            return .fail("\(error)")
        }
    }

    /// A number option, `fallback` when absent.
    static func numberOption(
        _ options: [String: JSONValue], _ key: String, default fallback: Double, metric: String
    )
        throws(MetricError) -> Double
    {
        switch options[key] {
        case nil: return fallback
        case .number(let value)?: return value
        case let other?: throw MetricError(.malformedOptions, metric: metric, "options.\(key) must be a number, not \(other.pythonRepr)")
        }
    }

    /// `ImageStat.Stat(image.convert('L')).mean[0]`.
    static func meanGray(_ image: ColorImage) -> Double { sampleMean(image.gray.pixels) }

    static func sampleMean(_ samples: [UInt8]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return Double(samples.reduce(0) { $0 + Int($1) }) / Double(samples.count)
    }

    /// The population standard deviation (`np.std`), computed in double precision where NumPy uses
    /// single (`float32`): only a tie between two images could tell the difference.
    static func standardDeviation(_ samples: [UInt8]) -> Double {
        guard !samples.isEmpty else { return 0 }
        let average = sampleMean(samples)
        let squares = samples.reduce(0.0) { $0 + (Double($1) - average) * (Double($1) - average) }
        return (squares / Double(samples.count)).squareRoot()
    }

    /// OSWorld's `structure_check_by_mse` before its threshold: the first image resized to the
    /// second's size with Lanczos when they differ, both in RGB, and the mean of the squared
    /// differences of the samples scaled to 0…1 — in single precision with NumPy's pairwise sum.
    static func meanSquaredError(_ a: ColorImage, _ b: ColorImage) -> Double {
        let first = a.resized(width: b.width, height: b.height, filter: .lanczos).rgb, second = b.rgb
        var squares = [Float](repeating: 0, count: first.count)
        for index in squares.indices {
            let difference = Float(first[index]) / 255 - Float(second[index]) / 255
            squares[index] = difference * difference
        }
        guard !squares.isEmpty else { return 0 }
        return Double(pairwiseSum(squares[...]) / Float(squares.count))
    }

    /// NumPy's pairwise summation in `float32`: eight running sums for blocks up to 128 values,
    /// halves above.
    static func pairwiseSum(_ values: ArraySlice<Float>) -> Float {
        let count = values.count, first = values.startIndex
        if count < 8 { return values.reduce(0, +) }
        if count <= 128 {
            var partial = Array(values[first..<(first + 8)])
            var index = 8
            while index < count - count % 8 {
                for lane in 0..<8 { partial[lane] += values[first + index + lane] }
                index += 8
            }
            var result = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
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
}
