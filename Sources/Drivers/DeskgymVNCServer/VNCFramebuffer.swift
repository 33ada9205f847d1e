internal import CVNCServer
import DeskgymCore
import Foundation

/// The server's framebuffer as the handlers see it: B, G, R, X bytes, `width * 4` a row, the same
/// layout X11 captures have. Valid only inside the handler call that receives it, on the server's
/// thread, where nothing else touches the pixels.
public struct VNCFramebuffer {
    let screen: UnsafeMutablePointer<rfbScreenInfo>
    let context: ServerContext

    /// The framebuffer size.
    public var size: Size { context.size }
    /// Bytes in one row.
    public var bytesPerLine: Int { context.size.width * 4 }
    /// Counts the ``update(from:bytesPerLine:)`` calls that changed a pixel: equal generations
    /// mean equal pictures.
    public var generation: Int { context.generation }

    /// The side of the square tiles compared and sent as changed rectangles.
    public static let tileSize = 64

    /// Copies a captured frame in, tile by tile: only tiles whose pixels differ are copied and
    /// marked for sending to the viewers. `pixels` must have the framebuffer's size and hold
    /// `bytesPerLine` bytes a row (at least `width * 4`). Returns the number of changed tiles.
    @discardableResult
    public func update(from pixels: UnsafeRawBufferPointer, bytesPerLine sourceStride: Int) -> Int {
        let width = size.width, height = size.height
        guard let source = pixels.baseAddress, sourceStride >= width * 4,
            pixels.count >= sourceStride * (height - 1) + width * 4,
            let target = UnsafeMutableRawPointer(screen.pointee.frameBuffer)
        else { return 0 }
        let targetStride = bytesPerLine
        let tile = Self.tileSize
        var changedTiles = 0
        var tileY = 0
        while tileY < height {
            let rows = min(tile, height - tileY)
            // Changed tiles of one tile row are marked as runs, to keep libvncserver's region small.
            var runStart: Int?
            var tileX = 0
            while tileX < width {
                let columns = min(tile, width - tileX)
                let byteCount = columns * 4
                var differs = false
                for row in tileY..<(tileY + rows) {
                    if memcmp(source + row * sourceStride + tileX * 4, target + row * targetStride + tileX * 4, byteCount) != 0 {
                        differs = true
                        break
                    }
                }
                if differs {
                    for row in tileY..<(tileY + rows) {
                        memcpy(target + row * targetStride + tileX * 4, source + row * sourceStride + tileX * 4, byteCount)
                    }
                    changedTiles += 1
                    if runStart == nil { runStart = tileX }
                } else if let start = runStart {
                    rfbMarkRectAsModified(screen, Int32(start), Int32(tileY), Int32(tileX), Int32(tileY + rows))
                    runStart = nil
                }
                tileX += tile
            }
            if let start = runStart {
                rfbMarkRectAsModified(screen, Int32(start), Int32(tileY), Int32(width), Int32(tileY + rows))
            }
            tileY += tile
        }
        if changedTiles > 0 { context.generation += 1 }
        return changedTiles
    }

    /// Lends the framebuffer's bytes (`bytesPerLine * height`).
    public func withPixels<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try body(
            UnsafeRawBufferPointer(
                start: UnsafeRawPointer(screen.pointee.frameBuffer),
                count: bytesPerLine * size.height))
    }
}
