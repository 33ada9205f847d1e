import Foundation

/// Google Drive links as OSWorld's tasks write them, read the way `gdown` reads them: every form
/// of a file link becomes `https://drive.google.com/uc?export=download&id=ID`, and for a file too
/// large for Drive's virus scan the HTML page Drive answers with yields the URL that confirms the
/// download.
public enum GoogleDriveLink {
    /// The hosts whose links name a Drive file.
    static let hosts: Set<String> = ["drive.google.com", "docs.google.com"]

    /// The file id of a Drive link (`uc?id=ID`, `uc?export=download&id=ID`, `open?id=ID`,
    /// `file/d/ID/view`, `file/d/ID/edit`), or nil when `url` is not one.
    public static func fileID(in url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(), hosts.contains(host)
        else { return nil }
        let parts = components.path.split(separator: "/").map(String.init)
        if let index = parts.firstIndex(of: "d"), index > 0, parts[index - 1] == "file", index + 1 < parts.count {
            return validID(parts[index + 1])
        }
        if parts.last == "uc" || parts.last == "open" {
            return (components.queryItems?.first { $0.name == "id" }?.value).flatMap(validID)
        }
        return nil
    }

    /// The download form of a Drive link, or nil when `url` is not a Drive file link.
    public static func normalized(_ url: String) -> String? {
        fileID(in: url).map { "https://drive.google.com/uc?export=download&id=\($0)" }
    }

    /// The URL a Drive HTML answer points to for the file itself, as `gdown` finds it: a
    /// `/uc?export=download…` link, a `"downloadUrl"` in the page's script, or the
    /// `download-form` form's action with its hidden fields as the query. Nil when the page has
    /// none of them (then `errorText` may say why).
    public static func confirmURL(inPage html: String, pageURL: URL) -> URL? {
        if let href = firstMatch(#"href="(/uc\?export=download[^"]+)""#, in: html) {
            return URL(string: unescapeHTML(href), relativeTo: pageURL)?.absoluteURL
        }
        if let link = firstMatch(#""downloadUrl":"([^"]+)""#, in: html) {
            let unescaped = link.replacingOccurrences(of: "\\u003d", with: "=").replacingOccurrences(of: "\\u0026", with: "&")
            return URL(string: unescaped, relativeTo: pageURL)?.absoluteURL
        }
        guard let formStart = html.range(of: #"id="download-form""#) else { return nil }
        // The form's own tag holds the action; its hidden inputs follow until the form closes.
        let tagStart = html[..<formStart.lowerBound].range(of: "<form", options: .backwards)?.lowerBound ?? formStart.lowerBound
        let formEnd = html[tagStart...].range(of: "</form>")?.upperBound ?? html.endIndex
        let form = String(html[tagStart..<formEnd])
        guard let action = firstMatch(#"action="([^"]+)""#, in: form),
            var components = URLComponents(
                url: URL(string: unescapeHTML(action), relativeTo: pageURL)?.absoluteURL ?? pageURL, resolvingAgainstBaseURL: true)
        else { return nil }
        var items = components.queryItems ?? []
        for input in allMatches(#"<input[^>]*>"#, in: form).prefix(64) {
            guard input.contains(#"type="hidden""#), let name = firstMatch(#"name="([^"]*)""#, in: input) else { continue }
            let value = firstMatch(#"value="([^"]*)""#, in: input) ?? ""
            items.append(URLQueryItem(name: unescapeHTML(name), value: unescapeHTML(value)))
        }
        components.queryItems = items.isEmpty ? nil : items
        return components.url
    }

    /// The error Drive's page states (`uc-error-subcaption`: quota exceeded, no access), if any.
    public static func errorText(inPage html: String) -> String? {
        firstMatch(#"<p class="uc-error-subcaption">(.*?)</p>"#, in: html).map(unescapeHTML)
    }

    static func validID(_ text: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        return !text.isEmpty && text.count <= 200 && text.allSatisfy(allowed.contains) ? text : nil
    }

    static func unescapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    static func allMatches(_ pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }
    }
}
