import DeskgymCore
import DeskgymFileHost
import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.download-steps")
    logger.logLevel = .warning
    return logger
}()

/// `download` steps and `cloud_file` getters in a session, through the shared cache and a
/// loopback file host.
@Suite("Downloads in a session", .serialized, .timeLimit(.minutes(2)))
struct DownloadStepTests {
    @Test("download and cloud_file fetch through the shared cache; a file in the trajectory's cache wins; offline names step, URL and fix")
    func downloadsThroughCache() async throws {
        let host = try await FileHost.start(files: [
            "report.txt": Array("from the host\n".utf8), "gold.csv": Array("a,b\n1,2\n".utf8), "gold.xlsx": Array("xlsx".utf8),
            "local.txt": Array("host copy\n".utf8),
        ])
        let session = try await DesktopSession.start(
            config: VMConfig(screen: .init(width: 640, height: 480, depth: 24), windowManager: nil, source: "test"), logger: logger)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-download-steps-\(UUID())")
        let trajectoryCache = scratch.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: trajectoryCache, withIntermediateDirectories: true)
        try "trajectory copy\n".write(to: trajectoryCache.appendingPathComponent("local.txt"), atomically: true, encoding: .utf8)
        let shared = DownloadCache(folder: scratch.appendingPathComponent("shared"), retryDelay: .milliseconds(10))
        let context = TaskContext(session: session, cacheFolder: trajectoryCache, taskFolder: nil, downloads: shared, logger: logger)
        do {
            let files: [JSONValue] = [
                .object(["url": .string("\(host.baseURL)/files/report.txt"), "path": .string("/home/user/Downloads/report.txt")]),
                .object(["url": .string("\(host.baseURL)/files/local.txt"), "path": .string("/home/user/local.txt")]),
            ]
            try await SetupRunner.run(
                [SetupStep(type: "download", parameters: .object(["files": .array(files)]))], phase: "config", context: context)
            let home = session.home
            #expect(try String(contentsOf: home.appendingPathComponent("Downloads/report.txt"), encoding: .utf8) == "from the host\n")
            #expect(try String(contentsOf: home.appendingPathComponent("local.txt"), encoding: .utf8) == "trajectory copy\n")
            #expect(shared.cachedFile(for: "\(host.baseURL)/files/report.txt") != nil)
            #expect(shared.cachedFile(for: "\(host.baseURL)/files/local.txt") == nil)

            let getter = GetterSpec(
                type: "cloud_file",
                fields: [
                    "multi": .bool(true), "gives": .array([.number(0), .number(1)]),
                    "path": .array([.string("\(host.baseURL)/files/gold.xlsx"), .string("\(host.baseURL)/files/gold.csv")]),
                    "dest": .array([.string("gold_ru.xlsx"), .string("gold_ru.csv")]),
                ])
            let value = try await GetterRunner.fetch(getter, context: context)
            guard case .files(let given) = value else {
                Issue.record("cloud_file gave \(value)")
                throw CancellationError()
            }
            #expect(given.map { $0?.lastPathComponent } == ["gold_ru.xlsx", "gold_ru.csv"])
            #expect(try String(contentsOf: trajectoryCache.appendingPathComponent("gold_ru.csv"), encoding: .utf8) == "a,b\n1,2\n")

            var offline = context
            offline.downloads.offline = true
            let missing = "\(host.baseURL)/files/never-fetched.bin"
            let step = SetupStep(
                type: "download",
                parameters: .object(["files": .array([.object(["url": .string(missing), "path": .string("/home/user/n.bin")])])]))
            let error = await #expect(throws: TaskRunError.self) {
                try await SetupRunner.run([step], phase: "config", context: offline)
            }
            let text = error?.description ?? ""
            #expect(text.hasPrefix("config[0] (download): cannot get \(missing)"), "\(text)")
            #expect(text.contains(shared.location(for: missing).path))
            #expect(text.contains("deskgym tasks fetch"))
            let getterError = await #expect(throws: (any Error).self) {
                _ = try await GetterRunner.fetch(GetterSpec(type: "cloud_file", fields: ["path": .string(missing)]), context: offline)
            }
            #expect("\(getterError.map { "\($0)" } ?? "")".contains("getter cloud_file, path[0]: cannot get \(missing)"))
        } catch {
            await session.stop()
            await host.stop()
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
        await session.stop()
        await host.stop()
        try? FileManager.default.removeItem(at: scratch)
    }
}
