import DeskgymSandbox
import Foundation
import Logging

/// Starts a new desktop for every session and reset, and stops it on release.
public struct FreshSessionFactory: SessionFactory {
    /// The parent of the session folders.
    public var root: URL

    public init(root: URL = DesktopSession.defaultRoot) {
        self.root = root
    }

    public func desktop(for config: VMConfig, logger: Logger) async throws -> DesktopSession {
        try await DesktopSession.start(config: config, root: root, logger: logger)
    }

    public func release(_ desktop: DesktopSession, logger: Logger) async {
        await desktop.stop()
    }
}
