import Foundation
import Logging

/// System V shared-memory segments, as `/proc/sysvipc/shm` lists them.
enum SharedMemory {
    struct Segment: Sendable, Hashable {
        var id: Int32
        var creatorPID: Int32
        var attachments: Int
    }

    /// Every segment on the machine that this user can see.
    static func segments() -> [Segment] {
        guard let table = try? String(contentsOfFile: "/proc/sysvipc/shm", encoding: .utf8) else { return [] }
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // key shmid perms size cpid lpid nattch …
            guard fields.count > 6, let id = Int32(fields[1]), let creator = Int32(fields[4]),
                let attachments = Int(fields[6])
            else { return nil }
            return Segment(id: id, creatorPID: creator, attachments: attachments)
        }
    }

    /// Removes segments created by `pids` that no process has attached any more.
    static func removeOrphans(createdBy pids: Set<Int32>, logger: Logger) {
        for segment in segments() where pids.contains(segment.creatorPID) && segment.attachments == 0 {
            if shmctl(segment.id, IPC_RMID, nil) != 0 {
                logger.warning(
                    "cannot remove shared-memory segment",
                    metadata: ["shm.id": "\(segment.id)", "error": "\(String(cString: strerror(errno)))"])
            }
        }
    }
}
