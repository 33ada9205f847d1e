import Foundation
import Hummingbird

/// Refuses (403) requests whose path could leave the served folder: a `..` segment, also when
/// percent-encoded, or a path that reaches a file outside the folder through a symbolic link.
///
/// Hummingbird's `FileMiddleware` answers a raw `..` with 400 and follows symbolic links
/// wherever they point; this guard runs first so that nothing outside the folder is ever read.
struct PathGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The served folder, absolute, with symbolic links resolved.
    let root: URL

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = request.uri.path.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "invalid percent encoding in the path")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0.contains("\\") || $0.contains("\0") }) {
            throw HTTPError(.forbidden, message: "the path leaves the pages folder")
        }
        let target = segments.reduce(root) { $0.appendingPathComponent(String($1)) }
        if FileManager.default.fileExists(atPath: target.path) {
            let resolved = target.resolvingSymlinksInPath().path
            guard resolved == root.path || resolved.hasPrefix(root.path + "/") else {
                throw HTTPError(.forbidden, message: "the path leads out of the pages folder")
            }
        }
        return try await next(request, context)
    }
}
