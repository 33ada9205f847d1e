import Foundation

/// Runs the peer benchmarks of `../shared/peers` and returns what they print.
enum PeerRunner {
    /// Builds the C reference (`make xbench`) and runs `xbench step` on `display`.
    static func xbenchStep(_ folder: URL, display: String, repetitions: Int) throws -> [String] {
        let make = try run("/usr/bin/make", ["-s", "-C", folder.path, "xbench"], environment: nil)
        guard make.status == 0 else { return ["(xbench did not build: \(make.output.suffix(200)))"] }
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = display
        let result = try run(folder.appendingPathComponent("xbench").path, ["step", "\(repetitions)"], environment: environment)
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Runs `05_agent_step.py` (Python pipelines on desktops of its own, both sizes).
    static func pythonStep(_ folder: URL, repetitions: Int) throws -> [String] {
        let script = folder.appendingPathComponent("05_agent_step.py").path
        // pyautogui connects to a display on import, so only look for it here.
        let check = try run(
            "/usr/bin/env", ["python3", "-c", "import importlib.util as u, mss, PIL, Xlib; assert u.find_spec('pyautogui')"],
            environment: nil)
        guard check.status == 0 else {
            return ["(Python peers skipped: pip install mss pillow pyautogui python-xlib)"]
        }
        let result = try run("/usr/bin/env", ["python3", script, "\(repetitions)"], environment: nil)
        return result.output.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("  C ") && !$0.hasPrefix("  Swift ") }
    }

    static func run(_ path: String, _ arguments: [String], environment: [String: String]?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
