import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `_NET_WM_PING` round trip: a client answers only once it has read the input sent before the
/// ping. The client is `Fixtures/ping_client.py` (python3-xlib), which spends a set time on each
/// key press and lists the keys it handled in a file.
@Suite("X11 client ping", .serialized, .timeLimit(.minutes(2)))
struct PingTests {
    /// How long the fixture client spends on each key press.
    static let keyTime = Duration.milliseconds(250)

    @Test("after three key presses the ping is answered only once the client has handled all three")
    func answerFollowsInput() async throws {
        try await withSession(width: 800, height: 600) { session in
            let desktop = try #require(session.x11)
            try await PingClient.with(in: session, title: "ping client") { client in
                let idle = try await desktop.pingActiveClient(timeout: .seconds(10))
                guard case .answered = idle else {
                    Issue.record("an idle client answers at once; got \(idle)")
                    return
                }
                let clock = ContinuousClock()
                let inputStart = clock.now
                try await desktop.perform([.press(try Key("a")), .press(try Key("b")), .press(try Key("c"))], settle: nil)
                let pingStart = clock.now
                let handledBefore = client.handledKeys()
                let result = try await desktop.pingActiveClient(timeout: .seconds(10))
                let handledAtAnswer = client.handledKeys()
                guard case .answered(let after) = result else {
                    Issue.record("expected an answer, got \(result)")
                    return
                }
                #expect(handledBefore.count < 3, "the client was still busy when the ping went out")
                #expect(handledAtAnswer == ["a", "b", "c"])
                // The answer cannot come before the client spent 3 × keyTime on the keys, counted from
                // the first key (the ping went out a little after it; 20 ms allowed for that lookup).
                let sinceInput: Duration = after + (pingStart - inputStart)
                let least: Duration = Self.keyTime * 3 - .milliseconds(20)
                #expect(sinceInput >= least, "answered \(after) after the ping, \(pingStart - inputStart) after the input")
            }
        }
    }

    @Test("a window whose WM_PROTOCOLS leave out _NET_WM_PING is unsupported, and the reason says so")
    func windowWithoutPing() async throws {
        try await withSession(width: 800, height: 600) { session in
            let desktop = try #require(session.x11)
            try await PingClient.with(in: session, title: "no ping client", answersPings: false) { client in
                let result = try await desktop.pingActiveClient(timeout: .seconds(2))
                guard case .unsupported(let reason) = result else {
                    Issue.record("expected unsupported, got \(result)")
                    return
                }
                let window = "0x\(String(client.window.id, radix: 16))"
                #expect(reason.contains(window) && reason.contains("_NET_WM_PING") && reason.contains("WM_DELETE_WINDOW"), "\(reason)")
            }
        }
    }

    @Test("a stopped client times out at the time-out; its late answer is not taken for the next ping")
    func stoppedClientTimesOut() async throws {
        try await withSession(width: 800, height: 600) { session in
            let desktop = try #require(session.x11)
            try await PingClient.with(in: session, title: "stopped client") { client in
                try client.process.send(signal: SIGSTOP, toGroup: false)
                let clock = ContinuousClock()
                let start = clock.now
                let result = try await desktop.pingActiveClient(timeout: .milliseconds(500))
                let waited = clock.now - start
                #expect(result == .timedOut)
                #expect(waited >= .milliseconds(500) && waited < .seconds(60), "waited \(waited)")
                // Queued behind the first ping: two keys, then a second ping. Once the client runs
                // again it answers the first ping at once; that answer must not count for the second.
                try await desktop.perform([.press(try Key("x")), .press(try Key("y"))], settle: nil)
                try client.process.send(signal: SIGCONT, toGroup: false)
                let second = try await desktop.pingActiveClient(timeout: .seconds(10))
                guard case .answered(let after) = second else {
                    Issue.record("expected an answer once the client runs again, got \(second)")
                    return
                }
                #expect(client.handledKeys() == ["x", "y"])
                let least: Duration = Self.keyTime * 2 - .milliseconds(20)
                #expect(after >= least, "answered after \(after)")
            }
        }
    }

    @Test("with no window on the display there is no active client: unsupported")
    func noActiveWindow() async throws {
        try await withSession(width: 800, height: 600) { session in
            let desktop = try #require(session.x11)
            #expect(try desktop.windows.list().allSatisfy { !$0.isActive })
            let result = try await desktop.pingActiveClient(timeout: .seconds(2))
            guard case .unsupported(let reason) = result else {
                Issue.record("expected unsupported, got \(result)")
                return
            }
            #expect(reason.contains("no active window"), "\(reason)")
        }
    }

    @Test("a closed desktop refuses to ping")
    func closedDesktop() async throws {
        try await withSession(width: 640, height: 480) { session in
            let desktop = try X11Desktop(displayName: session.displayName, cookie: session.xCookie)
            _ = try await desktop.pingActiveClient(timeout: .milliseconds(100))
            desktop.close()
            await #expect {
                _ = try await desktop.pingActiveClient(timeout: .milliseconds(100))
            } throws: { error in
                (error as? X11Error)?.kind == .connectionLost
            }
        }
    }
}
