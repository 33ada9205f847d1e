import DeskgymActions
import DeskgymCore
import DeskgymSandbox
import DeskgymX11
import Foundation
import Logging

/// The main job at this stage of the project: start a desktop from a vm-config, drive it with
/// pyautogui actions through the terminal, check the effect on disk, and keep the screenshots.
public struct Demonstration: Sendable {
    /// One step of the demonstration and what it took.
    public struct Step: Sendable {
        public var actionText: String
        public var actionCount: Int
        public var settleMilliseconds: Double
        public var screenshot: URL
        public var pngBytes: Int
    }

    /// What the demonstration saw.
    public struct Report: Sendable {
        public var display: String
        public var startup: Duration
        public var windows: [WindowInfo]
        public var steps: [Step]
        /// The text the terminal wrote into HOME, read back from the file.
        public var fileContent: String?
        public var expectedContent: String
        public var succeeded: Bool { fileContent == expectedContent }
    }

    public var config: VMConfig
    public var output: URL

    public init(config: VMConfig, output: URL) {
        self.config = config
        self.output = output
    }

    /// Runs the demonstration; the session is stopped whatever happens.
    public func run(logger: Logger) async throws -> Report {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let session = try await DesktopSession.start(config: config, logger: logger)
        do {
            let report = try await drive(session)
            await session.stop()
            return report
        } catch {
            await session.stop()
            throw error
        }
    }

    private func drive(_ session: DesktopSession) async throws -> Report {
        let desktop = try session.requireX11(for: "the demonstration")
        let grammar = PyAutoGUIGrammar()
        let policy = config.settle.policy
        guard let terminal = try desktop.windows.list().first(where: { $0.className == "XTerm" }) else {
            throw SessionError(
                operation: "demonstration", display: session.displayName,
                kind: .failed("\(config.source) starts no xterm; the demonstration types into one"))
        }
        let expected = "Hello from Deskgym: café, Straße, 中文 ✓"
        let center = terminal.frame.center
        let script = [
            "pyautogui.click(\(center.x), \(center.y))",
            "pyautogui.write('echo \"\(expected)\" > ~/hello.txt')\npyautogui.press('enter')",
            "pyautogui.write('ls -l ~ && cat ~/hello.txt')\npyautogui.press('enter')",
        ]
        var steps: [Step] = []
        let first = try desktop.screenshot()
        let firstURL = output.appendingPathComponent("step-0.png")
        try first.png.write(to: firstURL)
        steps.append(
            Step(
                actionText: "(initial observation)", actionCount: 0, settleMilliseconds: 0,
                screenshot: firstURL, pngBytes: first.png.count))
        for (index, text) in script.enumerated() {
            let actions = try grammar.parse(text)
            let outcome = try await desktop.perform(actions, settle: policy)
            try await session.checkHealth()
            let shot = try desktop.screenshot(cursor: true)
            let url = output.appendingPathComponent("step-\(index + 1).png")
            try shot.png.write(to: url)
            let waited = outcome?.waited.milliseconds ?? 0
            steps.append(
                Step(
                    actionText: text, actionCount: actions.count, settleMilliseconds: waited,
                    screenshot: url, pngBytes: shot.png.count))
        }
        let file = session.home.appendingPathComponent("hello.txt")
        let content = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .newlines)
        return Report(
            display: session.displayName, startup: session.startupDuration, windows: try desktop.windows.list(),
            steps: steps, fileContent: content, expectedContent: expected)
    }
}
