#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended. A non-zero exit is a result, not an error.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The process called `exit(code)` (or returned `code` from `main`).
    case exited(code: Int32)
    /// The process was ended by a signal.
    case signaled(signal: Int32)
    /// The process is gone but its status was collected by someone else (another `waitpid` on its
    /// pid, or `SIGCHLD` set to `SIG_IGN`), so how it ended is not known. Kept as a case rather than
    /// guessed as an exit code, so a lost status is never mistaken for a real one.
    case unknown

    /// Decodes a `waitpid` status word (the `WIFEXITED`/`WTERMSIG` macros are not imported into Swift).
    init(waitStatus status: Int32) {
        let low = status & 0x7f
        if low == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(signal: low)
        }
    }

    /// Whether the process exited with code 0.
    public var isSuccess: Bool { self == .exited(code: 0) }

    /// The exit code, if the process exited normally.
    public var exitCode: Int32? {
        if case .exited(let code) = self { return code }
        return nil
    }

    /// The signal number, if a signal ended the process.
    public var signal: Int32? {
        if case .signaled(let signal) = self { return signal }
        return nil
    }

    /// "exited with code 1", "killed by signal 9 (SIGKILL)" or "exit status unknown (…)".
    public var description: String {
        switch self {
        case .exited(let code):
            return "exited with code \(code)"
        case .signaled(let signal):
            if let name = Self.signalName(signal) { return "killed by signal \(signal) (\(name))" }
            return "killed by signal \(signal)"
        case .unknown:
            return "exit status unknown (the process was reaped elsewhere)"
        }
    }

    /// The conventional name of a Linux signal, e.g. `SIGTERM` for 15.
    public static func signalName(_ signal: Int32) -> String? {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
            SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
            SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGTTIN: "SIGTTIN",
            SIGTTOU: "SIGTTOU", SIGURG: "SIGURG", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGVTALRM: "SIGVTALRM",
            SIGPROF: "SIGPROF", SIGWINCH: "SIGWINCH", SIGIO: "SIGIO", SIGSYS: "SIGSYS",
        ]
        return names[signal]
    }
}

/// A failure to start or signal a child process.
///
/// Its ``description`` names the program and the failed step, e.g.
/// `Xvfb not found on PATH (install the xvfb package)` or
/// `cannot start xterm: open log file /x/y.log: No such file or directory (errno 2)`.
public struct ProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed.
    public enum Operation: String, Sendable, Hashable {
        /// Looking the program up on `PATH` (or checking a given path is executable).
        case findProgram = "find program"
        /// Opening `/dev/null` or the log file for the child's standard streams.
        case openOutput = "open log file"
        /// Checking the working directory.
        case changeDirectory = "change directory to"
        /// Preparing a descriptor to pass to the child.
        case passDescriptor = "pass file descriptor"
        /// Setting up or calling `posix_spawn`.
        case spawn = "posix_spawn"
        /// Sending a signal.
        case signal = "send signal"
    }

    /// The program as it was asked for (argv[0]) or the process's name.
    public var program: String
    /// The step that failed.
    public var operation: Operation
    /// What the step acted on (a path, a descriptor number, a signal), if anything.
    public var detail: String?
    /// The `errno` value.
    public var errno: Int32
    /// `strerror(errno)`.
    public var reason: String
    /// How to fix it, e.g. "install the xvfb package".
    public var hint: String?

    public init(program: String, operation: Operation, detail: String? = nil, errno: Int32, hint: String? = nil) {
        self.program = program
        self.operation = operation
        self.detail = detail
        self.errno = errno
        self.reason = String(cString: strerror(errno))
        self.hint = hint
    }

    /// Whether the program was not found on `PATH`.
    public var isProgramNotFound: Bool { operation == .findProgram && errno == ENOENT }

    public var description: String {
        let hintText = hint.map { " (\($0))" } ?? ""
        if operation == .findProgram {
            if errno == ENOENT {
                return (program.contains("/") ? "\(program) not found" : "\(program) not found on PATH") + hintText
            }
            return "\(program) cannot be run: \(reason) (errno \(errno))\(hintText)"
        }
        let step = detail.map { "\(operation.rawValue) \($0)" } ?? operation.rawValue
        let verb = operation == .signal ? "cannot signal" : "cannot start"
        return "\(verb) \(program): \(step): \(reason) (errno \(errno))\(hintText)"
    }
}
