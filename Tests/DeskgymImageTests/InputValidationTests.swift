import DeskgymImage
import Testing

/// Wrong sizes and options must be errors that say what is wrong, never crashes or stray reads.
@Suite struct InputValidationTests {
    func encode(byteCount: Int, layout: FrameLayout) throws(ImageEncodingError) -> EncodedPNG {
        let bytes = [UInt8](repeating: 7, count: byteCount)
        let encoder = try PNGBandEncoder()
        do {
            return try bytes.withUnsafeBytes { try encoder.encode($0, layout: layout) }
        } catch let error as ImageEncodingError {
            throw error
        } catch {
            Issue.record("unexpected error type \(error)")
            throw ImageEncodingError(kind: .zlib, operation: "test", message: "\(error)")
        }
    }

    @Test(
        "invalid layouts are rejected",
        arguments: [
            (FrameLayout(width: 10, height: 10, bytesPerLine: 39), 400, "bytesPerLine"),
            (FrameLayout(width: 10, height: 10), 399, "needs 400"),
            (FrameLayout(width: 0, height: 10), 400, "positive"),
            (FrameLayout(width: 10, height: -1), 400, "positive"),
            (FrameLayout(width: Int.max / 2, height: 2), 400, "exceeds"),
            (FrameLayout(width: 4, height: Int.max / 2, bytesPerLine: 16), 400, "exceeds"),
            (FrameLayout(width: 10, height: 3, bytesPerLine: Int.max / 2), 400, "overflows"),
        ])
    func invalidLayout(layout: FrameLayout, byteCount: Int, phrase: String) {
        let error = #expect(throws: ImageEncodingError.self) {
            try encode(byteCount: byteCount, layout: layout)
        }
        #expect(error?.kind == .invalidFrame)
        #expect(error?.description.contains(phrase) == true, "\(String(describing: error))")
    }

    @Test("an empty buffer is rejected, not dereferenced")
    func emptyBuffer() {
        let error = #expect(throws: ImageEncodingError.self) {
            try PNGBandEncoder().encode(
                UnsafeRawBufferPointer(start: nil, count: 0),
                layout: FrameLayout(width: 1, height: 1))
        }
        #expect(error?.kind == .invalidFrame)
    }

    @Test(
        "out-of-range options are rejected",
        arguments: [
            PNGEncoderOptions(compressionLevel: 10),
            PNGEncoderOptions(compressionLevel: -1),
            PNGEncoderOptions(bandHeight: 0),
            PNGEncoderOptions(workerCount: 0),
        ])
    func invalidOptions(options: PNGEncoderOptions) {
        let error = #expect(throws: ImageEncodingError.self) { try PNGBandEncoder(options: options) }
        #expect(error?.kind == .invalidOptions)
        let oneShot = #expect(throws: ImageEncodingError.self) {
            try [UInt8](repeating: 0, count: 4).withUnsafeBytes {
                try encodePNG(bgrx: $0, layout: FrameLayout(width: 1, height: 1), options: options)
            }
        }
        #expect(oneShot?.kind == .invalidOptions)
    }

    @Test("an encoder keeps working after rejecting a frame")
    func recoversAfterError() throws {
        let encoder = try PNGBandEncoder(options: PNGEncoderOptions(bandHeight: 4))
        let frame = TestFrame.screenLike(width: 20, height: 20)
        let first = try frame.encode(with: encoder)
        #expect(throws: ImageEncodingError.self) {
            try frame.bytes.withUnsafeBytes {
                try encoder.encode($0, layout: FrameLayout(width: 20, height: 21))
            }
        }
        let again = try frame.encode(with: encoder)
        #expect(again.stats.encodedBandCount == 0)
        #expect(again.png == first.png)
    }

    @Test("zlib errors carry zlib's code and message")
    func zlibErrorDescription() {
        let error = ImageEncodingError(kind: .zlib, operation: "deflate", zlibCode: -2, message: "stream error")
        #expect(error.description == "deflate failed (zlib -2): stream error")
    }
}
