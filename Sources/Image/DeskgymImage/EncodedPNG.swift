import DeskgymCore
import Foundation

/// A PNG file produced by ``PNGBandEncoder``, with what it cost.
public struct EncodedPNG: Sendable, Hashable {
    /// The PNG file's bytes.
    public var png: Data
    /// The image size in pixels.
    public var size: Size
    /// What the encoder did to produce it.
    public var stats: PNGEncodingStats

    public init(png: Data, size: Size, stats: PNGEncodingStats) {
        self.png = png
        self.size = size
        self.stats = stats
    }

    /// The image as the core model's screenshot.
    public var screenshot: Screenshot { Screenshot(png: png, size: size) }
}
