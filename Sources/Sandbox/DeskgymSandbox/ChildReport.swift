import Foundation
import Synchronization

/// What a starting child writes on a pipe to say it is ready (Xvfb's `-displayfd`, bubblewrap's
/// `--info-fd`), read without blocking a thread.
enum ChildReport {
    /// A pipe whose ends are closed on exec (only a `dup2`'d copy reaches the child) and, the
    /// read end, when the pipe is released.
    final class Pipe: Sendable {
        let readEnd: Int32
        private let write: Mutex<Int32>

        init() throws {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else {
                throw SessionError(operation: "start", kind: .failed("pipe failed: \(String(cString: strerror(errno)))"))
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            readEnd = fds[0]
            write = Mutex(fds[1])
        }

        /// This process's write end; -1 once closed.
        var writeEnd: Int32 { write.withLock { $0 } }

        /// Closes this process's copy of the write end once the child has its own, so that the
        /// child's exit is an end of file.
        func closeWriteEnd() {
            write.withLock { end in
                if end >= 0 { close(end) }
                end = -1
            }
        }

        deinit {
            closeWriteEnd()
            close(readEnd)
        }
    }

    /// Reads `descriptor` until `complete` holds for the text so far; fails when `process` ends
    /// first (naming the last lines of `log`), after `timeout`, or when the task is cancelled.
    static func read(
        from descriptor: Int32, until complete: (String) -> Bool, process: ChildProcess, log: URL, what: String,
        timeout: Duration = .seconds(10)
    ) async throws -> String {
        var text = ""
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        // A report longer than this is no report.
        let cap = 64 * 1024
        while !complete(text) {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) > 0 {
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = Glibc.read(descriptor, &buffer, buffer.count)
                if count > 0, text.utf8.count < cap {
                    text += String(decoding: buffer[0..<count], as: UTF8.self)
                    continue
                }
                // End of file before the report: the child exited or closed it.
            }
            if let status = process.poll() {
                let lines = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw SessionError(
                    operation: "start", kind: .processDied(name: process.name, pid: process.pid, status: status.description),
                    underlying: lines.split(separator: "\n").suffix(3).joined(separator: " | "))
            }
            if clock.now > deadline {
                throw SessionError(operation: "start", kind: .timedOut("waiting for \(what)"))
            }
            try await Task.sleep(for: .microseconds(500))
        }
        return text
    }
}
