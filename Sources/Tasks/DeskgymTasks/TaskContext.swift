import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// What setup steps and getters need to act on a task's session.
public struct TaskContext: Sendable {
    /// The session the task runs in.
    public var session: DesktopSession
    /// The trajectory's own cache folder: where `execute` steps write their `stdout`/`stderr` files
    /// and getters copy files. A file named like an http(s) URL's last path component found here
    /// (`cache/<file name of the URL>`) is used before the shared ``downloads`` cache.
    public var cacheFolder: URL
    /// The download cache shared by all sessions, through which `download` steps and `cloud_file`
    /// getters fetch http(s) URLs.
    public var downloads: DownloadCache
    /// The folder of the task file, against which relative `local_path`s are resolved.
    public var taskFolder: URL?
    /// What `{CLIENT_PASSWORD}` stands for (OSWorld's VMs use `password`).
    public var clientPassword: String
    /// Where the episode serves the task's `deskgym.pages` folder (`http://127.0.0.1:PORT`), which
    /// `{PAGES_URL}` stands for; nil when the task serves no pages.
    public var pagesURL: URL?
    public var logger: Logger

    public init(
        session: DesktopSession, cacheFolder: URL, taskFolder: URL?, clientPassword: String = "password",
        pagesURL: URL? = nil, downloads: DownloadCache? = nil, logger: Logger
    ) {
        self.session = session
        self.cacheFolder = cacheFolder
        // Without one given, the environment configures it (DESKGYM_DOWNLOAD_CACHE, DESKGYM_OFFLINE,
        // DESKGYM_DOWNLOAD_MIRRORS), so every front end (run, eval, serve, record) shares one cache.
        self.downloads = downloads ?? DownloadCache(environment: ProcessInfo.processInfo.environment)
        self.taskFolder = taskFolder
        self.clientPassword = clientPassword
        self.pagesURL = pagesURL
        self.logger = logger
    }

    /// Maps a path as OSWorld tasks write it to where this server finds it in the session:
    /// `/home/user/…` and `~/…` are in the session's HOME; in a sandbox, other paths are the
    /// sandbox's (``DesktopSession/hostPath(forProgramPath:)``).
    public func mapPath(_ path: String) -> String {
        session.hostPath(forProgramPath: programPath(path))
    }

    /// Maps a path as OSWorld tasks write it to where the session's programs find it: `~/…` in
    /// their HOME (`/home/user` in a sandbox, where `/home/user/…` is already right).
    public func programPath(_ path: String) -> String {
        let home = session.programHome
        if path == "/home/user" || path == "~" { return home }
        if path.hasPrefix("/home/user/") { return home + path.dropFirst("/home/user".count) }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// Replaces OSWorld's placeholders, Deskgym's `{PAGES_URL}` and HOME paths inside a command
    /// argument (`/home/user` stays as written in a sandbox, where it is HOME).
    public func expand(_ text: String) -> String {
        let size = session.desktop.screenSize
        return expandPages(text).replacingOccurrences(of: "{CLIENT_PASSWORD}", with: clientPassword)
            .replacingOccurrences(of: "{SCREEN_WIDTH_HALF}", with: "\(size.width / 2)")
            .replacingOccurrences(of: "{SCREEN_HEIGHT_HALF}", with: "\(size.height / 2)")
            .replacingOccurrences(of: "{SCREEN_WIDTH}", with: "\(size.width)")
            .replacingOccurrences(of: "{SCREEN_HEIGHT}", with: "\(size.height)")
            .replacingOccurrences(of: "/home/user", with: session.programHome)
    }

    /// Replaces `{PAGES_URL}` with the served pages' base URL (no trailing slash), and nothing
    /// else: `rule` getters use this, since their other text is compared as written.
    public func expandPages(_ text: String) -> String {
        guard let pagesURL, text.contains("{PAGES_URL}") else { return text }
        var base = pagesURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return text.replacingOccurrences(of: "{PAGES_URL}", with: base)
    }

    /// `expandPages` applied to every string inside a JSON value (keys stay as written).
    public func expandPages(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(expandPages(text))
        case .array(let elements): .array(elements.map { expandPages($0) })
        case .object(let fields): .object(fields.mapValues { expandPages($0) })
        default: value
        }
    }
}
