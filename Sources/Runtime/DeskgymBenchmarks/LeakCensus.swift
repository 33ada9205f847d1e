import Foundation

/// What a server could leak, counted: this process's children, its open file descriptors, shared
/// memory segments it created, X lock and socket files, session folders and sessions' cgroups.
struct LeakCensus: Sendable {
    var children: Int
    var fileDescriptors: Int
    /// What each open descriptor is (`/proc/self/fd` link targets), to name what grew.
    var descriptorTargets: [String]
    var sharedMemory: Int
    var xLocks: Int
    var xSockets: Int
    var sessionFolders: Int
    /// Cgroups named `deskgym-…` (sessions' accounting and limits) under `/sys/fs/cgroup`.
    var cgroups: Int

    static func take(root: URL) -> LeakCensus {
        let me = getpid()
        let manager = FileManager.default
        var children = 0
        for entry in (try? manager.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != me,
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == me { children += 1 }
        }
        let shm = ((try? String(contentsOfFile: "/proc/sysvipc/shm", encoding: .utf8)) ?? "")
            .split(separator: "\n").dropFirst().filter { line in
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                return columns.count > 4 && Int32(columns[4]) == me  // cpid: created by this process
            }.count
        let tmp = (try? manager.contentsOfDirectory(atPath: "/tmp")) ?? []
        let descriptors = (try? manager.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        let targets = descriptors.compactMap { try? manager.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
        return LeakCensus(
            children: children,
            fileDescriptors: descriptors.count,
            descriptorTargets: targets,
            sharedMemory: shm,
            xLocks: tmp.filter { $0.hasPrefix(".X") && $0.hasSuffix("-lock") }.count,
            xSockets: ((try? manager.contentsOfDirectory(atPath: "/tmp/.X11-unix")) ?? []).count,
            sessionFolders: ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).count,
            cgroups: sessionCgroups(under: "/sys/fs/cgroup", depth: 0))
    }

    /// The `deskgym-…` folders under `folder`, looked for down to the server's own cgroup (a few
    /// levels: controller, container, pod).
    static func sessionCgroups(under folder: String, depth: Int) -> Int {
        guard depth < 5, let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
        var count = 0
        for entry in entries {
            let path = folder + "/" + entry
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            if entry.hasPrefix("deskgym-") { count += 1 } else { count += sessionCgroups(under: path, depth: depth + 1) }
        }
        return count
    }

    /// "nothing leaked" with the counts, or what grew.
    func difference(to after: LeakCensus) -> String {
        let rows: [(String, Int, Int)] = [
            ("child processes", children, after.children),
            ("file descriptors", fileDescriptors, after.fileDescriptors),
            ("shm segments", sharedMemory, after.sharedMemory),
            ("X lock files", xLocks, after.xLocks), ("X sockets", xSockets, after.xSockets),
            ("session folders", sessionFolders, after.sessionFolders), ("cgroups", cgroups, after.cgroups),
        ]
        let counts = rows.map { "\($0.0) \($0.1)→\($0.2)" }.joined(separator: ", ")
        let grew = rows.filter { $0.2 > $0.1 }
        var newDescriptors = after.descriptorTargets
        for target in descriptorTargets {
            if let index = newDescriptors.firstIndex(of: target) { newDescriptors.remove(at: index) }
        }
        let kinds = newDescriptors.isEmpty ? "" : "; new descriptors: " + newDescriptors.sorted().joined(separator: ", ")
        return (grew.isEmpty ? "nothing leaked" : "LEAKED: " + grew.map(\.0).joined(separator: ", ")) + " (" + counts + kinds + ")"
    }
}
