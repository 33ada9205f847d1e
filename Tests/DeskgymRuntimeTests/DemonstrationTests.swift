import DeskgymRuntime
import DeskgymSandbox
import Foundation
import Logging
import Testing

@Suite("Demonstration", .serialized, .timeLimit(.minutes(2)))
struct DemonstrationTests {
    @Test("the bundled default vm-config runs the demonstration: the terminal writes the file it was told to")
    func defaultConfigDemo() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var config = try VMConfig.load(from: root.appendingPathComponent("vm-configs/default.yaml"))
        config.screen = .init(width: 1280, height: 720, depth: 24)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-demo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        var logger = Logger(label: "deskgym.tests.demo")
        logger.logLevel = .warning
        let report = try await Demonstration(config: config, output: output).run(logger: logger)
        #expect(report.fileContent == report.expectedContent)
        #expect(report.steps.count == 4)
        for step in report.steps {
            let png = try Data(contentsOf: step.screenshot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count == step.pngBytes)
        }
        #expect(report.windows.contains { $0.className == "XTerm" && $0.title == "Terminal" })
    }
}
