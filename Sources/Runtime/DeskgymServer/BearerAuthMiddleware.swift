import Hummingbird

/// Requires `Authorization: Bearer <token>` on every route but `GET /health` (which load
/// balancers and probes call without credentials). Tokens are compared in constant time.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/health" {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw APIError(status: 401, code: "unauthorized", message: "this server requires 'Authorization: Bearer <token>'")
        }
        guard BearerCredentials.authorizes(header, token: token) else {
            throw APIError(status: 401, code: "unauthorized", message: "the bearer token in the 'Authorization' header is wrong")
        }
        return try await next(request, context)
    }
}

/// The check of an `Authorization` header, shared by the middleware and the WebSocket upgrade.
enum BearerCredentials {
    /// Whether an `Authorization` header value is `Bearer <token>` (compared in constant time).
    static func authorizes(_ header: String?, token: String) -> Bool {
        let prefix = "Bearer "
        guard let header, header.hasPrefix(prefix) else { return false }
        return ConstantTime.equal(String(header.dropFirst(prefix.count)), token)
    }
}
