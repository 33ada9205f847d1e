import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization
import Testing

@Suite("WebSocket stream", .serialized, .timeLimit(.minutes(3)))
struct StreamTests {
    @Test("one connection steps, observes, evaluates; screenshots come as raw PNG frames; errors keep it open")
    func stream() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession(["task": try helloTaskJSON()])
            let received = Mutex<[WebSocketMessage]>([])
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/sessions/\(id)/stream", logger: testLogger) {
                inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 64 << 20).makeAsyncIterator()
                func next() async throws -> WebSocketMessage? {
                    let message = try await messages.next()
                    if let message { received.withLock { $0.append(message) } }
                    return message
                }
                try await outbound.write(.text(#"{"op": "step", "action": "pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\\n\")"}"#))
                _ = try await next()  // the answer's JSON
                _ = try await next()  // its screenshot
                try await outbound.write(.text(#"{"op": "observe", "image": "none"}"#))
                _ = try await next()
                try await outbound.write(.text(#"{"op": "teleport"}"#))
                _ = try await next()
                try await outbound.write(.text(#"{"op": "evaluate"}"#))
                _ = try await next()
                try await outbound.close(.normalClosure, reason: nil)
            }
            let messages = received.withLock { $0 }
            try #require(messages.count == 5)
            guard case .text(let stepText) = messages[0], case .binary(let png) = messages[1],
                case .text(let observeText) = messages[2], case .text(let errorText) = messages[3],
                case .text(let evaluateText) = messages[4]
            else {
                Issue.record("unexpected message kinds: \(messages.map(\.description))")
                return
            }
            let step = try JSONSerialization.jsonObject(with: Data(stepText.utf8)) as? [String: Any] ?? [:]
            #expect((step["observation"] as? [String: Any])?["screenshot"] as? String == "binary")
            #expect(step["done"] as? Bool == false)
            #expect(Array(png.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            #expect(!observeText.contains("\"screenshot\"") && observeText.contains("\"step\":1"))
            #expect(errorText.contains("\"status\":400") && errorText.contains("unknown operation 'teleport'"))
            #expect(evaluateText.contains("\"score\":1"))
            // Without the upgrade the route says what it is; an unknown session is 404 as anywhere.
            let plain = try await server.call("GET", "/sessions/\(id)/stream")
            #expect(plain.status == 426 && plain.errorCode == "upgrade_required")
            #expect(try await server.call("GET", "/sessions/nope/stream").status == 404)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
