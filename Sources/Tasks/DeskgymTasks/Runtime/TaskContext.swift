import DeskgymSandbox
import Foundation
import Logging

/// What setup steps and getters need to act on a task's session.
public struct TaskContext: Sendable {
    /// The session the task runs in.
    public var session: DesktopSession
    /// Where `download` steps find files for http(s) URLs (there is no internet here) and where
    /// `execute` steps write their `stdout`/`stderr` files: `cache/<file name of the URL>`.
    public var cacheFolder: URL
    /// The folder of the task file, against which relative `local_path`s are resolved.
    public var taskFolder: URL?
    /// What `{CLIENT_PASSWORD}` stands for (OSWorld's VMs use `password`).
    public var clientPassword: String
    public var logger: Logger

    public init(session: DesktopSession, cacheFolder: URL, taskFolder: URL?, clientPassword: String = "password",
                logger: Logger) {
        self.session = session
        self.cacheFolder = cacheFolder
        self.taskFolder = taskFolder
        self.clientPassword = clientPassword
        self.logger = logger
    }

    /// Maps a path as OSWorld tasks write it to this session: `/home/user/…` and `~/…` are in the
    /// session's HOME.
    public func mapPath(_ path: String) -> String {
        let home = session.home.path
        if path == "/home/user" || path == "~" { return home }
        if path.hasPrefix("/home/user/") { return home + path.dropFirst("/home/user".count) }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// Replaces OSWorld's placeholders and HOME paths inside a command argument.
    public func expand(_ text: String) -> String {
        let size = session.desktop.screenSize
        return text.replacingOccurrences(of: "{CLIENT_PASSWORD}", with: clientPassword)
            .replacingOccurrences(of: "{SCREEN_WIDTH_HALF}", with: "\(size.width / 2)")
            .replacingOccurrences(of: "{SCREEN_HEIGHT_HALF}", with: "\(size.height / 2)")
            .replacingOccurrences(of: "{SCREEN_WIDTH}", with: "\(size.width)")
            .replacingOccurrences(of: "{SCREEN_HEIGHT}", with: "\(size.height)")
            .replacingOccurrences(of: "/home/user", with: session.home.path)
    }
}
