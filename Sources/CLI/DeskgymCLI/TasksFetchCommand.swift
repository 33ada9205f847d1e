import ArgumentParser
import DeskgymTasks
import Foundation
import Logging

struct TasksFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch every file a folder of tasks downloads into the shared download cache.",
        discussion: """
            Collects the http(s) URLs of `download` steps and `cloud_file` getters and fetches each one \
            into the cache (DESKGYM_DOWNLOAD_CACHE, else $XDG_CACHE_HOME/deskgym/downloads, else \
            ~/.cache/deskgym/downloads), which every session then reads. Exits non-zero when any failed.
            """)

    @Argument(help: "A folder of task files (searched recursively), or one task file.")
    var folder: String
    @Flag(help: "Do not fetch: report which URLs the cache holds and which it misses.")
    var offline = false
    @Option(
        name: .customLong("mirror"),
        help: "PREFIX=URL: fetch URLs starting with PREFIX from URL instead (several allowed; URL may be file:///folder/).")
    var mirrors: [String] = []
    @Option(help: "The cache folder (default: DESKGYM_DOWNLOAD_CACHE, else $XDG_CACHE_HOME/deskgym/downloads).")
    var cache: String?

    func validate() throws {
        for mirror in mirrors where DownloadMirror(argument: mirror) == nil {
            throw ValidationError("--mirror '\(mirror)' is not PREFIX=URL (URL starting with http://, https:// or file://)")
        }
    }

    func run() async throws {
        let logger = makeLogger(level: .warning)
        var downloads = DownloadCache(environment: ProcessInfo.processInfo.environment)
        if let cache { downloads.folder = URL(fileURLWithPath: cache) }
        downloads.offline = downloads.offline || offline
        downloads.mirrors += mirrors.compactMap { DownloadMirror(argument: $0) }
        let prefetch = try DownloadPrefetch.collect(folder: URL(fileURLWithPath: folder))
        for (path, reason) in prefetch.skipped { emit("skipped \(path): \(reason)") }
        let verb = downloads.offline ? "looking up" : "fetching"
        emit(
            "\(verb) \(prefetch.items.count) URLs named by \(prefetch.taskFiles) task files in \(downloads.folder.path)")
        let total = prefetch.items.count
        let outcomes = await prefetch.run(cache: downloads, logger: logger) { index, item, outcome in
            let state: String
            switch outcome {
            case .hit(let file): state = "cached  \(Self.size(of: file))"
            case .fetched(let file): state = "fetched \(Self.size(of: file))"
            case .missing: state = "missing"
            case .failed: state = "FAILED "
            }
            emit("[\(index)/\(total)] \(state) \(item.url)")
        }
        let failures = outcomes.filter { !$0.1.succeeded }
        let hits = outcomes.count(where: { if case .hit = $0.1 { true } else { false } })
        let fetched = outcomes.count(where: { if case .fetched = $0.1 { true } else { false } })
        if downloads.offline {
            emit("\(total) URLs: \(hits) in the cache, \(failures.count) missing")
        } else {
            emit("\(total) URLs: \(hits) already in the cache, \(fetched) fetched, \(failures.count) failed")
        }
        for (item, outcome) in failures {
            switch outcome {
            case .missing(let error):
                emit("  \(item.url) (\(item.task)): \(error.kind.rawValue)")
            case .failed(let error):
                emit("  \(item.url) (\(item.task)): \(error.kind.rawValue): \(error.message)")
            case .hit, .fetched: break
            }
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    static func size(of file: URL) -> String {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        if bytes < 1 << 10 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
