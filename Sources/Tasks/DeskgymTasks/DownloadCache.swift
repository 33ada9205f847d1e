import Crypto
import Foundation
import Logging

/// A content-addressed cache of downloaded files, shared by every session of this machine: the
/// files OSWorld's `download` steps and `cloud_file` getters name, fetched once.
///
/// A file is kept under the SHA-256 of its URL (as the task writes it; Google Drive links in
/// their normalised form): `<folder>/<key>` with a sidecar `<key>.json` (``DownloadRecord``).
/// Downloads are written to `<key>.part` and renamed into place once complete and checked, so the
/// cache never holds half a file; a `.part` left by a broken transfer is resumed with an HTTP
/// range request. `<key>.lock` (an advisory lock) keeps two sessions, or two processes, from
/// downloading the same file at once.
///
/// ```swift
/// let cache = DownloadCache(environment: ProcessInfo.processInfo.environment)
/// let file = try await cache.file(for: "https://huggingface.co/…/30_1.pptx", logger: logger)
/// ```
public struct DownloadCache: Sendable {
    /// Where the files are kept.
    public var folder: URL
    /// Only the cache is read: a file that is not there is an error, nothing is fetched.
    public var offline: Bool
    /// URL prefixes replaced before fetching.
    public var mirrors: [DownloadMirror]
    /// The largest file the cache accepts, in bytes.
    public var maximumBytes: Int64
    /// How many times a transfer is tried before it fails (a refused connection, a 5xx answer, a
    /// connection lost mid-body).
    public var attempts: Int
    /// The pause after the first failed attempt; it doubles after each further one.
    public var retryDelay: Duration

    /// Creates a cache over `folder` (created on first use).
    public init(
        folder: URL, offline: Bool = false, mirrors: [DownloadMirror] = [], maximumBytes: Int64 = 4 << 30, attempts: Int = 4,
        retryDelay: Duration = .milliseconds(500)
    ) {
        self.folder = folder
        self.offline = offline
        self.mirrors = mirrors
        self.maximumBytes = maximumBytes
        self.attempts = max(1, attempts)
        self.retryDelay = retryDelay
    }

    /// The URL the cache keys `url` by: a Google Drive link in its download form, else `url`.
    public static func canonicalURL(_ url: String) -> String {
        GoogleDriveLink.normalized(url) ?? url
    }

    /// The cache's key for `url`: the SHA-256 of its canonical form, lowercase hex.
    public static func key(for url: String) -> String {
        hex(SHA256.hash(data: Data(canonicalURL(url).utf8)))
    }

    /// Where the file for `url` is (or would be) kept.
    public func location(for url: String) -> URL {
        folder.appendingPathComponent(Self.key(for: url))
    }

    /// The cached file for `url` if the cache holds it complete (its size is the one its sidecar
    /// records), else nil. Never touches the network.
    public func cachedFile(for url: String) -> URL? {
        let file = location(for: url)
        guard let size = Self.size(of: file) else { return nil }
        if let record = record(for: url), record.size != size { return nil }
        return file
    }

    /// The sidecar of `url`'s cached file, if there is one.
    public func record(for url: String) -> DownloadRecord? {
        let sidecar = location(for: url).appendingPathExtension("json")
        guard let data = try? Data(contentsOf: sidecar), data.count < 64 << 10 else { return nil }
        return try? JSONDecoder().decode(DownloadRecord.self, from: data)
    }

    /// The file for `url`: from the cache, or fetched into it (unless ``offline``). With
    /// `expectedSHA256`, a file whose digest differs is an error (a cached one is fetched again).
    public func file(for url: String, expectedSHA256: String? = nil, logger: Logger) async throws(DownloadError) -> URL {
        let canonical = Self.canonicalURL(url)
        let target = location(for: canonical)
        let expected = expectedSHA256?.lowercased()
        if let hit = try validHit(for: canonical, expected: expected, original: url) { return hit }
        guard !offline else {
            throw DownloadError(
                url: url, cachePath: target.path, kind: .offlineMiss,
                message: "offline mode (DESKGYM_OFFLINE or --offline) reads only the cache",
                fix: "fill the cache with `deskgym tasks fetch DIR` on a machine with network (or through --mirror), "
                    + "or put the file at that path")
        }
        guard let components = URLComponents(string: canonical), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), components.host?.isEmpty == false
        else {
            throw DownloadError(
                url: url, cachePath: target.path, kind: .unsupportedURL, message: "only http(s) URLs are downloaded",
                fix: "write an http(s) URL, a file:// URL or an absolute path")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw failure(url, .fileSystem, "cannot create the cache folder \(folder.path): \(error)", fix: Self.folderFix)
        }
        let lock = try await acquireLock(for: target, url: url)
        defer { close(lock) }
        // Another session may have fetched it while this one waited for the lock.
        if let hit = try validHit(for: canonical, expected: expected, original: url) { return hit }
        return try await download(url, canonical: canonical, expected: expected, logger: logger)
    }

    /// The cached file if it is complete and, with `expected`, has that digest; a cached file
    /// with another digest is removed (it is fetched again).
    func validHit(for canonical: String, expected: String?, original: String) throws(DownloadError) -> URL? {
        guard let hit = cachedFile(for: canonical) else { return nil }
        guard let expected else { return hit }
        var digest = record(for: canonical)?.sha256
        if digest == nil { digest = try sha256(of: hit, url: original) }
        if digest == expected { return hit }
        try? FileManager.default.removeItem(at: hit)
        try? FileManager.default.removeItem(at: hit.appendingPathExtension("json"))
        return nil
    }

    static let folderFix = "choose a writable cache folder with DESKGYM_DOWNLOAD_CACHE or --cache"

    func failure(_ url: String, _ kind: DownloadError.Kind, _ message: String, fix: String) -> DownloadError {
        DownloadError(url: url, cachePath: location(for: url).path, kind: kind, message: message, fix: fix)
    }

    static func size(of file: URL) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// The SHA-256 of bytes in memory, lowercase hex.
    static func sha256Hex(of bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of a file, read in 1 MiB pieces.
    func sha256(of file: URL, url: String) throws(DownloadError) -> String {
        do {
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
            return Self.hex(hasher.finalize())
        } catch {
            throw failure(url, .fileSystem, "cannot read \(file.path): \(error)", fix: Self.folderFix)
        }
    }
}
