import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

/// `gimp_config_file` in a live session: the file of `~/.config/GIMP/2.10/` in the session's HOME,
/// as the session's own programs write it.
@Suite("gimp_config_file getter", .serialized, .timeLimit(.minutes(2)))
struct GIMPConfigGetterTests {
    @Test("copies ~/.config/GIMP/2.10/FILE into the cache as dest; nil when GIMP has not written it")
    func configFile() async throws {
        var logger = Logger(label: "deskgym.tests.gimp-getter")
        logger.logLevel = .warning
        let session = try await DesktopSession.start(
            config: VMConfig(screen: .init(width: 320, height: 240, depth: 24), windowManager: nil, source: "test"), logger: logger)
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-gimp-getter-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        do {
            let context = TaskContext(session: session, cacheFolder: cache, taskFolder: nil, logger: logger)
            let spec = GetterSpec(type: "gimp_config_file", fields: ["file_name": .string("gimprc"), "dest": .string("gimprc")])
            #expect(try await GetterRunner.fetch(spec, context: context) == .file(nil))
            // Written by a program of the session, in its own HOME, as GIMP would on quitting.
            let write = try await session.run(
                "mkdir -p ~/.config/GIMP/2.10 && printf '# GIMP gimprc\\n(undo-levels 100)\\n' > ~/.config/GIMP/2.10/gimprc")
            try #require(write.exitCode == 0, "\(write)")
            let fetched = try await GetterRunner.fetch(spec, context: context)
            #expect(fetched == .file(cache.appendingPathComponent("gimprc")))
            #expect(try String(contentsOf: cache.appendingPathComponent("gimprc"), encoding: .utf8) == "# GIMP gimprc\n(undo-levels 100)\n")
            let other = GetterSpec(type: "gimp_config_file", fields: ["file_name": .string("sessionrc"), "dest": .string("s")])
            #expect(try await GetterRunner.fetch(other, context: context) == .file(nil))
            await #expect(throws: (any Error).self) {
                try await GetterRunner.fetch(GetterSpec(type: "gimp_config_file", fields: ["dest": .string("x")]), context: context)
            }
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }
}
