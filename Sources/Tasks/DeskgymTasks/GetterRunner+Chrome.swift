import AsyncHTTPClient
import DeskgymCore
import DeskgymTaskModel
import Foundation

/// OSWorld's Chrome getters, read from the session's Chromium through its DevTools HTTP endpoint
/// (``ChromeDevTools``) and its profile folder, where OSWorld drives Chrome with Playwright.
extension GetterRunner {
    /// How long the tab getters wait for tabs that are still loading to show their titles.
    static let chromeSettleTimeout: Duration = .seconds(3)

    /// `open_tabs_info`: every tab as `{"title", "url"}`, most recently activated first (OSWorld
    /// lists Playwright's pages, in the order they were opened; `is_expected_tabs` ignores order).
    /// No browser: an empty list, as OSWorld gives when it cannot connect.
    static func openTabsInfo(context: TaskContext) async throws -> GetterValue {
        guard let browser = await ChromeDevTools.find(in: context.session) else { return .json(.array([])) }
        let tabs = try await settledPages(browser)
        return .json(.array(tabs.map { .object(["title": .string($0.title), "url": .string($0.url)]) }))
    }

    /// `active_tab_info`: the tab in front, as `{"title", "url", "content"}`, where `content` is
    /// the page's HTML fetched again from its address (OSWorld, too, loads the active URL again in
    /// a new page and reads it; here the HTML is the server's, before any script ran). No browser
    /// or no tab: null.
    static func activeTabInfo(context: TaskContext) async throws -> GetterValue {
        guard let browser = await ChromeDevTools.find(in: context.session),
            let tab = try await activeTab(browser, context: context)
        else { return .json(.null) }
        let content = await fetchPage(tab.url, context: context).content
        return .json(.object(["title": .string(tab.title), "url": .string(tab.url), "content": .string(content)]))
    }

    /// `active_url_from_accessTree`: the front tab's address as OSWorld reads it from the address
    /// bar — which shows it without `http://`, `https://` and a leading `www.` — with `goto_prefix`
    /// (default `https://`) put in front. No browser or no tab: nothing (None).
    static func activeURLFromAccessTree(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        .text(try await activeAddress(spec, context: context))
    }

    /// The address `active_url_from_accessTree` gives (the getters that parse the active tab's
    /// address start from it); nil without a browser or a tab.
    static func activeAddress(_ spec: GetterSpec, context: TaskContext) async throws -> String? {
        let prefix = spec[field: "goto_prefix"]?.stringValue ?? "https://"
        guard let browser = await ChromeDevTools.find(in: context.session),
            let tab = try await activeTab(browser, context: context)
        else { return nil }
        var shown = tab.url
        for scheme in ["https://", "http://"] where shown.hasPrefix(scheme) {
            shown = String(shown.dropFirst(scheme.count))
            if shown.hasPrefix("www.") { shown = String(shown.dropFirst(4)) }
        }
        return prefix + shown
    }

    /// `page_info`: the page at `url` (placeholders such as `{PAGES_URL}` expanded) as
    /// `{"title", "url", "content"}` — its `<title>`, the address after redirects, its HTML —
    /// fetched over HTTP without touching the browser's tabs (OSWorld opens it in a new tab and
    /// closes it). A page that cannot be fetched gives OSWorld's `"Connection failed"` title.
    static func pageInfo(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let url = context.expand(try field(spec, "url"))
        let page = await fetchPage(url, context: context)
        return .json(.object(["title": .string(page.title), "url": .string(page.url), "content": .string(page.content)]))
    }

    /// `bookmarks`: the `roots` object of the profile's `Default/Bookmarks` file (`bookmark_bar`,
    /// `other`, `synced`); an empty list when there is no such file, as in OSWorld. Chromium writes
    /// the file about 2.5 s after a change (later on a loaded machine), so a task should wait for it
    /// in a postconfig step (the bundled `chrome/bookmark-about-page` polls for the file).
    static func bookmarks(context: TaskContext) async throws -> GetterValue {
        for folder in ChromeDevTools.profileFolders {
            guard let data = try? context.session.readHomeFile(folder + "/Default/Bookmarks"), !data.isEmpty else { continue }
            let document = try JSONValue(parsingJSON: data)
            return .json(document["roots"] ?? .object([:]))
        }
        return .json(.array([]))
    }

    /// The tab in front: of the tabs whose title the browser window shows (`<title> - Chromium`),
    /// the most recently active one — the active Chromium window's when there is one. DevTools
    /// alone cannot tell: it lists a tab opened in the background (ctrl+click) before the tab in
    /// front. Without a matching window title, the tab DevTools lists first.
    static func activeTab(_ browser: ChromeDevTools, context: TaskContext) async throws -> ChromeDevTools.Target? {
        let tabs = try await settledPages(browser)
        let windows = try context.session.desktop.windows.list().filter { window in
            ["chromium", "google-chrome", "chromium-browser"].contains(window.instanceName.lowercased())
                || ["chromium", "google-chrome", "chromium-browser"].contains(window.className.lowercased())
        }
        let shown = (windows.filter(\.isActive).isEmpty ? windows : windows.filter(\.isActive)).map(\.title)
        let front = tabs.first { tab in shown.contains { $0 == tab.title || $0.hasPrefix(tab.title + " - ") } }
        return front ?? tabs.first
    }

    /// The tabs, once those showing web pages (http, https, file) have their titles, or after
    /// ``chromeSettleTimeout``.
    static func settledPages(_ browser: ChromeDevTools) async throws -> [ChromeDevTools.Target] {
        let clock = ContinuousClock()
        let deadline = clock.now + chromeSettleTimeout
        while true {
            let tabs = try await browser.pages()
            let loading = tabs.contains { tab in
                ["http://", "https://", "file://"].contains { tab.url.hasPrefix($0) } && !ChromeDevTools.hasTitle(tab)
            }
            if !loading || clock.now >= deadline { return tabs }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The most of a page the getters read: 64 MiB.
    static let pageLimit = 64 << 20

    /// A page's title, final address and HTML; OSWorld's `"Connection failed"` when it cannot be read.
    ///
    /// A sandboxed session's page is fetched inside the session, as OSWorld loads it in the VM:
    /// over the session's network (its loopback, and only with `network: nat` beyond), and a
    /// `file://` page with its user's rights — never from this server's network or files.
    static func fetchPage(_ address: String, context: TaskContext) async -> (title: String, url: String, content: String) {
        guard let url = URL(string: address), ["http", "https", "file"].contains(url.scheme?.lowercased() ?? "") else {
            return ("Connection failed", address, "")
        }
        if context.session.isSandboxed {
            guard
                let fetched = try? await context.session.run(
                    program: "python3", arguments: ["-c", pageFetchScript, address, "\(pageLimit)"], timeout: .seconds(40),
                    outputLimit: pageLimit + 64 * 1024),
                fetched.exitCode == 0, let newline = fetched.stdout.firstIndex(of: "\n")
            else { return ("Connection failed", address, "") }
            let content = String(fetched.stdout[fetched.stdout.index(after: newline)...])
            return (htmlTitle(content), String(fetched.stdout[..<newline]), content)
        }
        do {
            let content: String
            var final = address
            if url.isFileURL {
                content = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            } else {
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: address), timeout: .seconds(30))
                content = String(buffer: try await response.body.collect(upTo: 64 << 20))
                final = response.url?.absoluteString ?? address
            }
            return (htmlTitle(content), final, content)
        } catch {
            return ("Connection failed", address, "")
        }
    }

    /// The text of an HTML document's first `<title>`, whitespace collapsed and the common
    /// character references decoded, as `document.title` gives it; empty when there is none.
    static func htmlTitle(_ html: String) -> String {
        guard let match = html.range(of: "<title[^>]*>[\\s\\S]*?</title>", options: [.regularExpression, .caseInsensitive]) else {
            return ""
        }
        var text = String(html[match])
        text = text.replacingOccurrences(of: "^<title[^>]*>", with: "", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "</title>$", with: "", options: [.regularExpression, .caseInsensitive])
        for (reference, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
            ("&nbsp;", "\u{00A0}"), ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: reference, with: character)
        }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Fetches `argv[1]` (http, https or file) with Python's urllib, following redirects, and
    /// prints the final address, a newline and at most `argv[2]` bytes of the body.
    static let pageFetchScript = """
        import sys, urllib.request
        request = urllib.request.Request(sys.argv[1], headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) deskgym"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read(int(sys.argv[2]))
            sys.stdout.buffer.write(response.geturl().replace("\\n", "").encode() + b"\\n" + body)
        """
}
