import DeskgymCore
import DeskgymTaskModel
import Foundation

/// OSWorld's Chrome getters that read the profile's settings file, `Default/Preferences` (a JSON
/// object), with no browser needed: `enable_do_not_track`, `enable_safe_browsing`,
/// `data_delete_automacally`, `default_search_engine`, `new_startup_page`, `profile_name` and
/// `find_unpacked_extension_path`.
///
/// OSWorld reads `~/.config/google-chrome/Default/Preferences`; Deskgym reads the first of the
/// session's profile folders (``ChromeDevTools/profileFolders``: Chromium's, then Google Chrome's)
/// that has that file, as the `bookmarks` getter does. Each getter keeps OSWorld's quirks: the
/// value when a key is absent, the text values (`"true"`/`"false"`), and the value OSWorld's
/// `except` branch returns when the file is missing or not JSON, or a key holds an unexpected type
/// (for several getters that is `"Google"`, a leftover of the search-engine getter they were
/// copied from).
///
/// Chromium writes `Preferences` some seconds after a setting changes (its file writer waits
/// 10 s) and at once when it quits: OSWorld's tasks restart the browser in their postconfig.
extension GetterRunner {
    /// The getter types read from `Default/Preferences`.
    static let chromeSettingTypes: Set<String> = [
        "enable_do_not_track", "enable_safe_browsing", "data_delete_automacally", "default_search_engine",
        "new_startup_page", "profile_name", "find_unpacked_extension_path",
    ]

    /// One of ``chromeSettingTypes``, read from the session's profile.
    static func chromeSetting(_ spec: GetterSpec, context: TaskContext) -> GetterValue {
        chromeSetting(
            spec.type, preferences: chromePreferences(reading: { try? context.session.readHomeFile($0) }), home: context.session.home)
    }

    /// The parsed `Default/Preferences` of the first profile folder (`read` reads a path
    /// relative to HOME) that has a non-empty one; nil when there is none or it is not JSON (where
    /// OSWorld's `json.loads` raises).
    static func chromePreferences(reading read: (String) -> Data?) -> JSONValue? {
        for folder in ChromeDevTools.profileFolders {
            guard let data = read(folder + "/Default/Preferences"), !data.isEmpty else { continue }
            return try? JSONValue(parsingJSON: data)
        }
        return nil
    }

    /// The value getter `type` gives for these preferences (nil: no readable file). Paths under
    /// `home` are given as OSWorld's VM has them, under `/home/user`.
    static func chromeSetting(_ type: String, preferences: JSONValue?, home: URL) -> GetterValue {
        /// What OSWorld's `except` branch returns.
        let fallback: GetterValue =
            switch type {
            case "enable_do_not_track", "enable_safe_browsing": .text("false")
            case "profile_name": .json(.null)
            default: .text("Google")
            }
        guard let data = preferences else { return fallback }
        do {
            switch type {
            case "enable_do_not_track":
                // `data.get('enable_do_not_track', {})`, taken as a truth value.
                return .text(try pythonGet(data, "enable_do_not_track")?.pythonTruthy == true ? "true" : "false")
            case "enable_safe_browsing":
                // `enhanced` or `enabled` under `safebrowsing`, as truth values. Chromium writes
                // neither while Safe Browsing keeps its default (on): a fresh profile gives "false".
                let safeBrowsing = try pythonGet(data, "safebrowsing") ?? .object([:])
                let enhanced = try pythonGet(safeBrowsing, "enhanced")?.pythonTruthy ?? false
                let enabled = try pythonGet(safeBrowsing, "enabled")?.pythonTruthy ?? false
                return .text(enhanced || enabled ? "true" : "false")
            case "data_delete_automacally":
                // `data["profile"]` must exist; "true" when `profile.default_content_setting_values`
                // is there and not null, whatever it holds. (Recent Chromium writes that object in a
                // fresh profile, so it gives "true" before anything is changed.)
                guard let profile = try pythonGet(data, "profile") else { return fallback }
                let values = try pythonGet(profile, "default_content_setting_values")
                return .text(values == nil || values == JSONValue.null ? "false" : "true")
            case "default_search_engine":
                // `default_search_provider_data.template_url_data.short_name`, "Google" when a key
                // is absent (Chromium writes none of them while the built-in default is kept).
                let provider = try pythonGet(data, "default_search_provider_data") ?? .object([:])
                let template = try pythonGet(provider, "template_url_data") ?? .object([:])
                let name = try pythonGet(template, "short_name") ?? .string("Google")
                return value(name)
            case "new_startup_page":
                // No `session` key means a fresh start: "true"; otherwise "true" only when
                // `session.restore_on_startup` is 5 (Chromium's "Open the New Tab page").
                guard let session = try pythonGet(data, "session") else { return .text("true") }
                let restore = try pythonGet(session, "restore_on_startup") ?? .object([:])
                return .text(restore.pythonEquals(.number(5)) ? "true" : "false")
            case "profile_name":
                // `profile.name`, None when absent.
                let profile = try pythonGet(data, "profile") ?? .object([:])
                return value(try pythonGet(profile, "name") ?? .null)
            case "find_unpacked_extension_path":
                // The `path` of every entry of `extensions.settings` (component and store extensions
                // too); an entry without a `path` makes OSWorld fail as a whole, giving "Google".
                // Ordered by extension id: a Swift dictionary does not keep the file's order.
                let extensions = try pythonGet(data, "extensions") ?? .object([:])
                guard let settings = (try pythonGet(extensions, "settings") ?? .object([:])).objectValue else { return fallback }
                var paths: [JSONValue] = []
                for id in settings.keys.sorted() {
                    guard let path = settings[id]?["path"] else { return fallback }
                    paths.append(path.stringValue.map { .string(osworldPath($0, home: home)) } ?? path)
                }
                return .json(.array(paths))
            default:
                return fallback
            }
        } catch {
            return fallback
        }
    }

    /// Python `value.get(key)` on a parsed JSON value: the member, or nil when absent.
    /// - Throws: when `value` is not an object (Python raises `AttributeError`).
    private static func pythonGet(_ value: JSONValue, _ key: String) throws -> JSONValue? {
        guard let object = value.objectValue else { throw StepProblem("'\(value.pythonTypeName)' object has no attribute 'get'") }
        return object[key]
    }

    /// A value as a getter gives it: text as text, anything else as JSON (None stays null).
    private static func value(_ value: JSONValue) -> GetterValue {
        value.stringValue.map { .text($0) } ?? .json(value)
    }

    /// `path` with the session's HOME (as written or with symbolic links resolved) replaced by
    /// `/home/user`, the HOME of OSWorld's VM that tasks name.
    static func osworldPath(_ path: String, home: URL) -> String {
        for prefix in Set([home.standardizedFileURL.path, home.resolvingSymlinksInPath().path]) where !prefix.isEmpty {
            if path == prefix { return "/home/user" }
            if path.hasPrefix(prefix + "/") { return "/home/user" + path.dropFirst(prefix.count) }
        }
        return path
    }
}
