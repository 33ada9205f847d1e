import DeskgymImage
import Foundation
import Testing

/// One encoder shared by concurrent callers must serialise them and stay correct.
@Suite struct ConcurrencyTests {
    @Test("concurrent encodes on one encoder each return their own frame's file")
    func sharedEncoder() async throws {
        let options = PNGEncoderOptions(bandHeight: 8, workerCount: 2)
        let encoder = try PNGBandEncoder(options: options)
        let frames = (0..<4).map { TestFrame.screenLike(width: 90, height: 64, seed: UInt64($0)) }
        let expected = try frames.map { frame in
            try frame.bytes.withUnsafeBytes { try encodePNG(bgrx: $0, layout: frame.layout, options: options) }
        }
        try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for round in 0..<24 {
                let index = round % frames.count
                let frame = frames[index]
                group.addTask {
                    (index, try frame.encode(with: encoder).png)
                }
            }
            for try await (index, png) in group {
                #expect(png == expected[index], "frame \(index)")
            }
        }
    }
}
