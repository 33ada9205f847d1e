import Foundation
import Logging

extension DesktopSession {
    /// Ends `processes` and then Xvfb, and removes what they leave behind.
    static func terminateAll(
        _ processes: [ChildProcess], sandbox: SessionSandbox?, xvfb: ChildProcess?, display: Int?, folder: URL,
        logger: Logger
    ) async {
        // Note every descendant first: shared-memory segments are filed under their creator's pid,
        // and descendants that left their process group are not reached by the group signals.
        // Programs that left the tree altogether (adopted by this process) are found by HOME.
        let roots = processes.map(\.pid) + (xvfb.map { [$0.pid] } ?? []) + (sandbox.map { [$0.bubblewrap.pid] } ?? [])
        let orphans = ProcessTree.adoptedOrphans(home: folder.appendingPathComponent("home").path, roots: roots)
        let descendants = orphans + ProcessTree.descendants(of: roots + orphans.map(\.pid))
        let members = Set(roots + descendants.map(\.pid))
        await withTaskGroup(of: Void.self) { group in
            for process in processes {
                group.addTask { _ = await process.terminate(grace: .seconds(2)) }
            }
        }
        // The PID namespace ends with its init: whatever a command detached goes with it.
        await sandbox?.end()
        // An Xvfb that exits on its own (SIGTERM) removes its socket and lock itself; only one
        // that was killed leaves them. Removing them otherwise could remove the files of the next
        // Xvfb that took the display number in between (seen in full test runs as "cannot link
        // the X socket into the sandbox: No such file or directory" at another session's start).
        var xvfbCleanedUp = false
        if let xvfb, case .exited = await xvfb.terminate(grace: .seconds(2)) {
            xvfbCleanedUp = true
        }
        await ProcessTree.endAndReap(descendants, timeout: .seconds(1))
        if let display, let xvfb, !xvfbCleanedUp {
            removeServerFiles(display: display, xvfbPID: xvfb.pid, logger: logger)
        }
        SharedMemory.removeOrphans(createdBy: members, logger: logger)
        ProcessTree.reapStrayZombies()
        do {
            try FileManager.default.removeItem(at: folder)
        } catch {
            logger.warning("cannot remove session folder", metadata: ["session.folder": "\(folder.path)", "error": "\(error)"])
        }
    }

    /// Removes `/tmp/.X<n>-lock` and `/tmp/.X11-unix/X<n>` when Xvfb was killed before it could:
    /// the lock only when it names that Xvfb, the socket only when no server answers on it (with
    /// `-displayfd` Xvfb writes no lock, so a live listener is the only sign of another owner).
    static func removeServerFiles(display: Int, xvfbPID: Int32, logger: Logger) {
        let lock = "/tmp/.X\(display)-lock"
        let socket = "/tmp/.X11-unix/X\(display)"
        if let content = try? String(contentsOfFile: lock, encoding: .utf8),
            Int32(content.trimmingCharacters(in: .whitespacesAndNewlines)) == xvfbPID
        {
            remove(lock, logger: logger)
        }
        if FileManager.default.fileExists(atPath: socket), !UnixSocket.hasListener(at: socket) {
            remove(socket, logger: logger)
        }
    }

    private static func remove(_ path: String, logger: Logger) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            logger.warning("cannot remove X server file", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}
