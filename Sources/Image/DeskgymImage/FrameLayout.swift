import DeskgymCore

/// The geometry of a 32-bit X11 ZPixmap frame: `height` rows of `width` pixels, each pixel the bytes
/// B, G, R, X (a little-endian `0x00RRGGBB`), rows `bytesPerLine` bytes apart.
///
/// `bytesPerLine` may exceed `width * 4`: X servers pad scanlines, and a capture of part of a larger
/// image has the larger image's stride. The padding and the X byte are never read for their value.
public struct FrameLayout: Sendable, Hashable, CustomStringConvertible {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Distance in bytes from the start of one row to the start of the next.
    public var bytesPerLine: Int

    /// PNG stores each dimension in 31 bits.
    public static let maximumDimension = Int(Int32.max)

    /// - Parameter bytesPerLine: the stride; `nil` means tightly packed rows (`width * 4`).
    public init(width: Int, height: Int, bytesPerLine: Int? = nil) {
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine ?? width &* 4
    }

    /// The image size in pixels.
    public var size: Size { Size(width: width, height: height) }

    /// The fewest bytes a pixel buffer of this layout must hold, or `nil` if the layout is invalid.
    ///
    /// The last row needs only its visible pixels, not a full stride: shared-memory segments are not
    /// always padded after it.
    public var minimumByteCount: Int? {
        guard width > 0, height > 0, bytesPerLine >= 0 else { return nil }
        let (rowBytes, o1) = width.multipliedReportingOverflow(by: 4)
        let (body, o2) = bytesPerLine.multipliedReportingOverflow(by: height - 1)
        let (total, o3) = body.addingReportingOverflow(rowBytes)
        return o1 || o2 || o3 ? nil : total
    }

    public var description: String { "\(width)x\(height) stride \(bytesPerLine)" }

    /// Checks the layout against a buffer before any pixel is read, so a wrong size is an error and
    /// never an out-of-bounds read.
    func validate(byteCount: Int, hasBaseAddress: Bool) throws(ImageEncodingError) {
        guard width > 0, height > 0 else {
            throw .invalidFrame("width and height must be positive, got \(width)x\(height)")
        }
        guard width <= Self.maximumDimension, height <= Self.maximumDimension else {
            throw .invalidFrame("\(width)x\(height) exceeds PNG's limit of \(Self.maximumDimension) per side")
        }
        // The filtered scanline (1 + 3 * width) must fit an Int comfortably as well.
        guard width <= Int.max / 8 else {
            throw .invalidFrame("width \(width) is too large")
        }
        guard bytesPerLine >= width * 4 else {
            throw .invalidFrame("bytesPerLine \(bytesPerLine) is less than width * 4 = \(width * 4)")
        }
        guard let needed = minimumByteCount else {
            throw .invalidFrame("layout \(self) overflows the address space")
        }
        guard byteCount >= needed else {
            throw .invalidFrame("buffer holds \(byteCount) bytes, layout \(self) needs \(needed)")
        }
        guard hasBaseAddress else {
            throw .invalidFrame("pixel buffer has no base address")
        }
    }
}
