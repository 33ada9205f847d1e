import Foundation

extension DownloadCache {
    /// A cache configured by the environment:
    ///
    /// - `DESKGYM_DOWNLOAD_CACHE`: the folder; else `$XDG_CACHE_HOME/deskgym/downloads`, else
    ///   `$HOME/.cache/deskgym/downloads`;
    /// - `DESKGYM_OFFLINE` (`1`, `true`, `yes`): read only the cache;
    /// - `DESKGYM_DOWNLOAD_MIRRORS`: `PREFIX=URL` pairs separated by spaces;
    /// - `DESKGYM_DOWNLOAD_MAX_BYTES`: the size cap (default 4 GiB).
    public init(environment: [String: String]) {
        let mirrors = (environment["DESKGYM_DOWNLOAD_MIRRORS"] ?? "").split(whereSeparator: \.isWhitespace).prefix(64)
            .compactMap { DownloadMirror(argument: String($0)) }
        let offline = ["1", "true", "yes"].contains((environment["DESKGYM_OFFLINE"] ?? "").lowercased())
        let cap = environment["DESKGYM_DOWNLOAD_MAX_BYTES"].flatMap { Int64($0) }.flatMap { $0 > 0 ? $0 : nil }
        self.init(
            folder: Self.defaultFolder(environment: environment), offline: offline, mirrors: mirrors,
            maximumBytes: cap ?? 4 << 30)
    }

    /// The cache folder the environment names (see ``init(environment:)``).
    public static func defaultFolder(environment: [String: String]) -> URL {
        if let folder = environment["DESKGYM_DOWNLOAD_CACHE"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("deskgym/downloads")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/deskgym/downloads")
    }
}
