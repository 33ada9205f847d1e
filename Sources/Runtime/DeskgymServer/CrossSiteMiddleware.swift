import Hummingbird

/// Applies the ``CrossSitePolicy`` to every request before anything else reads it (also before
/// the token check, so that a foreign page learns nothing from the answer's status).
struct CrossSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CrossSitePolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refused = policy.refusal(
            method: request.method, path: request.uri.path, authority: request.head.authority, headers: request.headers)
        {
            throw refused
        }
        return try await next(request, context)
    }
}
