import ArgumentParser
import Logging

/// `--log-level` of the long-running commands (`serve`, `desktop`).
struct LogLevelOption: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// A logger at this level (`DESKGYM_LOG_LEVEL` overrides it).
    func logger() -> Logger { makeLogger(level: logLevel) }
}
