import Foundation

/// Text made safe for HTML, and the small pieces of markup the report repeats.
enum HTML {
    /// `text` with `& < > " '` replaced by entities: safe in element content and in quoted attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A relative link target, each path component percent-encoded, then escaped for an attribute.
    static func href(_ relativePath: String, fragment: String? = nil) -> String {
        let encoded = relativePath.split(separator: "/", omittingEmptySubsequences: false).map { component in
            component == ".."
                ? ".."
                : (String(component).addingPercentEncoding(
                    withAllowedCharacters: .urlPathAllowed
                        .subtracting(CharacterSet(charactersIn: "/?#;"))) ?? String(component))
        }.joined(separator: "/")
        return escape(encoded + (fragment.map { "#" + $0 } ?? ""))
    }

    /// An id made of letters, digits, `-` and `_`, from any text (for anchors).
    static func identifier(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar in
                (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_"))
                    ? Character(scalar) : "_"
            })
    }

    /// The anchor of an episode in a run's report; the same in every run, so comparisons can link to it.
    static func episodeAnchor(domain: String, task: String) -> String {
        "ep-" + identifier(domain) + "--" + identifier(task)
    }

    /// A score as the report shows it: two decimals.
    static func score(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? "–"
    }

    /// A duration in milliseconds as the report shows it.
    static func milliseconds(_ value: Double?) -> String? {
        guard let value else { return nil }
        return value >= 10_000 ? String(format: "%.1f s", value / 1000) : String(format: "%.0f ms", value)
    }

    /// The path from folder `base` to `target`, with `..` where they part.
    static func relativePath(from base: URL, to target: URL) -> String {
        let from = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
