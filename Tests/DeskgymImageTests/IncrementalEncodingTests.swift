import DeskgymImage
import Foundation
import Testing

/// Reused bands must give exactly the file a fresh encoder would write.
@Suite struct IncrementalEncodingTests {
    static let options = PNGEncoderOptions(bandHeight: 10, workerCount: 2)

    func freshEncoding(_ frame: TestFrame) throws -> Data {
        try frame.encode(with: PNGBandEncoder(options: Self.options)).png
    }

    @Test("an unchanged frame re-encodes no band and gives the same bytes")
    func unchangedFrame() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        let frame = TestFrame.screenLike(width: 120, height: 95)
        let first = try frame.encode(with: encoder)
        #expect(first.stats.bandCount == 10)
        #expect(first.stats.encodedBandCount == 10)
        let second = try frame.encode(with: encoder)
        #expect(second.stats.encodedBandCount == 0)
        #expect(second.stats.comparedBandCount == 10)
        #expect(second.stats.reusedBandCount == 10)
        #expect(second.png == first.png)
        #expect(second.stats.byteCount == second.png.count)
    }

    @Test(
        "a small change re-encodes only the bands it touches",
        arguments: [
            (0, 0),  // the first band
            (40, 48),  // rows 48...50: bands 4 and 5
            (100, 92),  // the last band, which is short (rows 90...94)
        ])
    func smallChange(x: Int, y: Int) throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        var frame = TestFrame.screenLike(width: 120, height: 95)
        _ = try frame.encode(with: encoder)
        frame.paint(x: x, y: y, width: 10, height: 3, r: 255, g: 0, b: 0)
        let changed = try frame.encode(with: encoder)
        let touchedBands = Set((y..<(y + 3)).map { $0 / 10 }).count
        #expect(changed.stats.encodedBandCount == touchedBands)
        #expect(changed.png == (try freshEncoding(frame)))
    }

    @Test("the decoded incremental output matches the new pixels")
    func decodedIncrementalOutput() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        var frame = TestFrame.screenLike(width: 160, height: 100, padding: 8)
        _ = try frame.encode(with: encoder)
        for step in 0..<3 {
            frame.paint(
                x: 10 + step * 30, y: 20 + step * 25, width: 25, height: 12,
                r: UInt8(step * 80), g: 200, b: 9)
            let encoded = try frame.encode(with: encoder)
            #expect(try ImageMagick.decodeRGB(encoded.png) == frame.rgb)
        }
    }

    @Test("changes in the X byte or the row padding are not changes")
    func invisibleBytesAreIgnored() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        var frame = TestFrame.screenLike(width: 60, height: 40, padding: 12)
        let first = try frame.encode(with: encoder)
        for y in 0..<frame.height {
            frame.bytes[y * frame.bytesPerLine + 3] &+= 1  // X byte of pixel 0
            frame.bytes[y * frame.bytesPerLine + frame.width * 4] &+= 1  // padding
        }
        let second = try frame.encode(with: encoder)
        // The X byte sits in the compared row bytes, so bands are compared, found changed and
        // re-encoded; what matters is that the output does not change.
        #expect(second.png == first.png)
    }

    @Test("a new stride with the same pixels reuses every band")
    func strideChange() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        let narrow = TestFrame.screenLike(width: 70, height: 33, padding: 0)
        let wide = TestFrame.screenLike(width: 70, height: 33, padding: 40)
        let first = try narrow.encode(with: encoder)
        let second = try wide.encode(with: encoder)
        #expect(second.stats.encodedBandCount == 0)
        #expect(second.png == first.png)
    }

    @Test("a new size re-encodes every band")
    func sizeChange() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        _ = try TestFrame.screenLike(width: 70, height: 33).encode(with: encoder)
        let other = TestFrame.screenLike(width: 71, height: 33)
        let encoded = try other.encode(with: encoder)
        #expect(encoded.stats.encodedBandCount == encoded.stats.bandCount)
        #expect(encoded.png == (try freshEncoding(other)))
        let back = TestFrame.screenLike(width: 70, height: 20)
        #expect(try back.encode(with: encoder).png == (try freshEncoding(back)))
    }

    @Test("the automatic band height fills zlib's window without passing it")
    func automaticBandHeight() throws {
        #expect(PNGEncoderOptions.automaticBandHeight(width: 1920) == 11)
        #expect(PNGEncoderOptions.automaticBandHeight(width: 1280) == 16)
        #expect(PNGEncoderOptions.automaticBandHeight(width: 100_000) == 1)
        for width in [1, 7, 640, 1920, 3840, 30_000] {
            let rows = PNGEncoderOptions.automaticBandHeight(width: width)
            let scanline = 1 + 3 * width
            #expect(rows * scanline <= PNGEncoderOptions.windowFittingBandBytes || rows == 1)
            #expect((rows + 1) * scanline > PNGEncoderOptions.windowFittingBandBytes)
        }
        let encoder = try PNGBandEncoder()
        let frame = TestFrame.screenLike(width: 1920, height: 25)
        let encoded = try frame.encode(with: encoder)
        #expect(encoded.stats.bandCount == 3)
        let expected = frame.scanlines(filter: .sub)
        #expect(try PNGFile(encoded.png).inflatedIDAT(expectedCount: expected.count) == expected)
    }

    @Test("reset() makes the next call encode every band")
    func resetForgetsPreviousFrame() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        let frame = TestFrame.screenLike(width: 50, height: 50)
        let first = try frame.encode(with: encoder)
        encoder.reset()
        let second = try frame.encode(with: encoder)
        #expect(second.stats.encodedBandCount == 5)
        #expect(second.stats.comparedBandCount == 0)
        #expect(second.png == first.png)
    }

    @Test("a complete hint skips untouched bands and still gives the right file")
    func completeHint() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        var frame = TestFrame.screenLike(width: 100, height: 100)
        _ = try frame.encode(with: encoder)
        frame.paint(x: 5, y: 31, width: 20, height: 5, r: 1, g: 2, b: 3)
        let encoded = try frame.encode(with: encoder, hint: .onlyRowsChanged([31..<36, 500..<600, -5..<0]))
        #expect(encoded.stats.uncheckedBandCount == 9)
        #expect(encoded.stats.comparedBandCount == 1)
        #expect(encoded.stats.encodedBandCount == 1)
        #expect(encoded.png == (try freshEncoding(frame)))
    }

    @Test("a hint that names unchanged rows costs a comparison, not a re-encode")
    func overstatedHint() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        let frame = TestFrame.screenLike(width: 100, height: 100)
        let first = try frame.encode(with: encoder)
        let encoded = try frame.encode(with: encoder, hint: .onlyRowsChanged([0..<100]))
        #expect(encoded.stats.comparedBandCount == 10)
        #expect(encoded.stats.encodedBandCount == 0)
        #expect(encoded.png == first.png)
    }

    @Test("an incomplete hint is believed: rows it omits keep their previous pixels, as documented")
    func incompleteHintIsBelieved() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        var frame = TestFrame.screenLike(width: 100, height: 100)
        let before = try frame.encode(with: encoder)
        frame.paint(x: 0, y: 50, width: 10, height: 2, r: 9, g: 9, b: 9)
        let encoded = try frame.encode(with: encoder, hint: .onlyRowsChanged([]))
        #expect(encoded.stats.uncheckedBandCount == 10)
        #expect(encoded.png == before.png)
        // Without the hint the change is found, because the copy of band 5 was never updated.
        let found = try frame.encode(with: encoder)
        #expect(found.stats.encodedBandCount == 1)
        #expect(found.png == (try freshEncoding(frame)))
    }

    @Test("the hint is ignored for bands the encoder has no copy of")
    func hintOnFirstFrame() throws {
        let encoder = try PNGBandEncoder(options: Self.options)
        let frame = TestFrame.screenLike(width: 40, height: 40)
        let encoded = try frame.encode(with: encoder, hint: .onlyRowsChanged([]))
        #expect(encoded.stats.encodedBandCount == 4)
        #expect(encoded.png == (try freshEncoding(frame)))
    }
}
