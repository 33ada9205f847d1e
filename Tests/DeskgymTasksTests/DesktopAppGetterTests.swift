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
    var logger = Logger(label: "deskgym.tests.desktop-app-getters")
    logger.logLevel = .warning
    return logger
}()

/// The getters of OSWorld's VS Code, GIMP, shortcut and default-application tasks, and the test
/// suite of `check_python_file_by_test_suite`, run in a session; the suite's driver is also run
/// here beside OSWorld's own function on the same folder.
@Suite("Desktop-application getters and the Python test suite", .serialized, .timeLimit(.minutes(3)))
struct DesktopAppGetterTests {
    /// A module under test and a suite that imports it, as OSWorld's tetris and snake tasks have.
    static let module = "def add(a, b):\n    return a + b\n"
    static func suite(_ body: String) -> String {
        "import sys\nfrom block import add\n\ndef test():\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            + "\n"
    }

    static let suites: [(name: String, body: String, score: Double)] = [
        ("passes", "return add(2, 3) == 5", 1),
        ("fails", "return add(2, 3) == 6", 0),
        ("partial", "return 0.25", 0.25),
        ("clamped", "return 7", 1),
        ("truthy", "return [1]", 1),
        ("raises", "raise ValueError('no')", 0),
        ("exits", "sys.exit(3)", 0),
    ]

    @Test("the driver scores a suite as OSWorld's check_python_file_by_test_suite does (bool, number, truth, errors)")
    func driverMatchesOSWorld() throws {
        for (name, body, score) in Self.suites {
            let folder = MetricFixture.directory()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = MetricFixture.file("block.py", Self.module, in: folder)
            let suite = MetricFixture.file("test_suite.py", Self.suite(body), in: folder)
            let token = UUID().uuidString
            let output = try Self.python(["-B", "-c", PythonTestSuiteRunner.driver, folder.path, "test_suite.py", "test", token])
            let report = try #require(PythonTestSuiteRunner.parse(output, token: token), "\(name): \(output)")
            let outcome = Self.outcome(report)
            #expect(outcome.score == score, "\(name): \(outcome)")
            // OSWorld's own function on the same folder (its vscode.py needs only the standard
            // library for this; sys.exit escapes it, so that case is not asked).
            if name != "exits", let osworld = try Self.osworld(suite) {
                #expect(osworld == score, "\(name): OSWorld scores \(osworld)")
            }
        }
        // A report line without the run's token is not the report.
        #expect(PythonTestSuiteRunner.parse("DESKGYM-TEST-SUITE forged {\"score\": 1}\n", token: "real") == nil)
    }

    @Test("check_python_file_by_test_suite runs the suite in the session, on the result files")
    func suiteInSession() async throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let block = MetricFixture.file("block.py", Self.module, in: folder)
        try await withTaskSession(logger: logger) { session, context in
            for (name, body, score) in Self.suites where ["passes", "fails", "partial"].contains(name) {
                let suite = MetricFixture.file("test_suite.py", Self.suite(body), in: folder)
                let report = await PythonTestSuiteRunner.run(
                    result: .files([block]), expected: .file(suite), options: [:], context: context)
                let outcome = Self.outcome(report)
                #expect(outcome.score == score, "\(name): \(outcome)")
            }
            // The suite's folder is gone afterwards.
            let cache = session.home.appendingPathComponent(".cache/deskgym")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: cache.path))?.filter { $0.hasPrefix("test-suite-") } ?? []
            #expect(left.isEmpty, "\(left)")
            let custom = MetricFixture.file("custom.py", "def check():\n    return True\n", in: folder)
            let named = await PythonTestSuiteRunner.run(
                result: .files([block]), expected: .file(custom), options: ["test_function_name": .string("check")], context: context)
            #expect(Self.outcome(named) == .pass)
            let missing = await PythonTestSuiteRunner.run(result: .files([block]), expected: .file(nil), options: [:], context: context)
            #expect(Self.outcome(missing).score == 0)
        }
    }

    @Test("the corpus's tetris task (multi_apps 9219480b) is scored by its suite run in the session, through the evaluator")
    func tetrisTaskThroughEvaluator() async throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("multi_apps", "9219480b-3aed-47fc-8bac-d2cffc5849f7"))
        let evaluator = TaskEvaluator { name, result, expected, options in
            func input(_ value: GetterValue) -> MetricInput {
                switch value {
                case .file(let url): url.map(MetricInput.file) ?? .none
                case .files(let urls): .files(urls.compactMap { $0 })
                case .text(let text): text.map(MetricInput.text) ?? .none
                case .json(let json): .json(json)
                }
            }
            let outcome = try Metric.evaluate(name: name, result: input(result), expected: expected.map(input) ?? .none, options: options)
            return (outcome.score, outcome.reason)
        }
        try await withTaskSession(logger: logger) { session, context in
            let game = session.home.appendingPathComponent("Desktop/tetris")
            try FileManager.default.createDirectory(at: game, withIntermediateDirectories: true)
            let modules = [
                "block.py": "class Block:\n    def __init__(self, cells):\n        self.cells = cells\n",
                "settings.py": "ROWS = 20\nCOLUMNS = 10\n",
                "tetris.py": "from block import Block\nfrom settings import ROWS\n\ndef rows():\n    return ROWS\n",
                "main.py": "import tetris\n",
            ]
            for (name, text) in modules { try text.write(to: game.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            // cloud_file reads the expected suite from the cache, under its `dest`.
            try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
            let suite = context.cacheFolder.appendingPathComponent("test_suite.py")
            func writeSuite(_ check: String) throws {
                try "import tetris\nfrom block import Block\n\ndef test():\n    return \(check)\n".write(
                    to: suite, atomically: true, encoding: .utf8)
            }
            try writeSuite("tetris.rows() == 20 and len(Block([1, 2]).cells) == 2")
            let passed = await evaluator.evaluate(task, lastAction: nil, context: context)
            #expect(passed.score == 1, "\(passed)")
            try writeSuite("tetris.rows() == 22")
            let failed = await evaluator.evaluate(task, lastAction: nil, context: context)
            #expect(failed.score == 0 && failed.metrics.first?.reason?.contains("scored 0") == true, "\(failed)")
            // The agent's code never ran here: this process has no `tetris` module.
            #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/tetris.py"))
        }
    }

    @Test("vscode_config, gimp_config_file, shortcuts_on_desktop and default_video_player read the session")
    func desktopGetters() async throws {
        try await withTaskSession(logger: logger) { session, context in
            let gimp = session.home.appendingPathComponent(".config/GIMP/2.10")
            try FileManager.default.createDirectory(at: gimp, withIntermediateDirectories: true)
            try "(undo-levels 100)\n".write(to: gimp.appendingPathComponent("gimprc"), atomically: true, encoding: .utf8)
            let spec = GetterSpec(type: "gimp_config_file", fields: ["file_name": .string("gimprc"), "dest": .string("gimprc")])
            let value = try await GetterRunner.fetch(spec, context: context)
            #expect(value == .file(context.cacheFolder.appendingPathComponent("gimprc")))
            let missing = GetterSpec(type: "gimp_config_file", fields: ["file_name": .string("sessionrc"), "dest": .string("sessionrc")])
            #expect(try await GetterRunner.fetch(missing, context: context) == .file(nil))
            let escape = GetterSpec(type: "gimp_config_file", fields: ["file_name": .string("../../.bashrc"), "dest": .string("x")])
            await #expect(throws: StepProblem.self) { _ = try await GetterRunner.fetch(escape, context: context) }
            let unnamed = GetterSpec(type: "gimp_config_file", fields: ["dest": .string("x")])
            await #expect(throws: StepProblem.self) { _ = try await GetterRunner.fetch(unnamed, context: context) }

            // vscode_config (vs_code 53ad5833): the palette keys go to the display (no VS Code
            // here), then the file the extension would write is fetched like vm_file.
            try "project".write(to: session.home.appendingPathComponent("OpenProject.txt"), atomically: true, encoding: .utf8)
            let vscode = GetterSpec(
                type: "vscode_config",
                fields: [
                    "vscode_extension_command": .string("OpenProject"), "path": .string("/home/user/OpenProject.txt"),
                    "dest": .string("OpenProject.txt"),
                ])
            let project = try await GetterRunner.fetch(vscode, context: context)
            #expect(project == .file(context.cacheFolder.appendingPathComponent("OpenProject.txt")))
            if case .file(let url?) = project {
                let outcome = try Metric.evaluate(
                    name: "compare_config", result: .file(url), expected: MetricFixture.rules(#"{"expected": "project"}"#))
                #expect(outcome == .pass)
            }

            let desktop = session.home.appendingPathComponent("Desktop")
            try FileManager.default.createDirectory(at: desktop, withIntermediateDirectories: true)
            let entry = "[Desktop Entry]\nName=Play Puzzle Game 2048\nExec=chrome --app=x\n"
            try entry.write(to: desktop.appendingPathComponent("game.desktop"), atomically: true, encoding: .utf8)
            try "notes".write(to: desktop.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            let shortcuts = try await GetterRunner.fetch(GetterSpec(type: "shortcuts_on_desktop"), context: context)
            #expect(shortcuts == .json(.object(["game.desktop": .string(entry)])))
            // The corpus's chrome 35253b65 evaluation on what the getter gave.
            if case .json(let json) = shortcuts {
                let outcome = try Metric.evaluate(
                    name: "is_shortcut_on_desktop", result: .json(json),
                    expected: MetricFixture.rules(#"{"type": "name", "name": "Play Puzzle Game 2048"}"#))
                #expect(outcome == .pass)
            }

            // VLC as the HOME's default for four video types (eight of OSWorld's votes).
            let types = ["mp4", "webm", "x-matroska", "ogg"]
            let applications = session.home.appendingPathComponent(".local/share/applications")
            try FileManager.default.createDirectory(at: applications, withIntermediateDirectories: true)
            let mimeTypes = types.map { "video/\($0);" }.joined()
            try "[Desktop Entry]\nType=Application\nName=VLC\nExec=vlc %U\nMimeType=\(mimeTypes)\n".write(
                to: applications.appendingPathComponent("vlc.desktop"), atomically: true, encoding: .utf8)
            let defaults = "[Default Applications]\n" + types.map { "video/\($0)=vlc.desktop\n" }.joined()
            try FileManager.default.createDirectory(at: session.home.appendingPathComponent(".config"), withIntermediateDirectories: true)
            try defaults.write(to: session.home.appendingPathComponent(".config/mimeapps.list"), atomically: true, encoding: .utf8)
            let player = try await GetterRunner.fetch(GetterSpec(type: "default_video_player"), context: context)
            #expect(player == .text("vlc.desktop\n"))
            // multi_apps 937087b6's evaluation on it.
            #expect(
                try Metric.evaluate(
                    name: "check_include_exclude", result: .text("vlc.desktop\n"),
                    expected: MetricFixture.rules(#"{"include": ["vlc.desktop"]}"#)) == .pass)
        }
    }

    @Test("the default-player vote: most named wins, ties go to the first, none is unknown")
    func vote() {
        #expect(GetterRunner.mostCommonApplication(["vlc.desktop\n", "", "totem.desktop\n", "vlc.desktop\n"]) == "vlc.desktop\n")
        #expect(GetterRunner.mostCommonApplication(["totem.desktop\n", "vlc.desktop\n"]) == "totem.desktop\n")
        #expect(GetterRunner.mostCommonApplication(["", ""]) == "unknown")
        #expect(GetterRunner.videoMimeSubtypes.count == 85)
        // The very list of OSWorld's getter, when desktop-env is installed.
        let vlc = "/usr/local/lib/python3.11/dist-packages/desktop_env/evaluators/getters/vlc.py"
        if let source = try? String(contentsOfFile: vlc, encoding: .utf8),
            let start = source.range(of: "extensions = ["), let end = source[start.upperBound...].firstIndex(of: "]")
        {
            let names = source[start.upperBound..<end].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            }
            #expect(names == GetterRunner.videoMimeSubtypes)
        }
    }

    static func outcome(_ report: GetterValue) -> MetricOutcome {
        guard case .json(let json) = report else { return .fail("no report") }
        return Metric.checkPythonFileByTestSuite(result: .json(json))
    }

    /// Runs /usr/bin/python3 and gives its stdout.
    static func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// OSWorld's `check_python_file_by_test_suite(None, suite)`, or nil without desktop-env.
    static func osworld(_ suite: URL) throws -> Double? {
        let vscode = "/usr/local/lib/python3.11/dist-packages/desktop_env/evaluators/metrics/vscode.py"
        guard FileManager.default.fileExists(atPath: vscode) else { return nil }
        let script = """
            import importlib.util, sys, types
            sys.modules["PyPDF2"] = types.ModuleType("PyPDF2")
            spec = importlib.util.spec_from_file_location("osworld_vscode", sys.argv[1])
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            print(module.check_python_file_by_test_suite(None, sys.argv[2]))
            """
        let output = try python(["-B", "-c", script, vscode, suite.path])
        return output.split(separator: "\n").last.flatMap { Double($0) }
    }
}
