import Foundation

/// The sidecar of a cached file (`<key>.json` beside `<key>`): what it is and where it came from,
/// so that a person (or `deskgym tasks fetch --offline`) can tell the cache's files apart and a
/// truncated file is noticed by its size.
public struct DownloadRecord: Codable, Sendable, Hashable {
    /// The URL as the task wrote it (after Google Drive links are normalised): the cache's key.
    public var url: String
    /// The URL actually fetched (after mirror rewriting and Google Drive's confirm step).
    public var fetchedFrom: String
    /// The file's size in bytes.
    public var size: Int64
    /// The file's SHA-256, lowercase hex.
    public var sha256: String
    /// When it was fetched (ISO 8601).
    public var fetchedAt: String

    /// Creates a record.
    public init(url: String, fetchedFrom: String, size: Int64, sha256: String, fetchedAt: String) {
        self.url = url
        self.fetchedFrom = fetchedFrom
        self.size = size
        self.sha256 = sha256
        self.fetchedAt = fetchedAt
    }
}
