import DeskgymCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension GetterRunner {
    /// The text on the active terminal's screen, trailing white space removed; nil when the
    /// active window is no terminal (what OSWorld's server answers `/terminal` with).
    /// - Throws: as ``terminalOutput(context:)`` does.
    public static func activeTerminalText(context: TaskContext) async throws -> String? {
        guard case .text(let text) = try await terminalOutput(context: context) else { return nil }
        return text
    }

    /// Where xterm's print command (vm-configs/home/default/.Xresources) leaves the screen, under HOME.
    static let terminalScreenFile = ".cache/deskgym/terminal-screen.txt"

    /// `vm_terminal_output`: the text on the screen of the active terminal, trailing white space
    /// removed — OSWorld reads the focused GNOME terminal's text through the accessibility tree and
    /// gives `None` when no terminal window is active.
    ///
    /// Here the terminal is xterm, which has no accessibility tree. Its Media Copy function does the
    /// job: the getter writes `ESC [ i` (print screen) to the terminal's tty, as a program running in
    /// it could, and xterm pipes the screen's text to its `printerCommand`, which the session's
    /// X resources point at `~/.cache/deskgym/terminal-screen.txt`. Nothing is typed, so the
    /// shell and the program in the terminal are not disturbed.
    ///
    /// - Returns: `.text(nil)` when the active window is not an xterm.
    /// - Throws: when the xterm's process or tty cannot be found, or it prints nothing within five
    ///   seconds (its `printerCommand` resource is not set).
    static func terminalOutput(context: TaskContext) async throws -> GetterValue {
        guard let window = try context.session.desktop.windows.list().first(where: \.isActive),
            window.className.hasSuffix("XTerm")
        else {
            return .text(nil)
        }
        guard let sessionPID = window.pid else {
            throw StepProblem("getter 'vm_terminal_output': the active xterm (window \(window.id)) does not name its process (_NET_WM_PID)")
        }
        guard let pid = context.session.hostPID(ofSessionPID: sessionPID) else {
            throw StepProblem("getter 'vm_terminal_output': the active xterm's process \(sessionPID) is not one of the session's")
        }
        let tty = try terminalDevice(ofTerminal: pid)
        let screen = context.session.home.appendingPathComponent(terminalScreenFile)
        try? FileManager.default.removeItem(at: screen)
        try write("\u{1B}[i", to: tty)
        let deadline = ContinuousClock.now + .seconds(5)
        while !FileManager.default.fileExists(atPath: screen.path) {
            guard ContinuousClock.now < deadline else {
                throw StepProblem(
                    "getter 'vm_terminal_output': xterm (pid \(pid)) printed nothing within 5 s; its XTerm*printerCommand resource must be set as in vm-configs/home/default/.Xresources"
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Read beneath HOME: the file is the session's, and could have been replaced by a link.
        let text = String(decoding: try context.session.readHomeFile(terminalScreenFile) ?? Data(), as: UTF8.self)
        return .text(text.pythonRightStrip())
    }

    /// The tty of the program running in the terminal whose process is `pid`: the first child
    /// with a pseudo-terminal as its standard input, as `/proc/CHILD/fd/0` (which opens that very
    /// terminal: in a sandbox, `/dev/pts/N` names another one here).
    static func terminalDevice(ofTerminal pid: Int32) throws -> String {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry), parentPID(of: child) == pid,
                let input = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(child)/fd/0"),
                input.hasPrefix("/dev/pts/")
            else { continue }
            return "/proc/\(child)/fd/0"
        }
        throw StepProblem("getter 'vm_terminal_output': no process running in the terminal (pid \(pid)) has a pseudo-terminal")
    }

    /// The parent of a process, from `/proc/PID/stat` (read after the command name, which may hold
    /// spaces and parentheses).
    static func parentPID(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Writes to a terminal device without making it this process's controlling terminal.
    static func write(_ text: String, to device: String) throws {
        let descriptor = open(device, O_WRONLY | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw StepProblem("getter 'vm_terminal_output': cannot open \(device): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw StepProblem("getter 'vm_terminal_output': cannot write to \(device): \(String(cString: strerror(errno)))")
        }
    }
}

extension String {
    /// Python `str.rstrip()`: trailing white space removed.
    func pythonRightStrip() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let last = scalars.last, last.pythonIsSpace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
