import DeskgymMetrics
import DeskgymTaskModel
import Foundation

extension SetupRunner {
    /// How long the Chromium steps wait for the browser's DevTools endpoint to answer.
    static let chromeStartTimeout: Duration = .seconds(30)
    /// How long `chrome_open_tabs` waits for each new tab to show its page title.
    static let chromeLoadTimeout: Duration = .seconds(10)

    /// OSWorld's `chrome_open_tabs`: opens each of `urls_to_open` in a new tab (placeholders such
    /// as `{PAGES_URL}` expanded) and, after the first, closes the tab that was open before
    /// (OSWorld closes the browser's default tab; when several were open, the least recently used
    /// one goes). Waits for the browser to answer, and for each tab to show its page title (at
    /// most 10 s, where OSWorld waits for the load event at most 60 s).
    static func chromeOpenTabs(_ step: SetupStep, context: TaskContext) async throws {
        let urls = try stringList(step, "urls_to_open")
        let browser = try await ChromeDevTools.wait(in: context.session, timeout: chromeStartTimeout)
        let before = try await browser.pages()
        for (index, url) in urls.enumerated() {
            let tab = try await browser.open(context.expand(url))
            try await browser.waitForTitle(of: tab.id, timeout: chromeLoadTimeout)
            if index == 0, let old = before.last {
                try await browser.close(old.id)
            }
        }
    }

    /// OSWorld's `chrome_close_tabs`: for each of `urls_to_close`, closes the first tab whose
    /// address is the same URL by OSWorld's `compare_urls`. OSWorld first sleeps 5 s for the
    /// browser to start; this waits for its DevTools endpoint instead.
    static func chromeCloseTabs(_ step: SetupStep, context: TaskContext) async throws {
        let urls = try stringList(step, "urls_to_close")
        let browser = try await ChromeDevTools.wait(in: context.session, timeout: chromeStartTimeout)
        for url in urls {
            let wanted = context.expand(url)
            if let tab = try await browser.pages().first(where: { URLComparison.same($0.url, wanted) }) {
                try await browser.close(tab.id)
                // DevTools answers before the tab is gone; as Playwright's close, return once it is.
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(5)
                while clock.now < deadline, try await browser.pages().contains(where: { $0.id == tab.id }) {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
    }

    /// A parameter that must be a list of strings.
    static func stringList(_ step: SetupStep, _ name: String) throws -> [String] {
        guard let value = step[parameter: name] else { throw StepProblem("missing parameter '\(name)' (a list of URLs)") }
        guard let list = value.arrayValue else { throw StepProblem("'\(name)' must be a list of strings, got \(value.typeName)") }
        return try list.enumerated().map { index, element in
            guard let text = element.stringValue else {
                throw StepProblem("\(name)[\(index)] must be a string, got \(element.typeName)")
            }
            return text
        }
    }
}
