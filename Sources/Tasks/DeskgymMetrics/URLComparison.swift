import Foundation

/// OSWorld's `compare_urls` (in `metrics/utils.py`): two URLs are the same when their normalized
/// forms are equal. Normalizing (Python's `urlparse`, then `tldextract` on the host):
///
/// - a URL without `scheme://` gets `http://`; the scheme is lower-cased;
/// - the host is lower-cased, user information and **port are dropped** (tldextract keeps neither);
/// - the public suffix is dropped (`airbnb.com` and `airbnb.com.sg` are both `airbnb`), and a
///   subdomain that is exactly `www` goes too (`www.airbnb.com` is `airbnb`); an IP address stays whole;
/// - a path of `/` counts as none; with `full` (the default) the query and fragment are kept, and an
///   empty `?` or `#` counts as none, as `urlunparse` writes them.
///
/// tldextract consults the Public Suffix List; this keeps a small list of multi-label suffixes
/// and otherwise takes the last label as the suffix when it is letters only and not one of the
/// names the list leaves out (`localhost`, `local`, `test`, …). Hosts of served pages
/// (`127.0.0.1`) and common sites come out as tldextract gives them.
public enum URLComparison {
    /// Whether the URLs are the same after normalizing; two nils are the same, one nil is not.
    public static func same(_ first: String?, _ second: String?, full: Bool = true) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        return normalize(first, full: full) == normalize(second, full: full)
    }

    /// The normalized form `compare_urls` compares.
    public static func normalize(_ url: String, full: Bool = true) -> String {
        var text = url
        if text.range(of: "^[a-zA-Z][a-zA-Z0-9+\\-.]*://", options: .regularExpression) == nil {
            text = "http://" + text
        }
        let schemeEnd = text.range(of: "://")!
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        var rest = Substring(text[schemeEnd.upperBound...])
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let netloc = String(rest[..<slash])
        var path = String(rest[slash...])
        if path == "/" { path = "" }
        var result = "\(scheme)://\(host(netloc))\(path)"
        if full {
            if !query.isEmpty { result += "?" + query }
            if !fragment.isEmpty { result += "#" + fragment }
        }
        return result
    }

    /// The host as `compare_urls` keeps it: subdomain and registrable name, without suffix,
    /// port, user information or a lone `www`.
    static func host(_ netloc: String) -> String {
        var host = netloc.lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasPrefix("[") {
            // An IPv6 literal: keep it, without the port.
            if let close = host.firstIndex(of: "]") { return String(host[...close]) }
            return host
        }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        while host.hasSuffix(".") { host.removeLast() }
        if isIPv4(host) { return host }
        var labels = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let suffixLength = publicSuffixLength(labels)
        labels.removeLast(min(suffixLength, labels.count))
        guard !labels.isEmpty else { return "" }
        let domain = labels.removeLast()
        let subdomain = labels.joined(separator: ".")
        return subdomain.isEmpty || subdomain == "www" ? domain : "\(subdomain).\(domain)"
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && Int(part)! <= 255
            }
    }

    /// How many trailing labels form the public suffix (0 when the host has none).
    static func publicSuffixLength(_ labels: [String]) -> Int {
        guard labels.count >= 2, let last = labels.last else { return 0 }
        let lastTwo = labels.suffix(2).joined(separator: ".")
        if labels.count >= 3, multiLabelSuffixes.contains(lastTwo) { return 2 }
        guard last.count >= 2, last.allSatisfy({ $0.isASCII && $0.isLetter }), !notSuffixes.contains(last) else { return 0 }
        return 1
    }

    /// Two-label public suffixes common on the web (a subset of the Public Suffix List's ICANN part;
    /// tldextract leaves the private part, such as `github.io`, out by default).
    static let multiLabelSuffixes: Set<String> = [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "com.au", "net.au", "org.au",
        "edu.au", "gov.au", "co.nz", "org.nz", "com.sg", "edu.sg", "gov.sg", "com.hk", "org.hk", "co.jp", "ne.jp",
        "or.jp", "ac.jp", "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "com.tw", "org.tw", "co.kr", "or.kr",
        "co.in", "net.in", "org.in", "com.br", "net.br", "org.br", "com.mx", "org.mx", "com.ar", "com.tr", "co.za",
        "org.za", "com.my", "com.ph", "co.id", "co.il", "co.th", "com.vn", "com.pk", "com.ng", "com.eg", "com.sa",
        "com.co", "com.pe", "co.at", "com.ua",
    ]

    /// Names that look like top-level domains but are not on the Public Suffix List.
    static let notSuffixes: Set<String> = ["localhost", "local", "localdomain", "internal", "lan", "home", "test", "example", "invalid"]
}
