import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymRuntime
@testable import DeskgymTasks

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.chrome")
    logger.logLevel = .warning
    return logger
}()

private func step(_ type: String, _ parameters: [String: JSONValue]) -> SetupStep {
    SetupStep(type: type, parameters: .object(parameters))
}

private func getter(_ type: String, _ fields: [String: JSONValue] = [:]) -> GetterSpec {
    GetterSpec(type: type, fields: fields)
}

/// The processes whose environment names `home` as HOME: every process a session started, with
/// those that left its process tree (Chromium's crash handler detaches itself).
private func processes(withHome home: URL) -> [Int32] {
    let entry = Data("HOME=\(home.path)".utf8)
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return environment.split(separator: 0).contains { $0.elementsEqual(entry) }
    }
}

/// The Chrome steps and getters against a real Chromium in a real session (`vm-configs/browser.yaml`),
/// on the bundled shop pages served by a real page server.
@Suite("Chromium steps and getters in a session", .serialized, .timeLimit(.minutes(3)))
struct ChromeSessionTests {
    @Test("open and close tabs, read tabs, the tab in front, a page and bookmarks; nothing survives the session")
    func tabsAndGetters() async throws {
        let config = try VMConfig.load(from: repository.appendingPathComponent("vm-configs/browser.yaml"))
        let server = try await PageServer.start(folder: repository.appendingPathComponent("tasks/chrome/pages/shop"), logger: logger)
        let session: DesktopSession
        do {
            session = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await server.stop()
            throw error
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-chrome-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let context = TaskContext(session: session, cacheFolder: scratch, taskFolder: nil, pagesURL: server.baseURL, logger: logger)
        let base = server.baseURL.absoluteString
        var pids: [Int32] = []
        do {
            let browser = try await ChromeDevTools.wait(in: session, timeout: .seconds(30))
            let blank = try await browser.pages()
            #expect(blank.map(\.url) == ["about:blank"])
            #expect(try await GetterRunner.fetch(getter("bookmarks"), context: context) == .json(.array([])))

            // OSWorld's chrome_open_tabs: the default tab goes once the first URL is open.
            try await SetupRunner.run(
                [
                    step(
                        "chrome_open_tabs",
                        [
                            "urls_to_open": .array([
                                .string("{PAGES_URL}/index.html"), .string("{PAGES_URL}/about.html"),
                            ])
                        ])
                ], phase: "config", context: context)
            let tabs = try await GetterRunner.fetch(getter("open_tabs_info"), context: context)
            guard case .json(.array(let list)) = tabs else { Issue.record("open_tabs_info gave \(tabs)"); throw CancellationError() }
            #expect(Set(list.compactMap { $0["url"]?.stringValue }) == ["\(base)/index.html", "\(base)/about.html"])
            #expect(Set(list.compactMap { $0["title"]?.stringValue }) == ["Northwind Kitchen - Home", "About Northwind Kitchen"])

            // The last tab opened is in front.
            let active = try await GetterRunner.fetch(getter("active_tab_info"), context: context)
            #expect(active.json?["url"] == .string("\(base)/about.html"))
            #expect(active.json?["title"] == .string("About Northwind Kitchen"))
            #expect(active.json?["content"]?.stringValue?.contains("founded in 1998") == true)
            let shown = try await GetterRunner.fetch(
                getter("active_url_from_accessTree", ["goto_prefix": .string("http://")]), context: context)
            #expect(shown == .text("\(base)/about.html"))

            // A tab opened in the background comes first in DevTools' list, yet the tab in front stays.
            try await session.desktop.perform(.hotkey([try Key("ctrl"), try Key("f")]))
            try await Task.sleep(for: .milliseconds(300))
            try await session.desktop.perform(.typing("Contact us"))
            try await Task.sleep(for: .milliseconds(300))
            try await session.desktop.perform(.press(try Key("escape")))
            try await Task.sleep(for: .milliseconds(200))
            try await session.desktop.perform(.hotkey([try Key("ctrl"), try Key("enter")]))
            var background: ChromeDevTools.Target?
            for _ in 0..<600 where background == nil {
                background = try await browser.pages().first { $0.url == "\(base)/contact.html" }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(background != nil, "ctrl+enter on the Contact link should open a background tab")
            #expect(try await browser.pages().first?.url == "\(base)/contact.html")
            let stillActive = try await GetterRunner.fetch(getter("active_tab_info"), context: context)
            #expect(stillActive.json?["url"] == .string("\(base)/about.html"))

            try await SetupRunner.run(
                [step("chrome_close_tabs", ["urls_to_close": .array([.string("{PAGES_URL}/about.html")])])],
                phase: "config", context: context)
            let remaining = try await browser.pages().map(\.url)
            #expect(Set(remaining) == ["\(base)/index.html", "\(base)/contact.html"])

            let page = try await GetterRunner.fetch(getter("page_info", ["url": .string("{PAGES_URL}/delivery.html")]), context: context)
            #expect(page.json?["title"] == .string("Delivery information - Northwind Kitchen"))
            #expect(page.json?["url"] == .string("\(base)/delivery.html"))
            #expect(try await browser.pages().count == 2, "page_info must not open a tab")

            // Pages are read inside the session, with its user's rights and its network: its own
            // files, not this machine's, and not a server here that was not made its.
            try session.writeHomeFile(Data("<title>In HOME</title>".utf8), to: "mine.html")
            let hostFile = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-host-\(UUID()).html")
            try Data("<title>Host secret</title>".utf8).write(to: hostFile)
            defer { try? FileManager.default.removeItem(at: hostFile) }
            let other = try await PageServer.start(folder: repository.appendingPathComponent("tasks/chrome/pages/shop"), logger: logger)
            defer { Task { await other.stop() } }
            for (address, title) in [
                ("file:///home/user/mine.html", "In HOME"), ("file:///etc/shadow", "Connection failed"),
                ("file://\(hostFile.path)", "Connection failed"), ("\(other.baseURL.absoluteString)/index.html", "Connection failed"),
            ] {
                let read = try await GetterRunner.fetch(getter("page_info", ["url": .string(address)]), context: context)
                #expect(read.json?["title"] == .string(title), "\(address): \(read)")
            }

            pids = session.programs.filter { $0.name.hasPrefix("chrom") }.map(\.pid)
            #expect(pids.count >= 5, "Chromium runs several processes: \(pids)")
        } catch {
            await session.stop()
            await server.stop()
            throw error
        }
        let home = session.home
        await session.stop()
        await server.stop()
        // Chromium's processes, its crash handlers (which leave the process tree) included, are all
        // gone — not even a zombie is left.
        let survivors = pids.filter { FileManager.default.fileExists(atPath: "/proc/\($0)") }
        #expect(survivors.isEmpty, "still there after stop: \(survivors)")
        #expect(processes(withHome: home).isEmpty)
    }
}

extension GetterValue {
    /// The JSON value, if this is one.
    fileprivate var json: JSONValue? {
        if case .json(let value) = self { value } else { nil }
    }
}
