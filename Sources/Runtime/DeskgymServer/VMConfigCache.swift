import DeskgymSandbox
import Foundation
import Synchronization

/// Parsed vm-configs by file, kept while the file's modification time stays the same: a create or
/// reset then reads no YAML (a warm lease's budget is a few milliseconds), yet an edited file is
/// read again.
final class VMConfigCache: Sendable {
    private let entries = Mutex<[String: (modified: Date, config: VMConfig)]>([:])

    /// The config in `url`, parsed once per version of the file.
    func load(_ url: URL) throws -> VMConfig {
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        if let hit = entries.withLock({ $0[url.path] }), hit.modified == modified { return hit.config }
        let config = try VMConfig.load(from: url)
        entries.withLock { $0[url.path] = (modified, config) }
        return config
    }
}
