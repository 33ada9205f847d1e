import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// OSWorld's GIMP image metrics (gimp.py). Every fixture is written here (GIMPFixture); the
/// figures and the 0/1 outcomes asserted come from OSWorld's own functions on the same files, run
/// by `scripts/osworld-gimp-reference.py` (Pillow 13.0.0, NumPy 2.4.6, scikit-image 0.26.0), not
/// from this implementation.
@Suite("GIMP image metrics", .serialized)
struct MetricGIMPTests {
    let folder = MetricFixture.directory()

    func score(_ name: String, _ result: URL?, _ expected: URL?, _ options: String = "{}") throws -> MetricOutcome {
        try Metric.evaluate(
            name: name, result: result.map(MetricInput.file) ?? .none, expected: expected.map(MetricInput.file) ?? .none,
            options: MetricFixture.options(options))
    }

    func score(_ name: String, _ result: URL?, rules: String) throws -> MetricOutcome {
        try Metric.evaluate(
            name: name, result: result.map(MetricInput.file) ?? .none, expected: .json(.object(MetricFixture.options(rules))))
    }

    /// The 48×40 busy picture, the same with a grey 10×4 block, and another seed.
    func busyTriple() throws -> (a: URL, b: URL, c: URL) {
        let a = try GIMPFixture.write("a.png", GIMPFixture.busy(48, 40, seed: 1), 48, 40, in: folder)
        var block = GIMPFixture.busy(48, 40, seed: 1)
        for y in 10..<14 {
            for x in 10..<20 { block.replaceSubrange(((y * 48 + x) * 3)..<((y * 48 + x) * 3 + 3), with: [128, 128, 128]) }
        }
        let b = try GIMPFixture.write("b.png", block, 48, 40, in: folder)
        let c = try GIMPFixture.write("c.png", GIMPFixture.busy(48, 40, seed: 2), 48, 40, in: folder)
        return (a, b, c)
    }

    func smooth() throws -> URL { try GIMPFixture.write("s.png", GIMPFixture.smooth(64, 48), 64, 48, in: folder) }

    @Test("SSIM over R, G and B is scikit-image's with channel_axis=2; check_structure_sim passes at 0.9")
    func structureSim() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, b, c) = try busyTriple()
        let (imageA, imageB, imageC) = (try ColorImage.read(a), try ColorImage.read(b), try ColorImage.read(c))
        // skimage structural_similarity(a, b, win_size=7, channel_axis=2) on these files.
        #expect(abs(try StructuralSimilarity.meanRGB(imageA, imageB) - 0.9817447725625653) < 1e-12)
        #expect(abs(try StructuralSimilarity.meanRGB(imageA, imageC) - 0.6740378117245541) < 1e-12)
        #expect(try score("check_structure_sim", b, a) == .pass)
        let different = try score("check_structure_sim", c, a)
        #expect(different.score == 0 && different.reason?.contains("below 0.9") == true, "\(different)")
        let big = try GIMPFixture.write("big.png", GIMPFixture.busy(60, 50, seed: 1), 60, 50, in: folder)
        let sized = try score("check_structure_sim", big, a)
        #expect(sized.score == 0 && sized.reason?.contains("differ in size (60x50 and 48x40)") == true, "\(sized)")
    }

    @Test("Lanczos, premultiplied RGBA and bicubic resampling give Pillow's pixels (SSIM and MSE as OSWorld's)")
    func resampling() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, _, _) = try busyTriple()
        let target = try ColorImage.read(a)
        let big = try ColorImage.read(try GIMPFixture.write("big.png", GIMPFixture.busy(60, 50, seed: 1), 60, 50, in: folder))
        // Pillow's resize((48, 40), LANCZOS), then skimage's SSIM: 0.011651873713916891.
        let lanczos = big.resized(width: 48, height: 40, filter: .lanczos)
        #expect(abs(try StructuralSimilarity.meanRGB(lanczos, target) - 0.011651873713916891) < 1e-12)
        let rgbaFile = try GIMPFixture.write("rgba.png", GIMPFixture.busy(60, 50, seed: 2, alpha: true), 60, 50, format: "rgba", in: folder)
        let rgba = try ColorImage.read(rgbaFile)
        #expect(rgba.mode == .rgba)
        // ImageStat means of convert('L'): 128.24666666666667 and 125.6078125.
        #expect(Metric.meanGray(rgba) == 128.24666666666667 && Metric.meanGray(target) == 125.6078125)
        // normalize_brightness on both, RGBA resized through "RGBa", then structure_check_by_mse's
        // float32 mean: 0.15249349176883698.
        let table = { (mean: Double) in (0...255).map { UInt8(Swift.min(255, Swift.max(0, Int(Double($0) * (128 / mean))))) } }
        let error = Metric.meanSquaredError(rgba.pointed(table(Metric.meanGray(rgba))), target.pointed(table(Metric.meanGray(target))))
        #expect(abs(error - 0.15249349176883698) < 1e-7, "\(error)")
        // check_structure_sim_resized's path: crop to alpha, RGB, resize((48, 40)) bicubic: SSIM
        // -0.0024736894117646235.
        let box = try #require(rgba.alphaBoundingBox)
        let bicubic = rgba.cropped(left: box.left, top: box.top, right: box.right, bottom: box.bottom).asRGB
            .resizedByDefault(width: 48, height: 40)
        #expect(abs(try StructuralSimilarity.meanRGB(bicubic, target) - -0.0024736894117646235) < 1e-12)
        #expect(try score("check_structure_sim_resized", rgbaFile, a).score == 0)
    }

    @Test("check_structure_sim_resized: a transparent border is cropped before resizing")
    func structureSimResized() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        // The picture at twice the size on a transparent border, as an export with a canvas margin.
        let framed = try GIMPFixture.convert(
            [s.path, "-resize", "128x96!", "-alpha", "set", "-bordercolor", "none", "-border", "10"], to: "framed.png",
            prefix: "PNG32:", in: folder)
        #expect(try score("check_structure_sim_resized", framed, s) == .pass)
        let (a, _, _) = try busyTriple()
        #expect(try score("check_structure_sim_resized", a, s).score == 0)
        let clear = try GIMPFixture.convert(["-size", "16x16", "xc:none"], to: "clear.png", prefix: "PNG32:", in: folder)
        #expect(try score("check_structure_sim_resized", clear, s).reason == "the edited image is entirely transparent")
    }

    @Test("check_structure_sim_with_threshold: Lanczos to the reference size, 0.85 by default, a smaller window for tiny images")
    func structureSimWithThreshold() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let sBig = try GIMPFixture.convert([s.path, "-resize", "80x60!"], to: "s-big.png", in: folder)
        // OSWorld: SSIM 0.9909080245287205 → 1.
        #expect(try score("check_structure_sim_with_threshold", sBig, s) == .pass)
        #expect(try score("check_structure_sim_with_threshold", sBig, s, #"{"ssim_threshold": 0.995}"#).score == 0)
        let (a, _, _) = try busyTriple()
        let big = try GIMPFixture.write("big.png", GIMPFixture.busy(60, 50, seed: 1), 60, 50, in: folder)
        let far = try score("check_structure_sim_with_threshold", big, a)
        #expect(far.score == 0 && far.reason?.contains("0.01165187371") == true, "\(far)")
        // 5×6 images: a 5×5 window; OSWorld gives 0.8889528031783428 for one changed pixel.
        var tiny = GIMPFixture.busy(5, 6, seed: 1)
        let tinyA = try GIMPFixture.write("tiny-a.png", tiny, 5, 6, in: folder)
        tiny.replaceSubrange((tiny.count - 3)..., with: [0, 0, 0])
        let tinyB = try GIMPFixture.write("tiny-b.png", tiny, 5, 6, in: folder)
        #expect(try score("check_structure_sim_with_threshold", tinyA, tinyB) == .pass)
        let strict = try score("check_structure_sim_with_threshold", tinyA, tinyB, #"{"ssim_threshold": 0.9}"#)
        #expect(strict.score == 0 && strict.reason?.contains("0.88895280317") == true, "\(strict)")
        #expect(throws: MetricError.self) { try score("check_structure_sim_with_threshold", tinyA, tinyB, #"{"ssim_threshold": "high"}"#) }
    }

    @Test("check_brightness_decrease_and_structure_sim: darker, and close once both are normalised to mean 128")
    func brightness() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let dark = try GIMPFixture.convert([s.path, "-evaluate", "multiply", "0.7"], to: "dark.png", in: folder)
        let busy = try GIMPFixture.write("s-busy.png", GIMPFixture.busy(64, 48, seed: 3), 64, 48, in: folder)
        // OSWorld: 1, 0 (not darker), 0 (structure, MSE above 0.03), 1 with threshold 0.15.
        #expect(try score("check_brightness_decrease_and_structure_sim", dark, s) == .pass)
        let brighter = try score("check_brightness_decrease_and_structure_sim", s, dark)
        #expect(brighter.score == 0 && brighter.reason?.contains("not darker") == true, "\(brighter)")
        let other = try score("check_brightness_decrease_and_structure_sim", dark, busy)
        #expect(other.score == 0 && other.reason?.contains("mean squared error") == true, "\(other)")
        #expect(try score("check_brightness_decrease_and_structure_sim", dark, busy, #"{"threshold": 0.15}"#) == .pass)
        let black = try GIMPFixture.convert(["-size", "16x16", "xc:black"], to: "black.png", in: folder)
        #expect(try score("check_brightness_decrease_and_structure_sim", black, s).reason?.contains("entirely black") == true)
    }

    @Test("check_contrast_increase_and_structure_sim: a larger standard deviation and SSIM of at least 0.65")
    func contrast() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let high = try GIMPFixture.convert([s.path, "-level", "15%,85%"], to: "high.png", in: folder)
        // np.std of the float32 samples: 59.13123 and 42.68582.
        let (sourceImage, targetImage) = (try ColorImage.read(high), try ColorImage.read(s))
        #expect(abs(Metric.standardDeviation(sourceImage.bandSamples) - 59.13123) < 1e-4)
        #expect(abs(Metric.standardDeviation(targetImage.bandSamples) - 42.68582) < 1e-4)
        #expect(try score("check_contrast_increase_and_structure_sim", high, s) == .pass)
        let lower = try score("check_contrast_increase_and_structure_sim", s, high)
        #expect(lower.score == 0 && lower.reason?.contains("contrast") == true, "\(lower)")
    }

    @Test("check_saturation_increase_and_structure_sim: Pillow's HSV saturation rises, hue and value keep their structure")
    func saturation() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let saturated = try GIMPFixture.convert([s.path, "-modulate", "100,150"], to: "sat.png", in: folder)
        // measure_saturation: 152.82356770833334 and 115.75325520833333.
        #expect(Metric.sampleMean(try ColorImage.read(saturated).hsvSaturation.pixels) == 152.82356770833334)
        #expect(Metric.sampleMean(try ColorImage.read(s).hsvSaturation.pixels) == 115.75325520833333)
        #expect(try score("check_saturation_increase_and_structure_sim", saturated, s) == .pass)
        #expect(try score("check_saturation_increase_and_structure_sim", s, saturated).score == 0)
    }

    @Test("Pillow's rgb2hsv, single-precision ratios and truncation included")
    func hsv() {
        // Image.new("RGB", (1, 1), colour).convert("HSV").getpixel((0, 0)) with Pillow 13.0.0.
        let cases: [([UInt8], [UInt8])] = [
            ([200, 30, 60], [247, 216, 200]), ([10, 200, 30], [89, 242, 200]), ([30, 60, 200], [162, 216, 200]),
            ([255, 0, 0], [0, 255, 255]), ([1, 2, 3], [148, 170, 3]), ([250, 250, 249], [42, 1, 250]),
            ([128, 0, 255], [191, 255, 255]), ([0, 255, 1], [85, 255, 255]), ([7, 7, 7], [0, 0, 7]),
        ]
        for (rgb, expected) in cases {
            let hsv = ColorImage.hsv(r: rgb[0], g: rgb[1], b: rgb[2])
            #expect([hsv.h, hsv.s, hsv.v] == expected, "\(rgb)")
        }
    }

    @Test("check_palette_and_structure_sim: a palette (PNG8) export of the picture passes, an RGB one does not")
    func palette() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let shapes = [
            "-size", "48x40", "xc:white", "+antialias", "-fill", "blue", "-draw", "rectangle 4,4 20,30", "-fill", "red", "-draw",
            "circle 32,20 40,20",
        ]
        let p8 = try GIMPFixture.convert(shapes, to: "p8.png", prefix: "PNG8:", in: folder)
        let p24 = try GIMPFixture.convert(shapes, to: "p24.png", in: folder)
        #expect(try ColorImage.read(p8).mode == .palette)
        #expect(try score("check_palette_and_structure_sim", p8, p24) == .pass)
        let rgb = try score("check_palette_and_structure_sim", p24, p24)
        #expect(rgb.score == 0 && rgb.reason?.contains("mode RGB, not palette-based") == true, "\(rgb)")
    }

    @Test("check_file_exists_and_structure_sim and check_image_mirror")
    func existsAndMirror() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let flop = try GIMPFixture.convert([s.path, "-flop"], to: "flop.png", in: folder)
        #expect(try score("check_file_exists_and_structure_sim", s, s) == .pass)
        let absent = folder.appendingPathComponent("export.png")
        let missing = try score("check_file_exists_and_structure_sim", absent, s)
        #expect(missing.score == 0 && missing.reason == "\(absent.path) does not exist")
        #expect(try score("check_image_mirror", flop, s) == .pass)
        #expect(try score("check_image_mirror", s, s).score == 0)
    }

    @Test("check_image_size: the size, or the opaque content's with ignore_transparent")
    func imageSize() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        #expect(try score("check_image_size", s, rules: #"{"width": 64, "height": 48}"#) == .pass)
        let wrong = try score("check_image_size", s, rules: #"{"height": 50}"#)
        #expect(wrong.score == 0 && wrong.reason == "the image is 64x48: height 48, not 50", "\(wrong)")
        let box = try GIMPFixture.convert(
            ["-size", "40x30", "xc:none", "-fill", "red", "-draw", "rectangle 5,4 24,19"], to: "box.png", prefix: "PNG32:", in: folder)
        #expect(try score("check_image_size", box, rules: #"{"width": 20, "height": 16, "ignore_transparent": true}"#) == .pass)
        #expect(try score("check_image_size", box, rules: #"{"width": 20, "height": 16}"#).score == 0)
        #expect(try score("check_image_size", box, rules: #"{"width": 40, "height": 30}"#) == .pass)
        #expect(try score("check_image_size", nil, rules: #"{"width": 40}"#).reason == "no result image")
    }

    @Test("check_image_file_size: under max_size bytes")
    func fileSize() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let size = try Data(contentsOf: s).count
        #expect(try score("check_image_file_size", s, rules: #"{"max_size": \#(size + 1)}"#) == .pass)
        let equal = try score("check_image_file_size", s, rules: #"{"max_size": \#(size)}"#)
        #expect(equal.score == 0 && equal.reason == "\(s.path) is \(size) bytes, not under \(size)")
        #expect(try score("check_image_file_size", folder.appendingPathComponent("no.jpeg"), rules: #"{"max_size": 10}"#).score == 0)
        #expect(throws: MetricError.self) { try score("check_image_file_size", s, rules: #"{"max": 10}"#) }
    }

    @Test("check_green_background: green wherever the reference is not black; OSWorld's [x, y] indexing fails off the square")
    func greenBackground() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        func square(_ name: String, _ size: String, _ colour: String) throws -> URL {
            try GIMPFixture.convert(
                ["-size", size, "xc:\(colour)", "-fill", "black", "-draw", "rectangle 8,8 23,23"], to: name, in: folder)
        }
        let mask = try square("mask.png", "32x32", "white")
        #expect(try score("check_green_background", try square("green.png", "32x32", "rgb(20,200,30)"), mask) == .pass)
        let red = try score("check_green_background", try square("red.png", "32x32", "rgb(200,20,30)"), mask)
        #expect(red.score == 0 && red.reason?.contains("(200, 20, 30), not green") == true, "\(red)")
        // OSWorld raises IndexError (index 30 is out of bounds for axis 0 with size 30).
        let wide = try score(
            "check_green_background", try square("wgreen.png", "40x30", "rgb(20,200,30)"), try square("wmask.png", "40x30", "white"))
        #expect(wide.score == 0 && wide.reason?.contains("IndexError") == true, "\(wide)")
    }

    @Test("check_triangle_position: the second rarest colour's centroid within 5% of the centre")
    func trianglePosition() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        func triangle(_ name: String, _ points: String, dot: Bool) throws -> URL {
            var arguments = ["-size", "100x100", "xc:white", "+antialias", "-fill", "yellow", "-draw", "polygon \(points)"]
            if dot { arguments += ["-fill", "red", "-draw", "rectangle 90,90 91,91"] }
            return try GIMPFixture.convert(arguments, to: name, in: folder)
        }
        // OSWorld: 1, 0, and 1 for the corner triangle without the red dot, where "index 1" is the
        // white background, whose centroid is near the centre.
        #expect(try score("check_triangle_position", try triangle("mid.png", "40,42 60,42 50,58", dot: true), nil) == .pass)
        let corner = try score("check_triangle_position", try triangle("corner.png", "10,10 30,10 20,26", dot: true), nil)
        #expect(corner.score == 0 && corner.reason?.contains("[255, 255, 0]") == true, "\(corner)")
        #expect(try score("check_triangle_position", try triangle("corner2.png", "10,10 30,10 20,26", dot: false), nil) == .pass)
        let flat = try GIMPFixture.convert(["-size", "20x20", "xc:white"], to: "flat.png", in: folder)
        #expect(try score("check_triangle_position", flat, nil).reason?.contains("one colour") == true)
    }

    @Test("compare_image_list: every pair equal after Lanczos and mode conversion; RGBA pairs by alpha alone, as Pillow's getbbox")
    func imageList() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let (a, b, _) = try busyTriple()
        let sBig = try GIMPFixture.convert([s.path, "-resize", "80x60!"], to: "s-big.png", in: folder)
        func compare(_ results: [URL], _ expected: [URL]) throws -> MetricOutcome {
            try Metric.evaluate(name: "compare_image_list", result: .files(results), expected: .files(expected))
        }
        #expect(try compare([s, a], [s, a]) == .pass)
        let second = try compare([s, b], [s, a])
        #expect(second.score == 0 && second.reason == "image 2: b.png differs from a.png", "\(second)")
        #expect(try compare([sBig], [s]).score == 0)
        #expect(try score("compare_image_list", s, s) == .pass)
        let ra = try GIMPFixture.write(
            "ra.png", Array(repeating: [10, 20, 30, 200], count: 64).flatMap { $0 }, 8, 8, format: "rgba", in: folder)
        let rb = try GIMPFixture.write(
            "rb.png", Array(repeating: [90, 20, 30, 200], count: 64).flatMap { $0 }, 8, 8, format: "rgba", in: folder)
        let rc = try GIMPFixture.write(
            "rc.png", Array(repeating: [10, 20, 30, 100], count: 64).flatMap { $0 }, 8, 8, format: "rgba", in: folder)
        // OSWorld: 1 for colours that differ under the same alpha, 0 for a different alpha.
        #expect(try compare([ra], [rb]) == .pass)
        #expect(try compare([ra], [rc]).score == 0)
        #expect(try Metric.evaluate(name: "compare_image_list", result: .none, expected: .file(s)).score == 0)
    }

    @Test("JPEGs open as Pillow opens them: colour as RGB, grey as L; the file's name does not count")
    func jpeg() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        let color = try GIMPFixture.convert([s.path, "-quality", "90"], to: "photo.png", prefix: "JPEG:", in: folder)
        let gray = try GIMPFixture.convert([s.path, "-colorspace", "Gray", "-quality", "90"], to: "gray.jpg", prefix: "JPEG:", in: folder)
        #expect(try ColorImage.read(color).mode == .rgb)
        #expect(try ColorImage.read(gray).mode == .gray)
        #expect(try score("check_structure_sim", color, s) == .pass)
        #expect(try score("check_palette_and_structure_sim", gray, s).reason?.contains("mode L, not palette-based") == true)
    }

    @Test("a missing, damaged, foreign or huge image scores 0 and names the file")
    func badInput() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try smooth()
        var huge = [UInt8](try Data(contentsOf: s))
        // IHDR width and height (bytes 16…23) claim 20000×20000; nothing past the header is read.
        huge.replaceSubrange(16..<24, with: [0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20])
        let cases: [(URL?, String)] = [
            (nil, "no result image"),
            (folder.appendingPathComponent("absent.png"), "absent.png does not exist"),
            (MetricFixture.file("text.png", "not an image", in: folder), "text.png is not an image Pillow would recognise"),
            (MetricFixture.bytes("cut.png", Array(try Data(contentsOf: s).prefix(60)), in: folder), "cut.png is not a readable PNG"),
            (MetricFixture.bytes("huge.png", huge, in: folder), "huge.png is 20000x20000, more than the 36 megapixels"),
            (try GIMPFixture.convert(["-size", "8x8", "xc:white"], to: "anim.gif", prefix: "", in: folder), "anim.gif is a GIF image"),
        ]
        for name in ["check_structure_sim", "check_image_mirror", "check_contrast_increase_and_structure_sim", "compare_image_list"] {
            for (file, reason) in cases {
                let outcome = try score(name, file, s)
                #expect(outcome.score == 0 && outcome.reason?.contains(reason) == true, "\(name): \(outcome) should say \(reason)")
            }
        }
        #expect(
            try score("check_image_size", MetricFixture.bytes("huge2.png", huge, in: folder), rules: "{}").reason?.contains("megapixels")
                == true)
        // compare_images and check_textbox_on_leftside read grey images under the same bound.
        let hugeGray = try score("compare_images", MetricFixture.bytes("huge3.png", huge, in: folder), s)
        #expect(hugeGray.score == 0 && hugeGray.reason?.contains("huge3.png is 20000x20000, more than the 36 megapixels") == true)
    }
}
