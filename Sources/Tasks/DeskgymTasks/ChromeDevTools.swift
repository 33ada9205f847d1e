import AsyncHTTPClient
import DeskgymCore
import DeskgymSandbox
import Foundation

/// The DevTools HTTP endpoint of the Chromium that runs in a session: its tab list
/// (`/json/list`), and opening, activating and closing tabs (`/json/new`, `/json/activate`,
/// `/json/close`). No WebSocket is needed for these; evaluating a script inside a tab's page
/// (``evaluate(_:inTab:timeout:)``) speaks the tab's WebSocket.
///
/// The browser is found through `DevToolsActivePort`, which Chromium writes into its profile
/// folder when started with `--remote-debugging-port` (0 lets it pick a free port, so parallel
/// sessions never collide): line 1 the port, line 2 the browser's `/devtools/browser/<id>` path.
/// The path is checked against `/json/version`, so a file left by a browser that has ended never
/// leads to another session's browser that reuses the port.
public struct ChromeDevTools: Sendable {
    /// One DevTools target: a tab (`type` `page`), or a browser-internal view.
    public struct Target: Sendable, Hashable {
        public var id: String
        public var type: String
        public var title: String
        public var url: String
    }

    /// The DevTools port on 127.0.0.1.
    public var port: Int
    /// The browser target's path, `/devtools/browser/<id>`.
    public var browserPath: String

    /// Profile folders looked in, relative to the session's HOME: Chromium's default profile, and
    /// Google Chrome's (the one OSWorld's tasks name).
    public static let profileFolders = [".config/chromium", ".config/google-chrome"]

    /// The browser of `session`, if one is listening now (through a bridge into the session's
    /// loopback when it is sandboxed).
    public static func find(in session: DesktopSession) async -> ChromeDevTools? {
        await find(reading: { try? session.readHomeFile($0) }, reach: { try await session.reach(port: $0) })
    }

    /// Waits (every 100 ms, up to `timeout`) until the browser of `session` answers.
    /// - Throws: ``ChromeDevToolsError`` when none answers in time.
    public static func wait(in session: DesktopSession, timeout: Duration) async throws -> ChromeDevTools {
        try await wait(reading: { try? session.readHomeFile($0) }, timeout: timeout, reach: { try await session.reach(port: $0) })
    }

    /// The browser whose profile is under `home`, if one is listening now; `reach` gives the port
    /// on this machine that leads to the port the browser names.
    public static func find(home: URL, reach: @Sendable (Int) async throws -> Int = { $0 }) async -> ChromeDevTools? {
        await find(reading: { try? Data(contentsOf: home.appendingPathComponent($0)) }, reach: reach)
    }

    /// The browser whose profile `read` finds (a path relative to HOME in, the file out: a
    /// session's reads stay beneath its HOME), if one is listening now.
    static func find(
        reading read: (String) -> Data?, reach: @Sendable (Int) async throws -> Int
    ) async -> ChromeDevTools? {
        for folder in profileFolders {
            guard let data = read(folder + "/DevToolsActivePort") else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            guard lines.count >= 2, let named = Int(lines[0]), named > 0, let port = try? await reach(named) else { continue }
            let candidate = ChromeDevTools(port: port, browserPath: lines[1])
            guard let version = try? await candidate.request("/json/version", method: "GET"),
                let object = version.objectValue, let socket = object["webSocketDebuggerUrl"]?.stringValue,
                socket.hasSuffix(candidate.browserPath)
            else { continue }
            return candidate
        }
        return nil
    }

    /// Waits (every 100 ms, up to `timeout`) until the session's browser answers.
    /// - Throws: ``ChromeDevToolsError`` when none answers in time.
    public static func wait(
        home: URL, timeout: Duration, reach: @Sendable (Int) async throws -> Int = { $0 }
    ) async throws -> ChromeDevTools {
        try await wait(reading: { try? Data(contentsOf: home.appendingPathComponent($0)) }, timeout: timeout, reach: reach)
    }

    /// ``wait(home:timeout:reach:)`` with the profile's files read by `read`.
    static func wait(
        reading read: (String) -> Data?, timeout: Duration, reach: @Sendable (Int) async throws -> Int
    ) async throws -> ChromeDevTools {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let found = await find(reading: read, reach: reach) { return found }
            guard clock.now < deadline else {
                throw ChromeDevToolsError(
                    "no Chromium answered within \(timeout): none was started with --remote-debugging-port and a profile in "
                        + profileFolders.map { "~/\($0)" }.joined(separator: " or "))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Every target, by last activity (see ``pages()``).
    public func targets() async throws -> [Target] {
        let list = try await request("/json/list", method: "GET")
        guard let entries = list.arrayValue else { throw ChromeDevToolsError("/json/list gave \(list.typeName), not a list") }
        return entries.compactMap(Self.target)
    }

    /// The tabs (targets of type `page`), in DevTools' order: by last activity, most recent first,
    /// where activity is being brought to the front — or being created, so a tab just opened in
    /// the background comes before the tab in front.
    public func pages() async throws -> [Target] {
        try await targets().filter { $0.type == "page" }
    }

    /// Opens `url` in a new foreground tab.
    @discardableResult
    public func open(_ url: String) async throws -> Target {
        let encoded = url.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? url
        let created = try await request("/json/new?\(encoded)", method: "PUT")
        guard let target = Self.target(created) else { throw ChromeDevToolsError("/json/new gave no target for \(url)") }
        return target
    }

    /// Brings a tab to the front.
    public func activate(_ id: String) async throws {
        _ = try await request("/json/activate/\(id)", method: "GET", expectJSON: false)
    }

    /// Closes a tab.
    public func close(_ id: String) async throws {
        _ = try await request("/json/close/\(id)", method: "GET", expectJSON: false)
    }

    /// Waits (every 100 ms, up to `timeout`) until the tab shows a page title: while a page
    /// loads, DevTools reports an empty title or the address itself. Returns the tab as last seen
    /// (nil once it is gone); a page without a `<title>` simply takes the whole `timeout`.
    @discardableResult
    public func waitForTitle(of id: String, timeout: Duration) async throws -> Target? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let tab = try await pages().first { $0.id == id }
            guard let tab else { return nil }
            if Self.hasTitle(tab) || clock.now >= deadline { return tab }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Whether a tab's title is a page's own title, not the placeholder shown while it loads.
    static func hasTitle(_ tab: Target) -> Bool {
        let title = tab.title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title != tab.url else { return false }
        let bare = tab.url.replacingOccurrences(of: "^[a-zA-Z][a-zA-Z0-9+.-]*://", with: "", options: .regularExpression)
        return title != bare && !bare.hasPrefix(title)
    }

    // MARK: - HTTP

    private static func target(_ value: JSONValue) -> Target? {
        guard let object = value.objectValue, let id = object["id"]?.stringValue else { return nil }
        return Target(
            id: id, type: object["type"]?.stringValue ?? "", title: object["title"]?.stringValue ?? "",
            url: object["url"]?.stringValue ?? "")
    }

    private func request(_ path: String, method: String, expectJSON: Bool = true) async throws -> JSONValue {
        // AsyncHTTPClient, not URLSession: DevTools writes headers without a space after the colon
        // ("Content-Length:435"), which swift-corelibs-foundation refuses ("Failed writing header").
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        let text = String(buffer: body)
        guard response.status.code == 200 else {
            throw ChromeDevToolsError("\(method) \(path) answered \(response.status.code): \(text.prefix(200))")
        }
        guard expectJSON else { return .null }
        do {
            return try JSONValue(parsingJSON: text)
        } catch {
            throw ChromeDevToolsError("\(method) \(path) did not answer JSON: \(error)")
        }
    }
}
