import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// OSWorld's `compare_urls` and the Chrome metrics built on it.
@Suite("Chrome metrics")
struct MetricChromeTests {
    let rules = MetricFixture.rules

    private func score(_ name: String, _ result: MetricInput, _ expected: MetricInput) throws -> Double {
        try MetricFixture.score(name, result, expected)
    }

    @Test(
        "compare_urls: scheme kept; port, user, www and public suffix dropped; a lone / and empty ? ignored",
        arguments: [
            ("http://127.0.0.1:8000/a.html", "http://127.0.0.1:9000/a.html", true),
            ("https://www.airbnb.com", "https://airbnb.com.sg", true),
            ("https://example.com/", "https://example.com", true),
            ("drugs.com/npc/", "http://www.drugs.com/npc/", true),
            ("https://drugs.com/npc/", "http://drugs.com/npc/", false),
            ("https://a.com/x?q=1", "https://a.com/x?q=2", false),
            ("https://a.com/x?", "https://a.com/x", true),
            ("https://a.com/x#top", "https://a.com/x", false),
            ("https://docs.python.org/3/", "https://python.org/3/", false),
            ("https://www.bbc.co.uk/news", "https://bbc.com/news", true),
            ("http://localhost:8080/a", "http://LOCALHOST/a", true),
            ("https://user:pw@Example.COM/a", "https://example.com/a", true),
            ("https://example.com/A", "https://example.com/a", false),
            ("http://10.0.0.1/x", "http://10.0.0.2/x", false),
        ])
    func compareURLs(first: String, second: String, same: Bool) {
        #expect(URLComparison.same(first, second) == same, "\(URLComparison.normalize(first)) vs \(URLComparison.normalize(second))")
        #expect(URLComparison.same(second, first) == same)
    }

    @Test("compare_urls: two Nones are equal, one None is not")
    func compareNone() {
        #expect(URLComparison.same(nil, nil))
        #expect(!URLComparison.same("http://a.com", nil))
        #expect(URLComparison.normalize("https://www.Google.com:443/search?q=x#r") == "https://google/search?q=x#r")
    }

    private func tabs(_ urls: [String]) -> MetricInput {
        .json(.array(urls.map { .object(["title": .string("t"), "url": .string($0)]) }))
    }

    @Test("is_expected_tabs: as many tabs as URLs, each expected URL open, in any order")
    func expectedTabs() throws {
        let expected = rules(#"{"type": "url", "urls": ["http://127.0.0.1:5000/a.html", "http://127.0.0.1:5000/b.html"]}"#)
        #expect(try score("is_expected_tabs", tabs(["http://127.0.0.1:5000/b.html", "http://127.0.0.1:5000/a.html"]), expected) == 1)
        #expect(try score("is_expected_tabs", tabs(["http://127.0.0.1:5000/a.html"]), expected) == 0)
        #expect(try score("is_expected_tabs", tabs(["http://127.0.0.1:5000/a.html", "http://127.0.0.1:5000/c.html"]), expected) == 0)
        #expect(try score("is_expected_tabs", tabs([]), expected) == 0)
        #expect(try score("is_expected_tabs", .none, expected) == 0)
        // OSWorld's are_lists_equal asks only that each expected URL match some tab.
        let twice = rules(#"{"type": "url", "urls": ["https://a.com", "https://a.com"]}"#)
        #expect(try score("is_expected_tabs", tabs(["https://a.com", "https://b.com"]), twice) == 1)
        #expect(try score("is_expected_tabs", tabs(["https://a.com"]), rules(#"{"type": "title", "urls": ["https://a.com"]}"#)) == 0)
        #expect(throws: MetricError.self) { try score("is_expected_tabs", tabs(["https://a.com"]), rules(#"{"type": "url"}"#)) }
    }

    @Test("is_expected_active_tab: the tab's url, or the text itself, compared as compare_urls does")
    func expectedActiveTab() throws {
        let expected = rules(#"{"type": "url", "url": "https://www.drugs.com/npc/"}"#)
        let tab = MetricInput.json(.object(["title": .string("x"), "url": .string("https://drugs.com/npc/"), "content": .string("")]))
        #expect(try score("is_expected_active_tab", tab, expected) == 1)
        #expect(try score("is_expected_active_tab", .text("https://drugs.com/npp/"), expected) == 0)
        // Only a path that is just "/" loses its slash.
        #expect(try score("is_expected_active_tab", .text("https://www.drugs.com/npc"), expected) == 0)
        #expect(try score("is_expected_active_tab", .none, expected) == 0)
        #expect(try score("is_expected_active_tab", .json(.object(["title": .string("x")])), expected) == 0)
        #expect(throws: MetricError.self) { try score("is_expected_active_tab", tab, rules(#"{"type": "url"}"#)) }
    }

    @Test("is_expected_active_tab_approximate: the query string is ignored, nothing else is")
    func expectedActiveTabApproximate() throws {
        let expected = rules(#"{"type": "url", "url": "https://shop.test/item?id=1#reviews"}"#)
        #expect(try score("is_expected_active_tab_approximate", .text("https://shop.test/item?id=2&ref=x#reviews"), expected) == 1)
        #expect(try score("is_expected_active_tab_approximate", .text("https://shop.test/item#reviews"), expected) == 1)
        #expect(try score("is_expected_active_tab_approximate", .text("https://www.shop.test/item?id=1#reviews"), expected) == 0)
        #expect(try score("is_expected_active_tab_approximate", .text("https://shop.test/item?id=1"), expected) == 0)
    }

    @Test("is_expected_url_pattern_match and is_expected_search_query search the address with Python regexes")
    func urlPatterns() throws {
        let tab = MetricInput.json(.object(["url": .string("https://www.google.com/search?q=swift+testing&hl=en")]))
        #expect(try score("is_expected_url_pattern_match", tab, rules(#"{"expected": ["q=swift", "hl=en$"]}"#)) == 1)
        #expect(try score("is_expected_url_pattern_match", tab, rules(#"{"expected": ["q=swift", "hl=de"]}"#)) == 0)
        #expect(
            try score(
                "is_expected_url_pattern_match", .text("https://x.test/products/kettle.html"),
                rules(#"{"expected": ["/products/\\w+\\.html$"]}"#)) == 1)
        #expect(try score("is_expected_url_pattern_match", .none, rules(#"{"expected": ["x"]}"#)) == 0)
        #expect(try score("is_expected_search_query", tab, rules(#"{"expect": {"pattern": "q=swift\\+testing"}}"#)) == 1)
        #expect(try score("is_expected_search_query", tab, rules(#"{"expect": {"pattern": "q=rust"}}"#)) == 0)
        #expect(throws: MetricError.self) { try score("is_expected_search_query", tab, rules(#"{"expect": {}}"#)) }
    }

    @Test("is_expected_bookmarks: bookmarks bar folders, links, and the Liked Authors folder")
    func bookmarks() throws {
        let roots = MetricInput.json(
            MetricFixture.json(
                """
                {"bookmark_bar": {"children": [
                  {"type": "folder", "name": "Work", "children": []},
                  {"type": "folder", "name": "Liked Authors", "children": [
                    {"type": "url", "name": "A", "url": "https://a.test/"}, {"type": "url", "name": "B", "url": "https://b.test/"}]},
                  {"type": "url", "name": "News", "url": "https://news.test/"}]},
                 "other": {"children": []}}
                """))
        #expect(
            try score("is_expected_bookmarks", roots, rules(#"{"type": "bookmark_bar_folders_names", "names": ["Liked Authors", "Work"]}"#))
                == 1)
        #expect(try score("is_expected_bookmarks", roots, rules(#"{"type": "bookmark_bar_folders_names", "names": ["Work"]}"#)) == 0)
        #expect(
            try score("is_expected_bookmarks", roots, rules(#"{"type": "bookmark_bar_websites_urls", "urls": ["https://news.test/"]}"#))
                == 1)
        // Links are compared as written, not as compare_urls would.
        #expect(
            try score("is_expected_bookmarks", roots, rules(#"{"type": "bookmark_bar_websites_urls", "urls": ["https://news.test"]}"#)) == 0
        )
        #expect(
            try score(
                "is_expected_bookmarks", roots,
                rules(#"{"type": "liked_authors_websites_urls", "urls": [["https://x.test/", "https://a.test/"], "https://b.test/"]}"#))
                == 1)
        #expect(
            try score("is_expected_bookmarks", roots, rules(#"{"type": "liked_authors_websites_urls", "urls": ["https://a.test/"]}"#)) == 0)
        #expect(try score("is_expected_bookmarks", .json(.array([])), rules(#"{"type": "bookmark_bar_websites_urls", "urls": []}"#)) == 0)
        #expect(throws: MetricError.self) { try score("is_expected_bookmarks", roots, rules(#"{"type": "synced_urls"}"#)) }
    }
}
