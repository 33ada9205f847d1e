import DeskgymAgents
import DeskgymCore
import Foundation
import Logging

/// Shared pieces of the agent tests.
enum TestSupport {
    static let screen = Size(width: 1280, height: 720)

    /// A screenshot whose bytes name its step, so that a test can tell which ones a request carried.
    /// The model server never decodes them.
    static func screenshot(step: Int) -> Screenshot {
        Screenshot(png: Data("\u{89}PNG-fake-screenshot-of-step-\(step)".utf8), size: screen)
    }

    /// The data URL the agent must send for the screenshot of `step`.
    static func dataURL(step: Int) -> String {
        "data:image/png;base64," + screenshot(step: step).png.base64EncodedString()
    }

    static func observation(step: Int, problem: String? = nil) -> AgentObservation {
        AgentObservation(step: step, screenshot: screenshot(step: step), windows: [], previousProblem: problem)
    }

    static func task(
        id: String = "task-1", instruction: String = "Open the Files app and create a folder named reports.",
        solution: ScriptedAnswers? = nil
    ) -> AgentTask {
        AgentTask(id: id, instruction: instruction, screen: screen, referenceSolution: solution)
    }

    static var logger: Logger {
        var logger = Logger(label: "deskgym-agents-tests")
        logger.logLevel = .error
        return logger
    }

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-agents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
