/// Every route the server answers, by path pattern (`:id` matches one segment) and methods; the
/// error middleware uses it to answer 405 with `Allow` for a known path asked with another method.
enum RouteTable {
    static let routes: [(pattern: String, methods: [String])] = [
        ("/health", ["GET"]),
        ("/metrics", ["GET"]),
        ("/sessions", ["GET", "POST"]),
        ("/sessions/:id", ["GET", "DELETE"]),
        ("/sessions/:id/observation", ["GET"]),
        ("/sessions/:id/screenshot", ["GET"]),
        ("/sessions/:id/accessibility", ["GET"]),
        ("/sessions/:id/stream", ["GET"]),
        ("/sessions/:id/reset", ["POST"]),
        ("/sessions/:id/step", ["POST"]),
        ("/sessions/:id/evaluate", ["POST"]),
        ("/sessions/:id/command", ["POST"]),
        ("/sessions/:id/files", ["GET", "POST"]),
        ("/step", ["POST"]),
    ]

    /// The routes whose request body is raw bytes of any type (a file written to HOME) rather
    /// than JSON.
    static let rawBodyPatterns: [String] = ["/sessions/:id/files"]

    /// The methods allowed on `path`, nil when no route has that path.
    static func methods(for path: String) -> [String]? {
        routes.first { matches($0.pattern, path) }?.methods
    }

    /// Whether `path` is a route that takes a raw body (no `Content-Type` required).
    static func takesRawBody(_ path: String) -> Bool {
        rawBodyPatterns.contains { matches($0, path) }
    }

    /// Whether `path` fits `pattern` (`:id` matches one segment).
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }

    /// Whether `method` on `pattern` is in the table (checked when routes are registered).
    static func contains(_ method: String, _ pattern: String) -> Bool {
        routes.contains { $0.pattern == pattern && $0.methods.contains(method) }
    }
}
