import DeskgymCore
import DeskgymImage
import Dispatch
import Foundation
import Synchronization

/// The frames a recording keeps, `frames/frame-NNNNNN.png`: a copy of the screen taken when an
/// input event may start an action and the picture changed since the last copy. Copies are PNG
/// encoded on a queue of their own, so the viewer's events are not held up by the encoder.
public final class FrameStore: Sendable {
    /// The folder of frames inside a recording folder.
    public static let folderName = "frames"

    public let folder: URL
    public let size: Size
    /// The most copies waiting for the encoder; past it a new picture is not copied and events
    /// refer to the newest frame taken (bounded memory when a viewer floods the server).
    public let maximumPending: Int
    private let encoder: PNGBandEncoder
    private let queue = DispatchQueue(label: "deskgym.recording.frames")
    private let state = Mutex(State())

    private struct State {
        var latest: Int?
        var snapshotGeneration: Int?
        var pending = 0
        var skipped = 0
        var written = 0
        var failure: String?
    }

    public init(folder: URL, size: Size, maximumPending: Int = 8) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.folder = folder
        self.size = size
        self.maximumPending = maximumPending
        encoder = try PNGBandEncoder()
    }

    /// The file of frame `number`.
    public static func fileName(_ number: Int) -> String { String(format: "frame-%06d.png", number) }

    /// The newest frame taken, if any.
    public var latest: Int? { state.withLock { $0.latest } }

    /// Copies `pixels` (B, G, R, X, `size.width * 4` bytes a row) as a new frame unless
    /// `generation` says the picture is the one copied last; returns the newest frame number.
    public func take(_ pixels: UnsafeRawBufferPointer, generation: Int) -> Int? {
        let number: Int? = state.withLock { state in
            if state.snapshotGeneration == generation, state.latest != nil { return nil }
            if state.pending >= maximumPending {
                state.skipped += 1
                return nil
            }
            let number = (state.latest ?? -1) + 1
            state.latest = number
            state.snapshotGeneration = generation
            state.pending += 1
            return number
        }
        guard let number else { return latest }
        let copy = Data(bytes: pixels.baseAddress!, count: min(pixels.count, size.width * 4 * size.height))
        let layout = FrameLayout(width: size.width, height: size.height, bytesPerLine: size.width * 4)
        let file = folder.appendingPathComponent(Self.fileName(number))
        queue.async { [self] in
            var problem: String?
            do {
                let png = try copy.withUnsafeBytes { try encoder.encode($0, layout: layout) }
                try png.png.write(to: file)
            } catch {
                problem = "frame \(number): \(error)"
            }
            state.withLock { state in
                state.pending -= 1
                if problem == nil { state.written += 1 }
                state.failure = state.failure ?? problem
            }
        }
        return number
    }

    /// Waits until every frame taken is written.
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }

    /// Frames written, frames not taken because the encoder was behind, and the first failure.
    public var counts: (written: Int, skipped: Int, failure: String?) {
        state.withLock { ($0.written, $0.skipped, $0.failure) }
    }

    /// The PNG bytes of frame `number`, once written.
    public func png(_ number: Int) -> Data? {
        try? Data(contentsOf: folder.appendingPathComponent(Self.fileName(number)))
    }
}
