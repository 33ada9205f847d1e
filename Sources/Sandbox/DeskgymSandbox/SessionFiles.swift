internal import CProcessControl
import Foundation

/// Files of a session read and written by this server without following the session's links out
/// of it: every path resolves beneath `root` (`openat2` with `RESOLVE_IN_ROOT`), so an absolute
/// symbolic link a program left, or a `..`, stays inside. With an `owner` (a sandbox's host uid)
/// a file is read only when its owner is that user or anyone may read it — what the session's
/// programs could read themselves, not what this server, often root, could — and what is written
/// becomes that user's.
struct SessionFiles: Sendable {
    /// The folder that stands for `/`: a sandbox's root (`/proc/PID/root`), or a HOME.
    let root: String
    /// The host uid of the session's programs; nil without a sandbox.
    let owner: Int?

    /// Linux's O_PATH (a descriptor that only names a place), which Glibc's module leaves out
    /// without _GNU_SOURCE.
    static let pathOnly: Int32 = 0o10_000_000

    /// The most a read returns: 512 MiB.
    static let readLimit = 512 << 20

    /// The file at `path` (absolute, within `root`), or nil when there is none.
    /// - Throws: ``SessionError`` for a folder, a device or pipe, a file the session's user may
    ///   not read, a file over ``readLimit``, or an error of the system.
    func read(_ path: String) throws -> Data? {
        guard let descriptor = try open(path, flags: O_RDONLY | O_NOCTTY | O_NONBLOCK, mode: 0, missingIsNil: true) else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("read", path, errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw failure("read", path, message: info.st_mode & S_IFMT == S_IFDIR ? "it is a folder" : "it is not a regular file")
        }
        if let owner, Int(info.st_uid) != owner, info.st_mode & S_IROTH == 0 {
            throw failure("read", path, message: "the session's user may not read it")
        }
        guard Int(info.st_size) <= Self.readLimit else {
            throw failure("read", path, message: "it holds \(info.st_size) bytes, more than \(Self.readLimit)")
        }
        return try handle.read(upToCount: Self.readLimit) ?? Data()
    }

    /// Whether anything is at `path`.
    func exists(_ path: String) -> Bool {
        guard let descriptor = try? open(path, flags: Self.pathOnly, mode: 0, missingIsNil: true) else { return false }
        close(descriptor)
        return true
    }

    /// Writes `data` to `path` (absolute, within `root`), replacing what was there and making the
    /// folders on the way; they and the file become ``owner``'s.
    func write(_ data: Data, to path: String) throws {
        let components = relative(path).split(separator: "/").map(String.init)
        guard !components.isEmpty else { throw failure("write", path, message: "it names no file") }
        // Each folder on the way: made when missing, beneath the root like everything else.
        for depth in 1..<max(components.count, 1) {
            let folder = "/" + components[0..<depth].joined(separator: "/")
            if exists(folder) { continue }
            let parent = "/" + components[0..<depth - 1].joined(separator: "/")
            guard let parentDescriptor = try open(parent, flags: Self.pathOnly | O_DIRECTORY, mode: 0, missingIsNil: false) else {
                continue
            }
            defer { close(parentDescriptor) }
            guard mkdirat(parentDescriptor, components[depth - 1], 0o755) == 0 || errno == EEXIST else {
                throw failure("make the folder", folder, errno)
            }
            if let owner { _ = fchownat(parentDescriptor, components[depth - 1], uid_t(owner), gid_t(owner), AT_SYMLINK_NOFOLLOW) }
        }
        guard let descriptor = try open(path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY, mode: 0o644, missingIsNil: false) else {
            throw failure("write", path, message: "it cannot be created")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        if let owner, fchown(descriptor, uid_t(owner), gid_t(owner)) != 0 { throw failure("give", path, errno) }
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw failure("write", path, message: "\(error)")
        }
    }

    /// `path` without its leading slashes: relative to the root.
    private func relative(_ path: String) -> String {
        String(path.drop(while: { $0 == "/" }))
    }

    private func open(_ path: String, flags: Int32, mode: mode_t, missingIsNil: Bool) throws -> Int32? {
        let rootDescriptor = Glibc.open(root, Self.pathOnly | O_DIRECTORY | O_CLOEXEC)
        guard rootDescriptor >= 0 else { throw failure("open", root, errno) }
        defer { close(rootDescriptor) }
        let target = relative(path)
        let descriptor = deskgym_open_in_root(rootDescriptor, target.isEmpty ? "." : target, flags, UInt32(mode))
        guard descriptor >= 0 else {
            if missingIsNil, errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("open", path, errno)
        }
        return descriptor
    }

    private func failure(_ operation: String, _ path: String, _ code: Int32) -> SessionError {
        failure(operation, path, message: String(cString: strerror(code)))
    }

    private func failure(_ operation: String, _ path: String, message: String) -> SessionError {
        SessionError(operation: "\(operation) \(path) in the session", kind: .filesystem(message))
    }
}
