import Foundation
import Hummingbird

/// A request the server refuses or cannot carry out, answered as
/// `{"error": {"code": …, "message": …}}` with ``status``.
///
/// `code` is a stable machine-readable word (`bad_request`, `not_found`, …); `message` says what
/// was wrong in words and names the field and value at fault.
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// A stable machine-readable word for the problem.
    public var code: String
    /// What went wrong, naming the field and value at fault.
    public var message: String
    /// Seconds after which a retry may succeed (sent as `Retry-After` and in the body).
    public var retryAfterSeconds: Int?

    public init(status: Int, code: String, message: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// 400: the request body or a parameter is malformed; `message` names the field.
    public static func badRequest(_ message: String) -> APIError {
        APIError(status: 400, code: "bad_request", message: message)
    }

    /// 404: no session with this id was ever served (or it ended long ago).
    public static func unknownSession(_ id: String) -> APIError {
        APIError(status: 404, code: "session_not_found", message: "no session with id '\(id)'")
    }

    /// 410: the session existed and ended; `reason` says why (lease expired, deleted, environment error).
    public static func sessionGone(_ id: String, reason: String) -> APIError {
        APIError(status: 410, code: "session_gone", message: "session '\(id)' has ended: \(reason)")
    }

    /// 500: the desktop broke (a crashed X server or app, a failed setup step).
    public static func environment(_ message: String) -> APIError {
        APIError(status: 500, code: "environment_error", message: message)
    }
}

extension APIError {
    /// The JSON error body.
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var retryAfterSeconds: Int?

            enum CodingKeys: String, CodingKey {
                case code, message
                case retryAfterSeconds = "retry_after_seconds"
            }
        }

        var error: Detail
    }

    /// The response: the JSON body, and `Retry-After` when a retry hint is known.
    func response() -> Response {
        var response = JSONResponse.make(
            Body(error: .init(code: code, message: message, retryAfterSeconds: retryAfterSeconds)),
            status: status)
        if let retryAfterSeconds {
            response.headers[.retryAfter] = "\(retryAfterSeconds)"
        }
        if status == 401 {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }
}
