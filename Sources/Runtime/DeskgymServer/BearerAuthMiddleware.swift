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
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.equal(String(header.dropFirst(prefix.count)), token) else {
            throw APIError(status: 401, code: "unauthorized", message: "the bearer token is wrong")
        }
        return try await next(request, context)
    }

    /// Whether `a` and `b` are equal, in time that depends on their lengths only.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
