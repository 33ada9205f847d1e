import DeskgymCore
import DeskgymTaskModel
import Foundation
import Logging

/// `deskgym tasks fetch`: the URLs a folder of task files downloads, fetched into the shared
/// cache ahead of the runs (or, offline, looked up in it).
public struct DownloadPrefetch: Sendable {
    /// The most task files examined in one folder.
    public static let maximumFiles = 100_000
    /// The largest task file read; OSWorld's largest is a few KiB.
    public static let maximumFileBytes: Int64 = 16 << 20
    /// The most distinct URLs collected from one folder.
    public static let maximumURLs = 100_000

    /// A URL and the first task file that names it.
    public struct Item: Sendable, Hashable {
        /// The URL as the task writes it.
        public var url: String
        /// The task file's path relative to the folder.
        public var task: String
    }

    /// What became of one URL.
    public enum Outcome: Sendable {
        /// It was already in the cache.
        case hit(URL)
        /// It was fetched into the cache.
        case fetched(URL)
        /// Offline, and not in the cache.
        case missing(DownloadError)
        /// The fetch failed.
        case failed(DownloadError)

        /// Whether the cache holds the file now.
        public var succeeded: Bool {
            switch self {
            case .hit, .fetched: true
            case .missing, .failed: false
            }
        }
    }

    /// The URLs to fetch, in order of the task files' paths.
    public var items: [Item]
    /// Files skipped (too large, unreadable, not loading as tasks) with the reason; JSON files
    /// that are not tasks (OSWorld's `test_all.json`) are left out silently.
    public var skipped: [(path: String, reason: String)]
    /// How many task files were read.
    public var taskFiles: Int

    /// Collects the URLs of every `*.json` task file under `folder` (recursively; hidden files
    /// and folders skipped), within the caps above.
    public static func collect(folder: URL) throws(CorpusError) -> DownloadPrefetch {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            throw CorpusError(folder: folder.path, message: "folder not found")
        }
        var paths: [String] = []
        if !isFolder.boolValue {
            paths = [""]
        } else {
            guard let enumerator = manager.enumerator(atPath: folder.path) else {
                throw CorpusError(folder: folder.path, message: "cannot list the folder")
            }
            // Both caps bound the walk: files kept, and entries visited (a tree of other files).
            var visited = 0
            while let path = enumerator.nextObject() as? String, paths.count < maximumFiles, visited < maximumFiles * 10 {
                visited += 1
                let components = path.split(separator: "/")
                if let last = components.last, last.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                if path.lowercased().hasSuffix(".json") { paths.append(path) }
            }
        }
        var prefetch = DownloadPrefetch(items: [], skipped: [], taskFiles: 0)
        var seen: Set<String> = []
        for path in paths.sorted() {
            let url = path.isEmpty ? folder : folder.appendingPathComponent(path)
            let shown = path.isEmpty ? folder.lastPathComponent : path
            guard let size = DownloadCache.size(of: url) else { continue }
            guard size <= maximumFileBytes else {
                prefetch.skipped.append((shown, "\(size) bytes, more than the \(maximumFileBytes) a task file may have"))
                continue
            }
            let task: OSWorldTask
            do {
                let bytes = [UInt8](try Data(contentsOf: url))
                let json = try JSONReader.parse(bytes)
                // OSWorld's index files (lists of task ids) are JSON but not tasks: not worth a line.
                guard let members = json.objectValue, members["id"] != nil || members["evaluator"] != nil else { continue }
                task = try OSWorldTask.parse(json: json, source: shown)
            } catch {
                prefetch.skipped.append((shown, "\(error)"))
                continue
            }
            prefetch.taskFiles += 1
            for link in task.downloadURLs where prefetch.items.count < maximumURLs {
                if seen.insert(DownloadCache.canonicalURL(link)).inserted { prefetch.items.append(Item(url: link, task: shown)) }
            }
        }
        return prefetch
    }

    /// Fetches (or, with an offline cache, looks up) every item in order, one at a time, calling
    /// `progress` after each with its position (from 1) and outcome.
    public func run(
        cache: DownloadCache, logger: Logger, progress: @Sendable (Int, Item, Outcome) -> Void
    ) async -> [(Item, Outcome)] {
        var outcomes: [(Item, Outcome)] = []
        for (index, item) in items.enumerated() {
            let outcome: Outcome
            if let hit = cache.cachedFile(for: item.url) {
                outcome = .hit(hit)
            } else {
                do {
                    outcome = .fetched(try await cache.file(for: item.url, logger: logger))
                } catch {
                    outcome = cache.offline ? .missing(error) : .failed(error)
                }
            }
            progress(index + 1, item, outcome)
            outcomes.append((item, outcome))
        }
        return outcomes
    }
}
