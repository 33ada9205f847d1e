import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import Foundation
import Logging

/// What `deskgym bench settle` starts its desktops from: a HOME template whose GTK settings keep
/// carets still and animations off, a page with a text field served on a loopback port
/// (``PageServer``), and the desktops themselves (``SettleDesk``).
public final class SettleScene: Sendable {
    /// The scene's folder (`home/`, `pages/`), removed by ``stop()``.
    public let folder: URL
    /// The screen of every desktop.
    public let screen: Size
    /// The page server, when desktops with Chromium are started.
    public let pages: PageServer?

    /// The page's title, which Chromium's window title starts with once it is shown.
    public static let pageTitle = "Settle bench"

    /// Chromium's flags, as `vm-configs/browser.yaml` gives them (without the DevTools port: nothing
    /// here reads it), and a window that fills the screen.
    public static let chromiumFlags = [
        "--no-sandbox", "--test-type", "--no-first-run", "--no-default-browser-check", "--password-store=basic",
        "--disable-sync", "--disable-features=Translate,MediaRouter,OptimizationHints", "--hide-crash-restore-bubble",
        "--noerrdialogs", "--deny-permission-prompts", "--disable-component-update", "--disable-gpu",
        "--force-device-scale-factor=1", "--lang=en-US", "--start-maximized",
    ]

    private init(folder: URL, screen: Size, pages: PageServer?) {
        self.folder = folder
        self.screen = screen
        self.pages = pages
    }

    /// Writes the HOME template and the page, and starts the page server when `chromium`.
    /// - Throws: ``BenchmarkError`` naming what could not be written or started.
    public static func prepare(screen: Size, chromium: Bool, logger: Logger) async throws -> SettleScene {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-settle-\(getpid())-\(UUID())")
        let home = folder.appendingPathComponent("home")
        let pagesFolder = folder.appendingPathComponent("pages")
        do {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(".config/gtk-3.0"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: pagesFolder, withIntermediateDirectories: true)
            // GTK's caret (mousepad; Chromium reads the same setting through its GTK integration)
            // would repaint every half second; xterm's does not blink unless asked.
            try "[Settings]\ngtk-cursor-blink = false\ngtk-enable-animations = false\n"
                .write(to: home.appendingPathComponent(".config/gtk-3.0/settings.ini"), atomically: true, encoding: .utf8)
            try "XTerm*cursorBlink: false\nXTerm*scrollBar: false\n"
                .write(to: home.appendingPathComponent(".Xdefaults"), atomically: true, encoding: .utf8)
            try page.write(to: pagesFolder.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw BenchmarkError(benchmark: "settle", message: "cannot write the scene in \(folder.path): \(error)")
        }
        guard chromium else { return SettleScene(folder: folder, screen: screen, pages: nil) }
        do {
            let server = try await PageServer.start(folder: pagesFolder, logger: logger)
            return SettleScene(folder: folder, screen: screen, pages: server)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw BenchmarkError(benchmark: "settle", message: "cannot serve the page: \(error)")
        }
    }

    /// A page with a text field that has the focus, and the typed word in its text (so that
    /// Chromium's find bar finds and highlights it). Closing the find bar leaves the focus on the
    /// match it selected; the page gives it back to the field when it gets the focus again.
    static let page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>\(pageTitle)</title>
        <style>body { font: 24px sans-serif; margin: 40px; } input { font: 32px sans-serif; width: 80%; }</style>
        </head><body>
        <p>A field for the settle benchmark. Words to find: \(SettleScript.word), \(SettleScript.word).</p>
        <input id="field" autofocus autocomplete="off" spellcheck="false">
        <script>window.addEventListener("focus", () => document.getElementById("field").focus());</script>
        </body></html>
        """

    /// The vm-config of the desktops: xterm and mousepad (Chromium is started once the page's
    /// port is reachable in the session).
    public func config(name: String) -> VMConfig {
        VMConfig(
            name: name, screen: .init(width: screen.width, height: screen.height, depth: 24),
            apps: [
                .init(command: "xterm", args: ["-geometry", "80x24+0+0"], waitForWindow: "xterm"),
                .init(command: "mousepad", waitForWindow: "mousepad"),
            ],
            homeTemplate: folder.appendingPathComponent("home").path, source: "bench settle")
    }

    /// Starts a desktop with xterm, mousepad and, when the scene serves its page, Chromium on it.
    /// - Parameter staleFolder: where the desk writes stale observations.
    /// - Throws: ``BenchmarkError`` when an app's window does not show up; the session is stopped.
    public func startDesk(staleFolder: URL?, logger: Logger) async throws -> SettleDesk {
        let session = try await DesktopSession.start(config: config(name: "settle"), logger: logger)
        do {
            let x11 = try session.requireX11(for: "the settle benchmark")
            if let pages {
                try await session.expose(hostPort: pages.port)
                _ = try session.launch(
                    "chromium", arguments: Self.chromiumFlags + [pages.baseURL.appendingPathComponent("index.html").absoluteString],
                    name: "chromium")
            }
            var windows: [SettleScript.App: UInt] = [:]
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(120)
            while true {
                for window in try x11.windows.list() {
                    switch window.instanceName.lowercased() {
                    case "xterm": windows[.xterm] = window.id
                    case "mousepad": windows[.mousepad] = window.id
                    case "chromium" where window.title.hasPrefix(Self.pageTitle): windows[.chromium] = window.id
                    default: break
                    }
                }
                if windows.count == (pages == nil ? 2 : 3) { break }
                guard clock.now < deadline else {
                    let missing = SettleScript.App.allCases.filter { windows[$0] == nil && ($0 != .chromium || pages != nil) }.map(
                        \.rawValue)
                    throw BenchmarkError(
                        benchmark: "settle",
                        message: "\(session.displayName): no window of \(missing.joined(separator: ", ")) after 120 s "
                            + "(windows: \(try x11.windows.list().map { "\($0.instanceName) \"\($0.title)\"" }))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            return SettleDesk(session: session, x11: x11, windows: windows, staleFolder: staleFolder)
        } catch {
            await session.stop()
            throw error
        }
    }

    /// Stops the page server and removes the scene's folder.
    public func stop() async {
        await pages?.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
