import DeskgymCore
import Foundation

/// OSWorld's GIMP metrics (gimp.py) that check one property of an image: its size, its file size,
/// a green background, a centred triangle, or equality with reference images.
extension Metric {
    /// `check_image_size`: the image's width and height equal `rules.width` and `rules.height`
    /// (each checked only when given). The size is that of the non-transparent pixels' bounding box
    /// (0×0 when all are transparent) when `rules.ignore_transparent` is true and the image has an
    /// alpha band (RGBA or LA) — or, whatever `ignore_transparent` says, when it has a `tRNS` chunk:
    /// OSWorld's condition `ignore and mode in (...) or 'transparency' in info` groups that way.
    public static func checkImageSize(result: URL?, rules: [String: JSONValue]) -> MetricOutcome {
        guard let result else { return .fail("no result image") }
        let image: ColorImage
        do {
            image = try ColorImage.read(result)
        } catch {
            return .fail("\(error)")
        }
        // Python truthiness of the option.
        let ignoreTransparent = rules["ignore_transparent"]?.pythonTruthy ?? false
        var width = image.width, height = image.height
        var what = "the image is"
        if (ignoreTransparent && image.mode.hasAlpha) || image.hasTransparencyKey {
            let box = image.alphaBoundingBox
            width = box.map { $0.right - $0.left } ?? 0
            height = box.map { $0.bottom - $0.top } ?? 0
            what = "its non-transparent content is"
        }
        var problems: [String] = []
        for (key, actual) in [("width", width), ("height", height)] {
            guard let wanted = rules[key], wanted != .null else { continue }
            // Python's ==: 512 == 512.0, but never equal to a string.
            if wanted.pythonNumber != Double(actual) { problems.append("\(key) \(actual), not \(wanted.pythonRepr)") }
        }
        return .check(problems.isEmpty, else: "\(what) \(width)x\(height): \(problems.joined(separator: ", "))")
    }

    /// `check_image_file_size`: the file is smaller than `rules.max_size` bytes.
    public static func checkImageFileSize(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        guard let limitValue = rules["max_size"], let limit = limitValue.pythonNumber else {
            throw MetricError(.malformedOptions, metric: "check_image_file_size", "rules.max_size must be a number of bytes")
        }
        guard let result else { return .fail("no result file") }
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: result.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            return .fail("\(result.path) cannot be read (\(error.localizedDescription))")
        }
        return .check(Double(size) < limit, else: "\(result.path) is \(size) bytes, not under \(limitValue.pythonRepr)")
    }

    /// `check_green_background`: wherever the reference is not black, the edited image's pixel is
    /// green (G above both R and B).
    ///
    /// OSWorld indexes both pixel arrays as `[x, y]`, that is row x and column y: a square image is
    /// checked whole (transposed, which changes nothing), and a non-square one raises `IndexError`
    /// at the first pixel outside, which scores 0 here with that reason unless a failing pixel came
    /// first, as in OSWorld. Images without three colour bands (grey, palette) score 0 as well:
    /// OSWorld cannot take three values from their pixels.
    public static func checkGreenBackground(result: URL?, expected: URL?) -> MetricOutcome {
        withImages(result, expected) { source, target in
            for image in [source, target] where image.mode.bandCount < 3 || image.mode == .palette {
                return .fail("a mode \(image.mode.rawValue) image has no R, G, B bands to compare")
            }
            for x in 0..<target.width {
                for y in 0..<target.height {
                    guard x < target.height, y < target.width, x < source.height, y < source.width else {
                        return .fail(
                            "OSWorld reads pixel [\(x), \(y)] as row \(x), column \(y), outside a "
                                + "\(target.width)x\(target.height) or \(source.width)x\(source.height) image (IndexError)")
                    }
                    let t = (x * target.width + y) * 4
                    guard target.rgba[t] != 0 || target.rgba[t + 1] != 0 || target.rgba[t + 2] != 0 else { continue }
                    let s = (x * source.width + y) * 4
                    let r = source.rgba[s], g = source.rgba[s + 1], b = source.rgba[s + 2]
                    guard g > r, g > b else {
                        return .fail("the background pixel at column \(y), row \(x) is (\(r), \(g), \(b)), not green")
                    }
                }
            }
            return .pass
        }
    }

    /// `check_triangle_position`: the image's second rarest colour (OSWorld takes index 1 of the
    /// colours sorted by count, meant as "the triangle") has its centroid within 5% of the image's
    /// height and width of the image's centre. With exactly two colours that is the commoner one.
    ///
    /// Colours are the pixels' band values as NumPy holds them (RGB, RGBA with alpha, LA); grey and
    /// palette images, and images of one colour, score 0 as OSWorld's indexing fails on them. Equal
    /// counts are ordered by colour (NumPy's unique order) where NumPy's unstable sort may pick
    /// either.
    public static func checkTrianglePosition(result: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result image") }
        let image: ColorImage
        do {
            image = try ColorImage.read(result)
        } catch {
            return .fail("\(error)")
        }
        guard image.mode != .gray, image.mode != .palette else {
            return .fail("a mode \(image.mode.rawValue) image has one band; OSWorld needs colour pixels")
        }
        let bands = image.mode.bandCount, samples = image.bandSamples
        var counts: [[UInt8]: Int] = [:]
        for index in 0..<image.pixelCount {
            counts[Array(samples[(index * bands)..<((index + 1) * bands)]), default: 0] += 1
        }
        let ranked = counts.sorted {
            $0.value != $1.value ? $0.value < $1.value : $0.key.lexicographicallyPrecedes($1.key)
        }
        guard ranked.count >= 2 else { return .fail("the image has one colour only, no triangle") }
        let color = ranked[1].key
        var rowSum = 0.0, columnSum = 0.0, count = 0.0
        for index in 0..<image.pixelCount where samples[(index * bands)..<((index + 1) * bands)].elementsEqual(color) {
            rowSum += Double(index / image.width)
            columnSum += Double(index % image.width)
            count += 1
        }
        let row = rowSum / count, column = columnSum / count
        let centerRow = Double(image.height) / 2, centerColumn = Double(image.width) / 2
        let inside = abs(row - centerRow) < 0.05 * Double(image.height) && abs(column - centerColumn) < 0.05 * Double(image.width)
        return .check(
            inside,
            else:
                "the triangle colour \(color) is centred at column \(column), row \(row), not within 5% of the centre (\(centerColumn), \(centerRow))"
        )
    }

    /// `compare_image_list`: each result image equals its reference (pairs taken in order, the
    /// shorter list deciding how many). A result of another size is first resized to the reference's
    /// size with Lanczos, and one of another mode converted to the reference's mode; then any
    /// difference fails — except that for references with alpha (RGBA, LA) only the alpha bands are
    /// compared, because Pillow's `getbbox` of the difference image looks at alpha alone there.
    public static func compareImageList(results: [URL?], expected: [URL?]) -> MetricOutcome {
        for (index, (result, reference)) in zip(results, expected).enumerated() {
            guard let result else { return .fail("image \(index + 1): no result image") }
            guard let reference else { return .fail("image \(index + 1): no expected image") }
            let outcome = withImages(result, reference) { source, target in
                let resized = source.resized(width: target.width, height: target.height, filter: .lanczos)
                let same: Bool
                switch target.mode {
                case .gray: same = resized.gray.pixels == target.gray.pixels
                case .rgb, .palette: same = resized.rgb == target.rgb
                case .rgba, .grayAlpha: same = resized.channel(3).pixels == target.channel(3).pixels
                }
                return .check(same, else: "\(result.lastPathComponent) differs from \(reference.lastPathComponent)")
            }
            guard outcome.score == 1 else { return .fail("image \(index + 1): \(outcome.reason ?? "")") }
        }
        return .pass
    }
}
