import DeskgymCore
import Foundation
import HTTPTypes
import Synchronization

/// The checks that keep a web page in the user's browser from driving the server: browsers send
/// requests to `127.0.0.1` for any site that asks, and a DNS-rebinding site can even read the
/// answers. The server never sends CORS headers, and refuses:
///
/// - on a server bound to loopback, a `Host` that is not a loopback name or address (with the
///   server's port or none) — a rebinding site's requests carry its own name — and an `Origin`
///   that is not a loopback `http`/`https` origin;
/// - on any server, a JSON route's body sent with another `Content-Type` than
///   `application/json` (a page can post `text/plain` or a form without asking first; it cannot
///   post `application/json` cross-site without a CORS preflight, which this server never allows).
///
/// Each check answers the ``APIError`` to send, or nil.
struct CrossSitePolicy: Sendable {
    /// Whether the server is bound to a loopback address (`Host` and `Origin` are checked).
    let loopbackOnly: Bool
    /// The port the server listens on, once known (0 until then: any port is accepted).
    let port: BoundPort

    /// The checks every request goes through: `Host` and `Origin`, then the body's type.
    func refusal(method: HTTPRequest.Method, path: String, authority: String?, headers: HTTPFields) -> APIError? {
        if let refused = refusal(authority: authority, origin: headers[.origin]) { return refused }
        return refusal(method: method, path: path, headers: headers)
    }

    /// `Host` (the request's authority) and `Origin`, on a server bound to loopback. A request
    /// without `Host` (HTTP/1.0 tools) passes: browsers always send one.
    func refusal(authority: String?, origin: String?) -> APIError? {
        guard loopbackOnly else { return nil }
        if let authority, !Self.isLoopbackAuthority(authority, port: port.value) {
            return APIError(
                status: 403, code: "forbidden_host",
                message: "header 'Host': \"\(authority.excerpt)\" is not this server's loopback address; this server "
                    + "is bound to loopback and answers only requests addressed to localhost, 127.0.0.1 or [::1]"
                    + (port.value > 0 ? " (port \(port.value))" : ""))
        }
        if let origin, !Self.isLoopbackOrigin(origin) {
            return APIError(
                status: 403, code: "forbidden_origin",
                message: "header 'Origin': requests from \"\(origin.excerpt)\" are refused; this server is bound to "
                    + "loopback and takes requests only from loopback origins (http or https on localhost, "
                    + "127.0.0.1 or [::1]), never from web pages of other sites")
        }
        return nil
    }

    /// A body on a JSON route must be `application/json`; the file upload route takes any type,
    /// GET and DELETE none.
    func refusal(method: HTTPRequest.Method, path: String, headers: HTTPFields) -> APIError? {
        guard method == .post || method == .put || method == .patch, !RouteTable.takesRawBody(path) else { return nil }
        let type = headers[.contentType]
        if let type {
            guard !Self.isJSON(type) else { return nil }
        } else if !Self.hasBody(headers) {
            return nil  // No body and no type: an empty body counts as `{}`.
        }
        let sent = type.map { "\"\($0.excerpt)\"" } ?? "none"
        return APIError(
            status: 415, code: "unsupported_media_type",
            message: "header 'Content-Type': \(method) \(path.excerpt) takes a JSON body, sent with "
                + "'Content-Type: application/json'; got \(sent)")
    }

    /// Whether a `Content-Type` value is `application/json`, with or without parameters
    /// (`; charset=utf-8`).
    static func isJSON(_ value: String) -> Bool {
        let mediaType = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// Whether the request announces a body: a non-zero `Content-Length` or any `Transfer-Encoding`.
    static func hasBody(_ headers: HTTPFields) -> Bool {
        if headers[.transferEncoding] != nil { return true }
        guard let length = headers[.contentLength] else { return false }
        return length.trimmingCharacters(in: .whitespaces) != "0"
    }

    /// Whether `authority` (a `Host` value) names a loopback host, with `port` or no port
    /// (`port` 0: any). Forms: `localhost`, `127.x.y.z`, `[::1]`, each optionally `:port`.
    static func isLoopbackAuthority(_ authority: String, port: Int) -> Bool {
        guard let (host, given) = split(authority) else { return false }
        guard isLoopbackHost(host) else { return false }
        guard let given else { return true }
        return port == 0 || given == port
    }

    /// Whether `origin` is `http` or `https` on a loopback host (any port: ports do not make
    /// another site). `null` (sandboxed frames, files) is not. `ws` and `wss` pass too: browsers
    /// send the page's `http(s)` origin, but WebSocket libraries (swift-websocket's client) send
    /// the socket's own URL as `Origin`.
    static func isLoopbackOrigin(_ origin: String) -> Bool {
        let lowered = origin.lowercased()
        guard let scheme = ["http://", "https://", "ws://", "wss://"].first(where: { lowered.hasPrefix($0) }) else { return false }
        let rest = lowered.dropFirst(scheme.count)
        guard !rest.contains("/"), !rest.contains("@"), let (host, _) = split(String(rest)) else { return false }
        return isLoopbackHost(host)
    }

    /// `localhost`, `::1` (written in brackets in an authority) or an IPv4 address in 127.0.0.0/8.
    static func isLoopbackHost(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }
    }

    /// An authority split into host and port: `[::1]:80` → (`::1`, 80); nil when malformed.
    static func split(_ authority: String) -> (host: String, port: Int?)? {
        let port: (Substring) -> Int?? = { text in
            if text.isEmpty { return .some(nil) }
            guard text.count <= 5, text.allSatisfy(\.isASCII), let number = Int(text), (1...65535).contains(number) else {
                return nil
            }
            return .some(number)
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":"), let number = port(after.dropFirst()) else { return nil }
            return (host, number)
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return (authority, nil)
        case 2:
            guard let number = port(parts[1]) else { return nil }
            return (String(parts[0]), number)
        default: return nil
        }
    }
}

/// The port the server listens on, set once it does (0 before).
final class BoundPort: Sendable {
    private let port = Atomic<Int>(0)

    var value: Int { port.load(ordering: .relaxed) }

    func set(_ value: Int) {
        port.store(value, ordering: .relaxed)
    }
}
