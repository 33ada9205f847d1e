import DeskgymCore
import DeskgymImage

extension SetOfMarks {
    /// The image being marked. Everything is clipped to it, and pixels are written a row span at
    /// a time straight into the RGBA bytes: a 1080p screen with hundreds of marks takes a few
    /// milliseconds.
    struct Canvas {
        private(set) var width: Int
        private(set) var height: Int
        private var rgba: [UInt8]

        init(_ image: DecodedImage) {
            width = image.width
            height = image.height
            rgba = image.rgba
        }

        var image: DecodedImage { DecodedImage(width: width, height: height, rgba: rgba) }

        /// A pixel's bytes R, G, B, A read as one native `UInt32`.
        private static func pixel(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt32 {
            UInt32(littleEndian: UInt32(r) | UInt32(g) << 8 | UInt32(b) << 16 | 0xFF00_0000)
        }

        private static let red = pixel(255, 0, 0)
        private static let black = pixel(0, 0, 0)
        private static let white = pixel(255, 255, 255)
        /// Keeps R, G and B of a pixel read as a native `UInt32`.
        private static let colourMask = UInt32(littleEndian: 0x00FF_FFFF)

        /// Whether the pixels in `box` (right and bottom edges excluded, as PIL crops) are all one
        /// colour, the parts off the image counting as black.
        func isSingleColour(_ box: Rect) -> Bool {
            let left = max(box.x, 0)
            let top = max(box.y, 0)
            let right = min(box.x + box.width, width)
            let bottom = min(box.y + box.height, height)
            guard left < right, top < bottom else { return true }
            let spillsOff = left != box.x || top != box.y || right != box.x + box.width || bottom != box.y + box.height
            return rgba.withUnsafeBytes { bytes in
                let mask = Self.colourMask
                let reference =
                    spillsOff ? Self.black & mask : bytes.loadUnaligned(fromByteOffset: (top * width + left) * 4, as: UInt32.self) & mask
                for y in top..<bottom {
                    let rowStart = (y * width + left) * 4
                    for offset in stride(from: rowStart, to: rowStart + (right - left) * 4, by: 4)
                    where bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) & mask != reference {
                        return false
                    }
                }
                return true
            }
        }

        /// Draws `box`'s outline in red, `thickness` pixels inward from its edges; as PIL's
        /// rectangle, the right and bottom edges are the pixels at x + width and y + height.
        mutating func outline(_ box: Rect, thickness: Int) {
            let right = box.x + box.width
            let bottom = box.y + box.height
            fill(left: box.x, top: box.y, right: right, bottom: box.y + thickness - 1, Self.red)
            fill(left: box.x, top: bottom - thickness + 1, right: right, bottom: bottom, Self.red)
            fill(left: box.x, top: box.y, right: box.x + thickness - 1, bottom: bottom, Self.red)
            fill(left: right - thickness + 1, top: box.y, right: right, bottom: bottom, Self.red)
        }

        /// Draws `number` in white on a black label whose bottom-left pixel is (`left`, `bottom`),
        /// its digits from ``digitRows`` with each font pixel a `scale` × `scale` square and a
        /// margin of one such square around them.
        mutating func label(_ number: Int, left: Int, bottom: Int, scale: Int) {
            let digits = String(number).utf8.map { Int($0) - 0x30 }
            let labelWidth = scale * (2 + digits.count * 6 - 1)
            let labelHeight = scale * (2 + 7)
            let top = bottom - labelHeight + 1
            fill(left: left, top: top, right: left + labelWidth - 1, bottom: bottom, Self.black)
            for (place, digit) in digits.enumerated() where (0...9).contains(digit) {
                let glyphLeft = left + scale * (1 + place * 6)
                for (row, bits) in Self.digitRows[digit].enumerated() {
                    let y = top + scale * (1 + row)
                    // Runs of set bits become one span each, so a row is one or two fills.
                    var column = 0
                    while column < 5 {
                        guard bits & (0x10 >> UInt8(column)) != 0 else {
                            column += 1
                            continue
                        }
                        var end = column
                        while end + 1 < 5, bits & (0x10 >> UInt8(end + 1)) != 0 { end += 1 }
                        fill(
                            left: glyphLeft + scale * column, top: y, right: glyphLeft + scale * (end + 1) - 1,
                            bottom: y + scale - 1, Self.white)
                        column = end + 1
                    }
                }
            }
        }

        /// Paints the pixels from (`left`, `top`) to (`right`, `bottom`), both corners included,
        /// that fall on the image.
        private mutating func fill(left: Int, top: Int, right: Int, bottom: Int, _ colour: UInt32) {
            let x0 = max(left, 0)
            let y0 = max(top, 0)
            let x1 = min(right, width - 1)
            let y1 = min(bottom, height - 1)
            guard x0 <= x1, y0 <= y1 else { return }
            let width = self.width
            rgba.withUnsafeMutableBytes { bytes in
                for y in y0...y1 {
                    let rowStart = (y * width + x0) * 4
                    for offset in stride(from: rowStart, through: rowStart + (x1 - x0) * 4, by: 4) {
                        bytes.storeBytes(of: colour, toByteOffset: offset, as: UInt32.self)
                    }
                }
            }
        }

        /// The digits 0-9 in a 5 × 7 cell, one byte per row from the top, bit 4 the leftmost
        /// column. Drawn for this module: open shapes that stay distinct when scaled down.
        static let digitRows: [[UInt8]] = [
            [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],  // 0
            [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],  // 1
            [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],  // 2
            [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],  // 3
            [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],  // 4
            [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],  // 5
            [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],  // 6
            [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],  // 7
            [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],  // 8
            [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],  // 9
        ]
    }
}
