import Foundation
import Logging

/// The memory, process and CPU limits of one sandboxed session (`limits:` in the vm-config),
/// enforced through cgroups where this machine lets the server write them (v1 or v2), else
/// through an `RLIMIT_NPROC` on each program (processes only).
///
/// The session's cgroup is made under this server's own (so a container's limits still hold),
/// named after the session; every program the session starts is moved into it before it runs
/// anything (a shell writes its own pid to the cgroups, then becomes `nsenter`), so whatever it
/// forks stays there. The cgroup is removed with the session.
///
/// A session without limits still gets a cgroup where one can be made (v1 `cpuacct`, or v2),
/// for its accounting: the CPU time all its programs used, read from one file, and the list of
/// its processes, which tell whether the session is idle (``ActivityProbe``) without a scan of
/// every process of this machine.
final class SessionLimits: Sendable {
    /// How the limits are enforced.
    enum Mechanism: String, Sendable {
        case cgroupV1 = "cgroup v1"
        case cgroupV2 = "cgroup v2"
        case rlimits = "rlimits (processes only)"
        case none = "none"
    }

    let mechanism: Mechanism
    /// The cgroup folders made for the session (removed at the end).
    let folders: [String]
    /// The `cgroup.procs` files a program joins.
    let processFiles: [String]
    /// The process limit set with `ulimit -u` when no cgroup can carry it.
    let processRlimit: Int?
    /// Where the session's CPU time is read: v1 `cpuacct.usage` (nanoseconds) or v2 `cpu.stat`
    /// (`usage_usec`); nil without a cgroup.
    let usageFile: String?
    /// The `cgroup.procs` that lists the session's processes; nil without a cgroup.
    let membersFile: String?

    private init(
        mechanism: Mechanism, folders: [String], processFiles: [String], processRlimit: Int?, usageFile: String? = nil,
        membersFile: String? = nil
    ) {
        self.mechanism = mechanism
        self.folders = folders
        self.processFiles = processFiles
        self.processRlimit = processRlimit
        self.usageFile = usageFile
        self.membersFile = membersFile
    }

    /// No limits and no cgroup.
    static let unlimited = SessionLimits(mechanism: .none, folders: [], processFiles: [], processRlimit: nil)

    /// Makes the cgroups for `limits` named `name`, or falls back as the type says; without limits,
    /// a cgroup for accounting only (mechanism `none`) where one can be made.
    static func make(_ limits: VMConfig.Limits, name: String, logger: Logger) -> SessionLimits {
        if let made = try? cgroupV1(limits, name: name) { return made }
        if let made = try? cgroupV2(limits, name: name) { return made }
        guard !limits.isEmpty else { return .unlimited }
        logger.warning(
            "cannot write cgroups here: only the process limit is enforced (RLIMIT_NPROC)",
            metadata: ["session.limits": "\(limits)"])
        return SessionLimits(mechanism: .rlimits, folders: [], processFiles: [], processRlimit: limits.processes)
    }

    /// The command line that starts `arguments` inside the limits: a shell that joins the
    /// cgroups (or sets the rlimit) and then executes them; `arguments` as they are without limits.
    func wrap(_ arguments: [String]) -> [String] {
        guard let joining else { return arguments }
        return ["/bin/sh", "-c", joining + "exec \"$@\"", "deskgym-limits"] + processFiles + arguments
    }

    /// The command line of a ``HeldProgram``: a shell that joins the cgroups (or sets the rlimit),
    /// reads the sandbox's PID 1 from fd 3 and then executes `nsenter --target PID` with
    /// `enterArguments`; nil without limits (a program then needs no shell).
    func wrapHeld(_ enterArguments: [String]) -> [String]? {
        guard let joining else { return nil }
        let script = joining + "read -r target <&3 || exit 125; exec 3<&-; exec nsenter --target \"$target\" \"$@\""
        return ["/bin/sh", "-c", script, "deskgym-limits"] + processFiles + enterArguments
    }

    /// The shell lines that join the cgroups (`$1`…, shifted away after) or set the rlimit; nil
    /// when there is nothing to join.
    private var joining: String? {
        guard !processFiles.isEmpty || processRlimit != nil else { return nil }
        var script = ""
        for index in processFiles.indices { script += "echo $$ > \"$\(index + 1)\" || exit 125; " }
        if let processRlimit { script += "ulimit -u \(processRlimit) || exit 125; " }
        return script + "shift \(processFiles.count); "
    }

    /// Moves `pid` (a process that has started nothing yet) into the cgroups.
    func join(_ pid: pid_t) throws {
        for file in processFiles { try Self.write("\(pid)", to: file) }
    }

    /// Removes the cgroups once every process of the session has ended. The kernel refuses while
    /// the last ones are still being torn down (a loaded machine, a browser's dozen processes):
    /// it is tried for a second here, then for half a minute more without holding up the caller;
    /// what a killed server left is swept by the next session's ``make(_:name:logger:)``.
    func remove() async {
        var left: [String] = []
        for folder in folders.reversed() where !(await Self.removeFolder(folder, tries: 50)) { left.append(folder) }
        guard !left.isEmpty else { return }
        Task.detached {
            for folder in left { _ = await Self.removeFolder(folder, tries: 1500) }
        }
    }

    /// rmdir `folder`, `tries` times 20 ms apart at most; whether it is gone.
    private static func removeFolder(_ folder: String, tries: Int) async -> Bool {
        for _ in 0..<tries {
            if rmdir(folder) == 0 || errno == ENOENT { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Removes the empty `deskgym-…` cgroups in `parent` made more than `age` seconds ago (ten
    /// minutes unless given): what a server that was killed left (a live session's cgroup holds
    /// its init, so it is never empty, and rmdir refuses a cgroup with processes).
    static func sweep(_ parent: String, olderThan age: Int = 600) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        let now = time(nil)
        for entry in entries where entry.hasPrefix("deskgym-") {
            var info = stat()
            let path = parent + "/" + entry
            guard stat(path, &info) == 0, now - info.st_ctim.tv_sec > age else { continue }
            rmdir(path)
        }
    }

    // MARK: cgroup v1 and v2

    /// This process's cgroup path per v1 controller (and `""` for v2), from `/proc/self/cgroup`.
    private static func ownPaths() -> [String: String] {
        let text = (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? ""
        var paths: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            for controller in fields[1].split(separator: ",") { paths[String(controller)] = String(fields[2]) }
            if fields[1].isEmpty { paths[""] = String(fields[2]) }
        }
        return paths
    }

    private static func cgroupV1(_ limits: VMConfig.Limits, name: String) throws -> SessionLimits {
        let own = ownPaths()
        var wanted: [(controller: String, file: String, value: String)] = []
        if let memory = limits.memoryMiB {
            wanted.append(("memory", "memory.limit_in_bytes", "\(memory << 20)"))
        }
        if let processes = limits.processes { wanted.append(("pids", "pids.max", "\(processes)")) }
        if let shares = limits.cpuShares { wanted.append(("cpu", "cpu.shares", "\(shares)")) }
        // Accounting, limits or not.
        wanted.append(("cpuacct", "", ""))
        var folders: [String] = []
        do {
            for (controller, file, value) in wanted {
                let mount = "/sys/fs/cgroup/\(controller)"
                guard let path = own[controller], FileManager.default.fileExists(atPath: mount + "/cgroup.procs") else {
                    throw POSIXError(.ENOENT)
                }
                let parent = mount + (path == "/" ? "" : path)
                sweep(parent)
                let folder = parent + "/deskgym-\(name)"
                guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
                folders.append(folder)
                if !file.isEmpty { try write(value, to: folder + "/" + file) }
            }
        } catch {
            for folder in folders.reversed() { rmdir(folder) }
            throw error
        }
        let accounting = folders[folders.count - 1]
        return SessionLimits(
            mechanism: limits.isEmpty ? .none : .cgroupV1, folders: folders, processFiles: folders.map { $0 + "/cgroup.procs" },
            processRlimit: nil, usageFile: accounting + "/cpuacct.usage", membersFile: accounting + "/cgroup.procs")
    }

    private static func cgroupV2(_ limits: VMConfig.Limits, name: String) throws -> SessionLimits {
        let root = "/sys/fs/cgroup"
        guard FileManager.default.fileExists(atPath: root + "/cgroup.controllers"), let path = ownPaths()[""] else {
            throw POSIXError(.ENOENT)
        }
        let parent = root + (path == "/" ? "" : path)
        // Controllers must be enabled for the children of the server's cgroup.
        try? write("+memory +pids +cpu", to: parent + "/cgroup.subtree_control")
        sweep(parent)
        let folder = parent + "/deskgym-\(name)"
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
        do {
            if let memory = limits.memoryMiB { try write("\(memory << 20)", to: folder + "/memory.max") }
            if let processes = limits.processes { try write("\(processes)", to: folder + "/pids.max") }
            // cpu.weight is 1…10000 around 100, as cpu.shares is around 1024.
            if let shares = limits.cpuShares { try write("\(max(1, min(10_000, shares * 100 / 1024)))", to: folder + "/cpu.weight") }
        } catch {
            rmdir(folder)
            throw error
        }
        return SessionLimits(
            mechanism: limits.isEmpty ? .none : .cgroupV2, folders: [folder], processFiles: [folder + "/cgroup.procs"],
            processRlimit: nil, usageFile: folder + "/cpu.stat", membersFile: folder + "/cgroup.procs")
    }

    private static func write(_ value: String, to file: String) throws {
        let descriptor = open(file, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
        defer { close(descriptor) }
        let bytes = Array(value.utf8)
        guard Glibc.write(descriptor, bytes, bytes.count) == bytes.count else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}
