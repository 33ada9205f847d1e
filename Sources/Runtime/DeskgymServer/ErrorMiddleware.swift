import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into the JSON error body, so clients see one shape: a
/// refused request (``APIError``), Hummingbird's own (no such route, body too large), or an
/// unexpected failure (500, logged).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            count(error.status)
            return error.response()
        } catch is NIOTooManyBytesError {
            count(413)
            return APIError(
                status: 413, code: "body_too_large",
                message: "the request body is larger than \(maximumBodyBytes) bytes"
            ).response()
        } catch let error as HTTPError {
            if error.status.code != 404 { count(error.status.code) }
            let code: String
            let message: String
            switch error.status.code {
            case 404:
                if let allowed = RouteTable.methods(for: request.uri.path) {
                    count(405)
                    var response = APIError(
                        status: 405, code: "method_not_allowed",
                        message: "\(request.method) is not allowed on \(request.uri.path); use "
                            + allowed.joined(separator: " or ")
                    ).response()
                    response.headers[.allow] = allowed.joined(separator: ", ")
                    return response
                }
                count(404)
                code = "not_found"
                message = "no route \(request.method) \(request.uri.path)"
            case 405:
                code = "method_not_allowed"
                message = "\(request.method) is not allowed on \(request.uri.path)"
            case 413:
                code = "body_too_large"
                message = "the request body is larger than \(maximumBodyBytes) bytes"
            default:
                code = "http_\(error.status.code)"
                message = error.body ?? error.status.reasonPhrase
            }
            return APIError(status: error.status.code, code: code, message: message).response()
        } catch {
            count(500)
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(status: 500, code: "internal_error", message: "\(error)").response()
        }
    }

    private func count(_ status: Int) {
        metrics.record(status >= 500 ? .environmentError : .requestError)
    }
}
