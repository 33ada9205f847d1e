import DeskgymCore
import Foundation

/// Python's `urllib.parse` as OSWorld's getters use it: `urlparse`, `parse_qs`, `unquote`.
enum PythonURL {
    /// The parts of `urlparse(url)` (Python 3.12).
    struct Parts: Equatable {
        var scheme = "", netloc = "", path = "", params = "", query = "", fragment = ""
    }

    /// The schemes whose last path segment `urlparse` splits at `;` into `params`.
    static let schemesWithParams: Set<String> = [
        "", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps",
        "rtspu", "sip", "sips", "mms", "sftp", "tel",
    ]

    static func parse(_ url: String) -> Parts {
        var rest = Substring(String(String.UnicodeScalarView(url.unicodeScalars.filter { !["\t", "\r", "\n"].contains($0) })))
        while let first = rest.unicodeScalars.first, first.value <= 0x20 { rest = rest.dropFirst() }
        var parts = Parts()
        if let colon = rest.firstIndex(of: ":"), colon > rest.startIndex {
            let scheme = rest[..<colon]
            let letters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            let allowed = letters.union(CharacterSet(charactersIn: "0123456789+-."))
            if let first = scheme.unicodeScalars.first, letters.contains(first), scheme.unicodeScalars.allSatisfy(allowed.contains) {
                parts.scheme = scheme.lowercased()
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex { "/?#".contains($0) } ?? afterSlashes.endIndex
            parts.netloc = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        var path = String(rest)
        if schemesWithParams.contains(parts.scheme), path.contains(";") {
            let lastSegment = path.lastIndex(of: "/").map { path[$0...] } ?? path[...]
            if let cut = lastSegment.firstIndex(of: ";") {
                parts.params = String(path[path.index(after: cut)...])
                path = String(path[..<cut])
            }
        }
        parts.path = path
        return parts
    }

    /// `parse_qs(query)`: `&`-separated `name=value` pairs, `+` as space, percent-decoded; pairs
    /// without `=` or with an empty value are left out; each name's values in order.
    static func parseQS(_ query: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in query.components(separatedBy: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let value = pair[pair.index(after: equals)...]
            guard !value.isEmpty else { continue }
            let name = unquote(pair[..<equals].replacingOccurrences(of: "+", with: " "))
            values[name, default: []].append(unquote(value.replacingOccurrences(of: "+", with: " ")))
        }
        return values
    }

    /// `unquote(text)`: `%XX` escapes decoded as UTF-8 (invalid bytes become U+FFFD), malformed
    /// escapes and non-ASCII characters kept as they are.
    static func unquote(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var output = ""
        var asciiRun: [UInt8] = []
        func flush() {
            guard !asciiRun.isEmpty else { return }
            var bytes: [UInt8] = []
            var index = 0
            while index < asciiRun.count {
                if asciiRun[index] == UInt8(ascii: "%"), index + 2 < asciiRun.count,
                    let high = asciiRun[index + 1].hexDigitValue, let low = asciiRun[index + 2].hexDigitValue
                {
                    bytes.append(high << 4 | low)
                    index += 3
                } else {
                    bytes.append(asciiRun[index])
                    index += 1
                }
            }
            output += String(decoding: bytes, as: UTF8.self)
            asciiRun = []
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                asciiRun.append(UInt8(scalar.value))
            } else {
                flush()
                output.unicodeScalars.append(scalar)
            }
        }
        flush()
        return output
    }

    /// Python's `str.strip()` (white space) or `str.strip(characters)`.
    static func strip(_ text: String, _ characters: String? = nil) -> String {
        let set = characters.map { CharacterSet(charactersIn: $0) } ?? .whitespacesAndNewlines
        return text.trimmingCharacters(in: set)
    }
}
