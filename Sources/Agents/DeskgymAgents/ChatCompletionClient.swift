import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends chat-completion requests to one endpoint, with a time-out per request and retries with
/// exponential back-off, and records every attempt.
struct ChatCompletionClient: Sendable {
    let endpoint: URL
    let apiKey: String?
    let timeout: Duration
    let retries: Int
    let initialBackoff: Duration
    let maxBackoff: Duration
    let session: HTTPSession
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
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let apiKey {
            request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        }
        // The time-out is enforced by `send`: Foundation's on Linux truncates to whole seconds and
        // fires at once below one. This one only backs it up.
        request.timeoutInterval = max(1, timeout.seconds.rounded(.up)) + 5

        var records: [ModelRequestRecord] = []
        var total = 0.0
        let clock = ContinuousClock()
        for attempt in 1...(retries + 1) {
            let started = clock.now
            let outcome = await send(request)
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
                        records.append(ModelRequestRecord(attempt: attempt, status: status, milliseconds: milliseconds,
                                                          error: failure.reason))
                        throw AgentError(kind: .protocolViolation, agent: agent,
                                         message: "\(endpoint.absoluteString) answered HTTP \(status), but \(failure.reason); "
                                            + "body: \(Self.snippet(data))",
                                         requests: records)
                    }
                }
                let problem = "HTTP \(status): \(Self.errorMessage(in: data))"
                records.append(ModelRequestRecord(attempt: attempt, status: status, milliseconds: milliseconds, error: problem))
                guard status == 429 || (500..<600).contains(status) else {
                    throw AgentError(kind: .badInput, agent: agent,
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
                throw AgentError(kind: .endpoint, agent: agent, message: "the request to \(endpoint.absoluteString) was cancelled",
                                 requests: records)
            }
            guard attempt <= retries else { break }
            let pause = backoff(afterAttempt: attempt, retryAfter: retryAfter)
            logger.warning("model request failed; retrying",
                           metadata: ["agent": "\(agent)", "attempt": "\(attempt)", "error": "\(records.last?.error ?? "")",
                                      "retry_in_ms": "\(pause.milliseconds)"])
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw AgentError(kind: .endpoint, agent: agent, message: "cancelled while waiting to retry \(endpoint.absoluteString)",
                                 requests: records)
            }
        }
        let attempts = records.count == 1 ? "1 attempt" : "\(records.count) attempts"
        throw AgentError(kind: .endpoint, agent: agent,
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

    private struct TimedOut: Error {}

    /// One attempt, raced against the time-out.
    private func send(_ request: URLRequest) async -> Outcome {
        let session = session.session
        let timeout = timeout
        do {
            let (data, response) = try await withThrowingTaskGroup(of: (Data, URLResponse)?.self) { group in
                group.addTask { try await session.data(for: request) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else { throw TimedOut() }
                return result
            }
            guard let http = response as? HTTPURLResponse else { return .failure("the response is not HTTP") }
            let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
                .flatMap { $0 >= 0 ? Duration.milliseconds(Int64(($0 * 1000).rounded())) : nil }
            return .response(status: http.statusCode, body: data, retryAfter: retryAfter)
        } catch is TimedOut {
            return .failure("no answer within \(timeout.seconds) s")
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failure(Self.describe(error))
        }
    }

    /// A transport error in words: the URL error's name and Foundation's detail.
    private static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(error)" }
        let name: String = switch urlError.code {
        case .cannotConnectToHost: "cannot connect"
        case .cannotFindHost: "unknown host"
        case .timedOut: "timed out"
        case .networkConnectionLost: "connection lost"
        case .notConnectedToInternet: "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot: "TLS failure"
        case .badServerResponse: "bad server response"
        case .cancelled: "cancelled"
        default: "URL error \(urlError.code.rawValue)"
        }
        if let detail = (urlError as NSError).userInfo[NSLocalizedDescriptionKey] as? String, !detail.isEmpty {
            return "\(name): \(detail)"
        }
        return name
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
