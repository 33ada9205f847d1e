import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends chat-completion requests to one endpoint, with a time-out per request and retries with
/// exponential back-off, and records every attempt.
///
/// Requests go through one AsyncHTTPClient client: its deadlines are exact (Foundation's on
/// Linux truncate to whole seconds), cancellation ends the request, and an answer's size is capped
/// while it is read.
struct ChatCompletionClient: Sendable {
    let endpoint: URL
    let apiKey: String?
    let timeout: Duration
    let retries: Int
    let initialBackoff: Duration
    let maxBackoff: Duration
    let logger: Logger
    /// The agent's name, for errors.
    let agent: String

    /// What one successful exchange gave.
    struct Reply: Sendable {
        var completion: ChatCompletion
        var requests: [ModelRequestRecord]
        /// Time spent in requests, all attempts.
        var milliseconds: Double
    }

    /// Posts `body` until a 2xx answer comes or the retries run out.
    ///
    /// Throws ``AgentError/Kind/endpoint`` when every attempt failed in a way worth retrying (no
    /// connection, time-out, 429, 5xx), ``AgentError/Kind/badInput`` on another 4xx (a wrong key,
    /// model or URL: retrying cannot help), ``AgentError/Kind/protocolViolation`` when a 2xx body is
    /// not a chat completion. Each error carries the attempts made.
    func complete(_ body: Data) async throws(AgentError) -> Reply {
        var records: [ModelRequestRecord] = []
        var total = 0.0
        let clock = ContinuousClock()
        for attempt in 1...(retries + 1) {
            let started = clock.now
            let outcome = await send(body)
            let milliseconds = (clock.now - started).milliseconds
            total += milliseconds
            let retryAfter: Duration?
            switch outcome {
            case .response(let status, let data, let headerRetryAfter):
                if (200..<300).contains(status) {
                    switch ChatCompletion.decode(data) {
                    case .success(let completion):
                        records.append(ModelRequestRecord(attempt: attempt, status: status, milliseconds: milliseconds, error: nil))
                        return Reply(completion: completion, requests: records, milliseconds: total)
                    case .failure(let failure):
                        records.append(
                            ModelRequestRecord(
                                attempt: attempt, status: status, milliseconds: milliseconds,
                                error: failure.reason))
                        throw AgentError(
                            kind: .protocolViolation, agent: agent,
                            message: "\(endpoint.absoluteString) answered HTTP \(status), but \(failure.reason); "
                                + "body: \(Self.snippet(data))",
                            requests: records)
                    }
                }
                let problem = "HTTP \(status): \(Self.errorMessage(in: data))"
                records.append(ModelRequestRecord(attempt: attempt, status: status, milliseconds: milliseconds, error: problem))
                guard status == 429 || (500..<600).contains(status) else {
                    throw AgentError(
                        kind: .badInput, agent: agent,
                        message: "\(endpoint.absoluteString) refused the request with \(problem) "
                            + "(check the base URL, the model name and the API key)",
                        requests: records)
                }
                retryAfter = headerRetryAfter
            case .failure(let problem):
                records.append(ModelRequestRecord(attempt: attempt, status: nil, milliseconds: milliseconds, error: problem))
                retryAfter = nil
            case .cancelled:
                records.append(ModelRequestRecord(attempt: attempt, status: nil, milliseconds: milliseconds, error: "cancelled"))
                throw AgentError(
                    kind: .endpoint, agent: agent, message: "the request to \(endpoint.absoluteString) was cancelled",
                    requests: records)
            }
            guard attempt <= retries else { break }
            let pause = backoff(afterAttempt: attempt, retryAfter: retryAfter)
            logger.warning(
                "model request failed; retrying",
                metadata: [
                    "agent": "\(agent)", "attempt": "\(attempt)", "error": "\(records.last?.error ?? "")",
                    "retry_in_ms": "\(pause.milliseconds)",
                ])
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw AgentError(
                    kind: .endpoint, agent: agent, message: "cancelled while waiting to retry \(endpoint.absoluteString)",
                    requests: records)
            }
        }
        let attempts = records.count == 1 ? "1 attempt" : "\(records.count) attempts"
        throw AgentError(
            kind: .endpoint, agent: agent,
            message: "no answer from \(endpoint.absoluteString) after \(attempts); last: \(records.last?.error ?? "?")",
            requests: records)
    }

    /// The pause after a failed `attempt`: the initial back-off doubled for each earlier retry, or the
    /// server's `Retry-After`, at most ``maxBackoff``.
    func backoff(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxBackoff) }
        var pause = initialBackoff
        for _ in 1..<attempt where pause < maxBackoff { pause *= 2 }
        return min(pause, maxBackoff)
    }

    private enum Outcome: Sendable {
        case response(status: Int, body: Data, retryAfter: Duration?)
        /// No response: refused connection, time-out, a broken connection.
        case failure(String)
        case cancelled
    }

    /// One HTTP client for every agent of the process, never shut down (it lives as long as the
    /// process). A failed connection fails the attempt at once: retries and back-off are
    /// ``complete(_:)``'s, which records each attempt.
    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The largest answer read: a model endpoint is not trusted to end its body.
    static let maximumResponseBytes = 32 << 20

    /// One attempt, with the time-out as its deadline.
    private func send(_ body: Data) async -> Outcome {
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey {
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.nanoseconds(Int64(timeout.seconds * 1_000_000_000))
        do {
            let response = try await Self.httpClient.execute(request, deadline: .now() + timeout)
            let data = try await response.body.collect(upTo: Self.maximumResponseBytes)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
                .flatMap { $0 >= 0 ? Duration.milliseconds(Int64(($0 * 1000).rounded())) : nil }
            return .response(status: Int(response.status.code), body: Data(data.readableBytesView), retryAfter: retryAfter)
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failure(describe(error))
        }
    }

    /// A transport error in words.
    private func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return "no answer within \(timeout.seconds) s"
            case .cancelled: return "cancelled"
            case .remoteConnectionClosed: return "connection lost: the server closed the connection"
            case .invalidURL, .emptyHost, .emptyScheme: return "bad URL \(endpoint.absoluteString): \(error)"
            default: return "\(error)"
            }
        }
        if error is NIOTooManyBytesError {
            return "the answer is larger than \(Self.maximumResponseBytes) bytes"
        }
        if let error = error as? NIOConnectionError {
            return "cannot connect: \(error.connectionErrors.first.map { "\($0.error)" } ?? "\(error)")"
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "cannot connect: \(text)" }
        return text
    }

    /// The `error.message` of an API error body, else the start of the body.
    static func errorMessage(in data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["message"] as? String { return message }
            if let error = object["error"] as? String { return error }
        }
        let text = snippet(data)
        return text.isEmpty ? "empty body" : text
    }

    /// The first 300 characters of a body, on one line.
    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(2000), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
