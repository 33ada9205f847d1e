import DeskgymCore
import Foundation
import Logging

extension DesktopSession {
    /// A session around `driver`, a desktop already connected by the caller: no Xvfb, window
    /// manager or app is started, and none is ever stopped. So the runtime and the server can be
    /// exercised against any ``DesktopDriver``, such as an in-memory one in tests.
    ///
    /// The session still has a real folder (a fresh one under `root`, with `home/`, `logs/` and
    /// `run/`), so that getters, caches and records work; commands run here, in that HOME, as for a
    /// `vnc` session with `commands: local`. ``checkHealth()`` reports the driver's
    /// ``DesktopDriver/lostReason``; ``stop()`` closes the driver and removes the folder.
    /// - Parameters:
    ///   - config: the environment the session says it runs (its screen, settle policy, name);
    ///     its apps and window manager are not started.
    ///   - displayName: what the session is called in listings and messages.
    public static func attached(
        to driver: any DesktopDriver, config: VMConfig, root: URL = defaultRoot,
        displayName: String = "attached", logger: Logger
    ) throws -> DesktopSession {
        let folder = try makeFolder(root: root)
        do {
            let home = folder.appendingPathComponent("home")
            try prepareHome(home, template: config.homeTemplate)
            let runtime = try makeRuntimeFolders(in: folder)
            var environment = makeEnvironment(config: config, display: "", home: home, runtime: runtime, authorization: nil)
            // No X display this process knows of: programs must not guess one.
            environment["DISPLAY"] = nil
            return DesktopSession(
                config: config, displayName: displayName, folder: folder, home: home,
                environment: environment, desktop: driver, x11: nil, xvfb: nil, channel: .local,
                children: [], startupDuration: .zero, startupPhases: [:], logger: logger)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }
}
