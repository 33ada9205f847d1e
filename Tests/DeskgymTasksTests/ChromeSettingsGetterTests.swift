import DeskgymCore
import DeskgymMetrics
import DeskgymSandbox
import DeskgymTaskModel
import DeskgymTaskTestSupport
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.chrome-settings")
    logger.logLevel = .warning
    return logger
}()

private func getter(_ type: String) -> GetterSpec { GetterSpec(type: type) }

/// Writes `text` as `<profile>/Default/Preferences` under `home`.
private func writePreferences(_ text: String, profile: String = ".config/chromium", home: URL) throws {
    let folder = home.appendingPathComponent(profile).appendingPathComponent("Default")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: folder.appendingPathComponent("Preferences"))
}

/// OSWorld's Chrome settings getters (`getters/chrome.py`) on `Default/Preferences` files written
/// by the test: the values, the defaults for absent keys and the `except` branch's values.
@Suite("Chrome settings getters")
struct ChromeSettingsGetterTests {
    let home = URL(fileURLWithPath: "/tmp/deskgym-session-x/home")

    func value(_ type: String, _ preferences: String?) -> GetterValue {
        GetterRunner.chromeSetting(type, preferences: preferences.map { MetricFixture.json($0) }, home: home)
    }

    @Test("enable_do_not_track and enable_safe_browsing: truth values as \"true\"/\"false\"; absent or no file: \"false\"")
    func privacyFlags() {
        #expect(value("enable_do_not_track", #"{"enable_do_not_track": true}"#) == .text("true"))
        #expect(value("enable_do_not_track", #"{"enable_do_not_track": false}"#) == .text("false"))
        #expect(value("enable_do_not_track", #"{"enable_do_not_track": 1}"#) == .text("true"))
        #expect(value("enable_do_not_track", #"{}"#) == .text("false"))
        #expect(value("enable_do_not_track", nil) == .text("false"))
        #expect(value("enable_do_not_track", #"[1]"#) == .text("false"))

        #expect(value("enable_safe_browsing", #"{"safebrowsing": {"enabled": true}}"#) == .text("true"))
        #expect(value("enable_safe_browsing", #"{"safebrowsing": {"enabled": false, "enhanced": true}}"#) == .text("true"))
        // Chromium writes no `enabled` while Safe Browsing keeps its default: OSWorld says "false".
        #expect(value("enable_safe_browsing", #"{"safebrowsing": {"event_timestamps": {}}}"#) == .text("false"))
        #expect(value("enable_safe_browsing", #"{"safebrowsing": {"enabled": false}}"#) == .text("false"))
        #expect(value("enable_safe_browsing", #"{"safebrowsing": null}"#) == .text("false"))
        #expect(value("enable_safe_browsing", nil) == .text("false"))
    }

    @Test("data_delete_automacally: profile.default_content_setting_values present and not null; no profile: \"Google\"")
    func dataDelete() {
        #expect(value("data_delete_automacally", #"{"profile": {"default_content_setting_values": {"cookies": 4}}}"#) == .text("true"))
        // Any value counts, even an empty object.
        #expect(value("data_delete_automacally", #"{"profile": {"default_content_setting_values": {}}}"#) == .text("true"))
        #expect(value("data_delete_automacally", #"{"profile": {"default_content_setting_values": null}}"#) == .text("false"))
        #expect(value("data_delete_automacally", #"{"profile": {"name": "Person 1"}}"#) == .text("false"))
        #expect(value("data_delete_automacally", #"{"session": {}}"#) == .text("Google"))
        #expect(value("data_delete_automacally", #"{"profile": []}"#) == .text("Google"))
        #expect(value("data_delete_automacally", nil) == .text("Google"))
    }

    @Test("default_search_engine: template_url_data.short_name, \"Google\" when absent or unreadable")
    func searchEngine() {
        let bing = #"{"default_search_provider_data": {"template_url_data": {"short_name": "Microsoft Bing", "keyword": "bing.com"}}}"#
        #expect(value("default_search_engine", bing) == .text("Microsoft Bing"))
        #expect(value("default_search_engine", #"{"default_search_provider_data": {"template_url_data": {}}}"#) == .text("Google"))
        #expect(value("default_search_engine", #"{}"#) == .text("Google"))
        #expect(
            value("default_search_engine", #"{"default_search_provider_data": {"template_url_data": {"short_name": null}}}"#)
                == .json(.null))
        #expect(value("default_search_engine", #"{"default_search_provider_data": 3}"#) == .text("Google"))
        #expect(value("default_search_engine", nil) == .text("Google"))
    }

    @Test("new_startup_page: no session key is \"true\"; restore_on_startup 5 is \"true\", else \"false\"")
    func startupPage() {
        #expect(value("new_startup_page", #"{"profile": {}}"#) == .text("true"))
        #expect(value("new_startup_page", #"{"session": {"restore_on_startup": 5}}"#) == .text("true"))
        #expect(value("new_startup_page", #"{"session": {"restore_on_startup": 5.0}}"#) == .text("true"))
        #expect(
            value("new_startup_page", #"{"session": {"restore_on_startup": 4, "startup_urls": ["https://funbrain.com/"]}}"#)
                == .text("false"))
        #expect(value("new_startup_page", #"{"session": {"restore_on_startup": 1}}"#) == .text("false"))
        #expect(value("new_startup_page", #"{"session": {}}"#) == .text("false"))
        #expect(value("new_startup_page", #"{"session": null}"#) == .text("Google"))
        #expect(value("new_startup_page", nil) == .text("Google"))
    }

    @Test("profile_name: profile.name, None when absent or unreadable")
    func profileName() {
        #expect(value("profile_name", #"{"profile": {"name": "Thomas"}}"#) == .text("Thomas"))
        #expect(value("profile_name", #"{"profile": {}}"#) == .json(.null))
        #expect(value("profile_name", #"{}"#) == .json(.null))
        #expect(value("profile_name", #"{"profile": "x"}"#) == .json(.null))
        #expect(value("profile_name", nil) == .json(.null))
    }

    @Test("find_unpacked_extension_path: every extension's path, the session's HOME as /home/user; an entry without a path: \"Google\"")
    func extensionPaths() {
        let preferences = #"""
            {"extensions": {"settings": {
                "mhjfbmdgcfjbbpaeojofohoefgiehjai": {"location": 5, "path": "/usr/lib/chromium/resources/pdf"},
                "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb": {"location": 4, "path": "/tmp/deskgym-session-x/home/Desktop/helloExtension"},
                "cccccccccccccccccccccccccccccccc": {"location": 1, "path": "cccc/1.0_0"}
            }}}
            """#
        #expect(
            value("find_unpacked_extension_path", preferences)
                == .json(
                    .array([
                        .string("/home/user/Desktop/helloExtension"), .string("cccc/1.0_0"), .string("/usr/lib/chromium/resources/pdf"),
                    ])))
        #expect(value("find_unpacked_extension_path", #"{"extensions": {}}"#) == .json(.array([])))
        #expect(value("find_unpacked_extension_path", #"{}"#) == .json(.array([])))
        #expect(value("find_unpacked_extension_path", #"{"extensions": {"settings": {"a": {"location": 1}}}}"#) == .text("Google"))
        #expect(value("find_unpacked_extension_path", #"{"extensions": {"settings": null}}"#) == .text("Google"))
        #expect(value("find_unpacked_extension_path", nil) == .text("Google"))
        // Only a whole HOME prefix is replaced.
        #expect(GetterRunner.osworldPath("/tmp/deskgym-session-x/home2/a", home: home) == "/tmp/deskgym-session-x/home2/a")
        #expect(GetterRunner.osworldPath("/tmp/deskgym-session-x/home", home: home) == "/home/user")
    }

    @Test("the settings getters are supported, and refused in guest sessions like the other Chrome getters")
    func registered() {
        #expect(GetterRunner.chromeSettingTypes.count == 7)
        #expect(GetterRunner.chromeSettingTypes.isSubset(of: GetterRunner.supportedTypes))
        #expect(GetterRunner.chromeSettingTypes.isSubset(of: GetterRunner.localOnlyTypes))
        #expect(!GetterRunner.supportedTypes.contains("chrome_appearance_mode_ui"))
    }

    @Test("in a session: read from ~/.config/chromium (first) or ~/.config/google-chrome; a broken file gives OSWorld's except values")
    func inSession() async throws {
        try await withTaskSession(logger: logger) { session, context in
            let home = session.home
            // No profile at all.
            #expect(try await GetterRunner.fetch(getter("profile_name"), context: context) == .json(.null))
            #expect(try await GetterRunner.fetch(getter("new_startup_page"), context: context) == .text("Google"))

            try writePreferences(
                #"{"profile": {"name": "Chrome user"}, "enable_do_not_track": true}"#, profile: ".config/google-chrome", home: home)
            #expect(try await GetterRunner.fetch(getter("profile_name"), context: context) == .text("Chrome user"))
            #expect(try await GetterRunner.fetch(getter("enable_do_not_track"), context: context) == .text("true"))

            let chromium = #"""
                {"profile": {"name": "Thomas", "default_content_setting_values": {"cookies": 4}},
                 "safebrowsing": {"enhanced": true},
                 "session": {"restore_on_startup": 5},
                 "default_search_provider_data": {"template_url_data": {"short_name": "Bing"}},
                 "extensions": {"settings": {"abc": {"path": "\#(home.path)/Desktop/helloExtension"}}}}
                """#
            try writePreferences(chromium, home: home)
            let expected: [String: GetterValue] = [
                "enable_do_not_track": .text("false"), "enable_safe_browsing": .text("true"), "data_delete_automacally": .text("true"),
                "default_search_engine": .text("Bing"), "new_startup_page": .text("true"), "profile_name": .text("Thomas"),
                "find_unpacked_extension_path": .json(.array([.string("/home/user/Desktop/helloExtension")])),
            ]
            for (type, value) in expected {
                #expect(try await GetterRunner.fetch(getter(type), context: context) == value, "\(type)")
            }
            let outcome = try Metric.evaluate(
                name: "is_in_list", result: .json(.array([.string("/home/user/Desktop/helloExtension")])),
                expected: .json(MetricFixture.json(#"{"expected": "/home/user/Desktop/helloExtension"}"#)))
            #expect(outcome.score == 1)

            // Not JSON: json.loads raises, and each getter gives its except value.
            try writePreferences("{\"profile\": ", home: home)
            #expect(try await GetterRunner.fetch(getter("profile_name"), context: context) == .json(.null))
            #expect(try await GetterRunner.fetch(getter("enable_safe_browsing"), context: context) == .text("false"))
            #expect(try await GetterRunner.fetch(getter("default_search_engine"), context: context) == .text("Google"))
        }
    }
}

/// The settings getters on the `Default/Preferences` a real Chromium writes (`vm-configs/browser.yaml`,
/// with an unpacked extension in `~/Desktop/helloExtension` loaded from the command line): the file
/// layout OSWorld's getters assume is the browser's own.
@Suite("Chrome settings in a real Chromium", .serialized, .timeLimit(.minutes(3)))
struct ChromeSettingsSessionTests {
    /// Polls `type` (every 250 ms, up to `timeout`) until it gives `expected`; the last value.
    func poll(
        _ type: String, until expected: (GetterValue) -> Bool, context: TaskContext,
        timeout: Duration = .seconds(40)
    ) async throws -> GetterValue {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let value = try await GetterRunner.fetch(getter(type), context: context)
            if expected(value) || clock.now >= deadline { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    @Test(
        "Chromium's own Preferences: profile name, search engine, unpacked extension path, and settings changed through chrome://settings")
    func realPreferences() async throws {
        let root = TaskTestSupport.repositoryRoot
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-chrome-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: template) }
        try FileManager.default.copyItem(at: root.appendingPathComponent("vm-configs/home/default"), to: template)
        let extensionFolder = template.appendingPathComponent("Desktop/helloExtension")
        try FileManager.default.createDirectory(at: extensionFolder, withIntermediateDirectories: true)
        try Data(#"{"manifest_version": 3, "name": "Hello Deskgym", "version": "1.0"}"#.utf8)
            .write(to: extensionFolder.appendingPathComponent("manifest.json"))

        var config = try VMConfig.load(from: root.appendingPathComponent("vm-configs/browser.yaml"))
        config.homeTemplate = template.path
        let index = try #require(config.apps.firstIndex { $0.command == "chromium" })
        // Apps start in HOME, so the relative path is the session's ~/Desktop/helloExtension.
        config.apps[index].args.insert("--load-extension=Desktop/helloExtension", at: config.apps[index].args.count - 1)

        try await withTaskSession(config, logger: logger) { session, context in
            let browser = try await ChromeDevTools.wait(in: session, timeout: .seconds(30))
            // Chromium writes Preferences a few seconds after it starts.
            let paths = try await poll(
                "find_unpacked_extension_path",
                until: {
                    $0.jsonArray?.contains(.string("/home/user/Desktop/helloExtension")) == true
                }, context: context)
            #expect(paths.jsonArray?.contains(.string("/home/user/Desktop/helloExtension")) == true, "\(paths)")
            let file = session.home.appendingPathComponent(".config/chromium/Default/Preferences")
            #expect(FileManager.default.fileExists(atPath: file.path))

            // A fresh profile: Chromium names it, and keeps the built-in search engine without writing it.
            let name = try await GetterRunner.fetch(getter("profile_name"), context: context)
            guard case .text(let text?) = name else { Issue.record("profile_name gave \(name)"); return }
            #expect(!text.isEmpty)
            #expect(try await GetterRunner.fetch(getter("default_search_engine"), context: context) == .text("Google"))
            #expect(try await GetterRunner.fetch(getter("enable_do_not_track"), context: context) == .text("false"))

            // Change two settings the way the settings page does, then wait for Chromium to write them.
            let tab = try await browser.open("chrome://settings/privacy")
            _ = try await browser.waitForTitle(of: tab.id, timeout: .seconds(10))
            func setPref(_ name: String, _ value: String) async throws -> JSONValue {
                try await browser.evaluate(
                    "new Promise(done => chrome.settingsPrivate.setPref('\(name)', \(value), '', done))",
                    inTab: tab.id)
            }
            #expect(try await setPref("enable_do_not_track", "true") == .bool(true))
            #expect(try await setPref("session.restore_on_startup", "1") == .bool(true))
            let tracking = try await poll("enable_do_not_track", until: { $0 == .text("true") }, context: context)
            #expect(tracking == .text("true"))
            // Chromium writes its Preferences when it likes: the write that showed the first
            // setting may have come before the second was made.
            #expect(try await poll("new_startup_page", until: { $0 == .text("false") }, context: context) == .text("false"))
            #expect(try await setPref("session.restore_on_startup", "5") == .bool(true))
            #expect(try await poll("new_startup_page", until: { $0 == .text("true") }, context: context) == .text("true"))
        }
    }
}

extension GetterValue {
    /// The list, if this is a JSON array.
    fileprivate var jsonArray: [JSONValue]? {
        if case .json(.array(let items)) = self { items } else { nil }
    }
}
