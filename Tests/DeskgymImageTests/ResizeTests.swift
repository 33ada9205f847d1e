import DeskgymCore
import DeskgymImage
import Foundation
import Testing

@Suite struct ResizeTests {
    /// A `width`x`height` image whose pixel (x, y) is (x*10, y*10, x+y, 255).
    private func gradient(_ width: Int, _ height: Int) -> DecodedImage {
        var rgba: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { rgba += [UInt8(x * 10), UInt8(y * 10), UInt8(x + y), 255] }
        }
        return DecodedImage(width: width, height: height, rgba: rgba)
    }

    @Test("halving averages each 2x2 block, rounding halves up")
    func halving() {
        let small = gradient(4, 2).resized(to: Size(width: 2, height: 1))
        // Block x 0–1, y 0–1: R (0+10+0+10)/4 = 5, G (0+0+10+10)/4 = 5, B (0+1+1+2)/4 = 1.
        #expect(small[x: 0, y: 0] == (5, 5, 1, 255))
        // Block x 2–3: R (20+30+20+30)/4 = 25, B (2+3+3+4)/4 = 3.
        #expect(small[x: 1, y: 0] == (25, 5, 3, 255))
    }

    @Test("a thin line survives as grey where sampling one pixel in two could miss it")
    func thinLine() {
        var rgba = [UInt8](repeating: 255, count: 4 * 4 * 4)
        for y in 0..<4 { rgba[(y * 4 + 1) * 4] = 0; rgba[(y * 4 + 1) * 4 + 1] = 0; rgba[(y * 4 + 1) * 4 + 2] = 0 }
        let small = DecodedImage(width: 4, height: 4, rgba: rgba).resized(to: Size(width: 2, height: 2))
        #expect(small[x: 0, y: 0].r == 128 && small[x: 1, y: 0].r == 255)
    }

    @Test("a screenshot round-trips through PNG at the new size, and the same size is left alone")
    func screenshot() throws {
        let image = gradient(6, 4)
        let shot = Screenshot(png: try image.pngData(), size: image.size)
        let decoded = try PNGDecoder.decode(shot.png)
        #expect(decoded.rgba == image.rgba)
        let scaled = try shot.resized(to: Size(width: 3, height: 2))
        #expect(scaled.size == Size(width: 3, height: 2))
        #expect(try PNGDecoder.decode(scaled.png) == image.resized(to: Size(width: 3, height: 2)))
        #expect(try shot.resized(to: shot.size) == shot)
    }
}
