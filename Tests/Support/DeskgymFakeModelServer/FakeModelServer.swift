import Foundation
import Hummingbird
import Logging

/// What the fake model endpoint does with one request.
public indirect enum FakeReply: Sendable {
    /// A chat completion whose message is `content`.
    case completion(
        content: String?, reasoning: String? = nil, toolCalls: [(name: String, arguments: String)] = [],
        usage: TokenCounts? = TokenCounts(prompt: 1200, completion: 34))
    /// Any status with a body.
    case status(Int, body: String)
    /// `reply` after a pause.
    case delayed(Duration, FakeReply)

    public struct TokenCounts: Sendable {
        public var prompt: Int
        public var completion: Int

        public init(prompt: Int, completion: Int) {
            self.prompt = prompt
            self.completion = completion
        }
    }

    public func body() -> (status: Int, body: String) {
        switch self {
        case .completion(let content, let reasoning, let toolCalls, let usage):
            var message: [String: Any] = ["role": "assistant", "content": content.map { $0 as Any } ?? NSNull()]
            if let reasoning { message["reasoning_content"] = reasoning }
            if !toolCalls.isEmpty {
                message["tool_calls"] = toolCalls.enumerated().map { index, call in
                    ["id": "call_\(index)", "type": "function", "function": ["name": call.name, "arguments": call.arguments]]
                }
            }
            var object: [String: Any] = [
                "id": "chatcmpl-test", "object": "chat.completion", "created": 1_700_000_000,
                "model": "fake",
                "choices": [["index": 0, "message": message, "finish_reason": "stop"]],
            ]
            if let usage {
                object["usage"] = [
                    "prompt_tokens": usage.prompt, "completion_tokens": usage.completion,
                    "total_tokens": usage.prompt + usage.completion,
                ]
            }
            let data = try! JSONSerialization.data(withJSONObject: object)
            return (200, String(decoding: data, as: UTF8.self))
        case .status(let status, let body):
            return (status, body)
        case .delayed(_, let reply):
            return reply.body()
        }
    }
}

/// A request the fake endpoint received.
public struct ReceivedRequest: Sendable {
    public var path: String
    public var authorization: String?
    public var body: Data

    /// The JSON body.
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    public var model: String? { json["model"] as? String }
    public var messages: [[String: Any]] { json["messages"] as? [[String: Any]] ?? [] }

    /// The `image_url` URLs of every message, in order.
    public var imageURLs: [String] {
        messages.flatMap { message -> [String] in
            guard let parts = message["content"] as? [[String: Any]] else { return [] }
            return parts.compactMap { ($0["image_url"] as? [String: Any])?["url"] as? String }
        }
    }

    /// The text of each message (the text parts joined), with its role.
    public var texts: [(role: String, text: String)] {
        messages.map { message in
            let role = message["role"] as? String ?? "?"
            if let text = message["content"] as? String { return (role, text) }
            let parts = message["content"] as? [[String: Any]] ?? []
            return (role, parts.compactMap { $0["text"] as? String }.joined(separator: "\n"))
        }
    }
}

/// An OpenAI-compatible chat-completions endpoint on a loopback port, answering from a script and
/// recording what it received.
public final class FakeModelServer: Sendable {
    public let port: Int
    private let log: RequestLog
    private let task: Task<Void, Never>

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    private actor RequestLog {
        var requests: [ReceivedRequest] = []
        func append(_ request: ReceivedRequest) -> Int {
            requests.append(request)
            return requests.count - 1
        }
    }

    private init(port: Int, log: RequestLog, task: Task<Void, Never>) {
        self.port = port
        self.log = log
        self.task = task
    }

    /// The requests received so far.
    public var requests: [ReceivedRequest] {
        get async { await log.requests }
    }

    /// Starts a server on 127.0.0.1 (a port the system picks) that answers the n-th request with
    /// `script[n]`, and the last entry again once the script is used up.
    public static func start(_ script: [FakeReply]) async throws -> FakeModelServer {
        precondition(!script.isEmpty)
        let log = RequestLog()
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 64 << 20)
            let received = ReceivedRequest(
                path: request.uri.path, authorization: request.headers[.authorization],
                body: Data(buffer.readableBytesView))
            let index = await log.append(received)
            var reply = script[min(index, script.count - 1)]
            while case .delayed(let pause, let next) = reply {
                try await Task.sleep(for: pause)
                reply = next
            }
            let (status, body) = reply.body()
            return Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        var logger = Logger(label: "fake-model-server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        let task = Task {
            try? await app.run()
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            await task.value
            throw ServerDidNotStart()
        }
        return FakeModelServer(port: port, log: log, task: task)
    }

    /// Stops the server and waits until it is gone.
    public func stop() async {
        task.cancel()
        await task.value
    }

    public struct ServerDidNotStart: Error {}
}
