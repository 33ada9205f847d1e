import DeskgymSandbox
import Foundation
import Logging

@testable import DeskgymTasks

/// Xvfb alone, no window manager: for the getters that read files.
let filesOnlyConfig = VMConfig(screen: .init(width: 320, height: 240, depth: 24), windowManager: nil, source: "test")

/// Runs `body` in a fresh session of `config` with a task context whose cache is a fresh folder;
/// the session stops and the folder goes afterwards, whether `body` throws or not.
func withTaskSession(
    _ config: VMConfig = filesOnlyConfig, logger: Logger, _ body: (DesktopSession, TaskContext) async throws -> Void
) async throws {
    let session = try await DesktopSession.start(config: config, logger: logger)
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-task-session-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: cache) }
    do {
        try await body(session, TaskContext(session: session, cacheFolder: cache, taskFolder: nil, logger: logger))
    } catch {
        await session.stop()
        throw error
    }
    await session.stop()
}
