import Foundation

/// Hands files to a sandbox's host user, so the programs inside own their HOME.
enum FileOwnership {
    /// Gives `url` and, for a folder, everything under it (links themselves, never what they
    /// point to) to `user` (uid and gid). A server that is not root leaves ownership as it is:
    /// it cannot give files away, and its sandbox maps the user inside to itself.
    static func give(_ url: URL, to user: Int) throws {
        guard geteuid() == 0 else { return }
        try give(path: url.path, to: uid_t(user), depth: 0)
    }

    private static func give(path: String, to user: uid_t, depth: Int) throws {
        // Deeper than any HOME a task builds: a deeper tree is not walked further.
        guard depth < 64 else { return }
        guard lchown(path, user, gid_t(user)) == 0 else {
            throw POSIXError(.init(rawValue: errno) ?? .EPERM, userInfo: [NSFilePathErrorKey: path])
        }
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            try give(path: path + "/" + name, to: user, depth: depth + 1)
        }
    }
}
