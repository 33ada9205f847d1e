/// A download the shared cache could not provide: which URL, where the cache keeps it, what went
/// wrong and what to do about it.
public struct DownloadError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it was.
    public enum Kind: String, Sendable, Hashable {
        /// Offline mode and the URL is not in the cache.
        case offlineMiss = "not in the cache (offline)"
        /// The URL is not one the cache can fetch (not http(s), or unparsable).
        case unsupportedURL = "unsupported URL"
        /// The server answered with a status that is not a file.
        case httpStatus = "HTTP error"
        /// The connection failed on every attempt.
        case transport = "transfer failed"
        /// The file is larger than the cache's size cap.
        case tooLarge = "too large"
        /// The file's SHA-256 is not the one expected.
        case checksumMismatch = "checksum mismatch"
        /// Google Drive answered with a page the cache could not get past.
        case googleDrive = "Google Drive page"
        /// The cache folder could not be written or read.
        case fileSystem = "cache folder error"
    }

    /// The URL as the task wrote it.
    public var url: String
    /// Where the cache keeps (or would keep) the file.
    public var cachePath: String
    /// The kind of failure.
    public var kind: Kind
    /// What happened, with the details the kind leaves out (status, attempts, sizes).
    public var message: String
    /// What the user can do about it.
    public var fix: String

    /// Creates an error.
    public init(url: String, cachePath: String, kind: Kind, message: String, fix: String) {
        self.url = url
        self.cachePath = cachePath
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    public var description: String {
        "cannot get \(url) (\(kind.rawValue)): \(message); cache file \(cachePath); \(fix)"
    }
}
