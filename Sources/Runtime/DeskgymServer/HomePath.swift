import Foundation

/// Resolves a path a client names to a file inside a session's HOME, refusing (403) any path that
/// leaves it: `..`, an absolute path elsewhere, or a symbolic link that points out.
enum HomePath {
    /// The real path of `path` inside `home`. `path` may be relative to HOME, start with `~/`, or
    /// be absolute (`/home/user/…`, OSWorld's HOME, stands for the session's HOME). Symbolic links
    /// in the part that exists are followed before the check; the part that does not exist yet
    /// may hold no `.` or `..`.
    static func resolve(_ path: String, home: URL) throws(APIError) -> URL {
        guard !path.isEmpty else {
            throw .badRequest("query parameter 'path' is empty: name a file in the session's HOME")
        }
        guard !path.contains("\0") else {
            throw .badRequest("query parameter 'path' holds a NUL character")
        }
        guard let realHome = realPath(home.path) else {
            throw .environment("the session's HOME \(home.path) is gone")
        }
        let mapped: String
        if path == "~" || path == "/home/user" {
            mapped = home.path
        } else if path.hasPrefix("~/") {
            mapped = home.path + "/" + path.dropFirst(2)
        } else if path.hasPrefix("/home/user/") {
            mapped = home.path + "/" + path.dropFirst("/home/user/".count)
        } else if path.hasPrefix("/") {
            mapped = path
        } else {
            mapped = home.path + "/" + path
        }
        // Find the longest prefix that exists and resolve it as the kernel would (links, then `..`).
        var components = mapped.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var remainder: [String] = []
        var resolved: String?
        while resolved == nil {
            let prefix = "/" + components.joined(separator: "/")
            if let real = realPath(prefix) {
                resolved = real
            } else if let last = components.popLast() {
                remainder.insert(last, at: 0)
            } else {
                resolved = "/"
            }
        }
        if remainder.contains(where: { $0 == ".." || $0 == "." }) {
            throw outside(path, "it uses '.' or '..' below a folder that does not exist")
        }
        let full = ([resolved!] + remainder).joined(separator: "/").replacingOccurrences(of: "//", with: "/")
        guard full == realHome || full.hasPrefix(realHome + "/") else {
            throw outside(path, "it resolves to \(full)")
        }
        return URL(fileURLWithPath: full)
    }

    private static func outside(_ path: String, _ why: String) -> APIError {
        APIError(
            status: 403, code: "path_outside_home",
            message: "path '\(path)' leaves the session's HOME: \(why)")
    }

    /// `realpath(3)`: the absolute path with every link and `.`/`..` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
