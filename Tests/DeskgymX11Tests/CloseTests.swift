import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Testing

/// A desktop can be closed, and says why it is gone.
@Suite("X11 desktop closing", .serialized, .timeLimit(.minutes(2)))
struct CloseTests {
    @Test("close() is idempotent; afterwards the desktop is dead, lostReason says it was closed, and use throws")
    func closeIsIdempotent() async throws {
        try await withSession(width: 640, height: 480) { session in
            let x11 = try X11Desktop(displayName: session.displayName, cookie: session.xCookie)
            let desktop: any DesktopDriver = x11
            #expect(desktop.lostReason == nil)
            #expect(!desktop.isDead)
            _ = try desktop.observe()
            try await desktop.perform(.press(try Key("shift")))

            desktop.close()
            desktop.close()
            #expect(desktop.isDead)
            #expect(desktop.lostReason == X11Desktop.closedReason)
            await #expect {
                try await desktop.perform(.press(try Key("shift")))
            } throws: { error in
                (error as? X11Error)?.kind == .connectionLost
            }
            #expect(throws: X11Error.self) { try desktop.observe() }
            #expect(throws: X11Error.self) { try x11.windows.list() }
            desktop.close()
            #expect(desktop.lostReason == X11Desktop.closedReason)
            // Other connections to the display are not touched.
            #expect(session.desktop.lostReason == nil)
            _ = try session.desktop.observe()
        }
    }

    @Test("a session's stop() closes its desktop: lostReason says so")
    func stopClosesTheDesktop() async throws {
        let config = VMConfig(screen: .init(width: 640, height: 480, depth: 24), source: "tests")
        let session = try await DesktopSession.start(config: config, logger: testLogger)
        #expect(session.desktop.lostReason == nil)
        await session.stop()
        #expect(session.desktop.isDead)
        #expect(session.desktop.lostReason == X11Desktop.closedReason)
    }
}
