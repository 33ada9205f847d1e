import Foundation

extension ColorImage {
    /// The saturation band of `convert('HSV')`, Pillow's `rgb2hsv` per pixel (grey and palette
    /// images go through their RGB colours, as Pillow converts them).
    var hsvSaturation: GrayImage { hsvBand(1) }

    /// The hue band of `convert('HSV')`.
    var hsvHue: GrayImage { hsvBand(0) }

    /// The value band of `convert('HSV')`: the largest of R, G and B.
    var hsvValue: GrayImage { hsvBand(2) }

    private func hsvBand(_ band: Int) -> GrayImage {
        var out = [UInt8](repeating: 0, count: pixelCount)
        for index in 0..<pixelCount {
            let hsv = Self.hsv(r: rgba[index * 4], g: rgba[index * 4 + 1], b: rgba[index * 4 + 2])
            out[index] = band == 0 ? hsv.h : band == 1 ? hsv.s : hsv.v
        }
        return GrayImage(width: width, height: height, pixels: out)
    }

    /// Pillow's `rgb2hsv_row`, with its mix of single precision (the ratios) and double precision
    /// (the constants 2.0, 4.0, 6.0 and 255.0 promote), truncated to bytes as its `(int)` casts do.
    static func hsv(r: UInt8, g: UInt8, b: UInt8) -> (h: UInt8, s: UInt8, v: UInt8) {
        let maxc = Swift.max(r, g, b), minc = Swift.min(r, g, b)
        guard maxc != minc else { return (0, 0, maxc) }
        let cr = Float(maxc - minc)
        let s = cr / Float(maxc)
        let rc = Float(maxc - r) / cr, gc = Float(maxc - g) / cr, bc = Float(maxc - b) / cr
        var h: Float
        if r == maxc {
            h = bc - gc
        } else if g == maxc {
            h = Float(2.0 + Double(rc) - Double(bc))
        } else {
            h = Float(4.0 + Double(gc) - Double(rc))
        }
        h = Float(fmod(Double(h) / 6.0 + 1.0, 1.0))
        return (clip8(Int(Double(h) * 255.0)), clip8(Int(Double(s) * 255.0)), maxc)
    }

    private static func clip8(_ value: Int) -> UInt8 { UInt8(Swift.max(0, Swift.min(255, value))) }
}
