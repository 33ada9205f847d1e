import DeskgymCore
import DeskgymImage

/// Where two frames of the same screen differ: how many pixels, and the rectangle around them.
///
/// `deskgym bench settle` compares an observation (its PNG, decoded) with a capture taken once
/// the screen and the session's programs have long been quiet: any difference means the screen
/// changed after the observation without new input, so the observation was stale.
public struct FrameDifference: Sendable, Hashable {
    /// Pixels whose red, green or blue differ.
    public var changedPixels: Int
    /// The smallest rectangle holding every changed pixel; nil when none changed.
    public var bounds: Rect?

    /// Whether the frames are the same.
    public var isEmpty: Bool { changedPixels == 0 }

    /// Compares `observed` (RGBA, as ``PNGDecoder`` gives it) with `current`, a frame of 32 bits a
    /// pixel in X11's memory order (B, G, R, X; `bytesPerLine` apart), over the pixels both have.
    public init(observed: DecodedImage, current: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int) {
        let columns = min(width, observed.width)
        let rows = min(height, observed.height)
        var changed = 0
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        observed.rgba.withUnsafeBufferPointer { rgba in
            for y in 0..<rows {
                let line = y * bytesPerLine
                let observedLine = y * observed.width * 4
                var rowChanged = false
                for x in 0..<columns {
                    let here = line + x * 4
                    let there = observedLine + x * 4
                    if current[here + 2] != rgba[there] || current[here + 1] != rgba[there + 1] || current[here] != rgba[there + 2] {
                        changed += 1
                        minX = min(minX, x)
                        maxX = max(maxX, x)
                        rowChanged = true
                    }
                }
                if rowChanged {
                    minY = min(minY, y)
                    maxY = y
                }
            }
        }
        changedPixels = changed
        bounds = changed == 0 ? nil : Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }
}
