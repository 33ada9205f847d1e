import DeskgymActions
import DeskgymCore
import Testing

/// Expected sizes computed by the Python reference implementations, not by hand: the functions were
/// taken verbatim (with `ast`) from qwen-vl-utils 0.0.14 (`qwen_vl_utils/vision_process.py`),
/// transformers 5.23.0 (`models/qwen2_vl/image_processing_qwen2_vl.py`) and ui-tars 0.5.1
/// (`ui_tars/action_parser.py`) as published on PyPI, and run on each (width, height) below with
/// Python 3.11. Each row is (width, height, resized width, resized height); Python's functions take
/// (height, width). The sizes cover common screens, portrait, tiny images, exact multiples of the
/// factor, odd multiples of half the factor (where `round()` meets a .5: 42, 70, 98, 126, 154 with
/// factor 28) and extreme aspect ratios up to 200.
enum SmartResizeTable {
    typealias Row = (width: Int, height: Int, resizedWidth: Int, resizedHeight: Int)

    /// qwen-vl-utils `smart_resize(h, w, factor=28, min_pixels=56*56, max_pixels=14*14*4*1280)`.
    static let briefDefaults: [Row] = [
        (1920, 1080, 1316, 728), (1280, 720, 1288, 728), (1366, 768, 1316, 728), (3840, 2160, 1316, 728),
        (2560, 1440, 1316, 728), (1440, 900, 1260, 784), (1024, 768, 1036, 756), (800, 600, 812, 588),
        (1080, 1920, 728, 1316), (640, 480, 644, 476), (1920, 1200, 1260, 784), (2880, 1800, 1260, 784),
        (3024, 1964, 1232, 784), (7680, 4320, 1316, 728), (1932, 1092, 1316, 728), (1316, 728, 1316, 728),
        (1000, 1000, 980, 980), (999, 999, 980, 980), (28, 28, 56, 56), (56, 56, 56, 56), (14, 14, 56, 56),
        (10, 10, 56, 56), (1, 1, 56, 56), (2, 2, 56, 56), (27, 27, 56, 56), (42, 42, 56, 56), (70, 70, 56, 56),
        (98, 98, 112, 112), (126, 126, 112, 112), (154, 154, 168, 168), (100, 30, 112, 28),
        (10, 1000, 28, 1008), (13, 2600, 28, 2604), (70, 14000, 56, 14000), (14000, 70, 14000, 56),
        (3000, 100, 2996, 112), (30000, 150, 14140, 56), (5000, 25, 5012, 28), (200, 1, 196, 28),
        (1, 200, 28, 196),
    ]

    /// transformers `smart_resize(h, w)` with its defaults (the same numbers, the other variant).
    static let transformersDefaults: [Row] = [
        (1920, 1080, 1316, 728), (1280, 720, 1288, 728), (1366, 768, 1316, 728), (3840, 2160, 1316, 728),
        (2560, 1440, 1316, 728), (1440, 900, 1260, 784), (1024, 768, 1036, 756), (800, 600, 812, 588),
        (1080, 1920, 728, 1316), (640, 480, 644, 476), (1920, 1200, 1260, 784), (2880, 1800, 1260, 784),
        (3024, 1964, 1232, 784), (7680, 4320, 1316, 728), (1932, 1092, 1316, 728), (1316, 728, 1316, 728),
        (1000, 1000, 980, 980), (999, 999, 980, 980), (28, 28, 56, 56), (56, 56, 56, 56), (14, 14, 56, 56),
        (10, 10, 56, 56), (1, 1, 56, 56), (2, 2, 56, 56), (27, 27, 56, 56), (42, 42, 56, 56), (70, 70, 56, 56),
        (98, 98, 112, 112), (126, 126, 112, 112), (154, 154, 168, 168), (100, 30, 112, 28), (10, 1000, 28, 560),
        (13, 2600, 28, 812), (70, 14000, 56, 14000), (14000, 70, 14000, 56), (3000, 100, 2996, 112),
        (30000, 150, 14140, 56), (5000, 25, 5012, 28), (200, 1, 812, 28), (1, 200, 28, 812),
    ]

    /// ui-tars `smart_resize(h, w)` with its defaults (28, 100*28*28, 16384*28*28).
    static let uiTARS: [Row] = [
        (1920, 1080, 1932, 1092), (1280, 720, 1288, 728), (1366, 768, 1372, 756), (3840, 2160, 3836, 2156),
        (2560, 1440, 2548, 1428), (1440, 900, 1428, 896), (1024, 768, 1036, 756), (800, 600, 812, 588),
        (1080, 1920, 1092, 1932), (640, 480, 644, 476), (1920, 1200, 1932, 1204), (2880, 1800, 2884, 1792),
        (3024, 1964, 3024, 1960), (7680, 4320, 4760, 2688), (1932, 1092, 1932, 1092), (1316, 728, 1316, 728),
        (1000, 1000, 1008, 1008), (999, 999, 1008, 1008), (28, 28, 280, 280), (56, 56, 280, 280),
        (14, 14, 280, 280), (10, 10, 280, 280), (1, 1, 280, 280), (2, 2, 280, 280), (27, 27, 280, 280),
        (42, 42, 280, 280), (70, 70, 280, 280), (98, 98, 280, 280), (126, 126, 280, 280), (154, 154, 280, 280),
        (100, 30, 532, 168), (10, 1000, 28, 2800), (13, 2600, 28, 3976), (70, 14000, 56, 14000),
        (14000, 70, 14000, 56), (3000, 100, 2996, 112), (30000, 150, 29988, 140), (5000, 25, 5012, 28),
        (200, 1, 3976, 28), (1, 200, 28, 3976),
    ]

    /// qwen-vl-utils `smart_resize(h, w, factor=28)` (its defaults: 4*28*28, 16384*28*28).
    static let qwenVLUtils28: [Row] = [
        (1920, 1080, 1932, 1092), (1280, 720, 1288, 728), (1366, 768, 1372, 756), (3840, 2160, 3836, 2156),
        (2560, 1440, 2548, 1428), (1440, 900, 1428, 896), (1024, 768, 1036, 756), (800, 600, 812, 588),
        (1080, 1920, 1092, 1932), (640, 480, 644, 476), (1920, 1200, 1932, 1204), (2880, 1800, 2884, 1792),
        (3024, 1964, 3024, 1960), (7680, 4320, 4760, 2688), (1932, 1092, 1932, 1092), (1316, 728, 1316, 728),
        (1000, 1000, 1008, 1008), (999, 999, 1008, 1008), (28, 28, 56, 56), (56, 56, 56, 56), (14, 14, 56, 56),
        (10, 10, 56, 56), (1, 1, 56, 56), (2, 2, 56, 56), (27, 27, 56, 56), (42, 42, 56, 56), (70, 70, 56, 56),
        (98, 98, 112, 112), (126, 126, 112, 112), (154, 154, 168, 168), (100, 30, 112, 28),
        (10, 1000, 28, 1008), (13, 2600, 28, 2604), (70, 14000, 56, 14000), (14000, 70, 14000, 56),
        (3000, 100, 2996, 112), (30000, 150, 29988, 140), (5000, 25, 5012, 28), (200, 1, 196, 28),
        (1, 200, 28, 196),
    ]

    /// qwen-vl-utils `smart_resize(h, w, factor=32)`: Qwen3-VL (4*32*32, 16384*32*32).
    static let qwen3VL: [Row] = [
        (1920, 1080, 1920, 1088), (1280, 720, 1280, 704), (1366, 768, 1376, 768), (3840, 2160, 3840, 2176),
        (2560, 1440, 2560, 1440), (1440, 900, 1440, 896), (1024, 768, 1024, 768), (800, 600, 800, 608),
        (1080, 1920, 1088, 1920), (640, 480, 640, 480), (1920, 1200, 1920, 1216), (2880, 1800, 2880, 1792),
        (3024, 1964, 3008, 1952), (7680, 4320, 5440, 3072), (1932, 1092, 1920, 1088), (1316, 728, 1312, 736),
        (1000, 1000, 992, 992), (999, 999, 992, 992), (28, 28, 64, 64), (56, 56, 64, 64), (14, 14, 64, 64),
        (10, 10, 64, 64), (1, 1, 64, 64), (2, 2, 64, 64), (27, 27, 64, 64), (42, 42, 64, 64), (70, 70, 64, 64),
        (98, 98, 96, 96), (126, 126, 128, 128), (154, 154, 160, 160), (100, 30, 128, 64), (10, 1000, 32, 992),
        (13, 2600, 32, 2592), (70, 14000, 64, 14016), (14000, 70, 14016, 64), (3000, 100, 3008, 96),
        (30000, 150, 30016, 160), (5000, 25, 4992, 32), (200, 1, 192, 32), (1, 200, 32, 192),
    ]
}

@Suite("smart_resize")
struct SmartResizeTests {
    private func check(_ rule: SmartResize, _ rows: [SmartResizeTable.Row]) throws {
        for row in rows {
            let resized = try rule.resized(Size(width: row.width, height: row.height))
            #expect(
                resized == Size(width: row.resizedWidth, height: row.resizedHeight),
                "\(row.width)x\(row.height) with \(rule)")
        }
    }

    @Test("the brief's defaults (factor 28, 56*56…14*14*4*1280) agree with qwen-vl-utils")
    func briefDefaults() throws {
        #expect(SmartResize() == SmartResize(factor: 28, minPixels: 3136, maxPixels: 1_003_520, variant: .qwenVLUtils))
        try check(SmartResize(), SmartResizeTable.briefDefaults)
    }

    @Test("the transformers variant agrees with transformers")
    func transformersVariant() throws {
        try check(SmartResize(variant: .transformers), SmartResizeTable.transformersDefaults)
    }

    @Test("the UI-TARS preset agrees with the UI-TARS code")
    func uiTARS() throws {
        #expect(SmartResize.uiTARS == SmartResize(factor: 28, minPixels: 78_400, maxPixels: 12_845_056))
        try check(.uiTARS, SmartResizeTable.uiTARS)
    }

    @Test("the qwen-vl-utils preset for factor 28 agrees with qwen-vl-utils' defaults")
    func qwenVLUtils() throws {
        try check(.qwenVLUtils, SmartResizeTable.qwenVLUtils28)
    }

    @Test("the Qwen3-VL preset (factor 32) agrees with qwen-vl-utils for image_patch_size 16")
    func qwen3VL() throws {
        #expect(SmartResize.qwen3VL == SmartResize(factor: 32, minPixels: 4096, maxPixels: 16_777_216))
        try check(.qwen3VL, SmartResizeTable.qwen3VL)
    }

    @Test("round() rounds halves to even, as Python's does")
    func halvesToEven() throws {
        // 70 / 28 = 2.5 rounds to 2 (56), not 3 (84); with 84 the area 84 × 14000 would exceed
        // max_pixels and take the shrinking branch instead.
        #expect(try SmartResize().resized(Size(width: 70, height: 14000)) == Size(width: 56, height: 14000))
        // 98 / 28 = 3.5 rounds to 4, 126 / 28 = 4.5 to 4.
        #expect(try SmartResize().resized(Size(width: 98, height: 126)) == Size(width: 112, height: 112))
    }

    @Test("the two variants differ only where the published functions do")
    func variantsDiffer() throws {
        // A side under half the factor: qwen-vl-utils lifts it to the factor first.
        #expect(try SmartResize().resized(Size(width: 10, height: 1000)) == Size(width: 28, height: 1008))
        #expect(
            try SmartResize(variant: .transformers).resized(Size(width: 10, height: 1000))
                == Size(width: 28, height: 560))
        // Shrinking to a small max_pixels: qwen-vl-utils lets a side become 0 (Python gives
        // (0, 4452) for smart_resize(30, 6000, 28, 3136, 100000)); transformers keeps the factor.
        let small = SmartResize(factor: 28, minPixels: 3136, maxPixels: 100_000)
        #expect(try small.resized(Size(width: 6000, height: 30)) == Size(width: 4452, height: 0))
        var smallTransformers = small
        smallTransformers.variant = .transformers
        #expect(try smallTransformers.resized(Size(width: 6000, height: 30)) == Size(width: 4452, height: 28))
        #expect(try small.resized(Size(width: 1920, height: 1080)) == Size(width: 420, height: 224))
    }

    @Test(
        "an aspect ratio above 200 is refused with Python's message",
        arguments: [
            (Size(width: 201, height: 1), "absolute aspect ratio must be smaller than 200, got 201.0"),
            (Size(width: 1, height: 201), "absolute aspect ratio must be smaller than 200, got 201.0"),
            (Size(width: 5000, height: 24), "absolute aspect ratio must be smaller than 200, got 208.33333333333334"),
        ])
    func aspectRatio(size: Size, message: String) throws {
        let error = try #require(throws: SmartResizeError.self) { try SmartResize().resized(size) }
        #expect(error.message == message)
        #expect(error.description == "smart_resize: " + message)
        // Exactly 200 is allowed.
        #expect(try SmartResize().resized(Size(width: 200, height: 1)) == Size(width: 196, height: 28))
    }

    @Test(
        "sizes and settings Python cannot compute are refused",
        arguments: [
            (SmartResize(), Size(width: 0, height: 10), "width and height must be at least 1, got 0x10"),
            (SmartResize(), Size(width: 10, height: -1), "width and height must be at least 1, got 10x-1"),
            (SmartResize(factor: 0), Size(width: 10, height: 10), "factor must be at least 1, got 0"),
            (
                SmartResize(minPixels: 200, maxPixels: 100), Size(width: 10, height: 10),
                "maxPixels (100) must be at least minPixels (200)"
            ),
        ])
    func invalid(rule: SmartResize, size: Size, message: String) throws {
        let error = try #require(throws: SmartResizeError.self) { try rule.resized(size) }
        #expect(error.message == message)
    }

    @Test("every result is a multiple of the factor within the pixel bounds")
    func invariants() throws {
        for rule in [SmartResize(), .uiTARS, .qwen3VL, SmartResize(variant: .transformers)] {
            for width in stride(from: 20, through: 4000, by: 97) {
                for height in stride(from: 20, through: 3000, by: 89) where max(width, height) <= 200 * min(width, height) {
                    let size = try rule.resized(Size(width: width, height: height))
                    #expect(size.width % rule.factor == 0 && size.height % rule.factor == 0)
                    #expect(size.width * size.height <= rule.maxPixels)
                    #expect(size.width * size.height >= rule.minPixels)
                }
            }
        }
    }
}
