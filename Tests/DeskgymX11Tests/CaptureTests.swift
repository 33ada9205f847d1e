import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Testing

/// Screen capture compared with ImageMagick's independent capture of the same screen.
@Suite("X11 capture", .serialized, .timeLimit(.minutes(2)))
struct CaptureTests {
    static let busyApps: [VMConfig.App] = [
        .init(
            command: "xterm", args: ["-geometry", "80x24+0+0", "-e", "sh", "-c", "ls -la /usr/bin | head -40; sleep 60"],
            waitForWindow: "xterm"),
        .init(command: "xlogo", args: ["-geometry", "200x200+700+50"], waitForWindow: "xlogo"),
        .init(command: "xclock", args: ["-geometry", "200x200+700+300", "-update", "3600"], waitForWindow: "xclock"),
    ]

    /// Converts a frame to packed RGB bytes.
    static func rgb(_ frame: FrameView) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(frame.width * frame.height * 3)
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let (r, g, b) = frame.rgb(x: x, y: y)
                out += [r, g, b]
            }
        }
        return out
    }

    @Test("XShm capture equals ImageMagick's `import -window root`, pixel for pixel")
    func captureMatchesImport() async throws {
        try await withSession(apps: Self.busyApps, width: 1024, height: 768) { session in
            try await session.desktop.perform([], settle: SettlePolicy(quiet: .milliseconds(300), cap: .seconds(5)))
            let ours = try session.x11!.capturer.capture { Self.rgb($0) }
            let theirs = try run(
                "/usr/bin/import", ["-display", session.displayName, "-window", "root", "-depth", "8", "rgb:-"],
                environment: ["XAUTHORITY": session.xauthority?.path ?? ""])
            #expect(ours.count == 1024 * 768 * 3)
            #expect(theirs.count == ours.count)
            let differing = zip(ours, theirs).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) bytes differ")
            // Not a blank screen: the comparison means something.
            #expect(Set(ours).count > 10)
        }
    }

    @Test("the cursor overlay draws the pointer where it is and nowhere else")
    func cursorOverlay() async throws {
        try await withSession(width: 640, height: 480) { session in
            let desktop = session.x11!
            try await desktop.perform([.moveTo(Point(x: 300, y: 200))], settle: .standard)
            let plain = try desktop.capturer.capture { Self.rgb($0) }
            let withCursor = try desktop.capturer.capture(cursor: true) { Self.rgb($0) }
            var changed: [Point] = []
            for index in stride(from: 0, to: plain.count, by: 3) where plain[index..<index + 3] != withCursor[index..<index + 3] {
                changed.append(Point(x: (index / 3) % 640, y: (index / 3) / 640))
            }
            #expect(!changed.isEmpty)
            #expect(changed.allSatisfy { abs($0.x - 300) < 40 && abs($0.y - 200) < 40 })
        }
    }
}

/// Screenshots as PNG, decoded by ImageMagick and compared with its own capture.
@Suite("X11 screenshots", .serialized, .timeLimit(.minutes(2)))
struct ScreenshotTests {
    /// Decodes a PNG to packed RGB with ImageMagick.
    static func decode(_ png: Data) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-\(UUID()).png")
        try png.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run("/usr/bin/convert", [file.path, "-depth", "8", "rgb:-"])
    }

    /// A screenshot and `import`'s capture of the same screen: a second screenshot after `import`
    /// shows the screen did not change in between (on a busy machine a program may still be
    /// drawing; then both are taken again, up to ten times).
    static func captureBesideImport(_ session: DesktopSession) async throws -> (png: Data, size: Size, reference: Data) {
        let desktop = session.x11!
        for _ in 0..<10 {
            let shot = try desktop.screenshot()
            let reference = try run(
                "/usr/bin/import", ["-display", session.displayName, "-window", "root", "-depth", "8", "rgb:-"],
                environment: ["XAUTHORITY": session.xauthority?.path ?? ""])
            if try desktop.screenshot().png == shot.png { return (shot.png, shot.size, reference) }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ScreenshotTestError(message: "the screen kept changing while `import` captured it")
    }

    @Test("a screenshot decodes to exactly the pixels `import` captures, before and after a partial change")
    func screenshotMatchesImportIncrementally() async throws {
        try await withSession(apps: CaptureTests.busyApps, width: 1024, height: 768) { session in
            let desktop = session.x11!
            _ = try await session.performAndSettle([], policy: SettlePolicy(quiet: .milliseconds(300), cap: .seconds(5), signals: .all))
            let initial = try desktop.screenshot()
            #expect(initial.stats.encodedBandCount == initial.stats.bandCount, "a session's first screenshot encodes every band")
            let first = try await Self.captureBesideImport(session)
            let reference = first.reference
            #expect(first.png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            #expect(first.size == Size(width: 1024, height: 768))
            #expect(try Self.decode(first.png) == reference)

            // xlogo redraws nothing on a click; move the pointer away so the cursor never matters, and
            // change a small part of the screen by typing into the xterm.
            let xterm = try await window(named: "xterm", in: session)
            try desktop.windows.activate(xterm.id)
            _ = try await session.performAndSettle(
                [.typing("x")], policy: SettlePolicy(quiet: .milliseconds(150), cap: .seconds(3), signals: .all))
            // The first screenshot after the change is compared with the last one before it.
            let changed = try desktop.screenshot()
            #expect(changed.stats.encodedBandCount >= 1)
            #expect(
                changed.stats.encodedBandCount < changed.stats.bandCount / 2,
                "only bands that changed are compressed again: \(changed.stats)")
            let second = try await Self.captureBesideImport(session)
            let reference2 = second.reference
            #expect(reference2 != reference)
            #expect(try Self.decode(second.png) == reference2)
        }
    }
}

struct ScreenshotTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
