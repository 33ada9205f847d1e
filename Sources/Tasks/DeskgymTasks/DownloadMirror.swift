/// A URL prefix replaced before fetching (`--mirror PREFIX=URL`): a file host reached through a
/// mirror, a proxy or a local folder (`file:///…`). The cache still keys the file by the URL the
/// task wrote, so a cache filled through a mirror serves tasks that name the original host.
public struct DownloadMirror: Sendable, Hashable, CustomStringConvertible {
    /// The prefix of the URLs to rewrite, such as `https://huggingface.co/`.
    public var prefix: String
    /// What replaces it, such as `https://hf-mirror.com/` or `file:///srv/osworld-cache/`.
    public var replacement: String

    /// Creates a mirror.
    public init(prefix: String, replacement: String) {
        self.prefix = prefix
        self.replacement = replacement
    }

    /// Reads `PREFIX=URL`. The split is at the first `=` followed by `http://`, `https://` or
    /// `file://`, since a prefix may itself hold `=` (a query string).
    public init?(argument: String) {
        let schemes = ["=http://", "=https://", "=file://"]
        let split = schemes.compactMap { argument.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
        guard let split, split.lowerBound > argument.startIndex else { return nil }
        prefix = String(argument[..<split.lowerBound])
        replacement = String(argument[argument.index(after: split.lowerBound)...])
    }

    public var description: String { "\(prefix)=\(replacement)" }

    /// `url` with the longest matching prefix of `mirrors` replaced, or `url` unchanged.
    public static func rewrite(_ url: String, with mirrors: [DownloadMirror]) -> String {
        guard let mirror = mirrors.filter({ url.hasPrefix($0.prefix) }).max(by: { $0.prefix.count < $1.prefix.count }) else {
            return url
        }
        return mirror.replacement + url.dropFirst(mirror.prefix.count)
    }
}
