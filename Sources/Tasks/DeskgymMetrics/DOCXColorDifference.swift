import Foundation

/// The colour distance OSWorld's `evaluate_colored_words_in_tables` measures: scikit-image's
/// `rgb2lab` (sRGB, D65 2° white) of each 8-bit colour, then `deltaE_ciede2000` with
/// kL = kC = kH = 1, step for step as scikit-image computes them.
enum DOCXColorDifference {
    /// scikit-image's `rgb2lab` of an 8-bit sRGB colour.
    static func lab(_ rgb: [UInt8]) -> (Double, Double, Double) {
        let linear = rgb.map { byte -> Double in
            let c = Double(byte) / 255.0
            return c > 0.04045 ? pow((c + 0.055) / 1.055, 2.4) : c / 12.92
        }
        let matrix: [[Double]] = [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]]
        let white = [0.95047, 1.0, 1.08883]
        let f = (0..<3).map { row -> Double in
            let value = (matrix[row][0] * linear[0] + matrix[row][1] * linear[1] + matrix[row][2] * linear[2]) / white[row]
            return value > 0.008856 ? cbrt(value) : 7.787 * value + 16.0 / 116.0
        }
        return (116.0 * f[1] - 16.0, 500.0 * (f[0] - f[1]), 200.0 * (f[1] - f[2]))
    }

    /// `deltaE_ciede2000(rgb2lab(first / 255), rgb2lab(second / 255))`.
    static func ciede2000(_ first: [UInt8], _ second: [UInt8]) -> Double {
        ciede2000(lab(first), lab(second))
    }

    /// CIEDE2000 between two L*a*b* colours, as scikit-image's `deltaE_ciede2000`.
    static func ciede2000(_ first: (Double, Double, Double), _ second: (Double, Double, Double)) -> Double {
        let (l1, a1, b1) = first, (l2, a2, b2) = second
        var cBar = 0.5 * (hypot(a1, b1) + hypot(a2, b2))
        var c7 = pow(cBar, 7)
        let g = 0.5 * (1 - (c7 / (c7 + pow(25, 7))).squareRoot())
        let scale = 1 + g
        func polar(_ a: Double, _ b: Double) -> (Double, Double) {
            var angle = atan2(b, a)
            if angle < 0 { angle += 2 * Double.pi }
            return (hypot(a, b), angle)
        }
        let (c1, h1) = polar(a1 * scale, b1), (c2, h2) = polar(a2 * scale, b2)
        let lBar = 0.5 * (l1 + l2)
        let tmp = (lBar - 50) * (lBar - 50)
        let sl = 1 + 0.015 * tmp / (20 + tmp).squareRoot()
        let lTerm = (l2 - l1) / sl
        cBar = 0.5 * (c1 + c2)
        let sc = 1 + 0.045 * cBar
        let cTerm = (c2 - c1) / sc
        let hDiff = h2 - h1, hSum = h1 + h2, cc = c1 * c2
        var dH = hDiff
        if hDiff > Double.pi { dH -= 2 * Double.pi }
        if hDiff < -Double.pi { dH += 2 * Double.pi }
        if cc == 0 { dH = 0 }
        let dHTerm = 2 * cc.squareRoot() * sin(dH / 2)
        var hBar = hSum
        if cc != 0, abs(hDiff) > Double.pi { hBar += hSum < 2 * Double.pi ? 2 * Double.pi : -2 * Double.pi }
        if cc == 0 { hBar *= 2 }
        hBar *= 0.5
        func radians(_ degrees: Double) -> Double { degrees * Double.pi / 180 }
        let t =
            1 - 0.17 * cos(hBar - radians(30)) + 0.24 * cos(2 * hBar) + 0.32 * cos(3 * hBar + radians(6))
            - 0.20 * cos(4 * hBar - radians(63))
        let sh = 1 + 0.015 * cBar * t
        let hTerm = dHTerm / sh
        c7 = pow(cBar, 7)
        let rc = 2 * (c7 / (c7 + pow(25, 7))).squareRoot()
        let dTheta = radians(30) * exp(-pow((hBar * 180 / Double.pi - 275) / 25, 2))
        let rTerm = -sin(2 * dTheta) * rc * cTerm * hTerm
        let squared = lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm
        return max(squared, 0).squareRoot()
    }
}
