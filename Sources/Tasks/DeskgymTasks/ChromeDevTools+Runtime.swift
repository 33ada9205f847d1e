import DeskgymCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Script evaluation inside a tab's live page: the DevTools protocol's `Runtime.evaluate`, sent over
/// the tab's WebSocket (`ws://127.0.0.1:PORT/devtools/page/<id>`), which the HTTP endpoint cannot do.
extension ChromeDevTools {
    /// Evaluates `expression` in the page shown by tab `id` and returns its value as JSON (a
    /// promise is awaited).
    /// - Throws: ``ChromeDevToolsError`` when the tab cannot be reached, the script throws, or no
    ///   answer comes within `timeout`.
    public func evaluate(_ expression: String, inTab id: String, timeout: Duration = .seconds(20)) async throws -> JSONValue {
        let answer = try await call(
            "Runtime.evaluate",
            params: .object([
                "expression": .string(expression), "returnByValue": .bool(true), "awaitPromise": .bool(true),
            ]), inTab: id, timeout: timeout)
        if let details = answer["exceptionDetails"] {
            let text = details["exception"]?["description"]?.stringValue ?? details["text"]?.stringValue ?? "\(details)"
            throw ChromeDevToolsError("the script threw in tab \(id): \(text)")
        }
        return answer["result"]?["value"] ?? .null
    }

    /// Sends one protocol command to tab `id` over a WebSocket of its own and returns the
    /// command's `result`, skipping the events that come before it.
    func call(_ method: String, params: JSONValue, inTab id: String, timeout: Duration) async throws -> JSONValue {
        let path = "/devtools/page/\(id)"
        let command = JSONValue.object(["id": .number(1), "method": .string(method), "params": params])
        let request = try JSONEncoder().encode(command)
        let port = port
        return try await withThrowingTaskGroup(of: JSONValue.self) { group in
            group.addTask {
                let channel = try await Self.openWebSocket(port: port, path: path)
                let reply = try await channel.executeThenClose { inbound, outbound -> JSONValue? in
                    // A client masks every frame it sends (RFC 6455 §5.3).
                    try await outbound.write(
                        WebSocketFrame(
                            fin: true, opcode: .text, maskKey: .random(),
                            data: ByteBuffer(bytes: request)))
                    var message = ByteBuffer()
                    for try await frame in inbound {
                        switch frame.opcode {
                        case .text, .continuation:
                            var data = frame.unmaskedData
                            message.writeBuffer(&data)
                            guard frame.fin else { continue }
                            defer { message.clear() }
                            guard let reply = try? JSONValue(parsingJSON: Data(message.readableBytesView)),
                                reply["id"]?.intValue == 1
                            else { continue }
                            try? await outbound.write(
                                WebSocketFrame(
                                    fin: true, opcode: .connectionClose, maskKey: .random(),
                                    data: ByteBuffer(bytes: [0x03, 0xE8])))
                            return reply
                        case .connectionClose:
                            return nil
                        default:
                            continue  // pings are answered by nobody: Chromium sends none
                        }
                    }
                    return nil
                }
                guard let reply else {
                    throw ChromeDevToolsError("DevTools closed the WebSocket of tab \(id) before answering \(method)")
                }
                if let error = reply["error"] {
                    throw ChromeDevToolsError("\(method) failed: \(error["message"]?.stringValue ?? "\(error)")")
                }
                return reply["result"] ?? .null
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw ChromeDevToolsError("DevTools did not answer \(method) in tab \(id) within \(timeout)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    /// What the opening handshake gave.
    private enum Upgrade: Sendable {
        case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
    }

    /// Connects to 127.0.0.1:`port` and upgrades to a WebSocket at `path`, sending no Origin
    /// header: Chromium refuses a client whose origin it was not told to allow, and the ready-made
    /// WebSocket clients always send one.
    private static func openWebSocket(port: Int, path: String) async throws -> NIOAsyncChannel<WebSocketFrame, WebSocketFrame> {
        let upgrade: EventLoopFuture<Upgrade>
        do {
            upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: 1 << 28) { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .upgraded(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                            }
                        }
                        var headers = HTTPHeaders()
                        headers.add(name: "Host", value: "127.0.0.1:\(port)")
                        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(.refused) })
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                            configuration: .init(upgradeConfiguration: configuration))
                    }
                }
        } catch {
            throw ChromeDevToolsError("cannot connect to DevTools on 127.0.0.1:\(port): \(error)")
        }
        switch try await upgrade.get() {
        case .upgraded(let channel): return channel
        case .refused: throw ChromeDevToolsError("DevTools refused the WebSocket for \(path) on port \(port)")
        }
    }
}
