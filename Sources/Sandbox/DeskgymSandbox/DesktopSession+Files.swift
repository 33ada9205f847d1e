import Foundation

/// Files and programs of the desktop's machine: this one for `xvfb` sessions and `vnc` sessions
/// with local commands, the guest for `qemu` sessions and `vnc` sessions with a guest agent, so
/// that setup steps put files where the desktop's applications see them and getters read what the
/// agent left there.
extension DesktopSession {
    /// Whether files and commands are the guest's, reached through its agent, rather than this
    /// machine's.
    public var usesGuestAgent: Bool {
        if case .guestAgent = channel { return true }
        return false
    }

    /// Where this server finds the file a program of the session names `path` (absolute): the
    /// same path outside a sandbox; in one, `/home/user/…` is in the session folder's HOME and
    /// any other path is read through the sandbox's root (`/proc/PID/root`), so a file a
    /// command left in its private `/tmp` is found.
    public func hostPath(forProgramPath path: String) -> String {
        guard let sandbox, path.hasPrefix("/") else { return path }
        if path == SessionSandbox.home { return home.path }
        if path.hasPrefix(SessionSandbox.home + "/") { return home.path + path.dropFirst(SessionSandbox.home.count) }
        return "/proc/\(sandbox.initPID)/root" + path
    }

    /// The inverse of ``hostPath(forProgramPath:)``: the path a sandbox's programs know a file
    /// by, from where this server finds it.
    func programPath(forHostPath path: String) -> String {
        guard let sandbox else { return path }
        if path == home.path { return SessionSandbox.home }
        if path.hasPrefix(home.path + "/") { return SessionSandbox.home + path.dropFirst(home.path.count) }
        let root = "/proc/\(sandbox.initPID)/root"
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count)) }
        return path
    }

    /// The sandbox's files, resolved beneath its root; nil without a sandbox.
    var sandboxFiles: SessionFiles? {
        sandbox.map { SessionFiles(root: "/proc/\($0.initPID)/root", owner: $0.hostUser) }
    }

    /// The file at `relative` in the session's HOME, read beneath HOME (no link leads out) and,
    /// in a sandbox, only if the session's user could read it; nil when there is none.
    public func readHomeFile(_ relative: String) throws -> Data? {
        try SessionFiles(root: home.path, owner: sandbox?.hostUser).read(relative)
    }

    /// Writes `data` at `relative` in the session's HOME, beneath HOME (a link that leads out is
    /// followed only as far as HOME's own root), making the folders on the way; in a sandbox they
    /// and the file become its user's.
    public func writeHomeFile(_ data: Data, to relative: String) throws {
        try SessionFiles(root: home.path, owner: sandbox?.hostUser).write(data, to: relative)
    }

    /// Copies the desktop machine's file at `path` to `destination` here (replacing it). Returns
    /// false when there is no file at `path`.
    public func copyFile(fromDesktop path: String, to destination: URL) async throws -> Bool {
        if usesGuestAgent || sandboxFiles != nil {
            guard let data = try await readFile(onDesktop: path) else { return false }
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try data.write(to: destination)
            return true
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return false }
        if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
        try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: destination)
        return true
    }

    /// The bytes of the desktop machine's file at `path` (as ``hostPath(forProgramPath:)`` gives
    /// it), at most 512 MiB; nil when there is no such file. In a sandbox it is read as the
    /// session's user could, never through its links out of it.
    /// - Throws: when the file is larger, or cannot be read.
    public func readFile(onDesktop path: String) async throws -> Data? {
        if case .guestAgent(let agent) = channel { return try agent.readFile(atPath: path) }
        if let files = sandboxFiles { return try? files.read(programPath(forHostPath: path)) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= SessionFiles.readLimit else {
            throw SessionError(
                operation: "read \(path)", display: displayName,
                kind: .filesystem("\(size) bytes is more than the \(SessionFiles.readLimit) read at once"))
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Copies `source` (a file here) to `path` on the desktop's machine, creating its folder and
    /// replacing what was there.
    public func copyFile(_ source: URL, toDesktop path: String) async throws {
        let folder = (path as NSString).deletingLastPathComponent
        if case .guestAgent(let agent) = channel {
            let data = try Data(contentsOf: source)
            if !folder.isEmpty { try await makeGuestFolder(folder) }
            try agent.writeFile(data, atPath: path)
            return
        }
        if let files = sandboxFiles {
            let target = programPath(forHostPath: path)
            guard target == SessionSandbox.home || target.hasPrefix(SessionSandbox.home + "/") else {
                // The sandbox's own file systems (its /tmp) belong to its user namespace, where
                // this server's user has no id: the kernel refuses to create files there for it
                // (EOVERFLOW). The file goes to HOME first, then a command of the session moves it.
                let staging = ".cache/deskgym/staging-\(UUID().uuidString.lowercased())"
                try writeHomeFile(try Data(contentsOf: source), to: staging)
                let moved = try await run(
                    program: "/bin/sh",
                    arguments: [
                        "-c", "mkdir -p -- \"$(dirname -- \"$1\")\" && mv -f -- \"$0\" \"$1\"", SessionSandbox.home + "/" + staging, target,
                    ],
                    timeout: .seconds(60))
                guard moved.exitCode == 0 else {
                    try? FileManager.default.removeItem(at: home.appendingPathComponent(staging))
                    throw SessionError(
                        operation: "copy a file to \(target) in the session", display: displayName,
                        kind: .failed(moved.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))
                }
                return
            }
            // Written beneath the sandbox's root, and given to its user, so its apps can save over it.
            return try files.write(try Data(contentsOf: source), to: target)
        }
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.copyItem(at: source, to: URL(fileURLWithPath: path))
    }

    /// Whether anything (file or folder) is at `path` on the desktop's machine.
    public func fileExists(onDesktop path: String) async throws -> Bool {
        if case .guestAgent = channel {
            let result = try await run(program: "test", arguments: ["-e", path], timeout: .seconds(20))
            return result.exitCode == 0
        }
        if let files = sandboxFiles { return files.exists(programPath(forHostPath: path)) }
        return FileManager.default.fileExists(atPath: path)
    }

    /// The folder at `path` on the desktop's machine and everything under it; a file gives
    /// itself; nothing there gives nil. Links are followed, as Python's `os.path.isdir` does.
    public func directoryTree(onDesktop path: String) async throws -> DirectoryTree? {
        if case .guestAgent = channel {
            let result = try await run(program: "find", arguments: ["-L", path, "-printf", "%y\\t%P\\0"], timeout: .seconds(60))
            guard result.exitCode == 0 || !result.stdout.isEmpty else { return nil }
            return Self.tree(fromFind: result.stdout, root: path)
        }
        return Self.localTree(at: URL(fileURLWithPath: path))
    }

    /// Starts a program that runs on (an application for the episode) without waiting for it:
    /// a process of the session here, or a guest process through the agent.
    public func start(program: String, arguments: [String]) async throws {
        switch channel {
        case .guestAgent(let agent):
            _ = try agent.start(program: program, arguments: arguments, environment: environment)
        case .local, .none:
            _ = try launch(program, arguments: arguments)
        }
    }

    private func makeGuestFolder(_ folder: String) async throws {
        let made = try await run(program: "mkdir", arguments: ["-p", folder], timeout: .seconds(20))
        guard made.exitCode == 0 else {
            throw SessionError(
                operation: "copy a file into the guest", display: displayName,
                kind: .failed("mkdir -p \(folder) failed: \(made.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
    }

    /// The most entries a listed tree holds, and the deepest it goes: links are followed, so a
    /// link to its own folder would otherwise list forever.
    public static let directoryTreeLimits = (entries: 50_000, depth: 32)

    static func localTree(at url: URL) -> DirectoryTree? {
        var budget = directoryTreeLimits.entries
        return localTree(at: url, depth: 0, budget: &budget)
    }

    private static func localTree(at url: URL, depth: Int, budget: inout Int) -> DirectoryTree? {
        var isFolder: ObjCBool = false
        guard budget > 0, FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return nil }
        budget -= 1
        guard isFolder.boolValue else { return DirectoryTree(name: url.lastPathComponent, isDirectory: false) }
        guard depth < directoryTreeLimits.depth else { return DirectoryTree(name: url.lastPathComponent, isDirectory: true) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
        var children: [DirectoryTree] = []
        for name in names {
            guard budget > 0 else { break }
            if let child = localTree(at: url.appendingPathComponent(name), depth: depth + 1, budget: &budget) { children.append(child) }
        }
        return DirectoryTree(name: url.lastPathComponent, isDirectory: true, children: children)
    }

    /// The tree that `find -L ROOT -printf '%y\t%P\0'` printed: one record per entry, its type
    /// letter and its path below the root (empty for the root itself).
    static func tree(fromFind output: String, root: String) -> DirectoryTree? {
        var children: [String: [(name: String, isFolder: Bool)]] = [:]
        var rootIsFolder: Bool?
        for record in output.split(separator: "\0") {
            guard let tab = record.firstIndex(of: "\t") else { continue }
            let isFolder = record[..<tab] == "d"
            let relative = record[record.index(after: tab)...]
            guard !relative.isEmpty else {
                rootIsFolder = isFolder
                continue
            }
            let slash = relative.lastIndex(of: "/")
            let parent = slash.map { String(relative[..<$0]) } ?? ""
            let name = slash.map { String(relative[relative.index(after: $0)...]) } ?? String(relative)
            children[parent, default: []].append((name, isFolder))
        }
        guard let rootIsFolder else { return nil }
        func node(_ relative: String, name: String, isFolder: Bool) -> DirectoryTree {
            guard isFolder else { return DirectoryTree(name: name, isDirectory: false) }
            let prefix = relative.isEmpty ? "" : relative + "/"
            let entries = (children[relative] ?? []).sorted { $0.name < $1.name }
            return DirectoryTree(
                name: name, isDirectory: true,
                children: entries.map { node(prefix + $0.name, name: $0.name, isFolder: $0.isFolder) })
        }
        return node("", name: (root as NSString).lastPathComponent, isFolder: rootIsFolder)
    }
}
