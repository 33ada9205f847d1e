import ArgumentParser
import DeskgymSandbox
import Foundation
import Logging

struct DesktopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desktop",
        abstract: "Run one desktop session in the foreground until Ctrl-C or SIGTERM.")

    @Option(help: "The environment definition (YAML) to start.")
    var config: String = "vm-configs/default.yaml"
    @OptionGroup var logLevel: LogLevelOption

    func run() async throws {
        let logger = logLevel.logger()
        let vmConfig = try VMConfig.load(from: URL(fileURLWithPath: config))
        let session = try await DesktopSession.start(config: vmConfig, logger: logger)
        emit("DISPLAY=\(session.displayName)")
        emit("SESSION=\(session.folder.path)")
        if let xauthority = session.xauthority { emit("XAUTHORITY=\(xauthority.path)") }
        emit("SANDBOX=\(session.confinement.sandbox)")
        emit("LIMITS=\(session.confinement.limits)")
        emit("ready in \(session.startupDuration); Ctrl-C or SIGTERM stops it")
        let reason = await SignalWaiter.waitForTermination(orFailureOf: session)
        emit("stopping: \(reason)")
        await session.stop()
        if reason.hasPrefix("session") { throw ExitCode(1) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// A logger to standard error at `level`, or at the level `DESKGYM_LOG_LEVEL` names (trace, debug, …).
func makeLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "deskgym") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = ProcessInfo.processInfo.environment["DESKGYM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
    return logger
}

/// Writes a line to standard output at once (unbuffered), for output that other programs wait on.
func emit(_ line: String) {
    // A closed pipe (`deskgym … | head -1`) must not crash the command.
    try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
}
