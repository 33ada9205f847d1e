import Foundation

/// A captured screen, PNG-encoded.
public struct Screenshot: Sendable, Hashable {
    /// The PNG file's bytes.
    public var png: Data
    /// The image size in pixels.
    public var size: Size

    public init(png: Data, size: Size) {
        self.png = png
        self.size = size
    }
}
