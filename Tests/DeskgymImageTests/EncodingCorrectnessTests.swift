import DeskgymImage
import Foundation
import Testing

/// The PNG must decode, in an independent decoder, to exactly the captured pixels.
@Suite struct EncodingCorrectnessTests {
    static let optionGrid: [PNGEncoderOptions] = PNGRowFilter.allCases.flatMap { filter in
        [DeflateStrategy.default, .rle].map { strategy in
            PNGEncoderOptions(strategy: strategy, filter: filter, bandHeight: 16, workerCount: 2)
        }
    }

    @Test(
        "ImageMagick decodes the PNG to the frame's pixels",
        arguments: optionGrid)
    func decodesToExactPixels(options: PNGEncoderOptions) throws {
        let frame = TestFrame.screenLike(width: 320, height: 200, padding: 12)
        let png = try frame.bytes.withUnsafeBytes {
            try encodePNG(bgrx: $0, layout: frame.layout, options: options)
        }
        #expect(try ImageMagick.decodeRGB(png) == frame.rgb)
    }

    @Test(
        "the container is signature, IHDR, IDAT, IEND with valid CRCs, and IDAT inflates to the filtered rows",
        arguments: PNGRowFilter.allCases)
    func containerAndZlibStream(filter: PNGRowFilter) throws {
        let frame = TestFrame.screenLike(width: 257, height: 100, padding: 4)
        let options = PNGEncoderOptions(filter: filter, bandHeight: 7)
        let png = try frame.bytes.withUnsafeBytes {
            try encodePNG(bgrx: $0, layout: frame.layout, options: options)
        }
        let file = try PNGFile(png)
        #expect(file.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(file.chunks.allSatisfy { $0.crcMatches })
        let ihdr = file.chunks[0].data
        #expect(ihdr == [0, 0, 1, 1, 0, 0, 0, 100, 8, 2, 0, 0, 0])
        #expect(file.chunks[2].data.isEmpty)

        let idat = file.idat
        #expect((UInt16(idat[0]) << 8 | UInt16(idat[1])) % 31 == 0, "zlib header check bits")
        #expect(idat[0] == 0x78, "deflate with a 32 KiB window")
        let expected = frame.scanlines(filter: filter)
        #expect(try file.inflatedIDAT(expectedCount: expected.count) == expected)
    }

    @Test(
        "awkward geometry: one pixel, odd widths, bands taller than the image, one-row bands",
        arguments: [(1, 1, 32), (1, 5, 2), (3, 1, 1), (7, 9, 1), (33, 17, 4), (64, 10, 100), (1921, 3, 32)])
    func awkwardGeometry(width: Int, height: Int, bandHeight: Int) throws {
        let frame = TestFrame.screenLike(width: width, height: height, padding: 8, seed: UInt64(width * height))
        let encoder = try PNGBandEncoder(options: PNGEncoderOptions(bandHeight: bandHeight))
        let encoded = try frame.encode(with: encoder)
        #expect(try ImageMagick.decodeRGB(encoded.png) == frame.rgb)
        #expect(encoded.stats.bandCount == (height + bandHeight - 1) / bandHeight)
        #expect(encoded.size == frame.layout.size)
        #expect(encoded.screenshot.png == encoded.png)
        let file = try PNGFile(encoded.png)
        let expected = frame.scanlines(filter: .sub)
        #expect(try file.inflatedIDAT(expectedCount: expected.count) == expected)
    }

    @Test("a buffer that ends right after the last row's pixels is enough")
    func lastRowNeedsNoPadding() throws {
        let frame = TestFrame.screenLike(width: 50, height: 20, padding: 16)
        let trimmed = Array(frame.bytes.dropLast(16))
        let png = try trimmed.withUnsafeBytes { try encodePNG(bgrx: $0, layout: frame.layout) }
        let expected = frame.scanlines(filter: .sub)
        #expect(try PNGFile(png).inflatedIDAT(expectedCount: expected.count) == expected)
    }

    @Test("every level, strategy and worker count gives a valid stream; output does not depend on workers")
    func levelsStrategiesAndWorkers() throws {
        let frame = TestFrame.screenLike(width: 200, height: 120)
        let expected = frame.scanlines(filter: .sub)
        for level in [0, 1, 6, 9] {
            for strategy in DeflateStrategy.allCases {
                var outputs: [Data] = []
                for workers in [1, 2, 5] {
                    let options = PNGEncoderOptions(
                        compressionLevel: level, strategy: strategy, bandHeight: 8,
                        workerCount: workers)
                    let png = try frame.bytes.withUnsafeBytes {
                        try encodePNG(bgrx: $0, layout: frame.layout, options: options)
                    }
                    #expect(
                        try PNGFile(png).inflatedIDAT(expectedCount: expected.count) == expected,
                        "level \(level) \(strategy) workers \(workers)")
                    outputs.append(png)
                }
                #expect(Set(outputs).count == 1, "level \(level) \(strategy)")
            }
        }
    }
}
