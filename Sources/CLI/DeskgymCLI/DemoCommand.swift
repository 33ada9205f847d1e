import ArgumentParser
import DeskgymRuntime
import DeskgymSandbox
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a desktop, type into its terminal with pyautogui actions, check the result, keep the screenshots.")

    @Option(help: "The environment definition (YAML); it must start an xterm.")
    var config: String = "vm-configs/default.yaml"
    @Option(help: "Folder for the screenshots.")
    var out: String = "runs/demo"

    func run() async throws {
        let demonstration = Demonstration(
            config: try VMConfig.load(from: URL(fileURLWithPath: config)),
            output: URL(fileURLWithPath: out))
        let report = try await demonstration.run(logger: makeLogger(level: .warning))
        emit("desktop \(report.display) ready in \(report.startup)")
        for step in report.steps {
            emit(
                "step: \(step.actionText.replacingOccurrences(of: "\n", with: "; ")) → \(step.actionCount) actions, settled in \(String(format: "%.1f", step.settleMilliseconds)) ms, \(step.screenshot.path) (\(step.pngBytes) bytes)"
            )
        }
        for window in report.windows {
            emit("window: \(window.title) [\(window.className)] \(window.frame)\(window.isActive ? " active" : "")")
        }
        emit("~/hello.txt: \(report.fileContent ?? "(missing)")")
        emit(report.succeeded ? "demo succeeded" : "demo FAILED: expected \(report.expectedContent)")
        if !report.succeeded { throw ExitCode(1) }
    }
}
