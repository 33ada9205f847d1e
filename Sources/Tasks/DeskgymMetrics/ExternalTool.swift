import DeskgymCore
import Foundation

/// A command-line program a metric runs (`pdftotext`, `tar`), found on PATH and run to completion.
/// Its output goes to temporary files rather than pipes, so a program that writes much to both
/// streams cannot stall waiting for a reader.
struct ExternalTool: Sendable {
    /// What a finished run gave.
    struct Run: Sendable {
        var status: Int32
        var output: Data
        var errors: String

        /// The last non-blank line of the error output, for reasons.
        var errorSummary: String {
            errors.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
        }
    }

    /// The program's name, as looked up on PATH.
    var name: String
    /// The Debian package that provides it, for the message when it is missing.
    var package: String

    static let pdftotext = ExternalTool(name: "pdftotext", package: "poppler-utils")
    static let tar = ExternalTool(name: "tar", package: "tar")

    /// The program's path: the first executable of that name on PATH, else in /usr/bin or /bin.
    var location: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return folders.lazy.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the program with `arguments` and waits for it to end.
    func run(_ arguments: [String]) throws(ExternalToolProblem) -> Run {
        guard let executable = location else {
            throw ExternalToolProblem(tool: self, message: "is not installed (install the Debian package \(package))")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout"), errorURL = scratch.appendingPathComponent("stderr")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
            let output = try FileHandle(forWritingTo: outputURL), errors = try FileHandle(forWritingTo: errorURL)
            defer {
                try? output.close()
                try? errors.close()
            }
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // Foundation reaps it: the sandbox's reaper of stray zombies must not take it first.
            let pid = process.processIdentifier
            ForeignChildren.insert(pid)
            defer { ForeignChildren.remove(pid) }
            process.waitUntilExit()
        } catch {
            throw ExternalToolProblem(tool: self, message: "could not be run from \(executable.path): \(error.localizedDescription)")
        }
        let output = (try? Data(contentsOf: outputURL)) ?? Data()
        let errors = (try? Data(contentsOf: errorURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Run(status: process.terminationStatus, output: output, errors: errors)
    }
}
